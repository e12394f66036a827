package iam

import (
	"fmt"
	"regexp"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/location"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RolesType is the component's type token. It is part of every child's URN:
// changing it replaces every role unless an alias says otherwise.
const RolesType = "ecs-bluegreen:iam:Roles"

// MaxNameLength is the longest component name NewRoles accepts. Pulumi
// names each role after its child name (name+"-codedeploy" is the longest)
// plus an 8-character random suffix, and IAM role names are at most 64
// characters.
const MaxNameLength = 64 - len("-codedeploy") - 8

// namePattern is what IAM allows in a role name, so also in the component
// name the role names start with.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]+$`)

// RolesArgs configures NewRoles. Its zero value is a working default: the
// four roles with the AWS managed policies they need and nothing more.
type RolesArgs struct {
	// PermissionsBoundaryARN is the ARN of a managed policy set as the
	// permissions boundary of every role, capping what any policy attached
	// to them can grant (enterprise landing zones often require one for
	// every role a pipeline creates). It must have the shape of a managed
	// policy ARN and allow what the roles' managed policies grant. Default:
	// no boundary.
	PermissionsBoundaryARN string
	// TaskRolePolicyARNs are managed policies attached to the task role, the
	// role the application's AWS SDK calls use, in addition to the policies
	// an importer attaches to Roles.TaskRoleName itself. Each is
	// arn:<partition>:iam::aws:policy/<path/><name> or
	// arn:<partition>:iam::<12-digit account>:policy/<path/><name>, and no
	// two may share a policy name. The order does not matter. Default: none,
	// so the application has no AWS permissions.
	TaskRolePolicyARNs []string
	// ExecutionRolePolicyARNs are managed policies attached to the task
	// execution role, which the ECS agent uses to start the task: for
	// example one allowing secretsmanager:GetSecretValue on the secrets the
	// task definition injects, or ecr pulls from another account. Same shape
	// and rules as TaskRolePolicyARNs; AmazonECSTaskExecutionRolePolicy is
	// always attached and may not be repeated. Default: none.
	ExecutionRolePolicyARNs []string
	// Tags are applied to every role and to the instance profile, beside
	// the Name tag set to each one's child name.
	Tags map[string]string
}

// Roles are the IAM roles an ECS service on EC2, released blue/green by
// CodeDeploy, needs: the CodeDeploy service role, the container instances'
// role and instance profile, the task execution role and the task role.
//
// Each ARN (and the instance profile's name) resolves only once the role's
// managed policies are attached, so a resource that takes it waits for
// them: the first task, instance or deployment does not start with a role
// that cannot yet do its job.
type Roles struct {
	pulumi.ResourceState

	// CodeDeployRoleARN is the service role of the CodeDeploy deployment
	// group (serviceRoleArn), trusted by codedeploy.amazonaws.com with
	// AWSCodeDeployRoleForECS attached.
	CodeDeployRoleARN pulumi.StringOutput `pulumi:"codeDeployRoleArn"`
	// InstanceRoleARN is the container instances' role, trusted by
	// ec2.amazonaws.com, with AmazonEC2ContainerServiceforEC2Role attached
	// and an inline policy that allows Session Manager only
	// (ssm:UpdateInstanceInformation and the ssmmessages channel actions):
	// no ssm:GetParameter(s), no Run Command. Attach AmazonSSMManagedInstanceCore to InstanceRoleName for
	// the rest of Systems Manager.
	InstanceRoleARN pulumi.StringOutput `pulumi:"instanceRoleArn"`
	// InstanceRoleName is the container instances' role's name, to attach
	// further policies to (for example the CloudWatch agent's).
	InstanceRoleName pulumi.StringOutput `pulumi:"instanceRoleName"`
	// InstanceProfileARN is the instance profile holding the instance role,
	// for a launch template's iamInstanceProfile.arn.
	InstanceProfileARN pulumi.StringOutput `pulumi:"instanceProfileArn"`
	// InstanceProfileName is the instance profile's name, for a launch
	// template's iamInstanceProfile.name.
	InstanceProfileName pulumi.StringOutput `pulumi:"instanceProfileName"`
	// TaskExecutionRoleARN is the task definition's executionRoleArn: the
	// ECS agent pulls images and writes logs with it.
	TaskExecutionRoleARN pulumi.StringOutput `pulumi:"taskExecutionRoleArn"`
	// TaskRoleARN is the task definition's taskRoleArn: the credentials the
	// application's AWS SDK finds. It has only TaskRolePolicyARNs and what
	// importers attach to TaskRoleName.
	TaskRoleARN pulumi.StringOutput `pulumi:"taskRoleArn"`
	// TaskRoleName is the task role's name, for importers to attach the
	// application's policies to (awsiam.RolePolicy or RolePolicyAttachment).
	TaskRoleName pulumi.StringOutput `pulumi:"taskRoleName"`
}

// FieldError is the error Validate and NewRoles report for each bad field:
// it names the field, the value, what is allowed and a value that works.
type FieldError = argcheck.Error

// Validate reports every problem with the plain fields of args at once: one
// *FieldError per problem, joined. NewRoles calls it before it registers
// anything; a caller may call it earlier, before it creates anything else.
func (args RolesArgs) Validate() error {
	var errs argcheck.List
	if args.PermissionsBoundaryARN != "" {
		checkPolicyARN(&errs, "PermissionsBoundaryARN", args.PermissionsBoundaryARN)
	}
	checkExtraPolicies(&errs, "TaskRolePolicyARNs", args.TaskRolePolicyARNs)
	checkExtraPolicies(&errs, "ExecutionRolePolicyARNs", args.ExecutionRolePolicyARNs, taskExecutionPolicy)
	return errs.Err()
}

// validate is Validate plus the component name, which only a caller's code
// (never a stack's configuration) gets wrong.
func (args RolesArgs) validate(name string) error {
	var errs argcheck.List
	if len(name) > MaxNameLength {
		errs.Other(fmt.Errorf("name %q is %d characters: use at most %d, since the role %s-codedeploy gets an 8-character suffix and IAM role names are at most 64", name, len(name), MaxNameLength, name))
	}
	if !namePattern.MatchString(name) {
		errs.Other(fmt.Errorf("name %q: use only letters, digits and +=,.@_- (IAM role names start with it)", name))
	}
	errs.Other(args.Validate())
	return errs.Err()
}

// NewRoles creates the roles, their policies and the instance profile. It
// validates name and args before it registers anything: on error, nothing
// is created.
func NewRoles(ctx *pulumi.Context, name string, args *RolesArgs, opts ...pulumi.ResourceOption) (*Roles, error) {
	if args == nil {
		args = &RolesArgs{}
	}
	a := *args // nothing to default: every zero value is the default
	if err := a.validate(name); err != nil {
		return nil, fmt.Errorf("iam: %s: %w", name, err)
	}

	c := &Roles{}
	if err := ctx.RegisterComponentResource(RolesType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	found, err := location.Lookup(ctx, parent)
	if err != nil {
		return nil, fmt.Errorf("iam: %s: %w", name, err)
	}
	at := where{found}
	if err := a.ValidateLocation(at.Partition, at.Account); err != nil {
		return nil, fmt.Errorf("iam: %s: %w", name, err)
	}
	m := roleMaker{ctx: ctx, parent: parent, tags: a.Tags}
	if a.PermissionsBoundaryARN != "" {
		m.boundary = pulumi.String(a.PermissionsBoundaryARN)
	}
	if c.CodeDeployRoleARN, err = m.newCodeDeployRole(name, at); err != nil {
		return nil, err
	}
	if err := m.newInstanceRole(name, at, c); err != nil {
		return nil, err
	}
	if err := m.newTaskRoles(name, at, a, c); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"codeDeployRoleArn":    c.CodeDeployRoleARN,
		"instanceRoleArn":      c.InstanceRoleARN,
		"instanceRoleName":     c.InstanceRoleName,
		"instanceProfileArn":   c.InstanceProfileARN,
		"instanceProfileName":  c.InstanceProfileName,
		"taskExecutionRoleArn": c.TaskExecutionRoleARN,
		"taskRoleArn":          c.TaskRoleARN,
		"taskRoleName":         c.TaskRoleName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// where is where the roles are created.
type where struct{ location.Location }

// managed returns the ARN of an AWS managed policy in the partition.
func (l where) managed(pathAndName string) string {
	return awsManagedPolicyARN(l.Partition, pathAndName)
}

// roleMaker creates the component's roles: each with the boundary and the
// tags, as a child of the component.
type roleMaker struct {
	ctx      *pulumi.Context
	parent   pulumi.ResourceOption
	boundary pulumi.StringPtrInput
	tags     map[string]string
}

// roleSpec is one role: its child name, description, trust policy, managed
// policies and inline policies.
type roleSpec struct {
	child, description, trust string
	attachments               []attachment
	inline                    []inlinePolicy
}

// newCodeDeployRole creates the CodeDeploy service role and returns its ARN.
func (m roleMaker) newCodeDeployRole(name string, at where) (pulumi.StringOutput, error) {
	cdName := name + "-codedeploy"
	_, arn, err := m.newRole(roleSpec{
		child:       cdName,
		description: "CodeDeploy service role of " + name + ": runs the blue/green deployments of the ECS service (task sets, listener traffic, alarms).",
		trust:       codeDeployTrustPolicy(at.Account),
		attachments: planAttachments(cdName, []string{at.managed(codeDeployForECSPolicy)}, nil),
	})
	return arn, err
}

// newInstanceRole creates the container instances' role, with the ECS
// agent's managed policy and the Session Manager policy, and its instance
// profile, and sets their outputs on c.
func (m roleMaker) newInstanceRole(name string, at where, c *Roles) error {
	instName := name + "-instance"
	role, arn, err := m.newRole(roleSpec{
		child:       instName,
		description: "ECS container instance role of " + name + ": registers the EC2 instances with the cluster and serves Session Manager.",
		trust:       instanceTrustPolicy(),
		attachments: planAttachments(instName, []string{at.managed(containerInstancePolicy)}, nil),
		inline:      []inlinePolicy{sessionManagerPolicy(instName)},
	})
	if err != nil {
		return err
	}
	profile, err := awsiam.NewInstanceProfile(m.ctx, instName, &awsiam.InstanceProfileArgs{
		Role: role.Name,
		Tags: pulumi.ToStringMap(tagging.For(instName, m.tags)),
	}, m.parent)
	if err != nil {
		return err
	}
	c.InstanceRoleARN = arn
	c.InstanceRoleName = role.Name
	// The profile is usable once its role has its policies: an instance
	// launched earlier would fail to register with the cluster.
	c.InstanceProfileARN = pulumi.All(profile.Arn, arn).ApplyT(first).(pulumi.StringOutput)
	c.InstanceProfileName = pulumi.All(profile.Name, arn).ApplyT(first).(pulumi.StringOutput)
	return nil
}

// newTaskRoles creates the task execution role and the task role, with the
// extra policies of a, and sets their outputs on c.
func (m roleMaker) newTaskRoles(name string, at where, a RolesArgs, c *Roles) error {
	taskTrust := taskTrustPolicy(at.Partition, at.Region, at.Account)
	execName := name + "-execution"
	_, execARN, err := m.newRole(roleSpec{
		child:       execName,
		description: "ECS task execution role of " + name + ": the ECS agent pulls the task's images and writes its logs with it.",
		trust:       taskTrust,
		attachments: planAttachments(execName, []string{at.managed(taskExecutionPolicy)}, a.ExecutionRolePolicyARNs),
	})
	if err != nil {
		return err
	}
	taskName := name + "-task"
	taskRole, taskARN, err := m.newRole(roleSpec{
		child:       taskName,
		description: "ECS task role of " + name + ": the AWS permissions of the application in the containers.",
		trust:       taskTrust,
		attachments: planAttachments(taskName, nil, a.TaskRolePolicyARNs),
	})
	if err != nil {
		return err
	}
	c.TaskExecutionRoleARN = execARN
	c.TaskRoleARN = taskARN
	c.TaskRoleName = taskRole.Name
	return nil
}

// newRole creates one role, its policy attachments and its inline
// policies. It returns the role and its ARN, which resolves once every
// policy is in place.
func (m roleMaker) newRole(spec roleSpec) (*awsiam.Role, pulumi.StringOutput, error) {
	role, err := awsiam.NewRole(m.ctx, spec.child, &awsiam.RoleArgs{
		Description:         pulumi.String(spec.description),
		AssumeRolePolicy:    pulumi.String(spec.trust),
		PermissionsBoundary: m.boundary,
		// Destroying or replacing the role also detaches policies
		// attached outside this program, instead of failing with
		// DeleteConflict.
		ForceDetachPolicies: pulumi.Bool(true),
		Tags:                pulumi.ToStringMap(tagging.For(spec.child, m.tags)),
	}, m.parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	policies := make([]pulumi.CustomResource, 0, len(spec.attachments)+len(spec.inline))
	for _, pa := range spec.attachments {
		att, err := awsiam.NewRolePolicyAttachment(m.ctx, pa.Name, &awsiam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(pa.PolicyARN),
		}, m.parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, err
		}
		policies = append(policies, att)
	}
	for _, ip := range spec.inline {
		rp, err := awsiam.NewRolePolicy(m.ctx, ip.Name, &awsiam.RolePolicyArgs{
			Role:   role.Name,
			Policy: pulumi.String(ip.Document),
		}, m.parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, err
		}
		policies = append(policies, rp)
	}
	return role, after(role.Arn, policies), nil
}

// after returns out, resolving only once every policy of deps exists:
// whatever takes the result depends on deps too.
func after(out pulumi.StringOutput, deps []pulumi.CustomResource) pulumi.StringOutput {
	if len(deps) == 0 {
		return out
	}
	all := []any{out}
	for _, d := range deps {
		all = append(all, d.ID())
	}
	return pulumi.All(all...).ApplyT(first).(pulumi.StringOutput)
}

// first returns the first of pulumi.All's values, a string.
func first(all []any) string {
	s, _ := all[0].(string)
	return s
}

// ValidateLocation reports the ARNs of args that a stack in partition and
// account cannot use, one *FieldError each, joined: IAM attaches (and
// bounds a role with) only managed policies of the role's own partition,
// AWS's or the role's account's. NewRoles calls it once it has looked up
// where it is, before it creates any role; a caller that knows the
// partition and account may call it earlier.
func (args RolesArgs) ValidateLocation(partition, account string) error {
	var errs argcheck.List
	if args.PermissionsBoundaryARN != "" {
		iampolicy.CheckManagedPolicyIn(&errs, "PermissionsBoundaryARN", args.PermissionsBoundaryARN, partition, account)
	}
	for i, arn := range args.TaskRolePolicyARNs {
		iampolicy.CheckManagedPolicyIn(&errs, fmt.Sprintf("TaskRolePolicyARNs[%d]", i), arn, partition, account)
	}
	for i, arn := range args.ExecutionRolePolicyARNs {
		iampolicy.CheckManagedPolicyIn(&errs, fmt.Sprintf("ExecutionRolePolicyARNs[%d]", i), arn, partition, account)
	}
	return errs.Err()
}
