package hookspec_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
	"github.com/google/go-cmp/cmp"
)

func TestLineParsesBack(t *testing.T) {
	t.Parallel()
	v := hookspec.Verdict{
		DeploymentID: "d-ABC123XYZ", LifecycleEventHookExecutionID: "exec-1", Status: hookspec.Failed,
		Reason: `probe 1 of http://lb/healthz failed: want status 200 (status 503 after 12ms, body "down")`, Probes: 1,
	}
	line := v.Line()
	if !strings.HasSuffix(string(line), "}\n") || strings.Count(string(line), "\n") != 1 {
		t.Fatalf("Line() = %q, want one JSON line", line)
	}
	got, ok := hookspec.Parse(string(line))
	if !ok {
		t.Fatalf("Parse(%q) found no verdict", line)
	}
	if diff := cmp.Diff(v, got); diff != "" {
		t.Errorf("Parse(Line()) (-want +got):\n%s", diff)
	}
	for _, key := range []string{`"deploymentId":"d-ABC123XYZ"`, `"lifecycleEventHookExecutionId":"exec-1"`, `"status":"Failed"`, `"reason":`} {
		if !strings.Contains(string(line), key) {
			t.Errorf("Line() = %s, lacks %s", line, key)
		}
	}
}

func TestReasonIsBoundedAndPrintable(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		reason string
		want   func(string) bool
	}{
		"long":             {strings.Repeat("x", 5000), func(r string) bool { return len(r) == hookspec.MaxReason && strings.HasSuffix(r, "...") }},
		"long, multi-byte": {strings.Repeat("é", 3000), func(r string) bool { return len(r) <= hookspec.MaxReason && utf8.ValidString(r) }},
		"control chars":    {"a\x1b[31mred\x07\n", func(r string) bool { return r == "a?[31mred??" }},
		"invalid UTF-8":    {"a\xffb", func(r string) bool { return r == "a?b" || r == "a\uFFFDb" }},
		"short":            {"status 503", func(r string) bool { return r == "status 503" }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			line := hookspec.Verdict{DeploymentID: "d-1", Status: hookspec.Failed, Reason: tc.reason}.Line()
			v, ok := hookspec.Parse(string(line))
			if !ok || !tc.want(v.Reason) {
				t.Errorf("reason %.40q... written and read = %q (ok %v)", tc.reason, v.Reason, ok)
			}
			// A reader bounds what another writer logged, too.
			reason, _ := json.Marshal(tc.reason)
			raw := `{"deploymentId":"d-1","status":"Failed","reason":` + string(reason) + `}`
			if v, ok := hookspec.Parse(raw); !ok || !tc.want(v.Reason) {
				t.Errorf("reason %.40q... read raw = %q (ok %v)", tc.reason, v.Reason, ok)
			}
		})
	}
}

func TestParseSkipsOtherLines(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		"START RequestId: 8f5c Version: $LATEST",
		"REPORT RequestId: 8f5c Duration: 812.33 ms",
		`{"level":"info","msg":"probing"}`,
		`{"deploymentId":"d-1","reason":"no status"}`,
		`{"deploymentId":"d-1","status":"Maybe"}`,
		`{"status":"Failed","reason":"no deployment"}`,
		"",
	} {
		if v, ok := hookspec.Parse(line); ok {
			t.Errorf("Parse(%q) = %+v, want no verdict", line, v)
		}
	}
}

func TestFilterPattern(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"d-ABC123XYZ":                     `{ ($.deploymentId = "d-ABC123XYZ") && ($.status = "Failed") }`,
		`d-1") || ($.status = "Succeeded`: "",
		"":                                "",
		"d-lower":                         "",
	}
	for id, want := range tests {
		if got := hookspec.FilterPattern(id); got != want {
			t.Errorf("FilterPattern(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestLogGroup(t *testing.T) {
	t.Parallel()
	if got, want := hookspec.LogGroup("CodeDeployHook_app-prod-validate"), "/aws/lambda/CodeDeployHook_app-prod-validate"; got != want {
		t.Errorf("LogGroup = %q, want %q", got, want)
	}
}
