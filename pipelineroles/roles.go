package pipelineroles

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GitHubRolesType is the component's type token. It is part of every
// child's URN: changing it replaces the roles (and the OIDC provider)
// unless an alias says otherwise.
const GitHubRolesType = "ecs-bluegreen:pipelineroles:GitHubRoles"

// previousGitHubRolesType is the token the component had as package cicd:
// NewGitHubRoles aliases it, so a stack created then sees no replacement.
const previousGitHubRolesType = "ecs-bluegreen:cicd:GitHubRoles"

// Defaults and limits of GitHubRolesArgs.
const (
	// DefaultMaxSessionSeconds is how long the roles' sessions last: an
	// hour, as the workflows expect (their jobs time out before).
	DefaultMaxSessionSeconds = 3600
	// MaxMaxSessionSeconds is the longest session IAM allows.
	MaxMaxSessionSeconds = 43200
)

// Default token subjects, after "repo:<owner>/<name>:".
var (
	// DefaultPreviewSubjects: pull requests' runs (preview.yml).
	DefaultPreviewSubjects = []string{"pull_request"}
	// DefaultDeploySubjects: runs in the dev environment (release.yml).
	DefaultDeploySubjects = []string{"environment:dev"}
)

// FieldError is the error Validate and NewGitHubRoles report for each bad
// field: it names the field, the value, what is allowed and a value that
// works.
type FieldError = argcheck.Error

// GitHubRolesArgs configures NewGitHubRoles. Repository, Project, Regions
// and StateBucket are required.
type GitHubRolesArgs struct {
	// Repository is the GitHub repository whose workflow runs may assume
	// the roles, owner/name. Required.
	Repository string
	// RepositoryID is the repository's immutable numeric ID
	// (gh api repos/<owner>/<name> --jq .id). When set, the roles trust the
	// subject "repository_id:<ID>:<subject>", which GitHub issues once the
	// repository's OIDC subject claim is customised to the claim keys
	// repository_id and context (docs/pipeline.md): a repository deleted
	// and re-created under the same name gets nothing. Default: 0, the
	// default subject "repo:<Repository>:<subject>".
	RepositoryID int64
	// PreviewSubjects are the OIDC token subjects, after
	// "repo:<Repository>:", that may assume the preview role: pull_request,
	// ref:refs/heads/<branch>, ref:refs/tags/<tag> or environment:<name>,
	// without wildcards. Default: DefaultPreviewSubjects.
	PreviewSubjects []string
	// DeploySubjects are the subjects that may assume the deploy role, as
	// PreviewSubjects; pull_request is refused (a pull request's code would
	// deploy). Default: DefaultDeploySubjects.
	DeploySubjects []string
	// Project is the Pulumi project whose stacks the roles preview and
	// deploy: its resources carry the tag Project=<Project>, its state lives
	// under .pulumi/stacks/<Project>/. Required.
	Project string
	// Regions are the stacks' regions; the roles act in no other. Required.
	Regions []string
	// StateBucket is the S3 bucket of the state backend
	// (PULUMI_BACKEND_URL s3://<bucket>). Required.
	StateBucket string
	// StatePrefix is the key prefix of the state in the bucket, for
	// s3://<bucket>/<prefix>. Default: none, the bucket's root.
	StatePrefix string
	// StateKMSKeyARN is the customer managed key that encrypts the state
	// bucket (SSE-KMS), which the roles then use through S3. Default: none
	// (SSE-S3).
	StateKMSKeyARN string
	// StateLocking lets the preview role write and remove its locks in the
	// bucket, for backends with PULUMI_SELF_MANAGED_STATE_LOCKING. Default:
	// off, the preview role only reads.
	StateLocking bool
	// OIDCProviderARN is an existing IAM OIDC provider for GitHub Actions
	// (an account has one per URL). Default: the component creates it.
	OIDCProviderARN string
	// PermissionsBoundaryARN is the managed policy every role the deploy
	// role creates must carry; the stacks take it as permissionsBoundaryArn.
	// Default: the component creates one (BoundaryARN) that allows only
	// what the stacks' roles do and ApplicationPermissions.
	PermissionsBoundaryARN string
	// ApplicationPermissions are what the application's task role may do
	// (the stacks' taskRolePolicyArns grant it): the permissions boundary
	// allows these beside what the stacks' own roles do, so the bound of
	// every role the deploy role creates is written here, reviewable.
	// Actions of IAM, STS, Organizations and the account are refused.
	// Ignored with PermissionsBoundaryARN, which then bounds the roles.
	// Default: none, the application gets no AWS permissions.
	ApplicationPermissions []Permission
	// HostedZoneIDs are the public Route 53 hosted zones of the stacks'
	// domainName: the deploy role may change A, AAAA and CNAME records
	// there (a name's alias records and its certificate's validation
	// records), and in no other zone. Default: none: the pipeline cannot
	// deploy a stack with domainName.
	HostedZoneIDs []string
	// MaxSessionSeconds is how long a session of either role lasts, 3600
	// to MaxMaxSessionSeconds. Default: DefaultMaxSessionSeconds.
	MaxSessionSeconds int
	// Tags are applied to the roles, policies and provider, beside the Name
	// tag the component sets itself. A Project tag equal to Project would
	// put the CI roles in the deploy role's reach; they are protected by an
	// explicit deny regardless.
	Tags map[string]string
}

// GitHubRoles are GitHub's OIDC provider and the preview and deploy roles
// of one repository's workflows.
type GitHubRoles struct {
	pulumi.ResourceState

	// PreviewRoleARN is the read-only role, for pull requests' previews
	// (the repository variable AWS_ROLE_ARN).
	PreviewRoleARN pulumi.StringOutput `pulumi:"previewRoleArn"`
	// DeployRoleARN is the role of pulumi up and releases (the repository
	// variable AWS_RELEASE_ROLE_ARN).
	DeployRoleARN pulumi.StringOutput `pulumi:"deployRoleArn"`
	// OIDCProviderARN is GitHub's OIDC provider in the account.
	OIDCProviderARN pulumi.StringOutput `pulumi:"oidcProviderArn"`
	// BoundaryARN is the permissions boundary the deploy role requires on
	// every role it creates: set it as the stacks' permissionsBoundaryArn.
	BoundaryARN pulumi.StringOutput `pulumi:"boundaryArn"`
}

var (
	repositoryPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	subjectPattern    = regexp.MustCompile(`^(pull_request|ref:refs/(heads|tags)/[A-Za-z0-9._/-]+|environment:[A-Za-z0-9._ -]+)$`)
	projectPattern    = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)
	regionPattern     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	bucketPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixPattern     = regexp.MustCompile(`^[A-Za-z0-9!_.*'()/-]*$`)
	kmsKeyPattern     = regexp.MustCompile(`^arn:aws(-[a-z]+)*:kms:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:key/[A-Za-z0-9-]+$`)
	providerPattern   = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:oidc-provider/` + regexp.QuoteMeta(GitHubOIDCHost) + `$`)
)

func (args GitHubRolesArgs) withDefaults() GitHubRolesArgs {
	if args.PreviewSubjects == nil {
		args.PreviewSubjects = DefaultPreviewSubjects
	}
	if args.DeploySubjects == nil {
		args.DeploySubjects = DefaultDeploySubjects
	}
	if args.MaxSessionSeconds == 0 {
		args.MaxSessionSeconds = DefaultMaxSessionSeconds
	}
	return args
}

// Validate reports every problem with args, after their defaults, at once:
// one *FieldError per problem, joined. NewGitHubRoles calls it before it
// registers anything.
func (args GitHubRolesArgs) Validate() error {
	a := args.withDefaults()
	var errs argcheck.List
	if !repositoryPattern.MatchString(a.Repository) {
		errs.Add("Repository", a.Repository, nil, "is not a GitHub repository: give owner/name, such as octo-org/ecs-bluegreen, without wildcards")
	}
	checkSubjects(&errs, "PreviewSubjects", a.PreviewSubjects, false)
	checkSubjects(&errs, "DeploySubjects", a.DeploySubjects, true)
	if !projectPattern.MatchString(a.Project) {
		errs.Add("Project", a.Project, nil, "is not a Pulumi project name: give the name in the stacks' Pulumi.yaml, such as ecs-bluegreen")
	}
	if len(a.Regions) == 0 {
		errs.Add("Regions", a.Regions, nil, "is empty: list the stacks' regions, such as us-east-1")
	}
	checkList(&errs, "Regions", a.Regions, regionPattern, "is not a region code: write it as us-east-1")
	if !bucketPattern.MatchString(a.StateBucket) || strings.Contains(a.StateBucket, "..") {
		errs.Add("StateBucket", a.StateBucket, nil, "is not an S3 bucket name: give the bucket of PULUMI_BACKEND_URL (s3://<bucket>), 3 to 63 lowercase letters, digits, '.' and '-'")
	}
	if p := a.StatePrefix; !prefixPattern.MatchString(p) || strings.Contains(p, "*") || strings.HasPrefix(p, "/") || strings.Contains(p, "//") {
		errs.Add("StatePrefix", p, nil, "is not a key prefix: give the path after the bucket in PULUMI_BACKEND_URL, such as teams/web, without wildcards")
	}
	if k := a.StateKMSKeyARN; k != "" && !kmsKeyPattern.MatchString(k) {
		errs.Add("StateKMSKeyARN", k, nil, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>): give the key of the bucket's default encryption")
	}
	if p := a.OIDCProviderARN; p != "" && !providerPattern.MatchString(p) {
		errs.Add("OIDCProviderARN", p, nil, "is not GitHub's OIDC provider (arn:aws:iam::<account>:oidc-provider/%s): give the account's, or leave it empty to create it", GitHubOIDCHost)
	}
	if b := a.PermissionsBoundaryARN; b != "" && !iampolicy.IsManagedPolicyARN(b) {
		errs.Add("PermissionsBoundaryARN", b, nil, "is not an IAM managed policy ARN: want %s", iampolicy.ManagedPolicyARNShape)
	}
	if a.RepositoryID < 0 {
		errs.Add("RepositoryID", a.RepositoryID, nil, "is negative: give the repository's ID (gh api repos/<owner>/<name> --jq .id), or 0 for the default subject")
	}
	if n := len(bucketProject(a.Project)); n > maxBucketProject {
		errs.Add("Project", a.Project, nil, "is %d characters as a bucket name prefix: the stacks' access-log buckets start with it and AWS allows at most %d there; use a shorter project name", n, maxBucketProject)
	}
	checkList(&errs, "HostedZoneIDs", a.HostedZoneIDs, hostedZonePattern,
		"is not a Route 53 hosted zone id (Z followed by capital letters and digits): copy it from `aws route53 list-hosted-zones-by-name`")
	checkPermissions(&errs, a)
	errs.Range("MaxSessionSeconds", a.MaxSessionSeconds, 3600, MaxMaxSessionSeconds, "seconds")
	return errs.Err()
}

// checkList records each element of the list field that does not match
// pattern (problem says why) or repeats an earlier one.
func checkList(errs *argcheck.List, field string, list []string, pattern *regexp.Regexp, problem string) {
	for i, v := range list {
		switch {
		case !pattern.MatchString(v):
			errs.Add(fmt.Sprintf("%s[%d]", field, i), v, nil, "%s", problem)
		case slices.Index(list, v) < i:
			errs.Add(fmt.Sprintf("%s[%d]", field, i), v, nil, "is also {%s[%d]}: list each once", field, slices.Index(list, v))
		}
	}
}

// hostedZonePattern is a Route 53 hosted zone's id.
var hostedZonePattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// maxBucketProject is the longest project name, as the access-log buckets'
// prefix writes it, that keeps the whole project in the prefix: the
// load balancer component's bucket prefix is at most 37 characters and
// ends in "-alb-logs-".
const maxBucketProject = 37 - len("-alb-logs-") - 1

// bucketProject is the project's name as the buckets' prefix writes it.
func bucketProject(project string) string {
	return strings.TrimSuffix(scope{Project: project}.bucketPrefix(), "-")
}

// actionPattern is an IAM action: service:Name, '*' only inside the name.
var actionPattern = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+[A-Za-z0-9*]*$`)

// unboundedServices are the services whose actions the boundary never
// allows the application: they would let a role escape it.
var unboundedServices = []string{"account", "iam", "organizations", "sts"}

// checkPermissions records problems with the application's permissions,
// and a boundary too long for IAM.
func checkPermissions(errs *argcheck.List, a GitHubRolesArgs) {
	for i, p := range a.ApplicationPermissions {
		f := fmt.Sprintf("ApplicationPermissions[%d]", i)
		if len(p.Actions) == 0 || len(p.Resources) == 0 {
			errs.Add(f, p, nil, "needs actions and resources: give both, such as {actions: [s3:GetObject], resources: [arn:aws:s3:::my-bucket/*]}")
		}
		for j, act := range p.Actions {
			service, _, _ := strings.Cut(act, ":")
			switch {
			case !actionPattern.MatchString(act):
				errs.Add(fmt.Sprintf("%s.Actions[%d]", f, j), act, nil, "is not an IAM action: write service:Action, such as s3:GetObject ('*' only after the first letter of the name)")
			case slices.Contains(unboundedServices, service):
				errs.Add(fmt.Sprintf("%s.Actions[%d]", f, j), act, nil, "is an action of %s, which would let a role escape its boundary: grant it outside the stacks' roles", service)
			}
		}
		for j, r := range p.Resources {
			if r != "*" && !strings.HasPrefix(r, "arn:") {
				errs.Add(fmt.Sprintf("%s.Resources[%d]", f, j), r, nil, "is not an ARN: give arn:<partition>:<service>:<region>:<account>:<resource>, or * for actions that take no resource")
			}
		}
	}
	checkPolicyLengths(errs, a)
}

// checkPolicyLengths records a policy that would be longer than IAM takes,
// written with the longest partition and a boundary named as the component
// names its own: the regions repeat in most deploy statements, the
// application's permissions make the boundary.
func checkPolicyLengths(errs *argcheck.List, a GitHubRolesArgs) {
	longest := scope{Partition: "aws-us-gov", Account: "000000000000", Project: a.Project, Regions: a.Regions,
		StateBucket: a.StateBucket, StatePrefix: a.StatePrefix, StateKMSKeyARN: a.StateKMSKeyARN, StateLocking: a.StateLocking,
		Path: "/" + a.Project + "-ci/", Application: a.ApplicationPermissions, HostedZoneIDs: a.HostedZoneIDs}
	longest.BoundaryARN = longest.iamARN("policy" + longest.Path + "ci-boundary-0000000")
	if a.PermissionsBoundaryARN != "" {
		longest.BoundaryARN = a.PermissionsBoundaryARN
	} else if n := len(boundaryPolicy(longest).JSON()); n > MaxPolicyLength {
		errs.Add("ApplicationPermissions", len(a.ApplicationPermissions), nil, "make the permissions boundary %d characters, more than IAM's %d: merge statements or use patterns", n, MaxPolicyLength)
	}
	for _, p := range policyDocs {
		if n := len(p.doc(longest).JSON()); n > MaxPolicyLength {
			errs.Add("Regions", a.Regions, nil, "make the %s policy %d characters, more than IAM's %d: list fewer regions (a CI role per group of regions)", p.suffix, n, MaxPolicyLength)
			return
		}
	}
}

// checkSubjects records problems with a role's token subjects.
func checkSubjects(errs *argcheck.List, field string, subjects []string, deploy bool) {
	if len(subjects) == 0 {
		errs.Add(field, subjects, nil, "is empty: no run could assume the role; list at least one subject, such as environment:dev")
	}
	for i, s := range subjects {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case strings.ContainsAny(s, "*?"):
			errs.Add(f, s, nil, "has a wildcard: it would let any matching branch, tag or environment of the repository assume the role; name each")
		case strings.HasPrefix(s, "repo:"):
			errs.Add(f, s, nil, "starts with repo: the component adds repo:<Repository>:; give what follows it, such as environment:dev")
		case !subjectPattern.MatchString(s):
			errs.Add(f, s, nil, "is not a subject GitHub issues: use pull_request, ref:refs/heads/<branch>, ref:refs/tags/<tag> or environment:<name>")
		case deploy && s == "pull_request":
			errs.Add(f, s, nil, "would let a pull request's code deploy: use the environment the deploying job runs in, such as environment:dev")
		case slices.Index(subjects, s) < i:
			errs.Add(f, s, nil, "is also {%s[%d]}: list each subject once", field, slices.Index(subjects, s))
		}
	}
}

// NewGitHubRoles creates the OIDC provider (unless given), the permissions
// boundary (unless given), the preview and deploy roles and their
// policies. It validates args before it registers anything: on error,
// nothing is created.
func NewGitHubRoles(ctx *pulumi.Context, name string, args *GitHubRolesArgs, opts ...pulumi.ResourceOption) (*GitHubRoles, error) {
	if args == nil {
		return nil, fmt.Errorf("pipelineroles: %s: %w", name, errors.New("args are required: Repository, Project, Regions and StateBucket"))
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("pipelineroles: %s: %w", name, err)
	}
	c := &GitHubRoles{}
	// The type token was ecs-bluegreen:cicd:GitHubRoles: the alias keeps
	// the component's and its children's URNs.
	opts = append(opts, pulumi.Aliases([]pulumi.Alias{{Type: pulumi.String(previousGitHubRolesType)}}))
	if err := ctx.RegisterComponentResource(GitHubRolesType, name, c, opts...); err != nil {
		return nil, err
	}
	b, err := newBuilder(ctx, name, a, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	if err := b.newProvider(); err != nil {
		return nil, err
	}
	if err := b.newBoundary(); err != nil {
		return nil, err
	}
	if err := b.newPolicies(); err != nil {
		return nil, err
	}
	if c.PreviewRoleARN, err = b.newRole("preview", "Previews of "+a.Project+" from "+a.Repository+": reads the stacks and their state.",
		a.PreviewSubjects, previewPolicies); err != nil {
		return nil, err
	}
	if c.DeployRoleARN, err = b.newRole("deploy", "pulumi up and releases of "+a.Project+" from "+a.Repository+".",
		a.DeploySubjects, deployPolicies); err != nil {
		return nil, err
	}
	c.OIDCProviderARN = b.provider
	c.BoundaryARN = b.boundary
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"previewRoleArn":  c.PreviewRoleARN,
		"deployRoleArn":   c.DeployRoleARN,
		"oidcProviderArn": c.OIDCProviderARN,
		"boundaryArn":     c.BoundaryARN,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// policyDoc is one managed policy of the roles: its child suffix, its
// description and its document for a scope.
type policyDoc struct {
	suffix, description string
	doc                 func(scope) iampolicy.Document
}

// The roles' managed policies, by child suffix, in creation order; the
// preview role gets the first two, the deploy role the others and read.
var (
	previewPolicies = []string{"read", "state-read"}
	deployPolicies  = []string{"iam", "named", "network", "read", "services", "state-write"}
	policyDocs      = []policyDoc{
		{"read", "Read what the %s stacks contain, not their data.", readPolicy},
		{"state-read", "Read the state of the %s stacks.", func(s scope) iampolicy.Document { return statePolicy(s, false) }},
		{"state-write", "Read and write the state of the %s stacks.", func(s scope) iampolicy.Document { return statePolicy(s, true) }},
		{"network", "Create the %s stacks' network tagged, change what carries the tag.", networkPolicy},
		{"services", "Create the %s stacks' services tagged, change what carries the tag.", taggedServicesPolicy},
		{"named", "The %s stacks' topics, CodeDeploy, service scaling, aliases and buckets: by tag or by name.", namedServicesPolicy},
		{"iam", "The %s stacks' roles: bounded, tagged, passed only to their services.", iamPolicy},
	}
)

// builder creates the component's children: it holds what every step
// needs.
type builder struct {
	ctx    *pulumi.Context
	name   string
	args   GitHubRolesArgs
	parent pulumi.ResourceOrInvokeOption
	// partition and account of the provider's credentials.
	partition, account string
	// path is the IAM path of the roles and policies.
	path string
	// provider and boundary are the OIDC provider's and the boundary's
	// ARNs, given or created.
	provider, boundary pulumi.StringOutput
	policies           map[string]*awsiam.Policy
}

// newBuilder looks up the partition and account the children live in.
func newBuilder(ctx *pulumi.Context, name string, a GitHubRolesArgs, parent pulumi.ResourceOrInvokeOption) (*builder, error) {
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("pipelineroles: %s: looking up the partition: %w", name, err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("pipelineroles: %s: looking up the account: %w", name, err)
	}
	return &builder{ctx: ctx, name: name, args: a, parent: parent, partition: partition.Partition, account: account.AccountId,
		path: "/" + a.Project + "-ci/", policies: map[string]*awsiam.Policy{}}, nil
}

func (b *builder) tags(child string) pulumi.StringMap {
	return pulumi.ToStringMap(tagging.For(child, b.args.Tags))
}

// scope is what the policies are scoped by, once the boundary's ARN is
// known.
func (b *builder) scope(boundaryARN string) scope {
	a := b.args
	return scope{Partition: b.partition, Account: b.account, Project: a.Project, Regions: a.Regions,
		StateBucket: a.StateBucket, StatePrefix: a.StatePrefix, StateKMSKeyARN: a.StateKMSKeyARN, StateLocking: a.StateLocking,
		BoundaryARN: boundaryARN, Path: b.path, Application: a.ApplicationPermissions, HostedZoneIDs: a.HostedZoneIDs}
}

// newProvider creates GitHub's OIDC provider, unless args name one.
func (b *builder) newProvider() error {
	if b.args.OIDCProviderARN != "" {
		b.provider = pulumi.String(b.args.OIDCProviderARN).ToStringOutput()
		return nil
	}
	pn := b.name + "-github"
	p, err := awsiam.NewOpenIdConnectProvider(b.ctx, pn, &awsiam.OpenIdConnectProviderArgs{
		Url:           pulumi.String(GitHubOIDCURL),
		ClientIdLists: pulumi.StringArray{pulumi.String(GitHubOIDCClient)},
		// AWS trusts GitHub's certificate authority for this URL and
		// ignores the thumbprints; IAM's API still takes them.
		ThumbprintLists: pulumi.ToStringArray([]string{"6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"}),
		Tags:            b.tags(pn),
	}, b.parent)
	if err != nil {
		return err
	}
	b.provider = p.Arn
	return nil
}

// newBoundary creates the permissions boundary, unless args name one.
func (b *builder) newBoundary() error {
	if b.args.PermissionsBoundaryARN != "" {
		b.boundary = pulumi.String(b.args.PermissionsBoundaryARN).ToStringOutput()
		return nil
	}
	bn := b.name + "-boundary"
	p, err := awsiam.NewPolicy(b.ctx, bn, &awsiam.PolicyArgs{
		Path: pulumi.String(b.path),
		Description: pulumi.String("Permissions boundary of the roles the " + b.args.Project +
			" stacks create: what those roles do (ECS, CodeDeploy, logs, Session Manager, the project's keys) and the application's permissions."),
		Policy: pulumi.String(boundaryPolicy(b.scope("")).JSON()),
		Tags:   b.tags(bn),
	}, b.parent)
	if err != nil {
		return err
	}
	b.boundary = p.Arn
	return nil
}

// newPolicies creates the roles' managed policies, each written once the
// boundary's ARN is known.
func (b *builder) newPolicies() error {
	for _, p := range policyDocs {
		pn := b.name + "-" + p.suffix
		doc := p.doc
		created, err := awsiam.NewPolicy(b.ctx, pn, &awsiam.PolicyArgs{
			Path:        pulumi.String(b.path),
			Description: pulumi.String(fmt.Sprintf(p.description, b.args.Project)),
			Policy:      b.boundary.ApplyT(func(ba string) string { return doc(b.scope(ba)).JSON() }).(pulumi.StringOutput),
			Tags:        b.tags(pn),
		}, b.parent)
		if err != nil {
			return err
		}
		b.policies[p.suffix] = created
	}
	return nil
}

// newRole creates one role trusted by the subjects, with the policies
// (by suffix) attached. Its ARN resolves once they are.
func (b *builder) newRole(suffix, description string, subjects, attach []string) (pulumi.StringOutput, error) {
	rn := b.name + "-" + suffix
	r, err := awsiam.NewRole(b.ctx, rn, &awsiam.RoleArgs{
		Path:               pulumi.String(b.path),
		Description:        pulumi.String(description),
		MaxSessionDuration: pulumi.Int(b.args.MaxSessionSeconds),
		AssumeRolePolicy: b.provider.ApplyT(func(p string) string {
			return trustPolicy(p, b.args.Repository, b.args.RepositoryID, subjects).JSON()
		}).(pulumi.StringOutput),
		ForceDetachPolicies: pulumi.Bool(true),
		Tags:                b.tags(rn),
	}, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	deps := []any{r.Arn}
	for _, p := range attach {
		att, err := awsiam.NewRolePolicyAttachment(b.ctx, rn+"-"+p, &awsiam.RolePolicyAttachmentArgs{
			Role:      r.Name,
			PolicyArn: b.policies[p].Arn,
		}, b.parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		deps = append(deps, att.ID())
	}
	// Usable once its policies are attached.
	return pulumi.All(deps...).ApplyT(func(all []any) string {
		s, _ := all[0].(string)
		return s
	}).(pulumi.StringOutput), nil
}
