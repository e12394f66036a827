package pipelineroles

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

func testScope() scope {
	return scope{Partition: "aws", Account: "111122223333", Project: "ecs-bluegreen", Regions: []string{"us-east-1", "ap-northeast-2"},
		StateBucket: "acme-pulumi-state", StatePrefix: "teams/web", BoundaryARN: "arn:aws:iam::111122223333:policy/ecs-bluegreen-ci/boundary-1",
		Path: "/ecs-bluegreen-ci/", HostedZoneIDs: []string{"Z00CAAF24EXAMPLE"}}
}

// documents returns every policy the component writes, by child suffix,
// for s.
func documents(s scope) map[string]iampolicy.Document {
	return map[string]iampolicy.Document{
		"read": readPolicy(s), "state-read": statePolicy(s, false), "state-write": statePolicy(s, true),
		"network": networkPolicy(s), "services": taggedServicesPolicy(s), "named": namedServicesPolicy(s), "iam": iamPolicy(s),
		"boundary": boundaryPolicy(s),
	}
}

func TestTrustPolicy(t *testing.T) {
	t.Parallel()
	provider := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	got := trustPolicy(provider, "octo-org/web", 0, []string{"environment:dev", "ref:refs/heads/main"})
	want := iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Federated: []string{provider}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: conditions{"StringEquals": {
			"token.actions.githubusercontent.com:aud": {"sts.amazonaws.com"},
			"token.actions.githubusercontent.com:sub": {"repo:octo-org/web:environment:dev", "repo:octo-org/web:ref:refs/heads/main"},
		}},
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trust policy (-want +got):\n%s", diff)
	}
}

// readOnly matches the actions that read: no write, no data.
var readOnly = regexp.MustCompile(`^[a-z0-9-]+:(Describe|Get|List|BatchGet)[A-Za-z*]*$`)

// dataReads are reads of data, not configuration: the preview role reads
// none of them, but its own state.
var dataReads = []string{"logs:GetLogEvents", "logs:FilterLogEvents", "s3:GetObject", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
	"cloudwatch:GetMetricData", "wafv2:GetSampledRequests", "kms:Decrypt", "secretsmanager:GetSecretValue"}

// TestPreviewRoleOnlyReads: the preview role's policies allow reads of
// configuration, and of objects only the project's state; with
// StateLocking, writes of its locks and nothing else.
func TestPreviewRoleOnlyReads(t *testing.T) {
	t.Parallel()
	for _, locking := range []bool{false, true} {
		s := testScope()
		s.StateLocking = locking
		for _, doc := range []iampolicy.Document{readPolicy(s), statePolicy(s, false)} {
			for _, st := range doc.Statement {
				if st.Effect != "Allow" || len(st.NotAction) > 0 {
					t.Errorf("statement %s: %s %v", st.Sid, st.Effect, st.NotAction)
				}
				for _, a := range st.Action {
					switch {
					case a == "s3:GetObject":
						for _, r := range st.Resource {
							ours := strings.HasSuffix(r, "/meta.yaml") || strings.Contains(r, "/ecs-bluegreen/")
							if !strings.HasPrefix(r, "arn:aws:s3:::acme-pulumi-state/teams/web/.pulumi/") || !ours {
								t.Errorf("the preview role reads %s: only the project's state", r)
							}
						}
					case a == "s3:PutObject" || a == "s3:DeleteObject":
						if !locking || !cmp.Equal(st.Resource, []string{"arn:aws:s3:::acme-pulumi-state/teams/web/.pulumi/locks/organization/ecs-bluegreen/*"}) {
							t.Errorf("locking %v: the preview role writes %v", locking, st.Resource)
						}
					case a == "s3:ListBucket":
						if st.Condition["StringLike"]["s3:prefix"] == nil {
							t.Errorf("the preview role lists the whole state bucket")
						}
					case !readOnly.MatchString(a):
						t.Errorf("statement %s allows %s, which is not a read", st.Sid, a)
					case slices.Contains(dataReads, a):
						t.Errorf("statement %s reads data: %s", st.Sid, a)
					}
				}
			}
		}
	}
}

// TestNoAdministratorAccess: no policy allows every action, or every
// action of a service (IAM.1 and least privilege), or decryption with any
// key (KMS.1), or everything but some actions.
func TestNoAdministratorAccess(t *testing.T) {
	t.Parallel()
	s := testScope()
	s.StateKMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/0e1f"
	for name, doc := range documents(s) {
		for _, st := range doc.Statement {
			if st.Effect != "Allow" {
				continue
			}
			for _, a := range st.Action {
				if a == "*" || strings.HasSuffix(a, ":*") {
					t.Errorf("%s/%s allows %s", name, st.Sid, a)
				}
				if strings.HasPrefix(a, "kms:Decrypt") && slices.Contains(st.Resource, "*") {
					t.Errorf("%s/%s decrypts with any key", name, st.Sid)
				}
			}
			if len(st.NotAction) > 0 {
				t.Errorf("%s/%s allows everything but %v", name, st.Sid, st.NotAction)
			}
		}
	}
}

// TestPassRoleOnlyTheStacksRoles: one statement allows iam:PassRole: on
// the account's roles tagged with the project, to the services the stacks
// pass roles to.
func TestPassRoleOnlyTheStacksRoles(t *testing.T) {
	t.Parallel()
	var passing []iampolicy.Statement
	for name, doc := range documents(testScope()) {
		if name == "boundary" {
			continue
		}
		for _, st := range doc.Statement {
			if st.Effect == "Allow" && slices.ContainsFunc(st.Action, func(a string) bool { return a == "iam:PassRole" || a == "iam:Pass*" || a == "iam:*" }) {
				passing = append(passing, st)
			}
		}
	}
	want := []iampolicy.Statement{{
		Sid: "PassTheProjectsRoles", Effect: "Allow", Action: []string{"iam:PassRole"},
		Resource: []string{"arn:aws:iam::111122223333:role/*"},
		Condition: conditions{"StringEquals": {
			"iam:PassedToService":     {"codedeploy.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"},
			"iam:ResourceTag/Project": {"ecs-bluegreen"},
		}},
	}, {
		Sid: "PassHookRolesToLambda", Effect: "Allow", Action: []string{"iam:PassRole"},
		Resource:  []string{"arn:aws:iam::111122223333:role/CodeDeployHook_*"},
		Condition: conditions{"StringEquals": {"iam:PassedToService": {"lambda.amazonaws.com"}, "iam:ResourceTag/Project": {"ecs-bluegreen"}}},
	}}
	if diff := cmp.Diff(want, passing); diff != "" {
		t.Errorf("statements allowing iam:PassRole (-want +got):\n%s", diff)
	}
}

// TestEveryCreatedRoleIsBounded: creating a role, or setting a role's
// boundary, is allowed only with the boundary and denied without it;
// removing one is always denied; the CI roles, the boundary and the
// provider are out of the deploy role's reach.
func TestEveryCreatedRoleIsBounded(t *testing.T) {
	t.Parallel()
	s := testScope()
	doc := iamPolicy(s)
	find := func(sid string) iampolicy.Statement {
		for _, st := range doc.Statement {
			if st.Sid == sid {
				return st
			}
		}
		t.Fatalf("no statement %s", sid)
		return iampolicy.Statement{}
	}
	boundary := []string{s.BoundaryARN}
	create := find("CreateBoundedTaggedRoles")
	if !cmp.Equal(create.Action, []string{"iam:CreateRole"}) || !cmp.Equal(create.Condition["StringEquals"]["iam:PermissionsBoundary"], boundary) {
		t.Errorf("CreateRole: %+v", create)
	}
	change := find("ChangeBoundedProjectRoles")
	if !slices.Contains(change.Action, "iam:PutRolePermissionsBoundary") || !slices.Contains(change.Action, "iam:PutRolePolicy") ||
		!cmp.Equal(change.Condition["StringEquals"]["iam:PermissionsBoundary"], boundary) {
		t.Errorf("policy changes: %+v", change)
	}
	attach := find("AttachOnlyTheStacksPolicies")
	if !cmp.Equal(attach.Action, []string{"iam:AttachRolePolicy"}) || len(attach.Condition["ArnLike"]["iam:PolicyARN"]) == 0 {
		t.Errorf("attachments: %+v", attach)
	}
	deny := find("NoRoleWithoutTheBoundary")
	if deny.Effect != "Deny" || !cmp.Equal(deny.Action, []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary"}) ||
		!cmp.Equal(deny.Condition["StringNotEquals"]["iam:PermissionsBoundary"], boundary) {
		t.Errorf("boundary deny: %+v", deny)
	}
	if st := find("NeverRemoveABoundary"); st.Effect != "Deny" || !cmp.Equal(st.Action, []string{"iam:DeleteRolePermissionsBoundary"}) {
		t.Errorf("boundary removal: %+v", st)
	}
	protect := find("NeverChangeTheCIRolesBoundaryOrProvider")
	for _, r := range []string{"arn:aws:iam::111122223333:role/ecs-bluegreen-ci/*", "arn:aws:iam::111122223333:policy/ecs-bluegreen-ci/*",
		"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", s.BoundaryARN} {
		if protect.Effect != "Deny" || !slices.Contains(protect.Resource, r) {
			t.Errorf("%s is not protected: %+v", r, protect)
		}
	}
	// Every allowed IAM write names roles or instance profiles of the
	// account, none "*".
	for _, st := range doc.Statement {
		if st.Effect == "Allow" && slices.Contains(st.Resource, "*") {
			t.Errorf("%s allows %v on every resource", st.Sid, st.Action)
		}
	}
}

// TestDeployWritesAreScoped: every write statement of the deploy role is
// held to the stacks' regions (IAM, S3 and Route 53, which are global, to
// names);
// creates carry the project's tag, changes need it, where the statement
// says so.
func TestDeployWritesAreScoped(t *testing.T) {
	t.Parallel()
	s := testScope()
	for name, doc := range map[string]iampolicy.Document{"network": networkPolicy(s), "services": taggedServicesPolicy(s), "named": namedServicesPolicy(s)} {
		for _, st := range doc.Statement {
			regions := st.Condition["StringEquals"]["aws:RequestedRegion"]
			global := slices.ContainsFunc(st.Action, func(a string) bool { return strings.HasPrefix(a, "s3:") || strings.HasPrefix(a, "route53:") })
			if !global && !cmp.Equal(regions, s.Regions) {
				t.Errorf("%s/%s is not held to the stacks' regions: %v", name, st.Sid, st.Condition)
			}
			if global && slices.Contains(st.Resource, "*") {
				t.Errorf("%s/%s writes any bucket or zone", name, st.Sid)
			}
			switch {
			case strings.HasPrefix(st.Sid, "Create"):
				if st.Condition["StringEquals"]["aws:RequestTag/Project"] == nil {
					t.Errorf("%s/%s creates without the project's tag", name, st.Sid)
				}
			case strings.HasPrefix(st.Sid, "Change"):
				if st.Condition["StringEquals"]["aws:ResourceTag/Project"] == nil {
					t.Errorf("%s/%s changes what lacks the project's tag", name, st.Sid)
				}
			}
			for _, a := range st.Action {
				if strings.HasPrefix(a, "iam:") || strings.HasPrefix(a, "sts:") || strings.HasPrefix(a, "organizations:") {
					t.Errorf("%s/%s allows %s", name, st.Sid, a)
				}
			}
		}
	}
}

// TestStatePolicy pins the state backend's keys for the project.
func TestStatePolicy(t *testing.T) {
	t.Parallel()
	s := testScope()
	s.StatePrefix = ""
	doc := statePolicy(s, true)
	var objects []string
	for _, st := range doc.Statement {
		if slices.Contains(st.Action, "s3:PutObject") {
			objects = st.Resource
		}
	}
	want := []string{
		"arn:aws:s3:::acme-pulumi-state/.pulumi/stacks/ecs-bluegreen/*", "arn:aws:s3:::acme-pulumi-state/.pulumi/history/ecs-bluegreen/*",
		"arn:aws:s3:::acme-pulumi-state/.pulumi/backups/ecs-bluegreen/*", "arn:aws:s3:::acme-pulumi-state/.pulumi/locks/organization/ecs-bluegreen/*",
	}
	if diff := cmp.Diff(want, objects); diff != "" {
		t.Errorf("deploy role writes (-want +got):\n%s", diff)
	}
	s.StateKMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/0e1f"
	last := statePolicy(s, false).Statement
	if st := last[len(last)-1]; !cmp.Equal(st.Action, []string{"kms:Decrypt"}) || st.Resource[0] != s.StateKMSKeyARN || st.Condition["StringLike"]["kms:ViaService"] == nil {
		t.Errorf("state key statement %+v: want decrypt through S3 on the bucket's key only", st)
	}
}

// TestPoliciesFitIAM: IAM refuses a managed policy over 6,144 characters.
func TestPoliciesFitIAM(t *testing.T) {
	t.Parallel()
	s := testScope()
	s.StateKMSKeyARN, s.StateLocking = "arn:aws:kms:ap-northeast-2:111122223333:key/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7", true
	s.Regions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-2"}
	for name, doc := range documents(s) {
		if n := len(doc.JSON()); n > MaxPolicyLength {
			t.Errorf("%s is %d characters, more than IAM's %d", name, n, MaxPolicyLength)
		}
	}
}
