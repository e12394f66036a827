// Package cicd creates what a GitHub Actions pipeline needs to preview and
// deploy this project's stacks with short-lived credentials: GitHub's OIDC
// identity provider (or an existing one), and two roles trusted only by
// one repository's runs:
//
//	child (name)               what
//	name-github                the OIDC provider for token.actions.githubusercontent.com
//	                           (unless GitHubRolesArgs.OIDCProviderARN names one)
//	name-boundary              the permissions boundary of the roles the stacks create
//	                           (unless GitHubRolesArgs.PermissionsBoundaryARN names one)
//	name-read, name-state-read, name-state-write, name-network,
//	name-services, name-named, name-iam
//	                           the roles' managed policies (each under IAM's 6,144 characters)
//	name-preview               the preview role: read-only
//	name-deploy                the deploy role: pulumi up and releases
//
// The preview role reads what the stacks contain (configuration and tags,
// never data: no log events, objects, images, metrics) in the stacks'
// regions, and the project's state in the backend bucket, nothing else.
// The deploy role also creates what the stacks create with the project's
// tag (Project=<project>, which the program puts on every resource), and
// changes and deletes only what carries it, where a service scopes by tag;
// by the names the components give, or by region, where it does not; it
// passes only the project's roles, and only to the services the stacks
// pass them to; every role it creates must carry the permissions boundary;
// it can never remove a boundary or change the CI roles, the boundary or
// the OIDC provider. The roles and their policies live under the IAM path
// /<project>-ci/.
//
// The policy documents are pure functions of the scope (policies.go); the
// tests check each rule above. What no test here can check is whether AWS
// grants exactly what `pulumi up` asks: run the deploy role once in a
// sandbox account and read CloudTrail's AccessDenied events before relying
// on it (README, "CI roles as code").
//
// The package does not import this module's other packages.
package pipelineroles
