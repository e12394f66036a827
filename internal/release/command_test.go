package release

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// cliRollbackID is the rollback deployment the fake's failing plans start.
const cliRollbackID = "d-ROLLBACK1"

// cli is a fake AWS holding the dev stack (service on revision 1, revision
// 2 registered) and an outputs file for revision 2.
type cli struct {
	fake    *fakeaws.Server
	outputs string
	signals chan os.Signal
	stdout  *fakeaws.Buffer
	stderr  *fakeaws.Buffer
}

func newCLI(t *testing.T, readyWait bool) *cli {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_REGION", "eu-west-1") // the outputs' region wins
	fake := fakeaws.New(t)
	st := fakeaws.DevStack()
	st.Group.ReadyWait = readyWait
	fake.AddStack(st)
	for _, td := range []struct {
		rev   int
		image string
	}{{1, "registry.example/app:v1"}, {2, "registry.example/app:v2"}} {
		fake.AddTaskDefinition(fakeaws.TaskDefinition{
			ARN: fakeaws.DevTaskDefinitionARN(td.rev), NetworkMode: "bridge",
			Containers: []fakeaws.Container{{Name: "app", Image: td.image, Ports: [][2]int{{8080, 0}}, CPU: 256, Memory: 512}},
		})
	}

	// The real dev stack's outputs, one revision on.
	data, err := os.ReadFile("testdata/dev-outputs.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(fakeaws.DevTaskDefinitionARN(1)), []byte(fakeaws.DevTaskDefinitionARN(2)), 1)
	path := filepath.Join(t.TempDir(), "outputs.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{fake: fake, outputs: path, signals: make(chan os.Signal, 2), stdout: &fakeaws.Buffer{}, stderr: &fakeaws.Buffer{}}
}

func (c *cli) plan(p fakeaws.Plan) fakeaws.Plan {
	p.BlueTargetGroup, p.GreenTargetGroup = fakeaws.DevBlueTargetGroup, fakeaws.DevGreenTargetGroup
	return p
}

// run runs the command line against the fake.
func (c *cli) run(args ...string) int {
	args = append(args, "--endpoint-url", c.fake.URL)
	return Main(context.Background(), args, Env{
		Stdin:   strings.NewReader(""),
		Stdout:  c.stdout,
		Stderr:  c.stderr,
		Signals: c.signals,
		Clock:   fakeaws.NewClock(fakeaws.Start),
		Getenv:  func(string) string { return "" },
	})
}

func TestReleaseFromOutputsFile(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	if code := c.run("--outputs", c.outputs, "--image", "registry.example/app:v2"); code != exitOK {
		t.Fatalf("exit = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitOK, c.stdout, c.stderr)
	}
	out := c.stdout.String()
	for _, want := range []string{
		"2026-11-26T10:00:00Z created deployment d-FAKE10001: ecs-bluegreen-dev-app:1 → ecs-bluegreen-dev-app:2",
		"AllowTraffic: Succeeded",
		"traffic: #################### 100% on the replacement task set",
		"released: ecs-bluegreen-dev-app:2 serves all production traffic at http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com (deployment d-FAKE10001)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if c.stderr.String() != "" {
		t.Errorf("stderr = %q, want nothing", c.stderr)
	}
	if reqs := c.fake.RequestsFor("CreateDeployment"); len(reqs) != 1 {
		t.Errorf("CreateDeployment calls = %d, want 1", len(reqs))
	}
	// The region came from the outputs' task definition, not AWS_REGION.
	for _, r := range c.fake.Requests() {
		if r.Region != "us-east-1" {
			t.Fatalf("%s %s signed for %q, want us-east-1", r.Service, r.Action, r.Region)
		}
	}
}

func TestRegionFlagWins(t *testing.T) {
	c := newCLI(t, false)
	c.fake.AddDeployment(&fakeaws.Deployment{ID: "d-DONE1", Application: fakeaws.DevApplication, Group: fakeaws.DevGroup, Steps: []fakeaws.Step{{Status: "Succeeded"}}})
	if code := c.run("watch", "d-DONE1", "--region", "eu-central-1"); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	reqs := c.fake.Requests()
	if len(reqs) == 0 {
		t.Fatal("no requests")
	}
	for _, r := range reqs {
		if r.Region != "eu-central-1" {
			t.Errorf("%s %s signed for %q, want eu-central-1", r.Service, r.Action, r.Region)
		}
	}
}

func TestReleaseThroughEnvironmentEndpoint(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	t.Setenv("AWS_ENDPOINT_URL", c.fake.URL)
	code := Main(context.Background(), []string{"--outputs", c.outputs}, Env{
		Stdin: strings.NewReader(""), Stdout: c.stdout, Stderr: c.stderr, Signals: c.signals,
		Clock: fakeaws.NewClock(fakeaws.Start), Getenv: func(string) string { return "" },
	})
	if code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
}

func TestReleaseJSONSummary(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{FailAt: "Install", Error: fakeaws.ErrorInfo{Code: "ECS_UPDATE_ERROR", Message: "The ECS service cannot be updated due to an unexpected error"}, RollbackID: cliRollbackID})), nil)
	code := c.run("--outputs", c.outputs, "--json")
	if code != exitFailed {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitFailed, c.stdout, c.stderr)
	}
	var got Summary
	dec := json.NewDecoder(strings.NewReader(c.stdout.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("stdout is not one JSON summary: %v\n%s", err, c.stdout)
	}
	want := Summary{
		Command:                   "release",
		Outcome:                   OutcomeFailed,
		ExitCode:                  exitFailed,
		DeploymentID:              "d-FAKE10001",
		Status:                    "Failed",
		TaskDefinitionARN:         fakeaws.DevTaskDefinitionARN(2),
		PreviousTaskDefinitionARN: fakeaws.DevTaskDefinitionARN(1),
		DeploymentError:           &ErrorInfo{Code: "ECS_UPDATE_ERROR", Message: "The ECS service cannot be updated due to an unexpected error"},
		Rollback:                  &RollbackSummary{DeploymentID: cliRollbackID, Status: "Succeeded"},
		URL:                       "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com",
		TestURL:                   fakeaws.DevTestURL,
	}
	opts := cmp.Options{
		cmp.FilterPath(func(p cmp.Path) bool {
			switch p.Last().String() {
			case ".Message", ".LifecycleEvents", ".StartTime", ".EndTime", ".DurationSeconds", ".Checks":
				return true
			}
			return false
		}, cmp.Ignore()),
	}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if !strings.Contains(got.Message, "ECS_UPDATE_ERROR") || !strings.Contains(got.Message, cliRollbackID) {
		t.Errorf("Message = %q, want the reason and the rollback", got.Message)
	}
	if len(got.LifecycleEvents) != 8 || got.LifecycleEvents[1].Name != "Install" || got.LifecycleEvents[1].Status != "Failed" {
		t.Errorf("LifecycleEvents = %+v, want all eight with Install Failed", got.LifecycleEvents)
	}
	if got.DurationSeconds <= 0 {
		t.Errorf("DurationSeconds = %v, want > 0", got.DurationSeconds)
	}
	// Progress went to stderr, with AWS's reason.
	if !strings.Contains(c.stderr.String(), "error: ECS_UPDATE_ERROR: The ECS service cannot be updated") {
		t.Errorf("stderr lacks the reason:\n%s", c.stderr)
	}
}

func TestReleaseFailureExitsNonZeroWithReason(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{FailAt: "AllowTraffic", Error: fakeaws.ErrorInfo{Code: "ALARM_ACTIVE", Message: "One or more alarms have been activated"}, RollbackID: cliRollbackID})), nil)
	if code := c.run("--outputs", c.outputs); code != exitFailed {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitFailed, c.stdout, c.stderr)
	}
	want := "deployment d-FAKE10001 failed: ALARM_ACTIVE: One or more alarms have been activated; rolled back by deployment d-ROLLBACK1: the previous version serves production"
	if !strings.Contains(c.stdout.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, c.stdout)
	}
}

func TestReleaseRefusedWhileInFlight(t *testing.T) {
	c := newCLI(t, false)
	c.fake.AddDeployment(&fakeaws.Deployment{ID: "d-INFLIGHT1", Application: fakeaws.DevApplication, Group: fakeaws.DevGroup, Steps: []fakeaws.Step{{Status: "InProgress"}}})
	if code := c.run("--outputs", c.outputs); code != exitInFlight {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitInFlight, c.stdout, c.stderr)
	}
	if !strings.Contains(c.stderr.String(), "deployment d-INFLIGHT1 in flight (InProgress)") {
		t.Errorf("stderr does not name the deployment:\n%s", c.stderr)
	}
}

func TestInterruptStopsWithRollback(t *testing.T) {
	c := newCLI(t, false)
	p := c.plan(fakeaws.Plan{HoldShifting: true, RollbackID: cliRollbackID})
	c.fake.Script(fakeaws.Steps(p), fakeaws.StoppedSteps(p))
	var once sync.Once
	c.fake.OnServe = func(_ string, st fakeaws.Step) {
		if st.Hold == fakeaws.HoldStop {
			once.Do(func() { c.signals <- syscall.SIGINT })
		}
	}
	if code := c.run("--outputs", c.outputs); code != exitInterrupted {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitInterrupted, c.stdout, c.stderr)
	}
	stops := c.fake.RequestsFor("StopDeployment")
	if len(stops) != 1 {
		t.Fatalf("StopDeployment calls = %d, want 1", len(stops))
	}
	if diff := cmp.Diff(map[string]any{"deploymentId": "d-FAKE10001", "autoRollbackEnabled": true}, stops[0].Body); diff != "" {
		t.Errorf("StopDeployment body (-want +got):\n%s", diff)
	}
	out := c.stdout.String()
	for _, want := range []string{
		"stopping deployment d-FAKE10001 with rollback",
		"deployment d-ROLLBACK1: Succeeded (rollback)",
		"deployment d-FAKE10001 was stopped on interrupt: MANUAL_STOP",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

func TestSecondInterruptStopsWaiting(t *testing.T) {
	c := newCLI(t, false)
	p := c.plan(fakeaws.Plan{HoldShifting: true, RollbackID: cliRollbackID})
	// The rollback never ends.
	stopped := fakeaws.StoppedSteps(p)
	stopped[0].Spawn = []fakeaws.Step{{Status: "InProgress"}}
	c.fake.Script(fakeaws.Steps(p), stopped)
	var first, second sync.Once
	c.fake.OnServe = func(id string, st fakeaws.Step) {
		if st.Hold == fakeaws.HoldStop {
			first.Do(func() { c.signals <- syscall.SIGINT })
		}
		if id == cliRollbackID {
			second.Do(func() { c.signals <- syscall.SIGTERM })
		}
	}
	if code := c.run("--outputs", c.outputs); code != exitInterrupted {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitInterrupted, c.stdout, c.stderr)
	}
	if want := "stopped following deployment d-FAKE10001 (Stopped); it goes on: `release watch d-FAKE10001`; its rollback is deployment d-ROLLBACK1"; !strings.Contains(c.stdout.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, c.stdout)
	}
}

func TestCommandApprovalWaitThenContinue(t *testing.T) {
	c := newCLI(t, true)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{ApprovalWait: true, TerminationWait: true})), nil)
	if code := c.run("--outputs", c.outputs, "--stop-after", "AfterAllowTestTraffic"); code != exitOK {
		t.Fatalf("release exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	if want := "deployment d-FAKE10001 waits for approval; production still runs ecs-bluegreen-dev-app:1. Test the new version at " + fakeaws.DevTestURL + ", then `release continue d-FAKE10001`"; !strings.Contains(c.stdout.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, c.stdout)
	}
	if code := c.run("continue", "d-FAKE10001", "--skip-wait", "--outputs", c.outputs); code != exitOK {
		t.Fatalf("continue exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	var waits []string
	for _, r := range c.fake.RequestsFor("ContinueDeployment") {
		waits = append(waits, r.Body["deploymentWaitType"].(string))
	}
	if diff := cmp.Diff([]string{"READY_WAIT", "TERMINATION_WAIT"}, waits); diff != "" {
		t.Errorf("ContinueDeployment wait types (-want +got):\n%s", diff)
	}
	if !strings.Contains(c.stdout.String(), "released: ecs-bluegreen-dev-app:2 serves all production traffic") {
		t.Errorf("continue did not end released:\n%s", c.stdout)
	}
}

func TestRollbackCommand(t *testing.T) {
	c := newCLI(t, false)
	c.fake.AddService(fakeaws.DevCluster, fakeaws.DevService, fakeaws.DevTaskDefinitionARN(2))
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	if code := c.run("rollback", "--outputs", c.outputs); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	creates := c.fake.RequestsFor("CreateDeployment")
	if len(creates) != 1 || creates[0].Body["description"] != "roll back to "+fakeaws.DevTaskDefinitionARN(1) {
		t.Fatalf("CreateDeployment = %v, want one rolling back to revision 1", creates)
	}
	if !strings.Contains(c.stdout.String(), "rolled back: deployment d-FAKE10001 succeeded; the previous version serves production (ecs-bluegreen-dev-app:1)") {
		t.Errorf("Stdout:\n%s", c.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"unknown command":       {[]string{"deploy"}, `unknown command "deploy"`},
		"no inputs":             {[]string{"--image", "x"}, "pass --stack and --image"},
		"bad stop-after":        {[]string{"--outputs", "o.json", "--stop-after", "Validate"}, `"Validate" is not a lifecycle event`},
		"stop-after and wait":   {[]string{"--outputs", "o.json", "--stop-after", "AllowTraffic", "--skip-wait"}, "pick one"},
		"continue without id":   {[]string{"continue"}, "want one DEPLOYMENT_ID, got 0"},
		"watch with two ids":    {[]string{"watch", "d-1", "d-2"}, "got 2 arguments"},
		"unknown flag":          {[]string{"--imag", "x"}, "flag provided but not defined: -imag"},
		"interval too short":    {[]string{"watch", "d-1", "--interval", "1ms"}, "--interval 1ms is too short"},
		"rollback without what": {[]string{"rollback"}, "pass a DEPLOYMENT_ID in flight, --stack or --outputs FILE"},
		"missing outputs file":  {[]string{"--outputs", "/nonexistent/outputs.json"}, "no such file"},
		"stack and outputs":     {[]string{"rollback", "--outputs", "o.json", "--stack", "dev"}, "--stack and --outputs: pick one"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), tc.args, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Clock: &fakeaws.Clock{}, Getenv: func(string) string { return "" }})
			if code != exitUsage {
				t.Errorf("exit = %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tc.want)
			}
		})
	}
}

func TestBadOutputsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	if err := os.WriteFile(path, []byte(`{"containerPort": "8080"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"--outputs", path}, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Clock: &fakeaws.Clock{}, Getenv: func(string) string { return "" }})
	if code != exitUsage {
		t.Errorf("exit = %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"taskDefinitionArn: missing", `containerPort: "8080" is not a port number`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestCommandHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), []string{"help"}, Env{Stdout: &stdout, Stderr: &stderr, Clock: &fakeaws.Clock{}, Getenv: func(string) string { return "" }}); code != exitOK {
		t.Fatalf("exit = %d, want 0", code)
	}
	if !strings.Contains(stdout.String(), "release continue DEPLOYMENT_ID") {
		t.Errorf("help:\n%s", stdout.String())
	}
}

func TestParseArgsInterleaved(t *testing.T) {
	o, err := parseArgs([]string{"continue", "--json", "d-ABC", "--skip-wait", "--interval", "2s"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := options{command: "continue", deploymentID: "d-ABC", dir: ".", interval: 2 * time.Second, jsonSummary: true, skipWait: true, output: outputAuto}
	if diff := cmp.Diff(want, o, cmp.AllowUnexported(options{})); diff != "" {
		t.Errorf("parseArgs (-want +got):\n%s", diff)
	}
}

func TestExitCode(t *testing.T) {
	for name, tc := range map[string]struct {
		res  Result
		err  error
		want int
	}{
		"released":            {Result{Outcome: OutcomeReleased}, nil, exitOK},
		"waiting":             {Result{Outcome: OutcomeWaiting}, nil, exitOK},
		"traffic shifted":     {Result{Outcome: OutcomeTrafficShifted}, nil, exitOK},
		"rolled back":         {Result{Outcome: OutcomeRolledBack}, nil, exitOK},
		"unchanged":           {Result{Outcome: OutcomeUnchanged}, nil, exitOK},
		"failed":              {Result{Outcome: OutcomeFailed}, nil, exitFailed},
		"stopped by another":  {Result{Outcome: OutcomeStopped}, nil, exitFailed},
		"stopped on ctrl-c":   {Result{Outcome: OutcomeStopped, Interrupted: true}, nil, exitInterrupted},
		"released despite":    {Result{Outcome: OutcomeReleased, Interrupted: true}, nil, exitOK},
		"abandoned":           {Result{Outcome: OutcomeAbandoned}, nil, exitInterrupted},
		"usage":               {Result{}, usagef("bad"), exitUsage},
		"invalid":             {Result{}, &InvalidError{Err: errors.New("x")}, exitUsage},
		"in flight":           {Result{}, &InFlightError{DeploymentID: "d-1"}, exitInFlight},
		"aws error":           {Result{}, errors.New("codedeploy: throttled"), exitError},
		"error after ctrl-c":  {Result{Interrupted: true}, errors.New("codedeploy: gone"), exitInterrupted},
		"wrapped in flight":   {Result{}, errors.Join(&InFlightError{}), exitInFlight},
		"wrapped invalid one": {Result{}, errors.Join(errors.New("a"), &InvalidError{Err: errors.New("b")}), exitUsage},
	} {
		t.Run(name, func(t *testing.T) {
			if got := exitCode(tc.res, tc.err); got != tc.want {
				t.Errorf("exitCode(%v, %v) = %d, want %d", tc.res.Outcome, tc.err, got, tc.want)
			}
		})
	}
}
