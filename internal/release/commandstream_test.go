package release

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// jsonLines decodes the event stream: one JSON object per line, nothing
// else.
func jsonLines(t *testing.T, stream string) []map[string]any {
	t.Helper()
	var events []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stream))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line is not a JSON object: %v\n%s", err, sc.Text())
		}
		if _, ok := m["time"].(string); !ok {
			t.Errorf("event without a time: %s", sc.Text())
		}
		events = append(events, m)
	}
	return events
}

func jsonTypes(events []map[string]any) []string {
	var out []string
	for _, e := range events {
		out = append(out, e["type"].(string))
	}
	return out
}

func jsonOfType(events []map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, e := range events {
		if e["type"] == typ {
			out = append(out, e)
		}
	}
	return out
}

// --output jsonl: one JSON object per event on stdout, from "start" to
// "result", with the documented field names.
func TestJSONLinesStream(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	if code := c.run("--outputs", c.outputs, "--output", "jsonl"); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	events := jsonLines(t, c.stdout.String())
	got := jsonTypes(events)
	if got[0] != "start" || got[len(got)-1] != "result" {
		t.Errorf("stream runs %s ... %s, want start ... result", got[0], got[len(got)-1])
	}
	for _, typ := range []string{"images", "deadline", "check", "created", "deployment", "lifecycle", "taskSet", "traffic", "targetHealth", "testTraffic", "terminationWait"} {
		if !slices.Contains(got, typ) {
			t.Errorf("no %q event in %v", typ, got)
		}
	}
	if n := len(jsonOfType(events, "check")); n != 8 {
		t.Errorf("check events = %d, want 8", n)
	}
	var percents []float64
	for _, e := range jsonOfType(events, "traffic") {
		percents = append(percents, e["replacementPercent"].(float64))
	}
	if diff := cmp.Diff([]float64{10, 100}, percents); diff != "" {
		t.Errorf("traffic replacementPercent (-want +got):\n%s", diff)
	}
	result := events[len(events)-1]
	if result["outcome"] != "released" || result["exitCode"] != 0.0 || result["deploymentId"] != "d-FAKE10001" {
		t.Errorf("result = %v", result)
	}
	created := jsonOfType(events, "created")[0]
	if diff := cmp.Diff(map[string]any{
		"time": created["time"], "type": "created", "deploymentId": "d-FAKE10001",
		"taskDefinitionArn": fakeaws.DevTaskDefinitionARN(2), "previousTaskDefinitionArn": fakeaws.DevTaskDefinitionARN(1),
	}, created); diff != "" {
		t.Errorf("created event (-want +got):\n%s", diff)
	}
	ts := jsonOfType(events, "taskSet")[0]
	for _, key := range []string{"deploymentId", "taskSet", "label", "running", "pending", "desired", "trafficWeight"} {
		if _, ok := ts[key]; !ok {
			t.Errorf("taskSet event lacks %q: %v", key, ts)
		}
	}
	if c.stderr.String() != "" {
		t.Errorf("stderr = %q, want nothing", c.stderr)
	}
}

// --events FILE writes the stream beside the human output.
func TestEventsFile(t *testing.T) {
	c := newCLI(t, false)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if code := c.run("--outputs", c.outputs, "--events", path); code != exitOK {
		t.Fatalf("exit = %d\n%s%s", code, c.stdout, c.stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	events := jsonLines(t, string(data))
	if got := jsonTypes(events); got[0] != "start" || got[len(got)-1] != "result" {
		t.Errorf("events file runs %v", got)
	}
	if !strings.Contains(c.stdout.String(), "released: ecs-bluegreen-dev-app:2 serves all production traffic") || strings.Contains(c.stdout.String(), `"type"`) {
		t.Errorf("stdout is not the plain lines:\n%s", c.stdout)
	}
}

// A deployment that never gets healthy is stopped at --timeout, its
// rollback followed, and the command exits 5.
func TestDeadlineExitStatus(t *testing.T) {
	c := newCLI(t, false)
	p := c.plan(fakeaws.Plan{RollbackID: cliRollbackID})
	steps := fakeaws.Steps(p)[:3]
	steps[2].Hold = fakeaws.HoldStop
	c.fake.Script(steps, fakeaws.StoppedSteps(p))
	if code := c.run("--outputs", c.outputs, "--timeout", "3m"); code != exitTimedOut {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitTimedOut, c.stdout, c.stderr)
	}
	out := c.stdout.String()
	for _, want := range []string{
		"deadline 2026-11-26T10:03:00Z (--timeout 3m00s)",
		"2026-11-26T10:03:00Z deadline reached: stopping deployment d-FAKE10001 with rollback",
		"deployment d-ROLLBACK1: Succeeded (rollback)",
		"deployment d-FAKE10001 was stopped at the deadline: MANUAL_STOP",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// Interrupted after all production traffic moved, the release leaves the
// deployment in its termination wait and prints the command that rolls it
// back; --rollback-after-shift rolls back as before.
func TestInterruptAfterTheShift(t *testing.T) {
	for name, tc := range map[string]struct {
		args      []string
		wantStops int
		want      string
	}{
		"leaves it": {
			want: "interrupted after all production traffic moved: deployment d-FAKE10001 goes on in its termination wait; roll it back: `release rollback d-FAKE10001`",
		},
		"rollback after shift": {
			args: []string{"--rollback-after-shift"}, wantStops: 1,
			want: "deployment d-FAKE10001 was stopped on interrupt: MANUAL_STOP",
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := newCLI(t, false)
			p := c.plan(fakeaws.Plan{TerminationWait: true, RollbackID: cliRollbackID})
			c.fake.Script(fakeaws.Steps(p), fakeaws.StoppedSteps(p))
			var once sync.Once
			c.fake.OnServe = func(_ string, st fakeaws.Step) {
				if st.Hold == fakeaws.HoldTerminationWait {
					once.Do(func() { c.signals <- syscall.SIGTERM })
				}
			}
			if code := c.run(append([]string{"--outputs", c.outputs}, tc.args...)...); code != exitInterrupted {
				t.Fatalf("exit = %d, want %d\n%s%s", code, exitInterrupted, c.stdout, c.stderr)
			}
			if n := len(c.fake.RequestsFor("StopDeployment")); n != tc.wantStops {
				t.Errorf("StopDeployment calls = %d, want %d", n, tc.wantStops)
			}
			if !strings.Contains(c.stdout.String(), tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, c.stdout)
			}
		})
	}
}

func TestVerifyCommand(t *testing.T) {
	c := newCLI(t, false)
	if code := c.run("verify", "--outputs", c.outputs); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	if !strings.Contains(c.stdout.String(), "verify: 8 of 8 checks passed") {
		t.Errorf("Stdout:\n%s", c.stdout)
	}

	c = newCLI(t, false)
	st := fakeaws.DevStack()
	st.InstanceSecurityGroup.Ingress = nil
	c.fake.AddStack(st)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	for _, args := range [][]string{{"verify", "--outputs", c.outputs}, {"--outputs", c.outputs}} {
		if code := c.run(args...); code != exitVerify {
			t.Fatalf("%v: exit = %d, want %d\n%s%s", args, code, exitVerify, c.stdout, c.stderr)
		}
	}
	if !strings.Contains(c.stdout.String(), "FAILED  security-group: the instances' sg-0cluster4d5e6 do not admit TCP 32768-65535") ||
		!strings.Contains(c.stdout.String(), "fix: pulumi up restores the stack's rule; by hand: aws ec2 authorize-security-group-ingress") {
		t.Errorf("stdout lacks the failure and its fix:\n%s", c.stdout)
	}
	if !strings.Contains(c.stderr.String(), "verify: 1 check failed (security-group)") {
		t.Errorf("Stderr:\n%s", c.stderr)
	}
	if n := len(c.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
}

func TestDiffCommand(t *testing.T) {
	for _, args := range [][]string{{"diff"}, {"--dry-run"}} {
		c := newCLI(t, false)
		if code := c.run(append(args, "--outputs", c.outputs)...); code != exitOK {
			t.Fatalf("%v: exit = %d, want %d\n%s%s", args, code, exitOK, c.stdout, c.stderr)
		}
		for _, want := range []string{
			`"TaskDefinition": "` + fakeaws.DevTaskDefinitionARN(2) + `"`,
			`~ app.image: "registry.example/app:v1" → "registry.example/app:v2"`,
			"diff: a release would deploy ecs-bluegreen-dev-app:2 over ecs-bluegreen-dev-app:1; nothing was deployed",
		} {
			if !strings.Contains(c.stdout.String(), want) {
				t.Errorf("%v: stdout lacks %q:\n%s", args, want, c.stdout)
			}
		}
		if n := len(c.fake.RequestsFor("CreateDeployment")); n != 0 {
			t.Errorf("%v: CreateDeployment calls = %d, want 0", args, n)
		}
	}
}

func TestCancelCommand(t *testing.T) {
	c := newCLI(t, false)
	p := c.plan(fakeaws.Plan{HoldShifting: true, RollbackID: cliRollbackID})
	steps := fakeaws.Steps(p)
	c.fake.AddDeployment(&fakeaws.Deployment{ID: "d-CI1", Application: fakeaws.DevApplication, Group: fakeaws.DevGroup, Steps: steps[len(steps)-3:], OnStop: fakeaws.StoppedSteps(p)})
	if code := c.run("cancel", "d-CI1", "--output", "jsonl"); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	events := jsonLines(t, c.stdout.String())
	interrupts := jsonOfType(events, "interrupt")
	if len(interrupts) != 1 || interrupts[0]["reason"] != "cancel" || interrupts[0]["action"] != "rollback" {
		t.Errorf("interrupt events = %v, want one cancel rollback", interrupts)
	}
	if result := events[len(events)-1]; result["outcome"] != "rolled-back" {
		t.Errorf("result = %v", result)
	}
}

func TestDowngradeRefused(t *testing.T) {
	c := newCLI(t, false)
	c.fake.AddService(fakeaws.DevCluster, fakeaws.DevService, fakeaws.DevTaskDefinitionARN(2))
	data, err := os.ReadFile("testdata/dev-outputs.json")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "stale.json")
	if err := os.WriteFile(path, data, 0o600); err != nil { // revision 1
		t.Fatal(err)
	}
	if code := c.run("--outputs", path); code != exitUsage {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitUsage, c.stdout, c.stderr)
	}
	if !strings.Contains(c.stdout.String(), "deploying ecs-bluegreen-dev-app:1 (registry.example/app:v1); production runs ecs-bluegreen-dev-app:2 (registry.example/app:v2): older, revision 1 is older than production's 2") {
		t.Errorf("stdout does not show the images side by side:\n%s", c.stdout)
	}
	if !strings.Contains(c.stderr.String(), "refusing to go back") {
		t.Errorf("Stderr:\n%s", c.stderr)
	}
	if n := len(c.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{})), nil)
	if code := c.run("--outputs", path, "--allow-downgrade"); code != exitOK {
		t.Fatalf("--allow-downgrade: exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
}

func TestNewUsageErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"output mode":             {[]string{"--outputs", "o.json", "--output", "xml"}, `--output "xml": want auto, terminal, plain or jsonl`},
		"plain and jsonl":         {[]string{"--outputs", "o.json", "--plain", "--output", "jsonl"}, "--plain and --output jsonl: pick one"},
		"json and jsonl":          {[]string{"--outputs", "o.json", "--json", "--output", "jsonl"}, "--json and --output jsonl: pick one"},
		"negative timeout":        {[]string{"--outputs", "o.json", "--timeout", "-5m"}, "--timeout -5m0s is negative"},
		"short timeout":           {[]string{"--outputs", "o.json", "--timeout", "10s"}, "--timeout 10s is too short"},
		"cancel without id":       {[]string{"cancel"}, "want one DEPLOYMENT_ID, got 0"},
		"rollback two ids":        {[]string{"rollback", "d-1", "d-2"}, "want at most one DEPLOYMENT_ID, got 2"},
		"not a deployment":        {[]string{"watch", "outputs.json"}, `"outputs.json" is not a CodeDeploy deployment id`},
		"verify without":          {[]string{"verify"}, "release verify: pass --stack or --outputs FILE"},
		"diff without":            {[]string{"diff"}, "release diff: pass --stack or --outputs FILE"},
		"timeout on verify":       {[]string{"verify", "--outputs", "o.json", "--timeout", "5m"}, "flag provided but not defined: -timeout"},
		"rollback-after on watch": {[]string{"watch", "d-1", "--rollback-after-shift"}, "flag provided but not defined: -rollback-after-shift"},
		"events file nowhere":     {[]string{"--outputs", "o.json", "--events", "/nonexistent/dir/events.jsonl"}, "release: --events: open /nonexistent/dir/events.jsonl"},
	} {
		t.Run(name, func(t *testing.T) {
			c := &cli{stdout: &fakeaws.Buffer{}, stderr: &fakeaws.Buffer{}}
			code := Main(t.Context(), tc.args, Env{Stdin: strings.NewReader(""), Stdout: c.stdout, Stderr: c.stderr, Clock: &fakeaws.Clock{}, Getenv: func(string) string { return "" }})
			if code != exitUsage {
				t.Errorf("exit = %d, want %d", code, exitUsage)
			}
			if !strings.Contains(c.stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", c.stderr, tc.want)
			}
		})
	}
}
