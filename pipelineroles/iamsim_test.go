package pipelineroles

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// simulate asks the simulator about every request in one node process. It
// fails the test under CI=true when the simulator is not installed, and
// skips it elsewhere, saying how to install it.
func simulate(t *testing.T, reqs []simRequest) map[string]simResult {
	t.Helper()
	node, err := exec.LookPath("node")
	installed := err == nil
	if _, statErr := os.Stat(filepath.Join(iamsimDir, "node_modules", "@cloud-copilot", "iam-simulate")); statErr != nil {
		installed = false
	}
	if !installed {
		msg := "the IAM simulator is not installed: run `npm ci --prefix pipelineroles/testdata/iamsim` (needs node and npm; .ci/run does it)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	in, err := json.Marshal(map[string]any{"cases": reqs})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "simulate.mjs")
	cmd.Dir = iamsimDir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("simulate.mjs: %v\n%s", err, stderr.String())
	}
	var got struct {
		Results []simResult `json:"results"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("simulate.mjs answered %q: %v", out, err)
	}
	byName := map[string]simResult{}
	for _, r := range got.Results {
		byName[r.Name] = r
	}
	if len(byName) != len(reqs) {
		t.Fatalf("simulate.mjs answered %d of %d requests (names must be unique)", len(byName), len(reqs))
	}
	return byName
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
