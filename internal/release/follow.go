package release

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// rollbackGracePolls is how many more polls a follower waits for CodeDeploy
// to name the rollback deployment of a deployment that failed or was stopped
// with rollback: rollbackInfo may appear a moment after the status.
const rollbackGracePolls = 3

// maxPollFailures is how many polls in a row may fail with an error that is
// not Retryable (access denied, a deployment that does not exist) before
// following gives up. Throttling, 5xx and connection errors are retried
// until the deadline.
const maxPollFailures = 3

// Continue wait types, as ContinueDeployment names them.
const (
	waitReady       = string(cdtypes.DeploymentWaitTypeReadyWait)
	waitTermination = string(cdtypes.DeploymentWaitTypeTerminationWait)
)

// follower polls one deployment (and its rollback) until it ends or reaches
// its goal, reporting what changed at every poll.
type follower struct {
	cd       CodeDeployAPI
	elb      ELBAPI
	logs     LogsAPI
	clock    Clock
	interval time.Duration
	rep      Reporter
	backoff  Backoff

	// targetID is the ECS deployment target, "<cluster>:<service>".
	targetID string
	// testURL is shown while test traffic is allowed.
	testURL string
	// hook is the validation hook's function, "" without one.
	hook string
	// fallbackTargetGroup is the replacement target group's name when the
	// task set does not say.
	fallbackTargetGroup string

	// deadline ends following (zero: none); see onStop.
	deadline time.Time
	// mayStop lets an interrupt, the deadline or a cancel stop the
	// deployment with rollback (release, continue, skip-wait, cancel);
	// otherwise the follower only follows (watch, rollback).
	mayStop bool
	// stopReason is what a delivery on the stop channel means:
	// ReasonInterrupt, or ReasonCancel.
	stopReason string
	// rollbackAfterShift makes onStop stop a deployment with rollback even
	// after all production traffic moved.
	rollbackAfterShift bool
	// stopped says StopDeployment with rollback was already sent for the
	// deployment to follow (release rollback).
	stopped bool

	targetGroupARNs map[string]string
	warned          map[string]bool
}

// followed is what following saw last.
type followed struct {
	// main is the last poll of the deployment followed.
	main *Snapshot
	// rollback is the last poll of its rollback deployment, when one ran.
	rollback *Snapshot
	// outcome is the decision that ended following.
	outcome Outcome
	// stopped says StopDeployment was sent (by the follower or before).
	stopped bool
	// stopReason is why the follower stopped or left the deployment.
	stopReason string
	// timedOut says the deadline passed.
	timedOut bool
	// left says the deployment was left in its termination wait.
	left bool
	// validation is the validation hook's last event of the deployment
	// followed.
	validation *Validation
}

// followState is one follow's progress.
type followState struct {
	id, current string
	goal        Goal
	prev        *Snapshot
	deadline    time.Time
	res         followed

	// stop delivers an interrupt or a cancel; nil once one was handled.
	stop <-chan struct{}
	// seen holds the deployments followed so far.
	seen map[string]bool
	// terminationWaitEnded says ContinueDeployment ended the termination
	// wait; approvalHinted says ApprovalWait was reported.
	terminationWaitEnded, approvalHinted bool
	// grace is how many more polls to wait for a rollback to be named.
	grace int
	// out tracks a GetDeployment outage; failures counts the polls in a
	// row that failed with an error that is not Retryable.
	out      outage
	failures int
}

// wake is why a follower's wait ended.
type wake int

const (
	wakeTick wake = iota
	wakeStop
	wakeDeadline
	wakeCancel
)

// follow polls deployment id every interval until Decide says done. When
// stop delivers, or the deadline passes, onStop decides: stop the
// deployment with rollback and follow the rollback, or leave it. When ctx
// ends, it returns OutcomeAbandoned. A rollback deployment is followed with
// Goal{Rollback: true}.
func (f *follower) follow(ctx context.Context, id string, goal Goal, stop <-chan struct{}) (followed, error) {
	s := &followState{
		id: id, current: id, goal: goal, deadline: f.deadline, res: followed{stopped: f.stopped},
		stop: stop, seen: map[string]bool{id: true}, grace: rollbackGracePolls,
	}
	for {
		wait := f.interval
		snap, err := f.poll(ctx, s.current)
		if err != nil {
			var done bool
			if wait, done, err = f.pollFailed(ctx, s, err); done {
				return s.res, err
			}
		} else {
			switch f.advance(ctx, s, &snap) {
			case nextPoll:
				continue
			case nextDone:
				return s.res, nil
			case nextWait:
			}
		}
		if done, err := f.await(ctx, s, wait); done || err != nil {
			return s.res, err
		}
	}
}

// pollFailed reports a poll that failed with err and says how long to wait
// before the next one. done ends following: when ctx ended, or after
// maxPollFailures errors in a row that are not Retryable (then with err).
func (f *follower) pollFailed(ctx context.Context, s *followState, err error) (wait time.Duration, done bool, _ error) {
	switch {
	case ctx.Err() != nil:
		s.res.outcome = OutcomeAbandoned
		return 0, true, nil
	case Retryable(err):
		s.failures = 0
		wait = f.backoff.Delay(s.out.failures + 1)
		f.rep.Report(s.out.fail(f.clock.Now(), "GetDeployment", err, wait, 0))
		return wait, false, nil
	}
	if s.failures++; s.failures >= maxPollFailures {
		return 0, true, err
	}
	f.rep.Report(s.out.fail(f.clock.Now(), "GetDeployment", err, f.interval, maxPollFailures))
	return f.interval, false, nil
}

// next is what follow does after a poll that answered.
type next int

const (
	// nextWait waits for the next poll.
	nextWait next = iota
	// nextPoll polls again at once (the rollback deployment just named).
	nextPoll
	// nextDone ends following.
	nextDone
)

// advance acts on snap, a poll of the deployment followed: it reports what
// changed, moves on to a rollback deployment when one is named, ends when
// Decide says done (after a few polls' grace for CodeDeploy to name the
// rollback of a failed or stopped deployment), ends the termination wait
// and hints at an approval wait.
func (f *follower) advance(ctx context.Context, s *followState, snap *Snapshot) next {
	s.failures = 0
	if ev, ok := s.out.recover(f.clock.Now(), "GetDeployment"); ok {
		f.rep.Report(ev)
	}
	f.observe(ctx, s, snap)
	d := Decide(snap, s.goal, s.terminationWaitEnded)
	if d.FollowRollback != "" {
		if !s.seen[d.FollowRollback] {
			s.seen[d.FollowRollback] = true
			f.rep.Report(FollowingRollback{DeploymentID: s.current, RollbackDeploymentID: d.FollowRollback})
			s.current, s.goal = d.FollowRollback, Goal{Rollback: true}
			return nextPoll
		}
		d = Decision{Done: true, Outcome: OutcomeFailed}
		if snap.Status == StatusStopped {
			d.Outcome = OutcomeStopped
		}
	}
	if d.Done {
		waitForRollback := s.current == s.id && (snap.Status == StatusFailed || snap.Status == StatusStopped) &&
			snap.Rollback == nil && (s.res.stopped || snap.autoRollback)
		if !waitForRollback || s.grace == 0 {
			s.res.outcome = d.Outcome
			return nextDone
		}
		s.grace--
	}
	if d.EndTerminationWait {
		if err := f.continueDeployment(ctx, s.current, cdtypes.DeploymentWaitTypeTerminationWait); err != nil {
			f.warn(fmt.Sprintf("ending the termination wait of %s: %v (trying again)", s.current, err))
		} else {
			s.terminationWaitEnded = true
			f.rep.Report(Continued{DeploymentID: s.current, Wait: waitTermination})
		}
	}
	if d.AwaitingApproval && !s.approvalHinted {
		s.approvalHinted = true
		f.rep.Report(ApprovalWait{DeploymentID: s.current})
	}
	return nextWait
}

// await sleeps wait before the next poll and, when the stop channel
// delivers or the deadline passes, lets onStop decide. done ends following.
func (f *follower) await(ctx context.Context, s *followState, wait time.Duration) (done bool, err error) {
	switch f.sleep(ctx, s.stop, wait, s.deadline) {
	case wakeCancel:
		s.res.outcome = OutcomeAbandoned
		return true, nil
	case wakeStop:
		s.stop = nil
		return f.onStop(ctx, s, f.reason())
	case wakeDeadline:
		return f.onStop(ctx, s, ReasonDeadline)
	case wakeTick:
	}
	return false, nil
}

func (f *follower) reason() string {
	if f.stopReason == "" {
		return ReasonInterrupt
	}
	return f.stopReason
}

// observe reports what changed since the last poll, a failed
// validation with the function's reason (withHookReason), and records
// snap.
func (f *follower) observe(ctx context.Context, s *followState, snap *Snapshot) {
	events := Changes(s.prev, snap)
	for i, e := range events {
		v, ok := e.(Validation)
		if !ok {
			continue
		}
		if v.Status == ValidationFailed {
			v = f.withHookReason(ctx, snap, v)
			events[i] = v
		}
		if s.current == s.id {
			s.res.validation = &v
		}
	}
	f.rep.Report(events...)
	c := *snap
	s.prev = &c
	if s.current == s.id {
		s.res.main = &c
	} else {
		s.res.rollback = &c
	}
}

// sleep waits d, cut short by ctx, stop or the deadline.
func (f *follower) sleep(ctx context.Context, stop <-chan struct{}, d time.Duration, deadline time.Time) wake {
	select {
	case <-ctx.Done():
		return wakeCancel
	default:
	}
	select {
	case <-stop:
		return wakeStop
	default:
	}
	atDeadline := false
	if !deadline.IsZero() {
		left := deadline.Sub(f.clock.Now())
		if left <= 0 {
			return wakeDeadline
		}
		if left <= d {
			d, atDeadline = left, true
		}
	}
	select {
	case <-ctx.Done():
		return wakeCancel
	case <-stop:
		return wakeStop
	case <-f.clock.After(d):
		if atDeadline {
			return wakeDeadline
		}
		return wakeTick
	}
}

// onStop applies the interrupt rule to the deployment followed, for reason
// (ReasonInterrupt, ReasonDeadline or ReasonCancel). Before all production
// traffic has moved, it stops the deployment with rollback and following
// goes on to the rollback. After, it leaves the deployment in its
// termination wait and following ends, unless rollbackAfterShift. A
// follower that may not stop the deployment, or already did, keeps
// following on an interrupt and ends at the deadline. done ends following.
func (f *follower) onStop(ctx context.Context, s *followState, reason string) (done bool, err error) {
	id := s.id
	if s.current != id || s.res.stopped || !f.mayStop {
		if reason == ReasonDeadline {
			f.rep.Report(Interrupt{DeploymentID: s.current, Reason: reason, Action: ActionStopFollowing, TrafficShifted: s.prev != nil && s.prev.AllTrafficShifted()})
			s.res.outcome, s.res.timedOut = OutcomeAbandoned, true
			return true, nil
		}
		f.rep.Report(Interrupt{DeploymentID: s.current, Reason: reason, Action: ActionFollow})
		return false, nil
	}
	// Decide on the freshest state: traffic may have moved since the last
	// poll.
	last := s.res.main
	if fresh, err := f.poll(ctx, id); err == nil {
		f.observe(ctx, s, &fresh)
		last = s.res.main
	}
	if last != nil && last.Terminal() {
		return false, nil // it ended by itself: the next poll decides
	}
	shifted := last != nil && last.AllTrafficShifted()
	if shifted && !f.rollbackAfterShift {
		f.rep.Report(Interrupt{DeploymentID: id, Reason: reason, Action: ActionLeave, TrafficShifted: true, RollbackCommand: rollbackHint(id)})
		s.res.left, s.res.stopReason = true, reason
		s.res.timedOut = reason == ReasonDeadline
		s.res.outcome = OutcomeTrafficShifted
		if reason == ReasonInterrupt {
			s.res.outcome = OutcomeAbandoned
		}
		return true, nil
	}
	f.rep.Report(Interrupt{DeploymentID: id, Reason: reason, Action: ActionRollback, TrafficShifted: shifted})
	s.res.timedOut = s.res.timedOut || reason == ReasonDeadline
	if err := f.stopDeployment(ctx, id); err != nil {
		// It may have ended meanwhile, or be stopping already (a second
		// stop, from `release cancel` after the command's own): the next
		// polls tell.
		if fresh, perr := f.poll(ctx, id); apiErrorCode(err) == "DeploymentAlreadyCompletedException" ||
			(perr == nil && (fresh.Terminal() || fresh.Rollback != nil)) {
			return false, nil
		}
		return true, fmt.Errorf("release: stopping deployment %s with rollback: %w; it goes on: `release rollback %s` stops it", id, err, id)
	}
	s.res.stopped, s.res.stopReason = true, reason
	if reason == ReasonDeadline {
		// The rollback gets its own time; a stop before the deadline
		// (an interrupt, a cancel) keeps the deadline it had.
		s.deadline = f.clock.Now().Add(RollbackGrace)
	}
	return false, nil
}

// poll reads the deployment, its ECS target and the replacement targets'
// health. Only GetDeployment's errors are returned: the target does not
// exist before the deployment starts, and health is for display.
func (f *follower) poll(ctx context.Context, id string) (Snapshot, error) {
	out, err := f.cd.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return Snapshot{}, fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if out.DeploymentInfo == nil {
		return Snapshot{}, fmt.Errorf("codedeploy: reading deployment %s: no deployment in the answer", id)
	}
	s := snapshotOf(out.DeploymentInfo)
	if s.Status == StatusCreated || s.Status == StatusQueued {
		return s, nil
	}
	t, err := f.cd.GetDeploymentTarget(ctx, &codedeploy.GetDeploymentTargetInput{
		DeploymentId: aws.String(id),
		TargetId:     aws.String(f.targetID),
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return s, ctx.Err()
	case err != nil:
		if code := apiErrorCode(err); code != "DeploymentTargetDoesNotExistException" && code != "DeploymentNotStartedException" {
			f.warn(fmt.Sprintf("codedeploy: reading target %s of %s: %v", f.targetID, id, err))
		}
	case t.DeploymentTarget != nil && t.DeploymentTarget.EcsTarget != nil:
		s.addTarget(t.DeploymentTarget.EcsTarget)
	}
	if g := s.Replacement(); g != nil && !s.Terminal() {
		tg := g.TargetGroup
		if tg == "" {
			tg = f.fallbackTargetGroup
		}
		if tg != "" {
			s.TargetGroup = tg
			health, err := f.targetHealth(ctx, tg)
			if err != nil {
				if ctx.Err() != nil {
					return s, ctx.Err()
				}
				f.warn(fmt.Sprintf("elbv2: health of target group %s: %v", tg, err))
			}
			s.Targets = health
		}
	}
	s.Hook = f.hook
	if f.testURL != "" && s.TestTrafficAllowed() {
		s.TestURL = f.testURL
	}
	return s, nil
}

// targetHealth is DescribeTargetHealth of the named target group.
func (f *follower) targetHealth(ctx context.Context, name string) ([]TargetHealth, error) {
	arn, ok := f.targetGroupARNs[name]
	if !ok {
		out, err := f.elb.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{name}})
		if err != nil {
			return nil, err
		}
		if len(out.TargetGroups) == 0 {
			return nil, fmt.Errorf("no target group named %s", name)
		}
		arn = aws.ToString(out.TargetGroups[0].TargetGroupArn)
		if f.targetGroupARNs == nil {
			f.targetGroupARNs = map[string]string{}
		}
		f.targetGroupARNs[name] = arn
	}
	out, err := f.elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return targetHealthOf(out.TargetHealthDescriptions), nil
}

// stopDeployment stops deployment id with rollback. The request is sent
// even when ctx ends (the user is leaving, the stop must reach AWS) and
// retried with backoff for stopBudget while AWS throttles or cannot be
// reached; ctx's end only stops the retries.
func (f *follower) stopDeployment(ctx context.Context, id string) error {
	r := retrier{clock: f.clock, backoff: f.backoff, rep: f.rep}
	err := r.do(ctx, "StopDeployment", f.clock.Now().Add(stopBudget), func() error {
		_, err := f.cd.StopDeployment(context.WithoutCancel(ctx), &codedeploy.StopDeploymentInput{
			DeploymentId:        aws.String(id),
			AutoRollbackEnabled: aws.Bool(true),
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("codedeploy: %w", err)
	}
	return nil
}

// continueDeployment sends ContinueDeployment, retried like stopDeployment.
func (f *follower) continueDeployment(ctx context.Context, id string, wait cdtypes.DeploymentWaitType) error {
	r := retrier{clock: f.clock, backoff: f.backoff, rep: f.rep}
	err := r.do(ctx, "ContinueDeployment", f.clock.Now().Add(stopBudget), func() error {
		_, err := f.cd.ContinueDeployment(ctx, &codedeploy.ContinueDeploymentInput{
			DeploymentId:       aws.String(id),
			DeploymentWaitType: wait,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("codedeploy: %w", err)
	}
	return nil
}

// warn reports msg once.
func (f *follower) warn(msg string) {
	if f.warned == nil {
		f.warned = map[string]bool{}
	}
	if !f.warned[msg] {
		f.warned[msg] = true
		f.rep.Report(Warning{Message: msg})
	}
}
