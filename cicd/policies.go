package cicd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
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

// scope is what the roles' policies are scoped by: plain values, so the
// documents are pure functions of it.
type scope struct {
	Partition, Account string
	// Project is the Pulumi project: the stacks tag every resource
	// Project=<Project>, and its state lives under .pulumi/*/<Project>.
	Project string
	// Regions are the stacks' regions.
	Regions []string
	// StateBucket, StatePrefix and StateKMSKeyARN locate the state backend.
	StateBucket, StatePrefix, StateKMSKeyARN string
	// StateLocking lets the preview role write and remove its locks.
	StateLocking bool
	// BoundaryARN is the permissions boundary every role the deploy role
	// creates must carry.
	BoundaryARN string
	// Path is the IAM path of the CI roles and the boundary they create.
	Path string
}

// conditions of a statement.
type conditions = map[string]map[string][]string

// tagKey is the tag the stacks put on every resource (main.go) and the
// deploy role's scoping key.
const tagKey = "Project"

func (s scope) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", s.Partition, service, region, s.Account, resource)
}

func (s scope) inRegions() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions}}
}

// requestTagged and resourceTagged scope an action to what carries the
// project's tag: on create, the tag sent; on change, the tag present.
func (s scope) requestTagged() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "aws:RequestTag/" + tagKey: {s.Project}}}
}

func (s scope) resourceTagged() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "aws:ResourceTag/" + tagKey: {s.Project}}}
}

// stateKey is an object key (pattern) in the state bucket, under the
// prefix.
func (s scope) stateKey(key string) string {
	p := strings.Trim(s.StatePrefix, "/")
	if p != "" {
		p += "/"
	}
	return p + key
}

func (s scope) stateObject(key string) string {
	return fmt.Sprintf("arn:%s:s3:::%s/%s", s.Partition, s.StateBucket, s.stateKey(key))
}

// The diy backend's layout for a project (pulumi/pkg backend/diy):
// .pulumi/meta.yaml, then stacks/, history/, backups/ and
// locks/organization/ per project.
func (s scope) stateKeys(kinds ...string) []string {
	var out []string
	for _, k := range kinds {
		if k == "locks" {
			out = append(out, s.stateKey(".pulumi/locks/organization/"+s.Project+"/*"))
			continue
		}
		out = append(out, s.stateKey(".pulumi/"+k+"/"+s.Project+"/*"))
	}
	return out
}

// readActions are what a preview (with --refresh) reads of what the stacks
// contain, in the stacks' regions: configuration and tags, never the data
// (no log events, object contents, image layers, metrics or sampled
// requests).
var readActions = []string{
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

// accessLogBuckets matches the access-log buckets the load balancer
// component names (<name>-alb-logs-...).
func (s scope) accessLogBuckets() string {
	return fmt.Sprintf("arn:%s:s3:::*-alb-logs-*", s.Partition)
}

// readPolicy is what both roles read: the stacks' resources, not their
// data.
func readPolicy(s scope) iampolicy.Document {
	return iampolicy.New(
		iampolicy.Statement{Sid: "ReadStackResources", Effect: "Allow", Action: readActions, Resource: []string{"*"}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "ReadPublicParameters", Effect: "Allow", Action: []string{"ssm:GetParameter", "ssm:GetParameters"},
			Resource: []string{fmt.Sprintf("arn:%s:ssm:*::parameter/aws/service/*", s.Partition)}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "ReadStackRoles", Effect: "Allow", Action: iamReadActions, Resource: []string{
			fmt.Sprintf("arn:%s:iam::%s:role/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::%s:instance-profile/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::%s:policy/*", s.Partition, s.Account),
			fmt.Sprintf("arn:%s:iam::aws:policy/*", s.Partition),
		}},
		iampolicy.Statement{Sid: "ReadAccessLogBuckets", Effect: "Allow", Action: bucketReadActions, Resource: []string{s.accessLogBuckets()}},
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

// networkPolicy lets the deploy role create the stacks' network and
// instances' launch configuration, tagged with the project, and change and
// delete only what carries the tag, in the stacks' regions.
func networkPolicy(s scope) iampolicy.Document {
	creates := []string{
		"ec2:AllocateAddress", "ec2:CreateFlowLogs", "ec2:CreateInternetGateway", "ec2:CreateLaunchTemplate", "ec2:CreateManagedPrefixList",
		"ec2:CreateNatGateway", "ec2:CreateNetworkInterface", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup", "ec2:CreateSubnet",
		"ec2:CreateVpc", "ec2:CreateVpcEndpoint",
	}
	changes := []string{
		"ec2:AssociateRouteTable", "ec2:AttachInternetGateway", "ec2:AttachNetworkInterface", "ec2:AuthorizeSecurityGroupEgress",
		"ec2:AuthorizeSecurityGroupIngress", "ec2:CreateLaunchTemplateVersion", "ec2:CreateRoute", "ec2:CreateTags",
		"ec2:DeleteFlowLogs", "ec2:DeleteInternetGateway", "ec2:DeleteLaunchTemplate", "ec2:DeleteLaunchTemplateVersions",
		"ec2:DeleteManagedPrefixList", "ec2:DeleteNatGateway", "ec2:DeleteNetworkInterface", "ec2:DeleteRoute", "ec2:DeleteRouteTable",
		"ec2:DeleteSecurityGroup", "ec2:DeleteSubnet", "ec2:DeleteTags", "ec2:DeleteVpc", "ec2:DeleteVpcEndpoints",
		"ec2:DetachInternetGateway", "ec2:DetachNetworkInterface", "ec2:DisassociateAddress", "ec2:DisassociateRouteTable",
		"ec2:ModifyLaunchTemplate", "ec2:ModifyManagedPrefixList", "ec2:ModifyNetworkInterfaceAttribute",
		"ec2:ModifySecurityGroupRules", "ec2:ModifySubnetAttribute", "ec2:ModifyVpcAttribute", "ec2:ModifyVpcEndpoint",
		"ec2:ReleaseAddress", "ec2:ReplaceRoute", "ec2:ReplaceRouteTableAssociation", "ec2:RevokeSecurityGroupEgress",
		"ec2:RevokeSecurityGroupIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
	}
	return iampolicy.New(
		iampolicy.Statement{Sid: "CreateTaggedNetwork", Effect: "Allow", Action: creates, Resource: []string{"*"}, Condition: s.requestTagged()},
		iampolicy.Statement{Sid: "TagOnCreate", Effect: "Allow", Action: []string{"ec2:CreateTags"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "ec2:CreateAction": createActionNames(creates)}}},
		iampolicy.Statement{Sid: "ChangeTaggedNetwork", Effect: "Allow", Action: changes, Resource: []string{"*"}, Condition: s.resourceTagged()},
		// The VPC's default security group exists before anything can tag
		// it: the stack adopts it (tags it, empties it) once.
		iampolicy.Statement{Sid: "AdoptTheDefaultSecurityGroup", Effect: "Allow",
			Action:   []string{"ec2:CreateTags", "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"},
			Resource: []string{s.arn("ec2", "*", "security-group/*")},
			Condition: conditions{
				"StringEquals": {"aws:RequestedRegion": s.Regions},
				"Null":         {"aws:ResourceTag/" + tagKey: {"true"}},
			}},
		// The Auto Scaling groups launch from the stacks' launch templates:
		// creating or updating one checks that the caller may run them.
		iampolicy.Statement{Sid: "LaunchFromTemplates", Effect: "Allow", Action: []string{"ec2:RunInstances"}, Resource: []string{"*"}, Condition: s.inRegions()},
	)
}

// createActionNames are the API names of EC2 create actions, as the
// ec2:CreateAction condition key gives them ("CreateVpc").
func createActionNames(actions []string) []string {
	var out []string
	for _, a := range actions {
		out = append(out, strings.TrimPrefix(a, "ec2:"))
	}
	return out
}

// taggedServicesPolicy lets the deploy role create the stacks' load
// balancers, ECS, Auto Scaling, logs, alarms, images, keys and WAF with the
// project's tag, change and delete what carries it, and push images to its
// repositories, in the stacks' regions.
func taggedServicesPolicy(s scope) iampolicy.Document {
	// Creates that send the project's tag, and the tagging each needs
	// (where a service cannot tell a tag on create from a tag on an
	// existing resource, the tag's value is what is checked).
	creates := []string{
		"autoscaling:CreateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource",
		"ecr:CreateRepository", "ecr:TagResource", "ecs:CreateCapacityProvider", "ecs:CreateCluster", "ecs:CreateService",
		"ecs:RegisterTaskDefinition", "elasticloadbalancing:CreateListener", "elasticloadbalancing:CreateLoadBalancer",
		"elasticloadbalancing:CreateTargetGroup", "kms:CreateKey", "kms:TagResource", "logs:CreateLogGroup", "logs:TagLogGroup",
		"logs:TagResource", "wafv2:CreateWebACL", "wafv2:TagResource",
	}
	changes := []string{
		"autoscaling:CreateOrUpdateTags", "autoscaling:DeleteAutoScalingGroup", "autoscaling:DeleteTags", "autoscaling:SetInstanceProtection",
		"autoscaling:StartInstanceRefresh", "autoscaling:CancelInstanceRefresh", "autoscaling:UpdateAutoScalingGroup",
		"cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource",
		"ecr:BatchCheckLayerAvailability", "ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DeleteLifecyclePolicy",
		"ecr:DeleteRepository", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:PutImageScanningConfiguration",
		"ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy", "ecr:TagResource", "ecr:UntagResource", "ecr:UploadLayerPart",
		"ecs:DeleteCapacityProvider", "ecs:DeleteCluster", "ecs:DeleteService", "ecs:PutClusterCapacityProviders", "ecs:TagResource",
		"ecs:UntagResource", "ecs:UpdateCapacityProvider", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:UpdateService",
		"elasticloadbalancing:AddTags", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer",
		"elasticloadbalancing:DeleteTargetGroup",
		"elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyLoadBalancerAttributes",
		"elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:RemoveTags",
		"elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:SetWebAcl",
		"kms:DisableKeyRotation", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:UntagResource",
		"kms:UpdateKeyDescription",
		"logs:AssociateKmsKey", "logs:DeleteLogGroup", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey", "logs:PutRetentionPolicy",
		"logs:UntagResource",
		"wafv2:AssociateWebACL", "wafv2:DeleteLoggingConfiguration", "wafv2:DeleteWebACL", "wafv2:DisassociateWebACL",
		"wafv2:PutLoggingConfiguration", "wafv2:UntagResource", "wafv2:UpdateWebACL",
	}
	return iampolicy.New(
		iampolicy.Statement{Sid: "CreateTagged", Effect: "Allow", Action: creates, Resource: []string{"*"}, Condition: s.requestTagged()},
		iampolicy.Statement{Sid: "ChangeTagged", Effect: "Allow", Action: changes, Resource: []string{"*"}, Condition: s.resourceTagged()},
		// Load balancers and ECS tell a tag on create from a tag on an
		// existing resource: tagging is allowed on create only.
		iampolicy.Statement{Sid: "TagLoadBalancingOnCreate", Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"aws:RequestedRegion": s.Regions,
				"elasticloadbalancing:CreateAction": {"CreateListener", "CreateLoadBalancer", "CreateTargetGroup"}}}},
		iampolicy.Statement{Sid: "TagECSOnCreate", Effect: "Allow", Action: []string{"ecs:TagResource"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"aws:RequestedRegion": s.Regions,
				"ecs:CreateAction": {"CreateCapacityProvider", "CreateCluster", "CreateService", "RegisterTaskDefinition"}}}},
	)
}

// namedServicesPolicy lets the deploy role do what the services cannot
// scope by the project's tag: by the names the components give (topics,
// key aliases, access-log buckets), AWS's managed rule groups, or account
// and region (CodeDeploy and releases, service auto scaling, WAF's log
// delivery).
func namedServicesPolicy(s scope) iampolicy.Document {
	aliases := s.arn("kms", "*", "alias/"+s.Project+"/*")
	return iampolicy.New(
		// A web ACL uses AWS's managed rule groups, which carry no tag.
		iampolicy.Statement{Sid: "UseManagedRuleGroups", Effect: "Allow", Action: []string{"wafv2:CreateWebACL", "wafv2:UpdateWebACL"},
			Resource: []string{s.arn("wafv2", "*", "*/managedruleset/*/*")}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "KeyAliasesOfTheProject", Effect: "Allow", Action: []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"},
			Resource: []string{aliases}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "AliasTaggedKeys", Effect: "Allow", Action: []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"},
			Resource: []string{s.arn("kms", "*", "key/*")}, Condition: s.resourceTagged()},
		// SNS, CodeDeploy, Application Auto Scaling and the logs' resource
		// policies and log delivery: by the names the components give,
		// or by account and region.
		iampolicy.Statement{Sid: "NotificationTopics", Effect: "Allow", Action: []string{
			"sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:TagResource", "sns:Unsubscribe", "sns:UntagResource",
		}, Resource: []string{s.arn("sns", "*", "notifications-*")}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "SubscriptionsOfTheTopics", Effect: "Allow", Action: []string{"sns:SetSubscriptionAttributes", "sns:Unsubscribe"},
			Resource: []string{s.arn("sns", "*", "notifications-*:*")}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "CodeDeployAndReleases", Effect: "Allow", Action: []string{
			"codedeploy:ContinueDeployment", "codedeploy:CreateApplication", "codedeploy:CreateDeployment", "codedeploy:CreateDeploymentConfig",
			"codedeploy:CreateDeploymentGroup", "codedeploy:DeleteApplication", "codedeploy:DeleteDeploymentConfig",
			"codedeploy:DeleteDeploymentGroup", "codedeploy:RegisterApplicationRevision", "codedeploy:StopDeployment",
			"codedeploy:TagResource", "codedeploy:UntagResource", "codedeploy:UpdateDeploymentGroup",
		}, Resource: []string{s.arn("codedeploy", "*", "*")}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "ServiceAutoScaling", Effect: "Allow", Action: []string{
			"application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
			"application-autoscaling:PutScalingPolicy", "application-autoscaling:RegisterScalableTarget",
			"application-autoscaling:TagResource", "application-autoscaling:UntagResource",
		}, Resource: []string{"*"}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "WAFLogDelivery", Effect: "Allow", Action: []string{
			"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DeleteResourcePolicy", "logs:GetLogDelivery",
			"logs:ListLogDeliveries", "logs:PutResourcePolicy",
		}, Resource: []string{"*"}, Condition: s.inRegions()},
		iampolicy.Statement{Sid: "AccessLogBuckets", Effect: "Allow", Action: []string{
			"s3:CreateBucket", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteObject", "s3:DeleteObjectVersion",
			"s3:ListBucket", "s3:ListBucketVersions", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy",
			"s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
		}, Resource: []string{s.accessLogBuckets(), s.accessLogBuckets() + "/*"}},
	)
}

// passedTo are the services the stacks pass their roles to: ECS tasks
// (execution and task roles), EC2 (the instance profiles), CodeDeploy (its
// service role), VPC Flow Logs (the delivery role).
var passedTo = []string{"codedeploy.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"}

// serviceLinkedRoles are the service-linked roles the stacks' services
// create on first use in an account.
var serviceLinkedRoles = []string{
	"autoscaling.amazonaws.com", "ecs.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com",
}

// iamPolicy lets the deploy role manage the stacks' roles, instance
// profiles and inline policies: every role it creates or changes carries
// the permissions boundary and the project's tag; it passes only the
// project's roles, and only to the services the stacks use; it can never
// remove a boundary, nor change the CI roles, the boundary policy or the
// OIDC provider.
func iamPolicy(s scope) iampolicy.Document {
	roles := fmt.Sprintf("arn:%s:iam::%s:role/*", s.Partition, s.Account)
	profiles := fmt.Sprintf("arn:%s:iam::%s:instance-profile/*", s.Partition, s.Account)
	bounded := conditions{"StringEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}}}
	tagged := conditions{"StringEquals": {"aws:ResourceTag/" + tagKey: {s.Project}}}
	ciPath := strings.Trim(s.Path, "/")
	protected := []string{
		fmt.Sprintf("arn:%s:iam::%s:role/%s/*", s.Partition, s.Account, ciPath),
		fmt.Sprintf("arn:%s:iam::%s:policy/%s/*", s.Partition, s.Account, ciPath),
		fmt.Sprintf("arn:%s:iam::%s:oidc-provider/%s", s.Partition, s.Account, GitHubOIDCHost),
	}
	if !slices.Contains(protected, s.BoundaryARN) {
		protected = append(protected, s.BoundaryARN)
	}
	return iampolicy.New(
		iampolicy.Statement{Sid: "CreateBoundedTaggedRoles", Effect: "Allow", Action: []string{"iam:CreateRole"}, Resource: []string{roles},
			Condition: conditions{"StringEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}, "aws:RequestTag/" + tagKey: {s.Project}}}},
		iampolicy.Statement{Sid: "ChangeBoundedRolesPolicies", Effect: "Allow", Action: []string{
			"iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
		}, Resource: []string{roles}, Condition: bounded},
		iampolicy.Statement{Sid: "ChangeTaggedRoles", Effect: "Allow", Action: []string{
			"iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
		}, Resource: []string{roles}, Condition: tagged},
		iampolicy.Statement{Sid: "InstanceProfiles", Effect: "Allow", Action: []string{
			"iam:AddRoleToInstanceProfile", "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
			"iam:TagInstanceProfile", "iam:UntagInstanceProfile",
		}, Resource: []string{profiles}},
		iampolicy.Statement{Sid: "PassTheProjectsRoles", Effect: "Allow", Action: []string{"iam:PassRole"}, Resource: []string{roles},
			Condition: conditions{"StringEquals": {"iam:PassedToService": passedTo, "iam:ResourceTag/" + tagKey: {s.Project}}}},
		iampolicy.Statement{Sid: "ServiceLinkedRoles", Effect: "Allow", Action: []string{"iam:CreateServiceLinkedRole"},
			Resource:  []string{fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/*", s.Partition, s.Account)},
			Condition: conditions{"StringEquals": {"iam:AWSServiceName": serviceLinkedRoles}}},
		iampolicy.Statement{Sid: "NoRoleWithoutTheBoundary", Effect: "Deny", Action: []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary"},
			Resource: []string{"*"}, Condition: conditions{"StringNotEquals": {"iam:PermissionsBoundary": {s.BoundaryARN}}}},
		iampolicy.Statement{Sid: "NeverRemoveABoundary", Effect: "Deny", Action: []string{"iam:DeleteRolePermissionsBoundary"}, Resource: []string{"*"}},
		iampolicy.Statement{Sid: "NeverChangeTheCIRolesBoundaryOrProvider", Effect: "Deny", Action: []string{
			"iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Remove*", "iam:Set*",
			"iam:Tag*", "iam:Untag*", "iam:Update*",
		}, Resource: protected},
	)
}

// boundaryPolicy is the permissions boundary of the roles the stacks
// create: it caps them at what workloads do, never administering IAM,
// Organizations or the account, so a role the deploy role creates cannot
// grant more than that whatever is attached to it. CodeDeploy's role
// passes the task roles to ECS (AWSCodeDeployRoleForECS), so iam:PassRole
// to ECS tasks stays.
func boundaryPolicy() iampolicy.Document {
	return iampolicy.New(
		iampolicy.Statement{Sid: "WorkloadsButNotAdministration", Effect: "Allow",
			NotAction: []string{"account:*", "iam:*", "organizations:*"}, Resource: []string{"*"}},
		iampolicy.Statement{Sid: "PassTaskRolesToECS", Effect: "Allow", Action: []string{"iam:PassRole"}, Resource: []string{"*"},
			Condition: conditions{"StringEquals": {"iam:PassedToService": {"ecs-tasks.amazonaws.com"}}}},
	)
}

// trustPolicy lets GitHub Actions runs of repository whose token's
// subject is one of subjects (after "repo:<repository>:") assume a role
// with web identity, for AWS's audience only.
func trustPolicy(providerARN, repository string, subjects []string) iampolicy.Document {
	var subs []string
	for _, s := range subjects {
		subs = append(subs, "repo:"+repository+":"+s)
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Federated: []string{providerARN}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: conditions{"StringEquals": {
			GitHubOIDCHost + ":aud": {GitHubOIDCClient},
			GitHubOIDCHost + ":sub": subs,
		}},
	})
}
