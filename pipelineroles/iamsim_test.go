package pipelineroles

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// The IAM simulator the tests ask: @cloud-copilot/iam-simulate (AGPL-3.0), a
// test-time tool installed into testdata/iamsim by `npm ci` (.ci/run does
// it); users never run it.
const iamsimDir = "testdata/iamsim"

// simRequest is one request to the simulator (see testdata/iamsim/simulate.mjs).
type simRequest struct {
	Name             string               `json:"name"`
	Principal        string               `json:"principal"`
	Action           string               `json:"action"`
	Resource         string               `json:"resource"`
	ResourceAccount  string               `json:"resourceAccount"`
	Context          map[string]any       `json:"context"`
	IdentityPolicies []iampolicy.Document `json:"identityPolicies"`
	Boundary         *iampolicy.Document  `json:"boundary,omitempty"`
	ResourcePolicy   *iampolicy.Document  `json:"resourcePolicy,omitempty"`
	// UnvalidatedContext evaluates Context as given: for condition keys the
	// simulator's data lacks (an OIDC provider's sub and aud).
	UnvalidatedContext bool `json:"unvalidatedContext,omitempty"`
}

// simResult is the simulator's answer to one request.
type simResult struct {
	Name               string          `json:"name"`
	Decision           string          `json:"decision"` // Allowed, ExplicitlyDenied, ImplicitlyDenied or Error
	Errors             json.RawMessage `json:"errors"`
	IgnoredContextKeys []string        `json:"ignoredContextKeys"`
}

// installSimulator installs the simulator from its lock file, once per
// test binary, when node and npm are there and it is not: `go test ./...`
// needs no step of its own. It returns why the simulator cannot run, or "".
var installSimulator = sync.OnceValue(func() string {
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not installed"
	}
	if _, err := os.Stat(filepath.Join(iamsimDir, "node_modules", "@cloud-copilot", "iam-simulate")); err == nil {
		return ""
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "npm is not installed"
	}
	out, err := exec.Command(npm, "ci", "--prefix", iamsimDir, "--no-audit", "--no-fund").CombinedOutput()
	if err != nil {
		return fmt.Sprintf("npm ci --prefix %s: %v\n%s", iamsimDir, err, out)
	}
	return ""
})

// simulate asks the simulator about every request, installing it first if
// need be. It fails the test under CI=true when the simulator cannot run,
// and skips it elsewhere, saying why.
func simulate(t *testing.T, reqs []simRequest) map[string]simResult {
	t.Helper()
	if why := installSimulator(); why != "" {
		msg := "the IAM simulator cannot run (" + why + "): it needs node and npm, and installs with `npm ci --prefix pipelineroles/testdata/iamsim`"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	sim, err := sharedSimulator()
	if err != nil {
		t.Fatal(err)
	}
	results, err := sim.ask(reqs)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]simResult{}
	for _, r := range results {
		byName[r.Name] = r
	}
	if len(byName) != len(reqs) {
		t.Fatalf("simulate.mjs answered %d of %d requests (names must be unique)", len(byName), len(reqs))
	}
	return byName
}

// simulator is one node process running simulate.mjs, which answers one
// line of requests with one line of results: the tests share it, so that
// node starts and loads the simulator's data once a test binary, not once
// a test. It ends when the test binary does (its input closes).
type simulator struct {
	mu     sync.Mutex // one batch at a time
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *lockedBuffer
}

// lockedBuffer is the process's standard error, written by exec's copier
// while a test may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var sharedSimulator = sync.OnceValues(func() (*simulator, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, "simulate.mjs")
	cmd.Dir = iamsimDir
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &simulator{cmd: cmd, in: in, out: bufio.NewReader(out), stderr: &lockedBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting simulate.mjs: %w", err)
	}
	started.Store(s)
	return s, nil
})

// started is the shared simulator once it runs.
var started atomic.Pointer[simulator]

// TestMain ends the shared simulator after the tests: its input closes,
// it answers what it has and exits.
func TestMain(m *testing.M) {
	code := m.Run()
	if s := started.Load(); s != nil {
		_ = s.in.Close()
		_ = s.cmd.Wait()
	}
	os.Exit(code)
}

// ask sends reqs as one line and reads the results' line.
func (s *simulator) ask(reqs []simRequest) ([]simResult, error) {
	line, err := json.Marshal(map[string]any{"cases": reqs})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.in.Write(append(line, '\n')); err != nil {
		return nil, fmt.Errorf("simulate.mjs: %w\n%s", err, s.stderr)
	}
	answer, err := s.out.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("simulate.mjs: %w\n%s", err, s.stderr)
	}
	var got struct {
		Results []simResult `json:"results"`
	}
	if err := json.Unmarshal(answer, &got); err != nil {
		return nil, fmt.Errorf("simulate.mjs answered %q: %w", answer, err)
	}
	return got.Results, nil
}

// Test values of the placeholders in the call table.
const (
	simAccount   = "111122223333"
	simRegion    = "us-east-1"
	simBucket    = "ecs-bluegreen-web-alb-logs-20261207000000000000000001"
	simPrincipal = "arn:aws:iam::111122223333:role/ecs-bluegreen-ci/ci-deploy-0a1"
)

// expand fills the call table's placeholders for s.
func expand(s scope, v string) string {
	prefix := strings.Trim(s.StatePrefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return strings.NewReplacer("{p}", s.Partition, "{r}", simRegion, "{a}", s.Account, "{project}", s.Project,
		"{bucket}", simBucket, "{state}", s.StateBucket, "{statePrefix}", prefix, "{boundary}", s.BoundaryARN).Replace(v)
}

// request turns a call of the table into a request of principal, with
// the request context its tags and context say.
func request(s scope, name string, c call) simRequest {
	ctx := map[string]any{"aws:RequestedRegion": simRegion}
	if c.Tags == tagSends || c.Tags == tagBoth {
		ctx["aws:RequestTag/"+tagKey] = s.Project
		ctx["aws:RequestTag/Name"] = "child"
		if _, given := c.Context["aws:TagKeys"]; !given {
			ctx["aws:TagKeys"] = []string{tagKey, "Name", "Stack"}
		}
	}
	if c.Tags == tagHas || c.Tags == tagBoth {
		ctx["aws:ResourceTag/"+tagKey] = s.Project
		if strings.Contains(c.Resource, ":role/") {
			ctx["iam:ResourceTag/"+tagKey] = s.Project
		}
	}
	for k, v := range c.Context {
		ctx[k] = expand(s, v)
	}
	r := simRequest{Name: name, Principal: simPrincipal, Action: c.Action, Resource: expand(s, simulatedResource(c)),
		ResourceAccount: s.Account, Context: ctx}
	if strings.Contains(c.Resource, ":key/") {
		// The stacks' keys delegate their administration to the account's
		// IAM (iampolicy.KeyAdministration): without a key policy that
		// does, KMS denies whatever IAM allows.
		kp := iampolicy.New(iampolicy.KeyAdministration(s.Partition, s.Account))
		r.ResourcePolicy = &kp
	}
	return r
}

// simulatedResource is the ARN the simulator is asked about for a call:
// its own, but for load balancing's AddTags and RemoveTags on a listener,
// rule or target group, for which the simulator's data (iam-data) lists
// only the load balancer; the deploy role's statements for them name
// every resource ("*"), so the answer is the same.
func simulatedResource(c call) string {
	if (c.Action == "elasticloadbalancing:AddTags" || c.Action == "elasticloadbalancing:RemoveTags") && !strings.Contains(c.Resource, ":loadbalancer/") {
		return arnLB
	}
	return c.Resource
}

// deployDocuments are the deploy role's policies for s.
func deployDocuments(s scope) []iampolicy.Document {
	return []iampolicy.Document{readPolicy(s), statePolicy(s, true), networkPolicy(s), taggedServicesPolicy(s), namedServicesPolicy(s), iamPolicy(s)}
}

// describe names a call for failures.
func describe(c call) string {
	return fmt.Sprintf("%s %s on %s (tags %d, context %v)", c.By, c.Action, c.Resource, c.Tags, c.Context)
}
