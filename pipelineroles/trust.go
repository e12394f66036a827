package pipelineroles

import (
	"strconv"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// subjectPrefix is how GitHub's OIDC token subject names the repository:
// "repo:<owner>/<name>:" by default, or "repository_id:<id>:" once the
// repository's subject claim is customised to the claim keys
// repository_id and context (GitHubRolesArgs.RepositoryID), which a
// deleted and re-created repository of the same name does not share.
func subjectPrefix(repository string, repositoryID int64) string {
	if repositoryID != 0 {
		return "repository_id:" + strconv.FormatInt(repositoryID, 10) + ":"
	}
	return "repo:" + repository + ":"
}

// trustPolicy lets GitHub Actions runs of one repository whose token's
// subject ends in one of subjects (pull_request, environment:<name>,
// ref:refs/heads/<branch>, ...) assume a role with web identity, for
// AWS's audience only.
func trustPolicy(providerARN, repository string, repositoryID int64, subjects []string) iampolicy.Document {
	var subs []string
	for _, s := range subjects {
		subs = append(subs, subjectPrefix(repository, repositoryID)+s)
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Federated: []string{providerARN}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: conditions{"StringEquals": {
			GitHubOIDCHost + ":aud": {GitHubOIDCClient},
			GitHubOIDCHost + ":sub": subs,
		}},
	})
}
