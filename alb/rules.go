package alb

import (
	"fmt"
	"strconv"
	"strings"
)

// Host ports of bridge-mode tasks with dynamic port mapping (host port 0)
// come from this ephemeral range; the load balancer's only egress is to this
// range inside the VPC.
const (
	HostPortRangeFrom = 32768
	HostPortRangeTo   = 65535
)

// ruleSpec is one rule of the load balancer's security group, always TCP.
type ruleSpec struct {
	// Suffix is appended to the component's name to name the rule
	// resource. It holds the direction, ports and CIDR block, so a rule's
	// name depends on nothing but its own content: reordering a CIDR list
	// renames nothing, and no rule is recreated beside a twin that AWS
	// would refuse as a duplicate.
	Suffix      string
	Egress      bool
	FromPort    int
	ToPort      int
	CIDR        string
	Description string
}

// listenerPort is a port the load balancer listens on and what it serves.
type listenerPort struct {
	Port int
	Role string // for the rule's description
}

// planRules returns the security group's rules: each listener port open to
// its CIDR blocks, one rule per block and port, and one egress rule to the
// tasks' host ports in the VPC. Ingress rules come first, in the order of
// ports and then blocks.
func planRules(prodPorts []listenerPort, ingressCIDRs []string, test listenerPort, testCIDRs []string, vpcCIDR string) []ruleSpec {
	var rules []ruleSpec
	in := func(p listenerPort, cidr string) {
		rules = append(rules, ruleSpec{
			Suffix:      "-in-" + strconv.Itoa(p.Port) + "-" + cidrName(cidr),
			FromPort:    p.Port,
			ToPort:      p.Port,
			CIDR:        cidr,
			Description: fmt.Sprintf("%s from %s", p.Role, cidr),
		})
	}
	for _, p := range prodPorts {
		for _, c := range ingressCIDRs {
			in(p, c)
		}
	}
	for _, c := range testCIDRs {
		in(test, c)
	}
	rules = append(rules, ruleSpec{
		Suffix:      fmt.Sprintf("-out-%d-%d-%s", HostPortRangeFrom, HostPortRangeTo, cidrName(vpcCIDR)),
		Egress:      true,
		FromPort:    HostPortRangeFrom,
		ToPort:      HostPortRangeTo,
		CIDR:        vpcCIDR,
		Description: "to bridge-mode task host ports in the VPC",
	})
	return rules
}

// cidrName turns a CIDR block into a resource-name fragment:
// 10.0.0.0/16 becomes 10.0.0.0-16.
func cidrName(cidr string) string {
	return strings.ReplaceAll(cidr, "/", "-")
}
