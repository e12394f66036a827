// Package release takes a new version of the stack's service to production
// blue/green through AWS CodeDeploy, and tells what happens while it does.
// It is the release command: Main reads the command line and runs it, and
// cmd/release, which holds the command's documentation, only calls Main.
//
// A release starts from the stack's outputs: after `pulumi up` (Stack.Up
// sets the stack's image and runs it through the Automation API) or from
// `pulumi stack output --json` (ParseOutputs). Releaser.Release then
//
//   - builds the AppSpec (NewAppSpec): the task definition revision, the
//     container and port the load balancer sends traffic to, and the service's
//     capacity provider strategy, which CodeDeploy drops when the AppSpec does
//     not name it;
//   - checks it against the task definition ECS has registered
//     (CheckTaskDefinition), reporting every problem at once;
//   - compares the image it deploys with production's (CompareImages) and
//     refuses an older one unless asked to go back (DowngradeError);
//   - checks the live wiring (Verify, CheckWiring: deployment group,
//     listeners, target groups, container, capacity provider, security
//     group, capacity), and refuses while another deployment of the group is
//     in flight (InFlightError), since CodeDeploy runs one at a time;
//   - creates the deployment (the AppSpec as AppSpecContent with its SHA-256)
//     once, finding its own deployment when an answer was lost, and follows
//     it: every poll reads the deployment, its ECS target (lifecycle events,
//     the task sets' counts and traffic weights) and the health of the
//     replacement task set's targets.
//
// Following ends by Decide's rule: when the deployment ends, when the
// requested lifecycle event has passed (Goal.StopAfter), or, after a failure
// or a stop, when CodeDeploy's rollback deployment ends. It also ends at a
// deadline (Releaser.Timeout, by default Timing.Timeout of the deployment
// group). An interrupt, the deadline or Releaser.Cancel stops the deployment
// with rollback before all production traffic moved, and leaves it in its
// termination wait after (unless Releaser.RollbackAfterShift). Throttling,
// 5xx and connection errors are retried with Backoff until the deadline.
// Releaser.Rollback stops a deployment in flight with rollback, or redeploys
// the previous task definition revision; Releaser.Diff shows what a release
// would deploy.
//
// The logic prints nothing: it builds Events (Changes turns two polls into
// them) and hands them to a Reporter, which draws them as lines
// (NewLineReporter), a live terminal block (NewTerminalReporter) or JSON
// lines (NewJSONReporter, MarshalEvent). Explain and Summary say how a
// command ended.
//
// Everything that talks to AWS goes through the SDK clients of Clients;
// tests point them at the fake in package fakeaws. Time goes through Clock,
// so tests never sleep.
package release
