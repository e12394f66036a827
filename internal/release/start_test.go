package release_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

// awsRoundTrip is a typical answer time of AWS from a CI runner.
const awsRoundTrip = 100 * time.Millisecond

// BenchmarkStartToCreateDeployment times a release of the dev stack, with
// its validation hook, from the start of Release until the fake receives
// CreateDeployment, when every AWS answer takes awsRoundTrip; "calls" are
// the AWS calls before it. Run it with a fixed count, each release takes
// seconds:
//
//	go test ./internal/release -run '^$' -bench StartToCreateDeployment -benchtime 5x
func BenchmarkStartToCreateDeployment(b *testing.B) {
	var total time.Duration
	var calls int
	for b.Loop() {
		elapsed, n := startToCreate(b, awsRoundTrip)
		total += elapsed
		calls = n
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-create")
	b.ReportMetric(float64(calls), "calls")
}

// startToCreate releases the dev stack against a fake whose answers take
// delay, and returns the time from Release's start until the fake received
// CreateDeployment and the number of calls before it. It stops following
// the deployment once it is created.
func startToCreate(tb testing.TB, delay time.Duration) (time.Duration, int) {
	e := newEnv(tb, envOptions{})
	e.outputs.ValidationFunctionName = "CodeDeployHook_ecs-bluegreen-dev-validate"
	e.fake.AddFunction(e.outputs.ValidationFunctionName)
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Delay = delay
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var elapsed time.Duration
	var calls int
	start := time.Now()
	e.fake.OnRequest = func(r fakeaws.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Action == "CreateDeployment" && elapsed == 0 {
			elapsed, calls = time.Since(start), len(e.fake.Requests())
			cancel()
		}
	}
	_, err := e.r.Release(ctx, release.Request{Outputs: e.outputs, Image: imageV2}, nil)
	mu.Lock()
	defer mu.Unlock()
	if elapsed == 0 {
		tb.Fatalf("no CreateDeployment: %v\n%s", err, e.out)
	}
	return elapsed, calls
}
