package network

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// What the NAT instance (NATInstance) boots and may do: its image, its
// instance type, the ports it forwards, its role's trust policy and the
// user data that turns Amazon Linux 2023 into a NAT. Pure: no pulumi
// import.

// NATInstanceImageParameter is the SSM parameter AWS publishes with the
// latest Amazon Linux 2023 image for arm64 (Graviton). The NAT instance's
// launch template resolves it at each launch, so a replacement boots the
// current image and `pulumi up` sees no change when AWS publishes one.
const NATInstanceImageParameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"

// DefaultNATInstanceType is VPCArgs.NATInstanceType when that is empty: a
// Graviton nano, 2 vCPUs (burstable) and 512 MiB, with up to 5 Gbps of
// network bandwidth in bursts.
const DefaultNATInstanceType = "t4g.nano"

// NATInstanceHTTPSPort is the TCP port the NAT instance always forwards and
// uses itself: AWS's APIs (the ECS agent, ECR, Session Manager), image
// registries and Amazon Linux's package repositories are all HTTPS.
const NATInstanceHTTPSPort = 443

// natInstanceRootVolumeGiB is the NAT instance's root volume: the size of
// the Amazon Linux 2023 image's snapshot.
const natInstanceRootVolumeGiB = 8

// maxNATInstancePorts keeps the NAT instance's security group within AWS's
// default quota of 60 rules each way (one rule a port).
const maxNATInstancePorts = 60

// gravitonTypePattern is the shape of a Graviton (arm64) instance type: a
// family whose generation digit is followed by "g" (t4g, m7g, c7gn, r8g,
// m6gd, x2gd, im4gn, is4gen), then the size. The NAT instance boots the
// arm64 image, which other types cannot run.
var gravitonTypePattern = regexp.MustCompile(`^[a-z]+[0-9]+g[a-z]*\.[a-z0-9]+$`)

// checkNATInstanceType reports a NATInstanceType that is not a Graviton
// type.
func checkNATInstanceType(errs *argcheck.List, name string) {
	if !gravitonTypePattern.MatchString(name) {
		errs.Add("NATInstanceType", name, DefaultNATInstanceType,
			"is not a Graviton (arm64) instance type, which the NAT instance's arm64 Amazon Linux 2023 image needs: use family.size of a Graviton family, such as t4g.nano or t4g.micro")
	}
}

// checkNATInstancePorts reports ports outside 1..65535, repeated ones, and
// more than a security group holds. Listing 443 is harmless: it is always
// forwarded.
func checkNATInstancePorts(errs *argcheck.List, ports []int) {
	for i, p := range ports {
		field := fmt.Sprintf("NATInstancePorts[%d]", i)
		switch {
		case p < 1 || p > 65535:
			errs.Range(field, p, 1, 65535, "")
		case slices.Index(ports, p) < i:
			errs.Add(field, p, nil, "is also NATInstancePorts[%d]: list each port once", slices.Index(ports, p))
		}
	}
	if n := len(natInstancePorts(ports)); n > maxNATInstancePorts {
		errs.Add("len(NATInstancePorts)", len(ports), maxNATInstancePorts-1,
			"is too many: with 443 the security group would need %d rules each way, more than AWS's default quota of %d", n, maxNATInstancePorts)
	}
}

// natInstancePorts returns the TCP ports the NAT instance forwards, sorted:
// NATInstanceHTTPSPort and the valid ports of extra.
func natInstancePorts(extra []int) []int {
	out := []int{NATInstanceHTTPSPort}
	for _, p := range extra {
		if p >= 1 && p <= 65535 && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// natInstanceTrustPolicy lets EC2 instances assume the NAT instance's role.
func natInstanceTrustPolicy() string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{"ec2.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole"},
	}).JSON()
}

// natInstanceScriptTemplate is the NAT instance's user data. It turns on
// IPv4 forwarding (now and at every boot), installs iptables with the
// service that restores its rules at boot (AWS's NAT instance procedure for
// Amazon Linux 2023, which ships neither), and masquerades what the VPC
// sends to the internet behind the primary interface's address: the fixed
// network interface the private subnets route to, whose Elastic IP is the
// NAT's public address. It forwards only traffic from the VPC to outside
// it, and the replies. A setup that fails stops the instance, so that the
// Auto Scaling group replaces it rather than keep a NAT that forwards
// nothing. {{VPC}} is the VPC's CIDR block: the only input, so the script
// changes only when the VPC does.
const natInstanceScriptTemplate = `#!/bin/bash
# NAT instance (ecs-bluegreen network.VPC, NATInstance): forwards the VPC's
# outbound traffic to the internet, masqueraded behind this instance's address.
set -euo pipefail
trap 'echo "nat-instance: setup failed; stopping so that the Auto Scaling group replaces this instance" >&2; shutdown -h now' ERR

vpc={{VPC}}

# Forward IPv4 packets, now and after every reboot.
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat-instance.conf
sysctl --quiet --load /etc/sysctl.d/90-nat-instance.conf

# The primary interface: the fixed network interface the private subnets route to.
iface=$(ip -o -4 route show to default | awk '{print $5; exit}')
test -n "$iface"

# iptables and the service that restores its rules at boot. The package
# repositories are reached over HTTPS through the interface's Elastic IP.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  dnf install -y iptables-services && break
  echo "nat-instance: dnf install failed (attempt $attempt), retrying" >&2
  sleep 10
done

cat > /etc/sysconfig/iptables <<EOF
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o $iface -s $vpc ! -d $vpc -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -i $iface -o $iface -s $vpc ! -d $vpc -j ACCEPT
COMMIT
EOF
systemctl enable iptables
systemctl restart iptables
echo "nat-instance: forwarding $vpc through $iface"
`

// natInstanceScript returns the NAT instance's user data script for a VPC
// block (a valid CIDR: validate checked it).
func natInstanceScript(vpcCIDR string) string {
	return strings.ReplaceAll(natInstanceScriptTemplate, "{{VPC}}", vpcCIDR)
}

// natInstanceUserData is natInstanceScript as a launch template takes it:
// base64.
func natInstanceUserData(vpcCIDR string) string {
	return base64.StdEncoding.EncodeToString([]byte(natInstanceScript(vpcCIDR)))
}
