package release

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go"
)

// CodeDeployAPI is the part of the CodeDeploy API a release uses.
type CodeDeployAPI interface {
	ListDeployments(ctx context.Context, in *codedeploy.ListDeploymentsInput, opts ...func(*codedeploy.Options)) (*codedeploy.ListDeploymentsOutput, error)
	GetDeployment(ctx context.Context, in *codedeploy.GetDeploymentInput, opts ...func(*codedeploy.Options)) (*codedeploy.GetDeploymentOutput, error)
	BatchGetDeployments(ctx context.Context, in *codedeploy.BatchGetDeploymentsInput, opts ...func(*codedeploy.Options)) (*codedeploy.BatchGetDeploymentsOutput, error)
	GetDeploymentGroup(ctx context.Context, in *codedeploy.GetDeploymentGroupInput, opts ...func(*codedeploy.Options)) (*codedeploy.GetDeploymentGroupOutput, error)
	GetDeploymentTarget(ctx context.Context, in *codedeploy.GetDeploymentTargetInput, opts ...func(*codedeploy.Options)) (*codedeploy.GetDeploymentTargetOutput, error)
	CreateDeployment(ctx context.Context, in *codedeploy.CreateDeploymentInput, opts ...func(*codedeploy.Options)) (*codedeploy.CreateDeploymentOutput, error)
	StopDeployment(ctx context.Context, in *codedeploy.StopDeploymentInput, opts ...func(*codedeploy.Options)) (*codedeploy.StopDeploymentOutput, error)
	ContinueDeployment(ctx context.Context, in *codedeploy.ContinueDeploymentInput, opts ...func(*codedeploy.Options)) (*codedeploy.ContinueDeploymentOutput, error)
	GetDeploymentConfig(ctx context.Context, in *codedeploy.GetDeploymentConfigInput, opts ...func(*codedeploy.Options)) (*codedeploy.GetDeploymentConfigOutput, error)
}

// ECSAPI is the part of the ECS API a release uses.
type ECSAPI interface {
	DescribeTaskDefinition(ctx context.Context, in *ecs.DescribeTaskDefinitionInput, opts ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
	DescribeServices(ctx context.Context, in *ecs.DescribeServicesInput, opts ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
	ListTaskDefinitions(ctx context.Context, in *ecs.ListTaskDefinitionsInput, opts ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error)
	DescribeClusters(ctx context.Context, in *ecs.DescribeClustersInput, opts ...func(*ecs.Options)) (*ecs.DescribeClustersOutput, error)
	DescribeCapacityProviders(ctx context.Context, in *ecs.DescribeCapacityProvidersInput, opts ...func(*ecs.Options)) (*ecs.DescribeCapacityProvidersOutput, error)
}

// ELBAPI is the part of the Elastic Load Balancing v2 API a release uses.
type ELBAPI interface {
	DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error)
	DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error)
	DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error)
	DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error)
}

// EC2API is the part of the EC2 API `release verify` reads.
type EC2API interface {
	DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput, opts ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error)
	DescribeSecurityGroups(ctx context.Context, in *ec2.DescribeSecurityGroupsInput, opts ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	DescribeInstanceTypes(ctx context.Context, in *ec2.DescribeInstanceTypesInput, opts ...func(*ec2.Options)) (*ec2.DescribeInstanceTypesOutput, error)
}

// AutoScalingAPI is the part of the EC2 Auto Scaling API `release verify`
// reads.
type AutoScalingAPI interface {
	DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, opts ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
}

// LambdaAPI is the part of the Lambda API `release verify` reads: the
// validation hook's function.
type LambdaAPI interface {
	GetFunction(ctx context.Context, in *lambda.GetFunctionInput, opts ...func(*lambda.Options)) (*lambda.GetFunctionOutput, error)
}

// IAMAPI is the part of the IAM API `release verify` calls: the policy
// simulator, to learn whether the deployment group's role may invoke the
// validation hook.
type IAMAPI interface {
	SimulatePrincipalPolicy(ctx context.Context, in *iam.SimulatePrincipalPolicyInput, opts ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error)
}

// ACMAPI is the part of the ACM API `release verify` reads: a domainName's
// certificate.
type ACMAPI interface {
	DescribeCertificate(ctx context.Context, in *acm.DescribeCertificateInput, opts ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
}

// Route53API is the part of the Route 53 API `release verify` reads: a
// domainName's records.
type Route53API interface {
	ListResourceRecordSets(ctx context.Context, in *route53.ListResourceRecordSetsInput, opts ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error)
}

// LogsAPI is the part of the CloudWatch Logs API a release reads: the
// validation hook's verdict in its log group, when it failed a deployment.
type LogsAPI interface {
	FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// Clients are the AWS API clients of a release.
type Clients struct {
	CodeDeploy  CodeDeployAPI
	ECS         ECSAPI
	ELB         ELBAPI
	EC2         EC2API
	AutoScaling AutoScalingAPI
	Lambda      LambdaAPI
	// IAM is global: the SDK sends it to iam.amazonaws.com, signed for
	// us-east-1 (aws partition), whatever Region says.
	IAM IAMAPI
	// Logs reads a failed validation's reason; nil: the release says the
	// reason is in the function's log group.
	Logs LogsAPI
	// ACM and Route53 are read only for a stack with a domainName.
	ACM     ACMAPI
	Route53 Route53API
	// Region is the region they call.
	Region string
}

// AWSOptions configure NewClients. The zero value uses the SDK's defaults:
// region, credentials and endpoints from the environment and shared config
// (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, ...).
type AWSOptions struct {
	// Region is the AWS region. Empty: AWS_REGION or the profile's region.
	Region string
	// EndpointURL sends every call to this base URL instead of AWS's (a
	// local fake, a proxy). Empty: AWS's endpoints, or AWS_ENDPOINT_URL and
	// the service-specific AWS_ENDPOINT_URL_<SERVICE> when set.
	EndpointURL string
	// Credentials replace the default credential chain when set.
	Credentials aws.CredentialsProvider
	// MaxAttempts is how many times a failed call is tried. 0: the SDK's
	// default (3, with backoff).
	MaxAttempts int
	// HTTPClient replaces the SDK's HTTP client when set.
	HTTPClient *http.Client
}

// NewClients loads the AWS configuration and creates the CodeDeploy, ECS,
// ELBv2, EC2 and Auto Scaling clients.
func NewClients(ctx context.Context, o AWSOptions) (*Clients, error) {
	var opts []func(*config.LoadOptions) error
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(o.Credentials))
	}
	if o.MaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(o.MaxAttempts))
	}
	if o.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(o.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("aws: loading configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("aws: no region: pass --region, set AWS_REGION, or give outputs whose taskDefinitionArn names it")
	}
	var endpoint *string
	if o.EndpointURL != "" {
		endpoint = aws.String(o.EndpointURL)
	}
	return &Clients{
		CodeDeploy: codedeploy.NewFromConfig(cfg, func(c *codedeploy.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		ECS: ecs.NewFromConfig(cfg, func(c *ecs.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		ELB: elbv2.NewFromConfig(cfg, func(c *elbv2.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		EC2: ec2.NewFromConfig(cfg, func(c *ec2.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		AutoScaling: autoscaling.NewFromConfig(cfg, func(c *autoscaling.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		Lambda: lambda.NewFromConfig(cfg, func(c *lambda.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		IAM: iam.NewFromConfig(cfg, func(c *iam.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		Logs: cloudwatchlogs.NewFromConfig(cfg, func(c *cloudwatchlogs.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		ACM: acm.NewFromConfig(cfg, func(c *acm.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		Route53: route53.NewFromConfig(cfg, func(c *route53.Options) {
			if endpoint != nil {
				c.BaseEndpoint = endpoint
			}
		}),
		Region: cfg.Region,
	}, nil
}

// apiErrorCode is the AWS error code of err ("DeploymentAlreadyCompletedException"), or "".
func apiErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// snapshotOf converts CodeDeploy's deployment to a Snapshot (without the
// target's events and task sets).
func snapshotOf(d *cdtypes.DeploymentInfo) Snapshot {
	s := Snapshot{
		DeploymentID:           aws.ToString(d.DeploymentId),
		Status:                 string(d.Status),
		Creator:                string(d.Creator),
		TerminationWaitStarted: d.InstanceTerminationWaitTimeStarted,
		Messages:               d.DeploymentStatusMessages,
		Created:                aws.ToTime(d.CreateTime),
		Completed:              aws.ToTime(d.CompleteTime),
		autoRollback:           d.AutoRollbackConfiguration != nil && d.AutoRollbackConfiguration.Enabled,
	}
	if d.Revision != nil && d.Revision.AppSpecContent != nil {
		s.TaskDefinitionARN = TaskDefinitionFromAppSpec(aws.ToString(d.Revision.AppSpecContent.Content))
	}
	if e := d.ErrorInformation; e != nil && (e.Code != "" || aws.ToString(e.Message) != "") {
		s.Error = &ErrorInfo{Code: string(e.Code), Message: aws.ToString(e.Message)}
	}
	if r := d.RollbackInfo; r != nil && (aws.ToString(r.RollbackDeploymentId) != "" || aws.ToString(r.RollbackMessage) != "") {
		s.Rollback = &RollbackInfo{DeploymentID: aws.ToString(r.RollbackDeploymentId), Message: aws.ToString(r.RollbackMessage)}
	}
	return s
}

// addTarget fills in the ECS target's lifecycle events and task sets.
func (s *Snapshot) addTarget(t *cdtypes.ECSTarget) {
	s.Events = s.Events[:0]
	for _, e := range t.LifecycleEvents {
		ev := LifecycleEvent{
			Name:   aws.ToString(e.LifecycleEventName),
			Status: string(e.Status),
			Start:  aws.ToTime(e.StartTime),
			End:    aws.ToTime(e.EndTime),
		}
		if d := e.Diagnostics; d != nil && e.Status == cdtypes.LifecycleEventStatusFailed {
			ev.Diagnostic = describeError(&ErrorInfo{Code: string(d.ErrorCode), Message: aws.ToString(d.Message)})
		}
		s.Events = append(s.Events, ev)
	}
	s.TaskSets = s.TaskSets[:0]
	for _, ts := range t.TaskSetsInfo {
		set := TaskSet{
			Label:         string(ts.TaskSetLabel),
			Status:        aws.ToString(ts.Status),
			Running:       ts.RunningCount,
			Pending:       ts.PendingCount,
			Desired:       ts.DesiredCount,
			TrafficWeight: ts.TrafficWeight,
		}
		if ts.TargetGroup != nil {
			set.TargetGroup = aws.ToString(ts.TargetGroup.Name)
		}
		s.TaskSets = append(s.TaskSets, set)
	}
}

// targetHealthOf converts DescribeTargetHealth's answer.
func targetHealthOf(ds []elbtypes.TargetHealthDescription) []TargetHealth {
	out := make([]TargetHealth, 0, len(ds))
	for _, d := range ds {
		var th TargetHealth
		if d.Target != nil {
			th.ID = aws.ToString(d.Target.Id)
			th.Port = aws.ToInt32(d.Target.Port)
		}
		if d.TargetHealth != nil {
			th.State = string(d.TargetHealth.State)
			th.Reason = string(d.TargetHealth.Reason)
		}
		out = append(out, th)
	}
	return out
}

// taskDefinitionOf converts ECS's task definition.
func taskDefinitionOf(td *ecstypes.TaskDefinition) TaskDefinition {
	out := TaskDefinition{
		ARN:         aws.ToString(td.TaskDefinitionArn),
		Status:      string(td.Status),
		NetworkMode: string(td.NetworkMode),
		CPU:         atoiOrZero(aws.ToString(td.Cpu)),
		MemoryMiB:   atoiOrZero(aws.ToString(td.Memory)),
	}
	for _, c := range td.ContainerDefinitions {
		cont := Container{
			Name:                 aws.ToString(c.Name),
			Image:                aws.ToString(c.Image),
			CPU:                  int(c.Cpu),
			MemoryMiB:            int(aws.ToInt32(c.Memory)),
			MemoryReservationMiB: int(aws.ToInt32(c.MemoryReservation)),
			Definition:           containerDefinitionMap(c),
		}
		for _, pm := range c.PortMappings {
			cont.PortMappings = append(cont.PortMappings, PortMapping{
				ContainerPort: int(aws.ToInt32(pm.ContainerPort)),
				HostPort:      int(aws.ToInt32(pm.HostPort)),
			})
		}
		out.Containers = append(out.Containers, cont)
	}
	return out
}

// atoiOrZero is s as an integer, 0 when it is not one (ECS's task-level cpu
// and memory are strings, "1 vCPU" in some answers).
func atoiOrZero(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

// serviceTaskDefinition is the task definition serving the service's
// production traffic: its PRIMARY task set's, or the service's own.
func serviceTaskDefinition(svc *ecstypes.Service) string {
	for _, ts := range svc.TaskSets {
		if aws.ToString(ts.Status) == "PRIMARY" {
			return aws.ToString(ts.TaskDefinition)
		}
	}
	return aws.ToString(svc.TaskDefinition)
}

// Clock is the time a follower waits on; tests pass a fake that never sleeps.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// After delivers the time after d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// After is time.After.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
