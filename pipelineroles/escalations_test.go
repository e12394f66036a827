package pipelineroles

import (
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// simCase is one request to the simulator and the decision it must get.
type simCase struct {
	why  string // what the case shows, for failures
	req  simRequest
	want string // Allowed, ImplicitlyDenied or ExplicitlyDenied; "denied" for either denial
}

// check asks the simulator about every case at once and reports each
// decision that is not the one wanted.
func check(t *testing.T, cases []simCase) {
	t.Helper()
	var reqs []simRequest
	for i, c := range cases {
		c.req.Name = c.why
		if c.req.ResourceAccount == "" {
			c.req.ResourceAccount = simAccount
		}
		if c.req.Principal == "" {
			c.req.Principal = simPrincipal
		}
		if c.req.Context == nil {
			c.req.Context = map[string]any{}
		}
		if _, ok := c.req.Context["aws:RequestedRegion"]; !ok {
			c.req.Context["aws:RequestedRegion"] = simRegion
		}
		cases[i] = c
		reqs = append(reqs, c.req)
	}
	results := simulate(t, reqs)
	for _, c := range cases {
		got := results[c.why]
		ok := got.Decision == c.want || (c.want == "denied" && (got.Decision == "ImplicitlyDenied" || got.Decision == "ExplicitlyDenied"))
		if !ok {
			t.Errorf("%s: %s %s on %s = %s %s, want %s", c.why, c.req.Principal, c.req.Action, c.req.Resource, got.Decision, got.Errors, c.want)
		}
	}
}

// administratorAccess is AWS's AdministratorAccess: what a role under the
// boundary might be given.
var administratorAccess = iampolicy.New(iampolicy.Statement{Effect: "Allow", Action: []string{"*"}, Resource: []string{"*"}})

// bounded is a request of a stack's role that holds AdministratorAccess
// under the boundary.
func bounded(s scope, action, resource string, ctx map[string]any) simRequest {
	b := boundaryPolicy(s)
	return simRequest{Principal: "arn:aws:iam::111122223333:role/roles-task-0a1", Action: action, Resource: resource, Context: ctx,
		IdentityPolicies: []iampolicy.Document{administratorAccess}, Boundary: &b}
}

func tags(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestBoundaryBounds: a role under the boundary holding
// AdministratorAccess still cannot read other data, decrypt with another
// key, stop CloudTrail, assume another role, run commands on instances,
// change Lambda code, launch instances or pass a role that is not the
// project's; it can do what the stacks' roles do.
func TestBoundaryBounds(t *testing.T) {
	t.Parallel()
	s := testScope()
	project := tags("aws:ResourceTag/Project", s.Project)
	otherKey := "arn:aws:kms:us-east-1:111122223333:key/9f8e7d6c-0000-4000-8000-000000000001"
	rootKeyPolicy := iampolicy.New(iampolicy.Statement{Sid: "Root", Effect: "Allow", Principal: &iampolicy.Principal{AWS: []string{"arn:aws:iam::111122223333:root"}},
		Action: []string{"kms:*"}, Resource: []string{"*"}})
	withKeyPolicy := func(r simRequest) simRequest { r.ResourcePolicy = &rootKeyPolicy; return r }
	otherRoleTrust := iampolicy.New(iampolicy.Statement{Effect: "Allow", Principal: &iampolicy.Principal{AWS: []string{"arn:aws:iam::111122223333:root"}},
		Action: []string{"sts:AssumeRole"}})
	assume := bounded(s, "sts:AssumeRole", "arn:aws:iam::111122223333:role/Admin", nil)
	assume.ResourcePolicy = &otherRoleTrust
	check(t, []simCase{
		{"read another bucket's objects", bounded(s, "s3:GetObject", "arn:aws:s3:::payroll-exports/2026/12.csv", nil), "denied"},
		{"read the state bucket", bounded(s, "s3:GetObject", "arn:aws:s3:::acme-pulumi-state/teams/web/.pulumi/stacks/ecs-bluegreen/dev.json", nil), "denied"},
		{"read another team's secret", bounded(s, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf", nil), "denied"},
		{"read a DynamoDB table", bounded(s, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/customers", nil), "denied"},
		{"scan a DynamoDB table", bounded(s, "dynamodb:Scan", "arn:aws:dynamodb:us-east-1:111122223333:table/customers", nil), "denied"},
		{"decrypt with another key", withKeyPolicy(bounded(s, "kms:Decrypt", otherKey, nil)), "denied"},
		{"decrypt with a key another project tagged", withKeyPolicy(bounded(s, "kms:Decrypt", otherKey, tags("aws:ResourceTag/Project", "payments"))), "denied"},
		{"stop CloudTrail", bounded(s, "cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", nil), "denied"},
		{"delete CloudTrail", bounded(s, "cloudtrail:DeleteTrail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", nil), "denied"},
		{"assume another role", assume, "denied"},
		{"run commands on instances", bounded(s, "ssm:SendCommand", "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1", nil), "denied"},
		{"read every parameter", bounded(s, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db-password", nil), "denied"},
		{"change Lambda code", bounded(s, "lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111122223333:function:billing", nil), "denied"},
		{"invoke another function", bounded(s, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:billing", nil), "denied"},
		{"launch instances", bounded(s, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*", nil), "denied"},
		{"pass a role that is not the project's", bounded(s, "iam:PassRole", "arn:aws:iam::111122223333:role/Admin",
			tags("iam:PassedToService", "ecs-tasks.amazonaws.com")), "denied"},
		{"pass the project's role to EC2", bounded(s, "iam:PassRole", "arn:aws:iam::111122223333:role/roles-instance-0a1",
			tags("iam:PassedToService", "ec2.amazonaws.com", "aws:ResourceTag/Project", s.Project, "iam:ResourceTag/Project", s.Project)), "denied"},
		{"create a user", bounded(s, "iam:CreateUser", "arn:aws:iam::111122223333:user/backdoor", nil), "denied"},
		{"attach a policy to itself", bounded(s, "iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/roles-task-0a1",
			tags("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess")), "denied"},
		{"pull another team's images", bounded(s, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:111122223333:repository/payments", nil), "denied"},
		{"publish to another topic", bounded(s, "sns:Publish", "arn:aws:sns:us-east-1:111122223333:alerts", nil), "denied"},

		// What the stacks' roles do.
		{"ECS agent registers", bounded(s, "ecs:RegisterContainerInstance", "arn:aws:ecs:us-east-1:111122223333:cluster/cluster-0a1", nil), "Allowed"},
		{"ECS agent polls", bounded(s, "ecs:Poll", "*", nil), "Allowed"},
		{"pull the project's images", bounded(s, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:111122223333:repository/app-0a1", project), "Allowed"},
		{"registry token", bounded(s, "ecr:GetAuthorizationToken", "*", nil), "Allowed"},
		{"write container logs", bounded(s, "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app-0a1:log-stream:app/web/0a1", nil), "Allowed"},
		{"flow logs create their stream", bounded(s, "logs:CreateLogStream", "arn:aws:logs:us-east-1:111122223333:log-group:vpc-flow-0a1:log-stream:eni-0a1", nil), "Allowed"},
		{"the project's secret", bounded(s, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-AbCdEf", project), "Allowed"},
		{"CodeDeploy creates a task set", bounded(s, "ecs:CreateTaskSet", "arn:aws:ecs:us-east-1:111122223333:task-set/cluster-0a1/app-0a1/ecs-svc/1234", nil), "Allowed"},
		{"CodeDeploy shifts traffic", bounded(s, "elasticloadbalancing:ModifyListener",
			"arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web-0a1/50dc6c495c0c9188/f2f7dc8efc522ab2", project), "Allowed"},
		{"CodeDeploy reads alarms", bounded(s, "cloudwatch:DescribeAlarms", "*", nil), "Allowed"},
		{"CodeDeploy publishes to the project's topic", bounded(s, "sns:Publish", "arn:aws:sns:us-east-1:111122223333:notifications-0a1", project), "Allowed"},
		{"CodeDeploy invokes a release hook", bounded(s, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:CodeDeployHook_validate", nil), "Allowed"},
		{"CodeDeploy passes the project's task role", bounded(s, "iam:PassRole", "arn:aws:iam::111122223333:role/roles-task-0a1",
			tags("iam:PassedToService", "ecs-tasks.amazonaws.com", "aws:ResourceTag/Project", s.Project, "iam:ResourceTag/Project", s.Project)), "Allowed"},
		{"a hook reports its status", bounded(s, "codedeploy:PutLifecycleEventHookExecutionStatus", "*", nil), "Allowed"},
		{"a hook's function attaches to the VPC", bounded(s, "ec2:CreateNetworkInterface", "*", nil), "Allowed"},
		{"Session Manager", bounded(s, "ssmmessages:OpenDataChannel", "*", nil), "Allowed"},
		{"SSM agent checks in", bounded(s, "ssm:UpdateInstanceInformation", "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1", nil), "Allowed"},
		{"use the project's key", withKeyPolicy(bounded(s, "kms:GenerateDataKey", otherKey, project)), "Allowed"},
	})
}

// TestBoundaryHoldsTheApplication: the application's permissions are in
// the boundary, and nothing beyond them.
func TestBoundaryHoldsTheApplication(t *testing.T) {
	t.Parallel()
	s := testScope()
	s.Application = []Permission{{Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::acme-app-assets/*"}}}
	check(t, []simCase{
		{"the application reads its bucket", bounded(s, "s3:GetObject", "arn:aws:s3:::acme-app-assets/logo.png", nil), "Allowed"},
		{"the application writes its bucket", bounded(s, "s3:PutObject", "arn:aws:s3:::acme-app-assets/logo.png", nil), "denied"},
		{"the application reads another bucket", bounded(s, "s3:GetObject", "arn:aws:s3:::payroll-exports/12.csv", nil), "denied"},
	})
}

// deploying is a request of the deploy role.
func deploying(s scope, action, resource string, ctx map[string]any) simRequest {
	return simRequest{Action: action, Resource: resource, Context: ctx, IdentityPolicies: deployDocuments(s)}
}

// TestDeployRoleAdoptsNothing: the deploy role cannot attach other
// policies, take over roles, tag what is not the project's into it, or
// reach what another team or project owns.
func TestDeployRoleAdoptsNothing(t *testing.T) {
	t.Parallel()
	s := testScope()
	b := s.BoundaryARN
	projectRole := "arn:aws:iam::111122223333:role/roles-task-0a1"
	foreignRole := "arn:aws:iam::111122223333:role/Admin"
	ours := func(kv ...string) map[string]any {
		return tags(append([]string{"aws:ResourceTag/Project", s.Project, "iam:ResourceTag/Project", s.Project}, kv...)...)
	}
	sends := func(kv ...string) map[string]any {
		m := tags(kv...)
		m["aws:RequestTag/Project"] = s.Project
		m["aws:TagKeys"] = []string{"Project"}
		return m
	}
	other := tags("aws:ResourceTag/Project", "payments")
	sg := "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0ff"
	withKey := func(r simRequest) simRequest {
		kp := iampolicy.New(iampolicy.KeyAdministration("aws", simAccount))
		r.ResourcePolicy = &kp
		return r
	}
	route53 := func(typ string) map[string]any {
		return tags("aws:RequestedRegion", "us-east-1", "route53:ChangeResourceRecordSetsRecordTypes", typ)
	}
	check(t, []simCase{
		{"change records in a zone not listed", deploying(s, "route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z0PAYMENTSZONE", route53("A")), "denied"},
		{"change a listed zone's name servers", deploying(s, "route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z00CAAF24EXAMPLE", route53("NS")), "denied"},
		{"delete another project's certificate", deploying(s, "acm:DeleteCertificate", "arn:aws:acm:us-east-1:111122223333:certificate/0ff", other), "denied"},
		{"attach AdministratorAccess to a project role", deploying(s, "iam:AttachRolePolicy", projectRole,
			ours("iam:PermissionsBoundary", b, "iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess")), "denied"},
		{"attach another account policy", deploying(s, "iam:AttachRolePolicy", projectRole,
			ours("iam:PermissionsBoundary", b, "iam:PolicyARN", "arn:aws:iam::111122223333:policy/payments/writer")), "denied"},
		{"attach to a role without the boundary", deploying(s, "iam:AttachRolePolicy", foreignRole,
			tags("iam:PolicyARN", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")), "denied"},
		{"put the boundary on a foreign role", deploying(s, "iam:PutRolePermissionsBoundary", foreignRole,
			tags("iam:PermissionsBoundary", b)), "denied"},
		{"put the boundary on another project's role", deploying(s, "iam:PutRolePermissionsBoundary", foreignRole,
			tags("iam:PermissionsBoundary", b, "aws:ResourceTag/Project", "payments", "iam:ResourceTag/Project", "payments")), "denied"},
		{"remove a boundary", deploying(s, "iam:DeleteRolePermissionsBoundary", projectRole, ours()), "denied"},
		{"create a role without the boundary", deploying(s, "iam:CreateRole", "arn:aws:iam::111122223333:role/free", sends()), "denied"},
		{"create a role with another boundary", deploying(s, "iam:CreateRole", "arn:aws:iam::111122223333:role/free",
			sends("iam:PermissionsBoundary", "arn:aws:iam::111122223333:policy/loose")), "denied"},
		{"tag a foreign role into the project", deploying(s, "iam:TagRole", foreignRole, sends()), "denied"},
		{"rewrite a foreign role's trust", deploying(s, "iam:UpdateAssumeRolePolicy", foreignRole, nil), "denied"},
		{"put an inline policy on a foreign role", deploying(s, "iam:PutRolePolicy", foreignRole, nil), "denied"},
		{"change the deploy role itself", deploying(s, "iam:PutRolePolicy", "arn:aws:iam::111122223333:role/ecs-bluegreen-ci/ci-deploy-0a1",
			ours("iam:PermissionsBoundary", b)), "denied"},
		{"change the boundary policy", deploying(s, "iam:CreatePolicyVersion", b, nil), "denied"},
		{"pass a foreign role", deploying(s, "iam:PassRole", foreignRole, tags("iam:PassedToService", "ecs-tasks.amazonaws.com")), "denied"},
		{"pass a project role to Lambda", deploying(s, "iam:PassRole", projectRole, ours("iam:PassedToService", "lambda.amazonaws.com")), "denied"},
		{"pass a foreign hook role to Lambda", deploying(s, "iam:PassRole", "arn:aws:iam::111122223333:role/CodeDeployHook_billing",
			tags("iam:PassedToService", "lambda.amazonaws.com")), "denied"},
		{"change a foreign hook function", deploying(s, "lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111122223333:function:CodeDeployHook_billing", nil), "denied"},
		{"add a foreign instance profile's role", deploying(s, "iam:AddRoleToInstanceProfile", "arn:aws:iam::111122223333:instance-profile/admin", nil), "denied"},
		{"create an access key", deploying(s, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/admin", nil), "denied"},

		{"tag an untagged security group into the project", deploying(s, "ec2:CreateTags", sg, sends()), "denied"},
		{"tag another project's security group", deploying(s, "ec2:CreateTags", sg, merge(sends(), other)), "denied"},
		{"open an untagged security group", deploying(s, "ec2:AuthorizeSecurityGroupIngress", sg, nil), "denied"},
		{"re-tag into another project", deploying(s, "ec2:CreateTags", sg, tags("aws:ResourceTag/Project", s.Project, "aws:RequestTag/Project", "payments")), "denied"},
		{"tag an existing load balancer into the project", deploying(s, "elasticloadbalancing:AddTags",
			"arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/payments/0a1", sends()), "denied"},
		{"tag an existing ECS service into the project", deploying(s, "ecs:TagResource",
			"arn:aws:ecs:us-east-1:111122223333:service/payments/api", sends()), "denied"},
		{"tag another project's key", withKey(deploying(s, "kms:TagResource", "arn:aws:kms:us-east-1:111122223333:key/9f8e7d6c-0000-4000-8000-000000000001", merge(sends(), other))), "denied"},
		{"tag another project's log group", deploying(s, "logs:TagResource", "arn:aws:logs:us-east-1:111122223333:log-group:payments", merge(sends(), other)), "denied"},
		{"tag another project's repository", deploying(s, "ecr:TagResource", "arn:aws:ecr:us-east-1:111122223333:repository/payments", merge(sends(), other)), "denied"},
		{"tag another project's alarm", deploying(s, "cloudwatch:TagResource", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:payments-5xx", merge(sends(), other)), "denied"},
		{"tag another project's Auto Scaling group", deploying(s, "autoscaling:CreateOrUpdateTags",
			"arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/payments", merge(sends(), other)), "denied"},
		{"tag another project's topic", deploying(s, "sns:TagResource", "arn:aws:sns:us-east-1:111122223333:payments", merge(sends(), other)), "denied"},
		{"tag another project's CodeDeploy application", deploying(s, "codedeploy:TagResource", "arn:aws:codedeploy:us-east-1:111122223333:application:payments", merge(sends(), other)), "denied"},
		{"change another project's key policy", withKey(deploying(s, "kms:PutKeyPolicy", "arn:aws:kms:us-east-1:111122223333:key/9f8e7d6c-0000-4000-8000-000000000001", other)), "denied"},
		{"grant itself the project's key", withKey(deploying(s, "kms:CreateGrant", "arn:aws:kms:us-east-1:111122223333:key/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
			tags("aws:ResourceTag/Project", s.Project, "kms:GranteePrincipal", simPrincipal))), "denied"},
		{"push to another project's repository", deploying(s, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/payments", other), "denied"},

		{"launch an instance without the project tag", deploying(s, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*", nil), "denied"},
		{"launch from a foreign template", deploying(s, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:launch-template/lt-0ff", nil), "denied"},
		{"launch into a foreign subnet", deploying(s, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0ff", nil), "denied"},
		{"launch a marketplace image", deploying(s, "ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-0ff", tags("ec2:Owner", "aws-marketplace")), "denied"},
		{"launch in another region", deploying(s, "ec2:RunInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/*",
			merge(sends(), map[string]any{"aws:RequestedRegion": "eu-west-1"})), "denied"},

		{"deploy into another team's CodeDeploy group", deploying(s, "codedeploy:CreateDeployment",
			"arn:aws:codedeploy:us-east-1:111122223333:deploymentgroup:payments/api", nil), "denied"},
		{"delete another team's CodeDeploy application", deploying(s, "codedeploy:DeleteApplication",
			"arn:aws:codedeploy:us-east-1:111122223333:application:payments", other), "denied"},
		{"register an untagged scalable target", deploying(s, "application-autoscaling:RegisterScalableTarget",
			"arn:aws:application-autoscaling:us-east-1:111122223333:scalable-target/0ff", tags("application-autoscaling:service-namespace", "ecs")), "denied"},
		{"scale another service to zero", deploying(s, "ecs:UpdateService", "arn:aws:ecs:us-east-1:111122223333:service/payments/api", nil), "denied"},
		{"change another team's scaling policy", deploying(s, "application-autoscaling:PutScalingPolicy",
			"arn:aws:application-autoscaling:us-east-1:111122223333:scalable-target/0ff", tags("application-autoscaling:service-namespace", "ecs")), "denied"},
		{"another team's access-log bucket", deploying(s, "s3:PutBucketPolicy", "arn:aws:s3:::payments-web-alb-logs-0a1", nil), "denied"},
		{"a bucket whose name only ends like ours", deploying(s, "s3:DeleteBucket", "arn:aws:s3:::other-ecs-bluegreen-web-alb-logs-0a1", nil), "denied"},
		{"another team's notifications topic", deploying(s, "sns:SetTopicAttributes", "arn:aws:sns:us-east-1:111122223333:notifications-payments", nil), "denied"},
		{"subscribe to another team's topic", deploying(s, "sns:Subscribe", "arn:aws:sns:us-east-1:111122223333:notifications-payments", nil), "denied"},
		{"read objects of a bucket", deploying(s, "s3:GetObject", "arn:aws:s3:::payroll-exports/12.csv", nil), "denied"},
		{"read another project's state", deploying(s, "s3:GetObject", "arn:aws:s3:::acme-pulumi-state/teams/web/.pulumi/stacks/payments/prod.json", nil), "denied"},
		{"read a secret", deploying(s, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", nil), "denied"},
		{"stop CloudTrail", deploying(s, "cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", nil), "denied"},
		{"run commands", deploying(s, "ssm:SendCommand", "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1", nil), "denied"},
		{"change Lambda code", deploying(s, "lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111122223333:function:billing", nil), "denied"},
	})
}

func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestDeployRoleResiduals pins what the deploy role can still do that the
// docs list as the account's job (docs/pipeline.md, "What stays the
// account's job"): services without a CreateAction key check their tag
// action when a resource is created with tags, so the deploy role may put
// the project's tag on an untagged resource of theirs; the VPCs' default
// security groups are emptied untagged. If one of these turns denied,
// update the docs' list.
func TestDeployRoleResiduals(t *testing.T) {
	t.Parallel()
	s := testScope()
	sends := tags("aws:RequestTag/Project", s.Project)
	check(t, []simCase{
		{"tag an untagged log group", deploying(s, "logs:TagResource", "arn:aws:logs:us-east-1:111122223333:log-group:payments", sends), "Allowed"},
		{"tag an untagged repository", deploying(s, "ecr:TagResource", "arn:aws:ecr:us-east-1:111122223333:repository/payments", sends), "Allowed"},
		{"empty an untagged security group", deploying(s, "ec2:RevokeSecurityGroupIngress", "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0ff", nil), "Allowed"},
		{"deregister any task definition", deploying(s, "ecs:DeregisterTaskDefinition", "*", nil), "Allowed"},
		{"detach the web ACL of any load balancer", deploying(s, "wafv2:DisassociateWebACL",
			"arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/payments/0a1", nil), "Allowed"},
	})
}
