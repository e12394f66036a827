package program

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/worktree"
)

// offlineEngine runs an offline Pulumi engine: the real Pulumi CLI and
// engine with a stand-in AWS provider that answers locally, so that `up`,
// `refresh` and `preview` run without an AWS account. It runs in a copy of
// the working tree (a project directory of its own, whose stack state the
// tool keeps apart). The tests that use it run when the environment
// variable PULUMI_OFFLINE names that engine's pulumi command, and take
// minutes; without it they skip. The engine must honour
// FAKE_AWS_DRIFT=codedeploy on refresh: it then reports what a CodeDeploy
// release leaves behind.
type offlineEngine struct {
	t         *testing.T
	tool, dir string
}

// newOfflineEngine skips the test unless PULUMI_OFFLINE is set.
func newOfflineEngine(t *testing.T) *offlineEngine {
	t.Helper()
	tool := os.Getenv("PULUMI_OFFLINE")
	if tool == "" {
		t.Skip("set PULUMI_OFFLINE to the pulumi command of an offline Pulumi engine (the real CLI with a stand-in AWS provider) to run the real engine (a few minutes)")
	}
	tool, err := filepath.Abs(tool)
	if err != nil {
		t.Fatal(err)
	}
	return &offlineEngine{t: t, tool: tool, dir: worktree.Copy(t, root)}
}

// run runs the CLI with args and returns its standard output, failing the
// test when it fails.
func (e *offlineEngine) run(args ...string) []byte {
	e.t.Helper()
	cmd := exec.Command(e.tool, args...)
	cmd.Dir = e.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		e.t.Fatalf("pulumi %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return out
}

// initStack creates a stack, removed (its file kept) when the test ends.
func (e *offlineEngine) initStack(stack string) {
	e.t.Helper()
	e.run("stack", "init", stack)
	e.t.Cleanup(func() {
		rm := exec.Command(e.tool, "stack", "rm", "--yes", "--force", "--preserve-config", "--stack", stack)
		rm.Dir = e.dir
		_ = rm.Run() // best effort: a leftover only takes disk space
	})
}

// set sets a key of the stack, or removes it when value is "".
func (e *offlineEngine) set(stack, key, value string) {
	e.t.Helper()
	if value == "" {
		e.run("config", "rm", "--stack", stack, key)
		return
	}
	e.run("config", "set", "--stack", stack, key, value)
}

// up updates the stack.
func (e *offlineEngine) up(stack string) {
	e.t.Helper()
	e.run("up", "--yes", "--skip-preview", "--stack", stack)
}

// expectNoChanges fails the test unless a preview proposes nothing.
func (e *offlineEngine) expectNoChanges(stack string) {
	e.t.Helper()
	if out := e.run("preview", "--expect-no-changes", "--stack", stack); !bytes.Contains(out, []byte("Resources:")) {
		e.t.Errorf("%s: a preview after the last update: %s", stack, out)
	}
}

// engineStep is one step of a preview.
type engineStep struct {
	Op          string   `json:"op"`
	URN         string   `json:"urn"`
	DiffReasons []string `json:"diffReasons"`
}

// typeAndName returns the step's resource type and logical name.
func (s engineStep) typeAndName() (string, string) {
	parts := strings.Split(s.URN, "::")
	typ := parts[len(parts)-2]
	return typ[strings.LastIndex(typ, "$")+1:], parts[len(parts)-1]
}

// preview returns the steps a preview of the stack proposes, but "same".
func (e *offlineEngine) preview(stack string) []engineStep {
	e.t.Helper()
	var p struct {
		Steps []engineStep `json:"steps"`
	}
	if err := json.Unmarshal(e.run("preview", "--json", "--stack", stack), &p); err != nil {
		e.t.Fatal(err)
	}
	var changed []engineStep
	for _, s := range p.Steps {
		if s.Op != "same" {
			changed = append(changed, s)
		}
	}
	return changed
}
