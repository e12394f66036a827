package release_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
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
		elapsed, n := startToCreate(b, newEnv(b, envOptions{}), awsRoundTrip)
		total += elapsed
		calls = n
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-create")
	b.ReportMetric(float64(calls), "calls")
}

// A release reads what its checks need concurrently: with every answer
// taking the same time, CreateDeployment goes out after as many rounds of
// calls as the longest chain of reads that wait for each other (the
// capacity provider, its Auto Scaling group, the launch template, the
// instance type), not one round per call. The fake's answers are delayed
// in a testing/synctest bubble, where time is virtual and only moves when
// every goroutine waits: the count of rounds is exact, on any machine.
func TestReleaseReadsConcurrently(t *testing.T) {
	const wantRounds = 4
	e := newEnv(t, envOptions{})
	inBubble(t, e, func(t *testing.T) {
		elapsed, calls := startToCreate(t, e, awsRoundTrip)
		t.Logf("CreateDeployment after %s, %d calls", elapsed, calls)
		if rounds := elapsed / awsRoundTrip; rounds > wantRounds || elapsed%awsRoundTrip != 0 {
			t.Errorf("CreateDeployment after %s: %d rounds of %d calls; want at most %d rounds of %s", elapsed, rounds, calls, wantRounds, awsRoundTrip)
		}
	})
}

// Reads run at once, but a command judges their answers in a fixed order:
// of two failed reads, the error is the one of the read judged first, also
// when the other fails first.
func TestReadErrorsInTheChecksOrder(t *testing.T) {
	for name, tc := range map[string]struct {
		verify       bool
		first, later string // the action judged first fails later
		want         string
	}{
		"release: the group before the service":            {first: "GetDeploymentGroup", later: "DescribeServices", want: "codedeploy: reading deployment group"},
		"verify: the cluster before the capacity provider": {verify: true, first: "DescribeClusters", later: "DescribeCapacityProviders", want: "ecs: describing cluster"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			e.fake.Fail(tc.first, 1, "AccessDeniedException", "not this one's business")
			e.fake.Fail(tc.later, 1, "AccessDeniedException", "not this one's business")
			inBubble(t, e, func(t *testing.T) {
				e.fake.OnRequest = func(r fakeaws.Request) {
					if r.Action == tc.first {
						time.Sleep(time.Second) // answers after the other read failed
					}
				}
				var err error
				if tc.verify {
					_, err = e.r.Verify(context.Background(), e.outputs)
				} else {
					_, err = e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
				}
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error = %v, want %q (%s answered last)", err, tc.want, tc.first)
				}
			})
		})
	}
}

// Cancelling the context ends a release's reads at once, whatever is
// still unanswered: the error says so, and nothing is deployed.
func TestReleaseCancelledWhileReading(t *testing.T) {
	e := newEnv(t, envOptions{})
	inBubble(t, e, func(t *testing.T) {
		e.fake.Delay = time.Minute
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := e.r.Release(ctx, release.Request{Outputs: e.outputs}, nil)
		if !errors.Is(err, context.Canceled) || time.Since(start) != time.Second {
			t.Errorf("Release returned %v after %s; want context.Canceled after 1s", err, time.Since(start))
		}
		if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
			t.Errorf("CreateDeployment sent %d times, want none", n)
		}
	})
}

// inBubble runs f in a testing/synctest bubble, with e's Releaser calling
// e's fake over an in-memory network. e is made outside the bubble: its
// TCP listener is not the bubble's.
func inBubble(t *testing.T, e *env, f func(t *testing.T)) {
	t.Setenv("AWS_CA_BUNDLE", "") // the SDK refuses a CA bundle for a plain *http.Client
	synctest.Test(t, func(t *testing.T) {
		pn := newPipeNetwork(e.fake.Handler())
		defer pn.close()
		e.r.Clients = pn.clients(t)
		f(t)
	})
}

// startToCreate releases the dev stack, with its validation hook, against
// e's fake with answers that take delay, and returns the time from
// Release's start until the fake received CreateDeployment and the number
// of calls before it. It stops following the deployment once it is
// created.
func startToCreate(tb testing.TB, e *env, delay time.Duration) (time.Duration, int) {
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

// pipeNetwork serves a handler over in-memory connections (net.Pipe): in
// a testing/synctest bubble, a goroutine waiting on one is durably
// blocked, as it is not on a socket.
type pipeNetwork struct {
	conns     chan net.Conn
	done      chan struct{}
	once      sync.Once
	server    *http.Server
	transport *http.Transport
}

func newPipeNetwork(h http.Handler) *pipeNetwork {
	pn := &pipeNetwork{conns: make(chan net.Conn), done: make(chan struct{}), server: &http.Server{Handler: h}}
	pn.transport = &http.Transport{DialContext: pn.dial}
	go func() { _ = pn.server.Serve(pn) }()
	return pn
}

// clients are AWS clients that call the handler over the pipe network.
func (pn *pipeNetwork) clients(tb testing.TB) *release.Clients {
	c, err := release.NewClients(context.Background(), release.AWSOptions{
		Region:      "us-east-1",
		EndpointURL: "http://fakeaws.invalid",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKE", "secret", ""),
		MaxAttempts: 1,
		HTTPClient:  &http.Client{Transport: pn.transport},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func (pn *pipeNetwork) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case pn.conns <- server:
		return client, nil
	case <-pn.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Accept, Close and Addr make the network the server's listener.
func (pn *pipeNetwork) Accept() (net.Conn, error) {
	select {
	case c := <-pn.conns:
		return c, nil
	case <-pn.done:
		return nil, net.ErrClosed
	}
}

func (pn *pipeNetwork) Close() error {
	pn.once.Do(func() { close(pn.done) })
	return nil
}

func (pn *pipeNetwork) Addr() net.Addr { return pipeAddr{} }

// close waits for the requests still being answered, then ends the
// connections and the server, so that the bubble ends.
func (pn *pipeNetwork) close() {
	pn.transport.CloseIdleConnections()
	_ = pn.server.Shutdown(context.Background())
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
