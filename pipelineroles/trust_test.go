package pipelineroles

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"testing"
)

// TestTrustBindsTheSubject asks the simulator who may assume the roles:
// the deploy role only the subjects named (an environment, a ref), of the
// repository named, or of the repository's ID when bound to it; never a
// pull request, another branch, or a repository re-created under the
// same name.
func TestTrustBindsTheSubject(t *testing.T) {
	t.Parallel()
	provider := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	role := "arn:aws:iam::111122223333:role/ecs-bluegreen-ci/ci-deploy-0a1"
	byName := trustPolicy(provider, "octo-org/web", 0, []string{"environment:dev"})
	byRef := trustPolicy(provider, "octo-org/web", 0, []string{"ref:refs/heads/main"})
	byID := trustPolicy(provider, "octo-org/web", 123456789, []string{"environment:dev"})
	assume := func(trust iampolicy.Document, sub, aud string) simRequest {
		return simRequest{Principal: provider, Action: "sts:AssumeRoleWithWebIdentity", Resource: role, ResourcePolicy: &trust,
			Context: map[string]any{GitHubOIDCHost + ":sub": sub, GitHubOIDCHost + ":aud": aud}, UnvalidatedContext: true}
	}
	check(t, []simCase{
		{"the dev environment", assume(byName, "repo:octo-org/web:environment:dev", GitHubOIDCClient), "Allowed"},
		{"the prod environment", assume(byName, "repo:octo-org/web:environment:prod", GitHubOIDCClient), "denied"},
		{"a pull request", assume(byName, "repo:octo-org/web:pull_request", GitHubOIDCClient), "denied"},
		{"a branch without the environment", assume(byName, "repo:octo-org/web:ref:refs/heads/feature", GitHubOIDCClient), "denied"},
		{"another repository", assume(byName, "repo:octo-org/web2:environment:dev", GitHubOIDCClient), "denied"},
		{"another audience", assume(byName, "repo:octo-org/web:environment:dev", "api://other"), "denied"},
		{"the main branch, bound by ref", assume(byRef, "repo:octo-org/web:ref:refs/heads/main", GitHubOIDCClient), "Allowed"},
		{"another branch, bound by ref", assume(byRef, "repo:octo-org/web:ref:refs/heads/feature", GitHubOIDCClient), "denied"},
		{"a tag named main, bound by ref", assume(byRef, "repo:octo-org/web:ref:refs/tags/main", GitHubOIDCClient), "denied"},
		{"the repository's ID", assume(byID, "repository_id:123456789:environment:dev", GitHubOIDCClient), "Allowed"},
		{"the name once bound to the ID", assume(byID, "repo:octo-org/web:environment:dev", GitHubOIDCClient), "denied"},
		{"a re-created repository of the same name", assume(byID, "repository_id:987654321:environment:dev", GitHubOIDCClient), "denied"},
	})
}
