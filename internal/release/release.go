package release

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// DefaultInterval is how often a Releaser polls when Interval is zero.
const DefaultInterval = 5 * time.Second

// Releaser creates, follows, continues and rolls back CodeDeploy blue/green
// deployments of a stack's ECS service.
type Releaser struct {
	// Clients are the AWS clients. Required.
	Clients *Clients
	// Clock times the polls. Default: SystemClock.
	Clock Clock
	// Interval is the time between polls. Default: DefaultInterval.
	Interval time.Duration
	// Reporter shows progress. Required.
	Reporter Reporter
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
	// Description is the deployment's description. Default: names the task
	// definition.
	Description string
}

// Result is how a command ended.
type Result struct {
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
	// Interrupted says the command was interrupted and stopped the
	// deployment with rollback.
	Interrupted bool
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
	return fmt.Sprintf("release: deployment group %s has deployment %s in flight (%s); follow it with `release watch %s` or stop it with `release rollback`",
		e.Group, e.DeploymentID, e.Status, e.DeploymentID)
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

func (r *Releaser) follower(targetID, testURL, fallbackTG string) *follower {
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	return &follower{
		cd: r.Clients.CodeDeploy, elb: r.Clients.ELB, clock: r.clock(), interval: interval, rep: r.Reporter,
		targetID: targetID, testURL: testURL, fallbackTargetGroup: fallbackTG,
	}
}

// Release deploys the stack's task definition blue/green and follows the
// deployment: it checks the AppSpec against the task definition, refuses
// while another deployment is in flight, creates the deployment and follows
// it to req's goal. When stop delivers, it stops the deployment with
// rollback and follows the rollback; when ctx ends, it stops following.
func (r *Releaser) Release(ctx context.Context, req Request, stop <-chan struct{}) (res Result, err error) {
	o := req.Outputs
	res = Result{URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now(), TaskDefinitionARN: o.TaskDefinitionARN}
	defer func() { res.Ended = r.clock().Now() }()
	target := TargetFromOutputs(o)
	if err := target.Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	group, err := r.deploymentGroup(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil {
		return res, err
	}
	if err := CheckStopAfter(req.StopAfter, readyWait(group)); err != nil {
		return res, &InvalidError{Err: err}
	}
	td, err := r.describeTaskDefinition(ctx, target.TaskDefinitionARN)
	if err != nil {
		return res, err
	}
	if err := CheckTaskDefinition(target, td, req.Image); err != nil {
		return res, &InvalidError{Err: err}
	}
	current, err := r.serviceTaskDefinition(ctx, o.ClusterName, o.ServiceName)
	if err != nil {
		return res, err
	}
	res.PreviousTaskDefinitionARN = current
	if current == target.TaskDefinitionARN && !req.Force {
		res.Outcome = OutcomeUnchanged
		return res, nil
	}
	if err := r.refuseInFlight(ctx, o.ApplicationName, o.DeploymentGroupName); err != nil {
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
	id, err := r.createDeployment(ctx, o.ApplicationName, o.DeploymentGroupName, target, desc)
	if err != nil {
		return res, err
	}
	r.Reporter.Note(fmt.Sprintf("created deployment %s: %s → %s", id, shortARN(current), shortARN(target.TaskDefinitionARN)))
	f := r.follower(o.TargetID(), o.TestURL, o.GreenTargetGroupName)
	fr, err := f.follow(ctx, id, Goal{StopAfter: req.StopAfter, SkipWait: req.SkipWait}, stop)
	res.apply(fr)
	return res, err
}

// apply records what following saw. A deployment that was rolled back ends
// as failed or stopped, whatever became of its rollback.
func (res *Result) apply(fr followed) {
	res.Deployment, res.Rollback, res.Outcome, res.Interrupted = fr.main, fr.rollback, fr.outcome, fr.stopped
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
	return r.act(ctx, id, o, goal, stop, cdtypes.DeploymentWaitTypeReadyWait)
}

// SkipWait ends a deployment's termination wait (ContinueDeployment
// TERMINATION_WAIT), removing the original task set now, and follows the
// deployment to its end.
func (r *Releaser) SkipWait(ctx context.Context, id string, o *Outputs, stop <-chan struct{}) (Result, error) {
	return r.act(ctx, id, o, Goal{}, stop, cdtypes.DeploymentWaitTypeTerminationWait)
}

// Watch follows a deployment without acting on it.
func (r *Releaser) Watch(ctx context.Context, id string, o *Outputs) (Result, error) {
	return r.act(ctx, id, o, Goal{}, nil, "")
}

func (r *Releaser) act(ctx context.Context, id string, o *Outputs, goal Goal, stop <-chan struct{}, wait cdtypes.DeploymentWaitType) (res Result, err error) {
	res = Result{Started: r.clock().Now()}
	defer func() { res.Ended = r.clock().Now() }()
	targetID, testURL, fallbackTG, err := r.deploymentContext(ctx, id, o)
	if err != nil {
		return res, err
	}
	if o != nil {
		res.URL, res.TestURL = o.URL, o.TestURL
	}
	f := r.follower(targetID, testURL, fallbackTG)
	if wait != "" {
		if err := f.continueDeployment(ctx, id, wait); err != nil {
			return res, fmt.Errorf("release: %s of deployment %s: %w", waitName(wait), id, err)
		}
		r.Reporter.Note(fmt.Sprintf("%s: deployment %s goes on", waitName(wait), id))
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
		return "approved"
	}
	return "ended the termination wait"
}

// Rollback puts the previous version back. With a deployment in flight, it
// stops that deployment with rollback and follows the rollback. Otherwise it
// deploys the previous task definition revision (to, when not empty) blue/
// green and follows that deployment.
func (r *Releaser) Rollback(ctx context.Context, o Outputs, to string) (res Result, err error) {
	res = Result{URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now()}
	defer func() { res.Ended = r.clock().Now() }()
	inflight, status, err := r.inFlight(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil {
		return res, err
	}
	f := r.follower(o.TargetID(), o.TestURL, o.BlueTargetGroupName)
	if inflight != "" {
		if to != "" {
			return res, &InvalidError{Err: fmt.Errorf("rollback: --to: deployment %s is in flight (%s); roll it back first (without --to)", inflight, status)}
		}
		r.Reporter.Note(fmt.Sprintf("deployment %s is in flight (%s): stopping it with rollback", inflight, status))
		if err := f.stopDeployment(ctx, inflight); err != nil {
			return res, fmt.Errorf("rollback: stopping deployment %s: %w", inflight, err)
		}
		f.stopped = true
		fr, err := f.follow(ctx, inflight, Goal{}, nil)
		res.Deployment, res.Rollback, res.Outcome = fr.main, fr.rollback, fr.outcome
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
	id, err := r.createDeployment(ctx, o.ApplicationName, o.DeploymentGroupName, target, "roll back to "+to)
	if err != nil {
		return res, err
	}
	r.Reporter.Note(fmt.Sprintf("created deployment %s rolling back: %s → %s", id, shortARN(current), shortARN(to)))
	fr, err := f.follow(ctx, id, Goal{Rollback: true}, nil)
	res.Deployment, res.Rollback, res.Outcome = fr.main, fr.rollback, fr.outcome
	if fr.rollback != nil && res.Outcome != OutcomeAbandoned {
		// The redeploy failed and CodeDeploy rolled it back in turn.
		res.Outcome = OutcomeFailed
	}
	return res, err
}

// refuseInFlight returns an *InFlightError naming a deployment of the group
// that has not ended.
func (r *Releaser) refuseInFlight(ctx context.Context, app, group string) error {
	id, status, err := r.inFlight(ctx, app, group)
	if err != nil {
		return err
	}
	if id != "" {
		return &InFlightError{Group: group, DeploymentID: id, Status: status}
	}
	return nil
}

// inFlight is a deployment of the group that has not ended, and its status.
func (r *Releaser) inFlight(ctx context.Context, app, group string) (id, status string, err error) {
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
		return "", "", fmt.Errorf("codedeploy: listing deployments of %s/%s: %w", app, group, err)
	}
	if len(out.Deployments) == 0 {
		return "", "", nil
	}
	id = out.Deployments[0]
	d, err := r.Clients.CodeDeploy.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return "", "", fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if d.DeploymentInfo != nil {
		status = string(d.DeploymentInfo.Status)
	}
	return id, status, nil
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

// readyWait says whether the group waits for approval before it moves
// production traffic.
func readyWait(g *cdtypes.DeploymentGroupInfo) bool {
	bg := g.BlueGreenDeploymentConfiguration
	return bg != nil && bg.DeploymentReadyOption != nil && bg.DeploymentReadyOption.ActionOnTimeout == cdtypes.DeploymentReadyActionStopDeployment
}

// deploymentContext finds what following deployment id needs: the ECS
// target, the test URL and a fallback target group, from o or else from the
// deployment's group.
func (r *Releaser) deploymentContext(ctx context.Context, id string, o *Outputs) (targetID, testURL, fallbackTG string, err error) {
	if o != nil {
		return o.TargetID(), o.TestURL, o.GreenTargetGroupName, nil
	}
	d, err := r.Clients.CodeDeploy.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return "", "", "", fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if d.DeploymentInfo == nil {
		return "", "", "", fmt.Errorf("codedeploy: reading deployment %s: no deployment in the answer", id)
	}
	g, err := r.deploymentGroup(ctx, aws.ToString(d.DeploymentInfo.ApplicationName), aws.ToString(d.DeploymentInfo.DeploymentGroupName))
	if err != nil {
		return "", "", "", err
	}
	if len(g.EcsServices) == 0 {
		return "", "", "", fmt.Errorf("release: deployment group %s of deployment %s has no ECS service", aws.ToString(g.DeploymentGroupName), id)
	}
	svc := g.EcsServices[0]
	return aws.ToString(svc.ClusterName) + ":" + aws.ToString(svc.ServiceName), "", "", nil
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

// serviceTaskDefinition is the task definition serving the service now.
func (r *Releaser) serviceTaskDefinition(ctx context.Context, cluster, service string) (string, error) {
	out, err := r.Clients.ECS.DescribeServices(ctx, &ecs.DescribeServicesInput{
		Cluster:  aws.String(cluster),
		Services: []string{service},
	})
	if err != nil {
		return "", fmt.Errorf("ecs: describing service %s in cluster %s: %w", service, cluster, err)
	}
	for i := range out.Services {
		if aws.ToString(out.Services[i].ServiceName) == service {
			return serviceTaskDefinition(&out.Services[i]), nil
		}
	}
	reason := "not found"
	if len(out.Failures) > 0 {
		reason = aws.ToString(out.Failures[0].Reason)
	}
	return "", fmt.Errorf("ecs: service %s in cluster %s: %s", service, cluster, reason)
}

func (r *Releaser) createDeployment(ctx context.Context, app, group string, t Target, description string) (string, error) {
	content, sum, err := NewAppSpec(t).Content()
	if err != nil {
		return "", err
	}
	// Created even if the user interrupts meanwhile: the id must come back,
	// or the deployment would run unwatched.
	out, err := r.Clients.CodeDeploy.CreateDeployment(context.WithoutCancel(ctx), &codedeploy.CreateDeploymentInput{
		ApplicationName:     aws.String(app),
		DeploymentGroupName: aws.String(group),
		Description:         aws.String(description),
		Revision: &cdtypes.RevisionLocation{
			RevisionType:   cdtypes.RevisionLocationTypeAppSpecContent,
			AppSpecContent: &cdtypes.AppSpecContent{Content: aws.String(content), Sha256: aws.String(sum)},
		},
	})
	if err != nil {
		return "", fmt.Errorf("codedeploy: creating the deployment in %s/%s: %w", app, group, err)
	}
	return aws.ToString(out.DeploymentId), nil
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

// shortARN is a task definition ARN's family:revision, or the ARN.
func shortARN(arn string) string {
	if arn == "" {
		return "(none)"
	}
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func stopRequested(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// Explain says in words how the command ended and what to do next.
func (res Result) Explain() string {
	d := res.Deployment
	id := ""
	if d != nil {
		id = d.DeploymentID
	}
	var b strings.Builder
	switch res.Outcome {
	case OutcomeReleased:
		fmt.Fprintf(&b, "released: %s serves all production traffic", shortARN(res.TaskDefinitionARN))
		if res.URL != "" {
			fmt.Fprintf(&b, " at %s", res.URL)
		}
		fmt.Fprintf(&b, " (deployment %s)", id)
	case OutcomeTrafficShifted:
		fmt.Fprintf(&b, "all production traffic is on %s; deployment %s keeps the original task set for its termination wait (end it: `release skip-wait %s`; undo instantly: `release rollback`)", shortARN(res.TaskDefinitionARN), id, id)
	case OutcomeWaiting:
		fmt.Fprintf(&b, "deployment %s waits for approval; production still runs %s.", id, shortARN(res.PreviousTaskDefinitionARN))
		if res.TestURL != "" {
			fmt.Fprintf(&b, " Test the new version at %s, then", res.TestURL)
		} else {
			b.WriteString(" Test the new version, then")
		}
		fmt.Fprintf(&b, " `release continue %s` (or `release rollback`)", id)
	case OutcomeRolledBack:
		rb := d
		if res.Rollback != nil {
			rb = res.Rollback
		}
		fmt.Fprintf(&b, "rolled back: deployment %s succeeded; the previous version serves production", rb.DeploymentID)
		if res.TaskDefinitionARN != "" && res.Rollback == nil {
			fmt.Fprintf(&b, " (%s)", shortARN(res.TaskDefinitionARN))
		}
	case OutcomeUnchanged:
		fmt.Fprintf(&b, "nothing to release: the service already runs %s (--force deploys it again)", shortARN(res.TaskDefinitionARN))
	case OutcomeAbandoned:
		if d == nil {
			b.WriteString("interrupted before a CodeDeploy deployment was created: the service still runs what it ran")
		} else {
			fmt.Fprintf(&b, "stopped following deployment %s (%s); it goes on: `release watch %s`", id, d.Status, id)
			switch {
			case res.Rollback != nil:
				fmt.Fprintf(&b, "; its rollback is deployment %s (%s): `release watch %s`", res.Rollback.DeploymentID, res.Rollback.Status, res.Rollback.DeploymentID)
			case d.Rollback != nil && d.Rollback.DeploymentID != "":
				fmt.Fprintf(&b, "; its rollback is deployment %s: `release watch %s`", d.Rollback.DeploymentID, d.Rollback.DeploymentID)
			}
		}
	case OutcomeError:
		b.WriteString("the command could not run")
	case OutcomeFailed, OutcomeStopped:
		if d == nil {
			b.WriteString("release failed")
			break
		}
		verb := "failed"
		if d.Status == StatusStopped {
			verb = "was stopped"
		}
		fmt.Fprintf(&b, "deployment %s %s", id, verb)
		if res.Interrupted {
			b.WriteString(" on interrupt")
		}
		if d.Error != nil {
			fmt.Fprintf(&b, ": %s", describeError(d.Error))
		}
		switch rb := res.Rollback; {
		case rb == nil && d.Rollback != nil && d.Rollback.DeploymentID != "":
			fmt.Fprintf(&b, "; rolled back by deployment %s", d.Rollback.DeploymentID)
		case rb == nil:
			b.WriteString("; no rollback deployment")
		case rb.Status == StatusSucceeded:
			fmt.Fprintf(&b, "; rolled back by deployment %s: the previous version serves production", rb.DeploymentID)
		default:
			fmt.Fprintf(&b, "; rollback deployment %s %s", rb.DeploymentID, rb.Status)
			if rb.Error != nil {
				fmt.Fprintf(&b, ": %s", describeError(rb.Error))
			}
		}
	}
	return b.String()
}

// Summary is the machine-readable account of a command (--json).
type Summary struct {
	// Command is release, continue, skip-wait, watch or rollback.
	Command string `json:"command"`
	// Outcome is how it ended; "error" when it could not run.
	Outcome Outcome `json:"outcome"`
	// ExitCode is the command's exit status.
	ExitCode int `json:"exitCode"`
	// Message says the same in words.
	Message string `json:"message"`
	// Error is the command's error, when it could not run.
	Error string `json:"error,omitempty"`
	// DeploymentID and Status are the deployment the command created or
	// acted on, at the end.
	DeploymentID string `json:"deploymentId,omitempty"`
	Status       string `json:"status,omitempty"`
	// TaskDefinitionARN is what the command deployed;
	// PreviousTaskDefinitionARN what served production before.
	TaskDefinitionARN         string `json:"taskDefinitionArn,omitempty"`
	PreviousTaskDefinitionARN string `json:"previousTaskDefinitionArn,omitempty"`
	// DeploymentError is CodeDeploy's errorInformation.
	DeploymentError *ErrorInfo `json:"deploymentError,omitempty"`
	// Rollback is the deployment that rolled it back.
	Rollback *RollbackSummary `json:"rollback,omitempty"`
	// TrafficShiftedPercent is the production traffic on the replacement
	// task set at the end (100 once released).
	TrafficShiftedPercent float64 `json:"trafficShiftedPercent"`
	// Interrupted says an interrupt stopped the deployment with rollback.
	Interrupted bool `json:"interrupted,omitempty"`
	// URL and TestURL are the stack's URLs.
	URL     string `json:"url,omitempty"`
	TestURL string `json:"testUrl,omitempty"`
	// LifecycleEvents are the deployment's lifecycle events at the end.
	LifecycleEvents []Event `json:"lifecycleEvents,omitempty"`
	// StartTime, EndTime and DurationSeconds time the command.
	StartTime       time.Time `json:"startTime,omitzero"`
	EndTime         time.Time `json:"endTime,omitzero"`
	DurationSeconds float64   `json:"durationSeconds"`
}

// RollbackSummary is a rollback deployment in a Summary.
type RollbackSummary struct {
	DeploymentID string     `json:"deploymentId"`
	Status       string     `json:"status,omitempty"`
	Error        *ErrorInfo `json:"error,omitempty"`
}

// Summary is res for --json: command names the command, exitCode its exit
// status, err its error when it could not run.
func (res Result) Summary(command string, exitCode int, err error) Summary {
	s := Summary{
		Command:                   command,
		Outcome:                   res.Outcome,
		ExitCode:                  exitCode,
		TaskDefinitionARN:         res.TaskDefinitionARN,
		PreviousTaskDefinitionARN: res.PreviousTaskDefinitionARN,
		Interrupted:               res.Interrupted,
		URL:                       res.URL,
		TestURL:                   res.TestURL,
		StartTime:                 res.Started.UTC(),
		EndTime:                   res.Ended.UTC(),
	}
	if !res.Started.IsZero() && !res.Ended.IsZero() {
		s.DurationSeconds = res.Ended.Sub(res.Started).Seconds()
	}
	if err != nil {
		s.Outcome, s.Error, s.Message = OutcomeError, err.Error(), err.Error()
	} else {
		s.Message = res.Explain()
	}
	if d := res.Deployment; d != nil {
		s.DeploymentID, s.Status, s.DeploymentError = d.DeploymentID, d.Status, d.Error
		s.TrafficShiftedPercent = d.TrafficShifted()
		s.LifecycleEvents = d.Events
		if d.Rollback != nil && d.Rollback.DeploymentID != "" {
			s.Rollback = &RollbackSummary{DeploymentID: d.Rollback.DeploymentID}
		}
	}
	if rb := res.Rollback; rb != nil {
		s.Rollback = &RollbackSummary{DeploymentID: rb.DeploymentID, Status: rb.Status, Error: rb.Error}
		if rb.Status == StatusSucceeded {
			s.TrafficShiftedPercent = 0
		}
	}
	return s
}
