// Package release takes a new version of the stack's service to production
// blue/green through AWS CodeDeploy, and tells what happens while it does.
// It is the logic of the release command (cmd/release).
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
//   - refuses while another deployment of the group is in flight
//     (InFlightError), since CodeDeploy runs one at a time;
//   - creates the deployment (the AppSpec as AppSpecContent with its SHA-256)
//     and follows it: every poll reads the deployment, its ECS target
//     (lifecycle events, the task sets' counts and traffic weights) and the
//     health of the replacement task set's targets, and reports what changed
//     (Reporter: lines for CI, a live block on a terminal).
//
// Following ends by Decide's rule: when the deployment ends, when the
// requested lifecycle event has passed (Goal.StopAfter), or, after a failure
// or a stop, when CodeDeploy's rollback deployment ends. An interrupt stops
// the deployment with rollback (StopDeployment, autoRollbackEnabled) and
// follows the rollback. Releaser.Rollback does the same for a deployment in
// flight, and otherwise redeploys the previous task definition revision.
//
// Everything that talks to AWS goes through the SDK clients of Clients;
// tests point them at the fake in package fakeaws. Time goes through Clock,
// so tests never sleep.
package release
