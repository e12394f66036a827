package handler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// Check is what the hook asks of green on the test listener.
type Check struct {
	// URL is the test listener's URL with the path to probe.
	URL string
	// ExpectedStatus is the status every answer must carry.
	ExpectedStatus int
	// Successes is how many answers in a row must pass.
	Successes int
	// Budget is how long the probe may take in all.
	Budget time.Duration
	// BodySubstring, when set, must appear in every answer's body.
	BodySubstring string
	// HeaderName and HeaderValue, when HeaderName is set, is a header
	// every answer must carry; an empty HeaderValue asks only that it be
	// there.
	HeaderName, HeaderValue string
	// Interval is the pause between probes; 0: one second.
	Interval time.Duration
	// RequestTimeout is how long one request may take; 0: five seconds.
	RequestTimeout time.Duration
	// TLSServerName, when set, is the name an HTTPS test listener's
	// certificate is checked against (and sent as SNI): the URL names the
	// load balancer, the certificate the site. Main reads it; Probe uses
	// the client it is given.
	TLSServerName string
}

// Result is how a Probe ended.
type Result struct {
	// Succeeded says that Successes answers in a row passed.
	Succeeded bool
	// Reason says why it failed (status, latency, body excerpt), or what
	// passed.
	Reason string
	// Probes is how many requests were sent.
	Probes int
}

// bodyLimit is how much of a body Probe reads; excerptLimit how much of it
// (or of a header's value) a reason quotes.
const (
	bodyLimit    = 64 << 10
	excerptLimit = 200
)

// Probe sends GET requests to c.URL, one every c.Interval, until
// c.Successes pass in a row (Succeeded), one fails (the reason names the
// status, latency and a body excerpt), or c.Budget or ctx runs out.
func Probe(ctx context.Context, client *http.Client, c Check) Result {
	c = c.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, c.Budget)
	defer cancel()
	passed := 0
	for probes := 1; ; probes++ {
		reason, ok := probeOnce(ctx, client, c)
		switch {
		case ok:
			passed++
			if passed >= c.Successes {
				return Result{Succeeded: true, Probes: probes, Reason: fmt.Sprintf("%d answers in a row passed (%s)", passed, reason)}
			}
		case ctx.Err() != nil:
			return Result{Probes: probes, Reason: budgetReason(c, passed, reason)}
		default:
			return Result{Probes: probes, Reason: fmt.Sprintf("probe %d of %s failed: %s", probes, c.URL, reason)}
		}
		select {
		case <-ctx.Done():
			return Result{Probes: probes, Reason: budgetReason(c, passed, "")}
		case <-time.After(c.Interval):
		}
	}
}

func (c Check) withDefaults() Check {
	if c.Interval <= 0 {
		c.Interval = time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 5 * time.Second
	}
	if c.Successes < 1 {
		c.Successes = 1
	}
	if c.ExpectedStatus == 0 {
		c.ExpectedStatus = http.StatusOK
	}
	return c
}

func budgetReason(c Check, passed int, last string) string {
	r := fmt.Sprintf("the %s budget ran out after %d of %d answers in a row passed", c.Budget, passed, c.Successes)
	if last != "" {
		r += ": " + last
	}
	return r
}

// probeOnce sends one request and says whether its answer passed, and why
// not (or its status and latency when it did).
func probeOnce(ctx context.Context, client *http.Client, c Check) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, c.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL, nil)
	if err != nil {
		return err.Error(), false
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Sprintf("no answer after %s: %v", time.Since(start).Round(time.Millisecond), err), false
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, bodyLimit))
	latency := time.Since(start).Round(time.Millisecond)
	if err != nil {
		return fmt.Sprintf("status %d after %s, body unread: %v", resp.StatusCode, latency, err), false
	}
	if problem := judge(c, resp, string(body)); problem != "" {
		return fmt.Sprintf("%s (status %d after %s, body %q)", problem, resp.StatusCode, latency, excerpt(body)), false
	}
	return fmt.Sprintf("last: status %d after %s", resp.StatusCode, latency), true
}

// judge says what is wrong with an answer, or "".
func judge(c Check, resp *http.Response, body string) string {
	if resp.StatusCode != c.ExpectedStatus {
		return fmt.Sprintf("want status %d", c.ExpectedStatus)
	}
	if c.BodySubstring != "" && !strings.Contains(body, c.BodySubstring) {
		return fmt.Sprintf("body lacks %q", c.BodySubstring)
	}
	if c.HeaderName != "" {
		got, ok := resp.Header[http.CanonicalHeaderKey(c.HeaderName)]
		if !ok {
			return fmt.Sprintf("header %s missing", c.HeaderName)
		}
		if value := strings.Join(got, ", "); c.HeaderValue != "" && value != c.HeaderValue {
			return fmt.Sprintf("header %s is %q, want %q", c.HeaderName, excerpt([]byte(value)), c.HeaderValue)
		}
	}
	return ""
}

func excerpt(body []byte) string {
	s := strings.ToValidUTF8(string(body), "?")
	if len(s) > excerptLimit {
		s = s[:excerptLimit] + "..."
	}
	return s
}

// FromEnv reads a Check from the function's environment (the Env*
// variables); getenv is os.Getenv.
func FromEnv(getenv func(string) string) (Check, error) {
	c := Check{URL: getenv(hookspec.EnvURL), BodySubstring: getenv(hookspec.EnvBodySubstring), TLSServerName: getenv(hookspec.EnvTLSServerName)}
	var errs []error
	if c.URL == "" {
		errs = append(errs, fmt.Errorf("handler: %s is empty: set it to the test listener's URL", hookspec.EnvURL))
	}
	var budget int
	for _, v := range []struct {
		name string
		dst  *int
	}{{hookspec.EnvExpectedStatus, &c.ExpectedStatus}, {hookspec.EnvSuccesses, &c.Successes}, {hookspec.EnvBudget, &budget}} {
		n, err := strconv.Atoi(getenv(v.name))
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("handler: %s is %q: want a positive whole number", v.name, getenv(v.name)))
		}
		*v.dst = n
	}
	c.Budget = time.Duration(budget) * time.Second
	if h := getenv(hookspec.EnvHeader); h != "" {
		name, value, _ := strings.Cut(h, ":")
		c.HeaderName, c.HeaderValue = strings.TrimSpace(name), strings.TrimSpace(value)
	}
	return c, errors.Join(errs...)
}

// Event is what CodeDeploy sends a lifecycle hook.
type Event struct {
	DeploymentID                  string `json:"DeploymentId"`
	LifecycleEventHookExecutionID string `json:"LifecycleEventHookExecutionId"`
}

// Reporter sends a hook's status to CodeDeploy
// (PutLifecycleEventHookExecutionStatus).
type Reporter interface {
	Report(ctx context.Context, e Event, succeeded bool) error
}

// reportTimeout is how long the report may take, after the probe.
const reportTimeout = 20 * time.Second

// Handle runs one hook invocation: Probe, then exactly one report, sent
// with a context of its own so that a probe that ran out of time still
// reports. Before the report, it writes its verdict to log as one line
// (hookspec.Verdict.Line: the deployment id, the hook execution id, the
// status and the reason), where the release command finds the reason
// CodeDeploy does not carry. It returns the report's error.
func Handle(ctx context.Context, e Event, c Check, client *http.Client, r Reporter, log io.Writer) error {
	if e.DeploymentID == "" || e.LifecycleEventHookExecutionID == "" {
		return fmt.Errorf("handler: the event %+v lacks DeploymentId or LifecycleEventHookExecutionId: is CodeDeploy invoking the function?", e)
	}
	probeCtx := ctx
	if deadline, ok := ctx.Deadline(); ok { // keep time to report
		var cancel context.CancelFunc
		probeCtx, cancel = context.WithDeadline(ctx, deadline.Add(-reportTimeout))
		defer cancel()
	}
	res := Probe(probeCtx, client, c)
	out := hookspec.Verdict{
		DeploymentID: e.DeploymentID, LifecycleEventHookExecutionID: e.LifecycleEventHookExecutionID,
		Status: hookspec.Failed, Reason: res.Reason, Probes: res.Probes,
	}
	if res.Succeeded {
		out.Status = hookspec.Succeeded
	}
	_, _ = log.Write(out.Line())
	reportCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reportTimeout)
	defer cancel()
	if err := r.Report(reportCtx, e, res.Succeeded); err != nil {
		return fmt.Errorf("handler: report %s to CodeDeploy: %w", out.Status, err)
	}
	return nil
}
