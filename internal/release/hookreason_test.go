package release_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/handler"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

const (
	hookFunction = "CodeDeployHook_ecs-bluegreen-dev-validate"
	hookLogGroup = "/aws/lambda/" + hookFunction
	// firstID is the id of the fake's first created deployment.
	firstID  = "d-FAKE10001"
	hookDiag = "The deployment failed because a lifecycle hook failed"
)

// failingValidation is an env whose outputs name the hook and whose next
// deployment fails at AfterAllowTestTraffic, its hook logging reason (""
// logs nothing) late FilterLogEvents calls late.
func failingValidation(t *testing.T, reason string, late int) (*env, *recorder) {
	t.Helper()
	e := newEnv(t, envOptions{})
	e.outputs.ValidationFunctionName = hookFunction
	e.fake.AddFunction(hookFunction)
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{
		FailAt: release.ValidationEvent, RollbackID: rollbackD, HookReason: reason, HookLogLate: late,
		Error: fakeaws.ErrorInfo{Code: "HOOK_FAILED", Message: hookDiag},
	})), nil)
	return e, e.record()
}

// releaseFailsValidation runs the release and returns its failed
// validation event and result; it fails the test unless the deployment
// failed at the hook and was rolled back.
func releaseFailsValidation(t *testing.T, e *env, rec *recorder) (release.Validation, release.Result) {
	t.Helper()
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, SkipVerify: true}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if !res.Deployment.ValidationFailed() || res.Rollback == nil || res.Rollback.Status != release.StatusSucceeded {
		t.Fatalf("Release = %+v, want a failed validation, rolled back", res)
	}
	var failed []release.Validation
	for _, v := range ofType[release.Validation](rec) {
		if v.Status == release.ValidationFailed {
			failed = append(failed, v)
		}
	}
	if len(failed) != 1 {
		t.Fatalf("failed validation events: %+v, want one", failed)
	}
	if res.Validation == nil || *res.Validation != failed[0] {
		t.Errorf("Result.Validation = %+v, want the event %+v", res.Validation, failed[0])
	}
	return failed[0], res
}

// TestValidationReasonFromTheLog: the function's reason, read from its log
// group, is the validation event's and the result's; a line that arrives
// late is waited for, on the release's clock.
func TestValidationReasonFromTheLog(t *testing.T) {
	t.Parallel()
	const reason = `probe 2 of ` + testURL + `/healthz failed: want status 200 (status 503 after 9ms, body "down")`
	for name, late := range map[string]int{"at once": 0, "two reads late": 2} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, rec := failingValidation(t, reason, late)
			before := e.clock.Now()
			v, res := releaseFailsValidation(t, e, rec)
			if v.Reason != reason || v.ReasonMissing != "" || v.LogGroup != hookLogGroup || v.Function != hookFunction {
				t.Errorf("validation = %+v, want the function's reason from %s", v, hookLogGroup)
			}
			reads := e.fake.RequestsFor("FilterLogEvents")
			if len(reads) != late+1 {
				t.Errorf("%d FilterLogEvents calls, want %d", len(reads), late+1)
			}
			for _, r := range reads {
				created := e.fake.Deployment(firstID).CreateTime
				if r.Body["logGroupName"] != hookLogGroup || r.Body["filterPattern"] != hookspec.FilterPattern(firstID) ||
					r.Body["startTime"] != float64(created.Add(-time.Minute).UnixMilli()) {
					t.Errorf("FilterLogEvents %v, want group %s, the deployment's pattern, from a minute before %s", r.Body, hookLogGroup, created)
				}
			}
			// The follower's polls advance the clock too: at least the
			// waits between reads.
			if waited := e.clock.Now().Sub(before); waited < time.Duration(late)*2*time.Second {
				t.Errorf("the clock moved %s, want at least %d waits of 2s", waited, late)
			}
			msg := release.Explain(res)
			if !strings.Contains(msg, "failed the new version on the test listener: "+reason) || !strings.Contains(msg, rollbackD) {
				t.Errorf("Explain = %q, want the function's reason and the rollback", msg)
			}
			if line := e.out.String(); !strings.Contains(line, "validation "+hookFunction+": failed: "+reason) {
				t.Errorf("the progress does not show the reason:\n%s", line)
			}
		})
	}
}

// TestValidationReasonMissing: when the log cannot give the reason, the
// release still ends as a failed validation, with CodeDeploy's diagnostic,
// the log group, and why the function's reason is missing; it waits at
// most 10 s of its clock, reading every 2 s, a few pages a read.
func TestValidationReasonMissing(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		setup       func(*fakeaws.Server)
		wantMissing string
		wantReads   int
	}{
		"no line ever": {
			setup: func(f *fakeaws.Server) {
				f.PutLogEvent(hookLogGroup, fakeaws.LogEvent{Time: fakeaws.Start, Message: "START RequestId: 8f5c"})
			},
			wantMissing: "no verdict of " + firstID + " in the log group after 8s", wantReads: 5,
		},
		"access denied": {
			setup: func(f *fakeaws.Server) {
				f.Fail("FilterLogEvents", 1, "AccessDeniedException", "User is not authorized to perform: logs:FilterLogEvents")
			},
			wantMissing: "FilterLogEvents: AccessDeniedException: User is not authorized", wantReads: 1,
		},
		"no log group": {
			wantMissing: "FilterLogEvents: ResourceNotFoundException", wantReads: 1,
		},
		"only empty pages": {
			setup:       func(f *fakeaws.Server) { f.PutLogEvent(hookLogGroup, fakeaws.LogEvent{}); f.EmptyLogPages(10) },
			wantMissing: "no verdict of " + firstID + " in the log group after 8s (each read stopped after 3 pages)", wantReads: 5 * 3,
		},
		"throttled throughout": {
			setup:       func(f *fakeaws.Server) { f.Fail("FilterLogEvents", 10, "ThrottlingException", "Rate exceeded") },
			wantMissing: "FilterLogEvents: ThrottlingException: Rate exceeded", wantReads: 5,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, rec := failingValidation(t, "", 0)
			if tc.setup != nil {
				tc.setup(e.fake)
			}
			v, res := releaseFailsValidation(t, e, rec)
			if v.Reason != hookDiag || v.LogGroup != hookLogGroup || !strings.HasPrefix(v.ReasonMissing, tc.wantMissing) {
				t.Errorf("validation = %+v, want CodeDeploy's reason, %s, and missing %q", v, hookLogGroup, tc.wantMissing)
			}
			if n := len(e.fake.RequestsFor("FilterLogEvents")); n != tc.wantReads {
				t.Errorf("%d FilterLogEvents calls, want %d", n, tc.wantReads)
			}
			msg := release.Explain(res)
			for _, want := range []string{hookDiag, "the function's reason is in its log group " + hookLogGroup + ", not read: " + tc.wantMissing, rollbackD} {
				if !strings.Contains(msg, want) {
					t.Errorf("Explain = %q, lacks %q", msg, want)
				}
			}
		})
	}
}

// TestValidationReasonNewestOfTheDeployment: of the lines in the log
// group, the newest Failed verdict of this deployment, logged since it was
// created, wins, throttling or not.
func TestValidationReasonNewestOfTheDeployment(t *testing.T) {
	t.Parallel()
	e, rec := failingValidation(t, "", 0)
	put := func(at time.Duration, v hookspec.Verdict) {
		e.fake.PutLogEvent(hookLogGroup, fakeaws.LogEvent{Time: fakeaws.Start.Add(at), Message: string(v.Line())})
	}
	failed := func(id, reason string) hookspec.Verdict {
		return hookspec.Verdict{DeploymentID: id, LifecycleEventHookExecutionID: "exec-1", Status: hookspec.Failed, Reason: reason}
	}
	put(-2*time.Hour, failed(firstID, "before the deployment"))
	put(20*time.Second, failed(firstID, "the first invocation"))
	put(40*time.Second, failed(firstID, "the retried invocation"))
	put(50*time.Second, failed("d-OTHER0001", "another deployment"))
	put(30*time.Second, hookspec.Verdict{DeploymentID: firstID, Status: hookspec.Succeeded, Reason: "passed"})
	e.fake.Fail("FilterLogEvents", 1, "ThrottlingException", "Rate exceeded")
	v, _ := releaseFailsValidation(t, e, rec)
	if v.Reason != "the retried invocation" || v.ReasonMissing != "" {
		t.Errorf("validation = %+v, want the newest Failed verdict of %s", v, firstID)
	}
}

// TestValidationReasonOfTheRealHandler: the line package validation/handler
// logs when green fails is the line the release finds and shows.
func TestValidationReasonOfTheRealHandler(t *testing.T) {
	t.Parallel()
	green := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("upstream down"))
	}))
	t.Cleanup(green.Close)
	e, rec := failingValidation(t, "", 0)
	var log bytes.Buffer
	cd := handler.CodeDeploy{Client: codedeploy.New(codedeploy.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(e.fake.URL), Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKE", "secret", ""),
	})}
	ev := handler.Event{DeploymentID: firstID, LifecycleEventHookExecutionID: "exec-" + firstID}
	check := handler.Check{URL: green.URL + "/healthz", Successes: 1, Budget: 5 * time.Second}
	if err := handler.Handle(context.Background(), ev, check, http.DefaultClient, cd, &log); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	e.fake.PutLogEvent(hookLogGroup, fakeaws.LogEvent{Time: fakeaws.Start.Add(time.Minute), Message: "START RequestId: 8f5c Version: $LATEST"})
	e.fake.PutLogEvent(hookLogGroup, fakeaws.LogEvent{Time: fakeaws.Start.Add(time.Minute), Message: log.String()})
	v, _ := releaseFailsValidation(t, e, rec)
	for _, want := range []string{"want status 200", "status 503", `body "upstream down"`} {
		if !strings.Contains(v.Reason, want) || v.ReasonMissing != "" {
			t.Errorf("validation = %+v, want the handler's reason with %q", v, want)
		}
	}
}
