package plan

import (
	"strings"
	"testing"
)

// natInstanceStack is costStack's shape with a NAT instance instead of the
// NAT gateway: an interface with the source/destination check off in the
// public subnet, its Elastic IP, a launch template that boots a t4g.nano
// with an 8 GiB gp3 root volume on the interface, and an Auto Scaling
// group of one that waits for it; the private subnet routes to the
// interface.
func natInstanceStack() []Resource {
	s := &stack{}
	vpc := s.add(typeVPC, "vpc", inputs(map[string]any{"cidrBlock": "10.0.0.0/16"}))
	igw := s.add(typeInternetGateway, "vpc-igw", deps(vpc))
	pub := s.add(typeSubnet, "vpc-public-0", deps(vpc), id("subnet-pub"), inputs(map[string]any{"availabilityZone": "zz-1a", "cidrBlock": "10.0.128.0/20"}))
	priv := s.add(typeSubnet, "vpc-private-0", deps(vpc), id("subnet-priv"), inputs(map[string]any{"availabilityZone": "zz-1a", "cidrBlock": "10.0.0.0/20"}))
	pubRT := s.add(typeRouteTable, "vpc-public", deps(vpc))
	s.add(typeRoute, "vpc-public-internet", deps(pubRT, igw))
	s.add(typeRouteTableAssoc, "vpc-public-0", deps(pub, pubRT))
	eni := s.add(typeNetworkInterface, "vpc-nat", deps(pub), id("eni-1"), inputs(map[string]any{"sourceDestCheck": false}))
	eip := s.add(typeEIP, "vpc-nat", deps(eni, igw))
	lt := s.add(typeLaunchTemplate, "vpc-nat", deps(eni), id("lt-nat"), inputs(map[string]any{
		"instanceType":        "t4g.nano",
		"networkInterfaces":   []any{map[string]any{"deviceIndex": 0.0, "networkInterfaceId": "eni-1"}},
		"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{"volumeSize": 8.0, "volumeType": "gp3"}}},
	}))
	asg := s.add(typeAutoScalingGroup, "vpc-nat", deps(lt, pub, eip), inputs(map[string]any{
		"minSize": 1.0, "maxSize": 1.0, "launchTemplate": map[string]any{"id": "lt-nat"}, "waitForCapacityTimeout": "10m",
	}))
	// Of another type than the interface's, the route table has the same
	// id: references find the resource of the type they want.
	privRT := s.add(typeRouteTable, "vpc-private-0", deps(vpc), id("eni-1"))
	s.add(typeRoute, "vpc-private-0-nat", deps(privRT, eni, asg))
	s.add(typeRouteTableAssoc, "vpc-private-0", deps(priv, privRT))
	return s.rs
}

func TestEstimateCostNATInstance(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]struct {
		lines []string
		total Money
	}{
		// NAT instance 730 × 0.0042 = 3.066; its volume 8 × 0.08 = 0.64;
		// its address 730 × 0.005 = 3.65: 7.356.
		"us-east-1": {[]string{
			"NAT instance (EC2) vpc-nat: 1 × t4g.nano × 730 h × $0.0042/h = $3.07",
			"EBS gp3 /dev/xvda (vpc-nat) vpc-nat: 1 × 8 GiB × $0.08 = $0.64",
			"public IPv4 (Elastic IP) vpc-nat: 730 h × $0.005/h = $3.65",
		}, USD(7, 356_000)},
		// 730 × 0.0052 = 3.796; 8 × 0.0912 = 0.7296; 3.65: 8.1756.
		"ap-northeast-2": {[]string{
			"NAT instance (EC2) vpc-nat: 1 × t4g.nano × 730 h × $0.0052/h = $3.80",
			"EBS gp3 /dev/xvda (vpc-nat) vpc-nat: 1 × 8 GiB × $0.0912 = $0.73",
			"public IPv4 (Elastic IP) vpc-nat: 730 h × $0.005/h = $3.65",
		}, USD(8, 175_600)},
	} {
		c, err := EstimateCost(natInstanceStack(), Prices, region)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range c.Lines {
			got = append(got, l.Item+" "+l.Resource+": "+l.Quantity+" = "+l.Monthly.String())
		}
		for _, w := range want.lines {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("%s: lines lack %q:\n%s", region, w, strings.Join(got, "\n"))
			}
		}
		if c.Total != want.total || len(c.Unknown) != 0 {
			t.Errorf("%s: total %s (%d), unknown %q; want %s", region, c.Total, c.Total, c.Unknown, want.total)
		}
		if !hasPrefixIn(c.NotIncluded, "NAT instance CPU beyond the burstable baseline") || hasPrefixIn(c.NotIncluded, "NAT gateway data processing") {
			t.Errorf("%s: not included = %q", region, c.NotIncluded)
		}
	}
}

func TestMermaidNATInstance(t *testing.T) {
	t.Parallel()
	got, err := Mermaid(natInstanceStack())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		`      sn_vpc_public_0["public subnet vpc-public-0 · 10.0.128.0/20"]` + "\n" +
			`      nat_vpc_nat(["NAT instance vpc-nat<br/>EC2 t4g.nano · Auto Scaling group of 1<br/>in vpc-public-0"])` + "\n",
		"  nat_vpc_nat --> igw_vpc_igw\n",
		"  sn_vpc_private_0 --> nat_vpc_nat\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("diagram lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "of Auto Scaling group vpc-nat") {
		t.Errorf("the NAT instance is also drawn as a subnet's instances:\n%s", got)
	}
}

// TestCriticalPathWaitsForCapacity: a group that waits for capacity takes
// an instance's time to run as well; the NAT instance's path is the
// interface (3 s after the public subnet), its address (1 s), the launch
// template (2 s), the group (10 + 30 s) and the private route (2 s).
func TestCriticalPathWaitsForCapacity(t *testing.T) {
	t.Parallel()
	cp, err := ComputeCriticalPath(natInstanceStack(), CreateSeconds)
	if err != nil {
		t.Fatal(err)
	}
	// VPC 0→2, public subnet 2→4, interface 4→7, address 7→8 (the
	// internet gateway is done at 4), launch template 7→9, group 9→49,
	// route 49→51.
	if got := strings.Join(stepNames(cp), " → "); got != "vpc → vpc-public-0 → vpc-nat → vpc-nat → vpc-nat → vpc-private-0-nat" || cp.TotalSeconds != 51 {
		t.Errorf("critical path %s, %d s; want through the NAT instance's group, 51 s", got, cp.TotalSeconds)
	}
	var group Step
	for _, s := range cp.Steps {
		if s.Type == typeAutoScalingGroup {
			group = s
		}
	}
	if group.Seconds != 40 {
		t.Errorf("the group takes %d s, want 10 + 30 (an instance running)", group.Seconds)
	}
}
