package network

import (
	"errors"
	"fmt"
	"net/netip"
)

// MaxAZs is the number of availability-zone slots the subnet plan reserves in
// each tier. Every AWS region has at most six zones; the plan keeps eight
// slots so that the address of a zone's subnets never depends on how many
// zones are in use.
const MaxAZs = 8

// subnetBits is how many bits the plan adds to the VPC prefix: 2 tiers × MaxAZs
// slots = 16 equal blocks.
const subnetBits = 4

// MinVPCPrefixLen and MaxVPCPrefixLen bound the VPC's prefix length. AWS
// accepts /16 to /28; an Application Load Balancer needs subnets of /27 or
// larger, and the plan splits the VPC into 16 equal blocks, so the VPC must be
// /23 or larger.
const (
	MinVPCPrefixLen = 16
	MaxVPCPrefixLen = 27 - subnetBits
)

// Tier says whether a subnet routes to the internet directly (public) or
// through a NAT gateway (private).
type Tier string

// The subnet tiers.
const (
	TierPublic  Tier = "public"
	TierPrivate Tier = "private"
)

// PlannedSubnet is one subnet of a SubnetPlan.
type PlannedSubnet struct {
	Tier             Tier
	Index            int    // the zone's position in the plan's zone list, from 0
	AvailabilityZone string // the zone's name, such as "us-east-1a"
	CIDR             netip.Prefix
}

// SubnetPlan is the address plan of a VPC: one public and one private subnet
// per availability zone.
type SubnetPlan struct {
	VPC     netip.Prefix
	Public  []PlannedSubnet // in zone order
	Private []PlannedSubnet // in zone order
}

// PlanSubnets lays out one public and one private subnet for each zone in azs.
//
// The layout is stable: the subnets of zone i depend only on the VPC's CIDR
// and on i, never on len(azs). Private subnet i takes block i of the VPC split
// into 16 equal blocks, public subnet i takes block MaxAZs+i. Adding a zone to
// the end of azs therefore adds two subnets and changes none. For 10.0.0.0/16
// the subnets are /20s: private 10.0.0.0/20, 10.0.16.0/20, ...; public
// 10.0.128.0/20, 10.0.144.0/20, ...
func PlanSubnets(vpcCIDR string, azs []string) (SubnetPlan, error) {
	vpc, err := ParseVPCCIDR(vpcCIDR)
	if err != nil {
		return SubnetPlan{}, err
	}
	if err := checkZones(azs); err != nil {
		return SubnetPlan{}, err
	}
	plan := SubnetPlan{VPC: vpc}
	for i, az := range azs {
		plan.Private = append(plan.Private, PlannedSubnet{Tier: TierPrivate, Index: i, AvailabilityZone: az, CIDR: block(vpc, i)})
		plan.Public = append(plan.Public, PlannedSubnet{Tier: TierPublic, Index: i, AvailabilityZone: az, CIDR: block(vpc, MaxAZs+i)})
	}
	return plan, nil
}

// ParseVPCCIDR parses an IPv4 VPC CIDR block and checks that AWS accepts it
// as a VPC's primary block and that the subnet plan fits in it. The error
// says what is wrong and what would be accepted.
func ParseVPCCIDR(s string) (netip.Prefix, error) {
	p, problem := vpcCIDRProblem(s)
	if problem != "" {
		return netip.Prefix{}, fmt.Errorf("%q %s", s, problem)
	}
	return p, nil
}

// vpcCIDRProblem parses s and returns what is wrong with it as a VPC block,
// "" when nothing is.
func vpcCIDRProblem(s string) (netip.Prefix, string) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		return p, "is not a CIDR block: write an IPv4 network and prefix length such as 10.0.0.0/16"
	case !p.Addr().Is4():
		return p, "is not IPv4: the VPC's primary CIDR block must be IPv4, such as 10.0.0.0/16"
	case p.Masked() != p:
		return p, fmt.Sprintf("has host bits set: its network address is %s", p.Masked())
	case p.Bits() < MinVPCPrefixLen || p.Bits() > MaxVPCPrefixLen:
		return p, fmt.Sprintf("has prefix length /%d: the VPC must be /%d to /%d (AWS allows /16 at most; the plan's 16 subnets must be /27 or larger for a load balancer)",
			p.Bits(), MinVPCPrefixLen, MaxVPCPrefixLen)
	}
	for _, r := range vpcRefusedRanges {
		if p.Overlaps(r.prefix) {
			return p, fmt.Sprintf("overlaps %s (%s), which AWS refuses for a VPC: use private space such as 10.0.0.0/16 or 192.168.0.0/20", r.prefix, r.what)
		}
	}
	if p.Overlaps(dockerBridge) {
		return p, fmt.Sprintf("overlaps %s, Docker's bridge network on ECS instances: containers in bridge mode could not reach addresses there; choose another range such as 10.0.0.0/16", dockerBridge)
	}
	return p, ""
}

// vpcRefusedRanges are the IPv4 ranges AWS refuses in a VPC's CIDR block.
// (Other public space is allowed, but its internet addresses become
// unreachable from the VPC; RFC 1918 space is the usual choice.)
var vpcRefusedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local, where the instance metadata service lives"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved, and the broadcast address"},
}

// dockerBridge is the docker0 network of ECS-optimized instances. AWS advises
// against VPC ranges that overlap it.
var dockerBridge = netip.MustParsePrefix("172.17.0.0/16")

func checkZones(azs []string) error {
	if len(azs) == 0 {
		return errors.New("no availability zones: give at least one")
	}
	if len(azs) > MaxAZs {
		return fmt.Errorf("%d availability zones: the subnet plan has room for %d", len(azs), MaxAZs)
	}
	seen := make(map[string]int, len(azs))
	for i, az := range azs {
		if az == "" {
			return fmt.Errorf("availability zone %d is empty", i)
		}
		if j, dup := seen[az]; dup {
			return fmt.Errorf("availability zone %q is listed twice (positions %d and %d)", az, j, i)
		}
		seen[az] = i
	}
	return nil
}

// block returns the i-th of the 16 equal blocks of vpc.
func block(vpc netip.Prefix, i int) netip.Prefix {
	bits := vpc.Bits() + subnetBits
	a := vpc.Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	n += uint32(i) << (32 - bits)
	addr := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	return netip.PrefixFrom(addr, bits)
}
