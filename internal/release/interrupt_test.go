package release_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// stuckSteps never get past Install: the new tasks never get healthy.
func stuckSteps() []fakeaws.Step {
	steps := fakeaws.Steps(plan(fakeaws.Plan{}))[:3]
	steps[2].Hold = fakeaws.HoldStop
	return steps
}

// A deployment whose tasks never get healthy is stopped with rollback at
// the deadline, and the rollback is followed to its end.
func TestStuckDeploymentStoppedAtTheDeadline(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record()
	p := plan(fakeaws.Plan{RollbackID: rollbackD})
	e.fake.Script(stuckSteps(), fakeaws.StoppedSteps(p))
	e.r.Timeout = 2*time.Minute + 3*time.Second // between two polls

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeStopped || !res.TimedOut || res.Outcome.Succeeded() {
		t.Fatalf("Outcome = %s, TimedOut = %v; want %s at the deadline\n%s", res.Outcome, res.TimedOut, release.OutcomeStopped, e.out)
	}
	stops := e.fake.RequestsFor("StopDeployment")
	if len(stops) != 1 {
		t.Fatalf("StopDeployment calls = %d, want 1", len(stops))
	}
	if diff := cmp.Diff(map[string]any{"deploymentId": "d-FAKE10001", "autoRollbackEnabled": true}, stops[0].Body); diff != "" {
		t.Errorf("StopDeployment body (-want +got):\n%s", diff)
	}
	if res.Rollback == nil || res.Rollback.Status != "Succeeded" {
		t.Errorf("Rollback = %+v, want %s followed to Succeeded", res.Rollback, rollbackD)
	}
	deadlines := ofType[release.DeadlineSet](rec)
	if len(deadlines) != 1 || deadlines[0].Default || !deadlines[0].Deadline.Equal(fakeaws.Start.Add(123*time.Second)) {
		t.Errorf("DeadlineSet = %+v, want --timeout 2m3s from the start", deadlines)
	}
	interrupts := ofType[release.Interrupt](rec)
	want := []release.Interrupt{{DeploymentID: "d-FAKE10001", Reason: release.ReasonDeadline, Action: release.ActionRollback}}
	if diff := cmp.Diff(want, interrupts); diff != "" {
		t.Errorf("Interrupt events (-want +got):\n%s", diff)
	}
	if !strings.Contains(e.out.String(), "2026-11-26T10:02:03Z deadline reached: stopping deployment d-FAKE10001 with rollback") {
		t.Errorf("output lacks the stop at the deadline, 10:02:03:\n%s", e.out)
	}
	if got := release.Explain(res); !strings.HasPrefix(got, "deployment d-FAKE10001 was stopped at the deadline: MANUAL_STOP") || !strings.Contains(got, rollbackD) {
		t.Errorf("Explain() = %q", got)
	}
}

// Without --timeout the deadline comes from the deployment group: 15
// minutes to start, its traffic shifting and its termination wait.
func TestDefaultDeadlineFromTheDeploymentGroup(t *testing.T) {
	e := newEnv(t, envOptions{stack: func(st *fakeaws.Stack) {
		st.Group.DeploymentConfig = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"
		st.Group.TerminationWaitMinutes = 60
	}})
	rec := e.record()
	p := plan(fakeaws.Plan{RollbackID: rollbackD})
	e.fake.Script(stuckSteps(), fakeaws.StoppedSteps(p))
	e.r.Interval = 3 * time.Minute // within the fake's patience for a held step

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	want := release.DeadlineSet{
		Deadline: fakeaws.Start.Add(15*time.Minute + 30*time.Minute + time.Hour), TimeoutSeconds: (105 * time.Minute).Seconds(), Default: true,
		StartSeconds: 900, TrafficShiftSeconds: 1800, TerminationWaitSeconds: 3600,
	}
	if diff := cmp.Diff([]release.DeadlineSet{want}, ofType[release.DeadlineSet](rec)); diff != "" {
		t.Errorf("DeadlineSet (-want +got):\n%s", diff)
	}
	if !res.TimedOut || e.clock.Now().Before(want.Deadline) {
		t.Errorf("TimedOut = %v at %s, want the stop at %s", res.TimedOut, e.clock.Now(), want.Deadline)
	}
}

// Interrupted before all production traffic moved, a release stops the
// deployment with rollback; after, it leaves it in its termination wait and
// says how to roll it back. --rollback-after-shift keeps rolling back.
func TestInterruptBeforeAndAfterTheShift(t *testing.T) {
	for name, tc := range map[string]struct {
		plan               fakeaws.Plan
		hold               fakeaws.Hold
		rollbackAfterShift bool
		wantStops          int
		wantAction         string
		wantOutcome        release.Outcome
		wantExplain        string
	}{
		"while shifting": {
			plan: fakeaws.Plan{HoldShifting: true}, hold: fakeaws.HoldStop,
			wantStops: 1, wantAction: release.ActionRollback, wantOutcome: release.OutcomeStopped,
			wantExplain: "deployment d-FAKE10001 was stopped on interrupt: MANUAL_STOP",
		},
		"in the termination wait": {
			plan: fakeaws.Plan{TerminationWait: true}, hold: fakeaws.HoldTerminationWait,
			wantStops: 0, wantAction: release.ActionLeave, wantOutcome: release.OutcomeAbandoned,
			wantExplain: "interrupted after all production traffic moved: deployment d-FAKE10001 goes on in its termination wait; roll it back: `release rollback d-FAKE10001`",
		},
		"in the termination wait, rollback after shift": {
			plan: fakeaws.Plan{TerminationWait: true}, hold: fakeaws.HoldTerminationWait, rollbackAfterShift: true,
			wantStops: 1, wantAction: release.ActionRollback, wantOutcome: release.OutcomeStopped,
			wantExplain: "deployment d-FAKE10001 was stopped on interrupt: MANUAL_STOP",
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			rec := e.record()
			p := plan(tc.plan)
			p.RollbackID = rollbackD
			e.fake.Script(fakeaws.Steps(p), fakeaws.StoppedSteps(p))
			e.r.RollbackAfterShift = tc.rollbackAfterShift
			stop := make(chan struct{})
			var once sync.Once
			e.fake.OnServe = func(_ string, st fakeaws.Step) {
				if st.Hold == tc.hold {
					once.Do(func() { close(stop) })
				}
			}

			res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, stop)
			if err != nil {
				t.Fatalf("Release: %v\n%s", err, e.out)
			}
			if res.Outcome != tc.wantOutcome || !res.Interrupted || res.Outcome.Succeeded() {
				t.Errorf("Outcome = %s, Interrupted = %v; want %s, true\n%s", res.Outcome, res.Interrupted, tc.wantOutcome, e.out)
			}
			if n := len(e.fake.RequestsFor("StopDeployment")); n != tc.wantStops {
				t.Errorf("StopDeployment calls = %d, want %d", n, tc.wantStops)
			}
			interrupts := ofType[release.Interrupt](rec)
			if len(interrupts) != 1 || interrupts[0].Action != tc.wantAction || interrupts[0].Reason != release.ReasonInterrupt {
				t.Errorf("Interrupt events = %+v, want one %s", interrupts, tc.wantAction)
			}
			if got := release.Explain(res); !strings.HasPrefix(got, tc.wantExplain) {
				t.Errorf("Explain() =\n%s\nwant it to start\n%s", got, tc.wantExplain)
			}
		})
	}
}

// The deadline in the termination wait does not roll back a release that
// serves everyone: following ends, exit 0, and the explanation says so.
func TestDeadlineInTheTerminationWait(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{TerminationWait: true})), nil)
	e.r.Timeout = 2 * time.Minute

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeTrafficShifted || !res.TimedOut || !res.Left || !res.Outcome.Succeeded() {
		t.Fatalf("Outcome = %s, TimedOut = %v, Left = %v; want %s, true, true\n%s", res.Outcome, res.TimedOut, res.Left, release.OutcomeTrafficShifted, e.out)
	}
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 0 {
		t.Errorf("StopDeployment calls = %d, want 0", n)
	}
	want := "the deadline passed after all production traffic moved to ecs-bluegreen-dev-app:2: deployment d-FAKE10001 goes on in its termination wait (end it: `release skip-wait d-FAKE10001`; roll it back: `release rollback d-FAKE10001`)"
	if got := release.Explain(res); got != want {
		t.Errorf("Explain() =\n%s\nwant\n%s", got, want)
	}
}

// Watching never stops a deployment: at the deadline it stops watching.
func TestWatchDeadline(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-WATCH1", Application: app, Group: group, Steps: stuckSteps()})
	e.r.Timeout = time.Minute
	res, err := e.r.Watch(context.Background(), "d-WATCH1", nil)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	if res.Outcome != release.OutcomeAbandoned || !res.TimedOut {
		t.Errorf("Outcome = %s, TimedOut = %v; want abandoned at the deadline", res.Outcome, res.TimedOut)
	}
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 0 {
		t.Errorf("StopDeployment calls = %d, want 0", n)
	}
}

// `release cancel` does what an interrupt would have: roll back before the
// shift, leave the deployment after it, nothing once it ended.
func TestCancel(t *testing.T) {
	for name, tc := range map[string]struct {
		steps       []fakeaws.Step
		wantStops   int
		wantOutcome release.Outcome
		wantExplain string
	}{
		"before the shift": {
			steps:     fakeaws.Steps(plan(fakeaws.Plan{HoldShifting: true})),
			wantStops: 1, wantOutcome: release.OutcomeRolledBack,
			wantExplain: "cancelled: deployment d-CANCEL1 was stopped with rollback; deployment d-ROLLBACK1 succeeded; the previous version serves production",
		},
		"in the termination wait": {
			steps:     fakeaws.Steps(plan(fakeaws.Plan{TerminationWait: true})),
			wantStops: 0, wantOutcome: release.OutcomeTrafficShifted,
			wantExplain: "all production traffic is on ecs-bluegreen-dev-app:2: deployment d-CANCEL1 was left in its termination wait (roll it back: `release rollback d-CANCEL1`)",
		},
		"ended": {
			steps:     []fakeaws.Step{{Status: "Succeeded"}},
			wantStops: 0, wantOutcome: release.OutcomeUnchanged,
			wantExplain: "nothing to cancel: deployment d-CANCEL1 had ended (Succeeded)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			p := plan(fakeaws.Plan{RollbackID: rollbackD})
			content, sum, err := release.NewAppSpec(release.TargetFromOutputs(e.outputs)).Content()
			if err != nil {
				t.Fatal(err)
			}
			// Held steps wait for the cancel; skip to where it happens.
			steps := tc.steps
			for i, st := range steps {
				if st.Hold != fakeaws.HoldNone {
					steps = steps[i:]
					break
				}
			}
			e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-CANCEL1", Application: app, Group: group, AppSpec: content, SHA256: sum, Steps: steps, OnStop: fakeaws.StoppedSteps(p)})

			res, err := e.r.Cancel(context.Background(), "d-CANCEL1", &e.outputs)
			if err != nil {
				t.Fatalf("Cancel: %v\n%s", err, e.out)
			}
			if res.Outcome != tc.wantOutcome || !res.Outcome.Succeeded() {
				t.Errorf("Outcome = %s, want %s (exit 0)\n%s", res.Outcome, tc.wantOutcome, e.out)
			}
			if n := len(e.fake.RequestsFor("StopDeployment")); n != tc.wantStops {
				t.Errorf("StopDeployment calls = %d, want %d", n, tc.wantStops)
			}
			if got := release.Explain(res); got != tc.wantExplain {
				t.Errorf("Explain() =\n%s\nwant\n%s", got, tc.wantExplain)
			}
		})
	}
}

// `release rollback DEPLOYMENT_ID`, the command an interrupt after the
// shift prints, stops that deployment with rollback, all traffic moved or
// not, and needs no outputs.
func TestRollbackByID(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{TerminationWait: true, RollbackID: rollbackD})
	steps := fakeaws.Steps(p)
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-LEFT1", Application: app, Group: group, Steps: steps[len(steps)-2:], OnStop: fakeaws.StoppedSteps(p)})
	res, err := e.r.Rollback(context.Background(), release.RollbackRequest{DeploymentID: "d-LEFT1"})
	if err != nil {
		t.Fatalf("Rollback: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeRolledBack {
		t.Fatalf("Outcome = %s, want %s\n%s", res.Outcome, release.OutcomeRolledBack, e.out)
	}
	if stops := e.fake.RequestsFor("StopDeployment"); len(stops) != 1 || stops[0].Body["deploymentId"] != "d-LEFT1" {
		t.Errorf("StopDeployment = %v, want one of d-LEFT1", stops)
	}

	_, err = e.r.Rollback(context.Background(), release.RollbackRequest{DeploymentID: "d-LEFT1"})
	if err == nil || !strings.Contains(err.Error(), "deployment d-LEFT1 has ended (Stopped): nothing to stop") {
		t.Errorf("second Rollback error = %v, want it ended", err)
	}
}

// A stop that AWS refuses, for a deployment that is not stopping, is an
// error that says how to stop it by hand.
func TestCancelStopRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	steps := fakeaws.Steps(plan(fakeaws.Plan{HoldShifting: true}))
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-CANCEL2", Application: app, Group: group, Steps: steps[len(steps)-3:]})
	e.fake.Fail("StopDeployment", 1, "AccessDeniedException", "not authorized to perform codedeploy:StopDeployment")
	_, err := e.r.Cancel(context.Background(), "d-CANCEL2", &e.outputs)
	if err == nil || !strings.Contains(err.Error(), "AccessDeniedException") || !strings.Contains(err.Error(), "`release rollback d-CANCEL2`") {
		t.Fatalf("Cancel error = %v, want AWS's refusal and the command that stops it", err)
	}
}

// `release cancel` after the release command already stopped the
// deployment follows the rollback under way and stops nothing again.
func TestCancelAfterTheStop(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{RollbackID: rollbackD})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-CANCEL3", Application: app, Group: group, Steps: fakeaws.StoppedSteps(p)})
	res, err := e.r.Cancel(context.Background(), "d-CANCEL3", &e.outputs)
	if err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 0 {
		t.Errorf("StopDeployment calls = %d, want 0", n)
	}
	if res.Outcome != release.OutcomeUnchanged || res.Rollback == nil || res.Rollback.Status != "Succeeded" {
		t.Errorf("Cancel = %s with rollback %+v; want nothing done, the rollback followed to its end", res.Outcome, res.Rollback)
	}
}

// A cancel's --timeout bounds it, rollback included (CI's post-cancel
// steps have five minutes): the rollback's grace is only for a stop made
// at the deadline.
func TestCancelTimeoutBoundsTheRollback(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{HoldShifting: true, RollbackID: rollbackD})
	stopped := fakeaws.StoppedSteps(p)
	stopped[0].Spawn = []fakeaws.Step{{Status: "InProgress"}} // a rollback that takes its time
	steps := fakeaws.Steps(p)
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-CANCEL4", Application: app, Group: group, Steps: steps[len(steps)-3:], OnStop: stopped})
	e.r.Timeout, e.r.Interval = 4*time.Minute, 10*time.Second
	res, err := e.r.Cancel(context.Background(), "d-CANCEL4", nil)
	if err != nil {
		t.Fatalf("Cancel: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeAbandoned || !res.TimedOut {
		t.Errorf("Outcome = %s, TimedOut = %v; want abandoned at the deadline", res.Outcome, res.TimedOut)
	}
	if end := e.clock.Now(); end.After(fakeaws.Start.Add(4 * time.Minute)) {
		t.Errorf("followed until %s, past the 4-minute deadline", end.Format(time.TimeOnly))
	}
	if got := release.Explain(res); !strings.Contains(got, "the deadline passed: stopped following deployment d-CANCEL4") || !strings.Contains(got, "its rollback is deployment "+rollbackD) {
		t.Errorf("Explain() = %q", got)
	}
}
