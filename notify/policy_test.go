package notify

import (
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

type conditions = map[string]map[string][]string

func TestKeyPolicy(t *testing.T) {
	t.Parallel()
	role := "arn:aws:iam::111122223333:role/roles-codedeploy-abc1234"
	doc, err := iampolicy.Parse(keyPolicy("aws", "amazonaws.com", "eu-west-1", "111122223333", []string{role}))
	if err != nil {
		t.Fatal(err)
	}
	want := []iampolicy.Statement{
		iampolicy.KeyAdministration("aws", "111122223333"),
		{
			Sid: "CloudWatchAlarms", Effect: "Allow", Principal: &iampolicy.Principal{Service: []string{"cloudwatch.amazonaws.com"}},
			Action: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"aws:SourceAccount": {"111122223333"}}},
		},
		{
			Sid: "PublisherRolesThroughSNS", Effect: "Allow", Principal: &iampolicy.Principal{AWS: []string{role}},
			Action: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"kms:ViaService": {"sns.eu-west-1.amazonaws.com"}}},
		},
	}
	if diff := cmp.Diff(want, doc.Statement); diff != "" {
		t.Errorf("key policy (-want +got):\n%s", diff)
	}
	for _, a := range iampolicy.KeyAdministration("aws", "111122223333").Action {
		for _, use := range []string{"kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:*"} {
			if a == use || (a[len(a)-1] == '*' && len(use) >= len(a)-1 && use[:len(a)-1] == a[:len(a)-1]) {
				t.Errorf("the account's statement allows %s, covering %s", a, use)
			}
		}
	}
	none, _ := iampolicy.Parse(keyPolicy("aws", "amazonaws.com", "eu-west-1", "111122223333", nil))
	if len(none.Statement) != 2 {
		t.Errorf("without publishers: %d statements, want 2", len(none.Statement))
	}
}

func TestTopicPolicy(t *testing.T) {
	t.Parallel()
	topic := "arn:aws:sns:eu-west-1:111122223333:notifications-abc1234"
	role := "arn:aws:iam::111122223333:role/roles-codedeploy-abc1234"
	doc, err := iampolicy.Parse(topicPolicy("aws", "eu-west-1", "111122223333", topic, []string{role}))
	if err != nil {
		t.Fatal(err)
	}
	want := []iampolicy.Statement{
		{
			Sid: "CloudWatchAlarmsOfThisAccount", Effect: "Allow", Principal: &iampolicy.Principal{Service: []string{"cloudwatch.amazonaws.com"}},
			Action: []string{"sns:Publish"}, Resource: []string{topic},
			Condition: conditions{
				"StringEquals": {"aws:SourceAccount": {"111122223333"}},
				"ArnLike":      {"aws:SourceArn": {"arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*"}},
			},
		},
		{Sid: "PublisherRoles", Effect: "Allow", Principal: &iampolicy.Principal{AWS: []string{role}}, Action: []string{"sns:Publish"}, Resource: []string{topic}},
	}
	if diff := cmp.Diff(want, doc.Statement); diff != "" {
		t.Errorf("topic policy (-want +got):\n%s", diff)
	}
	// Nothing but publishing is granted, and to no one else.
	for _, s := range doc.Statement {
		if s.Effect != "Allow" || len(s.Action) != 1 || s.Action[0] != "sns:Publish" {
			t.Errorf("statement %s grants %v", s.Sid, s.Action)
		}
		if s.Principal.AWS != nil && s.Principal.AWS[0] == "*" {
			t.Errorf("statement %s admits everyone", s.Sid)
		}
	}
}

func TestEmailProblem(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]struct {
		ok  bool
		fix any
	}{
		"ops@example.com":           {ok: true},
		"first.last+tag@ex.co.kr":   {ok: true},
		"ops":                       {},
		"ops@localhost":             {},
		"ops@example.":              {},
		"@example.com":              {},
		"Ops <ops@example.com>":     {fix: "ops@example.com"},
		"ops@example.com, b@ex.com": {},
		" ops@example.com":          {fix: "ops@example.com"},
	} {
		problem, fix := emailProblem(in)
		if (problem == "") != want.ok || fix != want.fix {
			t.Errorf("emailProblem(%q) = %q, %v; want ok %v, fix %v", in, problem, fix, want.ok, want.fix)
		}
	}
}
