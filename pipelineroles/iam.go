package pipelineroles

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// stacksManagedPolicies are the AWS managed policies the stacks attach to
// their roles (iam/, network/), as their path and name after
// "arn:<partition>:iam::aws:policy/".
var stacksManagedPolicies = []string{
	"AWSCodeDeployRoleForECS",
	"AmazonSSMManagedInstanceCore",
	"service-role/AmazonEC2ContainerServiceforEC2Role",
	"service-role/AmazonECSTaskExecutionRolePolicy",
}

// attachablePolicies are the managed policies the deploy role may attach
// to the stacks' roles: the AWS managed ones the stacks use, and the
// project's own, which an administrator creates under the IAM path
// /<project>/ (the stacks' taskRolePolicyArns and
// executionRolePolicyArns).
func (s scope) attachablePolicies() []string {
	var out []string
	for _, p := range stacksManagedPolicies {
		out = append(out, fmt.Sprintf("arn:%s:iam::aws:policy/%s", s.Partition, p))
	}
	return append(out, s.iamARN("policy/"+s.Project+"/*"))
}

// passedTo are the services the stacks pass their roles to: ECS tasks
// (execution and task roles), EC2 (the instance profiles), CodeDeploy (its
// service role), VPC Flow Logs (the delivery role).
var passedTo = []string{"codedeploy.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"}

// serviceLinkedRoles are the service-linked roles the stacks' services
// create on first use in an account.
var serviceLinkedRoles = []string{
	"autoscaling.amazonaws.com", "ecs.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com",
}

// iamPolicy lets the deploy role manage the stacks' roles, instance
// profiles and inline policies. Every role it creates carries the
// permissions boundary and the project's tag; it changes only roles that
// carry both, attaches only the stacks' managed policies and the
// project's own, puts the boundary only on the project's roles, tags only
// what carries the project's tag, passes only the project's roles and
// only to the services the stacks use, asks the policy simulator only about
// the project's CodeDeploy roles; it can never remove a boundary, nor
// change the CI roles, the boundary policy or the OIDC provider. IAM is
// global: no region condition.
func iamPolicy(s scope) iampolicy.Document {
	roles := []string{s.iamARN("role/*")}
	profiles := []string{s.iamARN("instance-profile/*")}
	project := map[string][]string{"aws:ResourceTag/" + tagKey: {s.Project}}
	boundedProject := conditions{"StringEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}, "aws:ResourceTag/" + tagKey: {s.Project}}}
	retag := conditions{"StringEquals": project, "StringEqualsIfExists": {"aws:RequestTag/" + tagKey: {s.Project}}}
	untag := conditions{"StringEquals": project}
	return iampolicy.New(
		stmt("CreateBoundedTaggedRoles", []string{"iam:CreateRole"}, roles,
			conditions{"StringEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}, "aws:RequestTag/" + tagKey: {s.Project}}}),
		stmt("AttachOnlyTheStacksPolicies", []string{"iam:AttachRolePolicy"}, roles,
			conditions{"StringEquals": boundedProject["StringEquals"], "ArnLike": {"iam:PolicyARN": s.attachablePolicies()}}),
		stmt("ChangeBoundedProjectRoles", []string{
			"iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
			"iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
		}, roles, boundedProject),
		stmt("RetagProjectRoles", []string{"iam:TagRole"}, roles, retag),
		stmt("UntagProjectRoles", []string{"iam:UntagRole"}, roles, untag),
		stmt("CreateTaggedInstanceProfiles", []string{"iam:CreateInstanceProfile"}, profiles,
			conditions{"StringEquals": {"aws:RequestTag/" + tagKey: {s.Project}}}),
		stmt("ChangeProjectInstanceProfiles", []string{
			"iam:AddRoleToInstanceProfile", "iam:DeleteInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
		}, profiles, conditions{"StringEquals": project}),
		stmt("RetagProjectInstanceProfiles", []string{"iam:TagInstanceProfile"}, profiles, retag),
		stmt("UntagProjectInstanceProfiles", []string{"iam:UntagInstanceProfile"}, profiles, untag),
		stmt("PassTheProjectsRoles", []string{"iam:PassRole"}, roles,
			conditions{"StringEquals": {"iam:PassedToService": passedTo, "iam:ResourceTag/" + tagKey: {s.Project}}}),
		// The validation hook's role (named as its function) to Lambda.
		stmt("PassHookRolesToLambda", []string{"iam:PassRole"}, []string{s.iamARN("role/" + hookspec.FunctionPrefix + "*")},
			conditions{"StringEquals": {"iam:PassedToService": {"lambda.amazonaws.com"}, "iam:ResourceTag/" + tagKey: {s.Project}}}),
		// release verify: may the stacks' CodeDeploy roles (iam.NewRoles
		// names them <name>-codedeploy-<suffix>) invoke the validation hook?
		stmt("SimulateTheProjectsCodeDeployRoles", []string{"iam:SimulatePrincipalPolicy"}, []string{s.iamARN("role/*-codedeploy-*")},
			conditions{"StringEquals": project}),
		stmt("ServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, []string{s.iamARN("role/aws-service-role/*")},
			conditions{"StringEquals": {"iam:AWSServiceName": serviceLinkedRoles}}),
		deny("NoRoleWithoutTheBoundary", []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary"}, anything,
			conditions{"StringNotEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}}}),
		deny("NeverRemoveABoundary", []string{"iam:DeleteRolePermissionsBoundary"}, anything, nil),
		deny("NeverChangeTheCIRolesBoundaryOrProvider", []string{
			"iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Remove*", "iam:Set*",
			"iam:Tag*", "iam:Untag*", "iam:Update*",
		}, s.protected(), nil),
	)
}

// protected are the CI roles and policies, the boundary and GitHub's OIDC
// provider: out of the deploy role's reach whatever their tags.
func (s scope) protected() []string {
	ciPath := strings.Trim(s.Path, "/")
	out := []string{
		s.iamARN("role/" + ciPath + "/*"),
		s.iamARN("policy/" + ciPath + "/*"),
		s.iamARN("oidc-provider/" + GitHubOIDCHost),
	}
	if !slices.Contains(out, s.BoundaryARN) {
		out = append(out, s.BoundaryARN)
	}
	return out
}
