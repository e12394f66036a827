package release

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Backoff times the retries of AWS calls that failed with throttling, a 5xx
// or a connection error: the wait before the next attempt doubles from Base
// with each failure in a row, is capped at Max, and is jittered to between
// half of it and all of it, so that many clients do not retry in step.
type Backoff struct {
	// Base is the wait after the first failure, before jitter. Default:
	// DefaultBackoffBase.
	Base time.Duration
	// Max caps the wait, before jitter. Default: DefaultBackoffMax.
	Max time.Duration
	// Rand returns a number in [0, 1) for the jitter. Default:
	// math/rand/v2's Float64.
	Rand func() float64
}

// Backoff defaults.
const (
	DefaultBackoffBase = time.Second
	DefaultBackoffMax  = 30 * time.Second
)

// Delay is the wait after failures failed attempts in a row (1 or more).
func (b Backoff) Delay(failures int) time.Duration {
	base, limit, random := b.Base, b.Max, b.Rand
	if base <= 0 {
		base = DefaultBackoffBase
	}
	if limit <= 0 {
		limit = DefaultBackoffMax
	}
	if random == nil {
		random = rand.Float64
	}
	d := base
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	return d/2 + time.Duration(random()*float64(d/2))
}

// Retryable says whether err is worth trying again: throttling, a 5xx, a
// connection error or a timeout, by the AWS SDK's own rule
// (retry.DefaultRetryables); never a cancelled context.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary
}

// shortError is err as AWS said it ("ThrottlingException: Rate exceeded"),
// or a connection error's cause, without the SDK's wrapping.
func shortError(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		if msg := api.ErrorMessage(); msg != "" {
			return api.ErrorCode() + ": " + msg
		}
		return api.ErrorCode()
	}
	var send *smithyhttp.RequestSendError
	if errors.As(err, &send) && send.Err != nil {
		return "connection error: " + send.Err.Error()
	}
	var resp *smithyhttp.ResponseError
	if errors.As(err, &resp) {
		return fmt.Sprintf("HTTP %d", resp.HTTPStatusCode())
	}
	return err.Error()
}

// outage tracks AWS calls failing in a row, for Retry and Recovered events.
type outage struct {
	since    time.Time
	failures int
}

// fail records a failed attempt at now and returns the Retry event for it,
// with delay and maxAttempts (0: until the deadline) filled in.
func (o *outage) fail(now time.Time, op string, err error, delay time.Duration, maxAttempts int) Retry {
	if o.failures == 0 {
		o.since = now
	}
	o.failures++
	return Retry{
		Operation: op, Attempt: o.failures, MaxAttempts: maxAttempts,
		Code: apiErrorCode(err), Error: shortError(err), DelaySeconds: seconds(delay),
		FailingSince: o.since, FailingSeconds: seconds(now.Sub(o.since)),
	}
}

// recover ends an outage at now: the Recovered event, if calls had failed.
func (o *outage) recover(now time.Time, op string) (Recovered, bool) {
	if o.failures == 0 {
		return Recovered{}, false
	}
	ev := Recovered{Operation: op, FailedAttempts: o.failures, FailingSince: o.since, FailingSeconds: seconds(now.Sub(o.since))}
	*o = outage{}
	return ev, true
}

// retrier retries AWS calls with backoff until a time limit.
type retrier struct {
	clock   Clock
	backoff Backoff
	rep     Reporter
}

// do calls fn until it succeeds, fails with an error that is not Retryable,
// ctx ends, or the next attempt would start after until (zero: no limit).
// Each retried failure is reported; a success after failures too.
func (r retrier) do(ctx context.Context, op string, until time.Time, fn func() error) error {
	var o outage
	for {
		err := fn()
		if err == nil {
			if ev, ok := o.recover(r.clock.Now(), op); ok {
				r.rep.Report(ev)
			}
			return nil
		}
		if !Retryable(err) {
			return err
		}
		delay := r.backoff.Delay(o.failures + 1)
		now := r.clock.Now()
		if !until.IsZero() && now.Add(delay).After(until) {
			return err
		}
		r.rep.Report(o.fail(now, op, err, delay, 0))
		select {
		case <-ctx.Done():
			return err
		case <-r.clock.After(delay):
		}
	}
}
