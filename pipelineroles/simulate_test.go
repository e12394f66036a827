package pipelineroles

import "testing"

// TestDeployRoleSimulatesOnlyCodeDeployRoles: `release verify` asks IAM's
// policy simulator whether the deployment group's role may invoke the
// validation hook. The deploy role may ask about the project's CodeDeploy
// roles, not about the project's other roles, another project's or an
// untagged CodeDeploy role, nor the CI roles (which would show what the
// pipeline itself may do).
func TestDeployRoleSimulatesOnlyCodeDeployRoles(t *testing.T) {
	t.Parallel()
	s := testScope()
	tagged := func(project string) map[string]any {
		return tags("aws:ResourceTag/Project", project, "iam:ResourceTag/Project", project)
	}
	simulate := func(role string, ctx map[string]any) simRequest {
		return deploying(s, "iam:SimulatePrincipalPolicy", "arn:aws:iam::111122223333:role/"+role, ctx)
	}
	check(t, []simCase{
		{"simulate the project's CodeDeploy role", simulate("web-codedeploy-5e1f0c2", tagged(s.Project)), "Allowed"},
		{"simulate the project's task role", simulate("web-task-5e1f0c2", tagged(s.Project)), "denied"},
		{"simulate another project's CodeDeploy role", simulate("api-codedeploy-0ff", tagged("payments")), "denied"},
		{"simulate an untagged CodeDeploy role", simulate("legacy-codedeploy-0ff", nil), "denied"},
		{"simulate the deploy role", simulate("ecs-bluegreen-ci/ci-deploy-0a1", tagged(s.Project)), "denied"},
	})
}
