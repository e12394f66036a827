package main

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/google/go-cmp/cmp"
)

// validConfig is a stack configuration for an existing VPC in two zones.
func validConfig() map[string]string {
	return map[string]string{
		"existing-vpc:vpcId":            "vpc-0123456789abcdef0",
		"existing-vpc:vpcCidr":          "172.31.0.0/16",
		"existing-vpc:publicSubnetIds":  `["subnet-0aaa","subnet-0bbb"]`,
		"existing-vpc:privateSubnetIds": `["subnet-0ccc","subnet-0ddd"]`,
	}
}

func run(t *testing.T, config map[string]string, dryRun bool) (*awsmock.Mocks, error) {
	t.Helper()
	m := &awsmock.Mocks{Project: "existing-vpc", DryRun: dryRun}
	return m, awsmock.Run(m, config, program)
}

func stringList(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, e := range list {
			s, _ := e.(string)
			out = append(out, s)
		}
	}
	return out
}

func TestComposition(t *testing.T) {
	t.Parallel()
	for name, dryRun := range map[string]bool{"up": false, "preview": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, err := run(t, validConfig(), dryRun)
			if err != nil {
				t.Fatalf("program: %v", err)
			}
			if dups := m.DuplicateURNs(); len(dups) > 0 {
				t.Errorf("duplicate URNs: %v", dups)
			}
			got := map[string]int{}
			for _, r := range m.Resources() {
				if !r.Custom {
					got[r.Type]++
				}
			}
			// No network component: the VPC is the user's.
			want := map[string]int{"ecs-bluegreen:iam:Roles": 1, "ecs-bluegreen:alb:LoadBalancer": 1, "ecs-bluegreen:ecs:Cluster": 1, "ecs-bluegreen:ecs:Service": 1}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("components (-want +got):\n%s", diff)
			}
			if n := len(m.OfType("aws:ec2/vpc:Vpc")) + len(m.OfType("aws:ec2/subnet:Subnet")); n != 0 {
				t.Errorf("the program created %d VPCs and subnets, want none", n)
			}
		})
	}
}

// TestUsesTheConfiguredVPC checks that the configured ids reach the
// resources: the load balancer in the public subnets, the instances in the
// private ones, the security groups and target groups in the VPC.
func TestUsesTheConfiguredVPC(t *testing.T) {
	t.Parallel()
	m, err := run(t, validConfig(), false)
	if err != nil {
		t.Fatal(err)
	}
	lb, _ := m.Named("aws:lb/loadBalancer:LoadBalancer", "app")
	if got := stringList(lb.Inputs["subnets"].Mappable()); !cmp.Equal(got, []string{"subnet-0aaa", "subnet-0bbb"}) {
		t.Errorf("load balancer subnets = %v, want the public subnets", got)
	}
	asg, _ := m.Named("aws:autoscaling/group:Group", "app")
	if got := stringList(asg.Inputs["vpcZoneIdentifiers"].Mappable()); !cmp.Equal(got, []string{"subnet-0ccc", "subnet-0ddd"}) {
		t.Errorf("instance subnets = %v, want the private subnets", got)
	}
	for _, typ := range []string{"aws:ec2/securityGroup:SecurityGroup", "aws:lb/targetGroup:TargetGroup"} {
		for _, r := range m.OfType(typ) {
			if v := r.Inputs["vpcId"]; !v.IsString() || v.StringValue() != "vpc-0123456789abcdef0" {
				t.Errorf("%s %s is in VPC %v, want vpc-0123456789abcdef0", typ, r.Name, v)
			}
		}
	}
	egress := m.OfType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
	var toVPC bool
	for _, r := range egress {
		if v := r.Inputs["cidrIpv4"]; v.IsString() && v.StringValue() == "172.31.0.0/16" {
			toVPC = true
		}
	}
	if !toVPC {
		t.Errorf("no egress rule to the configured VPC CIDR 172.31.0.0/16 among %d egress rules", len(egress))
	}
}

func TestRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		edit func(map[string]string)
		want []string // each must appear in the error
	}{
		"nothing set": {
			edit: func(c map[string]string) { clear(c) },
			want: []string{"vpcId: \"\"", "vpcCidr: \"\"", "publicSubnetIds: 0 subnet(s)", "privateSubnetIds: 0 subnet(s)"},
		},
		"one zone": {
			edit: func(c map[string]string) { c["existing-vpc:publicSubnetIds"] = `["subnet-0aaa"]` },
			want: []string{"publicSubnetIds: 1 subnet(s) [subnet-0aaa]", "pulumi config set --path 'publicSubnetIds[1]'"},
		},
		"zones differ": {
			edit: func(c map[string]string) {
				c["existing-vpc:privateSubnetIds"] = `["subnet-0ccc","subnet-0ddd","subnet-0eee"]`
			},
			want: []string{"2 public and 3 private subnets"},
		},
		"not ids": {
			edit: func(c map[string]string) {
				c["existing-vpc:vpcId"] = "default"
				c["existing-vpc:vpcCidr"] = "10.0.0.1/16"
				c["existing-vpc:publicSubnetIds"] = `["subnet-0aaa","sg-0bbb"]`
			},
			want: []string{`vpcId: "default" is not a VPC id`, `vpcCidr: "10.0.0.1/16"`, `publicSubnetIds: "sg-0bbb" is not a subnet id`},
		},
		"twice": {
			edit: func(c map[string]string) { c["existing-vpc:privateSubnetIds"] = `["subnet-0ccc","subnet-0ccc"]` },
			want: []string{`privateSubnetIds: "subnet-0ccc" is listed twice`},
		},
		"not a list": {
			edit: func(c map[string]string) { c["existing-vpc:publicSubnetIds"] = "subnet-0aaa" },
			want: []string{"publicSubnetIds: not a list of subnet ids"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := validConfig()
			tc.edit(cfg)
			m, err := run(t, cfg, false)
			if err == nil {
				t.Fatal("program succeeded, want a configuration error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if n := len(m.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error, want none", n)
			}
		})
	}
}
