package kms

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/location"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	awskms "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LogKeyType is the component's type token. It is part of every child's
// URN: changing it replaces the key (and so re-encrypts nothing: the old
// key is scheduled for deletion) unless an alias says otherwise.
const LogKeyType = "ecs-bluegreen:kms:LogKey"

// Defaults and limits of LogKeyArgs.
const (
	// DefaultDeletionWindowDays is how long a deleted key can still be
	// restored: KMS's longest window, since logs encrypted with a deleted
	// key can never be read again.
	DefaultDeletionWindowDays = 30
	// MinDeletionWindowDays is the shortest window KMS accepts.
	MinDeletionWindowDays = 7
)

// FieldError is the error Validate and NewLogKey report for each bad
// field: it names the field, the value, what is allowed and a value that
// works.
type FieldError = argcheck.Error

// LogKeyArgs configures NewLogKey. Its zero value is a working default.
type LogKeyArgs struct {
	// DeletionWindowDays is how long, in days, a deleted key (the component
	// destroyed or replaced) stays restorable before KMS deletes it and the
	// logs it encrypted become unreadable: MinDeletionWindowDays to
	// DefaultDeletionWindowDays. Default: DefaultDeletionWindowDays (30).
	DeletionWindowDays int
	// ECRRepositories lets ECR encrypt the images of the account's
	// repositories in the key's region with the key, through grants it
	// creates when a repository names the key (a principal of the account,
	// through ECR only). Default: false, CloudWatch Logs alone may use the
	// key. Turning it on changes only the key's policy and description.
	ECRRepositories bool
	// Tags are applied to the key, beside the Name tag the component sets
	// itself.
	Tags map[string]string
}

// LogKey is a customer managed KMS key, rotated yearly, that CloudWatch
// Logs of the stack's account and region may use for that account's log
// groups there, and nothing else may use.
type LogKey struct {
	pulumi.ResourceState

	// KeyARN is the key's ARN, for a log group's kmsKeyId. It resolves once
	// the key exists with its policy.
	KeyARN pulumi.StringOutput `pulumi:"keyArn"`
	// KeyID is the key's id.
	KeyID pulumi.StringOutput `pulumi:"keyId"`
	// AliasName is the key's alias, alias/<project>/<stack>/<name>-<suffix>:
	// what the console and CloudTrail show beside the id.
	AliasName pulumi.StringOutput `pulumi:"aliasName"`
}

func (args LogKeyArgs) withDefaults() LogKeyArgs {
	if args.DeletionWindowDays == 0 {
		args.DeletionWindowDays = DefaultDeletionWindowDays
	}
	return args
}

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewLogKey calls it
// before it registers anything.
func (args LogKeyArgs) Validate() error {
	a := args.withDefaults()
	var errs argcheck.List
	errs.Range("DeletionWindowDays", a.DeletionWindowDays, MinDeletionWindowDays, DefaultDeletionWindowDays, "days")
	return errs.Err()
}

// aliasInvalid matches what a KMS alias may not contain.
var aliasInvalid = regexp.MustCompile(`[^A-Za-z0-9/_-]+`)

// aliasPrefix is the alias's name prefix for component name in a project's
// stack: alias/<project>/<stack>/<name>-, characters KMS refuses turned into
// '-'. KMS reserves alias/aws/.
func aliasPrefix(project, stack, name string) string {
	p := aliasInvalid.ReplaceAllString(project+"/"+stack+"/"+name, "-")
	if strings.HasPrefix(p, "aws/") {
		p = "stack-" + p
	}
	return "alias/" + p + "-"
}

// logKeyDescription is the key's description: who may use it.
func logKeyDescription(project, stack, name string, ecr bool) string {
	if ecr {
		return fmt.Sprintf("CloudWatch Logs groups and ECR repositories of %s/%s (%s): only CloudWatch Logs and ECR of this account and region may use it.", project, stack, name)
	}
	return fmt.Sprintf("CloudWatch Logs groups of %s/%s (%s): only CloudWatch Logs of this account and region may use it.", project, stack, name)
}

// NewLogKey creates the key and its alias. It validates args before it
// registers anything: on error, nothing is created.
func NewLogKey(ctx *pulumi.Context, name string, args *LogKeyArgs, opts ...pulumi.ResourceOption) (*LogKey, error) {
	if args == nil {
		args = &LogKeyArgs{}
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("kms: %s: %w", name, err)
	}
	c := &LogKey{}
	if err := ctx.RegisterComponentResource(LogKeyType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	at, err := location.Lookup(ctx, parent)
	if err != nil {
		return nil, fmt.Errorf("kms: %s: %w", name, err)
	}
	key, err := awskms.NewKey(ctx, name, &awskms.KeyArgs{
		Description:          pulumi.String(logKeyDescription(ctx.Project(), ctx.Stack(), name, a.ECRRepositories)),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(a.DeletionWindowDays),
		Policy:               pulumi.String(logKeyPolicy(at.Partition, at.DNSSuffix, at.Region, at.Account, a.ECRRepositories)),
		Tags:                 pulumi.ToStringMap(tagging.For(name, a.Tags)),
	}, parent)
	if err != nil {
		return nil, err
	}
	alias, err := awskms.NewAlias(ctx, name, &awskms.AliasArgs{
		NamePrefix: pulumi.String(aliasPrefix(ctx.Project(), ctx.Stack(), name)),
		// By ARN: the provider suppresses the diff with the key id AWS
		// reports (terraform-provider-aws #4010).
		TargetKeyId: key.Arn,
	}, parent)
	if err != nil {
		return nil, err
	}
	c.KeyARN = key.Arn
	c.KeyID = key.KeyId
	c.AliasName = alias.Name
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"keyArn":    c.KeyARN,
		"keyId":     c.KeyID,
		"aliasName": c.AliasName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
