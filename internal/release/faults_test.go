package release_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// A burst of failed polls is retried with growing, capped, jittered waits
// (jitter fixed at 0.75 of the wait here), and the output says for how long
// AWS could not be reached.
func TestPollFailureBurstsAreRetried(t *testing.T) {
	for name, fault := range map[string]fakeaws.Fault{
		"throttling":         {Code: "ThrottlingException", Message: "Rate exceeded"},
		"service 503":        {Status: http.StatusServiceUnavailable, Code: "ServiceUnavailableException", Message: "try again"},
		"internal error 500": {Status: http.StatusInternalServerError},
		"connection reset":   {Reset: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			rec := e.record()
			e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
			const burst = 7
			e.fake.Inject("GetDeployment", burst, fault)

			res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
			if err != nil || res.Outcome != release.OutcomeReleased {
				t.Fatalf("Release = %s, %v; want %s after %d failed polls\n%s", res.Outcome, err, release.OutcomeReleased, burst, e.out)
			}
			retries := ofType[release.Retry](rec)
			if len(retries) != burst {
				t.Fatalf("Retry events = %d, want %d\n%s", len(retries), burst, e.out)
			}
			// 1s, 2s, 4s, ... capped at 30s, each at 0.75 (jitter 0.5).
			want := []float64{0.75, 1.5, 3, 6, 12, 22.5, 22.5}
			var got []float64
			for i, r := range retries {
				got = append(got, r.DelaySeconds)
				if r.Operation != "GetDeployment" || r.Attempt != i+1 || r.MaxAttempts != 0 {
					t.Errorf("retry %d = %+v, want GetDeployment attempt %d until the deadline", i, r, i+1)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("retry delays (-want +got):\n%s", diff)
			}
			recovered := ofType[release.Recovered](rec)
			if len(recovered) != 1 || recovered[0].FailedAttempts != burst || recovered[0].FailingSeconds != 68.25 {
				t.Errorf("Recovered = %+v, want one after %d failures over 68.25s", recovered, burst)
			}
			if !strings.Contains(e.out.String(), "AWS answers again: GetDeployment failed 7 times over 1m08s (since 2026-11-26T10:00:00Z)") {
				t.Errorf("output does not say how long AWS was unreachable:\n%s", e.out)
			}
		})
	}
}

// Throttling goes on past the three failures that used to end following:
// it is retried for as long as the deadline allows, then the deadline
// applies.
func TestPollFailuresUntilTheDeadline(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record()
	p := plan(fakeaws.Plan{RollbackID: rollbackD})
	e.fake.Script(fakeaws.Steps(p), fakeaws.StoppedSteps(p))
	e.fake.Fail("GetDeployment", 1000, "ThrottlingException", "Rate exceeded")
	e.r.Timeout = 5 * time.Minute

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if !res.TimedOut {
		t.Fatalf("Release = %s, %v, TimedOut %v; want the deadline\n%s", res.Outcome, err, res.TimedOut, e.out)
	}
	// Retries go on to the deadline, then for the rollback's grace.
	var before int
	for _, ev := range rec.events {
		if i, ok := ev.(release.Interrupt); ok {
			if i.Reason != release.ReasonDeadline || i.Action != release.ActionRollback {
				t.Errorf("Interrupt = %+v, want a rollback at the deadline", i)
			}
			break
		}
		if r, ok := ev.(release.Retry); ok {
			before++
			if at := r.FailingSince.Add(time.Duration(r.FailingSeconds * float64(time.Second))); at.After(fakeaws.Start.Add(5 * time.Minute)) {
				t.Errorf("retry at %s, after the deadline", at)
			}
		}
	}
	if before < 10 {
		t.Errorf("retries before the deadline = %d, want them to go on until it", before)
	}
	if res.Outcome != release.OutcomeAbandoned || !res.Stopped {
		t.Errorf("Outcome = %s, Stopped = %v; want abandoned after the stop", res.Outcome, res.Stopped)
	}
	want := "the deadline passed: stopped following deployment d-FAKE10001 (status unknown: AWS did not answer); it goes on: `release watch d-FAKE10001`; it was stopped with rollback"
	if got := release.Explain(res); got != want {
		t.Errorf("Explain() =\n%s\nwant\n%s", got, want)
	}
	// Nothing was known of the deployment: before the traffic shift, so it
	// is stopped with rollback.
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 1 {
		t.Errorf("StopDeployment calls = %d, want 1 at the deadline\n%s", n, e.out)
	}
}

// A CreateDeployment whose answer is lost (a 5xx or a dropped connection
// after the deployment was created) is not sent again: the release finds
// the deployment with its AppSpec and follows it.
func TestCreateDeploymentAnswerLost(t *testing.T) {
	for name, fault := range map[string]fakeaws.Fault{
		"500 after creating":   {Status: http.StatusInternalServerError, AfterEffect: true},
		"reset after creating": {Reset: true, AfterEffect: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			rec := e.record()
			e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
			e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil) // a second one would be possible
			e.fake.Inject("CreateDeployment", 1, fault)

			res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
			if err != nil || res.Outcome != release.OutcomeReleased {
				t.Fatalf("Release = %s, %v; want %s\n%s", res.Outcome, err, release.OutcomeReleased, e.out)
			}
			if n := len(e.fake.RequestsFor("CreateDeployment")); n != 1 {
				t.Errorf("CreateDeployment calls = %d, want 1: the lost answer's deployment is found", n)
			}
			if ds := e.fake.Deployments(app, group); len(ds) != 1 {
				t.Fatalf("deployments = %d, want 1", len(ds))
			}
			created := ofType[release.DeploymentCreated](rec)
			if len(created) != 1 || !created[0].Adopted || created[0].DeploymentID != "d-FAKE10001" {
				t.Errorf("DeploymentCreated = %+v, want d-FAKE10001 adopted", created)
			}
			if !strings.Contains(e.out.String(), "deployment d-FAKE10001 exists: CreateDeployment created it although its answer was lost") {
				t.Errorf("output does not say the deployment was found:\n%s", e.out)
			}
		})
	}
}

// When the look for the lost answer's deployment fails too, the retried
// CreateDeployment meets CodeDeploy's one-at-a-time limit, because of the
// release's own deployment: it is adopted, not refused.
func TestCreateDeploymentRetryMeetsItsOwnDeployment(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record()
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Inject("CreateDeployment", 1, fakeaws.Fault{Status: http.StatusServiceUnavailable, AfterEffect: true})
	var creates int
	e.fake.OnRequest = func(r fakeaws.Request) {
		if r.Action == "CreateDeployment" {
			if creates++; creates == 1 {
				// The look for the lost answer's deployment is throttled.
				e.fake.Inject("ListDeployments", 1, fakeaws.Fault{Code: "ThrottlingException"})
			}
		}
	}

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("Release = %s, %v; want %s\n%s", res.Outcome, err, release.OutcomeReleased, e.out)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 2 {
		t.Errorf("CreateDeployment calls = %d, want 2 (the second refused: one deployment at a time)", n)
	}
	if ds := e.fake.Deployments(app, group); len(ds) != 1 {
		t.Fatalf("deployments = %d, want 1\n%s", len(ds), e.out)
	}
	if created := ofType[release.DeploymentCreated](rec); len(created) != 1 || !created[0].Adopted {
		t.Errorf("DeploymentCreated = %+v, want the first deployment adopted", created)
	}
}

// Another deployment that starts while CreateDeployment is retried is not
// adopted: its AppSpec is not the release's. The release is refused,
// naming it.
func TestCreateDeploymentRetryMeetsAnotherDeployment(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Inject("CreateDeployment", 1, fakeaws.Fault{Status: http.StatusInternalServerError})
	var creates int
	e.fake.OnRequest = func(r fakeaws.Request) {
		if r.Action == "CreateDeployment" {
			if creates++; creates == 1 {
				e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-OTHER1", Application: app, Group: group, AppSpec: "{}", SHA256: "x", Steps: []fakeaws.Step{{Status: "InProgress"}}})
			}
		}
	}

	_, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	var inflight *release.InFlightError
	if !errors.As(err, &inflight) || inflight.DeploymentID != "d-OTHER1" {
		t.Fatalf("Release error = %v, want an *InFlightError naming d-OTHER1\n%s", err, e.out)
	}
	if ds := e.fake.Deployments(app, group); len(ds) != 1 {
		t.Errorf("deployments = %d, want only d-OTHER1", len(ds))
	}
}

// A 5xx before the deployment was created is retried and creates it once.
func TestCreateDeploymentRetriedAfterServerError(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record()
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Inject("CreateDeployment", 2, fakeaws.Fault{Status: http.StatusInternalServerError})

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("Release = %s, %v; want %s\n%s", res.Outcome, err, release.OutcomeReleased, e.out)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 3 {
		t.Errorf("CreateDeployment calls = %d, want 3 (two failed before creating)", n)
	}
	if ds := e.fake.Deployments(app, group); len(ds) != 1 {
		t.Errorf("deployments = %d, want 1", len(ds))
	}
	if created := ofType[release.DeploymentCreated](rec); len(created) != 1 || created[0].Adopted {
		t.Errorf("DeploymentCreated = %+v, want one, created (not adopted)", created)
	}
	retries := ofType[release.Retry](rec)
	if len(retries) != 2 || retries[0].Operation != "CreateDeployment" || retries[1].Attempt != 2 {
		t.Errorf("retries = %+v, want two of CreateDeployment", retries)
	}
}
