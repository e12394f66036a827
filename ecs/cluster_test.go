package ecs_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	clusterTypCluster  = "aws:ecs/cluster:Cluster"
	clusterTypCP       = "aws:ecs/capacityProvider:CapacityProvider"
	clusterTypAssoc    = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
	clusterTypLT       = "aws:ec2/launchTemplate:LaunchTemplate"
	clusterTypASG      = "aws:autoscaling/group:Group"
	clusterTypSG       = "aws:ec2/securityGroup:SecurityGroup"
	clusterTypIngress  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	clusterTypEgress   = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	clusterTypConsumer = "test:index:Consumer"
)

// clusterSubnets and clusterLBGroup are the ids the tests pass in.
var clusterSubnets = []string{"subnet-0aaa", "subnet-0bbb", "subnet-0ccc"}

const clusterLBGroup = "sg-0loadbalancer"

// clusterArgs returns valid arguments over zones availability zones.
func clusterArgs(zones int) *ecs.ClusterArgs {
	return &ecs.ClusterArgs{
		VPCID:                        pulumi.String("vpc-0123"),
		SubnetIDs:                    pulumi.ToStringArray(clusterSubnets[:zones]),
		AZCount:                      zones,
		InstanceProfileARN:           pulumi.String("arn:aws:iam::123456789012:instance-profile/ecs"),
		LoadBalancerSecurityGroupIDs: []pulumi.StringInput{pulumi.String(clusterLBGroup)},
	}
}

// clusterConsumer is a resource that takes one of the cluster's outputs as
// an input, as a service would: its dependencies show what the output
// carries.
type clusterConsumer struct {
	pulumi.CustomResourceState
}

type clusterResult struct {
	mocks *awsmock.Mocks
	out   map[string]*awsmock.Value
}

// clusterOutputs names the component's outputs for the tests.
func clusterOutputs(c *ecs.Cluster) map[string]pulumi.Output {
	return map[string]pulumi.Output{
		"clusterName": c.ClusterName, "clusterArn": c.ClusterARN, "capacityProviderName": c.CapacityProviderName,
		"instanceSecurityGroupId": c.InstanceSecurityGroupID, "autoScalingGroupName": c.AutoScalingGroupName,
		"launchTemplateId": c.LaunchTemplateID,
	}
}

func clusterRun(t *testing.T, name string, args *ecs.ClusterArgs, dryRun bool) (clusterResult, error) {
	t.Helper()
	r := clusterResult{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		c, err := ecs.NewCluster(ctx, name, args)
		if err != nil {
			return err
		}
		outs := clusterOutputs(c)
		for _, k := range []string{"clusterName", "clusterArn", "capacityProviderName"} {
			var res clusterConsumer
			if err := ctx.RegisterResource(clusterTypConsumer, "uses-"+k, pulumi.Map{"value": outs[k]}, &res); err != nil {
				return err
			}
		}
		for k, o := range outs {
			r.out[k] = awsmock.Watch(ctx, o)
		}
		return nil
	})
	return r, err
}

func clusterMustRun(t *testing.T, name string, args *ecs.ClusterArgs) clusterResult {
	t.Helper()
	r, err := clusterRun(t, name, args, false)
	if err != nil {
		t.Fatalf("NewCluster(%q): %v", name, err)
	}
	return r
}

// clusterOne returns the only resource of type typ, failing the test unless
// there is exactly one.
func clusterOne(t *testing.T, r clusterResult, typ string) awsmock.Resource {
	t.Helper()
	res := r.mocks.OfType(typ)
	if len(res) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(res), typ)
	}
	return res[0]
}

// clusterDependsOn reports whether res depends on the resource dep.
func clusterDependsOn(res, dep awsmock.Resource) bool {
	return slices.Contains(res.Dependencies, dep.URN)
}

func TestNewClusterCounts(t *testing.T) {
	t.Parallel()
	base := map[string]int{
		clusterTypCluster: 1, clusterTypSG: 1, clusterTypIngress: 1, clusterTypEgress: 1,
		clusterTypLT: 1, clusterTypASG: 1, clusterTypCP: 1, clusterTypAssoc: 1,
	}
	allEgress := map[string]int{}
	for k, v := range base {
		allEgress[k] = v
	}
	allEgress[clusterTypEgress] = 2
	tests := map[string]struct {
		args func() *ecs.ClusterArgs
		want map[string]int
	}{
		"defaults, two zones": {args: func() *ecs.ClusterArgs { return clusterArgs(2) }, want: base},
		"three zones":         {args: func() *ecs.ClusterArgs { return clusterArgs(3) }, want: base},
		"all egress": {args: func() *ecs.ClusterArgs {
			a := clusterArgs(2)
			a.AllowAllEgress = true
			return a
		}, want: allEgress},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := clusterMustRun(t, "web", tc.args())
			got := r.mocks.CountByType()
			delete(got, ecs.ClusterType)
			delete(got, clusterTypConsumer)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewClusterLaunchTemplate(t *testing.T) {
	t.Parallel()
	a := clusterArgs(2)
	a.RootVolumeSizeGiB = 50
	r := clusterMustRun(t, "web", a)
	lt := clusterOne(t, r, clusterTypLT)

	for _, c := range []struct{ path, want string }{
		{"metadataOptions.httpEndpoint", "enabled"},
		{"metadataOptions.httpTokens", "required"},
		{"blockDeviceMappings.0.deviceName", "/dev/xvda"},
		{"blockDeviceMappings.0.ebs.volumeType", "gp3"},
		{"blockDeviceMappings.0.ebs.encrypted", "true"},
		{"blockDeviceMappings.0.ebs.deleteOnTermination", "true"},
		{"imageId", "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"},
		{"instanceType", "t3.small"},
		{"iamInstanceProfile.arn", "arn:aws:iam::123456789012:instance-profile/ecs"},
	} {
		if got := lt.String(strings.Split(c.path, ".")...); got != c.want {
			t.Errorf("launch template %s = %q, want %q", c.path, got, c.want)
		}
	}
	if got := lt.Number("metadataOptions", "httpPutResponseHopLimit"); got != 1 {
		t.Errorf("launch template hop limit = %v, want 1", got)
	}
	if got := lt.Number("blockDeviceMappings", "0", "ebs", "volumeSize"); got != 50 {
		t.Errorf("root volume size = %v GiB, want 50", got)
	}
	if n := len(lt.Get("blockDeviceMappings").ArrayValue()); n != 1 {
		t.Errorf("launch template maps %d block devices, want 1", n)
	}
	if v, has := lt.Inputs["keyName"]; has && !v.IsNull() {
		t.Errorf("launch template has a key pair: %v", v)
	}
	if !lt.True("updateDefaultVersion") {
		t.Error("launch template does not update its default version")
	}
	sg := clusterOne(t, r, clusterTypSG)
	if ids := lt.Get("vpcSecurityGroupIds").ArrayValue(); len(ids) != 1 || !clusterDependsOn(lt, sg) {
		t.Errorf("launch template security groups = %v (depends on the instance group: %v), want only the instance group", ids, clusterDependsOn(lt, sg))
	}
	var types []string
	for _, ts := range lt.Get("tagSpecifications").ArrayValue() {
		types = append(types, ts.ObjectValue()["resourceType"].StringValue())
		if tags := ts.ObjectValue()["tags"].ObjectValue(); tags["Name"].StringValue() != "web" {
			t.Errorf("tag specification %v lacks Name=web", tags)
		}
	}
	if diff := cmp.Diff([]string{"instance", "volume"}, types); diff != "" {
		t.Errorf("tag specifications (-want +got):\n%s", diff)
	}

	// User data is base64 and joins the cluster this component created.
	dec, err := base64.StdEncoding.DecodeString(lt.String("userData"))
	if err != nil {
		t.Fatalf("user data is not base64: %v", err)
	}
	name := r.out["clusterName"].String()
	lines := strings.Split(string(dec), "\n")
	for _, want := range []string{"ECS_CLUSTER=" + name, "ECS_ENABLE_TASK_IAM_ROLE=true", "ECS_RESERVED_MEMORY=256",
		"  iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP"} {
		if !slices.Contains(lines, want) {
			t.Errorf("user data lacks the line %q:\n%s", want, dec)
		}
	}
	if name == "" || !strings.HasPrefix(name, "web-") {
		t.Errorf("ClusterName = %q, want the cluster's auto-generated name", name)
	}
	if got := r.out["launchTemplateId"].String(); !strings.HasPrefix(got, "lt-") {
		t.Errorf("LaunchTemplateID = %q, want a launch template id", got)
	}
}

func TestNewClusterImagePerArchitecture(t *testing.T) {
	t.Parallel()
	const prefix = "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/"
	tests := map[string]struct {
		instanceType     ecs.InstanceType
		wantType, wantID string
	}{
		"zero is the default": {ecs.InstanceType{}, "t3.small", prefix + "recommended/image_id"},
		"m7i.large":           {ecs.InstanceType{Name: "m7i.large", VCPUs: 2, MemoryMiB: 8192, Architecture: ecs.ArchitectureX86}, "m7i.large", prefix + "recommended/image_id"},
		"t4g.small":           {ecs.InstanceType{Name: "t4g.small", VCPUs: 2, MemoryMiB: 2048, Architecture: ecs.ArchitectureArm}, "t4g.small", prefix + "arm64/recommended/image_id"},
		// The architecture decides, not the name: a type AWS describes as
		// arm64 gets the arm64 image whatever it is called.
		"arm64 by architecture": {ecs.InstanceType{Name: "x9z.large", VCPUs: 2, MemoryMiB: 4096, Architecture: ecs.ArchitectureArm}, "x9z.large", prefix + "arm64/recommended/image_id"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := clusterArgs(2)
			a.InstanceType = tc.instanceType
			lt := clusterOne(t, clusterMustRun(t, "web", a), clusterTypLT)
			if got := lt.String("imageId"); got != tc.wantID {
				t.Errorf("InstanceType %+v: imageId = %q, want %q", tc.instanceType, got, tc.wantID)
			}
			if got := lt.String("instanceType"); got != tc.wantType {
				t.Errorf("InstanceType %+v: instanceType = %q, want %q", tc.instanceType, got, tc.wantType)
			}
		})
	}
}

// TestNewClusterWithLookedUpInstanceType wires LookupInstanceType into
// NewCluster as the program does: a Graviton type from AWS's description
// gets the arm64 image and the reserved memory in its user data.
func TestNewClusterWithLookedUpInstanceType(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		it, err := ecs.LookupInstanceType(ctx, "t4g.medium")
		if err != nil {
			return err
		}
		a := clusterArgs(2)
		a.InstanceType = it
		_, err = ecs.NewCluster(ctx, "web", a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lt := clusterOne(t, clusterResult{mocks: m}, clusterTypLT)
	if got, want := lt.String("imageId"), "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"; got != want {
		t.Errorf("imageId = %q, want %q", got, want)
	}
	if got := lt.String("instanceType"); got != "t4g.medium" {
		t.Errorf("instanceType = %q, want t4g.medium", got)
	}
}

// clusterRule describes a security group rule in one line.
func clusterRule(kind string, r awsmock.Resource) string {
	peer := r.String("cidrIpv4") + r.String("cidrIpv6") + r.String("prefixListId") + r.String("referencedSecurityGroupId")
	ports := "all"
	if r.Get("fromPort").IsNumber() || r.Get("toPort").IsNumber() {
		ports = fmt.Sprintf("%v-%v", r.Number("fromPort"), r.Number("toPort"))
	}
	return fmt.Sprintf("%s %s %s %s", kind, r.String("ipProtocol"), ports, peer)
}

func TestNewClusterSecurityGroupRules(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		allowAll bool
		lbGroups []string
		want     []string
		names    []string // the ingress rules' names, in order
	}{
		"default": {lbGroups: []string{clusterLBGroup}, want: []string{
			"egress tcp 443-443 0.0.0.0/0",
			"ingress tcp 32768-65535 " + clusterLBGroup,
		}, names: []string{"web-instances-from-lb"}},
		"all egress": {allowAll: true, lbGroups: []string{clusterLBGroup}, want: []string{
			"egress -1 all 0.0.0.0/0",
			"egress tcp 443-443 0.0.0.0/0",
			"ingress tcp 32768-65535 " + clusterLBGroup,
		}, names: []string{"web-instances-from-lb"}},
		"three load balancers": {lbGroups: []string{clusterLBGroup, "sg-0second", "sg-0third"}, want: []string{
			"egress tcp 443-443 0.0.0.0/0",
			"ingress tcp 32768-65535 " + clusterLBGroup,
			"ingress tcp 32768-65535 sg-0second",
			"ingress tcp 32768-65535 sg-0third",
		}, names: []string{"web-instances-from-lb", "web-instances-from-lb-1", "web-instances-from-lb-2"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := clusterArgs(2)
			a.AllowAllEgress = tc.allowAll
			a.LoadBalancerSecurityGroupIDs = nil
			for _, g := range tc.lbGroups {
				a.LoadBalancerSecurityGroupIDs = append(a.LoadBalancerSecurityGroupIDs, pulumi.String(g))
			}
			r := clusterMustRun(t, "web", a)
			sg := clusterOne(t, r, clusterTypSG)
			if got := sg.String("vpcId"); got != "vpc-0123" {
				t.Errorf("security group VPC = %q, want vpc-0123", got)
			}
			for _, k := range []resource.PropertyKey{"ingress", "egress"} {
				if v, has := sg.Inputs[k]; has && (!v.IsArray() || len(v.ArrayValue()) != 0) {
					t.Errorf("security group has inline %s rules: %v", k, v)
				}
			}
			var got []string
			for kind, typ := range map[string]string{"ingress": clusterTypIngress, "egress": clusterTypEgress} {
				for _, rule := range r.mocks.OfType(typ) {
					got = append(got, clusterRule(kind, rule))
					if !clusterDependsOn(rule, sg) {
						t.Errorf("%s rule %s is not on the instance group: %v", kind, rule.Name, rule.Dependencies)
					}
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("security group rules (-want +got):\n%s", diff)
			}
			// Rule i admits group i: the first keeps the name it had when
			// the cluster took one group, so adding one replaces nothing.
			var names, peers []string
			for _, rule := range r.mocks.OfType(clusterTypIngress) {
				names = append(names, rule.Name)
				peers = append(peers, rule.String("referencedSecurityGroupId"))
			}
			if diff := cmp.Diff(tc.names, names); diff != "" {
				t.Errorf("ingress rule names (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.lbGroups, peers); diff != "" {
				t.Errorf("ingress rules' groups, in name order (-want +got):\n%s", diff)
			}
			if got := r.out["instanceSecurityGroupId"].String(); !strings.HasPrefix(got, "sg-") {
				t.Errorf("InstanceSecurityGroupID = %q, want a security group id", got)
			}
		})
	}
}

func TestNewClusterAutoScalingGroup(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		zones, min, max           int
		wantMin, wantMax, wantDes float64
	}{
		"two zones":              {zones: 2, wantMin: 2, wantMax: 4, wantDes: 2},
		"three zones":            {zones: 3, wantMin: 3, wantMax: 6, wantDes: 3},
		"explicit sizes":         {zones: 2, min: 1, max: 5, wantMin: 1, wantMax: 5, wantDes: 1},
		"max defaults to 2x min": {zones: 2, min: 3, wantMin: 3, wantMax: 6, wantDes: 3},
		"max equal to min":       {zones: 2, min: 2, max: 2, wantMin: 2, wantMax: 2, wantDes: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := clusterArgs(tc.zones)
			a.MinInstances, a.MaxInstances = tc.min, tc.max
			a.Tags = map[string]string{"team": "web"}
			r := clusterMustRun(t, "web", a)
			asg := clusterOne(t, r, clusterTypASG)
			got := [3]float64{asg.Number("minSize"), asg.Number("maxSize"), asg.Number("desiredCapacity")}
			if want := [3]float64{tc.wantMin, tc.wantMax, tc.wantDes}; got != want {
				t.Errorf("min, max, desired = %v, want %v", got, want)
			}
			if diff := cmp.Diff([]string{"desiredCapacity"}, asg.IgnoreChanges); diff != "" {
				t.Errorf("group ignoreChanges (-want +got):\n%s", diff)
			}
			for _, res := range r.mocks.Resources() {
				if res.Type != clusterTypASG && len(res.IgnoreChanges) > 0 {
					t.Errorf("%s %s ignores changes to %v", res.Type, res.Name, res.IgnoreChanges)
				}
			}
			for _, k := range []string{"protectFromScaleIn", "forceDelete"} {
				if !asg.True(k) {
					t.Errorf("group %s = %v, want true", k, asg.Get(k))
				}
			}
			if got := asg.String("waitForCapacityTimeout"); got != "0" {
				t.Errorf("group waitForCapacityTimeout = %q, want \"0\": nothing should wait for instances to boot", got)
			}
			if got := asg.String("healthCheckType"); got != "EC2" {
				t.Errorf("group health check type = %q, want EC2", got)
			}
			var subnets []string
			for _, v := range asg.Get("vpcZoneIdentifiers").ArrayValue() {
				subnets = append(subnets, v.StringValue())
			}
			if diff := cmp.Diff(clusterSubnets[:tc.zones], subnets); diff != "" {
				t.Errorf("group subnets (-want +got):\n%s", diff)
			}

			// The group pins the template's latest version and refreshes
			// its instances, protected ones included, when it changes.
			lt := clusterOne(t, r, clusterTypLT)
			if !clusterDependsOn(asg, lt) || !strings.HasPrefix(asg.String("launchTemplate", "id"), "lt-") {
				t.Errorf("group launch template = %v, want the component's", asg.Get("launchTemplate"))
			}
			if got := asg.String("launchTemplate", "version"); got != "1" {
				t.Errorf("group launch template version = %q, want the latest version (1)", got)
			}
			for _, c := range []struct{ path, want string }{
				{"instanceRefresh.strategy", "Rolling"},
				{"instanceRefresh.preferences.scaleInProtectedInstances", "Refresh"},
			} {
				if got := asg.String(strings.Split(c.path, ".")...); got != c.want {
					t.Errorf("group %s = %q, want %q", c.path, got, c.want)
				}
			}
			if got := asg.Number("instanceRefresh", "preferences", "minHealthyPercentage"); got != 100 {
				t.Errorf("instance refresh min healthy = %v%%, want 100", got)
			}

			type tag struct {
				Value     string
				Propagate bool
			}
			tags := map[string]tag{}
			for _, v := range asg.Get("tags").ArrayValue() {
				o := v.ObjectValue()
				tags[o["key"].StringValue()] = tag{o["value"].StringValue(), o["propagateAtLaunch"].BoolValue()}
			}
			want := map[string]tag{"AmazonECSManaged": {"true", true}, "Name": {"web", true}, "team": {"web", true}}
			if diff := cmp.Diff(want, tags); diff != "" {
				t.Errorf("group tags (-want +got):\n%s", diff)
			}
			if got := r.out["autoScalingGroupName"].String(); !strings.HasPrefix(got, "web-") {
				t.Errorf("AutoScalingGroupName = %q", got)
			}
		})
	}
}

// TestNewClusterMaxInstancesFromServices checks the default MaxInstances:
// the instances a release of every service needs (each running twice its
// MaxCount, spread over the zones), and at least twice MinInstances.
func TestNewClusterMaxInstancesFromServices(t *testing.T) {
	t.Parallel()
	small := func(n int) ecs.ServiceTasks { return ecs.ServiceTasks{CPU: 256, MemoryMiB: 512, MaxCount: n} } // 3 a t3.small
	big := func(n int) ecs.ServiceTasks { return ecs.ServiceTasks{CPU: 1024, MemoryMiB: 1024, MaxCount: n} } // 1 a t3.small
	tests := map[string]struct {
		zones, min int
		it         ecs.InstanceType
		services   []ecs.ServiceTasks
		want       float64
	}{
		"no services: twice the minimum":      {zones: 2, want: 4},
		"a small service fits the minimum":    {zones: 2, services: []ecs.ServiceTasks{small(2)}, want: 4},
		"10 tasks: 20 in a release, 4 a zone": {zones: 2, services: []ecs.ServiceTasks{small(10)}, want: 8},
		"11 tasks: 22, 11 a zone, still 4":    {zones: 2, services: []ecs.ServiceTasks{small(11)}, want: 8},
		"13 tasks: 26, 13 a zone, 5 a zone":   {zones: 2, services: []ecs.ServiceTasks{small(13)}, want: 10},
		"three zones round up per zone":       {zones: 3, services: []ecs.ServiceTasks{big(4)}, want: 9},
		"services add up":                     {zones: 2, services: []ecs.ServiceTasks{small(10), big(3)}, want: 14},
		"a larger minimum wins":               {zones: 2, min: 6, services: []ecs.ServiceTasks{small(2)}, want: 12},
		"a larger type needs fewer instances": {zones: 2, it: ecs.InstanceType{Name: "m5.large", VCPUs: 2, MemoryMiB: 8192, Architecture: "x86_64"}, services: []ecs.ServiceTasks{small(20)}, want: 6},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := clusterArgs(tc.zones)
			a.MinInstances, a.InstanceType, a.Services = tc.min, tc.it, tc.services
			asg := clusterOne(t, clusterMustRun(t, "web", a), clusterTypASG)
			if got := asg.Number("maxSize"); got != tc.want {
				t.Errorf("MaxInstances for %d zones, min %d, %s, services %+v = %v, want %v", tc.zones, tc.min, tc.it.Name, tc.services, got, tc.want)
			}
		})
	}
}

func TestNewClusterCapacityProvider(t *testing.T) {
	t.Parallel()
	r := clusterMustRun(t, "web", clusterArgs(2))
	cp := clusterOne(t, r, clusterTypCP)
	asg := clusterOne(t, r, clusterTypASG)
	for _, c := range []struct{ path, want string }{
		{"autoScalingGroupProvider.managedScaling.status", "ENABLED"},
		{"autoScalingGroupProvider.managedTerminationProtection", "ENABLED"},
		{"autoScalingGroupProvider.managedDraining", "ENABLED"},
		{"autoScalingGroupProvider.autoScalingGroupArn", "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"},
	} {
		if got := cp.String(strings.Split(c.path, ".")...); !strings.HasPrefix(got, c.want) {
			t.Errorf("capacity provider %s = %q, want %q", c.path, got, c.want)
		}
	}
	if !clusterDependsOn(cp, asg) {
		t.Errorf("capacity provider is not over the group: %v", cp.Dependencies)
	}
	if got := cp.Number("autoScalingGroupProvider", "managedScaling", "targetCapacity"); got != 100 {
		t.Errorf("managed scaling target = %v, want 100", got)
	}

	assoc := clusterOne(t, r, clusterTypAssoc)
	cpName := r.out["capacityProviderName"].String()
	clusterName := r.out["clusterName"].String()
	if cpName == "" || clusterName == "" {
		t.Fatalf("CapacityProviderName = %q, ClusterName = %q; want both known", cpName, clusterName)
	}
	if got := assoc.String("clusterName"); got != clusterName {
		t.Errorf("association cluster = %q, want %q", got, clusterName)
	}
	want := map[string]any{
		"capacityProviders":                 []any{cpName},
		"defaultCapacityProviderStrategies": []any{map[string]any{"capacityProvider": cpName, "weight": 1.0}},
	}
	got := map[string]any{}
	for k := range want {
		got[k] = assoc.Inputs[resource.PropertyKey(k)].Mappable()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("association (-want +got):\n%s", diff)
	}
	cluster := clusterOne(t, r, clusterTypCluster)
	if !clusterDependsOn(assoc, cluster) || !clusterDependsOn(assoc, cp) {
		t.Errorf("association does not join the cluster and the capacity provider: %v", assoc.Dependencies)
	}
}

// TestNewClusterCapacityProviderName checks that the capacity provider's
// name never starts with a prefix ECS refuses, whatever the component's name.
func TestNewClusterCapacityProviderName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"web":      "web-cp",
		"ecs":      "cp-ecs",
		"ECS-prod": "cp-ECS-prod",
		"aws_web":  "cp-aws_web",
		"fargate1": "cp-fargate1",
		"prod-ecs": "prod-ecs-cp",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := clusterMustRun(t, name, clusterArgs(2))
			if got := clusterOne(t, r, clusterTypCP).Name; got != want {
				t.Errorf("capacity provider logical name = %q, want %q", got, want)
			}
			physical := strings.ToLower(r.out["capacityProviderName"].String())
			for _, p := range []string{"aws", "ecs", "fargate"} {
				if strings.HasPrefix(physical, p) {
					t.Errorf("capacity provider name %q starts with %q", physical, p)
				}
			}
		})
	}
}

// TestNewClusterOutputsWaitForAssociation registers a resource with each of
// ClusterName, ClusterARN and CapacityProviderName as its input: each depends
// on the capacity provider association, so a service waits for it.
func TestNewClusterOutputsWaitForAssociation(t *testing.T) {
	t.Parallel()
	r := clusterMustRun(t, "web", clusterArgs(2))
	assoc := clusterOne(t, r, clusterTypAssoc)
	for _, k := range []string{"clusterName", "clusterArn", "capacityProviderName"} {
		consumer, ok := r.mocks.Named(clusterTypConsumer, "uses-"+k)
		if !ok {
			t.Fatalf("no consumer of %s", k)
		}
		if !clusterDependsOn(consumer, assoc) {
			t.Errorf("a resource using %s does not depend on the association %s: %v", k, assoc.URN, consumer.Dependencies)
		}
	}
	cp := clusterOne(t, r, clusterTypCP)
	if got, want := r.out["capacityProviderName"].String(), cp.String("name"); want != "" && got != want {
		t.Errorf("CapacityProviderName = %q, want %q", got, want)
	}
	if got := r.out["clusterArn"].String(); !strings.HasPrefix(got, "arn:aws:ecs:us-east-1:123456789012:cluster/web-") {
		t.Errorf("ClusterARN = %q, want the cluster's ARN", got)
	}
}

func TestNewClusterContainerInsights(t *testing.T) {
	t.Parallel()
	tests := map[ecs.ContainerInsights]string{
		"":                            "enabled",
		ecs.ContainerInsightsEnabled:  "enabled",
		ecs.ContainerInsightsEnhanced: "enhanced",
		ecs.ContainerInsightsDisabled: "disabled",
	}
	for level, want := range tests {
		t.Run(string(level), func(t *testing.T) {
			t.Parallel()
			a := clusterArgs(2)
			a.ContainerInsights = level
			cluster := clusterOne(t, clusterMustRun(t, "web", a), clusterTypCluster)
			got := cluster.Inputs["settings"].Mappable()
			if diff := cmp.Diff([]any{map[string]any{"name": "containerInsights", "value": want}}, got); diff != "" {
				t.Errorf("cluster settings for %q (-want +got):\n%s", level, diff)
			}
		})
	}
}

func TestNewClusterParentsAndTags(t *testing.T) {
	t.Parallel()
	a := clusterArgs(2)
	a.AllowAllEgress = true
	a.Tags = map[string]string{"team": "web", "env": "test"}
	r := clusterMustRun(t, "web", a)
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == ecs.ClusterType {
			comp = res.URN
		}
	}
	for _, res := range r.mocks.Resources() {
		if res.Type == ecs.ClusterType || res.Type == clusterTypConsumer {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		switch res.Type {
		case clusterTypAssoc:
			continue // not taggable
		case clusterTypASG:
			continue // a list of tags: TestNewClusterAutoScalingGroup
		}
		tags := res.Inputs["tags"]
		if !tags.IsObject() {
			t.Errorf("%s %s has no tags", res.Type, res.Name)
			continue
		}
		m := tags.ObjectValue()
		if m["team"].StringValue() != "web" || m["env"].StringValue() != "test" || m["Name"].StringValue() != res.Name {
			t.Errorf("%s %s tags = %v, want team, env and Name=%s", res.Type, res.Name, m, res.Name)
		}
	}
	lt := clusterOne(t, r, clusterTypLT)
	for _, ts := range lt.Get("tagSpecifications").ArrayValue() {
		m := ts.ObjectValue()["tags"].ObjectValue()
		if m["team"].StringValue() != "web" || m["env"].StringValue() != "test" {
			t.Errorf("launch template tags %s = %v, want team and env", ts.ObjectValue()["resourceType"], m)
		}
	}
}

// TestNewClusterIsDeterministic registers the same cluster twice: every
// input is identical, so `pulumi up` proposes no change between runs.
func TestNewClusterIsDeterministic(t *testing.T) {
	t.Parallel()
	args := func() *ecs.ClusterArgs {
		a := clusterArgs(3)
		a.Tags = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": "8"}
		return a
	}
	inputs := func(r clusterResult) map[string]any {
		out := map[string]any{}
		for _, res := range r.mocks.Resources() {
			out[res.Type+"/"+res.Name] = res.Inputs.Mappable()
		}
		return out
	}
	first := inputs(clusterMustRun(t, "web", args()))
	for range 5 {
		if diff := cmp.Diff(first, inputs(clusterMustRun(t, "web", args()))); diff != "" {
			t.Fatalf("inputs differ between runs (-first +later):\n%s", diff)
		}
	}
}

// TestNewClusterRejectsBadArgs checks what only the constructor checks (the
// name and the required inputs) and that Validate's problems reach its
// error; TestClusterValidate has the rules themselves.
func TestNewClusterRejectsBadArgs(t *testing.T) {
	t.Parallel()
	with := func(f func(*ecs.ClusterArgs)) *ecs.ClusterArgs {
		a := clusterArgs(2)
		f(a)
		return a
	}
	tests := map[string]struct {
		name string
		args *ecs.ClusterArgs
		want []string
	}{
		"nil args": {args: nil, want: []string{
			"VPCID is missing", "SubnetIDs is missing", "InstanceProfileARN is missing",
			"LoadBalancerSecurityGroupIDs is missing", "AZCount 0 is too small",
		}},
		"one zone":         {args: with(func(a *ecs.ClusterArgs) { a.AZCount = 1 }), want: []string{"AZCount 1 is too small: the subnets span at least 2 availability zones"}},
		"no subnets":       {args: with(func(a *ecs.ClusterArgs) { a.SubnetIDs = nil }), want: []string{"SubnetIDs is missing"}},
		"no load balancer": {args: with(func(a *ecs.ClusterArgs) { a.LoadBalancerSecurityGroupIDs = nil }), want: []string{"LoadBalancerSecurityGroupIDs is missing"}},
		"a nil load balancer group": {
			args: with(func(a *ecs.ClusterArgs) { a.LoadBalancerSecurityGroupIDs = append(a.LoadBalancerSecurityGroupIDs, nil) }),
			want: []string{"LoadBalancerSecurityGroupIDs[1] is nil"},
		},
		"uppercase type": {
			args: with(func(a *ecs.ClusterArgs) {
				a.InstanceType = ecs.InstanceType{Name: "T3.small", VCPUs: 2, MemoryMiB: 2048, Architecture: "x86_64"}
			}),
			want: []string{`InstanceType "T3.small" is not an EC2 instance type: use family.size in lowercase`},
		},
		"type without sizes": {
			args: with(func(a *ecs.ClusterArgs) { a.InstanceType = ecs.InstanceType{Name: "t3.large"} }),
			want: []string{`InstanceType "t3.large" has no sizes (0 vCPU, 0 MiB, architecture ""): look it up with LookupInstanceType`},
		},
		"max below min": {args: with(func(a *ecs.ClusterArgs) { a.MinInstances, a.MaxInstances = 3, 2 }), want: []string{"MaxInstances 2 is below MinInstances 3: use at least 3"}},
		"task too big": {
			args: with(func(a *ecs.ClusterArgs) { a.Services = []ecs.ServiceTasks{{CPU: 4096, MemoryMiB: 512, MaxCount: 2}} }),
			want: []string{"Services[0].CPU 4096 CPU units do not fit one instance of InstanceType t3.small (2 vCPU, 2048 MiB), which has 2048"},
		},
		"bad component name":  {name: "web app", args: clusterArgs(2), want: []string{`name "web app"`, "hyphens and underscores"}},
		"long component name": {name: strings.Repeat("w", 121), args: clusterArgs(2), want: []string{"1 to 120"}},
		"every problem at once": {args: with(func(a *ecs.ClusterArgs) {
			a.VPCID, a.AZCount, a.RootVolumeSizeGiB = nil, 1, 1
			a.InstanceType = ecs.InstanceType{Name: "big", VCPUs: 2, MemoryMiB: 2048, Architecture: "x86_64"}
		}), want: []string{"VPCID is missing", "AZCount 1", `InstanceType "big"`, "RootVolumeSizeGiB 1"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cn := tc.name
			if cn == "" {
				cn = "web"
			}
			r, err := clusterRun(t, cn, tc.args, false)
			if err == nil {
				t.Fatalf("NewCluster(%q, %+v) succeeded, want an error", cn, tc.args)
			}
			if !strings.Contains(err.Error(), "ecs: "+cn+": ") {
				t.Errorf("NewCluster error %q lacks the origin prefix %q", err, "ecs: "+cn+": ")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NewCluster error %q lacks %q", err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewCluster registered %d resources before failing, want 0", n)
			}
		})
	}
}

func TestNewClusterDryRun(t *testing.T) {
	t.Parallel()
	r, err := clusterRun(t, "web", clusterArgs(2), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"clusterName", "capacityProviderName", "launchTemplateId"} {
		if _, known := r.out[k].Get(); known {
			t.Errorf("%s is known in a preview", k)
		}
	}
	got := r.mocks.CountByType()
	if got[clusterTypASG] != 1 || got[clusterTypCP] != 1 || got[clusterTypAssoc] != 1 || got[clusterTypLT] != 1 {
		t.Errorf("preview registers %v, want the whole cluster", got)
	}
	// ignoreChanges is an option, so it holds in a preview too.
	if asg := clusterOne(t, r, clusterTypASG); !slices.Equal(asg.IgnoreChanges, []string{"desiredCapacity"}) {
		t.Errorf("group ignoreChanges in a preview = %v", asg.IgnoreChanges)
	}
}

func ExampleNewCluster() {
	program := func(ctx *pulumi.Context) error {
		// In a real program these come from the network and iam components
		// and the load balancer.
		cluster, err := ecs.NewCluster(ctx, "web", &ecs.ClusterArgs{
			VPCID:                        pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs:                    pulumi.ToStringArray([]string{"subnet-0aaa", "subnet-0bbb"}),
			AZCount:                      2,
			InstanceType:                 ecs.InstanceType{Name: "t4g.small", VCPUs: 2, MemoryMiB: 2048, Architecture: ecs.ArchitectureArm}, // Graviton: arm64 image; LookupInstanceType asks AWS
			InstanceProfileARN:           pulumi.String("arn:aws:iam::123456789012:instance-profile/ecs-instances"),
			LoadBalancerSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0123456789abcdef0")},
			Tags:                         map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		ctx.Export("clusterArn", cluster.ClusterARN)
		// A service names the capacity provider in its strategy; the
		// output makes it wait for the cluster's association.
		ctx.Export("capacityProviderName", cluster.CapacityProviderName)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
