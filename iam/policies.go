package iam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
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

// policyName returns the name of the managed policy whose ARN (or AWS
// managed path and name) is arn: what follows the last "/".
func policyName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

// checkPolicyARN records a problem when arn does not look like a managed
// policy ARN. field names the argument in the error.
func checkPolicyARN(errs *argcheck.List, field, arn string) bool {
	if !iampolicy.IsManagedPolicyARN(arn) {
		errs.Add(field, arn, nil, "is not an IAM managed policy ARN: want %s", iampolicy.ManagedPolicyARNShape)
		return false
	}
	return true
}

// checkExtraPolicies checks the extra policy ARNs of one role: each must be
// a managed policy ARN, and each must have a name of its own among the
// role's policies (builtIn and the extras), since the attachment's child
// name is the role's child name plus the policy name. field names the
// argument in errors.
func checkExtraPolicies(errs *argcheck.List, field string, extras []string, builtIn ...string) {
	byName := map[string]string{} // policy name -> what took it, as the problem names it
	for _, p := range builtIn {
		byName[policyName(p)] = p + ", which the role always gets"
	}
	for i, arn := range extras {
		entry := fmt.Sprintf("%s[%d]", field, i)
		if !checkPolicyARN(errs, entry, arn) {
			continue
		}
		n := policyName(arn)
		if prev, taken := byName[n]; taken {
			errs.Add(entry, arn, nil, "has the policy name %q, already taken by %s: remove the duplicate (a role's policies need distinct names)", n, prev)
			continue
		}
		byName[n] = "{" + entry + "}"
	}
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

// inlinePolicy is one inline policy of one role.
type inlinePolicy struct {
	Name     string // the role policy's child name
	Document string
}

// sessionManagerPolicy is the inline policy of the role whose child name is
// role that lets the SSM agent on the ECS-optimized AMI serve Session
// Manager (shell access without SSH keys or open ports), and nothing more:
// unlike AmazonSSMManagedInstanceCore, no ssm:GetParameter(s) on every
// parameter of the account, no Run Command.
func sessionManagerPolicy(role string) inlinePolicy {
	return inlinePolicy{Name: role + "-session-manager", Document: iampolicy.SessionManagerInstance().JSON()}
}
