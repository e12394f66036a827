// Package handler is the logic of the CodeDeploy lifecycle hook that
// package validation deploys at AfterAllowTestTraffic: it probes the test
// listener, which serves the green task set during that event, and reports
// Succeeded or Failed to CodeDeploy exactly once.
//
// Probe sends GET requests to the test URL until Check.Successes answers
// in a row pass (the expected status, and the body substring and header
// when set), or one fails, or the budget runs out. Handle runs Probe for
// one hook invocation and reports its Result with
// PutLifecycleEventHookExecutionStatus, with a context of its own, so a
// probe cut short by the budget or by the function's deadline still
// reports. CodeDeploy's API carries no reason: the Result's reason goes to
// the function's log (one JSON line, package validation/hookspec), where the
// release command and a person read it.
//
// The function's command (package validation/bootstrap) reads the Check
// from its environment (FromEnv) and passes Handle to the Lambda runtime.
package handler
