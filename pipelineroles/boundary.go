package pipelineroles

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// Permission is one statement of what the application's task role may do
// (GitHubRolesArgs.ApplicationPermissions): the boundary allows Actions on
// Resources, and whatever the task role's own policies grant beyond it is
// denied.
type Permission struct {
	// Actions are IAM actions, service:Action; a '*' may stand for part of
	// the action's name (s3:Get*), never the whole of it or of the service.
	Actions []string `json:"actions"`
	// Resources are the ARNs (or patterns) the actions apply to, or "*" for
	// actions that take no resource.
	Resources []string `json:"resources"`
}

// boundaryPolicy is the permissions boundary of the roles the stacks
// create: an allow-list of what those roles do, so that a role the deploy
// role creates cannot do more whatever is attached to it.
//
//   - the ECS agent on the instances (AmazonEC2ContainerServiceforEC2Role):
//     register, poll, submit state, pull the project's images, write logs;
//   - task execution (AmazonECSTaskExecutionRolePolicy): the same pulls and
//     logs, and the project's tagged secrets and parameters;
//   - CodeDeploy's ECS blue/green (AWSCodeDeployRoleForECS): task sets,
//     listeners and rules, alarms, publishing to the project's topics,
//     passing only the project's roles to ECS tasks, invoking the
//     release's lifecycle hooks (CodeDeployHook_*);
//   - a lifecycle hook reporting its status;
//   - flow-log delivery (logs);
//   - the NAT and container instances' Session Manager (no parameter
//     reads, no Run Command);
//   - using the project's tagged KMS keys;
//   - the application's own permissions (Application).
func boundaryPolicy(s scope) iampolicy.Document {
	tagged := conditions{"StringEquals": {"aws:ResourceTag/" + tagKey: {s.Project}}}
	stmts := []iampolicy.Statement{
		stmt("ECSAgent", []string{
			"ec2:DescribeTags", "ecs:DeregisterContainerInstance", "ecs:DiscoverPollEndpoint", "ecs:Poll", "ecs:RegisterContainerInstance",
			"ecs:StartTelemetrySession", "ecs:SubmitAttachmentStateChanges", "ecs:SubmitContainerStateChange", "ecs:SubmitTaskStateChange",
			"ecs:UpdateContainerInstancesState",
		}, anything, nil),
		stmt("ECSAgentTagsItsInstances", []string{"ecs:TagResource"}, anything,
			conditions{"StringEquals": {"ecs:CreateAction": {"RegisterContainerInstance"}}}),
		stmt("RegistryToken", []string{"ecr:GetAuthorizationToken"}, anything, nil),
		stmt("PullTheProjectsImages", []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
			[]string{s.arn("ecr", "*", "repository/*")}, tagged),
		stmt("WriteLogs", []string{
			"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents",
		}, []string{s.arn("logs", "*", "log-group:*")}, nil),
		stmt("TheProjectsSecrets", []string{"secretsmanager:GetSecretValue", "ssm:GetParameters"},
			[]string{s.arn("secretsmanager", "*", "secret:*"), s.arn("ssm", "*", "parameter/*")}, tagged),
		stmt("CodeDeployTaskSets", []string{
			"ecs:CreateTaskSet", "ecs:DeleteTaskSet", "ecs:DescribeServices", "ecs:UpdateServicePrimaryTaskSet",
		}, []string{s.arn("ecs", "*", "*")}, nil),
		stmt("CodeDeployReads", []string{
			"cloudwatch:DescribeAlarms", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
		}, anything, nil),
		stmt("CodeDeployTraffic", []string{"elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule"},
			[]string{s.arn("elasticloadbalancing", "*", "listener/app/*"), s.arn("elasticloadbalancing", "*", "listener-rule/app/*")}, tagged),
		stmt("PublishToTheProjectsTopics", []string{"sns:Publish"}, []string{s.arn("sns", "*", "*")}, tagged),
		stmt("InvokeReleaseHooks", []string{"lambda:InvokeFunction"}, []string{s.arn("lambda", "*", "function:CodeDeployHook_*")}, nil),
		stmt("PassTheProjectsRolesToTasks", []string{"iam:PassRole"}, []string{s.iamARN("role/*")},
			conditions{"StringEquals": {"iam:PassedToService": {"ecs-tasks.amazonaws.com"}, "iam:ResourceTag/" + tagKey: {s.Project}}}),
		// Takes no resource (the Service Authorization Reference lists none).
		stmt("ReportHookStatus", []string{"codedeploy:PutLifecycleEventHookExecutionStatus"}, anything, nil),
		// Lambda attaches a hook function to the VPC with its role.
		stmt("HookFunctionsInTheVPC", hookspec.VPCActions, anything, nil),
		stmt("SessionManager", []string{
			"ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
			"ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		}, anything, nil),
		stmt("UseTheProjectsKeys", []string{
			"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
			"kms:ReEncryptTo",
		}, []string{s.arn("kms", "*", "key/*")}, tagged),
	}
	for i, p := range s.Application {
		stmts = append(stmts, stmt(fmt.Sprintf("Application%d", i), p.Actions, p.Resources, nil))
	}
	return iampolicy.New(stmts...)
}
