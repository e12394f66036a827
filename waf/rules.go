package waf

import (
	"fmt"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// Rule is one rule of the web ACL, as plain values.
type Rule struct {
	// Name is the rule's name in the web ACL, and its metric's suffix.
	Name string
	// Priority orders evaluation, lowest first.
	Priority int
	// ManagedGroup is the AWS managed rule group's name (vendor AWS), or ""
	// for the rate-based rule.
	ManagedGroup string
	// RateLimit is the rate-based rule's limit: requests from one address
	// in five minutes.
	RateLimit int
}

// Managed rule groups the web ACL uses, vendor AWS.
const (
	IPReputationGroup   = "AWSManagedRulesAmazonIpReputationList"
	CommonRuleSetGroup  = "AWSManagedRulesCommonRuleSet"
	KnownBadInputsGroup = "AWSManagedRulesKnownBadInputsRuleSet"
)

// Rules returns the web ACL's rules in evaluation order: IP reputation
// first (the cheapest verdict), then the rate limit, then the common and
// known-bad-inputs rule sets.
func Rules(rateLimit int) []Rule {
	return []Rule{
		{Name: "ip-reputation", Priority: 0, ManagedGroup: IPReputationGroup},
		{Name: "rate-limit", Priority: 1, RateLimit: rateLimit},
		{Name: "common", Priority: 2, ManagedGroup: CommonRuleSetGroup},
		{Name: "known-bad-inputs", Priority: 3, ManagedGroup: KnownBadInputsGroup},
	}
}

// metricName derives a CloudWatch metric name from the component's name and
// a suffix: letters, digits, '-' and '_', at most 128 characters.
func metricName(name, suffix string) string {
	var b strings.Builder
	for _, r := range name + "-" + suffix {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	m := b.String()
	if len(m) > 128 {
		m = m[len(m)-128:]
	}
	return m
}

// logGroupPrefix is the WAF log group's name prefix: WAF delivers only to
// groups named aws-waf-logs-...; the project, stack and component name say
// whose it is.
func logGroupPrefix(project, stack, name string) string {
	return "aws-waf-logs-" + metricName(project+"-"+stack, name) + "-"
}

// logResourcePolicy lets the log delivery service write WAF's records to
// one log group, for log sources of the account in region only (CloudWatch
// Logs' documented policy for vended logs).
func logResourcePolicy(partition, region, account, logGroupARN string) string {
	return iampolicy.New(iampolicy.Statement{
		Sid:       "WAFLogDelivery",
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{"delivery.logs.amazonaws.com"}},
		Action:    []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource:  []string{logGroupARN + ":*"},
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}},
			"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:%s:logs:%s:%s:*", partition, region, account)}},
		},
	}).JSON()
}
