package validation

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/logretention"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
	awscloudwatch "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	awslambda "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HookType is the component's type token. It is part of every child's
// URN: changing it replaces the function unless an alias says otherwise.
const HookType = "ecs-bluegreen:validation:Hook"

// FieldError is the error Validate and NewHook report for each bad field:
// it names the field, the value, what is allowed and a value that works.
type FieldError = argcheck.Error

// Architecture is the instruction set the function runs on.
type Architecture string

// The architectures Lambda offers.
const (
	// ARM64 is Graviton: about 20 % cheaper a second than AMD64.
	ARM64 Architecture = "arm64"
	// AMD64 is Intel or AMD (Lambda's x86_64).
	AMD64 Architecture = "x86_64"
)

// Defaults of HookArgs.
const (
	DefaultPath                 = "/"
	DefaultExpectedStatus       = 200
	DefaultConsecutiveSuccesses = 5
	DefaultBudgetSeconds        = 120
	DefaultTestListenerPort     = 8080
	DefaultLogRetentionDays     = 30
	DefaultArchitecture         = ARM64
	// MaxBudgetSeconds leaves the function (at most 900 s) time to start
	// and report.
	MaxBudgetSeconds = 840
	// reserveSeconds is the function's time beyond the budget: start-up
	// and the report.
	reserveSeconds = 30
)

// HookArgs configures NewHook. TestURL, VPCID and SubnetIDs are required;
// every other zero value is a default.
type HookArgs struct {
	// TestURL is the test listener's URL without a path
	// (http://name.elb.amazonaws.com:8080), as alb.LoadBalancer.TestURL.
	// Required.
	TestURL pulumi.StringInput
	// TestListenerPort is the test listener's port: the only port besides
	// 443 the function's security group lets it reach. Default:
	// DefaultTestListenerPort (8080).
	TestListenerPort int
	// Path is the path probed, from "/". Default: DefaultPath ("/"); the
	// stack passes its health check path.
	Path string
	// ExpectedStatus is the HTTP status every answer must carry, 100 to
	// 599. Default: DefaultExpectedStatus (200).
	ExpectedStatus int
	// ConsecutiveSuccesses is how many answers in a row must pass, one a
	// second, 1 to 100. Default: DefaultConsecutiveSuccesses (5).
	ConsecutiveSuccesses int
	// BudgetSeconds is how long the validation may take in all, 10 to
	// MaxBudgetSeconds (840); the function's timeout is 30 s more.
	// Default: DefaultBudgetSeconds (120).
	BudgetSeconds int
	// BodySubstring, when set, must appear in every answer's body (the
	// first 64 KiB). Default: any body.
	BodySubstring string
	// Header, when set, is a header every answer must carry: "Name" (any
	// value) or "Name: value". Default: none.
	Header string
	// TLSServerName, when set, is the name an HTTPS test listener's
	// certificate is checked against (and sent as SNI): TestURL names the
	// load balancer, which the certificate of a site does not. Default: the
	// URL's host, which fits an HTTP test listener only.
	TLSServerName string
	// VPCID is the VPC of the function's security group. Required.
	VPCID pulumi.StringInput
	// SubnetIDs are the private subnets the function runs in, with a route
	// to a NAT. Required.
	SubnetIDs pulumi.StringArrayInput
	// PermissionsBoundaryARN, when set, is the permissions boundary of the
	// function's role. Default: none.
	PermissionsBoundaryARN string
	// LogRetentionDays is how long the function's log is kept, a
	// CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, ... 3653).
	// Default: DefaultLogRetentionDays (30).
	LogRetentionDays int
	// LogKMSKeyARN, when set, encrypts the log group with this KMS key.
	// Default: CloudWatch's own encryption.
	LogKMSKeyARN pulumi.StringInput
	// Architecture is the function's instruction set. Default: ARM64.
	Architecture Architecture
	// Code, when set, is the function's code instead of the built-in
	// check: a zip holding an executable bootstrap for provided.al2023
	// that keeps the contract (package doc). Default: validation/bootstrap,
	// built with the go command.
	Code pulumi.Archive
	// Tags are applied to every taggable child, beside the Name tag.
	Tags map[string]string
}

// Hook is a CodeDeploy lifecycle hook function that validates green on the
// test listener.
type Hook struct {
	pulumi.ResourceState

	// FunctionName is the function's name (CodeDeployHook_...): name it in
	// the AppSpec's Hooks at AfterAllowTestTraffic.
	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	// FunctionARN is the function's ARN.
	FunctionARN pulumi.StringOutput `pulumi:"functionArn"`
	// RoleARN is the function's role.
	RoleARN pulumi.StringOutput `pulumi:"roleArn"`
	// SecurityGroupID is the function's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// LogGroupName is the function's log group, where each run's verdict
	// is one JSON line (package validation/hookspec).
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

// withDefaults fills every zero field with its default.
func (args HookArgs) withDefaults() HookArgs {
	args.TestListenerPort = cmp.Or(args.TestListenerPort, DefaultTestListenerPort)
	args.ExpectedStatus = cmp.Or(args.ExpectedStatus, DefaultExpectedStatus)
	args.ConsecutiveSuccesses = cmp.Or(args.ConsecutiveSuccesses, DefaultConsecutiveSuccesses)
	args.BudgetSeconds = cmp.Or(args.BudgetSeconds, DefaultBudgetSeconds)
	args.LogRetentionDays = cmp.Or(args.LogRetentionDays, DefaultLogRetentionDays)
	if args.Path == "" {
		args.Path = DefaultPath
	}
	if args.Architecture == "" {
		args.Architecture = DefaultArchitecture
	}
	return args
}

// Validate reports every problem with the plain fields of args (after
// defaults) at once: one *FieldError per problem, joined. NewHook calls it
// before it registers anything.
func (args HookArgs) Validate() error {
	a := args.withDefaults()
	var errs argcheck.List
	errs.Range("TestListenerPort", a.TestListenerPort, 1, 65535, "")
	errs.Range("ExpectedStatus", a.ExpectedStatus, 100, 599, "")
	errs.Range("ConsecutiveSuccesses", a.ConsecutiveSuccesses, 1, 100, "")
	errs.Range("BudgetSeconds", a.BudgetSeconds, 10, MaxBudgetSeconds, "seconds")
	if !strings.HasPrefix(a.Path, "/") || strings.ContainsAny(a.Path, " \t\r\n") {
		errs.Add("Path", a.Path, "/"+strings.TrimLeft(strings.Join(strings.Fields(a.Path), ""), "/"), "is not a URL path: start it with / and leave out spaces")
	}
	if name, _, _ := strings.Cut(a.Header, ":"); a.Header != "" && (strings.TrimSpace(name) == "" || strings.ContainsAny(strings.TrimSpace(name), " \t")) {
		errs.Add("Header", a.Header, "X-Version: 2", `is not a header: give "Name" or "Name: value"`)
	}
	if !logretention.Valid(a.LogRetentionDays) {
		errs.Add("LogRetentionDays", a.LogRetentionDays, logretention.Nearest(a.LogRetentionDays), "is not a CloudWatch Logs retention period: use one of %v", logretention.Days)
	}
	if a.Architecture != ARM64 && a.Architecture != AMD64 {
		errs.Add("Architecture", a.Architecture, ARM64, "is not a Lambda architecture: use %s or %s", ARM64, AMD64)
	}
	return errs.Err()
}

// NewHook builds the function's code (unless Code is given) and creates
// its security group, role, log group and the function. It validates args
// before it registers anything: on error, nothing is created.
func NewHook(ctx *pulumi.Context, name string, args *HookArgs, opts ...pulumi.ResourceOption) (*Hook, error) {
	if args == nil {
		args = &HookArgs{}
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("validation: %s: %w", name, err)
	}
	for field, missing := range map[string]bool{"TestURL": a.TestURL == nil, "VPCID": a.VPCID == nil, "SubnetIDs": a.SubnetIDs == nil} {
		if missing {
			return nil, fmt.Errorf("validation: %s: %s is required: pass the stack's (see HookArgs)", name, field)
		}
	}
	code := a.Code
	if code == nil {
		zip, err := buildArchive(string(a.Architecture))
		if err != nil {
			return nil, fmt.Errorf("validation: %s: %w", name, err)
		}
		code = pulumi.NewFileArchive(zip)
	}
	c := &Hook{}
	if err := ctx.RegisterComponentResource(HookType, name, c, opts...); err != nil {
		return nil, err
	}
	b := hookBuilder{ctx: ctx, name: name, a: a, parent: pulumi.Parent(c), fn: FunctionName(ctx.Project(), ctx.Stack(), name)}
	if err := b.build(c, code); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"functionName":    c.FunctionName,
		"functionArn":     c.FunctionARN,
		"roleArn":         c.RoleARN,
		"securityGroupId": c.SecurityGroupID,
		"logGroupName":    c.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// hookBuilder creates the children of one Hook.
type hookBuilder struct {
	ctx    *pulumi.Context
	name   string
	a      HookArgs
	parent pulumi.ResourceOption
	fn     string // the function's name
}

// tags are the tags of every child: the caller's, with Name the hook's.
func (b hookBuilder) tags() pulumi.StringMap {
	return pulumi.ToStringMap(tagging.For(b.name, b.a.Tags))
}

// build creates the children in order and sets c's outputs.
func (b hookBuilder) build(c *Hook, code pulumi.Archive) error {
	sg, err := b.newSecurityGroup()
	if err != nil {
		return err
	}
	logs, err := awscloudwatch.NewLogGroup(b.ctx, b.name, &awscloudwatch.LogGroupArgs{
		Name:            pulumi.String(hookspec.LogGroup(b.fn)),
		RetentionInDays: pulumi.Int(b.a.LogRetentionDays),
		KmsKeyId:        b.a.LogKMSKeyARN,
		Tags:            b.tags(),
	}, b.parent)
	if err != nil {
		return err
	}
	role, policy, err := b.newRole(logs.Arn)
	if err != nil {
		return err
	}
	fn, err := b.newFunction(code, role.Arn, sg.ID(), []pulumi.Resource{logs, policy})
	if err != nil {
		return err
	}
	c.FunctionName, c.FunctionARN = fn.Name, fn.Arn
	c.RoleARN, c.SecurityGroupID, c.LogGroupName = role.Arn, sg.ID().ToStringOutput(), logs.Name
	return nil
}

// newSecurityGroup lets the function send HTTPS (CodeDeploy's API) and
// the test listener's port, nothing else, and receive nothing.
func (b hookBuilder) newSecurityGroup() (*awsec2.SecurityGroup, error) {
	egress := awsec2.SecurityGroupEgressArray{}
	for _, p := range egressPorts(b.a.TestListenerPort) {
		egress = append(egress, awsec2.SecurityGroupEgressArgs{
			Description: pulumi.String(p.why),
			Protocol:    pulumi.String("tcp"),
			FromPort:    pulumi.Int(p.port),
			ToPort:      pulumi.Int(p.port),
			CidrBlocks:  pulumi.StringArray{pulumi.String("0.0.0.0/0")},
		})
	}
	return awsec2.NewSecurityGroup(b.ctx, b.name, &awsec2.SecurityGroupArgs{
		VpcId:       b.a.VPCID,
		Description: pulumi.String("CodeDeploy validation hook " + b.fn + ": egress to CodeDeploy's API and the test listener only"),
		Egress:      egress,
		Tags:        b.tags(),
	}, b.parent)
}

// newRole creates the function's role and its one policy.
func (b hookBuilder) newRole(logGroupARN pulumi.StringOutput) (*awsiam.Role, *awsiam.RolePolicy, error) {
	roleArgs := &awsiam.RoleArgs{
		// Named as the function: a pipeline role may pass only
		// CodeDeployHook_* roles to Lambda (pipelineroles).
		Name:             pulumi.String(b.fn),
		Description:      pulumi.String("The CodeDeploy validation hook " + b.fn + ": reports its status and writes its log"),
		AssumeRolePolicy: pulumi.String(trustPolicy()),
		Tags:             b.tags(),
	}
	if b.a.PermissionsBoundaryARN != "" {
		roleArgs.PermissionsBoundary = pulumi.String(b.a.PermissionsBoundaryARN)
	}
	role, err := awsiam.NewRole(b.ctx, b.name, roleArgs, b.parent)
	if err != nil {
		return nil, nil, err
	}
	policy, err := awsiam.NewRolePolicy(b.ctx, b.name, &awsiam.RolePolicyArgs{
		Role:   role.Name,
		Policy: logGroupARN.ApplyT(rolePolicy).(pulumi.StringOutput),
	}, b.parent)
	return role, policy, err
}

// newFunction creates the function, after its log group and policy.
func (b hookBuilder) newFunction(code pulumi.Archive, roleARN pulumi.StringOutput, sgID pulumi.IDOutput, deps []pulumi.Resource) (*awslambda.Function, error) {
	env := pulumi.StringMap{
		hookspec.EnvURL:            pulumi.Sprintf("%s%s", b.a.TestURL, b.a.Path),
		hookspec.EnvExpectedStatus: pulumi.String(strconv.Itoa(b.a.ExpectedStatus)),
		hookspec.EnvSuccesses:      pulumi.String(strconv.Itoa(b.a.ConsecutiveSuccesses)),
		hookspec.EnvBudget:         pulumi.String(strconv.Itoa(b.a.BudgetSeconds)),
	}
	if b.a.BodySubstring != "" {
		env[hookspec.EnvBodySubstring] = pulumi.String(b.a.BodySubstring)
	}
	if b.a.Header != "" {
		env[hookspec.EnvHeader] = pulumi.String(b.a.Header)
	}
	if b.a.TLSServerName != "" {
		env[hookspec.EnvTLSServerName] = pulumi.String(b.a.TLSServerName)
	}
	return awslambda.NewFunction(b.ctx, b.name, &awslambda.FunctionArgs{
		Name:          pulumi.String(b.fn),
		Description:   pulumi.String("Validates green on the test listener at CodeDeploy's AfterAllowTestTraffic"),
		Role:          roleARN,
		Runtime:       pulumi.String("provided.al2023"),
		Handler:       pulumi.String("bootstrap"),
		Architectures: pulumi.StringArray{pulumi.String(string(b.a.Architecture))},
		Code:          code,
		MemorySize:    pulumi.Int(128),
		Timeout:       pulumi.Int(b.a.BudgetSeconds + reserveSeconds),
		VpcConfig: &awslambda.FunctionVpcConfigArgs{
			SubnetIds:        b.a.SubnetIDs,
			SecurityGroupIds: pulumi.StringArray{sgID.ToStringOutput()},
		},
		Environment: &awslambda.FunctionEnvironmentArgs{Variables: env},
		Tags:        b.tags(),
	}, b.parent, pulumi.DependsOn(deps))
}
