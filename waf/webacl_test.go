package waf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const lbARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-abc/0123456789abcdef"

func run(t *testing.T, args waf.WebACLArgs, names ...string) (*awsmock.Mocks, map[string]*awsmock.Value, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	out := map[string]*awsmock.Value{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			a := args
			acl, err := waf.NewWebACL(ctx, n, &a)
			if err != nil {
				return err
			}
			out[n+".webAclArn"] = awsmock.Watch(ctx, acl.WebACLARN)
			out[n+".logGroupName"] = awsmock.Watch(ctx, acl.LogGroupName)
			out[n+".metricNames"] = awsmock.Watch(ctx, acl.MetricNames)
		}
		return nil
	})
	return m, out, err
}

func TestWebACLTypeToken(t *testing.T) {
	t.Parallel()
	if waf.WebACLType != "ecs-bluegreen:waf:WebACL" {
		t.Errorf("WebACLType = %q: changing it replaces the web ACL; add an alias instead", waf.WebACLType)
	}
}

func TestWebACLChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m, _, err := run(t, waf.WebACLArgs{LoadBalancerARN: pulumi.String(lbARN), Logging: true}, "waf", "other")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:cloudwatch/logGroup:LogGroup other-logs", "aws:cloudwatch/logGroup:LogGroup waf-logs",
		"aws:cloudwatch/logResourcePolicy:LogResourcePolicy other-logs", "aws:cloudwatch/logResourcePolicy:LogResourcePolicy waf-logs",
		"aws:wafv2/webAcl:WebAcl other", "aws:wafv2/webAcl:WebAcl waf",
		"aws:wafv2/webAclAssociation:WebAclAssociation other", "aws:wafv2/webAclAssociation:WebAclAssociation waf",
		"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration other-logs", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration waf-logs",
		"ecs-bluegreen:waf:WebACL other", "ecs-bluegreen:waf:WebACL waf",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs %v", dups)
	}
	comp, _ := m.Named(waf.WebACLType, "waf")
	for _, r := range m.Resources() {
		if r.Custom && strings.HasPrefix(r.Name, "waf") && r.Parent != comp.URN {
			t.Errorf("%s %s has parent %q", r.Type, r.Name, r.Parent)
		}
	}
}

// rule is what a test reads of one rule of the web ACL.
type rule struct {
	Name, Group, Action string
	Priority, Limit     float64
	Metric              string
}

func rules(t *testing.T, acl awsmock.Resource) []rule {
	t.Helper()
	var out []rule
	for i := range acl.Get("rules").ArrayValue() {
		p := func(path ...string) []string { return append([]string{"rules", fmt.Sprint(i)}, path...) }
		r := rule{Name: acl.String(p("name")...), Priority: acl.Number(p("priority")...), Group: acl.String(p("statement", "managedRuleGroupStatement", "name")...),
			Limit: acl.Number(p("statement", "rateBasedStatement", "limit")...), Metric: acl.String(p("visibilityConfig", "metricName")...)}
		if r.Group != "" && acl.String(p("statement", "managedRuleGroupStatement", "vendorName")...) != "AWS" {
			t.Errorf("rule %s: vendor %q, want AWS", r.Name, acl.String(p("statement", "managedRuleGroupStatement", "vendorName")...))
		}
		if !acl.True(p("visibilityConfig", "cloudwatchMetricsEnabled")...) || !acl.True(p("visibilityConfig", "sampledRequestsEnabled")...) {
			t.Errorf("rule %s: metrics or sampled requests off", r.Name)
		}
		for _, k := range []string{"none", "count"} {
			if acl.Get(p("overrideAction", k)...).IsObject() {
				r.Action = "override:" + k
			}
		}
		for _, k := range []string{"block", "count"} {
			if acl.Get(p("action", k)...).IsObject() {
				r.Action = k
			}
		}
		out = append(out, r)
	}
	return out
}

func TestNewWebACL(t *testing.T) {
	t.Parallel()
	for _, count := range []bool{false, true} {
		m, out, err := run(t, waf.WebACLArgs{LoadBalancerARN: pulumi.String(lbARN), RateLimit: 800, CountOnly: count, Tags: map[string]string{"Stack": "test"}}, "waf")
		if err != nil {
			t.Fatal(err)
		}
		acl := m.OfType("aws:wafv2/webAcl:WebAcl")[0]
		if acl.String("scope") != "REGIONAL" || !acl.Get("defaultAction", "allow").IsObject() {
			t.Errorf("web ACL scope %q, default action %v: want REGIONAL, allow", acl.String("scope"), acl.Get("defaultAction"))
		}
		if !acl.True("visibilityConfig", "cloudwatchMetricsEnabled") || acl.String("visibilityConfig", "metricName") != "waf-acl" {
			t.Errorf("web ACL visibility %v", acl.Get("visibilityConfig"))
		}
		group, rate := "override:none", "block"
		if count {
			group, rate = "override:count", "count"
		}
		want := []rule{
			{Name: "ip-reputation", Priority: 0, Group: waf.IPReputationGroup, Limit: -1, Action: group, Metric: "waf-ip-reputation"},
			{Name: "rate-limit", Priority: 1, Limit: 800, Action: rate, Metric: "waf-rate-limit"},
			{Name: "common", Priority: 2, Group: waf.CommonRuleSetGroup, Limit: -1, Action: group, Metric: "waf-common"},
			{Name: "known-bad-inputs", Priority: 3, Group: waf.KnownBadInputsGroup, Limit: -1, Action: group, Metric: "waf-known-bad-inputs"},
		}
		if diff := cmp.Diff(want, rules(t, acl)); diff != "" {
			t.Errorf("CountOnly %v: rules (-want +got):\n%s", count, diff)
		}
		if acl.String("rules", "1", "statement", "rateBasedStatement", "aggregateKeyType") != "IP" {
			t.Errorf("rate-based rule aggregates by %q, want IP", acl.String("rules", "1", "statement", "rateBasedStatement", "aggregateKeyType"))
		}
		assoc := m.OfType("aws:wafv2/webAclAssociation:WebAclAssociation")[0]
		if assoc.String("resourceArn") != lbARN || assoc.String("webAclArn") != out["waf.webAclArn"].String() || !assoc.DependsOn(acl.URN) {
			t.Errorf("association %v: want the load balancer and the web ACL", assoc.Inputs)
		}
		if acl.String("tags", "Stack") != "test" || acl.String("tags", "Name") != "waf" {
			t.Errorf("tags %v", acl.Get("tags"))
		}
		if n := len(m.OfType("aws:cloudwatch/logGroup:LogGroup")); n != 0 || out["waf.logGroupName"].String() != "" {
			t.Errorf("without Logging: %d log groups, LogGroupName %q", n, out["waf.logGroupName"].String())
		}
		if got := out["waf.metricNames"].Strings(); !cmp.Equal(got, []string{"waf-acl", "waf-ip-reputation", "waf-rate-limit", "waf-common", "waf-known-bad-inputs"}) {
			t.Errorf("MetricNames = %v", got)
		}
	}
}

func TestNewWebACLLogging(t *testing.T) {
	t.Parallel()
	key := "arn:aws:kms:us-east-1:123456789012:key/0"
	m, out, err := run(t, waf.WebACLArgs{LoadBalancerARN: pulumi.String(lbARN), Logging: true, LogRetentionDays: 90, LogKMSKeyARN: pulumi.String(key)}, "waf")
	if err != nil {
		t.Fatal(err)
	}
	group := m.OfType("aws:cloudwatch/logGroup:LogGroup")[0]
	if !strings.HasPrefix(group.String("namePrefix"), "aws-waf-logs-") || group.Number("retentionInDays") != 90 || group.String("kmsKeyId") != key {
		t.Errorf("log group %v: want aws-waf-logs-..., 90 days, the key", group.Inputs)
	}
	if !strings.HasPrefix(out["waf.logGroupName"].String(), "aws-waf-logs-") {
		t.Errorf("LogGroupName = %q", out["waf.logGroupName"].String())
	}
	policy := m.OfType("aws:cloudwatch/logResourcePolicy:LogResourcePolicy")[0]
	if !strings.Contains(policy.String("policyDocument"), "delivery.logs.amazonaws.com") || !policy.DependsOn(group.URN) {
		t.Errorf("log resource policy %v", policy.Inputs)
	}
	lc := m.OfType("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")[0]
	if lc.String("logDestinationConfigs", "0") == "" || !lc.DependsOn(policy.URN) || lc.String("resourceArn") != out["waf.webAclArn"].String() {
		t.Errorf("logging configuration %v: want the group, after its policy", lc.Inputs)
	}
	var redacted []string
	for i := range lc.Get("redactedFields").ArrayValue() {
		redacted = append(redacted, lc.String("redactedFields", fmt.Sprint(i), "singleHeader", "name"))
	}
	if !cmp.Equal(redacted, waf.RedactedHeaders) {
		t.Errorf("redacted headers %v, want %v", redacted, waf.RedactedHeaders)
	}
}

func TestWebACLValidate(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args waf.WebACLArgs
		want []argchecktest.Problem
	}{
		"defaults":        {},
		"lowest limit":    {args: waf.WebACLArgs{RateLimit: 10}},
		"highest limit":   {args: waf.WebACLArgs{RateLimit: 2_000_000_000}},
		"limit too low":   {args: waf.WebACLArgs{RateLimit: 9}, want: []argchecktest.Problem{{Field: "RateLimit", Value: 9, Fix: 10}}},
		"negative limit":  {args: waf.WebACLArgs{RateLimit: -1}, want: []argchecktest.Problem{{Field: "RateLimit", Value: -1, Fix: 10}}},
		"limit too high":  {args: waf.WebACLArgs{RateLimit: 2_000_000_001}, want: []argchecktest.Problem{{Field: "RateLimit", Value: 2_000_000_001, Fix: 2_000_000_000}}},
		"odd retention":   {args: waf.WebACLArgs{LogRetentionDays: 10}, want: []argchecktest.Problem{{Field: "LogRetentionDays", Value: 10, Fix: 7}}},
		"every retention": {args: waf.WebACLArgs{LogRetentionDays: 3653}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, argchecktest.Problems(t, tc.args, tc.args.Validate())); diff != "" {
				t.Errorf("Validate() (-want +got):\n%s", diff)
			}
		})
	}
	for name, args := range map[string]waf.WebACLArgs{
		"no load balancer": {},
		"bad limit":        {LoadBalancerARN: pulumi.String(lbARN), RateLimit: 5},
	} {
		m, _, err := run(t, args, "waf")
		if err == nil || !strings.Contains(err.Error(), "waf: waf: ") || len(m.Resources()) != 0 {
			t.Errorf("%s: NewWebACL = %v with %d resources, want an error and nothing registered", name, err, len(m.Resources()))
		}
	}
}

func ExampleNewWebACL() {
	program := func(ctx *pulumi.Context) error {
		acl, err := waf.NewWebACL(ctx, "waf", &waf.WebACLArgs{
			LoadBalancerARN: pulumi.String(lbARN), // lb.LoadBalancerARN
			RateLimit:       1000,
			CountOnly:       true, // watch the metrics for a week, then block
		})
		if err != nil {
			return err
		}
		ctx.Export("webAclArn", acl.WebACLARN)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
