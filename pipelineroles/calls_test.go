package pipelineroles

import (
	"fmt"
	"slices"
	"testing"
)

// TestPipelineCallsAreAllowed asks the IAM simulator about every call of
// the table with the deploy role's policies: each must be allowed, and
// the simulator must know every context key the table sends for it.
func TestPipelineCallsAreAllowed(t *testing.T) {
	t.Parallel()
	s := testScope()
	docs := deployDocuments(s)
	var reqs []simRequest
	byName := map[string]call{}
	for i, c := range pipelineCalls {
		name := fmt.Sprintf("%03d %s", i, c.Action)
		r := request(s, name, c)
		r.IdentityPolicies = docs
		reqs = append(reqs, r)
		byName[name] = c
	}
	results := simulate(t, reqs)
	for _, r := range reqs {
		got := results[r.Name]
		if got.Decision != "Allowed" {
			t.Errorf("%s: %s %s", describe(byName[r.Name]), got.Decision, got.Errors)
		}
		if ignored := slices.DeleteFunc(got.IgnoredContextKeys, func(k string) bool { return k == "aws:TagKeys" || k == "aws:RequestTag/Name" }); len(ignored) > 0 {
			t.Errorf("%s: the simulator ignores %v for this action: the table's request context is wrong", describe(byName[r.Name]), ignored)
		}
	}
}
