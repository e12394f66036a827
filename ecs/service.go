package ecs

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ecs-bluegreen/ecs-bluegreen/bluegreen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/deployconfig"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/logretention"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awsappautoscaling "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	awscloudwatch "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awscodedeploy "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codedeploy"
	awsecs "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServiceType is the Service component's type token. It is part of every
// child's URN: changing it replaces the service and its deployment group
// unless an alias says otherwise.
const ServiceType = "ecs-bluegreen:ecs:Service"

// Defaults of ServiceArgs, applied when a field is zero.
const (
	// DefaultContainerName names the service's container.
	DefaultContainerName = "app"
	// DefaultContainerPort is the port the container listens on: the
	// load balancer's default target port too (alb.DefaultTargetPort), as
	// both are bluegreen.DefaultContainerPort.
	DefaultContainerPort = bluegreen.DefaultContainerPort
	// DefaultCPU is the container's CPU units (1024 to a vCPU).
	DefaultCPU = 256
	// DefaultMemoryMiB is the container's hard memory limit, in MiB.
	DefaultMemoryMiB = 512
	// DefaultTargetCPUUtilizationPercent is the average CPU utilisation that
	// service auto scaling keeps the tasks at.
	DefaultTargetCPUUtilizationPercent = 60
	// DefaultHealthCheckGracePeriodSeconds is how long ECS ignores the load
	// balancer's health checks of a new task.
	DefaultHealthCheckGracePeriodSeconds = 60
	// DefaultLogRetentionDays is how long the container's logs are kept.
	DefaultLogRetentionDays = 30
	// DefaultTerminationWaitMinutes is how long the previous version keeps
	// running after a release has moved all traffic away from it.
	DefaultTerminationWaitMinutes = 5
	// DefaultTarget5XXAlarmThreshold is how many HTTP 5XX responses from a
	// target group's targets in one minute make a bad minute.
	DefaultTarget5XXAlarmThreshold = 10
	// DefaultTmpfsSizeMiB is the size of each writable tmpfs mount of a
	// read-only container, unless the container's memory is small (see
	// ServiceArgs.TmpfsSizeMiB).
	DefaultTmpfsSizeMiB = 64
)

// DefaultTmpfsPaths are the writable paths of a container whose root file
// system is read-only: /tmp, where the default image
// (nginx-unprivileged) keeps its pid file and its client-body, proxy,
// FastCGI, uWSGI and SCGI temporary files, and where the bundled sample
// service (which writes nothing else) and most runtimes put temporary
// files.
var DefaultTmpfsPaths = []string{"/tmp"}

// DeploymentEvents are the CodeDeploy events a deployment group with a
// notification topic publishes: a release that failed, was rolled back,
// succeeded or was stopped.
var DeploymentEvents = []string{"DeploymentFailure", "DeploymentRollback", "DeploymentStop", "DeploymentSuccess"}

// Limits of ServiceArgs.
const (
	// MaxServiceNameLength is the longest component name NewService accepts:
	// the CodeDeploy application, named after it with Pulumi's 8-character
	// suffix, may have 100 characters.
	MaxServiceNameLength = 100 - 8
	// MaxTerminationWaitMinutes is the longest termination wait CodeDeploy
	// accepts: two days.
	MaxTerminationWaitMinutes = 2880
	// MaxApprovalWaitMinutes is the longest a release may wait for approval
	// before production traffic moves: two days.
	MaxApprovalWaitMinutes = 2880
	// MaxTasks is the most tasks a service may run (ECS's quota).
	MaxTasks = 5000
	// MaxHealthCheckGracePeriodSeconds is the longest health check grace
	// period NewService accepts, two hours: ECS takes more, but a longer
	// grace only hides a task that never becomes healthy, and every release
	// would wait that long for it.
	MaxHealthCheckGracePeriodSeconds = 7200
)

// ServiceArgs configures NewService. The Inputs come from the cluster, the
// load balancer (Traffic) and the roles; each says whether it is optional.
// Every plain field but Image and DesiredCount has a working default.
type ServiceArgs struct {
	// ClusterName is the name of the ECS cluster the service runs in; the
	// deployment group and service auto scaling address the service by it.
	// Required.
	ClusterName pulumi.StringInput
	// CapacityProviderName is the cluster's capacity provider the tasks are
	// placed on, with weight 1. Pass an output that resolves only once the
	// provider is associated with the cluster (ClusterCapacityProviders):
	// the service then waits for the association, as ECS requires. A
	// release's AppSpec must repeat it (Service.CapacityProviderName), or
	// CodeDeploy drops the strategy. Required.
	CapacityProviderName pulumi.StringInput

	// Image is the container image: [registry/]repository[:tag][@digest],
	// with a lower-case repository path. Pin a tag or a digest: without one
	// NewService warns, since ECS pulls :latest and a release cannot be
	// repeated. It is the first version only: later versions are released
	// through CodeDeploy with a new task definition revision. Required
	// unless ImageURI is given.
	Image string
	// ImageURI is the container image as an output of another resource,
	// such as registry.Repository.ImageURI for an image the stack builds.
	// Give Image or ImageURI, not both.
	ImageURI pulumi.StringInput
	// ContainerName names the container: 1 to 255 letters, digits, '_' and
	// '-'. Default: DefaultContainerName.
	ContainerName string
	// ContainerPort is the TCP port the container listens on, 1 to 65535;
	// the host port is dynamic. Default: DefaultContainerPort (8080).
	ContainerPort int
	// CPU is the CPU units reserved for the container (1024 to a vCPU), 2
	// to 196608; it may use idle CPU beyond them. Service auto scaling
	// measures utilisation against it. Default: DefaultCPU.
	CPU int
	// MemoryMiB is the container's hard memory limit in MiB, at least 6:
	// the container is killed when it exceeds it. ECS places tasks by it
	// unless MemoryReservationMiB is set. Default: DefaultMemoryMiB.
	MemoryMiB int
	// MemoryReservationMiB is the container's soft memory limit in MiB: ECS
	// places tasks by it and the container may grow up to MemoryMiB when the
	// instance has memory free. At least 6 and less than MemoryMiB. Default:
	// none, placement reserves MemoryMiB.
	MemoryReservationMiB int
	// Environment holds the container's environment variables, by name.
	// Names may not be empty or contain '='. Names that look like
	// credentials (AWS_SECRET_ACCESS_KEY, *_PASSWORD, *_SECRET, *_TOKEN,
	// *_API_KEY, *_PRIVATE_KEY, ...) are refused: the task definition holds
	// values in plain text; pass secrets from Secrets Manager or SSM
	// Parameter Store, and AWS access through the task role. Default: none.
	Environment map[string]string
	// ReadonlyRootFilesystem mounts the container's root file system
	// read-only (Security Hub ECS.5): the process can write only to
	// TmpfsPaths, in memory, and an attacker cannot change the image's
	// files. nil means true; new(false) for an image that must write
	// elsewhere (a change registers a new task definition revision, which
	// the next release deploys).
	ReadonlyRootFilesystem *bool
	// TmpfsPaths are writable in-memory file systems (tmpfs, mode 1777,
	// nosuid, nodev) mounted in a read-only container: absolute paths,
	// each once, not "/". Ignored when the root file system is writable.
	// Default: DefaultTmpfsPaths (["/tmp"]).
	TmpfsPaths []string
	// TmpfsSizeMiB caps each tmpfs mount, in MiB; what is written there
	// counts against MemoryMiB. All mounts together may not exceed
	// MemoryMiB. Default: DefaultTmpfsSizeMiB (64), or a quarter of
	// MemoryMiB when that is less (at least 1).
	TmpfsSizeMiB int
	// User is the user the container's process runs as: a name or uid,
	// optionally with a group (uid:gid), which the image must know. root
	// (or uid 0) is refused. Default: the image's own USER (the default
	// image runs as uid 101, the bundled sample service as 65532).
	User string

	// DesiredCount is how many tasks run, 1 to MaxTasks; during a release
	// twice as many run for a while, so the cluster's capacity must fit
	// 2*DesiredCount (2*MaxCount with auto scaling) tasks: pass Tasks() to
	// ClusterArgs.Services. Required.
	DesiredCount int
	// MaxCount turns on service auto scaling when above DesiredCount: the
	// task count then follows CPU utilisation between DesiredCount and
	// MaxCount (at most MaxTasks), and Pulumi no longer sets it after
	// creation. Default: DesiredCount (no auto scaling).
	MaxCount int
	// TargetCPUUtilizationPercent is the average CPU utilisation of the
	// tasks, 1 to 100 percent of CPU, that auto scaling keeps by adding and
	// removing tasks. Ignored without auto scaling. Default:
	// DefaultTargetCPUUtilizationPercent.
	TargetCPUUtilizationPercent int
	// HealthCheckGracePeriodSeconds is how long, in seconds, ECS ignores the
	// load balancer's health checks of a new task, so that a slow start is
	// not killed and replaced: 0 to MaxHealthCheckGracePeriodSeconds.
	// Default (nil): DefaultHealthCheckGracePeriodSeconds; new(0) for none.
	HealthCheckGracePeriodSeconds *int
	// LogRetentionDays is how long the container's logs are kept, in days:
	// one of the periods CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60,
	// 90, ... 3653). Default: DefaultLogRetentionDays.
	LogRetentionDays int
	// LogKMSKeyARN encrypts the container's log group with a customer
	// managed KMS key (kms.LogKey.KeyARN), whose policy must let CloudWatch
	// Logs use it. Setting or removing it updates the group in place.
	// Default: none, CloudWatch Logs' own encryption.
	LogKMSKeyARN pulumi.StringInput
	// NotificationTopicARN is an SNS topic (notify.Topic.TopicARN) that the
	// rollback alarms notify when they fire and when they recover, and that
	// the deployment group notifies of every release that fails, rolls
	// back, succeeds or is stopped (DeploymentEvents). The deployment
	// group publishes with CodeDeployRoleARN, which the topic and its key
	// must admit. Default: none, nobody is notified.
	NotificationTopicARN pulumi.StringInput

	// ExecutionRoleARN is the role the ECS agent uses to pull the image and
	// write the logs (AmazonECSTaskExecutionRolePolicy). Required.
	ExecutionRoleARN pulumi.StringInput
	// TaskRoleARN is the role the application's AWS SDK calls use. Without
	// one, SDKs in the container would fall back to the instance's role, so
	// it is required.
	TaskRoleARN pulumi.StringInput
	// CodeDeployRoleARN is the role CodeDeploy deploys with
	// (AWSCodeDeployRoleForECS). Pass an output that resolves once its
	// policy is attached. Required.
	CodeDeployRoleARN pulumi.StringInput

	// Traffic is the load balancer's listeners and its blue and green
	// target groups, which CodeDeploy moves traffic between:
	// alb.LoadBalancer's Traffic(), or a bluegreen.Traffic filled from a
	// load balancer of your own. Required: all of it but TestListenerARN
	// and Green.ARN. Blue.ARN must resolve only once the production
	// listener forwards to the group (ECS refuses a target group no
	// listener uses), and the two Names must differ. Without
	// TestListenerARN releases have no test route; keep the test listener
	// off the internet.
	Traffic bluegreen.Traffic

	// DeploymentConfig says how a release moves production traffic:
	//   - a configuration CodeDeploy predefines for ECS, by its short name
	//     (AllAtOnce, Linear10PercentEvery1Minutes, Canary10Percent5Minutes,
	//     Canary10Percent15Minutes, Linear10PercentEvery3Minutes) or its
	//     full one (CodeDeployDefault.ECSAllAtOnce);
	//   - any other canary or linear configuration by a name of the same
	//     shape, Canary<percent>Percent<minutes>Minutes or
	//     Linear<percent>PercentEvery<minutes>Minutes (1 to 99 percent, 1
	//     to 2880 minutes), which the component creates;
	//   - "existing:" and the name of a custom ECS configuration the account
	//     already has.
	// Anything else is refused: a deployment group naming a configuration
	// that does not exist fails only when AWS creates it. Default: AllAtOnce.
	DeploymentConfig string
	// TerminationWaitMinutes is how long, in minutes, the previous version
	// keeps running after a release has moved all traffic to the new one,
	// 0 to 2880. It is the window for a rollback by alarm or by hand without
	// starting tasks; the next release cannot start before it ends. nil
	// means DefaultTerminationWaitMinutes; new(0) terminates at once.
	TerminationWaitMinutes *int
	// ApprovalWaitMinutes makes every release wait, after the new tasks take
	// test traffic and before production traffic moves, for someone (a CI
	// job that tested the test listener, a person) to continue it: up to
	// this many minutes, 1 to 2880, after which CodeDeploy stops the
	// deployment and rolls it back. 0 (the default) moves production traffic
	// as soon as the new tasks are ready.
	ApprovalWaitMinutes int
	// Target5XXAlarmThreshold is how many HTTP 5XX responses from one
	// target group's targets in one minute, at least 1, make a bad minute;
	// two bad minutes out of three roll a release back. Default:
	// DefaultTarget5XXAlarmThreshold.
	Target5XXAlarmThreshold int

	// Tags are applied to every taggable resource of the component, beside
	// the Name tag it sets itself; the service propagates its tags to its
	// tasks.
	Tags map[string]string
}

// Service is an ECS service on EC2 behind a load balancer, released
// blue/green by CodeDeploy, with its task definition, logs, alarms and
// optional auto scaling.
//
// After creation, releases belong to CodeDeploy: the service ignores changes
// to its task definition, load balancers and capacity provider strategy
// (and task count, with auto scaling). A change of Image or of the container
// registers a new task definition revision (TaskDefinitionARN), which a
// release deploys with an AppSpec naming it, ContainerName, ContainerPort
// and CapacityProviderName.
type Service struct {
	pulumi.ResourceState

	// ServiceName is the ECS service's name.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// ServiceARN is the ECS service's ARN.
	ServiceARN pulumi.StringOutput `pulumi:"serviceArn"`
	// TaskDefinitionFamily is the task definition's family,
	// "<project>-<stack>-<name>": a release registers its revisions in it.
	TaskDefinitionFamily pulumi.StringOutput `pulumi:"taskDefinitionFamily"`
	// TaskDefinitionARN is the ARN, with revision, of the task definition
	// Pulumi registered last. Old revisions stay registered, for rollbacks.
	TaskDefinitionARN pulumi.StringOutput `pulumi:"taskDefinitionArn"`
	// ContainerName is the container the load balancer sends traffic to.
	ContainerName pulumi.StringOutput `pulumi:"containerName"`
	// ContainerPort is the port the container listens on.
	ContainerPort pulumi.IntOutput `pulumi:"containerPort"`
	// CapacityProviderName is the capacity provider of the service's
	// strategy, which a release's AppSpec must repeat.
	CapacityProviderName pulumi.StringOutput `pulumi:"capacityProviderName"`
	// LogGroupName is the CloudWatch Logs group of the container's output.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// CodeDeployApplicationName is the CodeDeploy application releases are
	// created in.
	CodeDeployApplicationName pulumi.StringOutput `pulumi:"codeDeployApplicationName"`
	// DeploymentGroupName is the CodeDeploy deployment group releases are
	// created in.
	DeploymentGroupName pulumi.StringOutput `pulumi:"deploymentGroupName"`
	// AlarmNames are the CloudWatch alarms that roll a release back: for the
	// blue and then the green target group, targets' 5XX responses and
	// unhealthy targets.
	AlarmNames pulumi.StringArrayOutput `pulumi:"alarmNames"`
}

// serviceSettings is ServiceArgs with its defaults applied and the
// deployment configuration resolved.
type serviceSettings struct {
	ServiceArgs
	readonlyRoot           bool
	gracePeriodSeconds     int
	terminationWaitMinutes int
	deploymentConfig       deployconfig.Config
	autoScaling            bool
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args ServiceArgs) withDefaults() serviceSettings {
	if args.ContainerName == "" {
		args.ContainerName = DefaultContainerName
	}
	if args.ContainerPort == 0 {
		args.ContainerPort = DefaultContainerPort
	}
	if args.CPU == 0 {
		args.CPU = DefaultCPU
	}
	if args.MemoryMiB == 0 {
		args.MemoryMiB = DefaultMemoryMiB
	}
	if args.MaxCount == 0 {
		args.MaxCount = args.DesiredCount
	}
	if args.TargetCPUUtilizationPercent == 0 {
		args.TargetCPUUtilizationPercent = DefaultTargetCPUUtilizationPercent
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	if args.Target5XXAlarmThreshold == 0 {
		args.Target5XXAlarmThreshold = DefaultTarget5XXAlarmThreshold
	}
	if args.TmpfsPaths == nil {
		args.TmpfsPaths = DefaultTmpfsPaths
	}
	if args.TmpfsSizeMiB == 0 {
		args.TmpfsSizeMiB = max(1, min(DefaultTmpfsSizeMiB, args.MemoryMiB/4))
	}
	s := serviceSettings{ServiceArgs: args,
		readonlyRoot:           args.ReadonlyRootFilesystem == nil || *args.ReadonlyRootFilesystem,
		gracePeriodSeconds:     orDefault(args.HealthCheckGracePeriodSeconds, DefaultHealthCheckGracePeriodSeconds),
		terminationWaitMinutes: orDefault(args.TerminationWaitMinutes, DefaultTerminationWaitMinutes),
	}
	s.autoScaling = args.MaxCount > args.DesiredCount
	return s
}

func orDefault(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// Tasks returns what the service asks of its cluster: its task size and
// most tasks, after defaults, for ClusterArgs.Services.
func (args ServiceArgs) Tasks() ServiceTasks {
	s := args.withDefaults()
	mem := s.MemoryMiB
	if s.MemoryReservationMiB > 0 {
		mem = s.MemoryReservationMiB // ECS places by the soft limit
	}
	return ServiceTasks{CPU: s.CPU, MemoryMiB: mem, MaxCount: s.MaxCount}
}

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewService calls
// it before it registers anything; a caller may call it earlier, before it
// creates anything else.
func (args ServiceArgs) Validate() error {
	s := args.withDefaults()
	return s.check()
}

// check is Validate on the settings, and resolves the deployment
// configuration.
func (s *serviceSettings) check() error {
	var errs argcheck.List
	switch {
	case s.ImageURI != nil && s.Image != "":
		errs.Add("Image", s.Image, nil, "and {ImageURI} are both set: give one")
	case s.ImageURI != nil:
		// An output: known only at deployment.
	default:
		if err := imageProblem(s.Image); err != nil {
			errs.Add("Image", s.Image, nil, "%v", err)
		}
	}
	if !containerDefNamePattern.MatchString(s.ContainerName) {
		errs.Add("ContainerName", s.ContainerName, DefaultContainerName, "is not a container name: use 1 to 255 letters, digits, '_' and '-'")
	}
	errs.Range("ContainerPort", s.ContainerPort, 1, 65535, "")
	errs.Range("CPU", s.CPU, 2, 196608, "CPU units (1024 to a vCPU)")
	errs.Range("MemoryMiB", s.MemoryMiB, 6, 1<<20, "MiB (Docker's minimum is 6)")
	if r := s.MemoryReservationMiB; r != 0 && (r < 6 || r >= s.MemoryMiB) {
		errs.Add("MemoryReservationMiB", r, nil, "is out of range: use 6 to %d MiB, below {MemoryMiB} %d, or 0 for none", s.MemoryMiB-1, s.MemoryMiB)
	}
	for _, k := range slices.Sorted(maps.Keys(s.Environment)) {
		if containerDefBadEnvName(k) {
			errs.Add("Environment", k, nil, "is not a variable name: a name may not be empty or contain '=' or NUL")
		} else if problem := credentialEnvProblem(k); problem != "" {
			errs.Add("Environment", k, nil, "%s", problem)
		}
	}
	if s.readonlyRoot {
		checkTmpfs(&errs, s.TmpfsPaths, s.TmpfsSizeMiB, s.MemoryMiB)
	}
	if problem := userProblem(s.User); problem != "" {
		errs.Add("User", s.User, nil, "%s", problem)
	}
	errs.Range("DesiredCount", s.DesiredCount, 1, MaxTasks, "tasks")
	if s.MaxCount < s.DesiredCount {
		errs.Add("MaxCount", s.MaxCount, min(2*s.DesiredCount, MaxTasks), "is below {DesiredCount} %d: use at least %d, above it for auto scaling, or 0 for none", s.DesiredCount, s.DesiredCount)
	} else if s.autoScaling {
		errs.Range("MaxCount", s.MaxCount, 1, MaxTasks, "tasks")
	}
	errs.Range("TargetCPUUtilizationPercent", s.TargetCPUUtilizationPercent, 1, 100, "percent")
	errs.Range("HealthCheckGracePeriodSeconds", s.gracePeriodSeconds, 0, MaxHealthCheckGracePeriodSeconds, "seconds")
	if !logretention.Valid(s.LogRetentionDays) {
		errs.Add("LogRetentionDays", s.LogRetentionDays, logretention.Nearest(s.LogRetentionDays), "is not a CloudWatch Logs retention period: use one of %v", logretention.Days)
	}
	config, err := deployconfig.Parse(s.DeploymentConfig)
	if err != nil {
		errs.Add("DeploymentConfig", s.DeploymentConfig, deployconfig.Suggest(s.DeploymentConfig), "%v", err)
	}
	s.deploymentConfig = config
	errs.Range("ApprovalWaitMinutes", s.ApprovalWaitMinutes, 0, MaxApprovalWaitMinutes, "minutes (0: no approval)")
	errs.Range("TerminationWaitMinutes", s.terminationWaitMinutes, 0, MaxTerminationWaitMinutes, "minutes")
	if s.Target5XXAlarmThreshold < 1 {
		errs.Add("Target5XXAlarmThreshold", s.Target5XXAlarmThreshold, DefaultTarget5XXAlarmThreshold, "is too small: use at least 1 response a minute")
	}
	return errs.Err()
}

// validate is check, plus the name and the required inputs, which only a
// caller's code (never a stack's configuration) gets wrong.
func (s *serviceSettings) validate(name string) error {
	var errs argcheck.List
	if len(name) > MaxServiceNameLength {
		errs.Other(fmt.Errorf("name %q has %d characters: use at most %d, since the CodeDeploy application is named after it", name, len(name), MaxServiceNameLength))
	}
	requireInputs(&errs, "pass the output of the resource that has it",
		namedInput{"ClusterName", s.ClusterName},
		namedInput{"CapacityProviderName", s.CapacityProviderName},
		namedInput{"ExecutionRoleARN", s.ExecutionRoleARN},
		namedInput{"TaskRoleARN", s.TaskRoleARN},
		namedInput{"CodeDeployRoleARN", s.CodeDeployRoleARN},
	)
	checkTraffic(&errs, s.Traffic)
	errs.Other(s.check())
	return errs.Err()
}

// namedInput is an Input of ServiceArgs and the field that holds it.
type namedInput struct {
	field string
	value pulumi.Input
}

// requireInputs reports each nil input as missing, with fix.
func requireInputs(errs *argcheck.List, fix string, inputs ...namedInput) {
	for _, in := range inputs {
		if in.value == nil {
			errs.Other(fmt.Errorf("%s is missing: it is required; %s", in.field, fix))
		}
	}
}

// checkTraffic reports the parts of t that NewService needs and that are
// missing, and blue and green target group names known now and equal:
// CodeDeploy needs two groups.
func checkTraffic(errs *argcheck.List, t bluegreen.Traffic) {
	requireInputs(errs, "pass the load balancer's Traffic() (alb), or fill it from your own load balancer's outputs",
		namedInput{"Traffic.ProductionListenerARN", t.ProductionListenerARN},
		namedInput{"Traffic.Blue.ARN", t.Blue.ARN},
		namedInput{"Traffic.Blue.Name", t.Blue.Name},
		namedInput{"Traffic.Green.Name", t.Green.Name},
		namedInput{"Traffic.Blue.ARNSuffix", t.Blue.ARNSuffix},
		namedInput{"Traffic.Green.ARNSuffix", t.Green.ARNSuffix},
		namedInput{"Traffic.LoadBalancerARNSuffix", t.LoadBalancerARNSuffix},
	)
	if blue, ok := t.Blue.Name.(pulumi.String); ok {
		if green, ok := t.Green.Name.(pulumi.String); ok && blue == green {
			errs.Other(fmt.Errorf("Traffic.Green.Name %q is also Traffic.Blue.Name: blue/green needs two target groups; pass the other one", string(green)))
		}
	}
}

// NewService creates the service's log group, task definition, ECS service,
// optional auto scaling, alarms and CodeDeploy application and deployment
// group. It validates args before it registers anything: on error, nothing
// is created.
func NewService(ctx *pulumi.Context, name string, args *ServiceArgs, opts ...pulumi.ResourceOption) (*Service, error) {
	if args == nil {
		args = &ServiceArgs{}
	}
	s := args.withDefaults()
	if err := s.validate(name); err != nil {
		return nil, fmt.Errorf("ecs: %s: %w", name, err)
	}

	c := &Service{}
	if err := ctx.RegisterComponentResource(ServiceType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return pulumi.ToStringMap(tagging.For(child, s.Tags)) }
	if s.ImageURI == nil && !ImageIsPinned(s.Image) {
		msg := fmt.Sprintf("image %q has no tag or digest: ECS pulls :latest, so a release cannot be repeated or rolled back to the same image", s.Image)
		if err := ctx.Log.Warn(msg, &pulumi.LogArgs{Resource: c}); err != nil {
			return nil, err
		}
	}

	logs, taskDef, err := serviceNewTaskDefinition(ctx, name, s, tags, parent)
	if err != nil {
		return nil, err
	}
	svc, err := serviceNewECSService(ctx, name, s, taskDef, tags, parent)
	if err != nil {
		return nil, err
	}
	if s.autoScaling {
		if err := serviceNewAutoScaling(ctx, name, s, svc, tags, parent); err != nil {
			return nil, err
		}
	}
	alarmNames, err := serviceNewAlarms(ctx, name, s, tags, parent)
	if err != nil {
		return nil, err
	}
	app, group, err := serviceNewDeploymentGroup(ctx, name, s, svc, alarmNames, tags, parent)
	if err != nil {
		return nil, err
	}

	c.ServiceName = svc.Name
	c.ServiceARN = svc.ID().ToStringOutput()
	c.TaskDefinitionFamily = taskDef.Family
	c.TaskDefinitionARN = taskDef.Arn
	c.ContainerName = pulumi.String(s.ContainerName).ToStringOutput()
	c.ContainerPort = pulumi.Int(s.ContainerPort).ToIntOutput()
	c.CapacityProviderName = s.CapacityProviderName.ToStringOutput()
	c.LogGroupName = logs.Name
	c.CodeDeployApplicationName = app.Name
	c.DeploymentGroupName = group.DeploymentGroupName
	c.AlarmNames = alarmNames.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"serviceName":               c.ServiceName,
		"serviceArn":                c.ServiceARN,
		"taskDefinitionFamily":      c.TaskDefinitionFamily,
		"taskDefinitionArn":         c.TaskDefinitionARN,
		"containerName":             c.ContainerName,
		"containerPort":             c.ContainerPort,
		"capacityProviderName":      c.CapacityProviderName,
		"logGroupName":              c.LogGroupName,
		"codeDeployApplicationName": c.CodeDeployApplicationName,
		"deploymentGroupName":       c.DeploymentGroupName,
		"alarmNames":                c.AlarmNames,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// serviceNewTaskDefinition creates the container's log group and the task
// definition of the service's first version: one container in bridge mode
// on a dynamic host port, logging to that group.
func serviceNewTaskDefinition(ctx *pulumi.Context, name string, s serviceSettings,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (*awscloudwatch.LogGroup, *awsecs.TaskDefinition, error) {
	// The invoke runs with the component as parent so that it uses the
	// component's provider, and so its region, as the children do.
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("ecs: %s: looking up the region: %w", name, err)
	}
	logs, err := awscloudwatch.NewLogGroup(ctx, name, &awscloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(s.LogRetentionDays),
		KmsKeyId:        s.LogKMSKeyARN,
		Tags:            tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	taskDef, err := awsecs.NewTaskDefinition(ctx, name, &awsecs.TaskDefinitionArgs{
		Family:                  pulumi.String(containerDefFamily(ctx.Project(), ctx.Stack(), name)),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("EC2")},
		NetworkMode:             pulumi.String("bridge"),
		ExecutionRoleArn:        s.ExecutionRoleARN,
		TaskRoleArn:             s.TaskRoleARN,
		ContainerDefinitions:    serviceContainers(name, s, logs.Name, region.Name),
		// Every change registers a new revision (the provider replaces the
		// resource). Without skipDestroy the replacement would deregister the
		// previous revision, which the running tasks, the release in
		// progress or a rollback may still use.
		SkipDestroy: pulumi.Bool(true),
		Tags:        tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return logs, taskDef, nil
}

// serviceContainers is the task definition's container definitions (JSON)
// once the log group's name and the image are known.
func serviceContainers(name string, s serviceSettings, logGroup pulumi.StringOutput, region string) pulumi.StringOutput {
	image := pulumi.StringInput(pulumi.String(s.Image))
	if s.ImageURI != nil {
		image = s.ImageURI
	}
	return pulumi.All(logGroup, image).ApplyT(func(all []any) string {
		group, img := all[0].(string), all[1].(string)
		return containerDefJSON(containerDefSpec{
			Name:                 s.ContainerName,
			Image:                img,
			ContainerPort:        s.ContainerPort,
			CPU:                  s.CPU,
			MemoryMiB:            s.MemoryMiB,
			MemoryReservationMiB: s.MemoryReservationMiB,
			Environment:          s.Environment,
			ReadonlyRoot:         s.readonlyRoot,
			TmpfsPaths:           s.TmpfsPaths,
			TmpfsSizeMiB:         s.TmpfsSizeMiB,
			User:                 s.User,
			LogGroup:             group,
			Region:               region,
			LogStreamPrefix:      name,
		})
	}).(pulumi.StringOutput)
}

// serviceNewECSService creates the ECS service: taskDef's tasks in the blue
// target group, on the capacity provider, spread across zones, deployed by
// CodeDeploy.
func serviceNewECSService(ctx *pulumi.Context, name string, s serviceSettings, taskDef *awsecs.TaskDefinition,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*awsecs.Service, error) {
	// After every release CodeDeploy owns these: the service runs a new task
	// definition revision, its load balancer is the other target group, and
	// its capacity provider strategy is whatever the AppSpec named (dropped
	// if it named none). ECS refuses to change any of them on a CODE_DEPLOY
	// service outside a deployment, so Pulumi must not try. With auto
	// scaling, the task count belongs to it.
	ignore := []string{"taskDefinition", "loadBalancers", "capacityProviderStrategies"}
	if s.autoScaling {
		ignore = append(ignore, "desiredCount")
	}
	// The blue group's ARN, carrying a dependency on the green group too:
	// after a release the service uses green, and `pulumi destroy` must
	// delete the service before either group (AWS: ResourceInUse).
	blueAfterGreen := pulumi.All(s.Traffic.Blue.ARN, s.Traffic.Green.Name).ApplyT(func(all []any) string {
		return all[0].(string)
	}).(pulumi.StringOutput)
	return awsecs.NewService(ctx, name, &awsecs.ServiceArgs{
		Cluster:            s.ClusterName,
		TaskDefinition:     taskDef.Arn,
		SchedulingStrategy: pulumi.String("REPLICA"),
		DesiredCount:       pulumi.Int(s.DesiredCount),
		// No launchType: a capacity provider strategy replaces it.
		CapacityProviderStrategies: awsecs.ServiceCapacityProviderStrategyArray{
			awsecs.ServiceCapacityProviderStrategyArgs{CapacityProvider: s.CapacityProviderName, Weight: pulumi.Int(1)},
		},
		// Across zones first, then across instances within a zone.
		OrderedPlacementStrategies: awsecs.ServiceOrderedPlacementStrategyArray{
			awsecs.ServiceOrderedPlacementStrategyArgs{Type: pulumi.String("spread"), Field: pulumi.String("attribute:ecs.availability-zone")},
			awsecs.ServiceOrderedPlacementStrategyArgs{Type: pulumi.String("spread"), Field: pulumi.String("instanceId")},
		},
		HealthCheckGracePeriodSeconds: pulumi.Int(s.gracePeriodSeconds),
		DeploymentController:          awsecs.ServiceDeploymentControllerArgs{Type: pulumi.String("CODE_DEPLOY")},
		// Only the blue group: the deployment group names both, and a service
		// attached to both makes CodeDeploy hang in its Install step.
		LoadBalancers: awsecs.ServiceLoadBalancerArray{
			awsecs.ServiceLoadBalancerArgs{
				TargetGroupArn: blueAfterGreen,
				ContainerName:  pulumi.String(s.ContainerName),
				ContainerPort:  pulumi.Int(s.ContainerPort),
			},
		},
		PropagateTags:        pulumi.String("SERVICE"),
		EnableEcsManagedTags: pulumi.Bool(true),
		Tags:                 tags(name),
	}, parent, pulumi.IgnoreChanges(ignore))
}

// serviceNewAlarms creates the alarms that roll a release back
// (deploymentAlarms), on the blue and the green target group, and returns
// their names. They tell the notification topic, if any, when they fire and
// when they recover.
func serviceNewAlarms(ctx *pulumi.Context, name string, s serviceSettings,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (pulumi.StringArray, error) {
	var alarmActions pulumi.ArrayInput
	if s.NotificationTopicARN != nil {
		alarmActions = pulumi.Array{s.NotificationTopicARN}
	}
	alarmNames := pulumi.StringArray{}
	for _, a := range deploymentAlarms(s.Target5XXAlarmThreshold) {
		group := s.Traffic.Green.ARNSuffix
		if a.Blue {
			group = s.Traffic.Blue.ARNSuffix
		}
		alarm, err := awscloudwatch.NewMetricAlarm(ctx, name+a.Suffix, &awscloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String(a.Description),
			Namespace:          pulumi.String("AWS/ApplicationELB"),
			MetricName:         pulumi.String(a.MetricName),
			Dimensions:         pulumi.StringMap{"LoadBalancer": s.Traffic.LoadBalancerARNSuffix, "TargetGroup": group},
			Statistic:          pulumi.String(a.Statistic),
			Period:             pulumi.Int(deploymentAlarmPeriodSeconds),
			EvaluationPeriods:  pulumi.Int(deploymentAlarmWindowMinutes),
			DatapointsToAlarm:  pulumi.Int(deploymentAlarmBadMinutes),
			ComparisonOperator: pulumi.String(a.ComparisonOperator),
			Threshold:          pulumi.Float64(a.Threshold),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       alarmActions,
			OkActions:          alarmActions,
			Tags:               tags(name + a.Suffix),
		}, parent)
		if err != nil {
			return nil, err
		}
		alarmNames = append(alarmNames, alarm.Name)
	}
	return alarmNames, nil
}

// serviceNewDeploymentGroup creates the CodeDeploy application, the
// deployment configuration when the component creates one, and the
// deployment group that releases svc blue/green between the target groups,
// rolling back on failure, on a stop and on alarmNames.
func serviceNewDeploymentGroup(ctx *pulumi.Context, name string, s serviceSettings, svc *awsecs.Service, alarmNames pulumi.StringArray,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*awscodedeploy.Application, *awscodedeploy.DeploymentGroup, error) {
	app, err := awscodedeploy.NewApplication(ctx, name, &awscodedeploy.ApplicationArgs{
		ComputePlatform: pulumi.String("ECS"),
		Tags:            tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	configName, err := newDeploymentConfig(ctx, name, s.deploymentConfig, parent)
	if err != nil {
		return nil, nil, err
	}
	group, err := awscodedeploy.NewDeploymentGroup(ctx, name, &awscodedeploy.DeploymentGroupArgs{
		AppName:              app.Name,
		DeploymentGroupName:  pulumi.String(name), // unique within its own application
		ServiceRoleArn:       s.CodeDeployRoleARN,
		DeploymentConfigName: configName,
		EcsService: awscodedeploy.DeploymentGroupEcsServiceArgs{
			ClusterName: s.ClusterName,
			ServiceName: svc.Name,
		},
		DeploymentStyle: awscodedeploy.DeploymentGroupDeploymentStyleArgs{
			DeploymentType:   pulumi.String("BLUE_GREEN"),
			DeploymentOption: pulumi.String("WITH_TRAFFIC_CONTROL"),
		},
		BlueGreenDeploymentConfig: awscodedeploy.DeploymentGroupBlueGreenDeploymentConfigArgs{
			// Move traffic as soon as the new task set is healthy.
			DeploymentReadyOption: deploymentReadyOption(s.ApprovalWaitMinutes),
			TerminateBlueInstancesOnDeploymentSuccess: awscodedeploy.DeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccessArgs{
				Action:                       pulumi.String("TERMINATE"),
				TerminationWaitTimeInMinutes: pulumi.Int(s.terminationWaitMinutes),
			},
		},
		LoadBalancerInfo: awscodedeploy.DeploymentGroupLoadBalancerInfoArgs{TargetGroupPairInfo: targetGroupPair(s.Traffic)},
		AutoRollbackConfiguration: awscodedeploy.DeploymentGroupAutoRollbackConfigurationArgs{
			Enabled: pulumi.Bool(true),
			// STOP_ON_REQUEST: a release stopped by hand (cmd/release's
			// Ctrl-C or rollback) puts the original tasks back too.
			Events: pulumi.ToStringArray([]string{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"}),
		},
		AlarmConfiguration: awscodedeploy.DeploymentGroupAlarmConfigurationArgs{
			Enabled: pulumi.Bool(true),
			Alarms:  alarmNames,
		},
		TriggerConfigurations: releaseTriggers(name, s.NotificationTopicARN),
		Tags:                  tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return app, group, nil
}

// targetGroupPair is the deployment group's load balancer: the production
// listener, the test listener if any, and both target groups by name.
func targetGroupPair(t bluegreen.Traffic) awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoArgs {
	pair := awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoArgs{
		ProdTrafficRoute: awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRouteArgs{
			ListenerArns: pulumi.StringArray{t.ProductionListenerARN},
		},
		TargetGroups: awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArray{
			awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs{Name: t.Blue.Name},
			awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs{Name: t.Green.Name},
		},
	}
	if t.TestListenerARN != nil {
		pair.TestTrafficRoute = awscodedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRouteArgs{
			ListenerArns: pulumi.StringArray{t.TestListenerARN},
		}
	}
	return pair
}

// releaseTriggers tells topic, when there is one, how each release ended
// (DeploymentEvents).
func releaseTriggers(name string, topic pulumi.StringInput) awscodedeploy.DeploymentGroupTriggerConfigurationArray {
	if topic == nil {
		return nil
	}
	return awscodedeploy.DeploymentGroupTriggerConfigurationArray{
		awscodedeploy.DeploymentGroupTriggerConfigurationArgs{
			TriggerName:      pulumi.String(name + "-releases"),
			TriggerEvents:    pulumi.ToStringArray(DeploymentEvents),
			TriggerTargetArn: topic,
		},
	}
}

// serviceNewAutoScaling lets Application Auto Scaling move the service's
// task count between DesiredCount and MaxCount to keep the tasks' average
// CPU utilisation at the target.
func serviceNewAutoScaling(ctx *pulumi.Context, name string, s serviceSettings, svc *awsecs.Service,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) error {
	target, err := awsappautoscaling.NewTarget(ctx, name, &awsappautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("ecs"),
		ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
		ResourceId:        pulumi.Sprintf("service/%s/%s", s.ClusterName, svc.Name),
		MinCapacity:       pulumi.Int(s.DesiredCount),
		MaxCapacity:       pulumi.Int(s.MaxCount),
		Tags:              tags(name),
	}, parent)
	if err != nil {
		return err
	}
	_, err = awsappautoscaling.NewPolicy(ctx, name+"-cpu", &awsappautoscaling.PolicyArgs{
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ScalableDimension: target.ScalableDimension,
		ResourceId:        target.ResourceId,
		TargetTrackingScalingPolicyConfiguration: awsappautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			PredefinedMetricSpecification: awsappautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("ECSServiceAverageCPUUtilization"),
			},
			TargetValue: pulumi.Float64(float64(s.TargetCPUUtilizationPercent)),
			// Add tasks after a minute; remove them only after five quiet
			// minutes, so that a short lull does not flap the count.
			ScaleOutCooldown: pulumi.Int(60),
			ScaleInCooldown:  pulumi.Int(300),
		},
	}, parent)
	return err
}

// deploymentReadyOption says when production traffic moves: at once
// (CONTINUE_DEPLOYMENT), or after an approval (ContinueDeployment) within
// wait minutes, the deployment stopping and rolling back without one.
func deploymentReadyOption(wait int) awscodedeploy.DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs {
	if wait == 0 {
		return awscodedeploy.DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs{
			ActionOnTimeout: pulumi.String("CONTINUE_DEPLOYMENT"),
		}
	}
	return awscodedeploy.DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs{
		ActionOnTimeout:   pulumi.String("STOP_DEPLOYMENT"),
		WaitTimeInMinutes: pulumi.Int(wait),
	}
}

// newDeploymentConfig returns the name of the deployment configuration the
// deployment group uses: a predefined or existing one as it is, or one it
// creates for a canary or linear name CodeDeploy does not predefine. The
// group then depends on the created configuration, so it is created first
// and deleted last.
func newDeploymentConfig(ctx *pulumi.Context, name string, c deployconfig.Config, parent pulumi.ResourceOption) (pulumi.StringInput, error) {
	if !c.Create() {
		return pulumi.String(c.Name), nil
	}
	routing := &awscodedeploy.DeploymentConfigTrafficRoutingConfigArgs{Type: pulumi.String(string(c.Kind))}
	switch c.Kind {
	case deployconfig.Canary:
		routing.TimeBasedCanary = &awscodedeploy.DeploymentConfigTrafficRoutingConfigTimeBasedCanaryArgs{
			Percentage: pulumi.Int(c.Percent),
			Interval:   pulumi.Int(c.IntervalMinutes),
		}
	case deployconfig.Linear:
		routing.TimeBasedLinear = &awscodedeploy.DeploymentConfigTrafficRoutingConfigTimeBasedLinearArgs{
			Percentage: pulumi.Int(c.Percent),
			Interval:   pulumi.Int(c.IntervalMinutes),
		}
	case deployconfig.AllAtOnce:
	}
	// Named by Pulumi after the component and the configuration (unique in
	// the account and region); a changed name creates a new configuration
	// before the group moves to it.
	config, err := awscodedeploy.NewDeploymentConfig(ctx, name+"-"+c.Name, &awscodedeploy.DeploymentConfigArgs{
		ComputePlatform:      pulumi.String("ECS"),
		TrafficRoutingConfig: routing,
	}, parent)
	if err != nil {
		return nil, err
	}
	return config.DeploymentConfigName, nil
}
