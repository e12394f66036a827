package ecs_test

// The components' public API beyond their Go signatures: type tokens and
// children's logical names are part of every resource's URN, so changing one
// replaces cloud resources unless an alias says otherwise. These tests pin
// them, and check that two instances of each component coexist in one stack.

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/bluegreen"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiClusterArgs exercises every optional child: the all-egress rule and a
// second load balancer's rule.
func apiClusterArgs() *ecs.ClusterArgs {
	return &ecs.ClusterArgs{
		VPCID:                        pulumi.String("vpc-0123"),
		SubnetIDs:                    pulumi.ToStringArray([]string{"subnet-0aaa", "subnet-0bbb"}),
		AZCount:                      2,
		InstanceProfileARN:           pulumi.String("arn:aws:iam::123456789012:instance-profile/ecs"),
		LoadBalancerSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0loadbalancer"), pulumi.String("sg-0second")},
		AllowAllEgress:               true,
	}
}

// apiServiceArgs exercises every optional child: auto scaling (MaxCount
// above DesiredCount), the test listener and a deployment configuration the
// component creates.
func apiServiceArgs() *ecs.ServiceArgs {
	const tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/"
	return &ecs.ServiceArgs{
		ClusterName:          pulumi.String("main"),
		CapacityProviderName: pulumi.String("main-cp"),
		Image:                "public.ecr.aws/nginx/nginx-unprivileged:1.27",
		DesiredCount:         2,
		MaxCount:             4,
		ExecutionRoleARN:     pulumi.String("arn:aws:iam::123456789012:role/exec"),
		TaskRoleARN:          pulumi.String("arn:aws:iam::123456789012:role/task"),
		CodeDeployRoleARN:    pulumi.String("arn:aws:iam::123456789012:role/codedeploy"),
		Traffic: bluegreen.Traffic{
			ProductionListenerARN: pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/80"),
			TestListenerARN:       pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/8080"),
			Blue:                  bluegreen.TargetGroup{ARN: pulumi.String(tg + "blue/1"), Name: pulumi.String("blue"), ARNSuffix: pulumi.String("targetgroup/blue/1")},
			Green:                 bluegreen.TargetGroup{ARN: pulumi.String(tg + "green/2"), Name: pulumi.String("green"), ARNSuffix: pulumi.String("targetgroup/green/2")},
			LoadBalancerARNSuffix: pulumi.String("app/lb/1"),
		},
		DeploymentConfig: "Canary20Percent3Minutes",
	}
}

// apiRun registers one component per name in one stack, with newComponent.
func apiRun(t *testing.T, newComponent func(ctx *pulumi.Context, name string) error, names ...string) *awsmock.Mocks {
	t.Helper()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			if err := newComponent(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("registering %v: %v", names, err)
	}
	return m
}

func apiNewCluster(ctx *pulumi.Context, name string) error {
	_, err := ecs.NewCluster(ctx, name, apiClusterArgs())
	return err
}

func apiNewService(ctx *pulumi.Context, name string) error {
	_, err := ecs.NewService(ctx, name, apiServiceArgs())
	return err
}

// apiCheckParents reports custom resources whose parent is not the
// component of type typ named name.
func apiCheckParents(t *testing.T, m *awsmock.Mocks, typ, name string) {
	t.Helper()
	if _, ok := m.Named(typ, name); !ok {
		t.Fatalf("no component %s %s", typ, name)
	}
	for _, r := range m.NotUnder(typ, name) {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

// apiCheckCoexist registers two instances in one stack: no URN may repeat,
// and every child name derives from the component's name.
func apiCheckCoexist(t *testing.T, newComponent func(*pulumi.Context, string) error) {
	t.Helper()
	m := apiRun(t, newComponent, "first", "second")
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	var both []string
	for _, s := range apiRun(t, newComponent, "first").Shape() {
		both = append(both, s, strings.ReplaceAll(s, "first", "second"))
	}
	slices.Sort(both)
	if diff := cmp.Diff(both, m.Shape()); diff != "" {
		t.Errorf("two instances register (-want: each child once per instance, named after it; +got):\n%s", diff)
	}
}

func TestClusterTypeToken(t *testing.T) {
	t.Parallel()
	if ecs.ClusterType != "ecs-bluegreen:ecs:Cluster" {
		t.Errorf("ClusterType = %q: changing the type token replaces every deployed cluster; add an alias instead", ecs.ClusterType)
	}
	m := apiRun(t, apiNewCluster, "main")
	if got := m.OfType("ecs-bluegreen:ecs:Cluster"); len(got) != 1 || got[0].Name != "main" || got[0].Custom {
		t.Errorf("component resources of type ecs-bluegreen:ecs:Cluster = %+v, want the one named main", got)
	}
}

// TestClusterChildNamesAreStable pins the children's types and logical
// names for a fixed input. A change here replaces those resources in every
// deployed stack: keep the names, or add aliases and update this list.
func TestClusterChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m := apiRun(t, apiNewCluster, "main")
	want := []string{
		"aws:autoscaling/group:Group main",
		"aws:ec2/launchTemplate:LaunchTemplate main",
		"aws:ec2/securityGroup:SecurityGroup main-instances",
		"aws:ecs/capacityProvider:CapacityProvider main-cp",
		"aws:ecs/cluster:Cluster main",
		"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders main",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule main-instances-all",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule main-instances-https",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule main-instances-from-lb",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule main-instances-from-lb-1",
		"ecs-bluegreen:ecs:Cluster main",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	apiCheckParents(t, m, ecs.ClusterType, "main")
}

func TestClusterTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	apiCheckCoexist(t, apiNewCluster)
}

func TestServiceTypeToken(t *testing.T) {
	t.Parallel()
	if ecs.ServiceType != "ecs-bluegreen:ecs:Service" {
		t.Errorf("ServiceType = %q: changing the type token replaces every deployed service; add an alias instead", ecs.ServiceType)
	}
	m := apiRun(t, apiNewService, "web")
	if got := m.OfType("ecs-bluegreen:ecs:Service"); len(got) != 1 || got[0].Name != "web" || got[0].Custom {
		t.Errorf("component resources of type ecs-bluegreen:ecs:Service = %+v, want the one named web", got)
	}
}

// TestServiceChildNamesAreStable pins the children's types and logical
// names for a fixed input. A change here replaces those resources in every
// deployed stack: keep the names, or add aliases and update this list.
func TestServiceChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m := apiRun(t, apiNewService, "web")
	want := []string{
		"aws:appautoscaling/policy:Policy web-cpu",
		"aws:appautoscaling/target:Target web",
		"aws:cloudwatch/logGroup:LogGroup web",
		"aws:cloudwatch/metricAlarm:MetricAlarm web-blue-5xx",
		"aws:cloudwatch/metricAlarm:MetricAlarm web-blue-unhealthy",
		"aws:cloudwatch/metricAlarm:MetricAlarm web-green-5xx",
		"aws:cloudwatch/metricAlarm:MetricAlarm web-green-unhealthy",
		"aws:codedeploy/application:Application web",
		"aws:codedeploy/deploymentConfig:DeploymentConfig web-Canary20Percent3Minutes",
		"aws:codedeploy/deploymentGroup:DeploymentGroup web",
		"aws:ecs/service:Service web",
		"aws:ecs/taskDefinition:TaskDefinition web",
		"ecs-bluegreen:ecs:Service web",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	apiCheckParents(t, m, ecs.ServiceType, "web")
}

func TestServiceTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	apiCheckCoexist(t, apiNewService)
}
