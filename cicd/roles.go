package cicd

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
const GitHubRolesType = "ecs-bluegreen:cicd:GitHubRoles"

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
	// Default: the component creates one (BoundaryARN) that allows what
	// workloads do but IAM, Organizations and account administration.
	PermissionsBoundaryARN string
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
	for i, r := range a.Regions {
		switch {
		case !regionPattern.MatchString(r):
			errs.Add(fmt.Sprintf("Regions[%d]", i), r, nil, "is not a region code: write it as us-east-1")
		case slices.Index(a.Regions, r) < i:
			errs.Add(fmt.Sprintf("Regions[%d]", i), r, nil, "is also {Regions[%d]}: list each region once", slices.Index(a.Regions, r))
		}
	}
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
	errs.Range("MaxSessionSeconds", a.MaxSessionSeconds, 3600, MaxMaxSessionSeconds, "seconds")
	return errs.Err()
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
		return nil, fmt.Errorf("cicd: %s: %w", name, errors.New("args are required: Repository, Project, Regions and StateBucket"))
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("cicd: %s: %w", name, err)
	}
	c := &GitHubRoles{}
	if err := ctx.RegisterComponentResource(GitHubRolesType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("cicd: %s: looking up the partition: %w", name, err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("cicd: %s: looking up the account: %w", name, err)
	}
	tags := func(child string) pulumi.StringMap { return tagging.For(child, a.Tags) }
	path := "/" + a.Project + "-ci/"

	provider := pulumi.String(a.OIDCProviderARN).ToStringOutput()
	if a.OIDCProviderARN == "" {
		pn := name + "-github"
		p, err := awsiam.NewOpenIdConnectProvider(ctx, pn, &awsiam.OpenIdConnectProviderArgs{
			Url:           pulumi.String(GitHubOIDCURL),
			ClientIdLists: pulumi.StringArray{pulumi.String(GitHubOIDCClient)},
			// AWS trusts GitHub's certificate authority for this URL and
			// ignores the thumbprints; IAM's API still takes them.
			ThumbprintLists: pulumi.ToStringArray([]string{"6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"}),
			Tags:            tags(pn),
		}, parent)
		if err != nil {
			return nil, err
		}
		provider = p.Arn
	}
	boundary := pulumi.String(a.PermissionsBoundaryARN).ToStringOutput()
	if a.PermissionsBoundaryARN == "" {
		bn := name + "-boundary"
		b, err := awsiam.NewPolicy(ctx, bn, &awsiam.PolicyArgs{
			Path:        pulumi.String(path),
			Description: pulumi.String("Permissions boundary of the roles the " + a.Project + " stacks create: workloads, not IAM, Organizations or account administration."),
			Policy:      pulumi.String(boundaryPolicy().JSON()),
			Tags:        tags(bn),
		}, parent)
		if err != nil {
			return nil, err
		}
		boundary = b.Arn
	}

	// The scope is known once the boundary's ARN is.
	scopeOf := func(boundaryARN string) scope {
		return scope{Partition: partition.Partition, Account: account.AccountId, Project: a.Project, Regions: a.Regions,
			StateBucket: a.StateBucket, StatePrefix: a.StatePrefix, StateKMSKeyARN: a.StateKMSKeyARN, StateLocking: a.StateLocking,
			BoundaryARN: boundaryARN, Path: path}
	}
	policy := func(suffix, description string, doc func(scope) iampolicy.Document) (*awsiam.Policy, error) {
		pn := name + "-" + suffix
		return awsiam.NewPolicy(ctx, pn, &awsiam.PolicyArgs{
			Path:        pulumi.String(path),
			Description: pulumi.String(description),
			Policy:      boundary.ApplyT(func(b string) string { return doc(scopeOf(b)).JSON() }).(pulumi.StringOutput),
			Tags:        tags(pn),
		}, parent)
	}
	type named struct {
		suffix, description string
		doc                 func(scope) iampolicy.Document
	}
	read := named{"read", "Read what the " + a.Project + " stacks contain, not their data.", readPolicy}
	stateRead := named{"state-read", "Read the state of the " + a.Project + " stacks.", func(s scope) iampolicy.Document { return statePolicy(s, false) }}
	stateWrite := named{"state-write", "Read and write the state of the " + a.Project + " stacks.", func(s scope) iampolicy.Document { return statePolicy(s, true) }}
	deploy := []named{
		{"network", "Create the " + a.Project + " stacks' network tagged, change what carries the tag.", networkPolicy},
		{"services", "Create the " + a.Project + " stacks' services tagged, change what carries the tag.", taggedServicesPolicy},
		{"named", "What the " + a.Project + " stacks' services scope by name or region: topics, aliases, buckets, CodeDeploy.", namedServicesPolicy},
		{"iam", "The " + a.Project + " stacks' roles: bounded, tagged, passed only to their services.", iamPolicy},
	}
	policies := map[string]*awsiam.Policy{}
	for _, p := range append([]named{read, stateRead, stateWrite}, deploy...) {
		created, err := policy(p.suffix, p.description, p.doc)
		if err != nil {
			return nil, err
		}
		policies[p.suffix] = created
	}

	role := func(suffix, description string, subjects []string, attach []string) (pulumi.StringOutput, error) {
		rn := name + "-" + suffix
		r, err := awsiam.NewRole(ctx, rn, &awsiam.RoleArgs{
			Path:               pulumi.String(path),
			Description:        pulumi.String(description),
			MaxSessionDuration: pulumi.Int(a.MaxSessionSeconds),
			AssumeRolePolicy: provider.ApplyT(func(p string) string {
				return trustPolicy(p, a.Repository, subjects).JSON()
			}).(pulumi.StringOutput),
			ForceDetachPolicies: pulumi.Bool(true),
			Tags:                tags(rn),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		deps := []any{r.Arn}
		for _, p := range attach {
			att, err := awsiam.NewRolePolicyAttachment(ctx, rn+"-"+p, &awsiam.RolePolicyAttachmentArgs{
				Role:      r.Name,
				PolicyArn: policies[p].Arn,
			}, parent)
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
	previewARN, err := role("preview", "Previews of "+a.Project+" from "+a.Repository+": reads the stacks and their state.", a.PreviewSubjects,
		[]string{read.suffix, stateRead.suffix})
	if err != nil {
		return nil, err
	}
	deployAttach := []string{read.suffix, stateWrite.suffix}
	for _, p := range deploy {
		deployAttach = append(deployAttach, p.suffix)
	}
	deployARN, err := role("deploy", "pulumi up and releases of "+a.Project+" from "+a.Repository+".", a.DeploySubjects, deployAttach)
	if err != nil {
		return nil, err
	}

	c.PreviewRoleARN = previewARN
	c.DeployRoleARN = deployARN
	c.OIDCProviderARN = provider
	c.BoundaryARN = boundary
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
