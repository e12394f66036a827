package pipelineroles

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// networkCreates are the EC2 creates of the stacks: each sends the
// project's tag (TagSpecifications), which EC2 checks as ec2:CreateTags
// with ec2:CreateAction. RunInstances and the security group rules are
// created with tags too.
var networkCreates = []string{
	"ec2:AllocateAddress", "ec2:CreateFlowLogs", "ec2:CreateInternetGateway", "ec2:CreateLaunchTemplate", "ec2:CreateManagedPrefixList",
	"ec2:CreateNatGateway", "ec2:CreateNetworkInterface", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup", "ec2:CreateSubnet",
	"ec2:CreateVpc", "ec2:CreateVpcEndpoint",
}

// networkTaggedOnCreate are the EC2 actions that create a tagged resource
// (the ec2:CreateAction of the tagging).
var networkTaggedOnCreate = append(append([]string{}, networkCreates...),
	"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateLaunchTemplateVersion", "ec2:RunInstances")

// networkChanges change or delete what carries the project's tag.
var networkChanges = []string{
	"ec2:AssociateRouteTable", "ec2:AttachInternetGateway", "ec2:AttachNetworkInterface", "ec2:AuthorizeSecurityGroupEgress",
	"ec2:AuthorizeSecurityGroupIngress", "ec2:CreateLaunchTemplateVersion", "ec2:CreateRoute",
	"ec2:DeleteFlowLogs", "ec2:DeleteInternetGateway", "ec2:DeleteLaunchTemplate", "ec2:DeleteLaunchTemplateVersions",
	"ec2:DeleteManagedPrefixList", "ec2:DeleteNatGateway", "ec2:DeleteNetworkInterface", "ec2:DeleteRoute", "ec2:DeleteRouteTable",
	"ec2:DeleteSecurityGroup", "ec2:DeleteSubnet", "ec2:DeleteVpc", "ec2:DeleteVpcEndpoints",
	"ec2:DetachInternetGateway", "ec2:DetachNetworkInterface", "ec2:DisassociateAddress", "ec2:DisassociateRouteTable",
	"ec2:ModifyLaunchTemplate", "ec2:ModifyManagedPrefixList", "ec2:ModifyNetworkInterfaceAttribute",
	"ec2:ModifySecurityGroupRules", "ec2:ModifySubnetAttribute", "ec2:ModifyVpcAttribute", "ec2:ModifyVpcEndpoint",
	"ec2:ReleaseAddress", "ec2:ReplaceRoute", "ec2:ReplaceRouteTableAssociation", "ec2:RevokeSecurityGroupEgress",
	"ec2:RevokeSecurityGroupIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
}

// networkPolicy lets the deploy role create the stacks' network and the
// instances' launch templates tagged with the project, change and delete
// only what carries the tag, empty the VPCs' default security groups
// without tagging them, and launch instances only tagged, from the
// project's launch templates, in its subnets and security groups, from
// Amazon's images; and the validation hook's Lambda functions
// (CodeDeployHook_*), which run in the VPC, tagged likewise.
func networkPolicy(s scope) iampolicy.Document {
	hookFunctions := []string{s.arn("lambda", "*", "function:"+hookspec.FunctionPrefix+"*")}
	regions := conditions{"StringEquals": {"aws:RequestedRegion": s.Regions}}
	return iampolicy.New(
		// The validation hook's functions, which run in the VPC, by name and tag.
		stmt("CreateTaggedHookFunctions", []string{"lambda:CreateFunction"}, hookFunctions, s.requestTagged()),
		stmt("ChangeTaggedHookFunctions", []string{
			"lambda:DeleteFunction", "lambda:UntagResource", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
		}, hookFunctions, s.resourceTagged()),
		stmt("RetagTaggedHookFunctions", []string{"lambda:TagResource"}, hookFunctions, s.retagged()),
		stmt("CreateTaggedNetwork", networkCreates, anything, s.requestTagged()),
		stmt("TagOnCreate", []string{"ec2:CreateTags"}, anything, s.taggedOnCreate("ec2", networkTaggedOnCreate)),
		stmt("ChangeTaggedNetwork", networkChanges, anything, s.resourceTagged()),
		stmt("RetagTaggedNetwork", []string{"ec2:CreateTags"}, anything, s.retagged()),
		stmt("UntagTaggedNetwork", []string{"ec2:DeleteTags"}, anything, s.untagging()),
		// A VPC's default security group exists before anything can tag
		// it: the stacks empty it (revoke only: it can close a group, never
		// open one) and leave it untagged.
		stmt("EmptyDefaultSecurityGroups", []string{"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"},
			[]string{s.arn("ec2", "*", "security-group/*")},
			conditions{"StringEquals": {"aws:RequestedRegion": s.Regions}, "Null": {"aws:ResourceTag/" + tagKey: {"true"}}}),
		// The Auto Scaling groups launch from the stacks' launch templates:
		// creating or updating one checks that the caller may run them.
		stmt("LaunchTaggedInstances", []string{"ec2:RunInstances"},
			[]string{s.arn("ec2", "*", "instance/*"), s.arn("ec2", "*", "volume/*")}, s.requestTagged()),
		stmt("LaunchFromTheProjectsTemplatesSubnetsAndGroups", []string{"ec2:RunInstances"},
			[]string{s.arn("ec2", "*", "launch-template/*"), s.arn("ec2", "*", "subnet/*"), s.arn("ec2", "*", "security-group/*")},
			s.resourceTagged()),
		stmt("LaunchWithInterfaces", []string{"ec2:RunInstances"}, []string{s.arn("ec2", "*", "network-interface/*")}, regions),
		stmt("LaunchAmazonImages", []string{"ec2:RunInstances"}, []string{"arn:" + s.Partition + ":ec2:*::image/*"},
			conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "ec2:Owner": {"amazon"}}}),
	)
}

// untagging scopes an untag action to what carries the project's tag.
// Removing the Project tag itself takes a resource out of the deploy
// role's reach, which it may do (the VPC's default security group, once
// adopted by tag, is so released); it can never put it back.
func (s scope) untagging() conditions { return s.resourceTagged() }

// newOrRetagged scopes the tag action of a service that cannot tell a tag
// on create from a tag on an existing resource (it has no CreateAction
// key) yet checks the tag action when a resource is created with tags:
// the project's tag may go on what carries it already or carries no
// Project tag at all, never on what another project tagged.
func (s scope) newOrRetagged() conditions {
	return conditions{
		"StringEquals":         {"aws:RequestedRegion": s.Regions, "aws:RequestTag/" + tagKey: {s.Project}},
		"StringEqualsIfExists": {"aws:ResourceTag/" + tagKey: {s.Project}},
	}
}

// Creates of the services that scope by tag, each sending the project's
// tag; ECS and load balancing check the tagging as their CreateAction.
var (
	serviceCreates = []string{
		"autoscaling:CreateAutoScalingGroup", "cloudwatch:PutMetricAlarm", "ecr:CreateRepository", "ecs:CreateCapacityProvider",
		"ecs:CreateCluster", "ecs:CreateService", "ecs:RegisterTaskDefinition", "elasticloadbalancing:CreateListener",
		"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateRule", "elasticloadbalancing:CreateTargetGroup",
		"kms:CreateKey", "logs:CreateLogGroup", "wafv2:CreateWebACL", "acm:RequestCertificate",
	}
	ecsTaggedOnCreate = []string{"ecs:CreateCapacityProvider", "ecs:CreateCluster", "ecs:CreateService", "ecs:RegisterTaskDefinition"}
	elbTaggedOnCreate = []string{"elasticloadbalancing:CreateListener", "elasticloadbalancing:CreateLoadBalancer",
		"elasticloadbalancing:CreateRule", "elasticloadbalancing:CreateTargetGroup"}
	// serviceTagActions are the tag actions of the services without a
	// CreateAction key.
	serviceTagActions = []string{
		"acm:AddTagsToCertificate", "autoscaling:CreateOrUpdateTags", "cloudwatch:TagResource", "ecr:TagResource", "kms:TagResource", "logs:TagLogGroup",
		"logs:TagResource", "wafv2:TagResource",
	}
	serviceUntagActions = []string{
		"acm:RemoveTagsFromCertificate", "autoscaling:DeleteTags", "cloudwatch:UntagResource", "ecr:UntagResource", "ecs:UntagResource", "elasticloadbalancing:RemoveTags",
		"kms:UntagResource", "logs:UntagLogGroup", "logs:UntagResource", "wafv2:UntagResource",
	}
	serviceChanges = []string{
		"acm:DeleteCertificate",
		"autoscaling:DeleteAutoScalingGroup", "autoscaling:SetInstanceProtection",
		"autoscaling:StartInstanceRefresh", "autoscaling:CancelInstanceRefresh", "autoscaling:UpdateAutoScalingGroup",
		"cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm",
		"ecr:BatchCheckLayerAvailability", "ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DeleteLifecyclePolicy",
		"ecr:DeleteRepository", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:PutImageScanningConfiguration",
		"ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy", "ecr:UploadLayerPart",
		"ecs:DeleteCapacityProvider", "ecs:DeleteCluster", "ecs:DeleteService",
		"ecs:PutClusterCapacityProviders", "ecs:UpdateCapacityProvider", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:UpdateService",
		"elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteRule",
		"elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:DeregisterTargets",
		"elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyLoadBalancerAttributes",
		"elasticloadbalancing:ModifyRule", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
		"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
		"kms:DisableKeyRotation", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription",
		"logs:AssociateKmsKey", "logs:DeleteLogGroup", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey", "logs:PutRetentionPolicy",
		"wafv2:AssociateWebACL", "wafv2:DeleteLoggingConfiguration", "wafv2:DeleteWebACL",
		"wafv2:PutLoggingConfiguration", "wafv2:UpdateWebACL",
	}
)

// taggedServicesPolicy lets the deploy role create the stacks' load
// balancers, ECS, Auto Scaling, logs, alarms, images, keys and WAF with the
// project's tag, change and delete only what carries it, and push images
// to its repositories, in the stacks' regions. Tags go on at creation, or
// again on what carries the project's tag.
func taggedServicesPolicy(s scope) iampolicy.Document {
	return iampolicy.New(
		stmt("CreateTagged", serviceCreates, anything, s.requestTagged()),
		stmt("TagECSOnCreate", []string{"ecs:TagResource"}, anything, s.taggedOnCreate("ecs", ecsTaggedOnCreate)),
		stmt("TagLoadBalancingOnCreate", []string{"elasticloadbalancing:AddTags"}, anything, s.taggedOnCreate("elasticloadbalancing", elbTaggedOnCreate)),
		stmt("RetagTagged", []string{"ecs:TagResource", "elasticloadbalancing:AddTags"}, anything, s.retagged()),
		stmt("TagNewOrTagged", serviceTagActions, anything, s.newOrRetagged()),
		stmt("ChangeTagged", serviceChanges, anything, s.resourceTagged()),
		stmt("UntagTagged", serviceUntagActions, anything, s.untagging()),
		// A repository encrypted with the project's key: ECR creates its
		// grant with the caller's permission.
		stmt("ECRGrantsOnTheProjectsKeys", []string{"kms:CreateGrant", "kms:RetireGrant"}, []string{s.arn("kms", "*", "key/*")}, conditions{
			"StringEquals": {"aws:RequestedRegion": s.Regions, "aws:ResourceTag/" + tagKey: {s.Project}},
			"StringLike":   {"kms:ViaService": {"ecr.*.amazonaws.com"}},
			"Bool":         {"kms:GrantIsForAWSResource": {"true"}},
		}),
	)
}

// namedServicesPolicy lets the deploy role manage what the stacks create
// in the services that scope by tag in their own way (SNS topics,
// CodeDeploy, Application Auto Scaling, key aliases), or only by name or
// region: the access-log buckets (named <project>-...), CodeDeploy's
// deployment configurations, WAF's log delivery and managed rule groups,
// ECR's token, the two release calls that take no resource, and the
// release's read of the hooks' logs.
func namedServicesPolicy(s scope) iampolicy.Document {
	aliases := s.arn("kms", "*", "alias/"+s.Project+"/*")
	stmts := []iampolicy.Statement{
		stmt("UseManagedRuleGroups", []string{"wafv2:CreateWebACL", "wafv2:UpdateWebACL"},
			[]string{s.arn("wafv2", "*", "*/managedruleset/*/*")}, s.inRegions()),
		stmt("KeyAliasesOfTheProject", []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"}, []string{aliases}, s.inRegions()),
		stmt("AliasTaggedKeys", []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"},
			[]string{s.arn("kms", "*", "key/*")}, s.resourceTagged()),
		stmt("CreateTaggedTopicsAppsAndScaling", []string{
			"application-autoscaling:RegisterScalableTarget", "codedeploy:CreateApplication", "codedeploy:CreateDeploymentGroup", "sns:CreateTopic",
		}, anything, s.requestTagged()),
		stmt("TagNewOrTaggedTopicsAppsAndScaling", []string{"application-autoscaling:TagResource", "codedeploy:TagResource", "sns:TagResource"},
			anything, s.newOrRetagged()),
		stmt("ChangeTaggedTopicsAppsAndScaling", []string{
			"application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
			"application-autoscaling:PutScalingPolicy", "application-autoscaling:RegisterScalableTarget",
			"codedeploy:CreateDeployment", "codedeploy:DeleteApplication", "codedeploy:DeleteDeploymentGroup",
			"codedeploy:RegisterApplicationRevision", "codedeploy:UpdateApplication", "codedeploy:UpdateDeploymentGroup",
			"sns:DeleteTopic", "sns:SetSubscriptionAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe",
		}, anything, s.resourceTagged()),
		stmt("UntagTaggedTopicsAppsAndScaling", []string{"application-autoscaling:UntagResource", "codedeploy:UntagResource", "sns:UntagResource"},
			anything, s.untagging()),
		// CodeDeploy's deployment configurations take neither tags nor
		// the stacks' names; AWS refuses to delete one a group uses.
		stmt("DeploymentConfigurations", []string{"codedeploy:CreateDeploymentConfig", "codedeploy:DeleteDeploymentConfig"},
			[]string{s.arn("codedeploy", "*", "deploymentconfig:*")}, s.inRegions()),
		// StopDeployment and ContinueDeployment take no resource (the
		// Service Authorization Reference lists none): release cancel,
		// continue, the rollback at --timeout and the interrupt.
		stmt("StopAndContinueReleases", []string{"codedeploy:ContinueDeployment", "codedeploy:StopDeployment"}, anything, s.inRegions()),
		// A failed validation's reason, which the hook's function logs:
		// the events of the project's hook log groups, no other log's. The
		// tag as well as the name: CodeDeployHook_<project>-* also names
		// the hooks of a project called <project>-<more>.
		stmt("ReadHookVerdicts", []string{"logs:FilterLogEvents"}, []string{s.hookLogGroups()}, s.resourceTagged()),
		stmt("PushImages", []string{"ecr:GetAuthorizationToken"}, anything, s.inRegions()),
		// These take no resource, or one whose tags AWS does not check:
		// replaced task definition revisions, a web ACL's load balancer.
		stmt("UntaggableChanges", []string{"ecs:DeregisterTaskDefinition", "elasticloadbalancing:SetWebAcl"}, anything, s.inRegions()),
		stmt("WebACLsOnLoadBalancers", []string{"wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"},
			[]string{s.arn("elasticloadbalancing", "*", "loadbalancer/app/*")}, s.inRegions()),
		// Target tracking (the service's auto scaling) creates its alarms,
		// untagged, named after the service; it checks the caller may.
		stmt("TargetTrackingAlarms", []string{"cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm"},
			[]string{s.arn("cloudwatch", "*", "alarm:TargetTracking-service/*")}, s.inRegions()),
		stmt("WAFLogDelivery", []string{
			"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DeleteResourcePolicy", "logs:GetLogDelivery",
			"logs:ListLogDeliveries", "logs:PutResourcePolicy",
		}, anything, s.inRegions()),
		stmt("AccessLogBuckets", []string{
			"s3:CreateBucket", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteObject", "s3:DeleteObjectVersion",
			"s3:ListBucket", "s3:ListBucketVersions", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy",
			"s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
		}, []string{s.accessLogBuckets(), s.accessLogBuckets() + "/*"}, nil),
	}
	return iampolicy.New(append(stmts, s.recordsPolicy()...)...)
}

// hookLogGroups matches the log groups of the project's validation hooks,
// /aws/lambda/CodeDeployHook_<project>-*: the group's ARN, and with ":*"
// (the form CloudWatch Logs authorizes some calls on).
func (s scope) hookLogGroups() string {
	return s.arn("logs", "*", "log-group:"+hookspec.LogGroup(hookspec.FunctionNamePrefix(s.Project))+"*")
}

// recordsPolicy lets the deploy role change the records a domainName
// creates, A and AAAA aliases and CNAMEs of certificate validation, in
// HostedZoneIDs only; nothing without them.
func (s scope) recordsPolicy() []iampolicy.Statement {
	if len(s.HostedZoneIDs) == 0 {
		return nil
	}
	var zones []string
	for _, z := range s.HostedZoneIDs {
		zones = append(zones, "arn:"+s.Partition+":route53:::hostedzone/"+z)
	}
	return []iampolicy.Statement{stmt("RecordsInTheNamedZones", []string{"route53:ChangeResourceRecordSets"}, zones,
		conditions{"ForAllValues:StringEquals": {"route53:ChangeResourceRecordSetsRecordTypes": {"A", "AAAA", "CNAME"}}})}
}
