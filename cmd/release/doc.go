// Command release takes a new container image to production blue/green
// through AWS CodeDeploy and shows, live, what happens: lifecycle events as
// they change, a progress bar of the production traffic on the replacement
// task set, the task sets' counts, the health of the new targets, and the
// test URL while test traffic is allowed. Pulumi stays the source of truth:
// the command sets the stack's image, runs `pulumi up` (which registers a new
// task definition revision and keeps the old ones), and deploys that
// revision through the stack's CodeDeploy deployment group.
//
// # Usage
//
//	go run ./cmd/release --stack dev --image REGISTRY/APP:TAG   # pulumi up, then deploy and follow
//	go run ./cmd/release --outputs outputs.json                 # after `pulumi up`: deploy and follow
//	go run ./cmd/release continue DEPLOYMENT_ID                 # approve a deployment waiting for it
//	go run ./cmd/release skip-wait DEPLOYMENT_ID                # end the termination wait now
//	go run ./cmd/release watch DEPLOYMENT_ID                    # follow a deployment, change nothing
//	go run ./cmd/release rollback --stack dev                   # stop with rollback, or redeploy the previous revision
//
// With --stack, the Pulumi steps run through the Automation API: the stack
// is selected in the project directory (--cwd, default .) with the `pulumi`
// CLI on PATH and the environment's backend and secrets settings
// (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE). `<project>:image` is set in
// Pulumi.<stack>.yaml, then `pulumi up` runs and its outputs feed the
// release. A pipeline that already ran `pulumi up` passes its outputs
// instead: `pulumi stack output --json > outputs.json` and --outputs
// outputs.json (--outputs - reads standard input); --image is then optional
// and, when given, must be the image of the task definition the outputs name.
//
// Before it creates a deployment, release checks the AppSpec against the
// registered task definition (the container exists and maps the container
// port to a dynamic host port in bridge mode; the revision is ACTIVE), and
// refuses while another deployment of the group is in flight, naming it.
// When the service already runs the task definition, it deploys nothing
// (--force deploys it again).
//
// The AppSpec it sends (as AppSpecContent, with its SHA-256):
//
//	{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{
//	  "TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2",
//	  "LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},
//	  "CapacityProviderStrategy":[{"CapacityProvider":"cluster-cp-4beec67","Weight":1,"Base":0}]}}}]}
//
// # Flags
//
//	--stack STACK         the Pulumi stack (release: with --image; rollback: or --outputs)
//	--cwd DIR             the Pulumi project directory (default .)
//	--outputs FILE        the stack's outputs as `pulumi stack output --json` prints them; - for stdin
//	                      (not with --stack)
//	--image IMAGE         release: the image to release
//	--stop-after EVENT    release: exit 0 once the lifecycle event succeeded, leaving the deployment
//	                      going. AfterAllowTestTraffic stops with production still on the old
//	                      version, for CI to test the new one at the test URL, then `continue`; it
//	                      needs a deployment group that waits for approval (deploymentReadyOption
//	                      STOP_DEPLOYMENT: set the stack's approvalWaitMinutes) and is refused
//	                      otherwise. AllowTraffic or AfterAllowTraffic
//	                      stop once all production traffic is on the new version, leaving the
//	                      termination wait (the window of instant rollback) running.
//	--skip-wait           release, continue: end the termination wait as soon as all traffic has
//	                      moved (ContinueDeployment TERMINATION_WAIT), removing the old tasks
//	--force               release: deploy even if the service already runs the task definition
//	--description TEXT    release: the deployment's description
//	--to ARN              rollback: the task definition to go back to
//	--region REGION       default: the region of the outputs' task definition, else AWS_REGION or
//	                      the profile's
//	--endpoint-url URL    send the AWS calls to URL (a proxy, a fake); AWS_ENDPOINT_URL works too
//	--interval DURATION   time between polls (default 5s, at least 100ms)
//	--json                print a JSON summary on stdout at the end; progress goes to stderr
//	--plain               timestamped lines even on a terminal
//
// On a terminal, progress is a live block redrawn under the lines of what
// changed; elsewhere (CI logs, pipes) it is one line per change, timestamped
// in UTC. Credentials come from the AWS SDK's default chain (environment,
// profile, SSO, OIDC web identity, instance role).
//
// # Interrupts and rollback
//
// Ctrl-C (SIGINT) or SIGTERM during `pulumi up` cancels it; nothing is
// deployed. Once the deployment exists, the first one stops it with rollback
// (StopDeployment, autoRollbackEnabled) and follows CodeDeploy's rollback
// deployment to its end; a second one stops waiting and says how to watch
// the rollback. `release rollback` does the same to a deployment in flight.
// With none in flight, it deploys the previous revision blue/green: the task
// definition of the newest succeeded deployment of the group that differs
// from what the service runs, else the newest ACTIVE revision of the same
// family below it, or --to ARN.
//
// # Exit status
//
//	0    released: the new version serves all production traffic (the deployment
//	     Succeeded, or --stop-after AllowTraffic/AfterAllowTraffic was reached); or the
//	     deployment waits for approval after --stop-after AfterAllowTestTraffic; or
//	     nothing to release; or (rollback) the previous version serves production
//	1    the deployment failed or was stopped; AWS's reason (error code and message) and
//	     the rollback deployment are printed
//	2    bad usage or input (flags, outputs, an AppSpec that does not fit the task
//	     definition): nothing was deployed
//	3    another deployment of the group is in flight; it is named
//	4    an error from AWS or Pulumi (credentials, permissions, throttling, pulumi up)
//	130  interrupted: the deployment was stopped with rollback, or the command stopped
//	     following it
//
// # A release
//
// (Recorded against the fake AWS of the tests, so the times are short.)
//
//	$ go run ./cmd/release --outputs outputs.json --image registry.example/app:v2
//	2026-11-26T10:00:00Z created deployment d-7K2Q9XB3C: ecs-bluegreen-dev-app:1 → ecs-bluegreen-dev-app:2
//	2026-11-26T10:00:00Z deployment d-7K2Q9XB3C: Created
//	2026-11-26T10:00:05Z deployment d-7K2Q9XB3C: InProgress
//	2026-11-26T10:00:05Z BeforeInstall: InProgress
//	2026-11-26T10:00:05Z task set original: 2/2 running, PRIMARY
//	2026-11-26T10:00:10Z BeforeInstall: Succeeded (5s)
//	2026-11-26T10:00:10Z Install: InProgress
//	2026-11-26T10:00:10Z task set replacement: 0/2 running, 2 pending, ACTIVE
//	2026-11-26T10:00:15Z Install: Succeeded (5s)
//	2026-11-26T10:00:15Z AfterInstall: Succeeded
//	2026-11-26T10:00:15Z AllowTestTraffic: InProgress
//	2026-11-26T10:00:15Z task set replacement: 2/2 running, ACTIVE
//	2026-11-26T10:00:15Z targets in green-f0ea8ad: 2 initial
//	2026-11-26T10:00:20Z AllowTestTraffic: Succeeded (5s)
//	2026-11-26T10:00:20Z AfterAllowTestTraffic: Succeeded
//	2026-11-26T10:00:20Z targets in green-f0ea8ad: 2 healthy
//	2026-11-26T10:00:20Z test traffic: the new version answers at http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com:8080
//	2026-11-26T10:00:25Z BeforeAllowTraffic: Succeeded
//	2026-11-26T10:00:25Z AllowTraffic: InProgress
//	2026-11-26T10:00:25Z traffic: ##------------------ 10% on the replacement task set
//	2026-11-26T10:00:30Z AllowTraffic: Succeeded (5s)
//	2026-11-26T10:00:30Z AfterAllowTraffic: Succeeded
//	2026-11-26T10:00:30Z traffic: #################### 100% on the replacement task set
//	2026-11-26T10:00:30Z all production traffic is on the replacement; the original task set waits for termination
//	2026-11-26T10:00:35Z deployment d-7K2Q9XB3C: Succeeded
//	2026-11-26T10:00:35Z task set replacement: 2/2 running, PRIMARY
//	2026-11-26T10:00:35Z released: ecs-bluegreen-dev-app:2 serves all production traffic at http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com (deployment d-7K2Q9XB3C)
//
// On a terminal the same lines carry the time of day, above a block that is
// redrawn at every poll:
//
//	deployment d-7K2Q9XB3C  InProgress  1m37s
//	  traffic     [██░░░░░░░░░░░░░░░░░░░░░░]  10% on the replacement
//	  step        7/8 AllowTraffic InProgress
//	  replacement 2/2 running, ACTIVE; targets 2 healthy
//	  original    2/2 running, PRIMARY
//	  test        http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com:8080
//
// # A failed release, rolled back by CodeDeploy (exit status 1)
//
//	2026-11-26T10:00:25Z deployment d-7K2Q9XB3C: Failed
//	2026-11-26T10:00:25Z BeforeAllowTraffic: Succeeded
//	2026-11-26T10:00:25Z AllowTraffic: Failed
//	2026-11-26T10:00:25Z error: ALARM_ACTIVE: One or more alarms have been activated according to the Amazon CloudWatch metrics you selected
//	2026-11-26T10:00:25Z rolled back by deployment d-4M8R2T6WD: Deployment is rolled back by d-4M8R2T6WD
//	2026-11-26T10:00:25Z following rollback deployment d-4M8R2T6WD
//	2026-11-26T10:00:25Z deployment d-4M8R2T6WD: InProgress (rollback)
//	2026-11-26T10:00:25Z task set original: 2/2 running, PRIMARY
//	2026-11-26T10:00:25Z task set replacement: 2/0 running, DRAINING
//	2026-11-26T10:00:30Z deployment d-4M8R2T6WD: Succeeded (rollback)
//	2026-11-26T10:00:30Z deployment d-7K2Q9XB3C failed: ALARM_ACTIVE: One or more alarms have been activated according to the Amazon CloudWatch metrics you selected; rolled back by deployment d-4M8R2T6WD: the previous version serves production
//
// # A rollback
//
//	$ go run ./cmd/release rollback --outputs outputs.json
//	2026-11-26T10:00:00Z deployment d-7K2Q9XB3C is in flight (InProgress): stopping it with rollback
//	2026-11-26T10:00:00Z deployment d-7K2Q9XB3C: Stopped
//	2026-11-26T10:00:00Z error: MANUAL_STOP: The deployment was stopped by the user.
//	2026-11-26T10:00:00Z rolled back by deployment d-4M8R2T6WD: Deployment is rolled back by d-4M8R2T6WD
//	2026-11-26T10:00:00Z following rollback deployment d-4M8R2T6WD
//	2026-11-26T10:00:00Z deployment d-4M8R2T6WD: InProgress (rollback)
//	2026-11-26T10:00:00Z task set original: 2/2 running, PRIMARY
//	2026-11-26T10:00:00Z task set replacement: 2/0 running, DRAINING
//	2026-11-26T10:00:05Z deployment d-4M8R2T6WD: Succeeded (rollback)
//	2026-11-26T10:00:05Z rolled back: deployment d-4M8R2T6WD succeeded; the previous version serves production
//
// With no deployment in flight, rollback creates a deployment of the
// previous revision and follows it like a release, ending with
//
//	rolled back: deployment d-9P3C5N1QA succeeded; the previous version serves production (ecs-bluegreen-dev-app:1)
//
// # Testing the new version in CI
//
// With a deployment group that waits for approval (`pulumi config set
// approvalWaitMinutes 60`, then `pulumi up`):
//
//	release --outputs outputs.json --stop-after AfterAllowTestTraffic --json > release.json
//	if curl --fail "$(jq -r .testUrl release.json)/health"; then
//	  release continue "$(jq -r .deploymentId release.json)"
//	else
//	  release rollback --outputs outputs.json
//	fi
//
// # Permissions
//
// codedeploy:ListDeployments, GetDeployment, BatchGetDeployments,
// GetDeploymentGroup, GetDeploymentTarget, CreateDeployment,
// RegisterApplicationRevision, StopDeployment, ContinueDeployment;
// ecs:DescribeTaskDefinition, DescribeServices, ListTaskDefinitions;
// elasticloadbalancing:DescribeTargetGroups, DescribeTargetHealth; and, with
// --stack, whatever `pulumi up` of the stack needs.
package main
