package pipelineroles

// call is one AWS authorization the pipeline's deploy role needs: an
// action on one resource, with what the request says about tags. A call
// that authorizes several resources (RunInstances: the instance, its
// volumes, template, subnet, groups and image) has a row for each.
//
// Resource is the ARN, with {p} the partition, {r} the stack's region,
// {a} the account, {project} the Pulumi project, {bucket} the access-log
// bucket's name; "*" for an action that takes no resource.
type call struct {
	// By is what makes the call: up (from an empty account), up-after-
	// release (a pulumi up once a release moved the listeners and the
	// service), destroy, preview (read), release (cmd/release: verify,
	// diff, the deployment, cancel, continue, the rollback at --timeout).
	By       string
	Action   string
	Resource string
	// Tags is what the request and resource carry of the project's tag:
	// sends (created with it), has (the resource carries it), none.
	Tags tagUse
	// Context holds other condition keys of the request.
	Context map[string]string
}

// tagUse is how a call meets the project's tag.
type tagUse int

const (
	tagNone  tagUse = iota // neither sends nor has it
	tagSends               // the request creates the resource with it (aws:RequestTag)
	tagHas                 // the resource carries it (aws:ResourceTag)
	tagBoth                // re-tagging what carries it
)

// Resources of the table, as their ARNs.
const (
	arnVPC         = "arn:{p}:ec2:{r}:{a}:vpc/vpc-0a1"
	arnSubnet      = "arn:{p}:ec2:{r}:{a}:subnet/subnet-0a1"
	arnRouteTable  = "arn:{p}:ec2:{r}:{a}:route-table/rtb-0a1"
	arnIGW         = "arn:{p}:ec2:{r}:{a}:internet-gateway/igw-0a1"
	arnEIP         = "arn:{p}:ec2:{r}:{a}:elastic-ip/eipalloc-0a1"
	arnNAT         = "arn:{p}:ec2:{r}:{a}:natgateway/nat-0a1"
	arnEndpoint    = "arn:{p}:ec2:{r}:{a}:vpc-endpoint/vpce-0a1"
	arnFlowLog     = "arn:{p}:ec2:{r}:{a}:vpc-flow-log/fl-0a1"
	arnSG          = "arn:{p}:ec2:{r}:{a}:security-group/sg-0a1"
	arnSGRule      = "arn:{p}:ec2:{r}:{a}:security-group-rule/sgr-0a1"
	arnENI         = "arn:{p}:ec2:{r}:{a}:network-interface/eni-0a1"
	arnTemplate    = "arn:{p}:ec2:{r}:{a}:launch-template/lt-0a1"
	arnPrefixList  = "arn:{p}:ec2:{r}:{a}:prefix-list/pl-0a1"
	arnInstance    = "arn:{p}:ec2:{r}:{a}:instance/*"
	arnVolume      = "arn:{p}:ec2:{r}:{a}:volume/*"
	arnImage       = "arn:{p}:ec2:{r}::image/ami-0a1"
	arnRole        = "arn:{p}:iam::{a}:role/roles-task-0a1"
	arnCDRole      = "arn:{p}:iam::{a}:role/roles-codedeploy-0a1"
	arnProfile     = "arn:{p}:iam::{a}:instance-profile/roles-instance-0a1"
	arnKey         = "arn:{p}:kms:{r}:{a}:key/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"
	arnAlias       = "arn:{p}:kms:{r}:{a}:alias/{project}/dev/logs-0a1"
	arnTopic       = "arn:{p}:sns:{r}:{a}:notifications-0a1"
	arnLB          = "arn:{p}:elasticloadbalancing:{r}:{a}:loadbalancer/app/web-0a1/50dc6c495c0c9188"
	arnTG          = "arn:{p}:elasticloadbalancing:{r}:{a}:targetgroup/web-blue-0a1/73e2d6bc24d8a067"
	arnListener    = "arn:{p}:elasticloadbalancing:{r}:{a}:listener/app/web-0a1/50dc6c495c0c9188/f2f7dc8efc522ab2"
	arnRule        = "arn:{p}:elasticloadbalancing:{r}:{a}:listener-rule/app/web-0a1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
	arnBucket      = "arn:{p}:s3:::{bucket}"
	arnWebACL      = "arn:{p}:wafv2:{r}:{a}:regional/webacl/waf-0a1/a1b2c3d4"
	arnRuleGroup   = "arn:{p}:wafv2:{r}:{a}:regional/managedruleset/AWS/AWSManagedRulesCommonRuleSet"
	arnLogGroup    = "arn:{p}:logs:{r}:{a}:log-group:app-0a1"
	arnCluster     = "arn:{p}:ecs:{r}:{a}:cluster/cluster-0a1"
	arnService     = "arn:{p}:ecs:{r}:{a}:service/cluster-0a1/app-0a1"
	arnTaskDef     = "arn:{p}:ecs:{r}:{a}:task-definition/app-0a1:7"
	arnCapacity    = "arn:{p}:ecs:{r}:{a}:capacity-provider/cluster-0a1"
	arnASG         = "arn:{p}:autoscaling:{r}:{a}:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/cluster-0a1"
	arnAlarm       = "arn:{p}:cloudwatch:{r}:{a}:alarm:app-blue-5xx-0a1"
	arnTTAlarm     = "arn:{p}:cloudwatch:{r}:{a}:alarm:TargetTracking-service/cluster-0a1/app-0a1-AlarmHigh-0a1"
	arnRepository  = "arn:{p}:ecr:{r}:{a}:repository/app-0a1"
	arnApp         = "arn:{p}:codedeploy:{r}:{a}:application:app-0a1"
	arnGroup       = "arn:{p}:codedeploy:{r}:{a}:deploymentgroup:app-0a1/app"
	arnConfig      = "arn:{p}:codedeploy:{r}:{a}:deploymentconfig:app-canary-0a1"
	arnTarget      = "arn:{p}:application-autoscaling:{r}:{a}:scalable-target/0ec0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
	arnManagedPol  = "arn:{p}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	arnProjectPol  = "arn:{p}:iam::{a}:policy/{project}/app-reads-its-bucket"
	arnHook        = "arn:{p}:lambda:{r}:{a}:function:CodeDeployHook_{project}-prod-validate"
	arnHookRole    = "arn:{p}:iam::{a}:role/CodeDeployHook_{project}-prod-validate"
	arnHookLogs    = "arn:{p}:logs:{r}:{a}:log-group:/aws/lambda/CodeDeployHook_{project}-prod-validate"
	arnCertificate = "arn:{p}:acm:{r}:{a}:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"
	arnZone        = "arn:{p}:route53:::hostedzone/Z00CAAF24EXAMPLE"
	arnStateObject = "arn:{p}:s3:::{state}/{statePrefix}.pulumi/stacks/{project}/dev.json"
)

// ctx builds a call's extra context.
func ctx(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// createdTagged is a create with the project's tag and its tag-on-create
// check, for a service with a CreateAction key.
func createdTagged(by, create, resource, tagAction, createActionKey string) []call {
	return []call{
		{By: by, Action: create, Resource: resource, Tags: tagSends},
		{By: by, Action: tagAction, Resource: resource, Tags: tagSends, Context: ctx(createActionKey, create[len(serviceOf(create))+1:])},
	}
}

func serviceOf(action string) string {
	for i, r := range action {
		if r == ':' {
			return action[:i]
		}
	}
	return action
}

// pipelineCalls are the calls of `pulumi preview`, `up` and `destroy` of
// every stack (the components' resources, as the AWS provider makes them)
// and of `release` (internal/release's clients): what the deploy role must
// be allowed. The tests ask an IAM simulator about each.
var pipelineCalls = concatCalls(networkCalls, computeCalls, edgeCalls, serviceCalls, iamCalls, domainCalls, releaseCalls, destroyCalls)

func concatCalls(lists ...[]call) []call {
	var out []call
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// networkCalls: network.NewVPC (VPC, default security group, gateways,
// subnets, routes, endpoint, flow logs, NAT gateway or instance).
var networkCalls = concatCalls(
	createdTagged("up", "ec2:CreateVpc", arnVPC, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateInternetGateway", arnIGW, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateSubnet", arnSubnet, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateRouteTable", arnRouteTable, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:AllocateAddress", arnEIP, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateNatGateway", arnNAT, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateVpcEndpoint", arnEndpoint, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateFlowLogs", arnFlowLog, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateSecurityGroup", arnSG, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateNetworkInterface", arnENI, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateLaunchTemplate", arnTemplate, "ec2:CreateTags", "ec2:CreateAction"),
	createdTagged("up", "ec2:CreateManagedPrefixList", arnPrefixList, "ec2:CreateTags", "ec2:CreateAction"),
	[]call{
		// The subnet's, route table's, gateway's VPC: tagged.
		{By: "up", Action: "ec2:CreateSubnet", Resource: arnVPC, Tags: tagBoth},
		{By: "up", Action: "ec2:ModifyVpcAttribute", Resource: arnVPC, Tags: tagHas},
		{By: "up", Action: "ec2:AttachInternetGateway", Resource: arnIGW, Tags: tagHas},
		{By: "up", Action: "ec2:ModifySubnetAttribute", Resource: arnSubnet, Tags: tagHas},
		{By: "up", Action: "ec2:CreateRoute", Resource: arnRouteTable, Tags: tagHas},
		{By: "up", Action: "ec2:AssociateRouteTable", Resource: arnRouteTable, Tags: tagHas},
		{By: "up", Action: "ec2:ModifyVpcEndpoint", Resource: arnEndpoint, Tags: tagHas},
		// The default security group, emptied and left untagged.
		{By: "up", Action: "ec2:RevokeSecurityGroupIngress", Resource: arnSG, Tags: tagNone},
		{By: "up", Action: "ec2:RevokeSecurityGroupEgress", Resource: arnSG, Tags: tagNone},
		// The stacks' rules, each created with tags.
		{By: "up", Action: "ec2:AuthorizeSecurityGroupIngress", Resource: arnSG, Tags: tagHas},
		{By: "up", Action: "ec2:AuthorizeSecurityGroupEgress", Resource: arnSG, Tags: tagHas},
		{By: "up", Action: "ec2:CreateTags", Resource: arnSGRule, Tags: tagSends, Context: ctx("ec2:CreateAction", "AuthorizeSecurityGroupIngress")},
		{By: "up", Action: "ec2:ModifyNetworkInterfaceAttribute", Resource: arnENI, Tags: tagHas},
		{By: "up", Action: "ec2:CreateLaunchTemplateVersion", Resource: arnTemplate, Tags: tagHas},
		{By: "up", Action: "ec2:ModifyManagedPrefixList", Resource: arnPrefixList, Tags: tagHas},
		{By: "up", Action: "ec2:CreateTags", Resource: arnVPC, Tags: tagBoth},
		{By: "up", Action: "ec2:DeleteTags", Resource: arnVPC, Tags: tagHas, Context: ctx("aws:TagKeys", "team")},
		// A stack created before the default security group was left
		// untagged: its tags go, Project too.
		{By: "up", Action: "ec2:DeleteTags", Resource: arnSG, Tags: tagHas, Context: ctx("aws:TagKeys", "Project")},
		{By: "up", Action: "logs:CreateLogGroup", Resource: arnLogGroup, Tags: tagSends},
		{By: "up", Action: "logs:TagResource", Resource: arnLogGroup, Tags: tagSends},
		{By: "up", Action: "logs:PutRetentionPolicy", Resource: arnLogGroup, Tags: tagHas},
		{By: "up", Action: "logs:AssociateKmsKey", Resource: arnLogGroup, Tags: tagHas},
	},
)

// computeCalls: ecs.NewCluster and the NAT instance (launch templates,
// Auto Scaling groups, the instances they launch, ECS).
var computeCalls = concatCalls(
	createdTagged("up", "ecs:CreateCluster", arnCluster, "ecs:TagResource", "ecs:CreateAction"),
	createdTagged("up", "ecs:CreateCapacityProvider", arnCapacity, "ecs:TagResource", "ecs:CreateAction"),
	[]call{
		{By: "up", Action: "autoscaling:CreateAutoScalingGroup", Resource: arnASG, Tags: tagSends},
		{By: "up", Action: "autoscaling:CreateOrUpdateTags", Resource: arnASG, Tags: tagSends},
		{By: "up", Action: "autoscaling:UpdateAutoScalingGroup", Resource: arnASG, Tags: tagHas},
		{By: "up", Action: "autoscaling:SetInstanceProtection", Resource: arnASG, Tags: tagHas},
		{By: "up", Action: "autoscaling:StartInstanceRefresh", Resource: arnASG, Tags: tagHas},
		{By: "up", Action: "autoscaling:CreateOrUpdateTags", Resource: arnASG, Tags: tagBoth},
		// Creating or updating a group checks the caller may launch from
		// its template: each resource of RunInstances.
		{By: "up", Action: "ec2:RunInstances", Resource: arnInstance, Tags: tagSends},
		{By: "up", Action: "ec2:RunInstances", Resource: arnVolume, Tags: tagSends},
		{By: "up", Action: "ec2:CreateTags", Resource: arnInstance, Tags: tagSends, Context: ctx("ec2:CreateAction", "RunInstances")},
		{By: "up", Action: "ec2:RunInstances", Resource: arnTemplate, Tags: tagHas},
		{By: "up", Action: "ec2:RunInstances", Resource: arnSubnet, Tags: tagHas},
		{By: "up", Action: "ec2:RunInstances", Resource: arnSG, Tags: tagHas},
		{By: "up", Action: "ec2:RunInstances", Resource: arnENI, Tags: tagNone},
		{By: "up", Action: "ec2:RunInstances", Resource: arnImage, Tags: tagNone, Context: ctx("ec2:Owner", "amazon")},
		{By: "up", Action: "ecs:PutClusterCapacityProviders", Resource: arnCluster, Tags: tagHas},
		{By: "up", Action: "ecs:UpdateCluster", Resource: arnCluster, Tags: tagHas},
		{By: "up", Action: "ecs:UpdateCapacityProvider", Resource: arnCapacity, Tags: tagHas},
		{By: "up", Action: "ecs:TagResource", Resource: arnCluster, Tags: tagBoth},
	},
)

// edgeCalls: alb.NewLoadBalancer (load balancer, target groups,
// listeners, rules, access-log bucket), waf.NewWebACL, kms.NewLogKey,
// notify.NewTopic.
var edgeCalls = concatCalls(
	createdTagged("up", "elasticloadbalancing:CreateLoadBalancer", arnLB, "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction"),
	createdTagged("up", "elasticloadbalancing:CreateTargetGroup", arnTG, "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction"),
	[]call{
		// A listener is created on its load balancer, a rule on its
		// listener: both tagged.
		{By: "up", Action: "elasticloadbalancing:CreateListener", Resource: arnLB, Tags: tagBoth},
		{By: "up", Action: "elasticloadbalancing:AddTags", Resource: arnListener, Tags: tagSends,
			Context: ctx("elasticloadbalancing:CreateAction", "CreateListener")},
		{By: "up", Action: "elasticloadbalancing:CreateRule", Resource: arnListener, Tags: tagBoth},
		{By: "up", Action: "elasticloadbalancing:AddTags", Resource: arnRule, Tags: tagSends,
			Context: ctx("elasticloadbalancing:CreateAction", "CreateRule")},
		{By: "up", Action: "elasticloadbalancing:ModifyLoadBalancerAttributes", Resource: arnLB, Tags: tagHas},
		{By: "up", Action: "elasticloadbalancing:ModifyTargetGroupAttributes", Resource: arnTG, Tags: tagHas},
		{By: "up", Action: "elasticloadbalancing:ModifyTargetGroup", Resource: arnTG, Tags: tagHas},
		{By: "up", Action: "elasticloadbalancing:RegisterTargets", Resource: arnTG, Tags: tagHas},
		{By: "up", Action: "elasticloadbalancing:SetSecurityGroups", Resource: arnLB, Tags: tagHas},
		{By: "up", Action: "elasticloadbalancing:AddTags", Resource: arnLB, Tags: tagBoth},
		{By: "up", Action: "s3:CreateBucket", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutBucketTagging", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutBucketOwnershipControls", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutBucketPublicAccessBlock", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutEncryptionConfiguration", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutLifecycleConfiguration", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "s3:PutBucketPolicy", Resource: arnBucket, Tags: tagNone},
		{By: "up", Action: "wafv2:CreateWebACL", Resource: arnWebACL, Tags: tagSends},
		{By: "up", Action: "wafv2:CreateWebACL", Resource: arnRuleGroup, Tags: tagSends},
		{By: "up", Action: "wafv2:TagResource", Resource: arnWebACL, Tags: tagSends},
		{By: "up", Action: "wafv2:AssociateWebACL", Resource: arnWebACL, Tags: tagHas},
		{By: "up", Action: "wafv2:AssociateWebACL", Resource: arnLB, Tags: tagNone},
		{By: "up", Action: "elasticloadbalancing:SetWebAcl", Resource: "*", Tags: tagNone},
		{By: "up", Action: "wafv2:PutLoggingConfiguration", Resource: arnWebACL, Tags: tagHas},
		{By: "up", Action: "logs:CreateLogDelivery", Resource: "*", Tags: tagNone},
		{By: "up", Action: "logs:PutResourcePolicy", Resource: "*", Tags: tagNone},
		{By: "up", Action: "kms:CreateKey", Resource: "*", Tags: tagSends},
		{By: "up", Action: "kms:TagResource", Resource: arnKey, Tags: tagSends},
		{By: "up", Action: "kms:EnableKeyRotation", Resource: arnKey, Tags: tagHas},
		{By: "up", Action: "kms:PutKeyPolicy", Resource: arnKey, Tags: tagHas},
		{By: "up", Action: "kms:CreateAlias", Resource: arnAlias, Tags: tagNone},
		{By: "up", Action: "kms:CreateAlias", Resource: arnKey, Tags: tagHas},
		{By: "up", Action: "sns:CreateTopic", Resource: arnTopic, Tags: tagSends},
		{By: "up", Action: "sns:TagResource", Resource: arnTopic, Tags: tagSends},
		{By: "up", Action: "sns:SetTopicAttributes", Resource: arnTopic, Tags: tagHas},
		{By: "up", Action: "sns:Subscribe", Resource: arnTopic, Tags: tagHas},
	},
)

// serviceCalls: registry.NewRepository (and the image push) and
// ecs.NewService (logs, task definition, service, alarms, CodeDeploy,
// service auto scaling).
var serviceCalls = concatCalls(
	createdTagged("up", "ecs:RegisterTaskDefinition", arnTaskDef, "ecs:TagResource", "ecs:CreateAction"),
	createdTagged("up", "ecs:CreateService", arnService, "ecs:TagResource", "ecs:CreateAction"),
	[]call{
		{By: "up", Action: "ecr:CreateRepository", Resource: arnRepository, Tags: tagSends},
		{By: "up", Action: "ecr:TagResource", Resource: arnRepository, Tags: tagSends},
		// With the repository encrypted by the project's key.
		{By: "up", Action: "kms:CreateGrant", Resource: arnKey, Tags: tagHas,
			Context: ctx("kms:ViaService", "ecr.{r}.amazonaws.com", "kms:GrantIsForAWSResource", "true")},
		{By: "up", Action: "ecr:PutLifecyclePolicy", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:PutImageScanningConfiguration", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:GetAuthorizationToken", Resource: "*", Tags: tagNone},
		{By: "up", Action: "ecr:InitiateLayerUpload", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:UploadLayerPart", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:CompleteLayerUpload", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:BatchCheckLayerAvailability", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "ecr:PutImage", Resource: arnRepository, Tags: tagHas},
		{By: "up", Action: "cloudwatch:PutMetricAlarm", Resource: arnAlarm, Tags: tagSends},
		{By: "up", Action: "cloudwatch:TagResource", Resource: arnAlarm, Tags: tagSends},
		{By: "up", Action: "codedeploy:CreateApplication", Resource: arnApp, Tags: tagSends},
		{By: "up", Action: "codedeploy:TagResource", Resource: arnApp, Tags: tagSends},
		{By: "up", Action: "codedeploy:CreateDeploymentConfig", Resource: arnConfig, Tags: tagNone},
		{By: "up", Action: "codedeploy:CreateDeploymentGroup", Resource: arnGroup, Tags: tagSends},
		{By: "up", Action: "codedeploy:TagResource", Resource: arnGroup, Tags: tagSends},
		{By: "up", Action: "codedeploy:UpdateDeploymentGroup", Resource: arnGroup, Tags: tagHas},
		{By: "up", Action: "application-autoscaling:RegisterScalableTarget", Resource: arnTarget, Tags: tagSends,
			Context: ctx("application-autoscaling:service-namespace", "ecs")},
		{By: "up", Action: "application-autoscaling:TagResource", Resource: arnTarget, Tags: tagSends},
		// Application Auto Scaling checks the caller may change the service.
		{By: "up", Action: "ecs:UpdateService", Resource: arnService, Tags: tagHas},
		{By: "up", Action: "application-autoscaling:PutScalingPolicy", Resource: arnTarget, Tags: tagHas,
			Context: ctx("application-autoscaling:service-namespace", "ecs")},
		// ... and may manage the target-tracking alarms it creates.
		{By: "up", Action: "cloudwatch:PutMetricAlarm", Resource: arnTTAlarm, Tags: tagNone},
		{By: "up", Action: "cloudwatch:DeleteAlarms", Resource: arnTTAlarm, Tags: tagNone},
		// After a release: the service and listeners CodeDeploy moved, a
		// new task definition revision.
		{By: "up-after-release", Action: "ecs:UpdateService", Resource: arnService, Tags: tagHas},
		{By: "up-after-release", Action: "elasticloadbalancing:ModifyListener", Resource: arnListener, Tags: tagHas},
		{By: "up-after-release", Action: "ecs:DeregisterTaskDefinition", Resource: "*", Tags: tagNone},
		{By: "up-after-release", Action: "ecs:TagResource", Resource: arnService, Tags: tagBoth},
	},
)

// iamCalls: iam.NewRoles, the flow-log and NAT instance roles.
var iamCalls = []call{
	{By: "up", Action: "iam:CreateRole", Resource: arnRole, Tags: tagSends, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:AttachRolePolicy", Resource: arnRole, Tags: tagHas,
		Context: ctx("iam:PermissionsBoundary", "{boundary}", "iam:PolicyARN", arnManagedPol)},
	{By: "up", Action: "iam:AttachRolePolicy", Resource: arnRole, Tags: tagHas,
		Context: ctx("iam:PermissionsBoundary", "{boundary}", "iam:PolicyARN", "arn:{p}:iam::aws:policy/AWSCodeDeployRoleForECS")},
	{By: "up", Action: "iam:AttachRolePolicy", Resource: arnRole, Tags: tagHas,
		Context: ctx("iam:PermissionsBoundary", "{boundary}", "iam:PolicyARN", arnProjectPol)},
	{By: "up", Action: "iam:PutRolePolicy", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:UpdateAssumeRolePolicy", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:PutRolePermissionsBoundary", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:TagRole", Resource: arnRole, Tags: tagBoth},
	{By: "up", Action: "iam:CreateInstanceProfile", Resource: arnProfile, Tags: tagSends},
	{By: "up", Action: "iam:AddRoleToInstanceProfile", Resource: arnProfile, Tags: tagHas},
	{By: "up", Action: "iam:PassRole", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PassedToService", "ecs-tasks.amazonaws.com")},
	{By: "up", Action: "iam:PassRole", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PassedToService", "ec2.amazonaws.com")},
	{By: "up", Action: "iam:PassRole", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PassedToService", "codedeploy.amazonaws.com")},
	{By: "up", Action: "iam:PassRole", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PassedToService", "vpc-flow-logs.amazonaws.com")},
	{By: "up", Action: "iam:CreateRole", Resource: arnHookRole, Tags: tagSends, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:PutRolePolicy", Resource: arnHookRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "up", Action: "iam:PassRole", Resource: arnHookRole, Tags: tagHas, Context: ctx("iam:PassedToService", "lambda.amazonaws.com")},
	// The validation hook's function.
	{By: "up", Action: "lambda:CreateFunction", Resource: arnHook, Tags: tagSends},
	{By: "up", Action: "lambda:UpdateFunctionCode", Resource: arnHook, Tags: tagHas},
	{By: "up", Action: "lambda:UpdateFunctionConfiguration", Resource: arnHook, Tags: tagHas},
	{By: "up", Action: "lambda:TagResource", Resource: arnHook, Tags: tagBoth},
	{By: "preview", Action: "lambda:GetFunction", Resource: arnHook, Tags: tagHas},
	{By: "preview", Action: "lambda:GetFunctionCodeSigningConfig", Resource: arnHook, Tags: tagHas},
	{By: "preview", Action: "lambda:ListVersionsByFunction", Resource: arnHook, Tags: tagHas},
	{By: "destroy", Action: "lambda:DeleteFunction", Resource: arnHook, Tags: tagHas},
	{By: "up", Action: "iam:CreateServiceLinkedRole", Resource: "arn:{p}:iam::{a}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
		Context: ctx("iam:AWSServiceName", "ecs.amazonaws.com")},
}

// domainCalls: alb.NewLoadBalancer with a DomainName (the zone's lookup,
// the certificate, its validation and the records), in a zone of
// HostedZoneIDs. Route 53 is global: its calls name us-east-1.
var domainCalls = []call{
	{By: "preview", Action: "route53:ListHostedZones", Resource: "*", Context: ctx("aws:RequestedRegion", "us-east-1")},
	{By: "preview", Action: "route53:GetHostedZone", Resource: arnZone, Context: ctx("aws:RequestedRegion", "us-east-1")},
	{By: "preview", Action: "route53:ListTagsForResource", Resource: arnZone, Context: ctx("aws:RequestedRegion", "us-east-1")},
	{By: "up", Action: "acm:RequestCertificate", Resource: "*", Tags: tagSends},
	{By: "up", Action: "acm:AddTagsToCertificate", Resource: arnCertificate, Tags: tagSends},
	{By: "up", Action: "acm:DescribeCertificate", Resource: arnCertificate, Tags: tagHas},
	{By: "up", Action: "acm:ListTagsForCertificate", Resource: arnCertificate, Tags: tagHas},
	{By: "up", Action: "route53:ChangeResourceRecordSets", Resource: arnZone,
		Context: ctx("aws:RequestedRegion", "us-east-1", "route53:ChangeResourceRecordSetsRecordTypes", "CNAME")},
	{By: "up", Action: "route53:ChangeResourceRecordSets", Resource: arnZone,
		Context: ctx("aws:RequestedRegion", "us-east-1", "route53:ChangeResourceRecordSetsRecordTypes", "A")},
	{By: "up", Action: "route53:GetChange", Resource: "arn:{p}:route53:::change/C0A1B2C3D4E5F6", Context: ctx("aws:RequestedRegion", "us-east-1")},
	{By: "up", Action: "route53:ListResourceRecordSets", Resource: arnZone, Context: ctx("aws:RequestedRegion", "us-east-1")},
	{By: "destroy", Action: "acm:DeleteCertificate", Resource: arnCertificate, Tags: tagHas},
	{By: "destroy", Action: "route53:ChangeResourceRecordSets", Resource: arnZone,
		Context: ctx("aws:RequestedRegion", "us-east-1", "route53:ChangeResourceRecordSetsRecordTypes", "A")},
}

// releaseCalls: cmd/release's verify, diff, the deployment and what
// follows it (internal/release's clients), and preview's reads.
var releaseCalls = []call{
	{By: "preview", Action: "s3:GetObject", Resource: arnStateObject},
	{By: "preview", Action: "ec2:DescribeVpcs", Resource: "*"},
	{By: "preview", Action: "iam:GetRole", Resource: arnRole},
	{By: "release", Action: "codedeploy:GetDeploymentGroup", Resource: arnGroup, Tags: tagHas},
	{By: "release", Action: "codedeploy:GetDeploymentConfig", Resource: arnConfig},
	{By: "release", Action: "codedeploy:ListDeployments", Resource: arnGroup, Tags: tagHas},
	{By: "release", Action: "codedeploy:GetDeployment", Resource: arnGroup, Tags: tagHas},
	{By: "release", Action: "codedeploy:BatchGetDeployments", Resource: arnGroup, Tags: tagHas},
	{By: "release", Action: "codedeploy:GetDeploymentTarget", Resource: "*"},
	{By: "release", Action: "codedeploy:RegisterApplicationRevision", Resource: arnApp, Tags: tagHas},
	{By: "release", Action: "codedeploy:CreateDeployment", Resource: arnGroup, Tags: tagHas},
	{By: "release", Action: "codedeploy:StopDeployment", Resource: "*"},
	{By: "release", Action: "codedeploy:ContinueDeployment", Resource: "*"},
	{By: "release", Action: "ecs:DescribeTaskDefinition", Resource: "*"},
	{By: "release", Action: "ecs:ListTaskDefinitions", Resource: "*"},
	{By: "release", Action: "ecs:DescribeServices", Resource: arnService, Tags: tagHas},
	{By: "release", Action: "ecs:DescribeClusters", Resource: arnCluster, Tags: tagHas},
	{By: "release", Action: "ecs:DescribeCapacityProviders", Resource: arnCapacity, Tags: tagHas},
	{By: "release", Action: "elasticloadbalancing:DescribeTargetGroups", Resource: "*"},
	{By: "release", Action: "elasticloadbalancing:DescribeTargetHealth", Resource: "*"},
	{By: "release", Action: "elasticloadbalancing:DescribeListeners", Resource: "*"},
	{By: "release", Action: "elasticloadbalancing:DescribeLoadBalancers", Resource: "*"},
	{By: "release", Action: "autoscaling:DescribeAutoScalingGroups", Resource: "*"},
	{By: "release", Action: "ec2:DescribeLaunchTemplateVersions", Resource: "*"},
	{By: "release", Action: "lambda:GetFunction", Resource: arnHook, Tags: tagHas}, // verify: the validation hook
	// verify: may the deployment group's role invoke the hook?
	{By: "release", Action: "iam:SimulatePrincipalPolicy", Resource: arnCDRole, Tags: tagHas},
	// A failed validation's reason, in the hook's log group (the group's
	// ARN, and with ":*").
	{By: "release", Action: "logs:FilterLogEvents", Resource: arnHookLogs, Tags: tagHas},
	{By: "release", Action: "logs:FilterLogEvents", Resource: arnHookLogs + ":*", Tags: tagHas},
	{By: "release", Action: "ec2:DescribeSecurityGroups", Resource: "*"},
	{By: "release", Action: "ec2:DescribeInstanceTypes", Resource: "*"},
	// verify, for a stack with a domainName.
	{By: "release", Action: "acm:DescribeCertificate", Resource: arnCertificate, Tags: tagHas},
	{By: "release", Action: "route53:ListResourceRecordSets", Resource: arnZone, Context: ctx("aws:RequestedRegion", "us-east-1")},
}

// destroyCalls: pulumi destroy of a stack, after a release too.
var destroyCalls = []call{
	{By: "destroy", Action: "ecs:UpdateService", Resource: arnService, Tags: tagHas},
	{By: "destroy", Action: "ecs:DeleteService", Resource: arnService, Tags: tagHas},
	{By: "destroy", Action: "ecs:DeregisterTaskDefinition", Resource: "*", Tags: tagNone},
	{By: "destroy", Action: "ecs:DeleteCapacityProvider", Resource: arnCapacity, Tags: tagHas},
	{By: "destroy", Action: "ecs:DeleteCluster", Resource: arnCluster, Tags: tagHas},
	{By: "destroy", Action: "autoscaling:DeleteAutoScalingGroup", Resource: arnASG, Tags: tagHas},
	{By: "destroy", Action: "application-autoscaling:DeleteScalingPolicy", Resource: arnTarget, Tags: tagHas,
		Context: ctx("application-autoscaling:service-namespace", "ecs")},
	{By: "destroy", Action: "application-autoscaling:DeregisterScalableTarget", Resource: arnTarget, Tags: tagHas,
		Context: ctx("application-autoscaling:service-namespace", "ecs")},
	{By: "destroy", Action: "codedeploy:DeleteDeploymentGroup", Resource: arnGroup, Tags: tagHas},
	{By: "destroy", Action: "codedeploy:DeleteApplication", Resource: arnApp, Tags: tagHas},
	{By: "destroy", Action: "codedeploy:DeleteDeploymentConfig", Resource: arnConfig},
	{By: "destroy", Action: "cloudwatch:DeleteAlarms", Resource: arnAlarm, Tags: tagHas},
	{By: "destroy", Action: "logs:DeleteLogGroup", Resource: arnLogGroup, Tags: tagHas},
	{By: "destroy", Action: "logs:DeleteLogDelivery", Resource: "*"},
	{By: "destroy", Action: "logs:DeleteResourcePolicy", Resource: "*"},
	{By: "destroy", Action: "ecr:BatchDeleteImage", Resource: arnRepository, Tags: tagHas},
	{By: "destroy", Action: "ecr:DeleteRepository", Resource: arnRepository, Tags: tagHas},
	{By: "destroy", Action: "elasticloadbalancing:DeleteRule", Resource: arnRule, Tags: tagHas},
	{By: "destroy", Action: "elasticloadbalancing:DeleteListener", Resource: arnListener, Tags: tagHas},
	{By: "destroy", Action: "elasticloadbalancing:DeleteTargetGroup", Resource: arnTG, Tags: tagHas},
	{By: "destroy", Action: "elasticloadbalancing:DeleteLoadBalancer", Resource: arnLB, Tags: tagHas},
	{By: "destroy", Action: "wafv2:DisassociateWebACL", Resource: arnLB, Tags: tagNone},
	{By: "destroy", Action: "elasticloadbalancing:SetWebAcl", Resource: "*", Tags: tagNone},
	{By: "destroy", Action: "wafv2:DeleteLoggingConfiguration", Resource: arnWebACL, Tags: tagHas},
	{By: "destroy", Action: "wafv2:DeleteWebACL", Resource: arnWebACL, Tags: tagHas},
	{By: "destroy", Action: "s3:ListBucketVersions", Resource: arnBucket},
	{By: "destroy", Action: "s3:DeleteObjectVersion", Resource: arnBucket + "/AWSLogs/{a}/elasticloadbalancing/x.log.gz"},
	{By: "destroy", Action: "s3:DeleteBucketPolicy", Resource: arnBucket},
	{By: "destroy", Action: "s3:DeleteBucket", Resource: arnBucket},
	{By: "destroy", Action: "sns:Unsubscribe", Resource: arnTopic, Tags: tagHas},
	{By: "destroy", Action: "sns:DeleteTopic", Resource: arnTopic, Tags: tagHas},
	{By: "destroy", Action: "kms:DeleteAlias", Resource: arnAlias},
	{By: "destroy", Action: "kms:DeleteAlias", Resource: arnKey, Tags: tagHas},
	{By: "destroy", Action: "kms:ScheduleKeyDeletion", Resource: arnKey, Tags: tagHas},
	{By: "destroy", Action: "iam:RemoveRoleFromInstanceProfile", Resource: arnProfile, Tags: tagHas},
	{By: "destroy", Action: "iam:DeleteInstanceProfile", Resource: arnProfile, Tags: tagHas},
	{By: "destroy", Action: "iam:DetachRolePolicy", Resource: arnRole, Tags: tagHas,
		Context: ctx("iam:PermissionsBoundary", "{boundary}", "iam:PolicyARN", arnManagedPol)},
	{By: "destroy", Action: "iam:DeleteRolePolicy", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "destroy", Action: "iam:DeleteRole", Resource: arnRole, Tags: tagHas, Context: ctx("iam:PermissionsBoundary", "{boundary}")},
	{By: "destroy", Action: "ec2:DeleteFlowLogs", Resource: arnFlowLog, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteNatGateway", Resource: arnNAT, Tags: tagHas},
	{By: "destroy", Action: "ec2:ReleaseAddress", Resource: arnEIP, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteVpcEndpoints", Resource: arnEndpoint, Tags: tagHas},
	{By: "destroy", Action: "ec2:DisassociateRouteTable", Resource: arnRouteTable, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteRoute", Resource: arnRouteTable, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteRouteTable", Resource: arnRouteTable, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteNetworkInterface", Resource: arnENI, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteLaunchTemplate", Resource: arnTemplate, Tags: tagHas},
	{By: "destroy", Action: "ec2:RevokeSecurityGroupIngress", Resource: arnSG, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteSecurityGroup", Resource: arnSG, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteManagedPrefixList", Resource: arnPrefixList, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteSubnet", Resource: arnSubnet, Tags: tagHas},
	{By: "destroy", Action: "ec2:DetachInternetGateway", Resource: arnIGW, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteInternetGateway", Resource: arnIGW, Tags: tagHas},
	{By: "destroy", Action: "ec2:DeleteVpc", Resource: arnVPC, Tags: tagHas},
}
