package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

const arn2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2"

var target2 = Target{TaskDefinitionARN: arn2, ContainerName: "app", ContainerPort: 8080, CapacityProvider: "cluster-cp-4beec67"}

func TestNewAppSpec(t *testing.T) {
	t.Parallel()
	spec := NewAppSpec(target2)
	if spec.Version != "0.0" {
		t.Errorf("Version = %q, want 0.0", spec.Version)
	}
	if len(spec.Resources) != 1 {
		t.Fatalf("Resources = %d, want 1", len(spec.Resources))
	}
	ts := spec.Resources[0].TargetService
	if ts.Type != "AWS::ECS::Service" {
		t.Errorf("Type = %q, want AWS::ECS::Service", ts.Type)
	}
	p := ts.Properties
	if p.TaskDefinition != arn2 {
		t.Errorf("TaskDefinition = %q, want %q", p.TaskDefinition, arn2)
	}
	if p.LoadBalancerInfo != (AppSpecLoadBalancerInfo{ContainerName: "app", ContainerPort: 8080}) {
		t.Errorf("LoadBalancerInfo = %+v, want app:8080", p.LoadBalancerInfo)
	}
	want := []CapacityProviderStrategyItem{{CapacityProvider: "cluster-cp-4beec67", Weight: 1, Base: 0}}
	if diff := cmp.Diff(want, p.CapacityProviderStrategy); diff != "" {
		t.Errorf("CapacityProviderStrategy (-want +got):\n%s", diff)
	}

	content, sum, err := spec.Content()
	if err != nil {
		t.Fatal(err)
	}
	wantContent := `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"` + arn2 +
		`","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},"CapacityProviderStrategy":[{"CapacityProvider":"cluster-cp-4beec67","Weight":1,"Base":0}]}}}]}`
	if content != wantContent {
		t.Errorf("Content() =\n%s\nwant\n%s", content, wantContent)
	}
	h := sha256.Sum256([]byte(wantContent))
	if sum != hex.EncodeToString(h[:]) {
		t.Errorf("sha256 = %s, want %s", sum, hex.EncodeToString(h[:]))
	}
	if got := TaskDefinitionFromAppSpec(content); got != arn2 {
		t.Errorf("TaskDefinitionFromAppSpec(Content()) = %q, want %q", got, arn2)
	}
}

func TestParseTaskDefinitionARN(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		arn     string
		want    TaskDefinitionID
		wantErr string
	}{
		"full":         {arn: arn2, want: TaskDefinitionID{Partition: "aws", Region: "us-east-1", Account: "123456789012", Family: "ecs-bluegreen-dev-app", Revision: 2}},
		"china":        {arn: "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web:17", want: TaskDefinitionID{Partition: "aws-cn", Region: "cn-north-1", Account: "123456789012", Family: "web", Revision: 17}},
		"no revision":  {arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web", wantErr: "has no revision"},
		"bad revision": {arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:latest", wantErr: `revision "latest" is not a positive integer`},
		"zero":         {arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:0", wantErr: "not a positive integer"},
		"family only":  {arn: "web:3", wantErr: "is not a task definition ARN"},
		"service arn":  {arn: "arn:aws:ecs:us-east-1:123456789012:service/c/s", wantErr: "is not a task definition ARN"},
		"not ecs":      {arn: "arn:aws:iam::123456789012:role/x", wantErr: "is not a task definition ARN"},
		"empty":        {arn: "", wantErr: "is not a task definition ARN"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseTaskDefinitionARN(tc.arn)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseTaskDefinitionARN(%q) error = %v, want %q", tc.arn, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("ParseTaskDefinitionARN(%q) = %+v, want %+v", tc.arn, got, tc.want)
			}
		})
	}
}

func TestTargetCheck(t *testing.T) {
	t.Parallel()
	if err := target2.Check(); err != nil {
		t.Errorf("Check() = %v, want nil", err)
	}
	bad := Target{TaskDefinitionARN: "web", ContainerPort: 70000}
	err := bad.Check()
	if err == nil {
		t.Fatal("Check() = nil, want every problem")
	}
	for _, want := range []string{
		"appspec: TaskDefinition:",
		"appspec: LoadBalancerInfo.ContainerName: empty",
		"appspec: LoadBalancerInfo.ContainerPort: 70000; want 1..65535",
		"appspec: CapacityProviderStrategy: no capacity provider",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check() = %v, want it to contain %q", err, want)
		}
	}
}

func TestCheckTaskDefinition(t *testing.T) {
	t.Parallel()
	good := TaskDefinition{ARN: arn2, Status: "ACTIVE", NetworkMode: "bridge", Containers: []Container{
		{Name: "log-router", Image: "fluent-bit"},
		{Name: "app", Image: "app:v2", PortMappings: []PortMapping{{ContainerPort: 9090, HostPort: 0}, {ContainerPort: 8080, HostPort: 0}}},
	}}
	for name, tc := range map[string]struct {
		edit  func(*TaskDefinition)
		image string
		want  []string
	}{
		"fits":                {edit: func(*TaskDefinition) {}},
		"fits the image":      {edit: func(*TaskDefinition) {}, image: "app:v2"},
		"default mode":        {edit: func(td *TaskDefinition) { td.NetworkMode = "" }},
		"other revision":      {edit: func(td *TaskDefinition) { td.ARN = strings.Replace(arn2, ":2", ":3", 1) }, want: []string{"ECS describes " + strings.Replace(arn2, ":2", ":3", 1)}},
		"inactive":            {edit: func(td *TaskDefinition) { td.Status = "INACTIVE" }, want: []string{"is INACTIVE, want ACTIVE"}},
		"awsvpc":              {edit: func(td *TaskDefinition) { td.NetworkMode = "awsvpc" }, want: []string{"network mode awsvpc, want bridge"}},
		"no container":        {edit: func(td *TaskDefinition) { td.Containers = td.Containers[:1] }, want: []string{`has no container "app" (it has log-router)`}},
		"no containers":       {edit: func(td *TaskDefinition) { td.Containers = nil }, want: []string{`has no container "app" (it has none)`}},
		"port not mapped":     {edit: func(td *TaskDefinition) { td.Containers[1].PortMappings = td.Containers[1].PortMappings[:1] }, want: []string{"maps no port 8080 (it maps 9090)"}},
		"fixed host port":     {edit: func(td *TaskDefinition) { td.Containers[1].PortMappings[1].HostPort = 8080 }, want: []string{"to host port 8080, want 0 (dynamic)"}},
		"other image":         {edit: func(*TaskDefinition) {}, image: "app:v3", want: []string{"runs app:v2, not the image to release app:v3"}},
		"several at once":     {edit: func(td *TaskDefinition) { td.Status, td.NetworkMode = "INACTIVE", "host" }, want: []string{"INACTIVE", "network mode host"}},
		"mode and no mapping": {edit: func(td *TaskDefinition) { td.NetworkMode = "awsvpc"; td.Containers[1].PortMappings = nil }, want: []string{"awsvpc", "(it maps none)"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			td := good
			td.Containers = []Container{good.Containers[0], {Name: "app", Image: "app:v2", PortMappings: append([]PortMapping(nil), good.Containers[1].PortMappings...)}}
			tc.edit(&td)
			err := CheckTaskDefinition(target2, td, tc.image)
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("CheckTaskDefinition = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckTaskDefinition = nil, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("CheckTaskDefinition = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestTaskDefinitionFromAppSpec(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ in, want string }{
		"json":          {in: `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"` + arn2 + `"}}}]}`, want: arn2},
		"yaml":          {in: "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: \"" + arn2 + "\" # pinned\n", want: arn2},
		"yaml unquoted": {in: "Resources:\n- TargetService:\n    Properties:\n      TaskDefinition: " + arn2 + "\n", want: arn2},
		"none":          {in: `{"version":0.0}`, want: ""},
		"garbage":       {in: "%%%", want: ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := TaskDefinitionFromAppSpec(tc.in); got != tc.want {
				t.Errorf("TaskDefinitionFromAppSpec = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseOutputsDevStack(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/dev-outputs.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseOutputs(data)
	if err != nil {
		t.Fatal(err)
	}
	want := Outputs{
		TaskDefinitionARN:     "arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:1",
		ContainerName:         "app",
		ContainerPort:         8080,
		CapacityProviderName:  "cluster-cp-4beec67",
		ClusterName:           "cluster-da68bf3",
		ServiceName:           "app-7d10434",
		ApplicationName:       "app-7d10434",
		DeploymentGroupName:   "app",
		BlueTargetGroupName:   "blue-e3a2302",
		GreenTargetGroupName:  "green-f0ea8ad",
		ProductionListenerARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/3395793/774f34a",
		TestListenerARN:       "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/f4f217e/dccd8d4",
		URL:                   "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com",
		TestURL:               "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com:8080",
		LoadBalancerDNSName:   "web-ca84d13-1234567890.us-east-1.elb.amazonaws.com",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseOutputs (-want +got):\n%s", diff)
	}
	if got.Region() != "us-east-1" || got.TargetID() != "cluster-da68bf3:app-7d10434" {
		t.Errorf("Region() = %q, TargetID() = %q", got.Region(), got.TargetID())
	}
}

func TestParseOutputsErrors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		in   string
		want []string
	}{
		"not json":  {in: "taskDefinitionArn: x", want: []string{"outputs: not the JSON object"}},
		"null":      {in: "null", want: []string{"got null"}},
		"empty":     {in: "{}", want: []string{"taskDefinitionArn: missing", "containerName: missing", "containerPort: missing", "capacityProviderName: missing", "clusterName: missing", "serviceName: missing", "codeDeployApplicationName: missing", "deploymentGroupName: missing"}},
		"secret":    {in: `{"taskDefinitionArn": "[secret]"}`, want: []string{"taskDefinitionArn: is a secret shown as [secret]; run `pulumi stack output --json --show-secrets`"}},
		"port text": {in: `{"containerPort": "8080"}`, want: []string{`containerPort: "8080" is not a port number`}},
		"port frac": {in: `{"containerPort": 80.5}`, want: []string{"containerPort: 80.5 is not a port number"}},
		"port high": {in: `{"containerPort": 70000}`, want: []string{"containerPort: 70000 is not a port number"}},
		"name num":  {in: `{"clusterName": 3}`, want: []string{"clusterName: 3 is a number, want a string"}},
		"blank":     {in: `{"serviceName": " "}`, want: []string{"serviceName: is empty"}},
		"url array": {in: `{"url": ["x"]}`, want: []string{"url: [x] is a array, want a string"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseOutputs([]byte(tc.in))
			if err == nil {
				t.Fatalf("ParseOutputs(%s) = nil error, want %q", tc.in, tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseOutputs(%s) = %v, want it to contain %q", tc.in, err, w)
				}
			}
		})
	}
}

func TestOutputsFromAuto(t *testing.T) {
	t.Parallel()
	m := auto.OutputMap{
		"taskDefinitionArn":         {Value: arn2},
		"containerName":             {Value: "app"},
		"containerPort":             {Value: 8080}, // an int, not a float64
		"capacityProviderName":      {Value: "cp"},
		"clusterName":               {Value: "c"},
		"serviceName":               {Value: "s"},
		"codeDeployApplicationName": {Value: "a"},
		"deploymentGroupName":       {Value: "g", Secret: true},
	}
	got, err := OutputsFromAuto(m)
	if err != nil {
		t.Fatal(err)
	}
	if got.ContainerPort != 8080 || got.DeploymentGroupName != "g" {
		t.Errorf("OutputsFromAuto = %+v", got)
	}
}

func TestCheckStopAfter(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		event     string
		readyWait bool
		want      string
	}{
		"none":                       {event: ""},
		"test traffic, ready wait":   {event: "AfterAllowTestTraffic", readyWait: true},
		"install, ready wait":        {event: "Install", readyWait: true},
		"test traffic, no wait":      {event: "AfterAllowTestTraffic", want: "does not wait for approval"},
		"before allow traffic":       {event: "BeforeAllowTraffic", readyWait: true, want: "production traffic starts to move"},
		"allow traffic, no wait":     {event: "AllowTraffic"},
		"after allow traffic":        {event: "AfterAllowTraffic"},
		"unknown":                    {event: "ApplicationStart", want: `"ApplicationStart" is not a lifecycle event of an ECS deployment; want one of BeforeInstall, Install,`},
		"wrong case is not an event": {event: "afterallowtesttraffic", readyWait: true, want: "is not a lifecycle event"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := CheckStopAfter(tc.event, tc.readyWait)
			if tc.want == "" {
				if err != nil {
					t.Errorf("CheckStopAfter(%q, %v) = %v, want nil", tc.event, tc.readyWait, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckStopAfter(%q, %v) = %v, want %q", tc.event, tc.readyWait, err, tc.want)
			}
		})
	}
}

// halfShifted is a deployment created at t0 that has moved half the
// production traffic: two tasks in each set, the replacement's targets
// healthy, the test listener at http://test.
func halfShifted(t0 time.Time) *Snapshot {
	return &Snapshot{
		DeploymentID: "d-1", Status: StatusInProgress, Created: t0,
		Events: events("BeforeInstall", EventSucceeded, "Install", EventSucceeded, "AllowTraffic", EventInProgress, "AfterAllowTraffic", EventPending),
		TaskSets: []TaskSet{
			{Label: "BLUE", Status: "PRIMARY", Running: 2, Desired: 2, TrafficWeight: 50},
			{Label: "GREEN", Status: "ACTIVE", Running: 2, Desired: 2, TrafficWeight: 50},
		},
		Targets: []TargetHealth{{State: "healthy"}, {State: "healthy"}},
		TestURL: "http://test",
	}
}

func events(kv ...string) []LifecycleEvent {
	var out []LifecycleEvent
	for i := 0; i < len(kv); i += 2 {
		out = append(out, LifecycleEvent{Name: kv[i], Status: kv[i+1]})
	}
	return out
}

func TestDecide(t *testing.T) {
	t.Parallel()
	green := func(w float64) []TaskSet { return []TaskSet{{Label: "GREEN", TrafficWeight: w}} }
	for name, tc := range map[string]struct {
		snap  Snapshot
		goal  Goal
		ended bool
		want  Decision
	}{
		"in progress":           {snap: Snapshot{Status: StatusInProgress}, want: Decision{}},
		"succeeded":             {snap: Snapshot{Status: StatusSucceeded}, want: Decision{Done: true, Outcome: OutcomeReleased}},
		"rollback succeeded":    {snap: Snapshot{Status: StatusSucceeded}, goal: Goal{Rollback: true}, want: Decision{Done: true, Outcome: OutcomeRolledBack}},
		"failed":                {snap: Snapshot{Status: StatusFailed}, want: Decision{Done: true, Outcome: OutcomeFailed}},
		"stopped":               {snap: Snapshot{Status: StatusStopped}, want: Decision{Done: true, Outcome: OutcomeStopped}},
		"failed, rolled back":   {snap: Snapshot{Status: StatusFailed, Rollback: &RollbackInfo{DeploymentID: "d-RB"}}, want: Decision{FollowRollback: "d-RB"}},
		"rollback message only": {snap: Snapshot{Status: StatusFailed, Rollback: &RollbackInfo{Message: "no rollback"}}, want: Decision{Done: true, Outcome: OutcomeFailed}},
		"stop after, reached and ready": {
			snap: Snapshot{Status: StatusReady, Events: events("AfterAllowTestTraffic", EventSucceeded)},
			goal: Goal{StopAfter: "AfterAllowTestTraffic"}, want: Decision{Done: true, Outcome: OutcomeWaiting},
		},
		"stop after, reached, not ready yet": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AfterAllowTestTraffic", EventSucceeded)},
			goal: Goal{StopAfter: "AfterAllowTestTraffic"}, want: Decision{},
		},
		"stop after, not reached": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AfterAllowTestTraffic", EventInProgress)},
			goal: Goal{StopAfter: "AfterAllowTestTraffic"}, want: Decision{},
		},
		"stop after skipped event": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AllowTraffic", EventSkipped)},
			goal: Goal{StopAfter: "AllowTraffic"}, want: Decision{Done: true, Outcome: OutcomeTrafficShifted},
		},
		"stop after allow traffic": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AllowTraffic", EventSucceeded), TaskSets: green(100)},
			goal: Goal{StopAfter: "AllowTraffic"}, want: Decision{Done: true, Outcome: OutcomeTrafficShifted},
		},
		"stop after test traffic, shift already done": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AfterAllowTestTraffic", EventSucceeded, "AllowTraffic", EventSucceeded)},
			goal: Goal{StopAfter: "AfterAllowTestTraffic"}, want: Decision{Done: true, Outcome: OutcomeTrafficShifted},
		},
		"stop after, but failed first": {
			snap: Snapshot{Status: StatusFailed, Events: events("AfterAllowTestTraffic", EventSucceeded)},
			goal: Goal{StopAfter: "AfterAllowTestTraffic"}, want: Decision{Done: true, Outcome: OutcomeFailed},
		},
		"approval wait": {
			snap: Snapshot{Status: StatusReady, Events: events("AfterAllowTestTraffic", EventSucceeded)},
			want: Decision{AwaitingApproval: true},
		},
		"ready after the shift is not approval": {
			snap: Snapshot{Status: StatusReady, TerminationWaitStarted: true},
			want: Decision{},
		},
		"skip wait once shifted": {
			snap: Snapshot{Status: StatusInProgress, TerminationWaitStarted: true},
			goal: Goal{SkipWait: true}, want: Decision{EndTerminationWait: true},
		},
		"skip wait after allow traffic": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AllowTraffic", EventSucceeded)},
			goal: Goal{SkipWait: true}, want: Decision{EndTerminationWait: true},
		},
		"skip wait sent already": {
			snap: Snapshot{Status: StatusInProgress, TerminationWaitStarted: true},
			goal: Goal{SkipWait: true}, ended: true, want: Decision{},
		},
		"skip wait, shifting": {
			snap: Snapshot{Status: StatusInProgress, Events: events("AllowTraffic", EventInProgress), TaskSets: green(40)},
			goal: Goal{SkipWait: true}, want: Decision{},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Decide(&tc.snap, tc.goal, tc.ended)
			if got != tc.want {
				t.Errorf("Decide(%s, %+v, %v) = %+v, want %+v", tc.snap.Status, tc.goal, tc.ended, got, tc.want)
			}
		})
	}
}

func TestTrafficShifted(t *testing.T) {
	t.Parallel()
	s := Snapshot{Status: StatusInProgress, TaskSets: []TaskSet{{Label: "BLUE", TrafficWeight: 60}, {Label: "GREEN", TrafficWeight: 40}}}
	if got := s.TrafficShifted(); got != 40 {
		t.Errorf("TrafficShifted() = %v, want 40 (the GREEN weight)", got)
	}
	if s.AllTrafficShifted() {
		t.Error("AllTrafficShifted() = true at 40%")
	}
	s.Status = StatusSucceeded
	s.TaskSets = nil
	if got := s.TrafficShifted(); got != 100 || !s.AllTrafficShifted() {
		t.Errorf("after success: TrafficShifted() = %v, AllTrafficShifted() = %v; want 100, true", got, s.AllTrafficShifted())
	}
}

func TestChanges(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := &Snapshot{
		DeploymentID: "d-1", Status: StatusInProgress,
		Events:   []LifecycleEvent{{Name: "BeforeInstall", Status: EventInProgress, Start: t0}, {Name: "Install", Status: EventPending}},
		TaskSets: []TaskSet{{Label: "BLUE", Status: "PRIMARY", Running: 2, Desired: 2, TrafficWeight: 100}},
	}
	targets := []TargetHealth{{ID: "i-1", State: "healthy"}, {ID: "i-2", State: "initial"}, {ID: "i-3", State: "weird"}}
	cur := &Snapshot{
		DeploymentID: "d-1", Status: StatusInProgress,
		Events: []LifecycleEvent{{Name: "BeforeInstall", Status: EventSucceeded, Start: t0, End: t0.Add(75 * time.Second)}, {Name: "Install", Status: EventInProgress}},
		TaskSets: []TaskSet{
			{Label: "BLUE", Status: "PRIMARY", Running: 2, Desired: 2, TrafficWeight: 75},
			{Label: "GREEN", Status: "ACTIVE", Running: 1, Pending: 1, Desired: 2, TrafficWeight: 25},
		},
		TargetGroup: "green-tg",
		Targets:     targets,
		TestURL:     "http://test",
		Messages:    []string{"Traffic shifting"},
	}
	want := []Event{
		StatusMessage{DeploymentID: "d-1", Message: "Traffic shifting"},
		LifecycleChanged{DeploymentID: "d-1", Event: "BeforeInstall", Status: EventSucceeded, Step: 1, Steps: 2, StartTime: t0, EndTime: t0.Add(75 * time.Second), DurationSeconds: 75},
		LifecycleChanged{DeploymentID: "d-1", Event: "Install", Status: EventInProgress, Step: 2, Steps: 2},
		TaskSetChanged{DeploymentID: "d-1", Role: "replacement", Label: "GREEN", Status: "ACTIVE", Running: 1, Pending: 1, Desired: 2, TrafficWeight: 25},
		TrafficChanged{DeploymentID: "d-1", Percent: 25},
		TargetHealthChanged{DeploymentID: "d-1", TargetGroup: "green-tg", Counts: map[string]int{"healthy": 1, "initial": 1, "weird": 1}, Targets: targets},
		TestTraffic{DeploymentID: "d-1", TestURL: "http://test"},
	}
	got := Changes(prev, cur)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Changes (-want +got):\n%s", diff)
	}
	wantLines := []string{
		"CodeDeploy: Traffic shifting",
		"BeforeInstall: Succeeded (1m15s)",
		"Install: InProgress",
		"task set replacement: 1/2 running, 1 pending, ACTIVE",
		"traffic: #####--------------- 25% on the replacement task set",
		"targets in green-tg: 1 healthy, 1 initial, 1 weird",
		"test traffic: the new version answers at http://test",
	}
	if diff := cmp.Diff(wantLines, Lines(got)); diff != "" {
		t.Errorf("Lines(Changes) (-want +got):\n%s", diff)
	}
	if got := Changes(cur, cur); len(got) != 0 {
		t.Errorf("Changes(cur, cur) = %v, want nothing", got)
	}
	first := Changes(nil, &Snapshot{DeploymentID: "d-2", Status: StatusInProgress, Creator: "autoRollback", Error: &ErrorInfo{Code: "TIMEOUT"}, Rollback: &RollbackInfo{DeploymentID: "d-3"}})
	wantFirst := []Event{
		DeploymentStatus{DeploymentID: "d-2", Status: StatusInProgress, Rollback: true},
		DeploymentError{DeploymentID: "d-2", Code: "TIMEOUT"},
		RollbackNamed{DeploymentID: "d-2", RollbackDeploymentID: "d-3"},
	}
	if diff := cmp.Diff(wantFirst, first); diff != "" {
		t.Errorf("Changes(nil, …) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"deployment d-2: InProgress (rollback)", "error: TIMEOUT", "rolled back by deployment d-3"}, Lines(first)); diff != "" {
		t.Errorf("Lines(Changes(nil, …)) (-want +got):\n%s", diff)
	}
	grouped := Changes(&Snapshot{DeploymentID: "d-4"}, &Snapshot{DeploymentID: "d-4", Events: events("BeforeInstall", EventSkipped, "Install", EventSkipped, "AllowTraffic", EventInProgress, "AfterAllowTraffic", EventPending)})
	if diff := cmp.Diff([]string{"BeforeInstall, Install: Skipped", "AllowTraffic: InProgress"}, Lines(grouped)); diff != "" {
		t.Errorf("grouped lines (-want +got):\n%s", diff)
	}
}

func TestBlock(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := halfShifted(t0)
	want := []string{
		"deployment d-1  InProgress  1m02s",
		"  traffic     [████████████░░░░░░░░░░░░]  50% on the replacement",
		"  step        3/4 AllowTraffic InProgress",
		"  replacement 2/2 running, ACTIVE; targets 2 healthy",
		"  original    2/2 running, PRIMARY",
		"  test        http://test",
	}
	if diff := cmp.Diff(want, Block(s, t0.Add(62*time.Second))); diff != "" {
		t.Errorf("Block (-want +got):\n%s", diff)
	}
}

func TestBar(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pct  float64
		want string
	}{{0, "----------"}, {4, "----------"}, {5, "#---------"}, {50, "#####-----"}, {100, "##########"}, {150, "##########"}, {-3, "----------"}} {
		if got := Bar(tc.pct, 10, '#', '-'); got != tc.want {
			t.Errorf("Bar(%v) = %q, want %q", tc.pct, got, tc.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0: "0s", 1400 * time.Millisecond: "1s", 59 * time.Second: "59s", 61 * time.Second: "1m01s",
		3*time.Minute + 7*time.Second: "3m07s", 62 * time.Minute: "1h02m",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestPreviousFromHistory(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := func(rev string) string { return strings.Replace(arn2, ":2", ":"+rev, 1) }
	for name, tc := range map[string]struct {
		history []Deployed
		current string
		want    string
	}{
		"empty":            {current: a("3")},
		"only current":     {history: []Deployed{{t0, a("3")}}, current: a("3")},
		"newest other":     {history: []Deployed{{t0, a("1")}, {t0.Add(time.Hour), a("2")}, {t0.Add(2 * time.Hour), a("3")}}, current: a("3"), want: a("2")},
		"unsorted answer":  {history: []Deployed{{t0.Add(2 * time.Hour), a("3")}, {t0, a("1")}, {t0.Add(time.Hour), a("2")}}, current: a("3"), want: a("2")},
		"after a rollback": {history: []Deployed{{t0, a("1")}, {t0.Add(time.Hour), a("2")}, {t0.Add(2 * time.Hour), a("1")}}, current: a("1"), want: a("2")},
		"no appspec":       {history: []Deployed{{t0.Add(time.Hour), ""}, {t0, a("1")}}, current: a("3"), want: a("1")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := PreviousFromHistory(tc.history, tc.current); got != tc.want {
				t.Errorf("PreviousFromHistory = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEarlierRevision(t *testing.T) {
	t.Parallel()
	a := func(fam, rev string) string { return "arn:aws:ecs:us-east-1:1:task-definition/" + fam + ":" + rev }
	arns := []string{a("web", "7"), a("web", "5"), a("web", "2"), a("web-canary", "6"), "nonsense"}
	for cur, want := range map[string]string{
		a("web", "7"): a("web", "5"),
		a("web", "6"): a("web", "5"),
		a("web", "5"): a("web", "2"),
		a("web", "2"): "",
		"bad":         "",
	} {
		if got := EarlierRevision(arns, cur); got != want {
			t.Errorf("EarlierRevision(%s) = %q, want %q", cur, got, want)
		}
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		res  Result
		want string
	}{
		"unchanged":                    {Result{Outcome: OutcomeUnchanged, TaskDefinitionARN: arn2}, "nothing to release: the service already runs ecs-bluegreen-dev-app:2 (--force deploys it again)"},
		"interrupted before deploying": {Result{Outcome: OutcomeAbandoned, Interrupted: true}, "interrupted before a CodeDeploy deployment was created: the service still runs what it ran"},
		"traffic shifted": {
			Result{Outcome: OutcomeTrafficShifted, TaskDefinitionARN: arn2, Deployment: &Snapshot{DeploymentID: "d-1"}},
			"all production traffic is on ecs-bluegreen-dev-app:2; deployment d-1 keeps the original task set for its termination wait (end it: `release skip-wait d-1`; undo instantly: `release rollback d-1`)",
		},
		"failed, no rollback": {
			Result{Outcome: OutcomeFailed, Deployment: &Snapshot{DeploymentID: "d-1", Status: StatusFailed, Error: &ErrorInfo{Code: "TIMEOUT", Message: "timed out"}}},
			"deployment d-1 failed: TIMEOUT: timed out; no rollback deployment",
		},
		"rollback failed too": {
			Result{Outcome: OutcomeFailed, Deployment: &Snapshot{DeploymentID: "d-1", Status: StatusFailed}, Rollback: &Snapshot{DeploymentID: "d-2", Status: StatusFailed, Error: &ErrorInfo{Message: "capacity"}}},
			"deployment d-1 failed; rollback deployment d-2 Failed: capacity",
		},
		"stopped by someone": {
			Result{Outcome: OutcomeStopped, Deployment: &Snapshot{DeploymentID: "d-1", Status: StatusStopped, Rollback: &RollbackInfo{DeploymentID: "d-2"}}},
			"deployment d-1 was stopped; rolled back by deployment d-2",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Explain(tc.res); got != tc.want {
				t.Errorf("Explain() =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestSummaryJSON(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res := Result{
		Outcome: OutcomeFailed, Started: t0, Ended: t0.Add(90 * time.Second), TaskDefinitionARN: arn2,
		Deployment: &Snapshot{DeploymentID: "d-1", Status: StatusFailed, Error: &ErrorInfo{Code: "ALARM_ACTIVE", Message: "alarm"}, TaskSets: []TaskSet{{Label: "GREEN", TrafficWeight: 10}}},
		Rollback:   &Snapshot{DeploymentID: "d-2", Status: StatusSucceeded},
	}
	b, err := json.Marshal(res.Summary("release", 1, nil))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"command": "release", "outcome": "failed", "exitCode": 1.0,
		"message":      "deployment d-1 failed: ALARM_ACTIVE: alarm; rolled back by deployment d-2: the previous version serves production",
		"deploymentId": "d-1", "status": "Failed", "taskDefinitionArn": arn2,
		"deploymentError":       map[string]any{"code": "ALARM_ACTIVE", "message": "alarm"},
		"rollback":              map[string]any{"deploymentId": "d-2", "status": "Succeeded"},
		"trafficShiftedPercent": 0.0,
		"startTime":             "2026-01-01T00:00:00Z", "endTime": "2026-01-01T00:01:30Z", "durationSeconds": 90.0,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary JSON (-want +got):\n%s", diff)
	}
	errSummary := Result{}.Summary("rollback", 4, &InFlightError{Group: "g", DeploymentID: "d-9", Status: "Ready"})
	if errSummary.Outcome != OutcomeError || !strings.Contains(errSummary.Error, "d-9") || errSummary.Message != errSummary.Error {
		t.Errorf("error summary = %+v", errSummary)
	}
}
