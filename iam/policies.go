package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// Service principals of the roles' trust policies.
const (
	codeDeployPrincipal = "codedeploy.amazonaws.com"
	ec2Principal        = "ec2.amazonaws.com"
	ecsTasksPrincipal   = "ecs-tasks.amazonaws.com"
)

// AWS managed policies the roles always get, as their path and name after
// "arn:<partition>:iam::aws:policy/".
const (
	// codeDeployForECSPolicy lets CodeDeploy create and delete task sets,
	// shift listener traffic, read alarms and pass the task roles to ECS.
	// Unlike most service policies it has no "service-role/" path.
	codeDeployForECSPolicy = "AWSCodeDeployRoleForECS"
	// containerInstancePolicy lets the ECS agent register the instance with
	// its cluster, poll for tasks and pull images.
	containerInstancePolicy = "service-role/AmazonEC2ContainerServiceforEC2Role"
	// ssmCorePolicy lets the SSM agent (on the ECS-optimized AMI) serve
	// Session Manager: shell access without SSH keys or open ports.
	ssmCorePolicy = "AmazonSSMManagedInstanceCore"
	// taskExecutionPolicy lets the agent pull the task's images from ECR and
	// write its logs to CloudWatch Logs.
	taskExecutionPolicy = "service-role/AmazonECSTaskExecutionRolePolicy"
)

// awsManagedPolicyARN returns the ARN of an AWS managed policy, given its
// path and name, in the partition.
func awsManagedPolicyARN(partition, pathAndName string) string {
	return "arn:" + partition + ":iam::aws:policy/" + pathAndName
}

// assumeRole is the one action every trust statement allows.
var assumeRole = []string{"sts:AssumeRole"}

// codeDeployTrustPolicy lets CodeDeploy assume the role, only on behalf of
// deployments of this account (the confused-deputy guard CodeDeploy
// documents).
func codeDeployTrustPolicy(account string) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{codeDeployPrincipal}},
		Action:    assumeRole,
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}},
		},
	}).JSON()
}

// instanceTrustPolicy lets EC2 assume the role for the instances it is the
// instance profile of. It has no aws:SourceAccount or aws:SourceArn
// condition: EC2 sets neither when it fetches instance-profile credentials,
// so such a condition would leave every instance without credentials. Only
// a principal allowed iam:PassRole on this role can attach it to an
// instance.
func instanceTrustPolicy() string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{ec2Principal}},
		Action:    assumeRole,
	}).JSON()
}

// taskTrustPolicy lets ECS tasks assume the role, only for ECS resources of
// this account in this region (the confused-deputy guard the ECS developer
// guide documents for task roles). Both the task execution role and the
// task role use it.
func taskTrustPolicy(partition, region, account string) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{ecsTasksPrincipal}},
		Action:    assumeRole,
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}},
			"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:%s:ecs:%s:%s:*", partition, region, account)}},
		},
	}).JSON()
}

// policyARNPattern matches the ARN of a managed policy: AWS managed
// (account "aws") or customer managed (a 12-digit account), with an
// optional path. Policy names are 1 to 128 of [A-Za-z0-9+=,.@_-]; path
// segments are printable ASCII but "/".
var policyARNPattern = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::(aws|[0-9]{12}):policy/([!-.0-~]+/)*([A-Za-z0-9+=,.@_-]{1,128})$`)

// policyARNShape describes the accepted ARNs in error messages.
const policyARNShape = "arn:<partition>:iam::aws:policy/<path/><name> or arn:<partition>:iam::<12-digit account>:policy/<path/><name>"

// policyName returns the name of the managed policy whose ARN (or AWS
// managed path and name) is arn: what follows the last "/".
func policyName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

// checkPolicyARN reports whether arn looks like a managed policy ARN. field
// names the argument in the error.
func checkPolicyARN(field, arn string) error {
	if !policyARNPattern.MatchString(arn) {
		return fmt.Errorf("%s %q is not an IAM managed policy ARN: want %s", field, arn, policyARNShape)
	}
	return nil
}

// checkExtraPolicies checks the extra policy ARNs of one role: each must be
// a managed policy ARN, and each must have a name of its own among the
// role's policies (builtIn and the extras), since the attachment's child
// name is the role's child name plus the policy name. field names the
// argument in errors.
func checkExtraPolicies(field string, extras []string, builtIn ...string) []error {
	var errs []error
	byName := map[string]string{} // policy name -> the ARN or field entry that took it
	for _, p := range builtIn {
		byName[policyName(p)] = p + ", which the role always gets"
	}
	for i, arn := range extras {
		entry := fmt.Sprintf("%s[%d]", field, i)
		if err := checkPolicyARN(entry, arn); err != nil {
			errs = append(errs, err)
			continue
		}
		n := policyName(arn)
		if prev, taken := byName[n]; taken {
			errs = append(errs, fmt.Errorf("%s %q: its name %q is already taken by %s: remove the duplicate (a role's policies need distinct names)", entry, arn, n, prev))
			continue
		}
		byName[n] = fmt.Sprintf("%s %q", entry, arn)
	}
	return errs
}

// attachment is one managed policy attached to one role.
type attachment struct {
	Name      string // the attachment's child name
	PolicyARN string
}

// planAttachments returns the attachments of the role whose child name is
// role: its built-in policies (full ARNs) and extras, sorted by child name
// so that their order never depends on the caller's. Each is named
// role+"-"+the policy's name, so adding or removing one policy never renames
// another. The arguments are valid (see checkExtraPolicies).
func planAttachments(role string, builtIn, extras []string) []attachment {
	out := make([]attachment, 0, len(builtIn)+len(extras))
	for _, arn := range slices.Concat(builtIn, extras) {
		out = append(out, attachment{Name: role + "-" + policyName(arn), PolicyARN: arn})
	}
	slices.SortFunc(out, func(a, b attachment) int { return strings.Compare(a.Name, b.Name) })
	return out
}
