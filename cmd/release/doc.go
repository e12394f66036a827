// Command release takes a new container image to production blue/green
// through AWS CodeDeploy and shows, live, what happens: lifecycle events as
// they change, a progress bar of the production traffic on the replacement
// task set, the task sets' counts, the health of the new targets, and the
// test URL while test traffic is allowed. Pulumi stays the source of truth:
// the command sets the stack's image, runs `pulumi up` (which registers a new
// task definition revision and keeps the old ones), checks the live wiring,
// and deploys that revision through the stack's CodeDeploy deployment group.
//
// A release survives what a team meets in its first month: it gives up at a
// deadline (and rolls back), retries throttling, 5xx and connection errors,
// never creates a deployment twice, does not roll back a release that
// already serves everyone because a CI job was cancelled, refuses to deploy
// an older image than production runs without being told to, and checks
// before it deploys that the live wiring still fits a blue/green release.
// Everything it reports is also a stream of JSON lines for CI systems.
//
// # Usage
//
//	go run ./cmd/release --stack dev --image REGISTRY/APP:TAG   # pulumi up, verify, deploy and follow
//	go run ./cmd/release --outputs outputs.json                 # after `pulumi up`: verify, deploy and follow
//	go run ./cmd/release verify --stack dev                     # check, read-only, that a release would fit
//	go run ./cmd/release diff --outputs outputs.json            # the AppSpec and the container changes; deploys nothing
//	go run ./cmd/release continue DEPLOYMENT_ID                 # approve a deployment waiting for it
//	go run ./cmd/release skip-wait DEPLOYMENT_ID                # end the termination wait now
//	go run ./cmd/release watch DEPLOYMENT_ID                    # follow a deployment, change nothing
//	go run ./cmd/release rollback --stack dev                   # stop with rollback, or redeploy the previous revision
//	go run ./cmd/release rollback DEPLOYMENT_ID                 # stop that deployment with rollback
//	go run ./cmd/release cancel DEPLOYMENT_ID                   # what an interrupt would have done (CI's cancel path)
//
// With --stack, the Pulumi steps run through the Automation API: the stack
// is selected in the project directory (--cwd, default .) with the `pulumi`
// CLI on PATH and the environment's backend and secrets settings
// (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE). A release sets
// `<project>:image` in Pulumi.<stack>.yaml, then `pulumi up` runs and its
// outputs feed the release; verify and diff read the stack's outputs
// without running `pulumi up`. A pipeline that already ran `pulumi up`
// passes its outputs instead: `pulumi stack output --json > outputs.json`
// and --outputs outputs.json (--outputs - reads standard input); --image is
// then optional and, when given, must be the image of the task definition
// the outputs name.
//
// Before it creates a deployment, release checks the AppSpec against the
// registered task definition (the container exists and maps the container
// port to a dynamic host port in bridge mode; the revision is ACTIVE), shows
// the image it is about to deploy beside the one production runs, runs
// verify's checks, and refuses while another deployment of the group is in
// flight, naming it. The reads behind these checks run at once, each
// waiting only for what it needs (four round trips to AWS in all). When the service already runs the task definition, it
// deploys nothing (--force deploys it again).
//
// The AppSpec it sends (as AppSpecContent, with its SHA-256):
//
//	{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{
//	  "TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2",
//	  "LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},
//	  "CapacityProviderStrategy":[{"CapacityProvider":"cluster-cp-4beec67","Weight":1,"Base":0}]}}}]}
//
// When the outputs name a validation hook (output validationFunctionName,
// the stack's validation key), the AppSpec adds
// "Hooks":[{"AfterAllowTestTraffic":"CodeDeployHook_..."}]: CodeDeploy
// invokes the function once the test listener serves the new version; it
// probes the test URL and reports Succeeded, or Failed, and CodeDeploy then
// fails the deployment and rolls it back (exit 7). CodeDeploy's API carries
// no reason, so the release reads the function's own (status, latency, a
// body excerpt) from its log group, /aws/lambda/<function>, with
// CloudWatch Logs FilterLogEvents, for up to 10 s; when it cannot (no line
// yet, access denied), it shows CodeDeploy's diagnostic, the log group and
// why. --stop-after
// AfterAllowTestTraffic stops after the hook succeeded. A rollback
// (`release rollback`) sends no hook: nothing holds up the previous
// version.
//
// # Flags
//
//	--stack STACK          the Pulumi stack (release: with --image; the others: or --outputs)
//	--cwd DIR              the Pulumi project directory (default .)
//	--outputs FILE         the stack's outputs as `pulumi stack output --json` prints them; - for stdin
//	                       (not with --stack)
//	--image IMAGE          release: the image to release. diff: with --stack, the image shown in place of
//	                       the stack's (what `pulumi up` would register); with --outputs, checked against
//	                       the task definition
//	--stop-after EVENT     release: exit 0 once the lifecycle event succeeded, leaving the deployment
//	                       going. AfterAllowTestTraffic stops with production still on the old
//	                       version, for CI to test the new one at the test URL, then `continue`; it
//	                       needs a deployment group that waits for approval (deploymentReadyOption
//	                       STOP_DEPLOYMENT: set the stack's approvalWaitMinutes) and is refused
//	                       otherwise. AllowTraffic or AfterAllowTraffic stop once all production
//	                       traffic is on the new version, leaving the termination wait (the window of
//	                       instant rollback) running.
//	--skip-wait            release, continue: end the termination wait as soon as all traffic has
//	                       moved (ContinueDeployment TERMINATION_WAIT), removing the old tasks
//	--force                release: deploy even if the service already runs the task definition
//	--allow-downgrade      release: deploy the outputs' task definition even when it is older than the
//	                       one production runs (see "No silent downgrade")
//	--skip-verify          release: skip verify's checks (the check that no deployment is in flight
//	                       still runs)
//	--dry-run              release: do what `release diff` does instead: show, deploy nothing
//	--description TEXT     release: the deployment's description
//	--to ARN               rollback: the task definition to go back to
//	--timeout DURATION     release, continue, skip-wait, watch, rollback, cancel: the deadline, counted
//	                       from the start of the command, at least 1m (see "The deadline"). Default:
//	                       derived from the deployment group
//	--rollback-after-shift release, continue, skip-wait, cancel: an interrupt, the deadline or a cancel
//	                       stops the deployment with rollback even after all production traffic moved
//	                       (the behaviour before the safe interrupt)
//	--region REGION        default: the region of the outputs' task definition, else AWS_REGION or
//	                       the profile's
//	--endpoint-url URL     send the AWS calls to URL (a proxy, a fake); AWS_ENDPOINT_URL works too
//	--interval DURATION    time between polls (default 5s, at least 100ms)
//	--output MODE          auto (the default: a live block on a terminal, lines elsewhere), terminal,
//	                       plain (timestamped lines), or jsonl (one JSON object per event on stdout;
//	                       see "Event stream")
//	--plain                --output plain
//	--events FILE          also write the event stream, as --output jsonl prints it, to FILE
//	--json                 print a JSON summary (the "result" event's fields) on stdout at the end;
//	                       progress goes to stderr. Not with --output jsonl
//
// On a terminal, progress is a live block redrawn under the lines of what
// changed; elsewhere (CI logs, pipes) it is one line per change, timestamped
// in UTC. Both draw the same events as the JSON lines. Credentials come from
// the AWS SDK's default chain (environment, profile, SSO, OIDC web identity,
// instance role).
//
// # The deadline
//
// A command that follows a deployment has a deadline: --timeout from the
// start of the command (`pulumi up` included), or, by default, from when it
// reads the deployment group:
//
//	15m                   for the new tasks to be placed, start and pass the health checks
//	+ approval wait       the group's deploymentReadyOption wait, unless --stop-after stops before it
//	+ traffic shifting    the deployment configuration's schedule (canary: its interval; linear: one
//	                      interval per step; all at once: none), unless --stop-after stops before it
//	+ termination wait    the group's terminationWaitTimeInMinutes, unless --stop-after or --skip-wait
//
// The dev stack's default is 20m (15m + a 5-minute termination wait); prod's
// is 1h20m (15m + a 5-minute canary + a 60-minute wait). At the deadline,
// before all production traffic has moved, the command stops the
// deployment with rollback, follows the rollback for up to 10 more minutes,
// and exits 5. After all production traffic moved, it does not roll back a
// release that serves everyone: it stops following, says that the
// deployment goes on in its termination wait, and exits 0
// (--rollback-after-shift rolls back instead). watch and rollback only stop
// following at their deadline. A deadline reached during `pulumi up` (with
// --timeout) cancels it: nothing is deployed, exit 5.
//
// # Retries
//
// Throttling, 5xx and connection errors while following are retried with
// capped, jittered backoff (1s, 2s, 4s, ... at most 30s, each between half
// and all of it) for as long as the deadline allows; the output says when
// AWS stopped answering, for how long, and when it answers again. Other
// errors (access denied, a deployment that does not exist) end following
// after three polls in a row. A stop request is retried for a minute.
//
// CreateDeployment is sent without the SDK's own retries: when it fails
// with throttling, a 5xx or a connection error, the deployment may exist all
// the same (the answer was lost), so before each retry the command looks for
// an in-flight deployment of the group with exactly its AppSpec (content and
// SHA-256, which GetDeployment returns) and, found, follows that one
// ("deployment d-... exists: CreateDeployment created it although its answer
// was lost"). CodeDeploy's "one deployment at a time" answer to a retry is
// checked the same way: another deployment is refused (exit 3), the
// release's own is followed. A release never creates two deployments.
//
// # Interrupts and rollback
//
// Ctrl-C (SIGINT) or SIGTERM during `pulumi up` cancels it; nothing is
// deployed. Once the deployment exists, the first interrupt looks at the
// deployment once more and then:
//
//   - before all production traffic has moved (up to and including traffic
//     shifting), stops it with rollback (StopDeployment,
//     autoRollbackEnabled) and follows CodeDeploy's rollback deployment to
//     its end;
//   - after (AllowTraffic succeeded, the termination wait started), stops
//     following, says that the deployment goes on in its termination wait,
//     and prints the command that rolls it back: `release rollback
//     DEPLOYMENT_ID`. --rollback-after-shift rolls back instead.
//
// A second interrupt stops waiting and says how to watch the deployment and
// its rollback. In watch, rollback, verify, diff and cancel the first
// interrupt stops following.
//
// `release cancel DEPLOYMENT_ID` applies the same rule to a deployment whose
// command is gone: it is the cancel path of a CI job (the release workflow
// runs it when a run is cancelled or times out). It exits 0 when it rolled
// the deployment back, left it in its termination wait, or found it ended.
//
// `release rollback DEPLOYMENT_ID` stops that deployment with rollback,
// also in its termination wait (the original task set still runs: the
// rollback is instant), and follows the rollback. `release rollback` with
// --stack or --outputs does the same to the group's deployment in flight;
// with none in flight, it deploys the previous revision blue/green: the task
// definition of the newest succeeded deployment of the group that differs
// from what the service runs, else the newest ACTIVE revision of the same
// family below it, or --to ARN.
//
// # No silent downgrade
//
// A release shows the image of the revision it is about to deploy beside
// the one production runs:
//
//	deploying ecs-bluegreen-dev-app:2 (registry.example/app:v2); production runs ecs-bluegreen-dev-app:1 (registry.example/app:v1)
//
// Without --image, it refuses (exit 2, nothing deployed) a task definition
// older than production's: a lower revision of the same family (outputs
// from before the last release), or a newer revision whose image was first
// registered before production's image (a `pulumi up` from a checkout
// whose stack file still names an older image, after CI released a newer
// one without committing it). To go back on purpose use `release rollback`
// (or --to ARN), or --allow-downgrade. With --image, the task definition
// must run that image; an older image asked for by name is deployed, and
// the comparison says so. docs/releasing.md, "Where the stack's image
// lives", says how CI and people keep the stack file and production in agreement.
//
// # Verify
//
// `release verify` reads, and changes nothing; a release runs the same
// checks first (--skip-verify skips them). Each check prints ok, skipped
// (what it needs is not there to read), or FAILED with what is wrong and
// the fix:
//
//	deployment-group   the deployment group deploys the stack's service, BLUE_GREEN WITH_TRAFFIC_CONTROL,
//	                   with a target group pair and a production listener; the service's deployment
//	                   controller is CODE_DEPLOY
//	listeners          the group's production and test listeners exist, are the stack's, and forward
//	                   only to the group's target groups; the test listener forwards where production does
//	target-group       the service has exactly one load balancer, on one of the pair's target groups, the
//	                   one production forwards to
//	container          the service's load balancer names the container and port of the AppSpec, which
//	                   the task definition runs in bridge mode on a dynamic host port
//	capacity-provider  the AppSpec's capacity provider, and every one in the service's strategy, is one of
//	                   the cluster's
//	security-group     the instances' security groups (the capacity provider's Auto Scaling group's
//	                   launch template) admit TCP 32768-65535 from the load balancer's security group
//	capacity           the Auto Scaling group's maximum, times the tasks an instance of its type holds
//	                   (the task's CPU and memory against the type's, 90% of the memory for tasks), holds
//	                   twice the service's desired tasks: both task sets run during a deployment
//	in-flight          no deployment of the group is in flight
//	domain             only with a domainName: its ACM certificate is ISSUED, and its A record in the
//	                   zone is an alias of the stack's load balancer
//	validation-hook    with a validation hook in the outputs (validationFunctionName): Lambda has the
//	                   function, Active, and IAM's policy simulator says the deployment group's role
//	                   may invoke it (its policies, boundary and SCPs; not the function's policy); a
//	                   caller that may not ask (iam:SimulatePrincipalPolicy) fails it; only with one
//
// verify exits 0 when no check failed, 6 when any did (3 when the only one
// is in-flight), 4 when AWS could not be read. A verify run:
//
//	$ go run ./cmd/release verify --outputs outputs.json
//	2026-11-26T10:00:00Z ok      deployment-group: app deploys cluster-da68bf3:app-7d10434 blue/green with traffic control between blue-e3a2302 and green-f0ea8ad
//	2026-11-26T10:00:00Z FAILED  listeners: test listener arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/f4f217e/dccd8d4 does not forward to blue-e3a2302, where production is: the next deployment would test beside the wrong task set
//	2026-11-26T10:00:00Z         fix: aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/f4f217e/dccd8d4 --default-actions Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue-e3a2302/1d0e9a2d5c7e4f10
//	2026-11-26T10:00:00Z ok      target-group: service app-7d10434's tasks are in blue-e3a2302, where production forwards
//	2026-11-26T10:00:00Z ok      container: the service's load balancer and ecs-bluegreen-dev-app:2 name container app port 8080 (dynamic host port)
//	2026-11-26T10:00:00Z ok      capacity-provider: capacity provider cluster-cp-4beec67 is one of cluster cluster-da68bf3's
//	2026-11-26T10:00:00Z ok      security-group: the instances' sg-0cluster4d5e6 admit TCP 32768-65535 from the load balancer's sg-0web5a1b2c3
//	2026-11-26T10:00:00Z FAILED  capacity: Auto Scaling group cluster-8c1e2f3 holds at most 1 t3.small × 3 tasks (256 CPU units, 512 MiB each) = 3; a deployment runs both task sets, 2 × 2 = 4 tasks
//	2026-11-26T10:00:00Z         fix: let the group grow to at least 2 instances (aws autoscaling update-auto-scaling-group --auto-scaling-group-name cluster-8c1e2f3 --max-size 2; this project's stacks size it for a release on every pulumi up, capped by the maxInstances key), or run fewer or smaller tasks, or a larger instanceType
//	2026-11-26T10:00:00Z ok      in-flight: no deployment of app is in flight
//	verify: 2 checks failed (listeners, capacity): the live wiring does not fit a blue/green release; each failure is printed above with its fix; nothing was deployed
//
// # Diff
//
// `release diff` (or `release --dry-run`) shows the AppSpec a release would
// send, the image beside production's, and the difference between the
// container definitions production runs and the ones it would deploy,
// field by field (lists of named things, such as environment and secrets,
// by name), and deploys nothing:
//
//	container definitions, ecs-bluegreen-dev-app:1 (production) → ecs-bluegreen-dev-app:3:
//	  + app.environment[VERSION]: {"name":"VERSION","value":"v3"}
//	  ~ app.image: "registry.example/app:v1" → "registry.example/app:v3"
//	  ~ app.memory: 512 → 1024
//
// # Event stream
//
// With --output jsonl (on stdout) or --events FILE, every event is one JSON
// object on its own line, in order. Each has "time" (RFC 3339, UTC, with
// milliseconds) and "type"; the other fields depend on the type, and are
// left out when empty where marked "(optional)". Names are stable: they
// change only with "schemaVersion" in the "start" event (now 1); new types
// and fields may appear, and consumers should ignore what they do not know.
// Times are RFC 3339, durations are in seconds, percentages 0 to 100.
//
//	start            command, schemaVersion: the first event
//	pulumiUp         stack, image: pulumi up runs with the stack's image set
//	images           taskDefinitionArn, image, productionTaskDefinitionArn, productionImage,
//	                 comparison (unchanged, same-image, new, older), reason (optional: why older)
//	deadline         deadline, timeoutSeconds, default (true: derived from the deployment group, with
//	                 its parts startSeconds, approvalWaitSeconds, trafficShiftSeconds,
//	                 terminationWaitSeconds, each optional)
//	check            check (its name, as under Verify), status (ok, failed, skipped), detail, fix
//	                 (optional)
//	appSpec          content, sha256, note (optional): the AppSpec diff shows
//	containerDiff    from, to (task definitions), changes: [{path, change (added, removed, changed),
//	                 from, to (JSON values)}]
//	created          deploymentId, taskDefinitionArn, previousTaskDefinitionArn, rollback (optional:
//	                 it redeploys a previous revision), adopted (optional: found after a lost answer)
//	deployment       deploymentId, status (Created, Queued, InProgress, Baking, Ready, Succeeded, Failed,
//	                 Stopped), rollback (optional: CodeDeploy's rollback deployment), createTime,
//	                 completeTime (optional)
//	message          deploymentId, message: one of CodeDeploy's status messages
//	lifecycle        deploymentId, event (BeforeInstall ... AfterAllowTraffic), status (Pending,
//	                 InProgress, Succeeded, Failed, Skipped), step, steps (its position, 1..8),
//	                 startTime, endTime, durationSeconds, diagnostic (optional)
//	taskSet          deploymentId, taskSet (replacement or original), label (GREEN or BLUE), status
//	                 (PRIMARY, ACTIVE, DRAINING), running, pending, desired, trafficWeight
//	traffic          deploymentId, replacementPercent: production traffic on the replacement
//	targetHealth     deploymentId, targetGroup, counts (state: number), targets: [{id, port, state,
//	                 reason}] of the replacement target group
//	testTraffic      deploymentId, testUrl: the test listener routes to the new version
//	validation       deploymentId, function, status (running, succeeded, failed), reason (optional:
//	                 with failed, the function's reason from its log group, or CodeDeploy's
//	                 diagnostic), logGroup (optional: with failed), reasonMissing (optional: why
//	                 reason is not the function's): the validation hook at AfterAllowTestTraffic
//	terminationWait  deploymentId: all production traffic moved; the original task set waits
//	deploymentError  deploymentId, code, message: CodeDeploy's errorInformation
//	rollbackNamed    deploymentId, rollbackDeploymentId, message (optional)
//	followRollback   deploymentId, rollbackDeploymentId: the command follows the rollback now
//	approvalWait     deploymentId: waits for `release continue`
//	continued        deploymentId, wait (READY_WAIT: approved; TERMINATION_WAIT: old tasks removed)
//	interrupt        deploymentId, reason (interrupt, deadline, cancel, rollback), action (rollback,
//	                 leave, follow, stop-following), trafficShifted, rollbackCommand (optional: with
//	                 leave)
//	retry            operation, attempt, maxAttempts (0: until the deadline), code (optional), error,
//	                 delaySeconds, failingSince, failingSeconds: an AWS call failed and is tried again
//	recovered        operation, failedAttempts, failingSince, failingSeconds: AWS answers again
//	warning          message: a problem that does not stop the command
//	result           command, outcome, exitCode, message, error, deploymentId, status,
//	                 taskDefinitionArn, previousTaskDefinitionArn, deploymentError ({code, message}),
//	                 rollback ({deploymentId, status, error}), trafficShiftedPercent, interrupted,
//	                 timedOut, left, checks (as check), url, testUrl, lifecycleEvents ([{name, status,
//	                 startTime, endTime, diagnostic}]), validation (optional: as the validation
//	                 event), startTime, endTime, durationSeconds: the last event, and what --json
//	                 prints
//
// The result's outcome is released, traffic-shifted, waiting, rolled-back,
// unchanged or checked (exit 0), failed or stopped (exit 1), abandoned (it
// stopped following a deployment that goes on), or error (see error).
//
// An excerpt of a release's stream:
//
//	{"time":"2026-11-26T10:00:00.000Z","type":"start","command":"release","schemaVersion":1}
//	{"time":"2026-11-26T10:00:00.000Z","type":"images","taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2","image":"registry.example/app:v2","productionTaskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:1","productionImage":"registry.example/app:v1","comparison":"new"}
//	{"time":"2026-11-26T10:00:00.000Z","type":"deadline","deadline":"2026-11-26T10:20:00Z","timeoutSeconds":1200,"default":true,"startSeconds":900,"terminationWaitSeconds":300}
//	{"time":"2026-11-26T10:00:00.000Z","type":"check","check":"capacity","status":"ok","detail":"Auto Scaling group cluster-8c1e2f3 holds at most 4 t3.small × 3 tasks (256 CPU units, 512 MiB each) = 12; a deployment runs both task sets, 2 × 2 = 4 tasks"}
//	{"time":"2026-11-26T10:00:00.000Z","type":"created","deploymentId":"d-FAKE10001","taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2","previousTaskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:1"}
//	{"time":"2026-11-26T10:00:10.000Z","type":"taskSet","deploymentId":"d-FAKE10001","taskSet":"replacement","label":"GREEN","status":"ACTIVE","running":0,"pending":2,"desired":2,"trafficWeight":0}
//	{"time":"2026-11-26T10:00:20.000Z","type":"targetHealth","deploymentId":"d-FAKE10001","targetGroup":"green-f0ea8ad","counts":{"healthy":2},"targets":[{"id":"i-0fakea","port":32768,"state":"healthy"},{"id":"i-0fakeb","port":32769,"state":"healthy"}]}
//	{"time":"2026-11-26T10:00:25.000Z","type":"traffic","deploymentId":"d-FAKE10001","replacementPercent":10}
//	{"time":"2026-11-26T10:00:30.000Z","type":"lifecycle","deploymentId":"d-FAKE10001","event":"AllowTraffic","status":"Succeeded","step":7,"steps":8,"startTime":"2026-11-26T10:00:25Z","endTime":"2026-11-26T10:00:30Z","durationSeconds":5}
//	{"time":"2026-11-26T10:00:30.000Z","type":"traffic","deploymentId":"d-FAKE10001","replacementPercent":100}
//	{"time":"2026-11-26T10:00:35.000Z","type":"deployment","deploymentId":"d-FAKE10001","status":"Succeeded","createTime":"2026-11-26T10:00:00Z","completeTime":"2026-11-26T10:00:40Z"}
//	{"time":"2026-11-26T10:00:35.000Z","type":"result","command":"release","outcome":"released","exitCode":0,"message":"released: ecs-bluegreen-dev-app:2 serves all production traffic at http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com (deployment d-FAKE10001)","deploymentId":"d-FAKE10001","status":"Succeeded",...}
//
// For example, `jq -r 'select(.type=="traffic") | .replacementPercent'`
// follows the traffic shift, and `jq -s 'last'` is the result.
//
// # Exit status
//
//	0    released: the new version serves all production traffic (the deployment
//	     Succeeded, or --stop-after AllowTraffic/AfterAllowTraffic was reached, or the
//	     deadline passed in the termination wait); or the deployment waits for approval
//	     after --stop-after AfterAllowTestTraffic; or nothing to release; or (rollback) the
//	     previous version serves production; or verify found nothing to fix; or diff
//	     showed what would be deployed; or cancel rolled back, left in the termination
//	     wait, or found nothing to cancel
//	1    the deployment failed or was stopped; AWS's reason (error code and message) and
//	     the rollback deployment are printed
//	2    bad usage or input (flags, outputs, an AppSpec that does not fit the task
//	     definition, a task definition older than production's without
//	     --allow-downgrade): nothing was deployed
//	3    another deployment of the group is in flight; it is named
//	4    an error from AWS or Pulumi (credentials, permissions, pulumi up)
//	5    the deadline passed: the deployment was stopped with rollback and the rollback
//	     followed (or it could not be stopped, or watching ended); or it passed during
//	     pulumi up, and nothing was deployed
//	6    verify found problems (each printed with its fix): nothing was deployed
//	7    the validation hook failed the new version on the test listener: the deployment
//	     failed at AfterAllowTestTraffic and was rolled back, production never moved; the
//	     function's reason (from its log group, /aws/lambda/<function>) is printed, or,
//	     when it could not be read, CodeDeploy's diagnostic, the log group and why
//	130  interrupted: the deployment was stopped with rollback, left in its termination
//	     wait with the command that rolls it back, or the command stopped following it
//
// # A release
//
// (Recorded against the fake AWS of the tests, so the times are short.)
//
//	$ go run ./cmd/release --outputs outputs.json --image registry.example/app:v2
//	2026-11-26T10:00:00Z deploying ecs-bluegreen-dev-app:2 (registry.example/app:v2); production runs ecs-bluegreen-dev-app:1 (registry.example/app:v1)
//	2026-11-26T10:00:00Z deadline 2026-11-26T10:20:00Z (default timeout 20m00s: 15m00s to start and pass health checks + 5m00s termination wait)
//	2026-11-26T10:00:00Z ok      deployment-group: app deploys cluster-da68bf3:app-7d10434 blue/green with traffic control between blue-e3a2302 and green-f0ea8ad
//	...                  (the other seven checks, ok)
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
// While AWS throttles, the lines say so, and when it answers again:
//
//	2026-11-26T10:00:00Z AWS unreachable: GetDeployment: ThrottlingException: Rate exceeded; retrying in 1s
//	2026-11-26T10:00:00Z AWS unreachable: GetDeployment: ThrottlingException: Rate exceeded (failing for 1s, since 2026-11-26T10:00:00Z); retrying in 2s
//	2026-11-26T10:00:03Z AWS unreachable: GetDeployment: ThrottlingException: Rate exceeded (failing for 3s, since 2026-11-26T10:00:00Z); retrying in 4s
//	2026-11-26T10:00:07Z AWS answers again: GetDeployment failed 3 times over 7s (since 2026-11-26T10:00:00Z)
//
// # A stuck deployment at its deadline (exit status 5)
//
//	$ go run ./cmd/release --outputs outputs.json --timeout 2m
//	...
//	2026-11-26T10:00:40Z Install: InProgress
//	2026-11-26T10:00:40Z task set replacement: 0/2 running, 2 pending, ACTIVE
//	2026-11-26T10:02:00Z deadline reached: stopping deployment d-7K2Q9XB3C with rollback
//	2026-11-26T10:02:00Z deployment d-7K2Q9XB3C: Stopped
//	2026-11-26T10:02:00Z error: MANUAL_STOP: The deployment was stopped by the user.
//	2026-11-26T10:02:00Z following rollback deployment d-4M8R2T6WD
//	2026-11-26T10:02:20Z deployment d-4M8R2T6WD: Succeeded (rollback)
//	2026-11-26T10:02:20Z deployment d-7K2Q9XB3C was stopped at the deadline: MANUAL_STOP: The deployment was stopped by the user.; rolled back by deployment d-4M8R2T6WD: the previous version serves production
//
// # An interrupt after the traffic shift (exit status 130)
//
//	2026-11-26T10:00:30Z all production traffic is on the replacement; the original task set waits for termination
//	^C
//	2026-11-26T10:00:30Z interrupted after all production traffic moved: not rolling back; deployment d-7K2Q9XB3C goes on in its termination wait
//	2026-11-26T10:00:30Z interrupted after all production traffic moved: deployment d-7K2Q9XB3C goes on in its termination wait; roll it back: `release rollback d-7K2Q9XB3C`
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
//	2026-11-26T10:00:30Z deployment d-4M8R2T6WD: Succeeded (rollback)
//	2026-11-26T10:00:30Z deployment d-7K2Q9XB3C failed: ALARM_ACTIVE: One or more alarms have been activated according to the Amazon CloudWatch metrics you selected; rolled back by deployment d-4M8R2T6WD: the previous version serves production
//
// # A rollback
//
//	$ go run ./cmd/release rollback --outputs outputs.json
//	2026-11-26T10:00:00Z rollback: stopping deployment d-7K2Q9XB3C with rollback
//	2026-11-26T10:00:00Z deployment d-7K2Q9XB3C: Stopped
//	2026-11-26T10:00:00Z error: MANUAL_STOP: The deployment was stopped by the user.
//	2026-11-26T10:00:00Z rolled back by deployment d-4M8R2T6WD: Deployment is rolled back by d-4M8R2T6WD
//	2026-11-26T10:00:00Z following rollback deployment d-4M8R2T6WD
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
//	  release rollback "$(jq -r .deploymentId release.json)"
//	fi
//
// # Permissions
//
// codedeploy:ListDeployments, GetDeployment, BatchGetDeployments,
// GetDeploymentGroup, GetDeploymentConfig, GetDeploymentTarget,
// CreateDeployment, RegisterApplicationRevision, StopDeployment,
// ContinueDeployment; ecs:DescribeTaskDefinition, DescribeServices,
// ListTaskDefinitions, DescribeClusters, DescribeCapacityProviders;
// elasticloadbalancing:DescribeTargetGroups, DescribeTargetHealth,
// DescribeListeners, DescribeLoadBalancers;
// autoscaling:DescribeAutoScalingGroups; ec2:DescribeLaunchTemplateVersions,
// DescribeSecurityGroups, DescribeInstanceTypes; with a validation hook,
// lambda:GetFunction and iam:SimulatePrincipalPolicy on the deployment
// group's role (verify), and logs:FilterLogEvents on the hook's log group
// (a failed validation's reason; without it the release says the reason is
// missing and why); and, with --stack, whatever
// `pulumi up` of the stack needs. verify and diff need only the read
// permissions. The deploy role that the pipeline-roles/ program creates
// (pipelineroles.NewGitHubRoles, see docs/pipeline.md) holds all of them,
// scoped to the project's resources.
package main
