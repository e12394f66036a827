package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// costStack is a small stack like dev: one NAT gateway and its Elastic IP,
// an internet-facing load balancer in two subnets, an Auto Scaling group
// of two t3.small with a 30 GiB gp3 root volume each, four alarms, a
// capacity provider with managed scaling, and a target tracking policy.
func costStack(instanceType, volumeType string, internal bool) []Resource {
	s := &stack{}
	vpc := s.add(typeVPC, "vpc")
	s.add(typeSubnet, "public-0", deps(vpc))
	s.add(typeNATGateway, "nat-0")
	s.add(typeEIP, "nat-0")
	s.add(typeLoadBalancer, "web", inputs(map[string]any{"loadBalancerType": "application", "internal": internal, "subnets": []any{"subnet-1", "subnet-2"}}))
	lt := s.add(typeLaunchTemplate, "cluster", id("lt-1"), inputs(map[string]any{
		"instanceType":        instanceType,
		"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{"volumeSize": 30.0, "volumeType": volumeType}}},
	}))
	s.add(typeAutoScalingGroup, "cluster", deps(lt), inputs(map[string]any{"minSize": 2.0, "maxSize": 4.0, "launchTemplate": map[string]any{"id": "lt-1", "version": "1"}}))
	for _, a := range []string{"a1", "a2", "a3", "a4"} {
		s.add(typeMetricAlarm, a)
	}
	s.add(typeCapacityProvider, "cp", inputs(map[string]any{"autoScalingGroupProvider": map[string]any{"managedScaling": map[string]any{"status": "ENABLED"}}}))
	s.add(typeAppAutoScalingPol, "cpu", inputs(map[string]any{"policyType": "TargetTrackingScaling"}))
	s.add(typeLogGroup, "logs")
	return s.rs
}

func TestEstimateCost(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		rs      []Resource
		region  string
		total   Money
		unknown int
	}{
		// us-east-1, 730 h:
		//   NAT 730 × 0.045            = 32.85
		//   Elastic IP 730 × 0.005     =  3.65
		//   ALB 730 × 0.0225           = 16.425
		//   ALB IPv4 2 × 730 × 0.005   =  7.30
		//   EC2 2 × 730 × 0.0208       = 30.368
		//   gp3 2 × 30 × 0.08          =  4.80
		//   alarms (4 + 2 + 2) × 0.10  =  0.80
		//   total                      = 96.193
		"us-east-1": {rs: costStack("t3.small", "gp3", false), region: "us-east-1", total: USD(96, 193_000)},
		// ap-northeast-2:
		//   NAT 730 × 0.059            = 43.07
		//   Elastic IP                 =  3.65
		//   ALB                        = 16.425
		//   ALB IPv4                   =  7.30
		//   EC2 2 × 730 × 0.026        = 37.96
		//   gp3 2 × 30 × 0.0912        =  5.472
		//   alarms                     =  0.80
		//   total                      = 114.677
		"ap-northeast-2": {rs: costStack("t3.small", "gp3", false), region: "ap-northeast-2", total: USD(114, 677_000)},
		// An internal load balancer has no public addresses: 96.193 - 7.30.
		"internal load balancer": {rs: costStack("t3.small", "gp3", true), region: "us-east-1", total: USD(88, 893_000)},
		// An unknown type is left out, its volumes are not: 96.193 - 30.368.
		"unknown instance type": {rs: costStack("t3.nano", "gp3", false), region: "us-east-1", total: USD(65, 825_000), unknown: 1},
		// An unknown volume type is left out: 96.193 - 4.80.
		"unknown volume type": {rs: costStack("t3.small", "io2", false), region: "us-east-1", total: USD(91, 393_000), unknown: 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := EstimateCost(tc.rs, Prices, tc.region)
			if err != nil {
				t.Fatal(err)
			}
			if c.Total != tc.total {
				t.Errorf("total = %s (%d), want %s (%d)", c.Total, c.Total, tc.total, tc.total)
			}
			var sum Money
			for _, l := range c.Lines {
				sum += l.Monthly
				if !l.Known && l.Monthly != 0 {
					t.Errorf("line %+v has no price but a charge", l)
				}
			}
			if sum != c.Total {
				t.Errorf("lines add up to %s, total says %s", sum, c.Total)
			}
			if len(c.Unknown) != tc.unknown {
				t.Errorf("unknown = %q, want %d", c.Unknown, tc.unknown)
			}
		})
	}
}

func TestEstimateCostLines(t *testing.T) {
	t.Parallel()
	c, err := EstimateCost(costStack("t3.small", "gp3", false), Prices, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	type line struct{ item, resource, quantity, monthly string }
	var got []line
	for _, l := range c.Lines {
		got = append(got, line{l.Item, l.Resource, l.Quantity, l.Monthly.String()})
	}
	want := []line{
		{"NAT gateway", "nat-0", "730 h × $0.045/h", "$32.85"},
		{"public IPv4 (Elastic IP)", "nat-0", "730 h × $0.005/h", "$3.65"},
		{"Application Load Balancer (LCUs excluded)", "web", "730 h × $0.0225/h", "$16.43"},
		{"public IPv4 of the load balancer (one per zone)", "web", "2 × 730 h × $0.005/h", "$7.30"},
		{"EC2 instances at rest (min size)", "cluster", "2 × t3.small × 730 h × $0.0208/h", "$30.37"},
		{"EBS gp3 /dev/xvda (cluster)", "cluster", "2 × 30 GiB × $0.08", "$4.80"},
		{"CloudWatch alarm", "a1", "1 × $0.10", "$0.10"},
		{"CloudWatch alarm", "a2", "1 × $0.10", "$0.10"},
		{"CloudWatch alarm", "a3", "1 × $0.10", "$0.10"},
		{"CloudWatch alarm", "a4", "1 × $0.10", "$0.10"},
		{"CloudWatch alarms created by ECS managed scaling", "cp", "2 × $0.10", "$0.20"},
		{"CloudWatch alarms created by target tracking", "cpu", "2 × $0.10", "$0.20"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(line{})); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	// vpc, subnet, launch template, capacity provider, policy, log group.
	if c.FreeResources != 6 {
		t.Errorf("free resources = %d, want 6", c.FreeResources)
	}
	for _, w := range []string{"NAT gateway data processing", "load balancer capacity units", "CloudWatch Logs ingestion and storage (1 log group)"} {
		if !hasPrefixIn(c.NotIncluded, w) {
			t.Errorf("not included = %q, lacks %q", c.NotIncluded, w)
		}
	}
}

func hasPrefixIn(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func TestEstimateCostUnmodelled(t *testing.T) {
	t.Parallel()
	s := &stack{}
	s.add(typeVPCEndpoint, "ssm", inputs(map[string]any{"vpcEndpointType": "Interface"}))
	s.add(typeVPCEndpoint, "s3", inputs(map[string]any{"vpcEndpointType": "Gateway"}))
	s.add("aws:rds/instance:Instance", "db")
	c, err := EstimateCost(s.rs, Prices, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Unknown) != 1 || !strings.Contains(c.Unknown[0], "VPC interface endpoint ssm") {
		t.Errorf("unknown = %q, want the interface endpoint", c.Unknown)
	}
	if c.FreeResources != 1 || c.Total != 0 {
		t.Errorf("free = %d, total = %s; want the gateway endpoint free and nothing priced", c.FreeResources, c.Total)
	}
	if !hasPrefixIn(c.NotIncluded, "types without a cost model: aws:rds/instance:Instance") {
		t.Errorf("not included = %q, lacks the database", c.NotIncluded)
	}
	if _, err := EstimateCost(s.rs, Prices, "eu-west-1"); err == nil || !strings.Contains(err.Error(), `no prices for region "eu-west-1"`) {
		t.Errorf("an unpriced region: error = %v", err)
	}
}

// TestEstimateCostSecurity prices the security baseline (issue 11): each
// KMS key $1, a web ACL $5 and $1 for each of its rules; topics and the
// rest are usage.
func TestEstimateCostSecurity(t *testing.T) {
	t.Parallel()
	s := &stack{}
	s.add(typeKMSKey, "logs")
	s.add(typeKMSKey, "notifications-key")
	s.add("aws:kms/alias:Alias", "logs")
	s.add(typeSNSTopic, "notifications")
	s.add("aws:sns/topicPolicy:TopicPolicy", "notifications")
	s.add(typeWebACL, "waf", inputs(map[string]any{"rules": []any{map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}}}))
	s.add("aws:wafv2/webAclAssociation:WebAclAssociation", "waf")
	for _, region := range []string{"us-east-1", "ap-northeast-2"} {
		c, err := EstimateCost(s.rs, Prices, region)
		if err != nil {
			t.Fatal(err)
		}
		// 2 × 1.00 + 5.00 + 4 × 1.00 = 11.00
		if c.Total != USD(11, 0) || len(c.Unknown) != 0 || c.FreeResources != 4 {
			t.Errorf("%s: total %s, unknown %q, free %d; want $11.00, none, 4", region, c.Total, c.Unknown, c.FreeResources)
		}
		if got := c.Lines[len(c.Lines)-1]; got.Item != "WAF web ACL and its rules (requests excluded)" || got.Quantity != "$5.00 + 4 × $1.00" || got.Monthly != USD(9, 0) {
			t.Errorf("%s: web ACL line %+v", region, got)
		}
		for _, w := range []string{"AWS WAF requests", "KMS requests (2 keys)", "SNS notifications (1 topic)"} {
			if !hasPrefixIn(c.NotIncluded, w) {
				t.Errorf("%s: not included = %q, lacks %q", region, c.NotIncluded, w)
			}
		}
		if hasPrefixIn(c.NotIncluded, "types without a cost model") {
			t.Errorf("%s: unmodelled types %q", region, c.NotIncluded)
		}
	}
}
