package network

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var zones = []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f", "us-east-1g", "us-east-1h"}

func TestPlanSubnetsLayout(t *testing.T) {
	t.Parallel()
	plan, err := PlanSubnets("10.0.0.0/16", zones[:3])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, s := range append(plan.Private, plan.Public...) {
		got[string(s.Tier)] = append(got[string(s.Tier)], s.AvailabilityZone+"="+s.CIDR.String())
	}
	want := map[string][]string{
		"private": {"us-east-1a=10.0.0.0/20", "us-east-1b=10.0.16.0/20", "us-east-1c=10.0.32.0/20"},
		"public":  {"us-east-1a=10.0.128.0/20", "us-east-1b=10.0.144.0/20", "us-east-1c=10.0.160.0/20"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PlanSubnets(10.0.0.0/16, 3 zones) mismatch (-want +got):\n%s", diff)
	}
}

// TestPlanSubnetsProperties checks the plan's laws over every allowed prefix
// length, random VPC addresses and every zone count: subnets never overlap,
// all lie inside the VPC, there is one per zone and tier in zone order, and
// public subnets are large enough for a load balancer (/27 or larger).
func TestPlanSubnetsProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for bits := MinVPCPrefixLen; bits <= MaxVPCPrefixLen; bits++ {
		for range 50 {
			vpc := randomVPC(rng, bits)
			for n := 1; n <= MaxAZs; n++ {
				plan, err := PlanSubnets(vpc.String(), zones[:n])
				if err != nil {
					t.Fatalf("PlanSubnets(%s, %d zones): %v", vpc, n, err)
				}
				checkPlanLaws(t, vpc, zones[:n], plan)
			}
		}
	}
}

func checkPlanLaws(t *testing.T, vpc netip.Prefix, azs []string, plan SubnetPlan) {
	t.Helper()
	if len(plan.Public) != len(azs) || len(plan.Private) != len(azs) {
		t.Fatalf("PlanSubnets(%s, %d zones) = %d public, %d private subnets, want %d each", vpc, len(azs), len(plan.Public), len(plan.Private), len(azs))
	}
	all := append(append([]PlannedSubnet{}, plan.Public...), plan.Private...)
	for i, s := range all {
		if !vpc.Contains(s.CIDR.Addr()) || s.CIDR.Bits() < vpc.Bits() {
			t.Errorf("PlanSubnets(%s): subnet %s lies outside the VPC", vpc, s.CIDR)
		}
		if s.CIDR.Bits() > 27 {
			t.Errorf("PlanSubnets(%s): subnet %s is smaller than /27", vpc, s.CIDR)
		}
		if s.CIDR.Masked() != s.CIDR {
			t.Errorf("PlanSubnets(%s): subnet %s is not a network address", vpc, s.CIDR)
		}
		for _, o := range all[i+1:] {
			if s.CIDR.Overlaps(o.CIDR) {
				t.Errorf("PlanSubnets(%s): %s (%s %s) overlaps %s (%s %s)", vpc, s.CIDR, s.Tier, s.AvailabilityZone, o.CIDR, o.Tier, o.AvailabilityZone)
			}
		}
	}
	for i, az := range azs {
		for _, s := range []PlannedSubnet{plan.Public[i], plan.Private[i]} {
			if s.AvailabilityZone != az || s.Index != i {
				t.Errorf("PlanSubnets(%s): %s subnet %d is in %s (index %d), want %s", vpc, s.Tier, i, s.AvailabilityZone, s.Index, az)
			}
		}
		if plan.Public[i].Tier != TierPublic || plan.Private[i].Tier != TierPrivate {
			t.Errorf("PlanSubnets(%s): subnet %d tiers = %s, %s", vpc, i, plan.Public[i].Tier, plan.Private[i].Tier)
		}
	}
}

// TestPlanSubnetsStableAsZonesGrow is the property that protects a running
// service: growing the zone count keeps every existing subnet's CIDR, zone and
// index, so `pulumi up` adds subnets and replaces none.
func TestPlanSubnetsStableAsZonesGrow(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for bits := MinVPCPrefixLen; bits <= MaxVPCPrefixLen; bits++ {
		vpc := randomVPC(rng, bits)
		for n := 1; n < MaxAZs; n++ {
			small, err := PlanSubnets(vpc.String(), zones[:n])
			if err != nil {
				t.Fatal(err)
			}
			big, err := PlanSubnets(vpc.String(), zones[:n+1])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(small.Public, big.Public[:n], cmp.Comparer(prefixEqual)); diff != "" {
				t.Errorf("growing %s from %d to %d zones changed public subnets (-before +after):\n%s", vpc, n, n+1, diff)
			}
			if diff := cmp.Diff(small.Private, big.Private[:n], cmp.Comparer(prefixEqual)); diff != "" {
				t.Errorf("growing %s from %d to %d zones changed private subnets (-before +after):\n%s", vpc, n, n+1, diff)
			}
		}
	}
}

func prefixEqual(a, b netip.Prefix) bool { return a == b }

// randomVPC returns a random block of the given size that AWS accepts for
// a VPC: outside the ranges it refuses and Docker's bridge.
func randomVPC(rng *rand.Rand, bits int) netip.Prefix {
	refused := []netip.Prefix{dockerBridge}
	for _, r := range vpcRefusedRanges {
		refused = append(refused, r.prefix)
	}
	for {
		u := rng.Uint32()
		a := netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
		p := netip.PrefixFrom(a, bits).Masked()
		if !slices.ContainsFunc(refused, p.Overlaps) {
			return p
		}
	}
}

// TestParseVPCCIDRRefusedRanges checks the blocks AWS refuses for a VPC,
// at their edges: each refused range, and the blocks just outside it.
func TestParseVPCCIDRRefusedRanges(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		cidr string
		want string // a fragment of the error; "" when accepted
	}{
		"this network":              {"0.0.0.0/16", `"0.0.0.0/16" overlaps 0.0.0.0/8 ("this network"), which AWS refuses for a VPC`},
		"this network, last block":  {"0.255.0.0/16", "overlaps 0.0.0.0/8"},
		"just after this network":   {"1.0.0.0/16", ""},
		"just before loopback":      {"126.255.0.0/16", ""},
		"loopback":                  {"127.0.0.0/16", "overlaps 127.0.0.0/8 (loopback)"},
		"loopback, small":           {"127.255.254.0/23", "overlaps 127.0.0.0/8 (loopback)"},
		"just after loopback":       {"128.0.0.0/16", ""},
		"link-local":                {"169.254.0.0/16", "overlaps 169.254.0.0/16 (link-local, where the instance metadata service lives)"},
		"inside link-local":         {"169.254.128.0/20", "overlaps 169.254.0.0/16"},
		"beside link-local":         {"169.253.0.0/16", ""},
		"after link-local":          {"169.255.0.0/16", ""},
		"just before multicast":     {"223.255.0.0/16", ""},
		"multicast":                 {"224.0.0.0/16", "overlaps 224.0.0.0/4 (multicast)"},
		"multicast, last block":     {"239.255.0.0/16", "overlaps 224.0.0.0/4"},
		"reserved":                  {"240.0.0.0/16", "overlaps 240.0.0.0/4 (reserved, and the broadcast address)"},
		"broadcast":                 {"255.255.254.0/23", "overlaps 240.0.0.0/4"},
		"Docker's bridge":           {"172.17.0.0/16", "overlaps 172.17.0.0/16, Docker's bridge network"},
		"inside Docker's bridge":    {"172.17.8.0/21", "Docker's bridge"},
		"beside Docker's bridge":    {"172.16.0.0/16", ""},
		"RFC 1918":                  {"10.0.0.0/16", ""},
		"public space AWS accepts":  {"100.64.0.0/16", ""},
		"the suggested alternative": {"192.168.0.0/20", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseVPCCIDR(tc.cidr)
			if tc.want == "" {
				if err != nil || p.String() != tc.cidr {
					t.Errorf("ParseVPCCIDR(%q) = %v, %v; want %s", tc.cidr, p, err, tc.cidr)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseVPCCIDR(%q) = %v, %v; want an error containing %q", tc.cidr, p, err, tc.want)
			}
			if p.IsValid() {
				t.Errorf("ParseVPCCIDR(%q) returned %v with its error, want the zero prefix", tc.cidr, p)
			}
		})
	}
}

func TestPlanSubnetsErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		cidr string
		azs  []string
		want string // a fragment the error must contain
	}{
		"not a cidr":        {cidr: "10.0.0.0", azs: zones[:2], want: `"10.0.0.0" is not a CIDR block`},
		"garbage":           {cidr: "ten", azs: zones[:2], want: `"ten" is not a CIDR block`},
		"ipv6":              {cidr: "fd00::/56", azs: zones[:2], want: "is not IPv4"},
		"host bits":         {cidr: "10.0.0.1/16", azs: zones[:2], want: "network address is 10.0.0.0/16"},
		"too large":         {cidr: "10.0.0.0/8", azs: zones[:2], want: "/16 to /23"},
		"too small":         {cidr: "10.0.0.0/24", azs: zones[:2], want: "/16 to /23"},
		"docker bridge":     {cidr: "172.17.0.0/16", azs: zones[:2], want: "Docker's bridge"},
		"inside docker":     {cidr: "172.16.0.0/16", azs: zones[:2], want: ""},
		"no zones":          {cidr: "10.0.0.0/16", azs: nil, want: "no availability zones"},
		"too many zones":    {cidr: "10.0.0.0/16", azs: append(zones[:MaxAZs:MaxAZs], "x"), want: "room for 8"},
		"duplicate zone":    {cidr: "10.0.0.0/16", azs: []string{"a", "b", "a"}, want: `"a" is listed twice`},
		"empty zone":        {cidr: "10.0.0.0/16", azs: []string{"a", ""}, want: "zone 1 is empty"},
		"smallest accepted": {cidr: "192.168.0.0/23", azs: zones[:2], want: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := PlanSubnets(tc.cidr, tc.azs)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("PlanSubnets(%q, %v) = %v, want no error", tc.cidr, tc.azs, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("PlanSubnets(%q, %v) = %v, want an error containing %q", tc.cidr, tc.azs, err, tc.want)
			}
		})
	}
}

func ExamplePlanSubnets() {
	plan, err := PlanSubnets("10.0.0.0/16", []string{"ap-northeast-2a", "ap-northeast-2c"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range append(plan.Public, plan.Private...) {
		fmt.Println(s.Tier, s.AvailabilityZone, s.CIDR)
	}
	// Output:
	// public ap-northeast-2a 10.0.128.0/20
	// public ap-northeast-2c 10.0.144.0/20
	// private ap-northeast-2a 10.0.0.0/20
	// private ap-northeast-2c 10.0.16.0/20
}
