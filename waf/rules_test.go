package waf

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

func TestRules(t *testing.T) {
	t.Parallel()
	want := []Rule{
		{Name: "ip-reputation", Priority: 0, ManagedGroup: "AWSManagedRulesAmazonIpReputationList"},
		{Name: "rate-limit", Priority: 1, RateLimit: 500},
		{Name: "common", Priority: 2, ManagedGroup: "AWSManagedRulesCommonRuleSet"},
		{Name: "known-bad-inputs", Priority: 3, ManagedGroup: "AWSManagedRulesKnownBadInputsRuleSet"},
	}
	if diff := cmp.Diff(want, Rules(500)); diff != "" {
		t.Errorf("Rules(500) (-want +got):\n%s", diff)
	}
}

func TestMetricNameAndLogGroupPrefix(t *testing.T) {
	t.Parallel()
	for in, want := range map[[2]string]string{
		{"waf", "common"}:                        "waf-common",
		{"my waf.v2", "acl"}:                     "my-waf-v2-acl",
		{strings.Repeat("w", 200), "rate-limit"}: strings.Repeat("w", 117) + "-rate-limit",
	} {
		if got := metricName(in[0], in[1]); got != want || len(got) > 128 {
			t.Errorf("metricName(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
	if got := logGroupPrefix("ecs-bluegreen", "prod", "waf"); got != "aws-waf-logs-ecs-bluegreen-prod-waf-" {
		t.Errorf("logGroupPrefix = %q: WAF delivers only to groups named aws-waf-logs-...", got)
	}
}

func TestLogResourcePolicy(t *testing.T) {
	t.Parallel()
	group := "arn:aws:logs:ap-northeast-2:111122223333:log-group:aws-waf-logs-x"
	doc, err := iampolicy.Parse(logResourcePolicy("aws", "ap-northeast-2", "111122223333", group))
	if err != nil {
		t.Fatal(err)
	}
	want := []iampolicy.Statement{{
		Sid: "WAFLogDelivery", Effect: "Allow",
		Principal: &iampolicy.Principal{Service: []string{"delivery.logs.amazonaws.com"}},
		Action:    []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource:  []string{group + ":*"},
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {"111122223333"}},
			"ArnLike":      {"aws:SourceArn": {"arn:aws:logs:ap-northeast-2:111122223333:*"}},
		},
	}}
	if diff := cmp.Diff(want, doc.Statement); diff != "" {
		t.Errorf("log resource policy (-want +got):\n%s", diff)
	}
}
