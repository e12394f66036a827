package release_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

const (
	account   = fakeaws.DevAccount
	family    = fakeaws.DevFamily
	cluster   = fakeaws.DevCluster
	service   = fakeaws.DevService
	app       = fakeaws.DevApplication
	group     = fakeaws.DevGroup
	blueTG    = fakeaws.DevBlueTargetGroup
	greenTG   = fakeaws.DevGreenTargetGroup
	greenARN  = fakeaws.DevGreenTargetGroupARN
	blueARN   = fakeaws.DevBlueTargetGroupARN
	testURL   = fakeaws.DevTestURL
	prodURL   = fakeaws.DevURL
	capacity  = fakeaws.DevCapacityProvider
	imageV1   = "registry.example/app:v1"
	imageV2   = "registry.example/app:v2"
	interval  = 5 * time.Second
	rollbackD = "d-ROLLBACK1"
)

func tdARN(rev string) string {
	n, err := strconv.Atoi(rev)
	if err != nil {
		panic(err)
	}
	return fakeaws.DevTaskDefinitionARN(n)
}

// env is a fake AWS with the dev stack's service on revision 1, revision 2
// registered, and a Releaser pointed at it.
type env struct {
	fake    *fakeaws.Server
	r       *release.Releaser
	out     *fakeaws.Buffer
	outputs release.Outputs
	clock   *fakeaws.Clock
}

type envOptions struct {
	readyWait bool
	// stack edits the dev stack's wiring before it is installed.
	stack func(*fakeaws.Stack)
}

// taskDefinition is a revision of the dev stack's task definition running
// image, as `pulumi up` registers it.
func taskDefinition(rev int, image string) fakeaws.TaskDefinition {
	return fakeaws.TaskDefinition{
		ARN: fakeaws.DevTaskDefinitionARN(rev), NetworkMode: "bridge",
		Containers: []fakeaws.Container{{Name: "app", Image: image, Ports: [][2]int{{8080, 0}}, CPU: 256, Memory: 512}},
	}
}

func newEnv(t testing.TB, opts envOptions) *env {
	t.Helper()
	fake := fakeaws.New(t)
	st := fakeaws.DevStack()
	st.Group.ReadyWait = opts.readyWait
	if opts.stack != nil {
		opts.stack(&st)
	}
	fake.AddStack(st)
	fake.AddTaskDefinition(taskDefinition(1, imageV1))
	fake.AddTaskDefinition(taskDefinition(2, imageV2))

	clients, err := release.NewClients(context.Background(), release.AWSOptions{
		Region:      "us-east-1",
		EndpointURL: fake.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKE", "secret", ""),
		MaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := fakeaws.NewClock(fakeaws.Start)
	out := &fakeaws.Buffer{}
	return &env{
		fake:  fake,
		out:   out,
		clock: clock,
		r: &release.Releaser{
			Clients:  clients,
			Clock:    clock,
			Interval: interval,
			Reporter: release.NewLineReporter(out, clock),
			Backoff:  release.Backoff{Rand: func() float64 { return 0.5 }},
		},
		outputs: release.Outputs{
			TaskDefinitionARN:     tdARN("2"),
			ContainerName:         "app",
			ContainerPort:         8080,
			CapacityProviderName:  capacity,
			ClusterName:           cluster,
			ServiceName:           service,
			ApplicationName:       app,
			DeploymentGroupName:   group,
			BlueTargetGroupName:   blueTG,
			GreenTargetGroupName:  greenTG,
			ProductionListenerARN: fakeaws.DevProductionListener,
			TestListenerARN:       fakeaws.DevTestListener,
			URL:                   prodURL,
			TestURL:               testURL,
		},
	}
}

// plan is the fake's plan for the env's target groups.
func plan(p fakeaws.Plan) fakeaws.Plan {
	p.BlueTargetGroup, p.GreenTargetGroup = blueTG, greenTG
	return p
}

// actions lists the actions the fake received, in order.
func actions(reqs []fakeaws.Request) []string {
	out := make([]string, 0, len(reqs))
	for _, r := range reqs {
		out = append(out, r.Action)
	}
	return out
}

// recorder is a Reporter that keeps the events, for tests to assert on.
type recorder struct {
	release.Reporter
	events []release.Event
}

func (r *recorder) Report(events ...release.Event) {
	r.events = append(r.events, events...)
	r.Reporter.Report(events...)
}

// record makes e's Releaser keep its events as well as print them.
func (e *env) record() *recorder {
	rec := &recorder{Reporter: e.r.Reporter}
	e.r.Reporter = rec
	return rec
}

// ofType are the recorded events of type T.
func ofType[T release.Event](r *recorder) []T {
	var out []T
	for _, e := range r.events {
		if t, ok := e.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
