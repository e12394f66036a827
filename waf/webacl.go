package waf

import (
	"errors"
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/logretention"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awscloudwatch "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awswafv2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WebACLType is the component's type token. It is part of every child's
// URN: changing it replaces the web ACL unless an alias says otherwise.
const WebACLType = "ecs-bluegreen:waf:WebACL"

// Defaults and limits of WebACLArgs.
const (
	// DefaultRateLimit is how many requests one client address may send in
	// five minutes (about 6.7 a second) before the rate-based rule acts.
	DefaultRateLimit = 2000
	// MinRateLimit and MaxRateLimit are the limits AWS WAF accepts for a
	// rate-based rule.
	MinRateLimit = 10
	MaxRateLimit = 2_000_000_000
	// DefaultLogRetentionDays is how long WAF's log records are kept.
	DefaultLogRetentionDays = 30
)

// RedactedHeaders are left out of WAF's log records: they carry
// credentials.
var RedactedHeaders = []string{"authorization", "cookie"}

// FieldError is the error Validate and NewWebACL report for each bad field:
// it names the field, the value, what is allowed and a value that works.
type FieldError = argcheck.Error

// WebACLArgs configures NewWebACL. LoadBalancerARN is required; the zero
// value of every other field is a working default.
type WebACLArgs struct {
	// LoadBalancerARN is the Application Load Balancer the web ACL
	// protects. Required.
	LoadBalancerARN pulumi.StringInput
	// RateLimit is how many requests one client address may send in any
	// five minutes before the rate-based rule blocks (or counts) the rest,
	// MinRateLimit to MaxRateLimit. Clients behind one NAT or proxy share
	// an address. Default: DefaultRateLimit (2000).
	RateLimit int
	// CountOnly counts the requests the rules match instead of blocking
	// them, so that a team can watch what would be blocked (the metrics,
	// sampled requests and logs) before it blocks. Default: off, matching
	// requests are blocked.
	CountOnly bool
	// Logging writes a record of every request the web ACL evaluates to a
	// CloudWatch Logs group the component creates (aws-waf-logs-...), with
	// the RedactedHeaders left out. Default: off (metrics and sampled
	// requests only).
	Logging bool
	// LogRetentionDays is how long log records are kept, in days: one of
	// the periods CloudWatch Logs accepts. Ignored without Logging.
	// Default: DefaultLogRetentionDays (30).
	LogRetentionDays int
	// LogKMSKeyARN encrypts the log group with a customer managed KMS key
	// (kms.LogKey.KeyARN), whose policy must let CloudWatch Logs use it.
	// Ignored without Logging. Default: none, CloudWatch Logs' own
	// encryption.
	LogKMSKeyARN pulumi.StringInput
	// Tags are applied to the web ACL and the log group, beside the Name
	// tag the component sets itself.
	Tags map[string]string
}

// WebACL is an AWS WAF web ACL with AWS's managed rule groups for common
// exploits, known bad inputs and IP reputation, and a per-address rate
// limit, associated with an Application Load Balancer.
type WebACL struct {
	pulumi.ResourceState

	// WebACLARN is the web ACL's ARN.
	WebACLARN pulumi.StringOutput `pulumi:"webAclArn"`
	// WebACLName is the web ACL's name, the WebACL dimension of its
	// CloudWatch metrics (namespace AWS/WAFV2).
	WebACLName pulumi.StringOutput `pulumi:"webAclName"`
	// MetricNames are the CloudWatch metric names (the Rule dimension) of
	// the web ACL and of each rule, in evaluation order after the ACL's.
	MetricNames pulumi.StringArrayOutput `pulumi:"metricNames"`
	// LogGroupName is WAF's log group, "" without Logging.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

func (args WebACLArgs) withDefaults() WebACLArgs {
	if args.RateLimit == 0 {
		args.RateLimit = DefaultRateLimit
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	return args
}

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewWebACL calls
// it before it registers anything.
func (args WebACLArgs) Validate() error {
	a := args.withDefaults()
	var errs argcheck.List
	errs.Range("RateLimit", a.RateLimit, MinRateLimit, MaxRateLimit, "requests in five minutes from one address")
	if !logretention.Valid(a.LogRetentionDays) {
		errs.Add("LogRetentionDays", a.LogRetentionDays, logretention.Nearest(a.LogRetentionDays), "is not a CloudWatch Logs retention period: use one of %v", logretention.Days)
	}
	return errs.Err()
}

// NewWebACL creates the web ACL, associates it with the load balancer and,
// with Logging, its log group and logging configuration. It validates args
// before it registers anything: on error, nothing is created.
func NewWebACL(ctx *pulumi.Context, name string, args *WebACLArgs, opts ...pulumi.ResourceOption) (*WebACL, error) {
	if args == nil {
		args = &WebACLArgs{}
	}
	a := args.withDefaults()
	var errs argcheck.List
	if a.LoadBalancerARN == nil {
		errs.Other(errors.New("LoadBalancerARN is required: pass the load balancer's ARN (alb.LoadBalancer.LoadBalancerARN)"))
	}
	errs.Other(a.Validate())
	if err := errs.Err(); err != nil {
		return nil, fmt.Errorf("waf: %s: %w", name, err)
	}

	c := &WebACL{}
	if err := ctx.RegisterComponentResource(WebACLType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return pulumi.ToStringMap(tagging.For(child, a.Tags)) }

	aclMetric := metricName(name, "acl")
	rules, ruleMetrics := ruleArgs(name, a)
	acl, err := newACL(ctx, name, a, rules, aclMetric, tags(name), parent)
	if err != nil {
		return nil, err
	}
	if _, err := awswafv2.NewWebAclAssociation(ctx, name, &awswafv2.WebAclAssociationArgs{
		ResourceArn: a.LoadBalancerARN,
		WebAclArn:   acl.Arn,
	}, parent); err != nil {
		return nil, err
	}

	logGroupName := pulumi.String("").ToStringOutput()
	if a.Logging {
		if logGroupName, err = newLogging(ctx, name, a, acl, tags, parent); err != nil {
			return nil, err
		}
	}

	c.WebACLARN = acl.Arn
	c.WebACLName = acl.Name
	c.MetricNames = append(pulumi.StringArray{pulumi.String(aclMetric)}, ruleMetrics...).ToStringArrayOutput()
	c.LogGroupName = logGroupName
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"webAclArn":    c.WebACLARN,
		"webAclName":   c.WebACLName,
		"metricNames":  c.MetricNames,
		"logGroupName": c.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// ruleArgs is the web ACL's rules (Rules), each blocking or, with
// CountOnly, counting its matches, and their metric names in order.
func ruleArgs(name string, a WebACLArgs) (awswafv2.WebAclRuleArray, pulumi.StringArray) {
	var rules awswafv2.WebAclRuleArray
	var metrics pulumi.StringArray
	for _, r := range Rules(a.RateLimit) {
		metric := metricName(name, r.Name)
		metrics = append(metrics, pulumi.String(metric))
		rule := &awswafv2.WebAclRuleArgs{
			Name:     pulumi.String(r.Name),
			Priority: pulumi.Int(r.Priority),
			VisibilityConfig: awswafv2.WebAclRuleVisibilityConfigArgs{
				CloudwatchMetricsEnabled: pulumi.Bool(true),
				MetricName:               pulumi.String(metric),
				SampledRequestsEnabled:   pulumi.Bool(true),
			},
		}
		if r.ManagedGroup != "" {
			// A rule group's own actions apply (none), or every match is
			// counted (count).
			override := &awswafv2.WebAclRuleOverrideActionArgs{None: &awswafv2.WebAclRuleOverrideActionNoneArgs{}}
			if a.CountOnly {
				override = &awswafv2.WebAclRuleOverrideActionArgs{Count: &awswafv2.WebAclRuleOverrideActionCountArgs{}}
			}
			rule.OverrideAction = override
			rule.Statement = &awswafv2.WebAclRuleStatementArgs{
				ManagedRuleGroupStatement: &awswafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
					VendorName: pulumi.String("AWS"),
					Name:       pulumi.String(r.ManagedGroup),
				},
			}
		} else {
			action := &awswafv2.WebAclRuleActionArgs{Block: &awswafv2.WebAclRuleActionBlockArgs{}}
			if a.CountOnly {
				action = &awswafv2.WebAclRuleActionArgs{Count: &awswafv2.WebAclRuleActionCountArgs{}}
			}
			rule.Action = action
			rule.Statement = &awswafv2.WebAclRuleStatementArgs{
				RateBasedStatement: &awswafv2.WebAclRuleStatementRateBasedStatementArgs{
					Limit:               pulumi.Int(r.RateLimit),
					AggregateKeyType:    pulumi.String("IP"),
					EvaluationWindowSec: pulumi.Int(300),
				},
			}
		}
		rules = append(rules, rule)
	}
	return rules, metrics
}

// newACL creates the regional web ACL: it allows what no rule blocks, and
// its description says what the rules do.
func newACL(ctx *pulumi.Context, name string, a WebACLArgs, rules awswafv2.WebAclRuleArray, aclMetric string,
	tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (*awswafv2.WebAcl, error) {
	mode := "blocks"
	if a.CountOnly {
		mode = "counts"
	}
	return awswafv2.NewWebAcl(ctx, name, &awswafv2.WebAclArgs{
		Description:   pulumi.String(fmt.Sprintf("%s/%s: AWS managed rules (IP reputation, common, known bad inputs) and a rate limit of %d requests in 5 minutes per address; %s matches.", ctx.Project(), ctx.Stack(), a.RateLimit, mode)),
		Scope:         pulumi.String("REGIONAL"),
		DefaultAction: awswafv2.WebAclDefaultActionArgs{Allow: &awswafv2.WebAclDefaultActionAllowArgs{}},
		Rules:         rules,
		VisibilityConfig: awswafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(aclMetric),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
		Tags: tags,
	}, parent)
}

// newLogging creates WAF's log group, the resource policy that lets WAF's
// log delivery write to it, and the web ACL's logging configuration, and
// returns the group's name.
func newLogging(ctx *pulumi.Context, name string, a WebACLArgs, acl *awswafv2.WebAcl,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (pulumi.StringOutput, error) {
	none := pulumi.StringOutput{}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return none, fmt.Errorf("waf: %s: looking up the partition: %w", name, err)
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return none, fmt.Errorf("waf: %s: looking up the region: %w", name, err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return none, fmt.Errorf("waf: %s: looking up the account: %w", name, err)
	}
	ln := name + "-logs"
	group, err := awscloudwatch.NewLogGroup(ctx, ln, &awscloudwatch.LogGroupArgs{
		NamePrefix:      pulumi.String(logGroupPrefix(ctx.Project(), ctx.Stack(), name)),
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		KmsKeyId:        a.LogKMSKeyARN,
		Tags:            tags(ln),
	}, parent)
	if err != nil {
		return none, err
	}
	// A policy of the stack's own, so that WAF does not grow the account's
	// shared AWSWAF-LOGS policy (which fails once it is too large).
	policy, err := awscloudwatch.NewLogResourcePolicy(ctx, ln, &awscloudwatch.LogResourcePolicyArgs{
		PolicyName: pulumi.String(metricName(ctx.Project()+"-"+ctx.Stack(), ln)),
		PolicyDocument: group.Arn.ApplyT(func(arn string) string {
			return logResourcePolicy(partition.Partition, region.Name, account.AccountId, arn)
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return none, err
	}
	var redacted awswafv2.WebAclLoggingConfigurationRedactedFieldArray
	for _, h := range RedactedHeaders {
		redacted = append(redacted, &awswafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &awswafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(h)},
		})
	}
	if _, err := awswafv2.NewWebAclLoggingConfiguration(ctx, ln, &awswafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{group.Arn},
		RedactedFields:        redacted,
	}, parent, pulumi.DependsOn([]pulumi.Resource{policy})); err != nil {
		return none, err
	}
	return group.Name, nil
}
