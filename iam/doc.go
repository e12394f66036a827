// Package iam creates the IAM roles an ECS service on EC2 needs when
// CodeDeploy releases it blue/green:
//
//	role (child name)     trusted by                 managed policies
//	name-codedeploy       codedeploy.amazonaws.com   AWSCodeDeployRoleForECS
//	name-instance (+ instance profile)
//	                      ec2.amazonaws.com          service-role/AmazonEC2ContainerServiceforEC2Role
//	                                                 + inline name-instance-session-manager
//	name-execution        ecs-tasks.amazonaws.com    service-role/AmazonECSTaskExecutionRolePolicy
//	                                                 + RolesArgs.ExecutionRolePolicyARNs
//	name-task             ecs-tasks.amazonaws.com    RolesArgs.TaskRolePolicyARNs only
//
// The task role starts with no permissions: importers attach the
// application's policies to Roles.TaskRoleName. It exists so that an SDK in
// a container never falls back to the instance role's credentials.
//
// Trust policies carry the confused-deputy conditions AWS documents for
// each service principal: aws:SourceAccount for CodeDeploy, aws:SourceAccount
// and an ArnLike aws:SourceArn on the account's ECS resources in the region
// for ECS tasks, none for EC2 (which sets neither key when it fetches
// instance-profile credentials). The documents are pure functions of the
// partition, region and account, built with internal/iampolicy; NewRoles
// looks those up through the component's provider.
//
// The instance role's inline policy allows the SSM agent Session Manager
// and nothing more (ssm:UpdateInstanceInformation and the ssmmessages
// channel actions): AWS's
// AmazonSSMManagedInstanceCore would also let every container instance read
// every SSM parameter of the account (ssm:GetParameter(s) on "*") and take
// Run Command documents. The instances' image id ("resolve:ssm:" in the
// launch template) is resolved by EC2 at launch with the caller's
// permissions, not the instance role's.
//
// Every policy attachment is named after its role and the policy's name
// (name-task-AmazonS3ReadOnlyAccess), so adding or removing one never
// replaces another.
//
// The package does not import this module's other packages: it exports
// ARNs and names that a caller wires into them.
package iam
