package ecs

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	awsautoscaling "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsecs "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	awsvpc "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterType is the Cluster component's type token. It is part of every
// child's URN: changing it replaces the cluster and its instances unless an
// alias says otherwise.
const ClusterType = "ecs-bluegreen:ecs:Cluster"

// ContainerInsights is the level of CloudWatch Container Insights a cluster
// records.
type ContainerInsights string

const (
	// ContainerInsightsEnabled records cluster-, service- and task-level
	// CPU, memory, network and storage metrics. CloudWatch bills them as
	// custom metrics.
	ContainerInsightsEnabled ContainerInsights = "enabled"
	// ContainerInsightsEnhanced adds container-level metrics and curated
	// dashboards, at a higher CloudWatch cost.
	ContainerInsightsEnhanced ContainerInsights = "enhanced"
	// ContainerInsightsDisabled records no Container Insights metrics; ECS
	// still publishes the free service CPU and memory utilization metrics.
	ContainerInsightsDisabled ContainerInsights = "disabled"
)

// ContainerInsightsLevels lists the accepted ContainerInsights values.
var ContainerInsightsLevels = []ContainerInsights{ContainerInsightsEnabled, ContainerInsightsEnhanced, ContainerInsightsDisabled}

// Defaults and limits of ClusterArgs.
const (
	// DefaultRootVolumeSizeGiB is the root volume's size when
	// ClusterArgs.RootVolumeSizeGiB is zero. It is also the minimum: the
	// ECS-optimized Amazon Linux 2023 image's snapshot is 30 GiB.
	DefaultRootVolumeSizeGiB = 30
	// MaxRootVolumeSizeGiB is the largest gp3 volume EBS creates.
	MaxRootVolumeSizeGiB = 16384
)

// The host ports Docker may pick for a container whose host port is 0 in
// bridge mode: the range covers the kernel's ephemeral range (32768-60999 on
// Amazon Linux 2023) and Docker's fallback (49153-65535). The instances
// admit exactly this range, from the load balancer only.
const (
	// DynamicHostPortFrom is the first dynamic host port.
	DynamicHostPortFrom = 32768
	// DynamicHostPortTo is the last dynamic host port.
	DynamicHostPortTo = 65535
)

// ClusterArgs configures NewCluster. VPCID, SubnetIDs, AZCount,
// InstanceProfileARN and LoadBalancerSecurityGroupIDs are required; every
// other field's zero value is a working default.
type ClusterArgs struct {
	// VPCID is the VPC of the instances' security group. Required.
	VPCID pulumi.StringInput
	// SubnetIDs are the subnets the Auto Scaling group launches instances
	// into: private subnets, one per availability zone (instances get no
	// public IP and reach AWS through NAT or endpoints). Required.
	SubnetIDs pulumi.StringArrayInput
	// AZCount is how many availability zones SubnetIDs span. It sizes the
	// group: one instance per zone at rest. Required, at least 2.
	AZCount int
	// InstanceType is the EC2 instance type of the container instances,
	// with its sizes and architecture: LookupInstanceType asks AWS for them.
	// Graviton types (arm64: t4g, m7g, c6gn, r8g, ...) get the arm64 image;
	// their tasks' images must be built for arm64 (InstanceType.Platform).
	// Default: DefaultInstanceType.
	InstanceType InstanceType
	// Services are what the cluster must hold: for each service placed on
	// it, its task size and most tasks (Service.Tasks, or ServiceArgs.Tasks
	// before the service exists). NewCluster refuses a task that does not
	// fit one instance, and sizes MaxInstances for every service's release
	// at once, when each runs twice its tasks. Default: none, and
	// MaxInstances defaults to twice MinInstances.
	Services []ServiceTasks
	// InstanceProfileARN is the ARN of the instances' IAM instance profile.
	// Its role needs AmazonEC2ContainerServiceforEC2Role (to register with
	// the cluster) and, for Session Manager, the agent's channel actions
	// (iam.Roles gives its instance role those alone).
	// Required.
	InstanceProfileARN pulumi.StringInput
	// LoadBalancerSecurityGroupIDs are the security groups of the load
	// balancers in front of the cluster's services, one per load balancer.
	// The instances admit TCP DynamicHostPortFrom-DynamicHostPortTo from
	// these groups and nothing else. Append a group to add a load balancer;
	// removing or reordering one replaces rules. At least one is required.
	LoadBalancerSecurityGroupIDs []pulumi.StringInput
	// MinInstances is the Auto Scaling group's minimum size and its size at
	// creation; ECS managed scaling changes the size between MinInstances
	// and MaxInstances. Fewer than AZCount leaves a zone without an
	// instance at rest. Default: AZCount.
	MinInstances int
	// MaxInstances is the Auto Scaling group's maximum size, at least
	// MinInstances and at most MaxInstancesLimit: a cost guard. During a
	// blue/green release both task sets run, so the group needs room for
	// twice the Services' tasks; NewCluster refuses a MaxInstances that
	// cannot hold them, naming the task count that fits. Default: as many
	// instances as a release of every service needs, and at least twice
	// MinInstances.
	MaxInstances int
	// RootVolumeSizeGiB is the size of each instance's encrypted gp3 root
	// volume, which holds images and container logs, in GiB:
	// DefaultRootVolumeSizeGiB to MaxRootVolumeSizeGiB. Default:
	// DefaultRootVolumeSizeGiB.
	RootVolumeSizeGiB int
	// ContainerInsights sets the cluster's CloudWatch Container Insights
	// level. Default: ContainerInsightsEnabled.
	ContainerInsights ContainerInsights
	// AllowAllEgress lets the instances (and so the containers in bridge
	// mode) open connections on any port to anywhere. Default: off, and the
	// instances may only reach TCP 443 (the ECS agent, ECR, SSM, S3,
	// CloudWatch Logs and other HTTPS APIs and registries). DNS, NTP and
	// the instance metadata service are not subject to security groups.
	AllowAllEgress bool
	// Tags are applied to every taggable resource of the component and to
	// the instances and volumes the group launches, beside the Name tag it
	// sets itself. Keys may not be Name, AmazonECSManaged or start with
	// "aws:".
	Tags map[string]string
}

// Cluster is an ECS cluster with its own EC2 capacity: an Auto Scaling group
// of ECS-optimized Amazon Linux 2023 instances in private subnets, scaled by
// ECS through a capacity provider that is the cluster's default strategy.
type Cluster struct {
	pulumi.ResourceState

	// ClusterName is the ECS cluster's name. It resolves once the capacity
	// provider is associated with the cluster, like CapacityProviderName.
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	// ClusterARN is the ECS cluster's ARN. It resolves once the capacity
	// provider is associated with the cluster: a service created with the
	// cluster's default capacity provider strategy needs the association.
	ClusterARN pulumi.StringOutput `pulumi:"clusterArn"`
	// CapacityProviderName is the name of the capacity provider over the
	// Auto Scaling group, for a service's capacity provider strategy. It
	// resolves only after the cluster's capacity provider association
	// exists, so a service that uses it waits for the association, as ECS
	// requires (and is deleted before the association on destroy).
	CapacityProviderName pulumi.StringOutput `pulumi:"capacityProviderName"`
	// InstanceSecurityGroupID is the container instances' security group,
	// for rules a caller adds (the load balancer's egress to the instances,
	// or access to a database).
	InstanceSecurityGroupID pulumi.StringOutput `pulumi:"instanceSecurityGroupId"`
	// AutoScalingGroupName is the name of the instances' Auto Scaling group.
	AutoScalingGroupName pulumi.StringOutput `pulumi:"autoScalingGroupName"`
	// LaunchTemplateID is the id of the instances' launch template.
	LaunchTemplateID pulumi.StringOutput `pulumi:"launchTemplateId"`
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args ClusterArgs) withDefaults() ClusterArgs {
	if args.InstanceType == (InstanceType{}) {
		args.InstanceType = DefaultInstanceType
	}
	if args.MinInstances == 0 {
		args.MinInstances = args.AZCount
	}
	if args.MaxInstances == 0 {
		need := releaseInstances(args.InstanceType, args.AZCount, args.Services)
		args.MaxInstances = min(max(2*args.MinInstances, need), MaxInstancesLimit)
	}
	if args.RootVolumeSizeGiB == 0 {
		args.RootVolumeSizeGiB = DefaultRootVolumeSizeGiB
	}
	if args.ContainerInsights == "" {
		args.ContainerInsights = ContainerInsightsEnabled
	}
	return args
}

// clusterNamePattern is what the component's name may be: it prefixes the
// auto-generated names of the cluster, launch template, group and capacity
// provider, which accept letters, digits, hyphens and underscores.
var clusterNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// clusterMaxNameLength keeps auto-generated names (name, "-", 7 random
// characters) within the launch template's limit of 128 characters.
const clusterMaxNameLength = 120

// clusterReservedTagKeys are tag keys the component sets itself.
var clusterReservedTagKeys = []string{"Name", "AmazonECSManaged"}

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. It checks that
// every service's task fits an instance and that MaxInstances holds their
// releases. NewCluster calls it before it registers anything; a caller may
// call it earlier, before it creates anything else.
func (args ClusterArgs) Validate() error {
	return args.withDefaults().check(args.MaxInstances != 0)
}

// check is Validate on args with defaults; explicitMax says whether the
// caller set MaxInstances (else it is sized from the Services, up to
// MaxInstancesLimit).
func (args ClusterArgs) check(explicitMax bool) error {
	var errs argcheck.List
	if args.AZCount < 2 {
		errs.Add("AZCount", args.AZCount, 2, "is too small: the subnets span at least 2 availability zones (a load balancer needs two); set it to their number")
	}
	t := args.InstanceType
	checkInstanceTypeName(&errs, t.Name)
	sized := t.VCPUs >= 1 && t.MemoryMiB >= 1 && (t.Architecture == ArchitectureX86 || t.Architecture == ArchitectureArm)
	if !sized {
		errs.Add("InstanceType", t.Name, nil, "has no sizes (%d vCPU, %d MiB, architecture %q): look it up with LookupInstanceType", t.VCPUs, t.MemoryMiB, t.Architecture)
	}
	// MinInstances defaults to AZCount: when both are bad, the AZCount
	// error says it all.
	if args.MinInstances < 1 && (args.AZCount >= 2 || args.MinInstances != args.AZCount) {
		errs.Add("MinInstances", args.MinInstances, max(args.AZCount, 1), "is too small: use at least 1, or 0 for one instance per zone ({AZCount})")
	}
	if args.MinInstances >= 1 && args.MaxInstances < args.MinInstances {
		errs.Add("MaxInstances", args.MaxInstances, args.MinInstances,
			"is below {MinInstances} %d: use at least %d, or 0 to size it from the services' tasks", args.MinInstances, args.MinInstances)
	}
	if args.MaxInstances > MaxInstancesLimit {
		errs.Add("MaxInstances", args.MaxInstances, MaxInstancesLimit, "is more than the %d container instances an ECS cluster may have", MaxInstancesLimit)
	}
	for i, s := range args.Services {
		f := func(field string) string { return fmt.Sprintf("Services[%d].%s", i, field) }
		if s.CPU < 1 {
			errs.Add(f("CPU"), s.CPU, DefaultCPU, "is not a task size: use the CPU units a task reserves")
		}
		if s.MemoryMiB < 1 {
			errs.Add(f("MemoryMiB"), s.MemoryMiB, DefaultMemoryMiB, "is not a task size: use the MiB a task reserves")
		}
		if s.MaxCount < 1 {
			errs.Add(f("MaxCount"), s.MaxCount, 1, "is not a task count: use the most tasks the service runs")
		}
	}
	if len(errs) == 0 { // the capacity checks need sizes, zones and a valid maximum
		limit := "the " + strconv.Itoa(MaxInstancesLimit) + " container instances an ECS cluster may have"
		if explicitMax {
			limit = "{MaxInstances} " + strconv.Itoa(args.MaxInstances)
		}
		checkCapacity(&errs, t, args.AZCount, args.MaxInstances, limit, args.Services)
	}
	errs.Range("RootVolumeSizeGiB", args.RootVolumeSizeGiB, DefaultRootVolumeSizeGiB, MaxRootVolumeSizeGiB, "GiB (the image's snapshot is 30)")
	if !slices.Contains(ContainerInsightsLevels, args.ContainerInsights) {
		errs.Add("ContainerInsights", string(args.ContainerInsights), string(ContainerInsightsEnabled),
			"is not a level: use %q, %q or %q", ContainerInsightsEnabled, ContainerInsightsEnhanced, ContainerInsightsDisabled)
	}
	for _, k := range slices.Sorted(maps.Keys(args.Tags)) {
		if slices.Contains(clusterReservedTagKeys, k) {
			errs.Add("Tags", k, nil, "is a key the component sets itself: remove it")
		} else if strings.HasPrefix(strings.ToLower(k), "aws:") {
			errs.Add("Tags", k, nil, "starts with aws:, a prefix reserved for AWS: rename the key")
		}
	}
	return errs.Err()
}

// validate is check, plus the name and the required inputs, which only a
// caller's code (never a stack's configuration) gets wrong.
func (args ClusterArgs) validate(name string, explicitMax bool) error {
	var errs argcheck.List
	if !clusterNamePattern.MatchString(name) || len(name) > clusterMaxNameLength {
		errs.Other(fmt.Errorf("name %q: use 1 to %d letters, digits, hyphens and underscores, starting with a letter or digit", name, clusterMaxNameLength))
	}
	if args.VPCID == nil {
		errs.Other(errors.New("VPCID is missing: pass the id of the VPC the instances live in"))
	}
	if args.SubnetIDs == nil {
		errs.Other(errors.New("SubnetIDs is missing: pass the private subnets' ids, one per availability zone"))
	}
	if args.InstanceProfileARN == nil {
		errs.Other(errors.New("InstanceProfileARN is missing: pass the ARN of an instance profile whose role has AmazonEC2ContainerServiceforEC2Role"))
	}
	if len(args.LoadBalancerSecurityGroupIDs) == 0 {
		errs.Other(errors.New("LoadBalancerSecurityGroupIDs is missing: pass the load balancers' security group ids, the only sources the instances admit"))
	}
	for i, id := range args.LoadBalancerSecurityGroupIDs {
		if id == nil {
			errs.Other(fmt.Errorf("LoadBalancerSecurityGroupIDs[%d] is nil: pass a load balancer's security group id", i))
		}
	}
	errs.Other(args.check(explicitMax))
	return errs.Err()
}

// clusterReservedCapacityProviderPrefixes are the prefixes ECS refuses at the
// start of a capacity provider's name.
var clusterReservedCapacityProviderPrefixes = []string{"aws", "ecs", "fargate"}

// clusterCapacityProviderName returns the capacity provider's logical name,
// which Pulumi's auto-naming turns into the physical name's prefix:
// name+"-cp", or "cp-"+name when name starts with a prefix ECS refuses (a
// component named "ecs" is natural).
func clusterCapacityProviderName(name string) string {
	lower := strings.ToLower(name)
	for _, p := range clusterReservedCapacityProviderPrefixes {
		if strings.HasPrefix(lower, p) {
			return "cp-" + name
		}
	}
	return name + "-cp"
}

// NewCluster creates an ECS cluster and its EC2 capacity: a launch template,
// the instances' security group and rules, an Auto Scaling group, and a
// capacity provider with managed scaling, termination protection and
// draining, associated with the cluster as its default strategy. It
// validates args before it registers anything: on error, nothing is created.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if args == nil {
		args = &ClusterArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name, args.MaxInstances != 0); err != nil {
		return nil, fmt.Errorf("ecs: %s: %w", name, err)
	}

	c := &Cluster{}
	if err := ctx.RegisterComponentResource(ClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	clusterTags := func(child string) pulumi.StringMap { return pulumi.ToStringMap(tagging.For(child, a.Tags)) }

	cluster, err := awsecs.NewCluster(ctx, name, &awsecs.ClusterArgs{
		Settings: awsecs.ClusterSettingArray{awsecs.ClusterSettingArgs{
			Name:  pulumi.String("containerInsights"),
			Value: pulumi.String(string(a.ContainerInsights)),
		}},
		Tags: clusterTags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	sg, err := clusterSecurityGroup(ctx, name, a, clusterTags, parent)
	if err != nil {
		return nil, err
	}
	lt, err := clusterLaunchTemplate(ctx, name, a, cluster, sg, clusterTags, parent)
	if err != nil {
		return nil, err
	}
	asg, err := clusterAutoScalingGroup(ctx, name, a, lt, parent)
	if err != nil {
		return nil, err
	}
	cp, assoc, err := clusterCapacityProvider(ctx, name, cluster, asg, clusterTags, parent)
	if err != nil {
		return nil, err
	}

	c.ClusterName = clusterAfter(assoc, cluster.Name)
	c.ClusterARN = clusterAfter(assoc, cluster.Arn)
	c.CapacityProviderName = clusterAfter(assoc, cp.Name)
	c.InstanceSecurityGroupID = sg.ID().ToStringOutput()
	c.AutoScalingGroupName = asg.Name
	c.LaunchTemplateID = lt.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName":             c.ClusterName,
		"clusterArn":              c.ClusterARN,
		"capacityProviderName":    c.CapacityProviderName,
		"instanceSecurityGroupId": c.InstanceSecurityGroupID,
		"autoScalingGroupName":    c.AutoScalingGroupName,
		"launchTemplateId":        c.LaunchTemplateID,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// clusterLaunchTemplate creates the instances' launch template: the
// ECS-optimized image of the instance type's architecture, joining cluster,
// in security group sg, with an encrypted gp3 root volume and the metadata
// service out of the containers' reach.
func clusterLaunchTemplate(ctx *pulumi.Context, name string, a ClusterArgs, cluster *awsecs.Cluster, sg *awsec2.SecurityGroup,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*awsec2.LaunchTemplate, error) {
	return awsec2.NewLaunchTemplate(ctx, name, &awsec2.LaunchTemplateArgs{
		Description:  pulumi.String("ECS container instances of cluster " + name),
		ImageId:      pulumi.String(userDataImageID(a.InstanceType.Architecture)),
		InstanceType: pulumi.String(a.InstanceType.Name),
		IamInstanceProfile: awsec2.LaunchTemplateIamInstanceProfileArgs{
			Arn: a.InstanceProfileARN,
		},
		MetadataOptions: awsec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint: pulumi.String("enabled"),
			HttpTokens:   pulumi.String("required"),
			// The AL2023 ECS image defaults to 2 hops, which lets containers
			// in bridge mode reach the metadata service and the instance
			// role's credentials; 1 keeps them on the host.
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		BlockDeviceMappings: awsec2.LaunchTemplateBlockDeviceMappingArray{awsec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String("/dev/xvda"), // the image's root device
			Ebs: awsec2.LaunchTemplateBlockDeviceMappingEbsArgs{
				VolumeSize:          pulumi.Int(a.RootVolumeSizeGiB),
				VolumeType:          pulumi.String("gp3"),
				Encrypted:           pulumi.String("true"),
				DeleteOnTermination: pulumi.String("true"),
			},
		}},
		// No KeyName: the instances are reached through Session Manager.
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		UserData:            cluster.Name.ApplyT(userDataBase64).(pulumi.StringOutput),
		// Each change makes a new default version; the group pins it (see
		// clusterAutoScalingGroup), so a change rolls the instances.
		UpdateDefaultVersion: pulumi.Bool(true),
		TagSpecifications: awsec2.LaunchTemplateTagSpecificationArray{
			awsec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: tags(name)},
			awsec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: tags(name)},
		},
		Tags: tags(name),
	}, parent)
}

// clusterAutoScalingGroup creates the instances' Auto Scaling group from the
// launch template lt: MinInstances to MaxInstances across the subnets,
// protected from scale-in, refreshed when the template changes.
func clusterAutoScalingGroup(ctx *pulumi.Context, name string, a ClusterArgs, lt *awsec2.LaunchTemplate, parent pulumi.ResourceOption) (*awsautoscaling.Group, error) {
	return awsautoscaling.NewGroup(ctx, name, &awsautoscaling.GroupArgs{
		VpcZoneIdentifiers: a.SubnetIDs,
		// The group pins the launch template's latest version rather than
		// "$Latest": a template change then changes the group, which starts
		// the instance refresh below and rolls every instance onto it.
		LaunchTemplate: awsautoscaling.GroupLaunchTemplateArgs{
			Id:      lt.ID(),
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
		InstanceRefresh: awsautoscaling.GroupInstanceRefreshArgs{
			Strategy: pulumi.String("Rolling"),
			Preferences: awsautoscaling.GroupInstanceRefreshPreferencesArgs{
				// Launch each replacement before its predecessor goes, so the
				// tasks ECS drains off an instance have somewhere to run.
				MinHealthyPercentage: pulumi.Int(100),
				MaxHealthyPercentage: pulumi.Int(200),
				// Managed termination protection protects instances that
				// run tasks; without "Refresh" they would never be replaced.
				// Managed draining moves their tasks first.
				ScaleInProtectedInstances: pulumi.String("Refresh"),
				SkipMatching:              pulumi.Bool(true),
			},
		},
		MinSize: pulumi.Int(a.MinInstances),
		MaxSize: pulumi.Int(a.MaxInstances),
		// The size at creation. After that ECS managed scaling owns the
		// desired capacity (through a target tracking policy it attaches),
		// so Pulumi ignores it: see IgnoreChanges below.
		DesiredCapacity: pulumi.Int(a.MinInstances),
		// Managed termination protection: ECS unprotects an instance only
		// when it runs no tasks, so scale-in never kills a task.
		ProtectFromScaleIn: pulumi.Bool(true),
		// Without it `pulumi destroy` waits forever on instances that are
		// protected from scale-in.
		ForceDelete: pulumi.Bool(true),
		// The provider waits up to 10 minutes for MinSize instances to be
		// InService by default. Nothing needs that: the capacity provider and
		// the service only need the group to exist, and ECS places tasks as
		// instances register. Not waiting keeps instance boot (and the NAT
		// gateway it needs to reach ECS) off the critical path of `pulumi up`.
		WaitForCapacityTimeout: pulumi.String("0"),
		HealthCheckType:        pulumi.String("EC2"),
		Tags:                   clusterGroupTags(name, a.Tags),
	}, parent, pulumi.IgnoreChanges([]string{"desiredCapacity"}))
}

// clusterGroupTags are the Auto Scaling group's tags, each propagated to the
// instances at launch: the user's tags in key order, AmazonECSManaged and
// Name.
func clusterGroupTags(name string, tags map[string]string) awsautoscaling.GroupTagArray {
	asgTags := awsautoscaling.GroupTagArray{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		asgTags = append(asgTags, awsautoscaling.GroupTagArgs{Key: pulumi.String(k), Value: pulumi.String(tags[k]), PropagateAtLaunch: pulumi.Bool(true)})
	}
	return append(asgTags,
		// ECS adds this tag when the capacity provider is created; declaring
		// it keeps Pulumi from removing it, and managed termination
		// protection requires it on the instances from their launch.
		awsautoscaling.GroupTagArgs{Key: pulumi.String("AmazonECSManaged"), Value: pulumi.String("true"), PropagateAtLaunch: pulumi.Bool(true)},
		awsautoscaling.GroupTagArgs{Key: pulumi.String("Name"), Value: pulumi.String(name), PropagateAtLaunch: pulumi.Bool(true)},
	)
}

// clusterCapacityProvider creates the capacity provider over the Auto
// Scaling group asg, with managed scaling, termination protection and
// draining, and associates it with cluster as its default strategy.
func clusterCapacityProvider(ctx *pulumi.Context, name string, cluster *awsecs.Cluster, asg *awsautoscaling.Group,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*awsecs.CapacityProvider, *awsecs.ClusterCapacityProviders, error) {
	cp, err := awsecs.NewCapacityProvider(ctx, clusterCapacityProviderName(name), &awsecs.CapacityProviderArgs{
		AutoScalingGroupProvider: awsecs.CapacityProviderAutoScalingGroupProviderArgs{
			AutoScalingGroupArn: asg.Arn,
			ManagedScaling: awsecs.CapacityProviderAutoScalingGroupProviderManagedScalingArgs{
				Status: pulumi.String("ENABLED"),
				// 100: no idle instance beyond what the tasks need (and
				// MinInstances); a deployment's extra tasks scale the group
				// out.
				TargetCapacity: pulumi.Int(100),
			},
			ManagedTerminationProtection: pulumi.String("ENABLED"),
			ManagedDraining:              pulumi.String("ENABLED"),
		},
		Tags: tags(clusterCapacityProviderName(name)),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	assoc, err := awsecs.NewClusterCapacityProviders(ctx, name, &awsecs.ClusterCapacityProvidersArgs{
		ClusterName:       cluster.Name,
		CapacityProviders: pulumi.StringArray{cp.Name},
		DefaultCapacityProviderStrategies: awsecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray{
			awsecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{
				CapacityProvider: cp.Name,
				Weight:           pulumi.Int(1),
			},
		},
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return cp, assoc, nil
}

// clusterAfter returns v once the association exists: the output carries a
// dependency on the association, so whatever consumes it waits for it.
func clusterAfter(assoc *awsecs.ClusterCapacityProviders, v pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.All(assoc.ID(), v).ApplyT(func(all []any) string {
		return all[1].(string)
	}).(pulumi.StringOutput)
}

// clusterSecurityGroup creates the instances' security group and its
// rules, each a separate resource: ingress on the dynamic host ports from the
// load balancer's group only, egress on TCP 443 anywhere, and all egress when
// args.AllowAllEgress is set.
func clusterSecurityGroup(ctx *pulumi.Context, name string, args ClusterArgs,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*awsec2.SecurityGroup, error) {
	sn := name + "-instances"
	// No inline rules: the provider then removes the allow-all egress rule
	// AWS adds to a new group, and the rules below are the group's only ones.
	sg, err := awsec2.NewSecurityGroup(ctx, sn, &awsec2.SecurityGroupArgs{
		Description: pulumi.String("ECS container instances: dynamic host ports from the load balancer only"),
		VpcId:       args.VPCID,
		Tags:        tags(sn),
	}, parent)
	if err != nil {
		return nil, err
	}
	for i, lb := range args.LoadBalancerSecurityGroupIDs {
		// The first keeps the name it had when the cluster took one group.
		rn := sn + "-from-lb"
		if i > 0 {
			rn += "-" + strconv.Itoa(i)
		}
		if _, err := awsvpc.NewSecurityGroupIngressRule(ctx, rn, &awsvpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg.ID(),
			Description:               pulumi.String("Dynamic host ports of bridge-mode containers, from the load balancer"),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(DynamicHostPortFrom),
			ToPort:                    pulumi.Int(DynamicHostPortTo),
			ReferencedSecurityGroupId: lb,
			Tags:                      tags(rn),
		}, parent); err != nil {
			return nil, err
		}
	}
	if _, err := awsvpc.NewSecurityGroupEgressRule(ctx, sn+"-https", &awsvpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(),
		Description:     pulumi.String("HTTPS: ECS agent, ECR, SSM, S3, CloudWatch Logs, image registries"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
		Tags:            tags(sn + "-https"),
	}, parent); err != nil {
		return nil, err
	}
	if args.AllowAllEgress {
		if _, err := awsvpc.NewSecurityGroupEgressRule(ctx, sn+"-all", &awsvpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("All outbound traffic (AllowAllEgress)"),
			IpProtocol:      pulumi.String("-1"),
			CidrIpv4:        pulumi.String("0.0.0.0/0"),
			Tags:            tags(sn + "-all"),
		}, parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}
