package release_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

const (
	account   = "123456789012"
	family    = "ecs-bluegreen-dev-app"
	cluster   = "cluster-da68bf3"
	service   = "app-7d10434"
	app       = "app-7d10434"
	group     = "app"
	blueTG    = "blue-e3a2302"
	greenTG   = "green-f0ea8ad"
	greenARN  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green-f0ea8ad/73e2d6bc24d8a067"
	blueARN   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue-e3a2302/1d0e9a2d5c7e4f10"
	testURL   = "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com:8080"
	prodURL   = "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com"
	capacity  = "cluster-cp-4beec67"
	imageV1   = "registry.example/app:v1"
	imageV2   = "registry.example/app:v2"
	interval  = 5 * time.Second
	rollbackD = "d-ROLLBACK1"
)

func tdARN(rev string) string {
	return "arn:aws:ecs:us-east-1:" + account + ":task-definition/" + family + ":" + rev
}

// env is a fake AWS with the dev stack's service on revision 1, revision 2
// registered, and a Releaser pointed at it.
type env struct {
	fake    *fakeaws.Server
	r       *release.Releaser
	out     *fakeaws.Buffer
	outputs release.Outputs
}

type envOptions struct {
	readyWait bool
}

func newEnv(t *testing.T, opts envOptions) *env {
	t.Helper()
	fake := fakeaws.New(t)
	fake.AddGroup(fakeaws.Group{Application: app, Name: group, Cluster: cluster, Service: service, ReadyWait: opts.readyWait, TerminationWaitMinutes: 5})
	fake.AddService(cluster, service, tdARN("1"))
	for _, td := range []struct{ rev, image string }{{"1", imageV1}, {"2", imageV2}} {
		fake.AddTaskDefinition(fakeaws.TaskDefinition{
			ARN: tdARN(td.rev), NetworkMode: "bridge",
			Containers: []fakeaws.Container{{Name: "app", Image: td.image, Ports: [][2]int{{8080, 0}}}},
		})
	}
	fake.AddTargetGroup(greenTG, greenARN)
	fake.AddTargetGroup(blueTG, blueARN)

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
		fake: fake,
		out:  out,
		r: &release.Releaser{
			Clients:  clients,
			Clock:    clock,
			Interval: interval,
			Reporter: release.NewLineReporter(out, clock),
		},
		outputs: release.Outputs{
			TaskDefinitionARN:    tdARN("2"),
			ContainerName:        "app",
			ContainerPort:        8080,
			CapacityProviderName: capacity,
			ClusterName:          cluster,
			ServiceName:          service,
			ApplicationName:      app,
			DeploymentGroupName:  group,
			BlueTargetGroupName:  blueTG,
			GreenTargetGroupName: greenTG,
			URL:                  prodURL,
			TestURL:              testURL,
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
