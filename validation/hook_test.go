package validation_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// hookArgs are the required fields, as a stack passes them, and args's
// plain fields.
func hookArgs(args validation.HookArgs) *validation.HookArgs {
	args.TestURL = pulumi.String("http://web-123.ap-northeast-2.elb.amazonaws.com:8080")
	args.VPCID = pulumi.String("vpc-1")
	args.SubnetIDs = pulumi.StringArray{pulumi.String("subnet-a"), pulumi.String("subnet-b")}
	return &args
}

func run(t *testing.T, args *validation.HookArgs) (*awsmock.Mocks, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		_, err := validation.NewHook(ctx, "validate", args)
		return err
	})
	return m, err
}

func one(t *testing.T, m *awsmock.Mocks, typ string) awsmock.Resource {
	t.Helper()
	rs := m.OfType(typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(rs), typ)
	}
	return rs[0]
}

func TestNewHookFunction(t *testing.T) {
	t.Parallel()
	m, err := run(t, hookArgs(validation.HookArgs{Path: "/healthz", BudgetSeconds: 300, BodySubstring: "ok", Header: "X-Version: 2"}))
	if err != nil {
		t.Fatal(err)
	}
	fn := one(t, m, "aws:lambda/function:Function")
	if got := fn.String("name"); got != "CodeDeployHook_ecs-bluegreen-test-validate" {
		t.Errorf("name = %q: AWSCodeDeployRoleForECS invokes only CodeDeployHook_*", got)
	}
	for path, want := range map[string]string{"runtime": "provided.al2023", "handler": "bootstrap", "architectures.0": "arm64"} {
		if got := fn.String(strings.Split(path, ".")...); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if got := fn.Number("timeout"); got != 330 {
		t.Errorf("timeout = %v, want the budget plus 30 s", got)
	}
	env := map[string]string{}
	for k, v := range fn.Get("environment", "variables").ObjectValue() {
		env[string(k)] = v.StringValue()
	}
	want := map[string]string{
		hookspec.EnvURL: "http://web-123.ap-northeast-2.elb.amazonaws.com:8080/healthz", hookspec.EnvExpectedStatus: "200",
		hookspec.EnvSuccesses: "5", hookspec.EnvBudget: "300", hookspec.EnvBodySubstring: "ok", hookspec.EnvHeader: "X-Version: 2",
	}
	if diff := cmp.Diff(want, env); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	// That the handler reads this environment back is the program's test
	// (TestValidationHookInProd), whose binary links the handler anyway.
	if got := fn.Get("vpcConfig", "subnetIds").ArrayValue(); len(got) != 2 {
		t.Errorf("vpcConfig.subnetIds = %v, want the two private subnets", got)
	}
	if !m.DependsOnNamed(fn, "aws:cloudwatch/logGroup:LogGroup", "validate") || !m.DependsOnNamed(fn, "aws:iam/rolePolicy:RolePolicy", "validate") {
		t.Errorf("the function does not wait for its log group and policy: %v", fn.Dependencies)
	}
}

func TestNewHookSecurityGroupSendsOnlyHTTPSAndTheTestPort(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		port int
		want []float64
	}{"8080": {8080, []float64{443, 8080}}, "443": {443, []float64{443}}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, err := run(t, hookArgs(validation.HookArgs{TestListenerPort: tc.port}))
			if err != nil {
				t.Fatal(err)
			}
			sg := one(t, m, "aws:ec2/securityGroup:SecurityGroup")
			var ports []float64
			for _, e := range sg.Get("egress").ArrayValue() {
				o := e.ObjectValue()
				if o["protocol"].StringValue() != "tcp" || o["fromPort"].NumberValue() != o["toPort"].NumberValue() {
					t.Errorf("egress %v: want one TCP port", o)
				}
				ports = append(ports, o["fromPort"].NumberValue())
			}
			if !slices.Equal(ports, tc.want) {
				t.Errorf("egress ports = %v, want %v", ports, tc.want)
			}
			if !sg.Get("ingress").IsNull() && len(sg.Get("ingress").ArrayValue()) > 0 {
				t.Errorf("ingress = %v, want none", sg.Get("ingress"))
			}
		})
	}
}

func TestNewHookRoleReportsAndLogsOnly(t *testing.T) {
	t.Parallel()
	boundary := "arn:aws:iam::123456789012:policy/ecs-bluegreen-boundary"
	m, err := run(t, hookArgs(validation.HookArgs{PermissionsBoundaryARN: boundary, LogKMSKeyARN: pulumi.String("arn:aws:kms:ap-northeast-2:123456789012:key/k")}))
	if err != nil {
		t.Fatal(err)
	}
	role := one(t, m, "aws:iam/role:Role")
	if got := role.String("name"); got != "CodeDeployHook_ecs-bluegreen-test-validate" {
		t.Errorf("role name %q, want the function's: pipeline roles pass only CodeDeployHook_* roles to Lambda", got)
	}
	if got := role.String("permissionsBoundary"); got != boundary {
		t.Errorf("permissionsBoundary = %q, want %q", got, boundary)
	}
	if !strings.Contains(role.String("assumeRolePolicy"), `"lambda.amazonaws.com"`) {
		t.Errorf("trust = %s, want Lambda's", role.String("assumeRolePolicy"))
	}
	var doc struct {
		Statement []struct {
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal([]byte(one(t, m, "aws:iam/rolePolicy:RolePolicy").String("policy")), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range doc.Statement {
		for _, a := range s.Action {
			got[a] = s.Resource
		}
	}
	want := map[string]string{
		"codedeploy:PutLifecycleEventHookExecutionStatus": "*",
		"logs:CreateLogStream":                            "arn:aws:logs:" + awsmock.Region + ":" + awsmock.Account + ":log-group:/aws/lambda/CodeDeployHook_ecs-bluegreen-test-validate:*",
		"logs:PutLogEvents":                               "arn:aws:logs:" + awsmock.Region + ":" + awsmock.Account + ":log-group:/aws/lambda/CodeDeployHook_ecs-bluegreen-test-validate:*",
	}
	for _, a := range hookspec.VPCActions {
		want[a] = "*"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the role's actions and resources (-want +got):\n%s", diff)
	}
	logs := one(t, m, "aws:cloudwatch/logGroup:LogGroup")
	if logs.Number("retentionInDays") != 30 || logs.String("kmsKeyId") == "" {
		t.Errorf("log group retention %v, key %q: want 30 days under the key", logs.Number("retentionInDays"), logs.String("kmsKeyId"))
	}
}

func TestNewHookRefusesBadArgsBeforeRegistering(t *testing.T) {
	t.Parallel()
	m, err := run(t, hookArgs(validation.HookArgs{
		Path: "healthz", ExpectedStatus: 42, ConsecutiveSuccesses: 101, BudgetSeconds: 900,
		Header: ": 2", LogRetentionDays: 31, Architecture: "sparc",
	}))
	var fe *validation.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("NewHook(bad) = %v, want FieldErrors", err)
	}
	for _, field := range []string{"Path", "ExpectedStatus", "ConsecutiveSuccesses", "BudgetSeconds", "Header", "LogRetentionDays", "Architecture"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error %q does not name %s", err, field)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered, want none", n)
	}
	_, err = run(t, &validation.HookArgs{})
	if err == nil || !strings.Contains(err.Error(), "is required") {
		t.Errorf("NewHook(no URL, VPC, subnets) = %v, want a required field named", err)
	}
}

func TestFunctionName(t *testing.T) {
	t.Parallel()
	for in, want := range map[[3]string]string{
		{"ecs-bluegreen", "prod", "validate"}: "CodeDeployHook_ecs-bluegreen-prod-validate",
		{"my.app", "dev/eu", "v"}:             "CodeDeployHook_my-app-dev-eu-v",
		{strings.Repeat("p", 60), "s", "n"}:   "CodeDeployHook_" + strings.Repeat("p", 49),
	} {
		if got := validation.FunctionName(in[0], in[1], in[2]); got != want {
			t.Errorf("FunctionName(%q) = %q, want %q", in, got, want)
		}
	}
}
