package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

const hookFunction = "CodeDeployHook_ecs-bluegreen-dev-validate"

// withHook names a validation hook in the CLI's outputs file, as the stack
// exports it with the validation key.
func withHook(t *testing.T, c *cli) {
	t.Helper()
	data, err := os.ReadFile(c.outputs)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"validationFunctionName": ""`), []byte(`"validationFunctionName": "`+hookFunction+`"`), 1)
	if !bytes.Contains(data, []byte(hookFunction)) {
		t.Fatal("the outputs file has no validationFunctionName")
	}
	if err := os.WriteFile(c.outputs, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c.fake.AddFunction(hookFunction)
}

// TestReleaseValidationFailsAndRollsBack: the deployment fails in
// AfterAllowTestTraffic, as when the hook reports Failed: the AppSpec named
// the hook, the stream shows it running and failing with where its reason
// is, the rollback is named, and the command exits 7.
func TestReleaseValidationFailsAndRollsBack(t *testing.T) {
	c := newCLI(t, false)
	withHook(t, c)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{
		FailAt: "AfterAllowTestTraffic", RollbackID: rollbackD,
		Error: fakeaws.ErrorInfo{Code: "HOOK_FAILED", Message: "The deployment failed because a lifecycle hook failed"},
	})), nil)
	code := c.run("--outputs", c.outputs, "--output", "jsonl")
	if code != exitValidation {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitValidation, c.stdout, c.stderr)
	}
	creates := c.fake.RequestsFor("CreateDeployment")
	if len(creates) != 1 {
		t.Fatalf("%d CreateDeployment calls, want 1", len(creates))
	}
	content, _ := json.Marshal(creates[0].Body["revision"])
	if !strings.Contains(string(content), `\"Hooks\":[{\"AfterAllowTestTraffic\":\"`+hookFunction+`\"}]`) {
		t.Errorf("the AppSpec does not name the hook at AfterAllowTestTraffic: %s", content)
	}
	var statuses []string
	var last map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(c.stdout.String()), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if ev["type"] == "validation" {
			statuses = append(statuses, ev["status"].(string))
			if ev["function"] != hookFunction {
				t.Errorf("validation event names %v, want %s", ev["function"], hookFunction)
			}
			if ev["status"] == release.ValidationFailed && !strings.Contains(ev["reason"].(string), "/aws/lambda/"+hookFunction) {
				t.Errorf("failed validation's reason %q does not say where the function's reason is", ev["reason"])
			}
		}
		last = ev
	}
	if strings.Join(statuses, ",") != "running,failed" && strings.Join(statuses, ",") != "failed" {
		t.Errorf("validation events %v, want running then failed", statuses)
	}
	msg, _ := last["message"].(string)
	for _, want := range []string{"validation hook " + hookFunction + " failed", rollbackD, "HOOK_FAILED"} {
		if !strings.Contains(msg, want) {
			t.Errorf("result message %q lacks %q", msg, want)
		}
	}
	if last["exitCode"] != float64(exitValidation) {
		t.Errorf("result exitCode %v, want %d", last["exitCode"], exitValidation)
	}
}

// TestStopAfterValidationStillWorks: with a hook, --stop-after
// AfterAllowTestTraffic exits 0 once the hook succeeded, production
// untouched.
func TestStopAfterValidationStillWorks(t *testing.T) {
	c := newCLI(t, true) // a group that waits for approval
	withHook(t, c)
	c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{ApprovalWait: true})), nil)
	code := c.run("--outputs", c.outputs, "--stop-after", "AfterAllowTestTraffic", "--output", "plain")
	if code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	if out := c.stdout.String() + c.stderr.String(); !strings.Contains(out, "validation "+hookFunction+": succeeded") {
		t.Errorf("progress does not show the validation succeeding:\n%s", out)
	}
}

// TestDiffShowsTheHook: `release diff` shows the AppSpec with the hook at
// AfterAllowTestTraffic.
func TestDiffShowsTheHook(t *testing.T) {
	c := newCLI(t, false)
	withHook(t, c)
	if code := c.run("diff", "--outputs", c.outputs); code != exitOK {
		t.Fatalf("exit = %d, want %d\n%s%s", code, exitOK, c.stdout, c.stderr)
	}
	if want := `"AfterAllowTestTraffic": "` + hookFunction + `"`; !strings.Contains(c.stdout.String(), want) {
		t.Errorf("diff does not show %s:\n%s", want, c.stdout)
	}
}
