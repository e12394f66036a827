package validation

import (
	"encoding/json"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// egressPort is one port the function's security group lets it reach.
type egressPort struct {
	port int
	why  string
}

// egressPorts are HTTPS, for CodeDeploy's API, and the test listener's
// port (once, when it is 443 too).
func egressPorts(testPort int) []egressPort {
	ports := []egressPort{{443, "HTTPS: CodeDeploy's API (and an HTTPS test listener)"}}
	if testPort != 443 {
		ports = append(ports, egressPort{testPort, "the test listener, through the NAT"})
	}
	return ports
}

// FunctionName is the name NewHook gives the function of a hook named name
// in project and stack (hookspec.FunctionName, where the hook's names are
// written for the readers that must not link this package).
func FunctionName(project, stack, name string) string {
	return hookspec.FunctionName(project, stack, name)
}

// trustPolicy lets Lambda assume the function's role.
func trustPolicy() string {
	return mustJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
			"Action":    "sts:AssumeRole",
		}},
	})
}

// rolePolicy is the function's one policy: report its status (an action
// with no resource type: "*"), write its own log group, and the network
// interfaces Lambda creates in the VPC with the function's role (their
// actions take no resource narrower than "*" at creation).
func rolePolicy(logGroupARN string) string {
	stmt := func(sid string, actions []string, resource string) map[string]any {
		return map[string]any{"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resource}
	}
	return mustJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			stmt("ReportHookStatus", []string{"codedeploy:PutLifecycleEventHookExecutionStatus"}, "*"),
			stmt("WriteOwnLog", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, logGroupARN+":*"),
			stmt("VPCNetworkInterfaces", hookspec.VPCActions, "*"),
		},
	})
}

// mustJSON marshals a policy of maps, slices and strings, which cannot
// fail.
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
