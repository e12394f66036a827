package pipelineroles

import (
	"fmt"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// GitHub's OIDC issuer and the audience AWS's credential action asks for.
const (
	GitHubOIDCHost   = "token.actions.githubusercontent.com"
	GitHubOIDCURL    = "https://" + GitHubOIDCHost
	GitHubOIDCClient = "sts.amazonaws.com"
)

// MaxPolicyLength is the most characters (white space excluded) IAM takes
// in a customer managed policy.
const MaxPolicyLength = 6144

// readActions are what a preview (with --refresh) reads of what the stacks
// contain, in the stacks' regions: configuration and tags, never the data
// (no log events, object contents, image layers, metrics or sampled
// requests).
var readActions = []string{
	"acm:DescribeCertificate", "acm:ListTagsForCertificate",
	"application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
	"application-autoscaling:ListTagsForResource",
	"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeInstanceRefreshes", "autoscaling:DescribeLaunchConfigurations",
	"autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags",
	"cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource",
	"codedeploy:BatchGetApplications", "codedeploy:BatchGetDeploymentGroups", "codedeploy:BatchGetDeployments",
	"codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:GetDeployment", "codedeploy:GetDeploymentConfig",
	"codedeploy:GetDeploymentGroup", "codedeploy:GetDeploymentTarget", "codedeploy:ListApplications", "codedeploy:ListDeploymentConfigs",
	"codedeploy:ListDeploymentGroups", "codedeploy:ListDeploymentTargets", "codedeploy:ListDeployments", "codedeploy:ListTagsForResource",
	"ec2:Describe*", "ec2:GetLaunchTemplateData", "ec2:GetManagedPrefixListEntries",
	"ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListImages",
	"ecr:ListTagsForResource",
	"ecs:DescribeCapacityProviders", "ecs:DescribeClusters", "ecs:DescribeServices", "ecs:DescribeTaskDefinition",
	"ecs:DescribeTaskSets", "ecs:ListClusters", "ecs:ListServices", "ecs:ListTagsForResource", "ecs:ListTaskDefinitions",
	"elasticloadbalancing:Describe*",
	"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
	"logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
	"sns:GetSubscriptionAttributes", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource",
	"wafv2:GetLoggingConfiguration", "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:ListResourcesForWebACL",
	"wafv2:ListTagsForResource", "wafv2:ListWebACLs",
}

// hookReadActions read a hook function's configuration and tags.
var hookReadActions = []string{
	"lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:ListTags", "lambda:ListVersionsByFunction",
}

// route53ReadActions find and read a domainName's hosted zone and records.
var route53ReadActions = []string{
	"route53:GetChange", "route53:GetHostedZone", "route53:ListHostedZones", "route53:ListHostedZonesByName",
	"route53:ListResourceRecordSets", "route53:ListTagsForResource",
}

// iamReadActions are the reads of the stacks' roles, instance profiles and
// policies (IAM is global: no region).
var iamReadActions = []string{
	"iam:GetInstanceProfile", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy",
	"iam:ListAttachedRolePolicies", "iam:ListInstanceProfileTags", "iam:ListInstanceProfilesForRole", "iam:ListPolicyTags",
	"iam:ListPolicyVersions", "iam:ListRolePolicies", "iam:ListRoleTags",
}

// bucketReadActions read an access-log bucket's configuration, not its
// objects.
var bucketReadActions = []string{
	"s3:GetAccelerateConfiguration", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketLocation", "s3:GetBucketLogging",
	"s3:GetBucketObjectLockConfiguration", "s3:GetBucketOwnershipControls", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock",
	"s3:GetBucketRequestPayment", "s3:GetBucketTagging", "s3:GetBucketVersioning", "s3:GetBucketWebsite",
	"s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration",
}

// readPolicy is what both roles read: the stacks' resources, not their
// data.
func readPolicy(s scope) iampolicy.Document {
	return iampolicy.New(
		iampolicy.Statement{Sid: "ReadStackResources", Effect: "Allow", Action: readActions, Resource: []string{"*"}, Condition: s.inRegions()},
		// The validation hook's function (package validation), by its
		// name: a function's configuration holds its environment.
		iampolicy.Statement{Sid: "ReadHookFunctions", Effect: "Allow", Action: hookReadActions,
			Resource: []string{s.arn("lambda", "*", "function:"+hookspec.FunctionPrefix+"*")}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "ReadPublicParameters", Effect: "Allow", Action: []string{"ssm:GetParameter", "ssm:GetParameters"},
			Resource: []string{fmt.Sprintf("arn:%s:ssm:*::parameter/aws/service/*", s.Partition)}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "ReadStackRoles", Effect: "Allow", Action: iamReadActions, Resource: []string{
			fmt.Sprintf("arn:%s:iam::%s:role/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::%s:instance-profile/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::%s:policy/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::aws:policy/*", s.Partition),
		}},
		iampolicy.Statement{Sid: "ReadAccessLogBuckets", Effect: "Allow", Action: bucketReadActions, Resource: []string{s.accessLogBuckets()}},
		// Route 53 is global (its calls name us-east-1): a domainName's
		// zone, its records and the changes' progress.
		iampolicy.Statement{Sid: "ReadHostedZones", Effect: "Allow", Action: route53ReadActions, Resource: []string{"*"}},
	)
}

// statePolicy lets a role read (and, with write, change) the state of the
// project's stacks in the backend bucket and nothing else there; the
// preview role writes its locks only with StateLocking.
func statePolicy(s scope, write bool) iampolicy.Document {
	bucket := fmt.Sprintf("arn:%s:s3:::%s", s.Partition, s.StateBucket)
	kinds := []string{"stacks", "locks"}
	if write {
		kinds = []string{"stacks", "history", "backups", "locks"}
	}
	var listPrefixes []string
	for _, k := range s.stateKeys(kinds...) {
		listPrefixes = append(listPrefixes, k, strings.TrimSuffix(k, "*"))
	}
	readable := []string{s.stateObject(".pulumi/meta.yaml")}
	for _, k := range s.stateKeys(kinds...) {
		readable = append(readable, fmt.Sprintf("arn:%s:s3:::%s/%s", s.Partition, s.StateBucket, k))
	}
	stmts := []iampolicy.Statement{
		{Sid: "FindTheProjectsState", Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: []string{bucket},
			Condition: conditions{"StringLike": {"s3:prefix": listPrefixes}}},
		{Sid: "LocateTheBucket", Effect: "Allow", Action: []string{"s3:GetBucketLocation"}, Resource: []string{bucket}},
		{Sid: "ReadTheProjectsState", Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: readable},
	}
	switch {
	case write:
		var writable []string
		for _, k := range s.stateKeys(kinds...) {
			writable = append(writable, fmt.Sprintf("arn:%s:s3:::%s/%s", s.Partition, s.StateBucket, k))
		}
		stmts = append(stmts, iampolicy.Statement{Sid: "WriteTheProjectsState", Effect: "Allow", Action: []string{"s3:PutObject", "s3:DeleteObject"}, Resource: writable})
	case s.StateLocking:
		stmts = append(stmts, iampolicy.Statement{Sid: "TakeAndReleaseLocks", Effect: "Allow", Action: []string{"s3:PutObject", "s3:DeleteObject"},
			Resource: []string{fmt.Sprintf("arn:%s:s3:::%s/%s", s.Partition, s.StateBucket, s.stateKeys("locks")[0])}})
	}
	if s.StateKMSKeyARN != "" {
		actions := []string{"kms:Decrypt"}
		if write || s.StateLocking {
			actions = append(actions, "kms:Encrypt", "kms:GenerateDataKey")
		}
		stmts = append(stmts, iampolicy.Statement{Sid: "StateBucketKey", Effect: "Allow", Action: actions, Resource: []string{s.StateKMSKeyARN},
			Condition: conditions{"StringLike": {"kms:ViaService": {"s3.*.amazonaws.com"}}}})
	}
	return iampolicy.New(stmts...)
}
