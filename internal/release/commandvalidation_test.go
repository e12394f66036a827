package release

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

const cliHookFunction = "CodeDeployHook_ecs-bluegreen-dev-validate"

// withHook names a validation hook in the CLI's outputs file, as the stack
// exports it with the validation key.
func withHook(t *testing.T, c *cli) {
	t.Helper()
	data, err := os.ReadFile(c.outputs)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"validationFunctionName": ""`), []byte(`"validationFunctionName": "`+cliHookFunction+`"`), 1)
	if !bytes.Contains(data, []byte(cliHookFunction)) {
		t.Fatal("the outputs file has no validationFunctionName")
	}
	if err := os.WriteFile(c.outputs, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c.fake.AddFunction(cliHookFunction)
}

// cliHookReason is what the hook's function logs when it fails green.
const cliHookReason = `probe 1 of http://test.example:8080/healthz failed: want status 200 (status 503 after 12ms, body "upstream down")`

// TestReleaseValidationFailsAndRollsBack: the deployment fails in
// AfterAllowTestTraffic, as when the hook reports Failed: the AppSpec named
// the hook, the stream shows it running and failing with the function's
// reason from its log group (or, when the log cannot be read, CodeDeploy's
// diagnostic, the log group and why), the rollback is named, and the
// command exits 7.
func TestReleaseValidationFailsAndRollsBack(t *testing.T) {
	tests := map[string]struct {
		logsFault   string
		wantReason  string
		wantMissing string
		wantMessage []string
	}{
		"the function's reason": {
			wantReason:  cliHookReason,
			wantMessage: []string{"failed the new version on the test listener: " + cliHookReason},
		},
		"logs denied": {
			logsFault:   "AccessDeniedException",
			wantReason:  "The deployment failed because a lifecycle hook failed",
			wantMissing: "FilterLogEvents: AccessDeniedException",
			wantMessage: []string{"the function's reason is in its log group /aws/lambda/" + cliHookFunction + ", not read: FilterLogEvents: AccessDeniedException"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := newCLI(t, false)
			withHook(t, c)
			c.fake.Script(fakeaws.Steps(c.plan(fakeaws.Plan{
				FailAt: "AfterAllowTestTraffic", RollbackID: cliRollbackID, HookReason: cliHookReason,
				Error: fakeaws.ErrorInfo{Code: "HOOK_FAILED", Message: "The deployment failed because a lifecycle hook failed"},
			})), nil)
			if tc.logsFault != "" {
				c.fake.Fail("FilterLogEvents", 1, tc.logsFault, "not authorized to perform: logs:FilterLogEvents")
			}
			code := c.run("--outputs", c.outputs, "--output", "jsonl")
			if code != exitValidation {
				t.Fatalf("exit = %d, want %d\n%s%s", code, exitValidation, c.stdout, c.stderr)
			}
			creates := c.fake.RequestsFor("CreateDeployment")
			if len(creates) != 1 {
				t.Fatalf("%d CreateDeployment calls, want 1", len(creates))
			}
			content, _ := json.Marshal(creates[0].Body["revision"])
			if !strings.Contains(string(content), `\"Hooks\":[{\"AfterAllowTestTraffic\":\"`+cliHookFunction+`\"}]`) {
				t.Errorf("the AppSpec does not name the hook at AfterAllowTestTraffic: %s", content)
			}
			statuses, failed, last := validationEvents(t, c.stdout.String())
			if strings.Join(statuses, ",") != "running,failed" && strings.Join(statuses, ",") != "failed" {
				t.Errorf("validation events %v, want running then failed", statuses)
			}
			if failed["reason"] != tc.wantReason || failed["logGroup"] != "/aws/lambda/"+cliHookFunction ||
				!strings.HasPrefix(jsonString(failed["reasonMissing"]), tc.wantMissing) || (tc.wantMissing == "") != (failed["reasonMissing"] == nil) {
				t.Errorf("failed validation = %v, want reason %q, log group /aws/lambda/%s, reasonMissing %q", failed, tc.wantReason, cliHookFunction, tc.wantMissing)
			}
			msg, _ := last["message"].(string)
			for _, want := range append([]string{"validation hook " + cliHookFunction + " failed", cliRollbackID, "HOOK_FAILED"}, tc.wantMessage...) {
				if !strings.Contains(msg, want) {
					t.Errorf("result message %q lacks %q", msg, want)
				}
			}
			if v, _ := last["validation"].(map[string]any); v["reason"] != tc.wantReason {
				t.Errorf("result's validation = %v, want reason %q", last["validation"], tc.wantReason)
			}
			if last["exitCode"] != float64(exitValidation) {
				t.Errorf("result exitCode %v, want %d", last["exitCode"], exitValidation)
			}
		})
	}
}

// validationEvents reads a JSON stream: the validation events' statuses,
// the failed one, and the last event (the result).
func validationEvents(t *testing.T, stream string) (statuses []string, failed, last map[string]any) {
	t.Helper()
	for line := range strings.SplitSeq(strings.TrimSpace(stream), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if ev["type"] == "validation" {
			statuses = append(statuses, ev["status"].(string))
			if ev["function"] != cliHookFunction {
				t.Errorf("validation event names %v, want %s", ev["function"], cliHookFunction)
			}
			if ev["status"] == ValidationFailed {
				failed = ev
			}
		}
		last = ev
	}
	return statuses, failed, last
}

func jsonString(v any) string {
	s, _ := v.(string)
	return s
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
	if out := c.stdout.String() + c.stderr.String(); !strings.Contains(out, "validation "+cliHookFunction+": succeeded") {
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
	if want := `"AfterAllowTestTraffic": "` + cliHookFunction + `"`; !strings.Contains(c.stdout.String(), want) {
		t.Errorf("diff does not show %s:\n%s", want, c.stdout)
	}
}
