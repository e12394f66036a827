// Command pipeline-roles is the Pulumi program of the ecs-bluegreen
// project's pipeline roles:
// GitHub's OIDC provider and a preview and a deploy role trusted only by one
// repository (pipelineroles.NewGitHubRoles). It is a project of its own
// (ecs-bluegreen-ci), run once per account by an administrator, so the
// stacks' program and its deploy role never create or change the roles
// they run with:
//
//	cd pipeline-roles && pulumi stack init github
//	pulumi config set repository <owner>/<name>
//	pulumi config set stateBucket <bucket>
//	pulumi up
//
// Its outputs are what the repository's variables and the stacks need:
// previewRoleArn (AWS_ROLE_ARN), deployRoleArn (AWS_RELEASE_ROLE_ARN) and
// boundaryArn (the stacks' permissionsBoundaryArn). docs/pipeline.md walks
// through it. The directory was ci/; the project's name stays
// ecs-bluegreen-ci, which is in every URN and the state's path.
package main

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/pipelineroles"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(pipelineroles.Program)
}
