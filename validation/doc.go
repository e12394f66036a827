// Package validation creates a CodeDeploy lifecycle hook that validates
// the green task set on the test listener before production traffic moves
// (NewHook): a Lambda function that CodeDeploy invokes at
// AfterAllowTestTraffic, which probes the test URL until
// ConsecutiveSuccesses answers in a row pass within BudgetSeconds, or one
// fails, and reports Succeeded or Failed. On Failed, CodeDeploy fails the
// deployment and, with automatic rollback, rolls it back. The function
// logs its reason as one JSON line (package validation/hookspec), where the
// release command reads it.
//
//	child (name)           what
//	name                   the function, CodeDeployHook_<project>-<stack>-<name>
//	name                   its log group, /aws/lambda/<function>, with a retention
//	name                   its security group: egress TCP 443 and the test port only
//	name                   its role, named as the function (Lambda's trust;
//	                       PermissionsBoundaryARN)
//	name                   the role's policy: report the status, write the log
//	                       group, and the network interfaces Lambda needs in a VPC
//
// The name starts with CodeDeployHook_ because the managed policy
// AWSCodeDeployRoleForECS lets a deployment group's role invoke only such
// functions: no grant on the CodeDeploy role is needed. Name an AppSpec's
// hook with Hook.FunctionName (the release command reads it from the
// stack's outputs).
//
// The function runs in the private subnets given. It reaches an
// internet-facing test listener through the NAT, so from the NAT's public
// addresses, which the listener admits; and CodeDeploy's API over HTTPS.
//
// Its code is package validation/bootstrap, built by NewHook with the go
// command of the machine running Pulumi, for linux and Architecture, with
// CGO_ENABLED=0, -trimpath, -buildvcs=false and no build id, and zipped
// with fixed times and modes: the same source and Go version give the same
// archive, so a second preview proposes nothing. A stricter check may bring
// its own code (Code) in the same contract: read the hookspec.Env*
// variables, report with PutLifecycleEventHookExecutionStatus.
//
// The package does not import this module's other components.
package validation
