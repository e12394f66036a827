package release

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// DefaultInterval is how often a Releaser polls when Interval is zero.
const DefaultInterval = 5 * time.Second

// Releaser creates, follows, continues, cancels and rolls back CodeDeploy
// blue/green deployments of a stack's ECS service, and checks (Verify) and
// previews (Diff) them. It reports what happens as events to Reporter and
// prints nothing itself.
type Releaser struct {
	// Clients are the AWS clients. Required.
	Clients *Clients
	// Clock times the polls, retries and the deadline. Default: SystemClock.
	Clock Clock
	// Interval is the time between polls. Default: DefaultInterval.
	Interval time.Duration
	// Reporter draws the events. Required.
	Reporter Reporter
	// Timeout bounds a command that follows a deployment, counted from
	// Start: at the deadline it stops the deployment with rollback and
	// follows the rollback for RollbackGrace (or, after all production
	// traffic moved, stops following). Zero: the deployment group's
	// default (Timing.Timeout), counted from when the command reads the
	// group.
	Timeout time.Duration
	// Start is when Timeout starts. Default: when the command starts.
	Start time.Time
	// RollbackAfterShift makes an interrupt or the deadline stop a
	// deployment with rollback also after all production traffic moved to
	// the new version. Default: such a deployment is left in its
	// termination wait, and the command says how to roll it back.
	RollbackAfterShift bool
	// Backoff times the retries of throttled or failed AWS calls.
	Backoff Backoff
}

// Request is a release of the stack's current task definition.
type Request struct {
	// Outputs are the stack's outputs after `pulumi up`. Required.
	Outputs Outputs
	// Image, when set, must be the image the task definition's container
	// runs: a check that the outputs are from after the image was set.
	Image string
	// StopAfter ends the command with exit 0 once this lifecycle event has
	// succeeded, leaving the deployment to go on (see CheckStopAfter).
	StopAfter string
	// SkipWait ends the termination wait as soon as all traffic has moved,
	// removing the original task set (and the instant rollback) early.
	SkipWait bool
	// Force deploys even when the service already runs the task definition.
	Force bool
	// AllowDowngrade deploys a task definition older than production's
	// (CompareImages) when no Image was asked for. Default: refused.
	AllowDowngrade bool
	// SkipVerify skips the pre-flight checks of Verify (the check that no
	// deployment is in flight still runs).
	SkipVerify bool
	// Description is the deployment's description. Default: names the task
	// definition.
	Description string
}

// Result is how a command ended.
type Result struct {
	// Command is the command that ran: release, verify, diff, continue,
	// skip-wait, watch, rollback or cancel.
	Command string
	// Outcome decides the exit status (Outcome.Succeeded).
	Outcome Outcome
	// Deployment is the last poll of the deployment the command created or
	// acted on; nil when none.
	Deployment *Snapshot
	// Rollback is the last poll of the deployment that rolled it back.
	Rollback *Snapshot
	// TaskDefinitionARN is what the command deployed (or found deployed).
	TaskDefinitionARN string
	// PreviousTaskDefinitionARN is what served production before.
	PreviousTaskDefinitionARN string
	// Interrupted says an interrupt (or `release cancel`) stopped the
	// deployment with rollback or left it in its termination wait.
	Interrupted bool
	// TimedOut says the deadline passed: the deployment was stopped with
	// rollback, left in its termination wait, or no longer followed.
	TimedOut bool
	// Stopped says the command stopped the deployment with rollback.
	Stopped bool
	// Left says the deployment was left in its termination wait, all
	// production traffic on the new version, after an interrupt, the
	// deadline or a cancel.
	Left bool
	// Checks are Verify's results.
	Checks []Check
	// Validation is the validation hook's last event of the deployment:
	// when it failed, with its reason. Nil without a hook.
	Validation *Validation
	// URL and TestURL are the stack's production and test URLs, when known.
	URL, TestURL string
	// Started and Ended time the command.
	Started, Ended time.Time
}

// InFlightError says the deployment group already has a deployment that has
// not ended: CodeDeploy runs one at a time.
type InFlightError struct {
	Group, DeploymentID, Status string
}

func (e *InFlightError) Error() string {
	return fmt.Sprintf("release: deployment group %s has deployment %s in flight (%s); follow it with `release watch %s` or stop it with `release rollback %s`",
		e.Group, e.DeploymentID, e.Status, e.DeploymentID, e.DeploymentID)
}

// InvalidError says the request cannot be deployed as it is; nothing was
// sent to CodeDeploy.
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }

// Unwrap returns the problems.
func (e *InvalidError) Unwrap() error { return e.Err }

func (r *Releaser) clock() Clock {
	if r.Clock == nil {
		return SystemClock{}
	}
	return r.Clock
}

func (r *Releaser) retrier() retrier {
	return retrier{clock: r.clock(), backoff: r.Backoff, rep: r.Reporter}
}

func (r *Releaser) follower(dc deploymentContext, deadline time.Time) *follower {
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	return &follower{
		cd: r.Clients.CodeDeploy, elb: r.Clients.ELB, logs: r.Clients.Logs, clock: r.clock(), interval: interval, rep: r.Reporter, backoff: r.Backoff,
		targetID: dc.targetID, testURL: dc.testURL, fallbackTargetGroup: dc.fallbackTG, hook: dc.hook,
		deadline: deadline, rollbackAfterShift: r.RollbackAfterShift,
	}
}

// Release deploys the stack's task definition blue/green and follows the
// deployment: it checks the AppSpec against the task definition, shows the
// image it deploys beside production's and refuses an older one (unless
// req.AllowDowngrade), runs Verify's checks, refuses while another
// deployment is in flight, creates the deployment (once, even when an
// answer is lost) and follows it to req's goal or the deadline. When stop
// delivers, or at the deadline, it stops the deployment with rollback and
// follows the rollback, or, once all production traffic moved, leaves it in
// its termination wait; when ctx ends, it stops following.
func (r *Releaser) Release(ctx context.Context, req Request, stop <-chan struct{}) (res Result, err error) {
	o := req.Outputs
	res = Result{Command: "release", URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now(), TaskDefinitionARN: o.TaskDefinitionARN}
	defer func() { res.Ended = r.clock().Now() }()
	target := TargetFromOutputs(o)
	if err := target.Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	goal := Goal{StopAfter: req.StopAfter, SkipWait: req.SkipWait}
	deadline, err := r.prepare(ctx, req, target, goal, &res)
	if err != nil || res.Outcome == OutcomeUnchanged {
		return res, err
	}
	if stopRequested(stop) {
		res.Outcome, res.Interrupted = OutcomeAbandoned, true
		return res, nil
	}
	desc := req.Description
	if desc == "" {
		desc = "release " + target.TaskDefinitionARN
	}
	id, adopted, err := r.createDeployment(ctx, o.ApplicationName, o.DeploymentGroupName, target, desc, deadline)
	if err != nil {
		return res, err
	}
	r.Reporter.Report(DeploymentCreated{DeploymentID: id, TaskDefinitionARN: target.TaskDefinitionARN, PreviousTaskDefinitionARN: res.PreviousTaskDefinitionARN, Adopted: adopted})
	f := r.follower(deploymentContext{targetID: o.TargetID(), testURL: o.TestURL, fallbackTG: o.GreenTargetGroupName, hook: target.ValidationFunction}, deadline)
	f.mayStop = true
	fr, err := f.follow(ctx, id, goal, stop)
	res.apply(fr)
	if res.Deployment == nil {
		res.Deployment = &Snapshot{DeploymentID: id} // never read: AWS did not answer
	}
	return res, err
}

// prepare reads, all at once, what a release checks before it creates the
// deployment; then, in a fixed order whatever answered first, it checks
// them, reports the images, the deadline and Verify's checks, and returns
// the deadline. The first problem in that order is the error. A service
// that runs the task definition already ends it with OutcomeUnchanged.
func (r *Releaser) prepare(ctx context.Context, req Request, target Target, goal Goal, res *Result) (time.Time, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // reads still running when a check fails
	rd := r.startReads(ctx, req.Outputs, !req.SkipVerify)
	images := async(func() (Images, error) { return r.readImages(ctx, rd, req) })
	var timing *future[timed]
	if r.Timeout <= 0 {
		timing = async(func() (timed, error) {
			g, err := rd.group.wait()
			if err != nil {
				return timed{}, err
			}
			return r.timing(ctx, g), nil
		})
	}
	group, err := rd.group.wait()
	if err != nil {
		return time.Time{}, err
	}
	if err := CheckStopAfter(req.StopAfter, readyWait(group)); err != nil {
		return time.Time{}, &InvalidError{Err: err}
	}
	td, err := rd.taskDef.wait()
	if err != nil {
		return time.Time{}, err
	}
	if err := CheckTaskDefinition(target, td, req.Image); err != nil {
		return time.Time{}, &InvalidError{Err: err}
	}
	svc, err := rd.service.wait()
	if err != nil {
		return time.Time{}, err
	}
	if res.PreviousTaskDefinitionARN = serviceTaskDefinition(svc); res.PreviousTaskDefinitionARN == target.TaskDefinitionARN && !req.Force {
		res.Outcome = OutcomeUnchanged
		return time.Time{}, nil
	}
	ev, err := images.wait()
	if err != nil {
		return time.Time{}, err
	}
	r.Reporter.Report(ev)
	if ev.Comparison == ImagesOlder && req.Image == "" && !req.AllowDowngrade {
		return time.Time{}, &DowngradeError{Images: ev}
	}
	deadline := r.setDeadline(goal, func() timed { t, _ := timing.wait(); return t })
	if req.SkipVerify {
		return deadline, refuseInFlight(req.Outputs.DeploymentGroupName, rd)
	}
	if res.Checks, err = r.verify(req.Outputs, rd); err != nil {
		return deadline, err
	}
	return deadline, verifyError(res.Checks)
}

// readImages compares the task definition a release deploys with the one
// production runs, once both are known (unless they are one and the same
// and the release is not forced).
func (r *Releaser) readImages(ctx context.Context, rd *reads, req Request) (Images, error) {
	td, err := rd.taskDef.wait()
	if err != nil {
		return Images{}, err
	}
	svc, err := rd.service.wait()
	if err != nil {
		return Images{}, err
	}
	current := serviceTaskDefinition(svc)
	if current == req.Outputs.TaskDefinitionARN && !req.Force {
		return Images{}, nil
	}
	return r.compareImages(ctx, td, current, req.Outputs.ContainerName)
}

// apply records what following saw. A deployment that was rolled back ends
// as failed or stopped, whatever became of its rollback.
func (res *Result) apply(fr followed) {
	res.Deployment, res.Rollback, res.Outcome = fr.main, fr.rollback, fr.outcome
	res.Validation = fr.validation
	res.TimedOut, res.Left, res.Stopped = fr.timedOut, fr.left, fr.stopped
	res.Interrupted = fr.stopReason == ReasonInterrupt || fr.stopReason == ReasonCancel
	if fr.rollback != nil && fr.main != nil && res.Outcome != OutcomeAbandoned {
		res.Outcome = OutcomeFailed
		if fr.main.Status == StatusStopped {
			res.Outcome = OutcomeStopped
		}
	}
}

// Continue approves a deployment that waits before moving production traffic
// (ContinueDeployment READY_WAIT) and follows it like Release does. o, when
// not nil, gives the test URL and the target; otherwise the deployment group
// names the service.
func (r *Releaser) Continue(ctx context.Context, id string, o *Outputs, goal Goal, stop <-chan struct{}) (Result, error) {
	return r.act(ctx, "continue", id, o, goal, stop, cdtypes.DeploymentWaitTypeReadyWait)
}

// SkipWait ends a deployment's termination wait (ContinueDeployment
// TERMINATION_WAIT), removing the original task set now, and follows the
// deployment to its end.
func (r *Releaser) SkipWait(ctx context.Context, id string, o *Outputs, stop <-chan struct{}) (Result, error) {
	return r.act(ctx, "skip-wait", id, o, Goal{}, stop, cdtypes.DeploymentWaitTypeTerminationWait)
}

// Watch follows a deployment without acting on it; at the deadline it stops
// following.
func (r *Releaser) Watch(ctx context.Context, id string, o *Outputs) (Result, error) {
	return r.act(ctx, "watch", id, o, Goal{}, nil, "")
}

func (r *Releaser) act(ctx context.Context, command, id string, o *Outputs, goal Goal, stop <-chan struct{}, wait cdtypes.DeploymentWaitType) (res Result, err error) {
	res = Result{Command: command, Started: r.clock().Now()}
	defer func() { res.Ended = r.clock().Now() }()
	dc, err := r.deploymentContext(ctx, id, o)
	if err != nil {
		return res, err
	}
	if o != nil {
		res.URL, res.TestURL = o.URL, o.TestURL
	}
	f := r.follower(dc, r.startDeadline(ctx, dc.group, goal))
	f.mayStop = wait != ""
	if wait != "" {
		if err := f.continueDeployment(ctx, id, wait); err != nil {
			return res, fmt.Errorf("release: %s of deployment %s: %w", waitName(wait), id, err)
		}
		r.Reporter.Report(Continued{DeploymentID: id, Wait: string(wait)})
	}
	fr, err := f.follow(ctx, id, goal, stop)
	res.apply(fr)
	if fr.main != nil {
		res.TaskDefinitionARN = fr.main.TaskDefinitionARN
	}
	return res, err
}

func waitName(w cdtypes.DeploymentWaitType) string {
	if w == cdtypes.DeploymentWaitTypeReadyWait {
		return "approving"
	}
	return "ending the termination wait"
}

// Cancel does to deployment id what an interrupt of the command that
// created it would have done (the cancel path of a CI job whose release
// command was killed): before all production traffic moved, it stops the
// deployment with rollback and follows the rollback; after, it leaves the
// deployment in its termination wait (unless RollbackAfterShift) and says
// how to roll it back. A deployment that has ended is left as it is.
func (r *Releaser) Cancel(ctx context.Context, id string, o *Outputs) (res Result, err error) {
	res = Result{Command: "cancel", Started: r.clock().Now()}
	defer func() { res.Ended = r.clock().Now() }()
	dc, err := r.deploymentContext(ctx, id, o)
	if err != nil {
		return res, err
	}
	if o != nil {
		res.URL, res.TestURL = o.URL, o.TestURL
	}
	f := r.follower(dc, r.startDeadline(ctx, dc.group, Goal{}))
	f.mayStop, f.stopReason = true, ReasonCancel
	now := make(chan struct{})
	close(now)
	fr, err := f.follow(ctx, id, Goal{}, now)
	res.apply(fr)
	if fr.main != nil {
		res.TaskDefinitionARN = fr.main.TaskDefinitionARN
	}
	switch {
	case err != nil || fr.outcome == OutcomeAbandoned || fr.left:
	case !fr.stopped:
		// It had ended before the cancel: nothing was done.
		res.Outcome = OutcomeUnchanged
	case fr.rollback != nil && fr.rollback.Status == StatusSucceeded:
		res.Outcome = OutcomeRolledBack
	}
	return res, err
}

// RollbackRequest is what to roll back.
type RollbackRequest struct {
	// Outputs are the stack's outputs; required unless DeploymentID is set.
	Outputs *Outputs
	// DeploymentID, when set, is the deployment to stop with rollback; it
	// must be in flight.
	DeploymentID string
	// To is the task definition to redeploy when no deployment is in
	// flight. Default: the previous one deployed.
	To string
}

// Rollback puts the previous version back. With a deployment in flight (or
// req.DeploymentID), it stops that deployment with rollback and follows the
// rollback. Otherwise it deploys the previous task definition revision
// (req.To, when not empty) blue/green and follows that deployment.
func (r *Releaser) Rollback(ctx context.Context, req RollbackRequest) (res Result, err error) {
	res = Result{Command: "rollback", Started: r.clock().Now()}
	defer func() { res.Ended = r.clock().Now() }()
	if req.Outputs != nil {
		res.URL, res.TestURL = req.Outputs.URL, req.Outputs.TestURL
	}
	inflight, dc, err := r.rollbackInFlight(ctx, req)
	if err != nil {
		return res, err
	}
	if inflight != "" {
		return r.stopInFlight(ctx, res, dc, inflight)
	}
	return r.redeployPrevious(ctx, res, *req.Outputs, req.To)
}

// rollbackInFlight is the deployment a rollback stops: req.DeploymentID,
// which must be in flight, or the deployment group's deployment in flight;
// "" when none is, and then req.Outputs is set. --to with a deployment in
// flight is an InvalidError.
func (r *Releaser) rollbackInFlight(ctx context.Context, req RollbackRequest) (inflight string, dc deploymentContext, err error) {
	o := req.Outputs
	if inflight = req.DeploymentID; inflight != "" {
		if req.To != "" {
			return "", dc, &InvalidError{Err: fmt.Errorf("rollback: --to and a deployment id: pick one (the id stops that deployment with rollback; --to redeploys a revision when none is in flight)")}
		}
		if dc, err = r.deploymentContext(ctx, inflight, o); err != nil {
			return "", dc, err
		}
		if dc.status != "" && !slices.Contains(InFlightStatuses, dc.status) {
			return "", dc, &InvalidError{Err: fmt.Errorf("rollback: deployment %s has ended (%s): nothing to stop; `release rollback --stack STACK` (or --outputs FILE) redeploys the previous revision", inflight, dc.status)}
		}
		return inflight, dc, nil
	}
	if o == nil {
		return "", dc, &InvalidError{Err: errors.New("rollback: pass a deployment id, --stack or --outputs FILE")}
	}
	inflight, status, err := r.inFlight(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil || inflight == "" {
		return "", dc, err
	}
	if req.To != "" {
		return "", dc, &InvalidError{Err: fmt.Errorf("rollback: --to: deployment %s is in flight (%s); roll it back first (without --to)", inflight, status)}
	}
	if dc, err = r.deploymentContext(ctx, inflight, o); err != nil {
		return "", dc, err
	}
	return inflight, dc, nil
}

// redeployPrevious deploys task definition to (default: the revision before
// the service's current one) blue/green and follows that deployment.
func (r *Releaser) redeployPrevious(ctx context.Context, res Result, o Outputs, to string) (Result, error) {
	group, err := r.deploymentGroup(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil {
		return res, err
	}
	current, err := r.serviceTaskDefinition(ctx, o.ClusterName, o.ServiceName)
	if err != nil {
		return res, err
	}
	res.PreviousTaskDefinitionARN = current
	if to == "" {
		if to, err = r.previousTaskDefinition(ctx, o, current); err != nil {
			return res, err
		}
	}
	res.TaskDefinitionARN = to
	target := TargetFromOutputs(o)
	target.TaskDefinitionARN = to
	// Going back to what production ran: no validation hook holds it up.
	target.ValidationFunction = ""
	if err := target.Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	td, err := r.describeTaskDefinition(ctx, to)
	if err != nil {
		return res, err
	}
	if err := CheckTaskDefinition(target, td, ""); err != nil {
		return res, &InvalidError{Err: err}
	}
	deadline := r.startDeadline(ctx, group, Goal{Rollback: true})
	id, adopted, err := r.createDeployment(ctx, o.ApplicationName, o.DeploymentGroupName, target, "roll back to "+to, deadline)
	if err != nil {
		return res, err
	}
	r.Reporter.Report(DeploymentCreated{DeploymentID: id, TaskDefinitionARN: to, PreviousTaskDefinitionARN: current, Rollback: true, Adopted: adopted})
	f := r.follower(deploymentContext{targetID: o.TargetID(), testURL: o.TestURL, fallbackTG: o.BlueTargetGroupName, hook: target.ValidationFunction}, deadline)
	fr, err := f.follow(ctx, id, Goal{Rollback: true}, nil)
	res.Deployment, res.Rollback, res.Outcome, res.TimedOut = fr.main, fr.rollback, fr.outcome, fr.timedOut
	if fr.rollback != nil && res.Outcome != OutcomeAbandoned {
		// The redeploy failed and CodeDeploy rolled it back in turn.
		res.Outcome = OutcomeFailed
	}
	return res, err
}

// stopInFlight stops deployment id with rollback and follows the rollback.
func (r *Releaser) stopInFlight(ctx context.Context, res Result, dc deploymentContext, id string) (Result, error) {
	f := r.follower(dc, r.startDeadline(ctx, dc.group, Goal{}))
	r.Reporter.Report(Interrupt{DeploymentID: id, Reason: ReasonRollback, Action: ActionRollback})
	if err := f.stopDeployment(ctx, id); err != nil {
		return res, fmt.Errorf("rollback: stopping deployment %s: %w", id, err)
	}
	f.stopped = true
	fr, err := f.follow(ctx, id, Goal{}, nil)
	res.Deployment, res.Rollback, res.Outcome, res.TimedOut = fr.main, fr.rollback, fr.outcome, fr.timedOut
	switch {
	case fr.outcome == OutcomeAbandoned:
	case fr.rollback != nil && fr.rollback.Status == StatusSucceeded:
		res.Outcome = OutcomeRolledBack
	case fr.rollback != nil:
		res.Outcome = OutcomeFailed
	}
	if fr.main != nil {
		res.TaskDefinitionARN = fr.main.TaskDefinitionARN
	}
	return res, err
}

// refuseInFlight returns an *InFlightError naming a deployment of the group
// that has not ended, when rd found one.
func refuseInFlight(group string, rd *reads) error {
	f, err := rd.inFlight.wait()
	if err != nil {
		return err
	}
	if f.id != "" {
		return &InFlightError{Group: group, DeploymentID: f.id, Status: f.status}
	}
	return nil
}

// inFlight is a deployment of the group that has not ended, and its status.
func (r *Releaser) inFlight(ctx context.Context, app, group string) (id, status string, err error) {
	ids, err := r.inFlightIDs(ctx, app, group)
	if err != nil || len(ids) == 0 {
		return "", "", err
	}
	id = ids[0]
	d, err := r.Clients.CodeDeploy.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return "", "", fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if d.DeploymentInfo != nil {
		status = string(d.DeploymentInfo.Status)
	}
	return id, status, nil
}

// inFlightIDs lists the group's deployments that have not ended.
func (r *Releaser) inFlightIDs(ctx context.Context, app, group string) ([]string, error) {
	statuses := make([]cdtypes.DeploymentStatus, 0, len(InFlightStatuses))
	for _, s := range InFlightStatuses {
		statuses = append(statuses, cdtypes.DeploymentStatus(s))
	}
	out, err := r.Clients.CodeDeploy.ListDeployments(ctx, &codedeploy.ListDeploymentsInput{
		ApplicationName:     aws.String(app),
		DeploymentGroupName: aws.String(group),
		IncludeOnlyStatuses: statuses,
	})
	if err != nil {
		return nil, fmt.Errorf("codedeploy: listing deployments of %s/%s: %w", app, group, err)
	}
	return out.Deployments, nil
}

func (r *Releaser) deploymentGroup(ctx context.Context, app, group string) (*cdtypes.DeploymentGroupInfo, error) {
	out, err := r.Clients.CodeDeploy.GetDeploymentGroup(ctx, &codedeploy.GetDeploymentGroupInput{
		ApplicationName:     aws.String(app),
		DeploymentGroupName: aws.String(group),
	})
	if err != nil {
		return nil, fmt.Errorf("codedeploy: reading deployment group %s/%s: %w", app, group, err)
	}
	if out.DeploymentGroupInfo == nil {
		return nil, fmt.Errorf("codedeploy: reading deployment group %s/%s: no group in the answer", app, group)
	}
	return out.DeploymentGroupInfo, nil
}

// readyWait says whether the group waits for approval before production
// traffic moves (deploymentReadyOption STOP_DEPLOYMENT).
func readyWait(g *cdtypes.DeploymentGroupInfo) bool {
	bg := g.BlueGreenDeploymentConfiguration
	return bg != nil && bg.DeploymentReadyOption != nil && bg.DeploymentReadyOption.ActionOnTimeout == cdtypes.DeploymentReadyActionStopDeployment
}

// deploymentContext is what following a deployment needs.
type deploymentContext struct {
	group                         *cdtypes.DeploymentGroupInfo
	targetID, testURL, fallbackTG string
	// hook is the validation hook's function, "" without one.
	hook string
	// status is the deployment's status when it was read, "" when it was not.
	status string
}

// deploymentContext finds what following deployment id needs: its group,
// the ECS target, the test URL and a fallback target group, from o or else
// from the deployment's group.
func (r *Releaser) deploymentContext(ctx context.Context, id string, o *Outputs) (deploymentContext, error) {
	d, err := r.Clients.CodeDeploy.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return deploymentContext{}, fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if d.DeploymentInfo == nil {
		return deploymentContext{}, fmt.Errorf("codedeploy: reading deployment %s: no deployment in the answer", id)
	}
	g, err := r.deploymentGroup(ctx, aws.ToString(d.DeploymentInfo.ApplicationName), aws.ToString(d.DeploymentInfo.DeploymentGroupName))
	if err != nil {
		return deploymentContext{}, err
	}
	dc := deploymentContext{group: g, status: string(d.DeploymentInfo.Status)}
	if o != nil {
		dc.targetID, dc.testURL, dc.fallbackTG, dc.hook = o.TargetID(), o.TestURL, o.GreenTargetGroupName, o.ValidationFunctionName
		return dc, nil
	}
	if len(g.EcsServices) == 0 {
		return deploymentContext{}, fmt.Errorf("release: deployment group %s of deployment %s has no ECS service", aws.ToString(g.DeploymentGroupName), id)
	}
	svc := g.EcsServices[0]
	dc.targetID = aws.ToString(svc.ClusterName) + ":" + aws.ToString(svc.ServiceName)
	return dc, nil
}

func (r *Releaser) describeTaskDefinition(ctx context.Context, arn string) (TaskDefinition, error) {
	out, err := r.Clients.ECS.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
	if err != nil {
		return TaskDefinition{}, fmt.Errorf("ecs: describing task definition %s: %w", arn, err)
	}
	if out.TaskDefinition == nil {
		return TaskDefinition{}, fmt.Errorf("ecs: describing task definition %s: no task definition in the answer", arn)
	}
	return taskDefinitionOf(out.TaskDefinition), nil
}

// service describes the ECS service.
func (r *Releaser) service(ctx context.Context, cluster, service string) (*ecstypes.Service, error) {
	out, err := r.Clients.ECS.DescribeServices(ctx, &ecs.DescribeServicesInput{
		Cluster:  aws.String(cluster),
		Services: []string{service},
	})
	if err != nil {
		return nil, fmt.Errorf("ecs: describing service %s in cluster %s: %w", service, cluster, err)
	}
	for i := range out.Services {
		if aws.ToString(out.Services[i].ServiceName) == service {
			return &out.Services[i], nil
		}
	}
	reason := "not found"
	if len(out.Failures) > 0 {
		reason = aws.ToString(out.Failures[0].Reason)
	}
	return nil, fmt.Errorf("ecs: service %s in cluster %s: %s", service, cluster, reason)
}

// serviceTaskDefinition is the task definition serving the service now.
func (r *Releaser) serviceTaskDefinition(ctx context.Context, cluster, service string) (string, error) {
	svc, err := r.service(ctx, cluster, service)
	if err != nil {
		return "", err
	}
	return serviceTaskDefinition(svc), nil
}

// createDeployment creates the deployment of t and returns its id. The
// request is sent without the SDK's own retries: when it fails with
// throttling, a 5xx or a connection error, the deployment may exist all the
// same (the answer was lost), so before each retry, and when CodeDeploy
// says a deployment is in flight, it looks for an in-flight deployment of
// the group with exactly this AppSpec; found, it is adopted (adopted true)
// instead of creating a second one. It retries with backoff until the
// deadline.
func (r *Releaser) createDeployment(ctx context.Context, app, group string, t Target, description string, deadline time.Time) (id string, adopted bool, err error) {
	content, sum, err := NewAppSpec(t).Content()
	if err != nil {
		return "", false, err
	}
	in := &codedeploy.CreateDeploymentInput{
		ApplicationName:     aws.String(app),
		DeploymentGroupName: aws.String(group),
		Description:         aws.String(description),
		Revision: &cdtypes.RevisionLocation{
			RevisionType:   cdtypes.RevisionLocationTypeAppSpecContent,
			AppSpecContent: &cdtypes.AppSpecContent{Content: aws.String(content), Sha256: aws.String(sum)},
		},
	}
	noSDKRetries := func(o *codedeploy.Options) { o.RetryMaxAttempts = 1 }
	attempts := 0
	err = r.retrier().do(ctx, "CreateDeployment", deadline, func() error {
		attempts++
		if attempts > 1 {
			// The last attempt's answer was lost: did it create one?
			if own, _ := r.findOwnDeployment(ctx, app, group, content, sum); own != "" {
				id, adopted = own, true
				return nil
			}
		}
		// Created even if the user interrupts meanwhile: the id must come
		// back, or the deployment would run unwatched.
		out, err := r.Clients.CodeDeploy.CreateDeployment(context.WithoutCancel(ctx), in, noSDKRetries)
		if err == nil {
			id = aws.ToString(out.DeploymentId)
			return nil
		}
		if apiErrorCode(err) == "DeploymentLimitExceededException" && attempts > 1 {
			if own, ferr := r.findOwnDeployment(ctx, app, group, content, sum); ferr == nil && own != "" {
				id, adopted = own, true
				return nil
			}
		}
		return err
	})
	switch {
	case err == nil:
		return id, adopted, nil
	case apiErrorCode(err) == "DeploymentLimitExceededException":
		if inflight, status, lerr := r.inFlight(ctx, app, group); lerr == nil && inflight != "" {
			return "", false, &InFlightError{Group: group, DeploymentID: inflight, Status: status}
		}
	}
	return "", false, fmt.Errorf("codedeploy: creating the deployment in %s/%s: %w", app, group, err)
}

// findOwnDeployment is the in-flight deployment of the group whose AppSpec
// is content (with its SHA-256), or "".
func (r *Releaser) findOwnDeployment(ctx context.Context, app, group, content, sum string) (string, error) {
	ids, err := r.inFlightIDs(ctx, app, group)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	out, err := r.Clients.CodeDeploy.BatchGetDeployments(ctx, &codedeploy.BatchGetDeploymentsInput{DeploymentIds: ids})
	if err != nil {
		return "", fmt.Errorf("codedeploy: reading deployments of %s/%s: %w", app, group, err)
	}
	for _, d := range out.DeploymentsInfo {
		rev := d.Revision
		if rev == nil || rev.AppSpecContent == nil {
			continue
		}
		if aws.ToString(rev.AppSpecContent.Sha256) == sum && aws.ToString(rev.AppSpecContent.Content) == content {
			return aws.ToString(d.DeploymentId), nil
		}
	}
	return "", nil
}

// maxHistory is how many succeeded deployments a rollback reads to find the
// previous version.
const maxHistory = 100

// previousTaskDefinition is the task definition of the newest succeeded
// deployment of the group that differs from current; failing that, the
// newest ACTIVE revision of current's family below current's.
func (r *Releaser) previousTaskDefinition(ctx context.Context, o Outputs, current string) (string, error) {
	history, err := r.succeededDeployments(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil {
		return "", err
	}
	if prev := PreviousFromHistory(history, current); prev != "" {
		return prev, nil
	}
	id, err := ParseTaskDefinitionARN(current)
	if err != nil {
		return "", fmt.Errorf("rollback: the service runs %q: %w", current, err)
	}
	var arns []string
	var token *string
	for range 10 {
		out, err := r.Clients.ECS.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{
			FamilyPrefix: aws.String(id.Family),
			Status:       ecstypes.TaskDefinitionStatusActive,
			Sort:         ecstypes.SortOrderDesc,
			NextToken:    token,
		})
		if err != nil {
			return "", fmt.Errorf("ecs: listing revisions of %s: %w", id.Family, err)
		}
		arns = append(arns, out.TaskDefinitionArns...)
		if token = out.NextToken; token == nil {
			break
		}
	}
	if prev := EarlierRevision(arns, current); prev != "" {
		return prev, nil
	}
	return "", &InvalidError{Err: fmt.Errorf("rollback: nothing to roll back to: no succeeded deployment of %s deployed another task definition, and %s has no ACTIVE revision below %d; name one with --to", o.DeploymentGroupName, id.Family, id.Revision)}
}

// Deployed is one succeeded deployment: when it was created and what it
// deployed.
type Deployed struct {
	Created           time.Time
	TaskDefinitionARN string
}

func (r *Releaser) succeededDeployments(ctx context.Context, app, group string) ([]Deployed, error) {
	var ids []string
	var token *string
	for len(ids) < maxHistory {
		out, err := r.Clients.CodeDeploy.ListDeployments(ctx, &codedeploy.ListDeploymentsInput{
			ApplicationName:     aws.String(app),
			DeploymentGroupName: aws.String(group),
			IncludeOnlyStatuses: []cdtypes.DeploymentStatus{cdtypes.DeploymentStatusSucceeded},
			NextToken:           token,
		})
		if err != nil {
			return nil, fmt.Errorf("codedeploy: listing deployments of %s/%s: %w", app, group, err)
		}
		ids = append(ids, out.Deployments...)
		if token = out.NextToken; token == nil {
			break
		}
	}
	ids = ids[:min(len(ids), maxHistory)]
	var history []Deployed
	for chunk := range slices.Chunk(ids, 25) {
		out, err := r.Clients.CodeDeploy.BatchGetDeployments(ctx, &codedeploy.BatchGetDeploymentsInput{DeploymentIds: chunk})
		if err != nil {
			return nil, fmt.Errorf("codedeploy: reading deployments of %s/%s: %w", app, group, err)
		}
		for i := range out.DeploymentsInfo {
			s := snapshotOf(&out.DeploymentsInfo[i])
			history = append(history, Deployed{Created: s.Created, TaskDefinitionARN: s.TaskDefinitionARN})
		}
	}
	return history, nil
}

// PreviousFromHistory is the task definition of the newest deployment in
// history that deployed something other than current, or "".
func PreviousFromHistory(history []Deployed, current string) string {
	sorted := slices.Clone(history)
	slices.SortStableFunc(sorted, func(a, b Deployed) int { return b.Created.Compare(a.Created) })
	for _, d := range sorted {
		if d.TaskDefinitionARN != "" && d.TaskDefinitionARN != current {
			return d.TaskDefinitionARN
		}
	}
	return ""
}

// EarlierRevision is the highest revision in arns of current's family that
// is below current's revision, or "".
func EarlierRevision(arns []string, current string) string {
	cur, err := ParseTaskDefinitionARN(current)
	if err != nil {
		return ""
	}
	best, bestRev := "", 0
	for _, a := range arns {
		id, err := ParseTaskDefinitionARN(a)
		if err != nil || id.Family != cur.Family || id.Revision >= cur.Revision {
			continue
		}
		if id.Revision > bestRev {
			best, bestRev = a, id.Revision
		}
	}
	return best
}

func stopRequested(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// rollbackHint is the command that rolls back deployment id.
func rollbackHint(id string) string { return "release rollback " + id }
