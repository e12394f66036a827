package program

import (
	"slices"
	"strings"
	"testing"
)

// TestNATSwitchThroughTheEngine switches natGateways between single,
// instance and perAz through the real Pulumi CLI and engine, with a
// stand-in AWS provider (offlineEngine: set PULUMI_OFFLINE; a few minutes): each preview may
// create, update or delete NAT resources, update the private default
// routes in place (never replace them: that would fail on AWS, the old
// route holding the destination) and the test listener's prefix list of
// NAT addresses, and touch nothing else, subnets least of all. Then two
// unrelated changes (the container instances' type, a third zone) leave
// the NAT instance alone.
func TestNATSwitchThroughTheEngine(t *testing.T) {
	e := newOfflineEngine(t)
	e.initStack("dev")
	set := func(key, value string) { e.set("dev", key, value) }
	natTypes := []string{
		"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/networkInterface:NetworkInterface",
		"aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:iam/role:Role",
		"aws:iam/rolePolicy:RolePolicy", "aws:iam/instanceProfile:InstanceProfile",
		"aws:ec2/launchTemplate:LaunchTemplate", "aws:autoscaling/group:Group",
	}

	set("natGateways", "single")
	e.up("dev")
	// Every switch, both ways; single and perAz share the first zone's NAT
	// gateway and route.
	for _, sw := range []struct {
		to     string
		routes int
	}{{"instance", 2}, {"perAz", 2}, {"instance", 2}, {"single", 2}, {"perAz", 1}, {"single", 1}, {"instance", 2}} {
		to := sw.to
		set("natGateways", to)
		var routes, nat int
		for _, s := range e.preview("dev") {
			typ, name := s.typeAndName()
			switch {
			case typ == "aws:ec2/route:Route" && strings.HasSuffix(name, "-nat") && s.Op == "update":
				routes++
			case typ == "aws:ec2/managedPrefixList:ManagedPrefixList" && s.Op == "update" && slices.Equal(s.DiffReasons, []string{"entries"}):
			case slices.Contains(natTypes, typ) && strings.HasPrefix(name, "vpc-nat") && s.Op != "replace":
				nat++
			default:
				t.Errorf("natGateways → %s: %s %s %s %v, want only NAT resources, routes and the NAT addresses' prefix list", to, s.Op, typ, name, s.DiffReasons)
			}
		}
		t.Logf("natGateways → %s: %d NAT resources created or deleted, %d routes updated in place", to, nat, routes)
		if routes != sw.routes || nat == 0 {
			t.Errorf("natGateways → %s: %d routes updated, %d NAT resources changed; want %d routes and some", to, routes, nat, sw.routes)
		}
		e.up("dev")
	}
	// With the NAT instance: changes elsewhere leave it alone.
	for _, change := range [][2]string{{"instanceType", "t4g.medium"}, {"azCount", "3"}} {
		set(change[0], change[1])
		for _, s := range e.preview("dev") {
			if typ, name := s.typeAndName(); strings.HasPrefix(name, "vpc-nat") || (slices.Contains(natTypes, typ) && strings.Contains(name, "nat")) {
				t.Errorf("%s %s: %s %s %s, want the NAT instance left alone", change[0], change[1], s.Op, typ, name)
			}
		}
		e.up("dev")
	}
	e.expectNoChanges("dev")
}
