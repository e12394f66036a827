package iampolicy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	doc := New(Statement{
		Effect:    "Allow",
		Principal: &Principal{Service: []string{"ecs-tasks.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {"123456789012"}}},
	})
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com"]},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]}`
	if got := doc.JSON(); got != want {
		t.Errorf("JSON() = %s, want %s", got, want)
	}
	back, err := Parse(doc.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc, back); diff != "" {
		t.Errorf("Parse(JSON()) (-want +got):\n%s", diff)
	}
}
