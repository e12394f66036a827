package pipelineroles

import "testing"

// TestReleaseReadsOnlyHookLogs: the deploy role reads the events of the
// project's validation hook log groups (a failed validation's reason), in
// the stacks' regions, and of no other log group: not even the hook log
// group of a project whose name starts with this one's and a "-".
func TestReleaseReadsOnlyHookLogs(t *testing.T) {
	t.Parallel()
	s := testScope()
	group := func(region, name string) string {
		return "arn:aws:logs:" + region + ":111122223333:log-group:" + name
	}
	ours := "/aws/lambda/CodeDeployHook_" + s.Project + "-prod-validate"
	tagged := tags("aws:ResourceTag/Project", s.Project)
	inSeoul := tags("aws:ResourceTag/Project", s.Project)
	inSeoul["aws:RequestedRegion"] = "ap-northeast-2"
	check(t, []simCase{
		{"read the project's hook log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", ours), tagged), "Allowed"},
		{"read the project's hook log group (:*)", deploying(s, "logs:FilterLogEvents", group("us-east-1", ours+":*"), tagged), "Allowed"},
		{"read the project's hook log group in another stack region", deploying(s, "logs:FilterLogEvents", group("ap-northeast-2", ours+":*"), inSeoul), "Allowed"},
		{"read the hook log group of a project named <project>-admin", deploying(s, "logs:FilterLogEvents",
			group("us-east-1", "/aws/lambda/CodeDeployHook_"+s.Project+"-admin-prod-validate:*"), tags("aws:ResourceTag/Project", s.Project+"-admin")), "denied"},
		{"read an untagged log group named as the project's hooks", deploying(s, "logs:FilterLogEvents", group("us-east-1", ours+":*"), nil), "denied"},
		{"read another project's hook log group", deploying(s, "logs:FilterLogEvents",
			group("us-east-1", "/aws/lambda/CodeDeployHook_payments-prod-validate:*"), nil), "denied"},
		{"read another function's log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", "/aws/lambda/billing:*"), nil), "denied"},
		{"read the application's log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", "app-0a1:*"), tags("aws:ResourceTag/Project", s.Project)), "denied"},
		{"read the hook log group in another region", deploying(s, "logs:FilterLogEvents", group("eu-west-1", ours+":*"),
			map[string]any{"aws:RequestedRegion": "eu-west-1"}), "denied"},
		{"read the hook log group's streams' events otherwise", deploying(s, "logs:GetLogEvents", group("us-east-1", ours+":*"), nil), "denied"},
	})
}
