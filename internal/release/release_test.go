package release_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// wantAppSpec is the AppSpec a release of revision 2 sends, byte for byte.
const wantAppSpec = `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{` +
	`"TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:2",` +
	`"LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},` +
	`"CapacityProviderStrategy":[{"CapacityProvider":"cluster-cp-4beec67","Weight":1,"Base":0}]}}}]}`

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestReleaseSucceeds(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, Image: imageV2}, nil)
	if err != nil {
		t.Fatalf("Release: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeReleased {
		t.Fatalf("Outcome = %s, want %s\n%s", res.Outcome, release.OutcomeReleased, e.out)
	}
	if res.Deployment == nil || res.Deployment.Status != "Succeeded" || res.Rollback != nil {
		t.Errorf("Deployment = %+v, Rollback = %+v; want Succeeded, no rollback", res.Deployment, res.Rollback)
	}
	if res.PreviousTaskDefinitionARN != tdARN("1") || res.TaskDefinitionARN != tdARN("2") {
		t.Errorf("task definitions = %s → %s, want %s → %s", res.PreviousTaskDefinitionARN, res.TaskDefinitionARN, tdARN("1"), tdARN("2"))
	}

	// Checks come before the deployment, read concurrently, each once: the
	// group, the task definition, the service, production's task
	// definition, the group's timing, verify's reads, the in-flight check;
	// then the deployment and one poll per interval.
	got := actions(e.fake.Requests())
	create := slices.Index(got, "CreateDeployment")
	wantBefore := []string{"GetDeploymentGroup", "DescribeTaskDefinition", "DescribeServices", "DescribeTaskDefinition", "GetDeploymentConfig",
		"DescribeTargetGroups", "DescribeTargetGroups", "DescribeListeners", "DescribeListeners", "DescribeLoadBalancers", "DescribeClusters", "DescribeCapacityProviders",
		"DescribeAutoScalingGroups", "DescribeLaunchTemplateVersions", "DescribeSecurityGroups", "DescribeInstanceTypes", "ListDeployments"}
	if create < 0 || got[create+1] != "GetDeployment" {
		t.Fatalf("calls = %v, want CreateDeployment, GetDeployment", got)
	}
	before := slices.Sorted(slices.Values(got[:create]))
	if diff := cmp.Diff(slices.Sorted(slices.Values(wantBefore)), before); diff != "" {
		t.Errorf("calls before CreateDeployment (-want +got):\n%s", diff)
	}

	creates := e.fake.RequestsFor("CreateDeployment")
	if len(creates) != 1 {
		t.Fatalf("CreateDeployment calls = %d, want 1", len(creates))
	}
	wantBody := map[string]any{
		"applicationName":     app,
		"deploymentGroupName": group,
		"description":         "release " + tdARN("2"),
		"revision": map[string]any{
			"revisionType":   "AppSpecContent",
			"appSpecContent": map[string]any{"content": wantAppSpec, "sha256": sha(wantAppSpec)},
		},
	}
	if diff := cmp.Diff(wantBody, creates[0].Body); diff != "" {
		t.Errorf("CreateDeployment body (-want +got):\n%s", diff)
	}

	// The AppSpec, field by field, as CodeDeploy reads it.
	dec := json.NewDecoder(strings.NewReader(wantAppSpec))
	dec.UseNumber()
	var spec map[string]any
	if err := dec.Decode(&spec); err != nil {
		t.Fatal(err)
	}
	wantSpec := map[string]any{
		"version": json.Number("0.0"),
		"Resources": []any{map[string]any{"TargetService": map[string]any{
			"Type": "AWS::ECS::Service",
			"Properties": map[string]any{
				"TaskDefinition":           tdARN("2"),
				"LoadBalancerInfo":         map[string]any{"ContainerName": "app", "ContainerPort": json.Number("8080")},
				"CapacityProviderStrategy": []any{map[string]any{"CapacityProvider": capacity, "Weight": json.Number("1"), "Base": json.Number("0")}},
			},
		}}},
	}
	if diff := cmp.Diff(wantSpec, spec); diff != "" {
		t.Errorf("AppSpec (-want +got):\n%s", diff)
	}

	inFlight := e.fake.RequestsFor("ListDeployments")[0].Body
	wantList := map[string]any{
		"applicationName":     app,
		"deploymentGroupName": group,
		"includeOnlyStatuses": []any{"Created", "Queued", "InProgress", "Baking", "Ready"},
	}
	if diff := cmp.Diff(wantList, inFlight); diff != "" {
		t.Errorf("ListDeployments body (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"taskDefinition": tdARN("2")}, e.fake.RequestsFor("DescribeTaskDefinition")[0].Body); diff != "" {
		t.Errorf("DescribeTaskDefinition body (-want +got):\n%s", diff)
	}
	id := res.Deployment.DeploymentID
	for _, r := range e.fake.RequestsFor("GetDeploymentTarget") {
		if diff := cmp.Diff(map[string]any{"deploymentId": id, "targetId": cluster + ":" + service}, r.Body); diff != "" {
			t.Fatalf("GetDeploymentTarget body (-want +got):\n%s", diff)
		}
	}
	var tgs []fakeaws.Request // while following
	for _, r := range e.fake.Requests()[create:] {
		if r.Action == "DescribeTargetGroups" {
			tgs = append(tgs, r)
		}
	}
	if len(tgs) != 1 || tgs[0].Form.Get("Names.member.1") != greenTG {
		t.Errorf("DescribeTargetGroups = %v, want one call for %s (the ARN is cached)", tgs, greenTG)
	}
	health := e.fake.RequestsFor("DescribeTargetHealth")
	if len(health) == 0 || health[0].Form.Get("TargetGroupArn") != greenARN {
		t.Errorf("DescribeTargetHealth = %v, want calls for %s", health, greenARN)
	}

	out := e.out.String()
	for _, want := range []string{
		"2026-11-26T10:00:00Z created deployment " + id + ": ecs-bluegreen-dev-app:1 → ecs-bluegreen-dev-app:2",
		"deployment " + id + ": Created",
		"deployment " + id + ": InProgress",
		"BeforeInstall: InProgress",
		"BeforeInstall: Succeeded (5s)",
		"task set replacement: 0/2 running, 2 pending, ACTIVE",
		"task set replacement: 2/2 running, ACTIVE",
		"targets in " + greenTG + ": 2 initial",
		"targets in " + greenTG + ": 2 healthy",
		"test traffic: the new version answers at " + testURL,
		"traffic: ##------------------ 10% on the replacement task set",
		"traffic: #################### 100% on the replacement task set",
		"all production traffic is on the replacement; the original task set waits for termination",
		"deployment " + id + ": Succeeded",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Lifecycle events are reported in order.
	last := -1
	for _, ev := range release.LifecycleEvents {
		i := strings.Index(out, ev+": Succeeded")
		if i < last {
			t.Errorf("%s reported out of order:\n%s", ev, out)
		}
		last = i
	}
	if got := release.Explain(res); got != "released: ecs-bluegreen-dev-app:2 serves all production traffic at "+prodURL+" (deployment "+id+")" {
		t.Errorf("Explain() = %q", got)
	}
}

func TestReleaseFailureRollsBack(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{
		FailAt:     "AfterAllowTestTraffic",
		Error:      fakeaws.ErrorInfo{Code: "HOOK_EXECUTION_FAILURE", Message: "The hook smoke-test returned Failed"},
		RollbackID: rollbackD,
	})), nil)

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeFailed || res.Outcome.Succeeded() {
		t.Fatalf("Outcome = %s, want %s (exit non-zero)\n%s", res.Outcome, release.OutcomeFailed, e.out)
	}
	wantErr := &release.ErrorInfo{Code: "HOOK_EXECUTION_FAILURE", Message: "The hook smoke-test returned Failed"}
	if diff := cmp.Diff(wantErr, res.Deployment.Error); diff != "" {
		t.Errorf("Deployment.Error (-want +got):\n%s", diff)
	}
	if res.Rollback == nil || res.Rollback.DeploymentID != rollbackD || res.Rollback.Status != "Succeeded" {
		t.Fatalf("Rollback = %+v, want %s Succeeded (followed to its end)", res.Rollback, rollbackD)
	}
	id := res.Deployment.DeploymentID
	want := "deployment " + id + " failed: HOOK_EXECUTION_FAILURE: The hook smoke-test returned Failed; rolled back by deployment " + rollbackD + ": the previous version serves production"
	if got := release.Explain(res); got != want {
		t.Errorf("Explain() =\n%s\nwant\n%s", got, want)
	}
	out := e.out.String()
	for _, want := range []string{
		"AfterAllowTestTraffic: Failed",
		"error: HOOK_EXECUTION_FAILURE: The hook smoke-test returned Failed",
		"rolled back by deployment " + rollbackD,
		"following rollback deployment " + rollbackD,
		"deployment " + rollbackD + ": InProgress (rollback)",
		"deployment " + rollbackD + ": Succeeded (rollback)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 0 {
		t.Errorf("StopDeployment calls = %d, want 0: CodeDeploy rolls back by itself", n)
	}
}

func TestReleaseRefusesWhileInFlight(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-INFLIGHT1", Application: app, Group: group, Steps: []fakeaws.Step{{Status: "Ready"}}})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)

	_, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	var inflight *release.InFlightError
	if !errors.As(err, &inflight) {
		t.Fatalf("Release error = %v, want an *InFlightError", err)
	}
	if inflight.DeploymentID != "d-INFLIGHT1" || inflight.Status != "Ready" || inflight.Group != group {
		t.Errorf("InFlightError = %+v, want d-INFLIGHT1 Ready in %s", inflight, group)
	}
	if !strings.Contains(err.Error(), "d-INFLIGHT1 in flight (Ready)") {
		t.Errorf("error %q does not name the deployment and its status", err)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
}

func TestReleaseInterruptedStopsWithRollback(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{HoldShifting: true, RollbackID: rollbackD})
	e.fake.Script(fakeaws.Steps(p), fakeaws.StoppedSteps(p))
	stop := make(chan struct{})
	var once sync.Once
	e.fake.OnServe = func(_ string, st fakeaws.Step) {
		if st.Hold == fakeaws.HoldStop { // traffic is shifting: Ctrl-C
			once.Do(func() { close(stop) })
		}
	}

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, stop)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeStopped || !res.Interrupted {
		t.Fatalf("Outcome = %s, Interrupted = %v; want %s, true\n%s", res.Outcome, res.Interrupted, release.OutcomeStopped, e.out)
	}
	stops := e.fake.RequestsFor("StopDeployment")
	if len(stops) != 1 {
		t.Fatalf("StopDeployment calls = %d, want 1", len(stops))
	}
	id := res.Deployment.DeploymentID
	if diff := cmp.Diff(map[string]any{"deploymentId": id, "autoRollbackEnabled": true}, stops[0].Body); diff != "" {
		t.Errorf("StopDeployment body (-want +got):\n%s", diff)
	}
	if res.Rollback == nil || res.Rollback.Status != "Succeeded" {
		t.Errorf("Rollback = %+v, want %s followed to Succeeded", res.Rollback, rollbackD)
	}
	out := e.out.String()
	for _, want := range []string{
		"traffic: ##------------------ 10% on the replacement task set",
		"stopping deployment " + id + " with rollback",
		"deployment " + id + ": Stopped",
		"error: MANUAL_STOP: The deployment was stopped by the user.",
		"deployment " + rollbackD + ": Succeeded (rollback)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := release.Explain(res); !strings.Contains(got, "was stopped on interrupt") || !strings.Contains(got, rollbackD) {
		t.Errorf("Explain() = %q, want the stop and the rollback", got)
	}
}

func TestApprovalWaitThenContinue(t *testing.T) {
	e := newEnv(t, envOptions{readyWait: true})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{ApprovalWait: true})), nil)

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, StopAfter: "AfterAllowTestTraffic"}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeWaiting || !res.Outcome.Succeeded() {
		t.Fatalf("Outcome = %s, want %s (exit 0)\n%s", res.Outcome, release.OutcomeWaiting, e.out)
	}
	id := res.Deployment.DeploymentID
	if d := e.fake.Deployment(id); d == nil || len(e.fake.RequestsFor("ContinueDeployment")) != 0 {
		t.Fatalf("the deployment must be left waiting, untouched")
	}
	if got := release.Explain(res); !strings.Contains(got, testURL) || !strings.Contains(got, "release continue "+id) {
		t.Errorf("Explain() = %q, want the test URL and the continue command", got)
	}

	res, err = e.r.Continue(context.Background(), id, nil, release.Goal{}, nil)
	if err != nil {
		t.Fatalf("Continue: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeReleased {
		t.Fatalf("Outcome after continue = %s, want %s\n%s", res.Outcome, release.OutcomeReleased, e.out)
	}
	conts := e.fake.RequestsFor("ContinueDeployment")
	if len(conts) != 1 {
		t.Fatalf("ContinueDeployment calls = %d, want 1", len(conts))
	}
	if diff := cmp.Diff(map[string]any{"deploymentId": id, "deploymentWaitType": "READY_WAIT"}, conts[0].Body); diff != "" {
		t.Errorf("ContinueDeployment body (-want +got):\n%s", diff)
	}
	// Without outputs, the group names the service to follow.
	for _, r := range e.fake.RequestsFor("GetDeploymentTarget") {
		if r.Body["targetId"] != cluster+":"+service {
			t.Fatalf("GetDeploymentTarget targetId = %v, want %s", r.Body["targetId"], cluster+":"+service)
		}
	}
}

func TestApprovalWaitHint(t *testing.T) {
	e := newEnv(t, envOptions{readyWait: true})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{ApprovalWait: true})), nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waits := 0
	e.fake.OnServe = func(_ string, st fakeaws.Step) {
		if st.Hold == fakeaws.HoldReadyWait {
			if waits++; waits == 2 {
				cancel() // nobody approves: leave
			}
		}
	}
	res, err := e.r.Release(ctx, release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeAbandoned || res.Outcome.Succeeded() {
		t.Errorf("Outcome = %s, want %s", res.Outcome, release.OutcomeAbandoned)
	}
	id := res.Deployment.DeploymentID
	if !strings.Contains(e.out.String(), "waits for approval before it moves production traffic: `release continue "+id+"`") {
		t.Errorf("no approval hint:\n%s", e.out)
	}
	if got := release.Explain(res); !strings.Contains(got, "stopped following deployment "+id+" (Ready)") {
		t.Errorf("Explain() = %q", got)
	}
}

func TestStopAfterNeedsReadyWait(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, StopAfter: "AfterAllowTestTraffic"}, nil)
	var invalid *release.InvalidError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "does not wait for approval") {
		t.Fatalf("Release error = %v, want an *InvalidError about the ready wait", err)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
}

func TestStopAfterAllowTrafficLeavesTerminationWait(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{TerminationWait: true})), nil)
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, StopAfter: "AfterAllowTraffic"}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeTrafficShifted || res.Deployment.Status != "InProgress" {
		t.Fatalf("Outcome = %s at %s, want %s while InProgress\n%s", res.Outcome, res.Deployment.Status, release.OutcomeTrafficShifted, e.out)
	}
	if n := len(e.fake.RequestsFor("ContinueDeployment")); n != 0 {
		t.Errorf("ContinueDeployment calls = %d, want 0 (the termination wait stays)", n)
	}
	if got := res.Deployment.TrafficShifted(); got != 100 {
		t.Errorf("TrafficShifted() = %v, want 100", got)
	}
}

func TestSkipWaitEndsTerminationWait(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{TerminationWait: true})), nil)
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, SkipWait: true}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeReleased {
		t.Fatalf("Outcome = %s, want %s\n%s", res.Outcome, release.OutcomeReleased, e.out)
	}
	conts := e.fake.RequestsFor("ContinueDeployment")
	if len(conts) != 1 {
		t.Fatalf("ContinueDeployment calls = %d, want 1", len(conts))
	}
	want := map[string]any{"deploymentId": res.Deployment.DeploymentID, "deploymentWaitType": "TERMINATION_WAIT"}
	if diff := cmp.Diff(want, conts[0].Body); diff != "" {
		t.Errorf("ContinueDeployment body (-want +got):\n%s", diff)
	}
}

func TestSkipWaitCommand(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{TerminationWait: true})), nil)
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, StopAfter: "AllowTraffic"}, nil)
	if err != nil || res.Outcome != release.OutcomeTrafficShifted {
		t.Fatalf("Release = %s, %v; want %s", res.Outcome, err, release.OutcomeTrafficShifted)
	}
	id := res.Deployment.DeploymentID
	res, err = e.r.SkipWait(context.Background(), id, &e.outputs, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("SkipWait = %s, %v; want %s\n%s", res.Outcome, err, release.OutcomeReleased, e.out)
	}
	conts := e.fake.RequestsFor("ContinueDeployment")
	if len(conts) != 1 || conts[0].Body["deploymentWaitType"] != "TERMINATION_WAIT" {
		t.Errorf("ContinueDeployment = %v, want one TERMINATION_WAIT", conts)
	}
}

func TestContinueRejected(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-BUSY1", Application: app, Group: group, Steps: []fakeaws.Step{{Status: "InProgress"}}})
	_, err := e.r.Continue(context.Background(), "d-BUSY1", &e.outputs, release.Goal{}, nil)
	if err == nil || !strings.Contains(err.Error(), "DeploymentIsNotInReadyStateException") {
		t.Fatalf("Continue error = %v, want AWS's DeploymentIsNotInReadyStateException", err)
	}
}

func TestReleaseRejectsInvalidTaskDefinition(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddTaskDefinition(fakeaws.TaskDefinition{
		ARN: tdARN("3"), NetworkMode: "awsvpc",
		Containers: []fakeaws.Container{{Name: "web", Image: imageV2, Ports: [][2]int{{80, 80}}}},
	})
	o := e.outputs
	o.TaskDefinitionARN = tdARN("3")
	_, err := e.r.Release(context.Background(), release.Request{Outputs: o}, nil)
	var invalid *release.InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("Release error = %v, want an *InvalidError", err)
	}
	for _, want := range []string{"network mode awsvpc", `has no container "app" (it has web)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
}

func TestReleaseRejectsStaleOutputs(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs, Image: "registry.example/app:v3"}, nil)
	if err == nil || !strings.Contains(err.Error(), "runs "+imageV2+", not the image to release registry.example/app:v3") {
		t.Fatalf("Release error = %v, want the image mismatch", err)
	}
}

func TestReleaseUnchanged(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddService(cluster, service, tdARN("2"))
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil || res.Outcome != release.OutcomeUnchanged {
		t.Fatalf("Release = %s, %v; want %s", res.Outcome, err, release.OutcomeUnchanged)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	res, err = e.r.Release(context.Background(), release.Request{Outputs: e.outputs, Force: true}, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("Release with Force = %s, %v; want %s", res.Outcome, err, release.OutcomeReleased)
	}
}

func TestRollbackStopsDeploymentInFlight(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{HoldShifting: true, RollbackID: rollbackD})
	steps := fakeaws.Steps(p)
	// CodeDeploy names the rollback a poll after the stop; the group has no
	// automatic rollback, so only the stop request says one is coming.
	stopped := fakeaws.StoppedSteps(p)
	early := stopped[0]
	early.RollbackID, early.RollbackMessage, early.Spawn = "", "", nil
	e.fake.AddDeployment(&fakeaws.Deployment{
		ID: "d-RELEASE1", Application: app, Group: group, AutoRollback: false,
		Steps: steps[len(steps)-3:], OnStop: append([]fakeaws.Step{early}, stopped...),
	})
	res, err := e.r.Rollback(context.Background(), release.RollbackRequest{Outputs: &e.outputs})
	if err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if res.Outcome != release.OutcomeRolledBack {
		t.Fatalf("Outcome = %s, want %s\n%s", res.Outcome, release.OutcomeRolledBack, e.out)
	}
	stops := e.fake.RequestsFor("StopDeployment")
	if len(stops) != 1 {
		t.Fatalf("StopDeployment calls = %d, want 1", len(stops))
	}
	if diff := cmp.Diff(map[string]any{"deploymentId": "d-RELEASE1", "autoRollbackEnabled": true}, stops[0].Body); diff != "" {
		t.Errorf("StopDeployment body (-want +got):\n%s", diff)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
	if got := release.Explain(res); !strings.Contains(got, "rolled back: deployment "+rollbackD+" succeeded") {
		t.Errorf("Explain() = %q", got)
	}
}

func TestRollbackRedeploysPreviousRevision(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddService(cluster, service, tdARN("2"))
	appspec := func(rev string) string {
		c, _, err := release.NewAppSpec(release.Target{TaskDefinitionARN: tdARN(rev), ContainerName: "app", ContainerPort: 8080, CapacityProvider: capacity}).Content()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Newest first in the list, oldest first in time: the order of the
	// answer must not matter.
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-OLD", Application: app, Group: group, AppSpec: appspec("1"), CreateTime: fakeaws.Start.Add(-48 * time.Hour), Steps: []fakeaws.Step{{Status: "Succeeded"}}})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-NEW", Application: app, Group: group, AppSpec: appspec("2"), CreateTime: fakeaws.Start.Add(-time.Hour), Steps: []fakeaws.Step{{Status: "Succeeded"}}})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)

	res, err := e.r.Rollback(context.Background(), release.RollbackRequest{Outputs: &e.outputs})
	if err != nil {
		t.Fatalf("Rollback: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeRolledBack || res.TaskDefinitionARN != tdARN("1") || res.PreviousTaskDefinitionARN != tdARN("2") {
		t.Fatalf("Rollback = %s to %s from %s; want %s to %s from %s", res.Outcome, res.TaskDefinitionARN, res.PreviousTaskDefinitionARN, release.OutcomeRolledBack, tdARN("1"), tdARN("2"))
	}
	creates := e.fake.RequestsFor("CreateDeployment")
	if len(creates) != 1 {
		t.Fatalf("CreateDeployment calls = %d, want 1", len(creates))
	}
	content := creates[0].Body["revision"].(map[string]any)["appSpecContent"].(map[string]any)["content"]
	if content != appspec("1") {
		t.Errorf("AppSpec = %v, want %s", content, appspec("1"))
	}
	hist := e.fake.RequestsFor("ListDeployments")[1].Body
	if diff := cmp.Diff([]any{"Succeeded"}, hist["includeOnlyStatuses"]); diff != "" {
		t.Errorf("history ListDeployments statuses (-want +got):\n%s", diff)
	}
}

func TestRollbackFallsBackToEarlierRevision(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddTaskDefinition(fakeaws.TaskDefinition{
		ARN: tdARN("3"), NetworkMode: "bridge",
		Containers: []fakeaws.Container{{Name: "app", Image: "registry.example/app:v3", Ports: [][2]int{{8080, 0}}}},
	})
	e.fake.AddService(cluster, service, tdARN("3"))
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	res, err := e.r.Rollback(context.Background(), release.RollbackRequest{Outputs: &e.outputs})
	if err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if res.TaskDefinitionARN != tdARN("2") || res.Outcome != release.OutcomeRolledBack {
		t.Errorf("Rollback = %s to %s, want %s to %s", res.Outcome, res.TaskDefinitionARN, release.OutcomeRolledBack, tdARN("2"))
	}
	list := e.fake.RequestsFor("ListTaskDefinitions")
	if len(list) != 1 {
		t.Fatalf("ListTaskDefinitions calls = %d, want 1", len(list))
	}
	if diff := cmp.Diff(map[string]any{"familyPrefix": family, "status": "ACTIVE", "sort": "DESC"}, list[0].Body); diff != "" {
		t.Errorf("ListTaskDefinitions body (-want +got):\n%s", diff)
	}
}

func TestRollbackNothingToRollBackTo(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := e.r.Rollback(context.Background(), release.RollbackRequest{Outputs: &e.outputs})
	var invalid *release.InvalidError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "nothing to roll back to") {
		t.Fatalf("Rollback error = %v, want nothing to roll back to", err)
	}
}

func TestWatchAbandonsOnCancel(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := plan(fakeaws.Plan{HoldShifting: true})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-WATCH1", Application: app, Group: group, Steps: fakeaws.Steps(p)})
	ctx, cancel := context.WithCancel(context.Background())
	e.fake.OnServe = func(_ string, st fakeaws.Step) {
		if st.Hold == fakeaws.HoldStop {
			cancel()
		}
	}
	res, err := e.r.Watch(ctx, "d-WATCH1", nil)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	if res.Outcome != release.OutcomeAbandoned {
		t.Errorf("Outcome = %s, want %s", res.Outcome, release.OutcomeAbandoned)
	}
	if n := len(e.fake.RequestsFor("StopDeployment")); n != 0 {
		t.Errorf("StopDeployment calls = %d, want 0: watching never stops a deployment", n)
	}
}

func TestTerminalReporterRedraws(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	var buf bytes.Buffer
	e.r.Reporter = release.NewTerminalReporter(&buf, e.r.Clock, 100)
	if _, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "\x1b[") || !strings.Contains(out, "\r\x1b[J") {
		t.Errorf("no redraw escapes in terminal output:\n%q", out)
	}
	if !strings.Contains(out, "traffic     [████████████████████████] 100% on the replacement") {
		t.Errorf("no full progress bar in terminal output:\n%s", out)
	}
	if !strings.Contains(out, "10:00:05 deployment ") {
		t.Errorf("no time of day on terminal lines:\n%s", out)
	}
	// After Close the last block stays and the final word goes below it.
	e.r.Reporter.Close()
	e.r.Reporter.Report(release.Finished{Summary: release.Summary{Message: "released"}})
	rest := strings.TrimPrefix(buf.String(), out)
	if strings.Contains(rest, "\x1b[") || !strings.HasSuffix(rest, " released\n") {
		t.Errorf("after Close: %q, want one plain line below the block", rest)
	}
}

func TestRollbackNamedLate(t *testing.T) {
	e := newEnv(t, envOptions{})
	steps := fakeaws.Steps(plan(fakeaws.Plan{FailAt: "Install", Error: fakeaws.ErrorInfo{Code: "ECS_UPDATE_ERROR", Message: "tasks failed to start"}, RollbackID: rollbackD}))
	failed := steps[len(steps)-1]
	early := failed
	early.RollbackID, early.RollbackMessage, early.Spawn = "", "", nil
	e.fake.Script(append(steps[:len(steps)-1:len(steps)-1], early, early, failed), nil)

	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Rollback == nil || res.Rollback.DeploymentID != rollbackD || res.Rollback.Status != "Succeeded" {
		t.Fatalf("Rollback = %+v, want %s followed although CodeDeploy named it two polls late\n%s", res.Rollback, rollbackD, e.out)
	}
}

func TestRollbackNeverNamed(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{FailAt: "Install", Error: fakeaws.ErrorInfo{Code: "ECS_UPDATE_ERROR", Message: "tasks failed to start"}})), nil)
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil {
		t.Fatalf("Release: %v", err)
	}
	if res.Outcome != release.OutcomeFailed || res.Rollback != nil {
		t.Fatalf("Outcome = %s, Rollback = %+v; want failed without rollback", res.Outcome, res.Rollback)
	}
	// Created, InProgress, Failed, then three more looks for the rollback
	// that CodeDeploy's automatic rollback should name.
	if got, want := len(e.fake.RequestsFor("GetDeployment")), 3+3; got != want {
		t.Errorf("GetDeployment calls = %d, want %d", got, want)
	}
	if got := release.Explain(res); !strings.HasSuffix(got, "ECS_UPDATE_ERROR: tasks failed to start; no rollback deployment") {
		t.Errorf("Explain() = %q", got)
	}
}

func TestPollFailuresTolerated(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Fail("GetDeployment", 2, "ThrottlingException", "Rate exceeded")
	e.fake.Fail("DescribeTargetHealth", 1, "Throttling", "Rate exceeded")
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("Release = %s, %v; want %s despite two failed polls\n%s", res.Outcome, err, release.OutcomeReleased, e.out)
	}
	out := e.out.String()
	if !strings.Contains(out, "AWS unreachable: GetDeployment: ThrottlingException: Rate exceeded; retrying in 1s") ||
		!strings.Contains(out, "AWS unreachable: GetDeployment: ThrottlingException: Rate exceeded (failing for 1s, since 2026-11-26T10:00:00Z); retrying in 2s") {
		t.Errorf("no retry for the failed polls:\n%s", out)
	}
	if !strings.Contains(out, "warning: elbv2: health of target group "+greenTG) {
		t.Errorf("no warning for the failed health check:\n%s", out)
	}
}

func TestPollFailuresGiveUp(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	e.fake.Fail("GetDeployment", 3, "AccessDeniedException", "not authorized to perform codedeploy:GetDeployment")
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	if err == nil || !strings.Contains(err.Error(), "not authorized to perform codedeploy:GetDeployment") {
		t.Fatalf("Release error = %v, want AWS's error after three failed polls", err)
	}
	if res.Outcome.Succeeded() {
		t.Errorf("Outcome = %s, want a failure", res.Outcome)
	}
}
