package alb_test

// The component's public API beyond its Go signature: its type token and its
// children's logical names are part of every resource's URN, so changing one
// replaces cloud resources unless an alias says otherwise. These tests pin
// them, and check that two instances coexist in one stack.

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiLoadBalancerArgs exercises every optional child: HTTPS (and so the
// redirect listener), access logs, several ingress blocks, a test block
// besides the VPC's, and test listener source addresses (the prefix list).
func apiLoadBalancerArgs() *alb.LoadBalancerArgs {
	return &alb.LoadBalancerArgs{
		VPCID:                 pulumi.String("vpc-0123456789abcdef0"),
		VPCCIDR:               "10.0.0.0/16",
		SubnetIDs:             pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
		CertificateARN:        "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
		IngressCIDRs:          []string{"192.0.2.0/24", "198.51.100.0/24"},
		TestListenerCIDRs:     []string{"203.0.113.0/24"},
		TestListenerSourceIPs: pulumi.ToStringArray([]string{"198.51.100.7", "198.51.100.8"}),
		AccessLogs:            true,
	}
}

// apiRun registers one load balancer per name in one stack.
func apiRun(t *testing.T, names ...string) *awsmock.Mocks {
	t.Helper()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			if _, err := alb.NewLoadBalancer(ctx, n, apiLoadBalancerArgs()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("NewLoadBalancer(%v): %v", names, err)
	}
	return m
}

func TestLoadBalancerTypeToken(t *testing.T) {
	t.Parallel()
	if alb.LoadBalancerType != "ecs-bluegreen:alb:LoadBalancer" {
		t.Errorf("LoadBalancerType = %q: changing the type token replaces every deployed load balancer; add an alias instead", alb.LoadBalancerType)
	}
	m := apiRun(t, "web")
	if got := m.OfType("ecs-bluegreen:alb:LoadBalancer"); len(got) != 1 || got[0].Name != "web" || got[0].Custom {
		t.Errorf("component resources of type ecs-bluegreen:alb:LoadBalancer = %+v, want the one named web", got)
	}
}

// TestLoadBalancerChildNamesAreStable pins the children's types and logical names
// for a fixed input. A change here replaces those resources in every
// deployed stack: keep the names, or add aliases and update this list.
func TestLoadBalancerChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "web")
	want := []string{
		"aws:ec2/managedPrefixList:ManagedPrefixList web-test-sources",
		"aws:ec2/securityGroup:SecurityGroup web-sg",
		"aws:lb/listener:Listener web-prod",
		"aws:lb/listener:Listener web-redirect",
		"aws:lb/listener:Listener web-test",
		"aws:lb/loadBalancer:LoadBalancer web",
		"aws:lb/targetGroup:TargetGroup web-blue",
		"aws:lb/targetGroup:TargetGroup web-green",
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2 web-access-logs",
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls web-access-logs",
		"aws:s3/bucketPolicy:BucketPolicy web-access-logs",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock web-access-logs",
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 web-access-logs",
		"aws:s3/bucketV2:BucketV2 web-access-logs",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule web-out-32768-65535-10.0.0.0-16",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-443-192.0.2.0-24",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-443-198.51.100.0-24",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-80-192.0.2.0-24",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-80-198.51.100.0-24",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-8080-10.0.0.0-16",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-8080-203.0.113.0-24",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule web-in-8080-sources",
		"ecs-bluegreen:alb:LoadBalancer web",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	for _, r := range m.NotUnder(alb.LoadBalancerType, "web") {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

// TestLoadBalancerTwoInstancesCoexist registers two load balancers in one stack: no URN may
// repeat, and every child name derives from the component's name.
func TestLoadBalancerTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "first", "second")
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	one := apiRun(t, "first").Shape()
	var both []string
	for _, s := range one {
		both = append(both, s, strings.ReplaceAll(s, "first", "second"))
	}
	slices.Sort(both)
	if diff := cmp.Diff(both, m.Shape()); diff != "" {
		t.Errorf("two instances register (-want: each child once per instance, named after it; +got):\n%s", diff)
	}
}
