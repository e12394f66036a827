package validation

import (
	"encoding/json"
	"regexp"
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

// functionPrefix is the name prefix AWSCodeDeployRoleForECS lets a
// deployment group invoke.
const functionPrefix = "CodeDeployHook_"

// maxFunctionName is Lambda's limit on a function's name.
const maxFunctionName = 64

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// FunctionName is the name NewHook gives the function of a hook named name
// in project and stack: CodeDeployHook_<project>-<stack>-<name>, with
// characters Lambda refuses replaced by "-", cut to 64 characters.
func FunctionName(project, stack, name string) string {
	n := FunctionNamePrefix(project) + unsafeName.ReplaceAllString(stack+"-"+name, "-")
	if len(n) > maxFunctionName {
		n = n[:maxFunctionName]
	}
	return n
}

// FunctionNamePrefix is how FunctionName's names of project's hooks start,
// whatever the stack and name: CodeDeployHook_<project>-, with characters
// Lambda refuses replaced by "-" (a run of them never spans a "-", so
// FunctionName replaces them the same way).
func FunctionNamePrefix(project string) string {
	return functionPrefix + unsafeName.ReplaceAllString(project, "-") + "-"
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
			stmt("VPCNetworkInterfaces", VPCActions, "*"),
		},
	})
}

// VPCActions are what Lambda does with a function's role to attach it to
// a VPC (the actions of AWSLambdaVPCAccessExecutionRole besides logs).
var VPCActions = []string{
	"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
	"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
}

// mustJSON marshals a policy of maps, slices and strings, which cannot
// fail.
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
