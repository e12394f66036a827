package hookspec

import "regexp"

// FunctionPrefix is the name prefix AWSCodeDeployRoleForECS lets a
// deployment group invoke.
const FunctionPrefix = "CodeDeployHook_"

// maxFunctionName is Lambda's limit on a function's name.
const maxFunctionName = 64

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// FunctionName is the name validation.NewHook gives the function of a hook named name
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
	return FunctionPrefix + unsafeName.ReplaceAllString(project, "-") + "-"
}

// VPCActions are what Lambda does with a function's role to attach it to
// a VPC (the actions of AWSLambdaVPCAccessExecutionRole besides logs).
var VPCActions = []string{
	"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
	"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
}
