package handler_test

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
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/handler"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// green is a test listener: each answer waits delay, then says status and
// body, with the header X-Version: 2.
func green(t *testing.T, status int, body string, delay time.Duration) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("X-Version", "2")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestHandleReportsOnceWithTheReason(t *testing.T) {
	t.Parallel()
	fast := 5 * time.Millisecond
	tests := map[string]struct {
		status      int
		body        string
		delay       time.Duration
		check       handler.Check
		wantOK      bool
		wantReasons []string
		// maxReason, when set, bounds the reason's length.
		maxReason int
	}{
		"success": {
			status: 200, body: "ok", check: handler.Check{Successes: 3, Budget: 5 * time.Second, BodySubstring: "ok", HeaderName: "X-Version", HeaderValue: "2"},
			wantOK: true, wantReasons: []string{"3 answers in a row passed", "status 200"},
		},
		"wrong status": {
			status: 503, body: "upstream down", check: handler.Check{Successes: 3, Budget: 5 * time.Second},
			wantReasons: []string{"want status 200", "status 503", `body "upstream down"`},
		},
		"timeout": {
			status: 200, delay: 2 * time.Second, check: handler.Check{Successes: 1, Budget: 5 * time.Second, RequestTimeout: 50 * time.Millisecond},
			wantReasons: []string{"no answer after", "deadline exceeded"},
		},
		"slow until the budget runs out": {
			status: 200, body: "ok", delay: 100 * time.Millisecond, check: handler.Check{Successes: 50, Budget: 300 * time.Millisecond},
			wantReasons: []string{"budget ran out after", "of 50 answers in a row passed"},
		},
		"body without the expected text": {
			status: 200, body: "version 1", check: handler.Check{Successes: 2, Budget: 5 * time.Second, BodySubstring: "version 2"},
			wantReasons: []string{`body lacks "version 2"`, `body "version 1"`},
		},
		"a long body and header": {
			status: 200, body: strings.Repeat("secret? ", 1000), check: handler.Check{Successes: 2, Budget: 5 * time.Second, HeaderName: "X-Version", HeaderValue: "3"},
			wantReasons: []string{`header X-Version is "2", want "3"`, `body "secret? secret? `, `..."`}, maxReason: 400,
		},
		"header with another value": {
			status: 200, body: "ok", check: handler.Check{Successes: 2, Budget: 5 * time.Second, HeaderName: "x-version", HeaderValue: "3"},
			wantReasons: []string{`header x-version is "2", want "3"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			check := tc.check
			check.URL = green(t, tc.status, tc.body, tc.delay) + "/healthz"
			check.Interval = fast
			aws := fakeaws.New(t)
			var log bytes.Buffer
			e := handler.Event{DeploymentID: "d-1", LifecycleEventHookExecutionID: "exec-1"}
			if err := handler.Handle(context.Background(), e, check, http.DefaultClient, reporter(aws.URL), &log); err != nil {
				t.Fatalf("Handle: %v", err)
			}
			reports := aws.RequestsFor("PutLifecycleEventHookExecutionStatus")
			if len(reports) != 1 {
				t.Fatalf("reports = %d, want exactly 1", len(reports))
			}
			wantStatus := map[bool]string{true: "Succeeded", false: "Failed"}[tc.wantOK]
			body := reports[0].Body
			if body["status"] != wantStatus || body["deploymentId"] != "d-1" || body["lifecycleEventHookExecutionId"] != "exec-1" {
				t.Errorf("report = %v, want %s for d-1/exec-1", body, wantStatus)
			}
			// One line, which the release finds by deployment id.
			if n := strings.Count(log.String(), "\n"); n != 1 {
				t.Errorf("log %q has %d lines, want 1", log.String(), n)
			}
			out, ok := hookspec.Parse(log.String())
			if !ok {
				t.Fatalf("log %q holds no verdict", log.String())
			}
			if out.Status != wantStatus || out.DeploymentID != "d-1" || out.LifecycleEventHookExecutionID != "exec-1" {
				t.Errorf("logged %+v, want %s for d-1/exec-1", out, wantStatus)
			}
			if len(out.Reason) > tc.maxReason && tc.maxReason > 0 {
				t.Errorf("reason of %d bytes, want at most %d: %q", len(out.Reason), tc.maxReason, out.Reason)
			}
			for _, want := range tc.wantReasons {
				if !strings.Contains(out.Reason, want) {
					t.Errorf("reason %q lacks %q", out.Reason, want)
				}
			}
		})
	}
}

// reporter is a CodeDeploy reporter against the fake.
func reporter(endpoint string) handler.CodeDeploy {
	return handler.CodeDeploy{Client: codedeploy.New(codedeploy.Options{
		Region:       "eu-west-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDFAKE", "secret", ""),
	})}
}

// TestHandleReportsWhenTheFunctionTimesOut: the function's own deadline
// cuts the probe short, and the report still goes, once.
func TestHandleReportsWhenTheFunctionTimesOut(t *testing.T) {
	t.Parallel()
	aws := fakeaws.New(t)
	check := handler.Check{URL: green(t, 200, "ok", time.Hour), Successes: 1, Budget: time.Hour, RequestTimeout: time.Hour}
	// 20 s (the report's reserve) plus 100 ms to probe.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second+100*time.Millisecond)
	defer cancel()
	var log bytes.Buffer
	e := handler.Event{DeploymentID: "d-2", LifecycleEventHookExecutionID: "exec-2"}
	if err := handler.Handle(ctx, e, check, http.DefaultClient, reporter(aws.URL), &log); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	reports := aws.RequestsFor("PutLifecycleEventHookExecutionStatus")
	if len(reports) != 1 || reports[0].Body["status"] != "Failed" {
		t.Fatalf("reports = %v, want one Failed", reports)
	}
	if !strings.Contains(log.String(), "budget ran out") {
		t.Errorf("log %q does not say the budget ran out", log.String())
	}
}

func TestHandleRefusesAnEventWithoutIDs(t *testing.T) {
	t.Parallel()
	aws := fakeaws.New(t)
	err := handler.Handle(context.Background(), handler.Event{}, handler.Check{}, http.DefaultClient, reporter(aws.URL), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "LifecycleEventHookExecutionId") {
		t.Errorf("Handle(empty event) = %v, want an error naming LifecycleEventHookExecutionId", err)
	}
	if n := len(aws.Requests()); n != 0 {
		t.Errorf("%d calls to CodeDeploy, want none", n)
	}
}

func TestHandleReturnsTheReportsError(t *testing.T) {
	t.Parallel()
	aws := fakeaws.New(t)
	aws.Fail("PutLifecycleEventHookExecutionStatus", 5, "AccessDeniedException", "not allowed")
	check := handler.Check{URL: green(t, 200, "", 0), Successes: 1, Budget: time.Second}
	e := handler.Event{DeploymentID: "d-3", LifecycleEventHookExecutionID: "exec-3"}
	err := handler.Handle(context.Background(), e, check, http.DefaultClient, reporter(aws.URL), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") || !strings.Contains(err.Error(), "Succeeded") {
		t.Errorf("Handle = %v, want the report's AccessDenied for Succeeded", err)
	}
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		hookspec.EnvURL: "http://lb:8080/healthz", hookspec.EnvExpectedStatus: "204", hookspec.EnvSuccesses: "5",
		hookspec.EnvBudget: "120", hookspec.EnvBodySubstring: "ok", hookspec.EnvHeader: "X-Version: 2",
	}
	got, err := handler.FromEnv(func(k string) string { return env[k] })
	want := handler.Check{URL: "http://lb:8080/healthz", ExpectedStatus: 204, Successes: 5, Budget: 2 * time.Minute, BodySubstring: "ok", HeaderName: "X-Version", HeaderValue: "2"}
	if err != nil || got != want {
		t.Errorf("FromEnv = %+v, %v, want %+v", got, err, want)
	}
	_, err = handler.FromEnv(func(k string) string { return map[string]string{hookspec.EnvSuccesses: "0"}[k] })
	for _, want := range []string{hookspec.EnvURL, hookspec.EnvSuccesses + ` is "0"`, hookspec.EnvBudget, hookspec.EnvExpectedStatus} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("FromEnv(bad) = %v, want it to name %s", err, want)
		}
	}
}

// TestClientChecksTheSiteName: over HTTPS the probe checks the certificate
// against TLSServerName, not the load balancer's name in the URL.
func TestClientChecksTheSiteName(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	t.Cleanup(srv.Close)
	// httptest's certificate names example.com; the URL names 127.0.0.1.
	for name, tc := range map[string]struct {
		serverName string
		wantOK     bool
	}{"the site's name": {"example.com", true}, "another name": {"other.example", false}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := handler.Check{URL: srv.URL, Successes: 1, Budget: 2 * time.Second, TLSServerName: tc.serverName}
			client := handler.Client(c)
			pool := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
			client.Transport.(*http.Transport).TLSClientConfig.RootCAs = pool
			if got := handler.Probe(context.Background(), client, c); got.Succeeded != tc.wantOK {
				t.Errorf("Probe with server name %s = %+v, want succeeded %v", tc.serverName, got, tc.wantOK)
			}
		})
	}
}

// TestReasonQuotesExcerpts: a reason quotes at most an excerpt of what the
// test listener sent, a header's value as a body: it goes to the
// function's log and the release's output.
func TestReasonQuotesExcerpts(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("v", 5000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Version", long)
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	c := handler.Check{URL: srv.URL, Successes: 1, Budget: 2 * time.Second, HeaderName: "X-Version", HeaderValue: "2"}
	got := handler.Probe(context.Background(), http.DefaultClient, c)
	if got.Succeeded || !strings.Contains(got.Reason, `header X-Version is "vvv`) || len(got.Reason) > 400 {
		t.Errorf("Probe = %+v (reason of %d bytes), want a failure quoting an excerpt of the header", got, len(got.Reason))
	}
}
