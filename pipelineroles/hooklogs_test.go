package pipelineroles

import "testing"

// TestReleaseReadsOnlyHookLogs: the deploy role reads the events of the
// project's validation hook log groups (a failed validation's reason), in
// the stacks' regions, and of no other log group.
func TestReleaseReadsOnlyHookLogs(t *testing.T) {
	t.Parallel()
	s := testScope()
	group := func(region, name string) string {
		return "arn:aws:logs:" + region + ":111122223333:log-group:" + name
	}
	ours := "/aws/lambda/CodeDeployHook_" + s.Project + "-prod-validate"
	check(t, []simCase{
		{"read the project's hook log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", ours), nil), "Allowed"},
		{"read the project's hook log group (:*)", deploying(s, "logs:FilterLogEvents", group("us-east-1", ours+":*"), nil), "Allowed"},
		{"read the project's hook log group in another stack region", deploying(s, "logs:FilterLogEvents", group("ap-northeast-2", ours+":*"),
			map[string]any{"aws:RequestedRegion": "ap-northeast-2"}), "Allowed"},
		{"read another project's hook log group", deploying(s, "logs:FilterLogEvents",
			group("us-east-1", "/aws/lambda/CodeDeployHook_payments-prod-validate:*"), nil), "denied"},
		{"read another function's log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", "/aws/lambda/billing:*"), nil), "denied"},
		{"read the application's log group", deploying(s, "logs:FilterLogEvents", group("us-east-1", "app-0a1:*"), tags("aws:ResourceTag/Project", s.Project)), "denied"},
		{"read the hook log group in another region", deploying(s, "logs:FilterLogEvents", group("eu-west-1", ours+":*"),
			map[string]any{"aws:RequestedRegion": "eu-west-1"}), "denied"},
		{"read the hook log group's streams' events otherwise", deploying(s, "logs:GetLogEvents", group("us-east-1", ours+":*"), nil), "denied"},
	})
}
