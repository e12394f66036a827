// Package pipelineroles creates what a GitHub Actions pipeline needs to
// preview and deploy this project's stacks with short-lived credentials:
// GitHub's OIDC identity provider (or an existing one), and two roles
// trusted only by one repository's runs:
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
//
// The deploy role creates what the stacks create with the project's tag
// (Project=<project>, which the program puts on every resource) and
// changes and deletes only what carries it. It tags only at creation
// (where the service tells, by its CreateAction key) or what carries the
// project's tag already, never what another project tagged; it scopes
// CodeDeploy, service auto scaling and SNS by tag, the access-log buckets
// by the name the stacks give them (<project>-...). It creates roles only
// with the permissions boundary and the tag, changes only roles with both,
// attaches only the stacks' AWS managed policies and the project's own
// (under the IAM path /<project>/), passes only the project's roles and
// only to the services the stacks pass them to; it can never remove a
// boundary or change the CI roles, the boundary or the OIDC provider.
//
// The boundary is an allow-list of what the stacks' roles do (the ECS
// agent, task execution, CodeDeploy's blue/green, a lifecycle hook, flow
// logs, Session Manager, the project's keys) and of
// GitHubRolesArgs.ApplicationPermissions: a role under it holding
// AdministratorAccess still reads no other data and reaches no other
// role.
//
// The roles trust one repository's subjects: by environment, by ref, or
// bound to the repository's immutable ID (GitHubRolesArgs.RepositoryID).
// The roles and their policies live under the IAM path /<project>-ci/.
//
// The policy documents are pure functions of the scope; calls.go lists
// every AWS call the pipeline makes. The tests ask an IAM simulator
// (@cloud-copilot/iam-simulate, a test-time tool under testdata/iamsim)
// whether each call is allowed and each escalation denied
// (docs/pipeline.md). The package was cicd; its type token keeps an
// alias of ecs-bluegreen:cicd:GitHubRoles.
//
// The package imports none of this module's component packages.
package pipelineroles
