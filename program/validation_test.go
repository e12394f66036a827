package program

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/handler"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// TestValidationHookInProd: prod (validation on) runs the hook in the
// private subnets, probing the health check path on the test listener,
// under a name the deployment group's role may invoke
// (AWSCodeDeployRoleForECS: CodeDeployHook_*), and exports it; dev leaves
// it off and exports "".
func TestValidationHookInProd(t *testing.T) {
	t.Parallel()
	r := prodRun(t, map[string]string{"healthCheckPath": "/health", "validationBodySubstring": "ok"})
	fn := one(t, r.mocks, "aws:lambda/function:Function")
	name := r.exports[outputs.ValidationFunctionName].String()
	if !strings.HasPrefix(name, "CodeDeployHook_") || fn.String("name") != name {
		t.Errorf("function %q, exported %q: want one name, CodeDeployHook_*", fn.String("name"), name)
	}
	if arn := r.exports[outputs.ValidationFunctionARN].String(); !strings.HasSuffix(arn, ":function:"+name) {
		t.Errorf("exported ARN %q is not the function's", arn)
	}
	// The deployment group's role invokes it through AWSCodeDeployRoleForECS,
	// whose lambda:InvokeFunction covers CodeDeployHook_* only.
	if _, ok := r.mocks.Named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "roles-codedeploy-AWSCodeDeployRoleForECS"); !ok {
		t.Error("the CodeDeploy role lacks AWSCodeDeployRoleForECS, which lets it invoke the hook")
	}
	var subnets []string
	for _, s := range fn.Get("vpcConfig", "subnetIds").ArrayValue() {
		subnets = append(subnets, s.StringValue())
	}
	if private := r.exports[outputs.PrivateSubnetIDs].Strings(); !slices.Equal(subnets, private) {
		t.Errorf("function subnets %v, want the private subnets %v", subnets, private)
	}
	env := map[string]string{}
	for k, v := range fn.Get("environment", "variables").ObjectValue() {
		env[string(k)] = v.StringValue()
	}
	// The function's handler accepts the environment the component sets.
	if _, err := handler.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Errorf("the handler refuses the function's environment %v: %v", env, err)
	}
	url := env[hookspec.EnvURL]
	if want := r.exports[outputs.TestURL].String() + "/health"; url != want {
		t.Errorf("probes %q, want %q (the test URL and the health check path)", url, want)
	}
	sg, ok := r.mocks.Named("aws:ec2/securityGroup:SecurityGroup", "validate")
	if !ok {
		t.Fatal("no security group validate")
	}
	var ports []float64
	for _, e := range sg.Get("egress").ArrayValue() {
		ports = append(ports, e.ObjectValue()["fromPort"].NumberValue())
	}
	if !slices.Equal(ports, []float64{443, 8080}) {
		t.Errorf("the hook's egress ports %v, want 443 and the test listener's 8080", ports)
	}
	r = prodRun(t, map[string]string{"validationServerName": "www.example.com"})
	fn = one(t, r.mocks, "aws:lambda/function:Function")
	if got := fn.Get("environment", "variables", hookspec.EnvTLSServerName).StringValue(); got != "www.example.com" {
		t.Errorf("the probe checks the certificate against %q, want validationServerName's www.example.com", got)
	}
	d := devRun(t, nil)
	if len(d.mocks.OfType("aws:lambda/function:Function")) != 0 || d.exports[outputs.ValidationFunctionName].String() != "" {
		t.Errorf("dev has a validation hook: the key is off by default")
	}
}
