package pipelineroles

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the Pulumi program of the pipeline-roles project
// (ecs-bluegreen-ci, in the module's pipeline-roles directory, whose main
// runs it): it reads the project's configuration keys into
// GitHubRolesArgs, checks them with the component's rules before anything
// is registered (each problem names its key and the fix), creates the
// roles and exports what the repository's variables and the stacks need:
// previewRoleArn, deployRoleArn, oidcProviderArn and boundaryArn.
//
// It lives beside the component, not in its own package, so that the
// project's tests share the component's test binary.
func Program(ctx *pulumi.Context) error {
	args, err := loadConfig(func(key string) (string, bool) { return ctx.GetConfig(ctx.Project() + ":" + key) })
	if err != nil {
		return fmt.Errorf("invalid stack configuration:\n%w", err)
	}
	args.Tags = map[string]string{"Purpose": "ci", "Repository": args.Repository, "ManagedBy": ctx.Project() + "/" + ctx.Stack()}
	roles, err := NewGitHubRoles(ctx, "ci", &args)
	if err != nil {
		return err
	}
	ctx.Export("previewRoleArn", roles.PreviewRoleARN)
	ctx.Export("deployRoleArn", roles.DeployRoleARN)
	ctx.Export("oidcProviderArn", roles.OIDCProviderARN)
	ctx.Export("boundaryArn", roles.BoundaryARN)
	return nil
}

// configKey binds a configuration key (declared in Pulumi.yaml) to the field of
// GitHubRolesArgs it sets.
type configKey struct {
	name, field string
	set         func(a *GitHubRolesArgs, raw string) error
}

func str(f func(a *GitHubRolesArgs) *string) func(*GitHubRolesArgs, string) error {
	return func(a *GitHubRolesArgs, raw string) error { *f(a) = raw; return nil }
}

func list(f func(a *GitHubRolesArgs) *[]string) func(*GitHubRolesArgs, string) error {
	return func(a *GitHubRolesArgs, raw string) error {
		var l []string
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			return errors.New("is not a list of strings")
		}
		*f(a) = l
		return nil
	}
}

// configKeys are the configuration's keys, in Pulumi.yaml's order.
var configKeys = []configKey{
	{"repository", "Repository", str(func(a *GitHubRolesArgs) *string { return &a.Repository })},
	{"repositoryId", "RepositoryID", func(a *GitHubRolesArgs, raw string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			return errors.New("is not a whole number: give the repository's ID (gh api repos/<owner>/<name> --jq .id), or 0")
		}
		a.RepositoryID = n
		return nil
	}},
	{"stateBucket", "StateBucket", str(func(a *GitHubRolesArgs) *string { return &a.StateBucket })},
	{"statePrefix", "StatePrefix", str(func(a *GitHubRolesArgs) *string { return &a.StatePrefix })},
	{"stateKmsKeyArn", "StateKMSKeyARN", str(func(a *GitHubRolesArgs) *string { return &a.StateKMSKeyARN })},
	{"stateLocking", "StateLocking", func(a *GitHubRolesArgs, raw string) error {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return errors.New("is not true or false")
		}
		a.StateLocking = b
		return nil
	}},
	{"project", "Project", str(func(a *GitHubRolesArgs) *string { return &a.Project })},
	{"regions", "Regions", list(func(a *GitHubRolesArgs) *[]string { return &a.Regions })},
	{"hostedZoneIds", "HostedZoneIDs", list(func(a *GitHubRolesArgs) *[]string { return &a.HostedZoneIDs })},
	{"previewSubjects", "PreviewSubjects", list(func(a *GitHubRolesArgs) *[]string { return &a.PreviewSubjects })},
	{"deploySubjects", "DeploySubjects", list(func(a *GitHubRolesArgs) *[]string { return &a.DeploySubjects })},
	{"oidcProviderArn", "OIDCProviderARN", str(func(a *GitHubRolesArgs) *string { return &a.OIDCProviderARN })},
	{"permissionsBoundaryArn", "PermissionsBoundaryARN", str(func(a *GitHubRolesArgs) *string { return &a.PermissionsBoundaryARN })},
	{"applicationPermissions", "ApplicationPermissions", func(a *GitHubRolesArgs, raw string) error {
		var l []Permission
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return errors.New("is not a list of {actions: [...], resources: [...]}")
		}
		a.ApplicationPermissions = l
		return nil
	}},
	{"maxSessionSeconds", "MaxSessionSeconds", func(a *GitHubRolesArgs, raw string) error {
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return errors.New("is not a whole number")
		}
		a.MaxSessionSeconds = n
		return nil
	}},
}

// configKeyOf returns the key that sets a field of GitHubRolesArgs and the
// list index of "Regions[1]" ("[1]"); the field itself when no key sets
// it.
func configKeyOf(field string) (key, index string) {
	base, rest, indexed := strings.Cut(field, "[")
	if indexed {
		index = "[" + rest
	}
	for _, k := range configKeys {
		if k.field == base {
			return k.name, index
		}
	}
	return field, ""
}

// loadConfig reads the keys the stack sets (the CLI passes Pulumi.yaml's
// defaults for the rest) into the component's arguments and checks them
// with its rules, naming each problem's key.
func loadConfig(get func(key string) (string, bool)) (GitHubRolesArgs, error) {
	var a GitHubRolesArgs
	var errs []error
	for _, k := range configKeys {
		raw, ok := get(k.name)
		if !ok {
			continue // the component's default
		}
		if err := k.set(&a, raw); err != nil {
			errs = append(errs, fmt.Errorf("%s: %q %w", k.name, raw, err))
		}
	}
	if len(errs) > 0 {
		return a, errors.Join(errs...)
	}
	for _, fe := range argcheck.Errors(a.Validate()) {
		key, index := configKeyOf(fe.Field)
		name := func(field string) string { k, i := configKeyOf(field); return k + i }
		errs = append(errs, argcheck.ConfigProblem(fe, key, index, name))
	}
	return a, errors.Join(errs...)
}
