package pipelineroles_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/pipelineroles"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	typRole   = "aws:iam/role:Role"
	typPolicy = "aws:iam/policy:Policy"
	typAttach = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typOIDC   = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
)

func args() *pipelineroles.GitHubRolesArgs {
	return &pipelineroles.GitHubRolesArgs{Repository: "octo-org/ecs-bluegreen", Project: "ecs-bluegreen", Regions: []string{"us-east-1", "ap-northeast-2"},
		StateBucket: "acme-pulumi-state", Tags: map[string]string{"team": "platform"}}
}

func run(t *testing.T, a *pipelineroles.GitHubRolesArgs, names ...string) (*awsmock.Mocks, map[string]*awsmock.Value, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	out := map[string]*awsmock.Value{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			r, err := pipelineroles.NewGitHubRoles(ctx, n, a)
			if err != nil {
				return err
			}
			out[n+".preview"] = awsmock.Watch(ctx, r.PreviewRoleARN)
			out[n+".deploy"] = awsmock.Watch(ctx, r.DeployRoleARN)
			out[n+".provider"] = awsmock.Watch(ctx, r.OIDCProviderARN)
			out[n+".boundary"] = awsmock.Watch(ctx, r.BoundaryARN)
		}
		return nil
	})
	return m, out, err
}

func TestGitHubRolesTypeToken(t *testing.T) {
	t.Parallel()
	if pipelineroles.GitHubRolesType != "ecs-bluegreen:pipelineroles:GitHubRoles" {
		t.Errorf("GitHubRolesType = %q: changing it replaces the roles; add an alias instead", pipelineroles.GitHubRolesType)
	}
}

func TestGitHubRolesChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m, _, err := run(t, args(), "ci")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:iam/openIdConnectProvider:OpenIdConnectProvider ci-github",
		"aws:iam/policy:Policy ci-boundary", "aws:iam/policy:Policy ci-iam", "aws:iam/policy:Policy ci-named",
		"aws:iam/policy:Policy ci-network", "aws:iam/policy:Policy ci-read", "aws:iam/policy:Policy ci-services",
		"aws:iam/policy:Policy ci-state-read", "aws:iam/policy:Policy ci-state-write",
		"aws:iam/role:Role ci-deploy", "aws:iam/role:Role ci-preview",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-iam", "aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-named",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-network", "aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-read",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-services", "aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-deploy-state-write",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-preview-read", "aws:iam/rolePolicyAttachment:RolePolicyAttachment ci-preview-state-read",
		"ecs-bluegreen:pipelineroles:GitHubRoles ci",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	for _, r := range m.NotUnder(pipelineroles.GitHubRolesType, "ci") {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

// attached returns the policies attached to a role, by child name.
func attached(m *awsmock.Mocks, role string) []string {
	var out []string
	for _, a := range m.OfType(typAttach) {
		if p, ok := strings.CutPrefix(a.Name, role+"-"); ok {
			out = append(out, p)
		}
	}
	return out
}

func TestNewGitHubRoles(t *testing.T) {
	t.Parallel()
	m, out, err := run(t, args(), "ci")
	if err != nil {
		t.Fatal(err)
	}
	provider, _ := m.Named(typOIDC, "ci-github")
	if provider.String("url") != "https://token.actions.githubusercontent.com" || provider.String("clientIdLists", "0") != "sts.amazonaws.com" {
		t.Errorf("OIDC provider %v", provider.Inputs)
	}
	for role, want := range map[string]struct {
		subject  string
		policies []string
	}{
		"ci-preview": {"repo:octo-org/ecs-bluegreen:pull_request", []string{"read", "state-read"}},
		"ci-deploy":  {"repo:octo-org/ecs-bluegreen:environment:dev", []string{"iam", "named", "network", "read", "services", "state-write"}},
	} {
		r, _ := m.Named(typRole, role)
		if r.String("path") != "/ecs-bluegreen-ci/" || r.Number("maxSessionDuration") != 3600 || r.String("tags", "team") != "platform" {
			t.Errorf("%s: path %q, session %v, tags %v", role, r.String("path"), r.Number("maxSessionDuration"), r.Get("tags"))
		}
		trust, err := iampolicy.Parse(r.String("assumeRolePolicy"))
		if err != nil || len(trust.Statement) != 1 {
			t.Fatalf("%s trust policy %s", role, r.String("assumeRolePolicy"))
		}
		st := trust.Statement[0]
		eq := st.Condition["StringEquals"]
		if st.Principal.Federated[0] != out["ci.provider"].String() || !cmp.Equal(eq["token.actions.githubusercontent.com:sub"], []string{want.subject}) ||
			!cmp.Equal(eq["token.actions.githubusercontent.com:aud"], []string{"sts.amazonaws.com"}) || !r.DependsOn(provider.URN) {
			t.Errorf("%s trust: %+v; want the provider, %s and sts.amazonaws.com", role, st, want.subject)
		}
		if got := attached(m, role); !cmp.Equal(got, want.policies) {
			t.Errorf("%s policies %v, want %v", role, got, want.policies)
		}
	}
	// The deploy role's IAM policy requires the boundary the component
	// created, the stacks' permissionsBoundaryArn.
	iamPol, _ := m.Named(typPolicy, "ci-iam")
	boundary := out["ci.boundary"].String()
	if boundary == "" || !strings.Contains(iamPol.String("policy"), `"iam:PermissionsBoundary":["`+boundary+`"]`) {
		t.Errorf("the deploy role's IAM policy does not require the boundary %q: %s", boundary, iamPol.String("policy"))
	}
	b, _ := m.Named(typPolicy, "ci-boundary")
	if b.String("path") != "/ecs-bluegreen-ci/" || strings.Contains(b.String("policy"), "NotAction") || !strings.Contains(b.String("policy"), `"Sid":"ECSAgent"`) {
		t.Errorf("boundary %v", b.Inputs)
	}
	for _, k := range []string{"ci.preview", "ci.deploy"} {
		if !strings.Contains(out[k].String(), ":role/") {
			t.Errorf("%s = %q", k, out[k].String())
		}
	}
	// A role's ARN waits for its policies.
	for _, p := range m.OfType(typPolicy) {
		if len(p.String("policy")) > pipelineroles.MaxPolicyLength {
			t.Errorf("policy %s is %d characters", p.Name, len(p.String("policy")))
		}
	}
}

// TestNewGitHubRolesWithExisting: an existing provider and boundary are
// used, not created.
func TestNewGitHubRolesWithExisting(t *testing.T) {
	t.Parallel()
	a := args()
	a.OIDCProviderARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
	a.PermissionsBoundaryARN = "arn:aws:iam::123456789012:policy/landing-zone/Workloads"
	a.DeploySubjects = []string{"environment:prod", "ref:refs/heads/main"}
	m, out, err := run(t, a, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.OfType(typOIDC)) != 0 || slices.ContainsFunc(m.OfType(typPolicy), func(r awsmock.Resource) bool { return r.Name == "ci-boundary" }) {
		t.Errorf("created a provider or a boundary: %v", m.Shape())
	}
	if out["ci.provider"].String() != a.OIDCProviderARN || out["ci.boundary"].String() != a.PermissionsBoundaryARN {
		t.Errorf("outputs %q, %q", out["ci.provider"].String(), out["ci.boundary"].String())
	}
	deploy, _ := m.Named(typRole, "ci-deploy")
	if !strings.Contains(deploy.String("assumeRolePolicy"), `"repo:octo-org/ecs-bluegreen:environment:prod","repo:octo-org/ecs-bluegreen:ref:refs/heads/main"`) {
		t.Errorf("deploy trust %s", deploy.String("assumeRolePolicy"))
	}
	iamPol, _ := m.Named(typPolicy, "ci-iam")
	if !strings.Contains(iamPol.String("policy"), a.PermissionsBoundaryARN) {
		t.Errorf("IAM policy does not require the given boundary")
	}
}

func TestGitHubRolesValidate(t *testing.T) {
	t.Parallel()
	with := func(f func(*pipelineroles.GitHubRolesArgs)) pipelineroles.GitHubRolesArgs {
		a := args()
		f(a)
		return *a
	}
	tests := map[string]struct {
		args pipelineroles.GitHubRolesArgs
		want []argchecktest.Problem
	}{
		"defaults": {args: *args()},
		"hosted zones": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.HostedZoneIDs = []string{"Z00CAAF24EXAMPLE", "example.com", "Z00CAAF24EXAMPLE"}
		}),
			want: []argchecktest.Problem{{Field: "HostedZoneIDs[1]", Value: "example.com"}, {Field: "HostedZoneIDs[2]", Value: "Z00CAAF24EXAMPLE"}}},
		"a region twice": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Regions = []string{"us-east-1", "us-east-1"} }),
			want: []argchecktest.Problem{{Field: "Regions[1]", Value: "us-east-1"}}},
		"everything set": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.StatePrefix, a.StateKMSKeyARN, a.StateLocking, a.MaxSessionSeconds = "teams/web", "arn:aws:kms:us-east-1:123456789012:key/0e1f", true, 7200
			a.PreviewSubjects = []string{"pull_request", "ref:refs/heads/main"}
		})},
		"no repository owner": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Repository = "ecs-bluegreen" }),
			want: []argchecktest.Problem{{Field: "Repository", Value: "ecs-bluegreen"}}},
		"repository wildcard": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Repository = "octo-org/*" }),
			want: []argchecktest.Problem{{Field: "Repository", Value: "octo-org/*"}}},
		"subject wildcard": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.DeploySubjects = []string{"ref:refs/heads/*"} }),
			want: []argchecktest.Problem{{Field: "DeploySubjects[0]", Value: "ref:refs/heads/*"}}},
		"pull requests deploy": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.DeploySubjects = []string{"pull_request"} }),
			want: []argchecktest.Problem{{Field: "DeploySubjects[0]", Value: "pull_request"}}},
		"full subject": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.PreviewSubjects = []string{"repo:octo-org/ecs-bluegreen:pull_request"}
		}),
			want: []argchecktest.Problem{{Field: "PreviewSubjects[0]", Value: "repo:octo-org/ecs-bluegreen:pull_request"}}},
		"no subjects": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.PreviewSubjects = []string{} }),
			want: []argchecktest.Problem{{Field: "PreviewSubjects", Value: []string{}}}},
		"unknown subject": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.PreviewSubjects = []string{"workflow:preview"} }),
			want: []argchecktest.Problem{{Field: "PreviewSubjects[0]", Value: "workflow:preview"}}},
		"regions": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Regions = []string{"us-east-1", "Seoul", "us-east-1"} }),
			want: []argchecktest.Problem{{Field: "Regions[1]", Value: "Seoul"}, {Field: "Regions[2]", Value: "us-east-1"}}},
		"no regions": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Regions = nil }),
			want: []argchecktest.Problem{{Field: "Regions", Value: []string(nil)}}},
		"bucket URL": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.StateBucket = "s3://acme-pulumi-state" }),
			want: []argchecktest.Problem{{Field: "StateBucket", Value: "s3://acme-pulumi-state"}}},
		"prefix wildcard": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.StatePrefix = "teams/*" }),
			want: []argchecktest.Problem{{Field: "StatePrefix", Value: "teams/*"}}},
		"provider of another issuer": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.OIDCProviderARN = "arn:aws:iam::123456789012:oidc-provider/gitlab.com"
		}), want: []argchecktest.Problem{{Field: "OIDCProviderARN", Value: "arn:aws:iam::123456789012:oidc-provider/gitlab.com"}}},
		"boundary not a policy": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.PermissionsBoundaryARN = "Workloads" }),
			want: []argchecktest.Problem{{Field: "PermissionsBoundaryARN", Value: "Workloads"}}},
		"session too long": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.MaxSessionSeconds = 50000 }),
			want: []argchecktest.Problem{{Field: "MaxSessionSeconds", Value: 50000, Fix: 43200}}},
		"too many regions": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.Regions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
				"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1", "ca-central-1"}
		}), want: []argchecktest.Problem{{Field: "Regions", Value: []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
			"eu-west-3", "eu-central-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1", "ca-central-1"}}}},
		"application permissions": {args: with(func(a *pipelineroles.GitHubRolesArgs) {
			a.ApplicationPermissions = []pipelineroles.Permission{
				{Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::assets/*"}},
				{Actions: []string{"*"}, Resources: []string{"bucket"}},
				{Actions: []string{"iam:PassRole"}, Resources: []string{"*"}},
				{},
			}
		}), want: []argchecktest.Problem{
			{Field: "ApplicationPermissions[1].Actions[0]", Value: "*"},
			{Field: "ApplicationPermissions[1].Resources[0]", Value: "bucket"},
			{Field: "ApplicationPermissions[2].Actions[0]", Value: "iam:PassRole"},
			{Field: "ApplicationPermissions[3]", Value: pipelineroles.Permission{}},
		}},
		"repository id": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.RepositoryID = -1 }),
			want: []argchecktest.Problem{{Field: "RepositoryID", Value: int64(-1)}}},
		"project too long for buckets": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Project = "ecs-bluegreen-platform-team-services" }),
			want: []argchecktest.Problem{{Field: "Project", Value: "ecs-bluegreen-platform-team-services"}}},
		"no project": {args: with(func(a *pipelineroles.GitHubRolesArgs) { a.Project = "" }),
			want: []argchecktest.Problem{{Field: "Project", Value: ""}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, argchecktest.Problems(t, tc.args, tc.args.Validate())); diff != "" {
				t.Errorf("Validate() (-want +got):\n%s", diff)
			}
		})
	}
	a := args()
	a.Repository = "*"
	m, _, err := run(t, a, "ci")
	if err == nil || !strings.Contains(err.Error(), `pipelineroles: ci: Repository "*" is not a GitHub repository`) || len(m.Resources()) != 0 {
		t.Errorf("NewGitHubRoles(bad) = %v with %d resources, want the field named and nothing registered", err, len(m.Resources()))
	}
}

func ExampleNewGitHubRoles() {
	program := func(ctx *pulumi.Context) error {
		roles, err := pipelineroles.NewGitHubRoles(ctx, "ci", &pipelineroles.GitHubRolesArgs{
			Repository:  "octo-org/ecs-bluegreen",
			Project:     "ecs-bluegreen",
			Regions:     []string{"us-east-1", "ap-northeast-2"},
			StateBucket: "acme-pulumi-state",
		})
		if err != nil {
			return err
		}
		ctx.Export("previewRoleArn", roles.PreviewRoleARN) // AWS_ROLE_ARN
		ctx.Export("deployRoleArn", roles.DeployRoleARN)   // AWS_RELEASE_ROLE_ARN
		ctx.Export("boundaryArn", roles.BoundaryARN)       // the stacks' permissionsBoundaryArn
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}

// aliasMocks records the aliases each resource is registered with.
type aliasMocks struct {
	*awsmock.Mocks
	mu      sync.Mutex
	aliases map[string][]*pulumirpc.Alias // by type and name
}

func (m *aliasMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.aliases[args.TypeToken+" "+args.Name] = args.RegisterRPC.GetAliases()
	m.mu.Unlock()
	return m.Mocks.NewResource(args)
}

// TestGitHubRolesAliasesTheCICDType: the component was
// ecs-bluegreen:cicd:GitHubRoles; it is registered with an alias of that
// type (same name, same parent), so the engine maps a running stack's
// component, and through it every child's URN, without a replacement.
func TestGitHubRolesAliasesTheCICDType(t *testing.T) {
	t.Parallel()
	m := &aliasMocks{Mocks: &awsmock.Mocks{}, aliases: map[string][]*pulumirpc.Alias{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := pipelineroles.NewGitHubRoles(ctx, "ci", args())
		return err
	}, pulumi.WithMocks(awsmock.Project, awsmock.Stack, m))
	if err != nil {
		t.Fatal(err)
	}
	got := m.aliases[pipelineroles.GitHubRolesType+" ci"]
	if len(got) != 1 || got[0].GetSpec().GetType() != "ecs-bluegreen:cicd:GitHubRoles" || got[0].GetSpec().GetName() != "" {
		t.Errorf("component aliases %v, want one of type ecs-bluegreen:cicd:GitHubRoles", got)
	}
}
