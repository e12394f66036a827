package iam_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	typRole       = "aws:iam/role:Role"
	typProfile    = "aws:iam/instanceProfile:InstanceProfile"
	typAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	typConsumer   = "test:index:Consumer"
)

const (
	policyCodeDeploy = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"
	policyInstance   = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
	policyExecution  = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	policyS3Read     = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	policyAppTable   = "arn:aws:iam::123456789012:policy/app/OrdersTable"
	policySecrets    = "arn:aws:iam::123456789012:policy/ReadAppSecrets"
	boundaryARN      = "arn:aws:iam::123456789012:policy/boundaries/Workloads"
)

var roleNames = []string{"svc-codedeploy", "svc-execution", "svc-instance", "svc-task"}

// consumer stands for a resource that takes the component's outputs (a
// task definition, launch template or deployment group).
type consumer struct {
	pulumi.CustomResourceState
}

type result struct {
	mocks *awsmock.Mocks
	out   map[string]*awsmock.Value
}

func runRoles(t *testing.T, args *iam.RolesArgs, dryRun bool) (result, error) {
	t.Helper()
	return runRolesNamed(t, "svc", args, dryRun)
}

func runRolesNamed(t *testing.T, name string, args *iam.RolesArgs, dryRun bool) (result, error) {
	t.Helper()
	r := result{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		roles, err := iam.NewRoles(ctx, name, args)
		if err != nil {
			return err
		}
		outs := map[string]pulumi.StringOutput{
			"codeDeployRoleArn":    roles.CodeDeployRoleARN,
			"instanceRoleArn":      roles.InstanceRoleARN,
			"instanceRoleName":     roles.InstanceRoleName,
			"instanceProfileArn":   roles.InstanceProfileARN,
			"instanceProfileName":  roles.InstanceProfileName,
			"taskExecutionRoleArn": roles.TaskExecutionRoleARN,
			"taskRoleArn":          roles.TaskRoleARN,
			"taskRoleName":         roles.TaskRoleName,
		}
		for _, k := range slices.Sorted(maps.Keys(outs)) {
			r.out[k] = awsmock.Watch(ctx, outs[k])
			var c consumer
			if err := ctx.RegisterResource(typConsumer, k, pulumi.Map{"value": outs[k]}, &c); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

func mustRunRoles(t *testing.T, args *iam.RolesArgs) result {
	t.Helper()
	r, err := runRoles(t, args, false)
	if err != nil {
		t.Fatalf("NewRoles(%+v): %v", args, err)
	}
	return r
}

// namesByURN maps every registered resource's URN to its name.
func namesByURN(m *awsmock.Mocks) map[string]string {
	names := map[string]string{}
	for _, res := range m.Resources() {
		names[res.URN] = res.Name
	}
	return names
}

// dependsOn returns the names of the resources of type typ that res depends
// on, sorted.
func dependsOn(m *awsmock.Mocks, res awsmock.Resource, typ string) []string {
	names := namesByURN(m)
	var out []string
	for _, d := range res.Dependencies {
		if string(resource.URN(d).Type()) == typ {
			out = append(out, names[d])
		}
	}
	slices.Sort(out)
	return out
}

// attachedPolicies returns, for each role, the sorted policy ARNs attached
// to it: an attachment names its role by the role's name, so the
// dependency on the role says which one.
func attachedPolicies(t *testing.T, m *awsmock.Mocks) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	for _, a := range m.OfType(typAttachment) {
		roles := dependsOn(m, a, typRole)
		if len(roles) != 1 {
			t.Fatalf("attachment %s depends on roles %v, want one", a.Name, roles)
		}
		got[roles[0]] = append(got[roles[0]], a.String("policyArn"))
	}
	for k := range got {
		slices.Sort(got[k])
	}
	return got
}

func TestNewRolesCounts(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *iam.RolesArgs
		want map[string]int
	}{
		"nil args": {
			args: nil,
			want: map[string]int{typRole: 4, typProfile: 1, typAttachment: 3, typRolePolicy: 1},
		},
		"extra policies": {
			args: &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, policyAppTable}, ExecutionRolePolicyARNs: []string{policySecrets}},
			want: map[string]int{typRole: 4, typProfile: 1, typAttachment: 6, typRolePolicy: 1},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRoles(t, tc.args)
			got := r.mocks.CountByType()
			delete(got, iam.RolesType)
			delete(got, typConsumer)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewRolesTrustPolicies(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, nil)
	taskConditions := map[string]map[string][]string{
		"StringEquals": {"aws:SourceAccount": {awsmock.Account}},
		"ArnLike":      {"aws:SourceArn": {"arn:aws:ecs:" + awsmock.Region + ":" + awsmock.Account + ":*"}},
	}
	tests := map[string]struct {
		principal  string
		conditions map[string]map[string][]string
	}{
		"svc-codedeploy": {"codedeploy.amazonaws.com", map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {awsmock.Account}}}},
		"svc-instance":   {"ec2.amazonaws.com", nil},
		"svc-execution":  {"ecs-tasks.amazonaws.com", taskConditions},
		"svc-task":       {"ecs-tasks.amazonaws.com", taskConditions},
	}
	for name, tc := range tests {
		role, ok := r.mocks.Named(typRole, name)
		if !ok {
			t.Errorf("no role %s", name)
			continue
		}
		doc, err := iampolicy.Parse(role.String("assumeRolePolicy"))
		if err != nil {
			t.Errorf("role %s: trust policy %q: %v", name, role.String("assumeRolePolicy"), err)
			continue
		}
		want := iampolicy.New(iampolicy.Statement{
			Effect:    "Allow",
			Principal: &iampolicy.Principal{Service: []string{tc.principal}},
			Action:    []string{"sts:AssumeRole"},
			Condition: tc.conditions,
		})
		if diff := cmp.Diff(want, doc); diff != "" {
			t.Errorf("role %s trust policy (-want +got):\n%s", name, diff)
		}
	}
	// The lookups behind the conditions went through the data sources.
	calls := r.mocks.Calls()
	for _, tok := range []string{"aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion", "aws:index/getCallerIdentity:getCallerIdentity"} {
		if !slices.Contains(calls, tok) {
			t.Errorf("data source %s not called: %v", tok, calls)
		}
	}
}

func TestNewRolesManagedPolicies(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *iam.RolesArgs
		want map[string][]string
	}{
		"defaults: nothing on the task role": {
			args: &iam.RolesArgs{},
			want: map[string][]string{
				"svc-codedeploy": {policyCodeDeploy},
				"svc-instance":   {policyInstance},
				"svc-execution":  {policyExecution},
			},
		},
		"extra policies": {
			args: &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, policyAppTable}, ExecutionRolePolicyARNs: []string{policySecrets}},
			want: map[string][]string{
				"svc-codedeploy": {policyCodeDeploy},
				"svc-instance":   {policyInstance},
				"svc-execution":  {policySecrets, policyExecution},
				"svc-task":       {policyAppTable, policyS3Read},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRoles(t, tc.args)
			if diff := cmp.Diff(tc.want, attachedPolicies(t, r.mocks)); diff != "" {
				t.Errorf("policies per role (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewRolesAttachmentNames(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, policyAppTable}, ExecutionRolePolicyARNs: []string{policySecrets}})
	var got []string
	for _, a := range r.mocks.OfType(typAttachment) {
		got = append(got, a.Name)
	}
	want := []string{
		"svc-codedeploy-AWSCodeDeployRoleForECS",
		"svc-execution-AmazonECSTaskExecutionRolePolicy",
		"svc-execution-ReadAppSecrets",
		"svc-instance-AmazonEC2ContainerServiceforEC2Role",
		"svc-task-AmazonS3ReadOnlyAccess",
		"svc-task-OrdersTable",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attachment names (-want +got):\n%s", diff)
	}
}

func TestNewRolesPermissionsBoundary(t *testing.T) {
	t.Parallel()
	for _, boundary := range []string{"", boundaryARN} {
		t.Run("boundary="+boundary, func(t *testing.T) {
			t.Parallel()
			r := mustRunRoles(t, &iam.RolesArgs{PermissionsBoundaryARN: boundary})
			roles := r.mocks.OfType(typRole)
			if len(roles) != 4 {
				t.Fatalf("%d roles, want 4", len(roles))
			}
			for _, role := range roles {
				v, has := role.Inputs["permissionsBoundary"]
				switch {
				case boundary == "" && has && !v.IsNull():
					t.Errorf("role %s has permissions boundary %v, want none", role.Name, v)
				case boundary != "" && role.String("permissionsBoundary") != boundary:
					t.Errorf("role %s permissions boundary = %v, want %s", role.Name, v, boundary)
				}
			}
		})
	}
}

func TestNewRolesRoleSettings(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, nil)
	var got []string
	for _, role := range r.mocks.OfType(typRole) {
		got = append(got, role.Name)
		d := role.String("description")
		// IAM accepts tab, newline and Latin-1 in a description, up to 1000.
		if d == "" || len(d) > 1000 || strings.ContainsFunc(d, func(c rune) bool { return c > 0x7e }) {
			t.Errorf("role %s description %q: want a plain-ASCII purpose, at most 1000 characters", role.Name, d)
		}
		if v := role.Inputs["forceDetachPolicies"]; !v.IsBool() || !v.BoolValue() {
			t.Errorf("role %s forceDetachPolicies = %v, want true", role.Name, v)
		}
		if v, has := role.Inputs["managedPolicyArns"]; has {
			t.Errorf("role %s sets the exclusive managedPolicyArns %v: importers' attachments would be removed", role.Name, v)
		}
		if v, has := role.Inputs["name"]; has {
			t.Errorf("role %s has a fixed name %v: want Pulumi's autonaming", role.Name, v)
		}
		doc, _ := iampolicy.Parse(role.String("assumeRolePolicy"))
		for _, s := range doc.Statement {
			for _, a := range s.Action {
				if strings.Contains(a, "*") {
					t.Errorf("role %s trust policy allows %q", role.Name, a)
				}
			}
		}
	}
	if diff := cmp.Diff(roleNames, got); diff != "" {
		t.Errorf("role names (-want +got):\n%s", diff)
	}
}

func TestNewRolesInstanceProfile(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, nil)
	p, ok := r.mocks.Named(typProfile, "svc-instance")
	if !ok {
		t.Fatal("no instance profile svc-instance")
	}
	if got := dependsOn(r.mocks, p, typRole); !slices.Equal(got, []string{"svc-instance"}) {
		t.Errorf("instance profile holds roles %v, want [svc-instance]", got)
	}
	if got, want := p.String("role"), r.out["instanceRoleName"].String(); got != want {
		t.Errorf("instance profile role = %q, want the instance role's name %q", got, want)
	}
}

func TestNewRolesOutputs(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, nil)
	acct := awsmock.Account
	want := map[string]string{
		"codeDeployRoleArn":    "arn:aws:iam::" + acct + ":role/svc-codedeploy-",
		"instanceRoleArn":      "arn:aws:iam::" + acct + ":role/svc-instance-",
		"instanceRoleName":     "svc-instance-",
		"instanceProfileArn":   "arn:aws:iam::" + acct + ":instance-profile/svc-instance-",
		"instanceProfileName":  "svc-instance-",
		"taskExecutionRoleArn": "arn:aws:iam::" + acct + ":role/svc-execution-",
		"taskRoleArn":          "arn:aws:iam::" + acct + ":role/svc-task-",
		"taskRoleName":         "svc-task-",
	}
	for k, prefix := range want {
		if got := r.out[k].String(); !strings.HasPrefix(got, prefix) {
			t.Errorf("%s = %q, want %s...", k, got, prefix)
		}
	}
}

// TestNewRolesOutputsWaitForPolicies: a resource that takes an ARN depends
// on the role's policies, so no task, instance or deployment
// starts with a role that cannot yet do its job.
func TestNewRolesOutputsWaitForPolicies(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read}})
	want := map[string][]string{
		"codeDeployRoleArn":    {"svc-codedeploy-AWSCodeDeployRoleForECS"},
		"instanceRoleArn":      {"svc-instance-AmazonEC2ContainerServiceforEC2Role", "svc-instance-session-manager"},
		"instanceProfileArn":   {"svc-instance-AmazonEC2ContainerServiceforEC2Role", "svc-instance-session-manager"},
		"instanceProfileName":  {"svc-instance-AmazonEC2ContainerServiceforEC2Role", "svc-instance-session-manager"},
		"taskExecutionRoleArn": {"svc-execution-AmazonECSTaskExecutionRolePolicy"},
		"taskRoleArn":          {"svc-task-AmazonS3ReadOnlyAccess"},
		// Names are for attaching more policies: they need not wait.
		"instanceRoleName": nil,
		"taskRoleName":     nil,
	}
	for k, w := range want {
		c, ok := r.mocks.Named(typConsumer, k)
		if !ok {
			t.Fatalf("no consumer of %s", k)
		}
		got := slices.Sorted(slices.Values(slices.Concat(dependsOn(r.mocks, c, typAttachment), dependsOn(r.mocks, c, typRolePolicy))))
		if !slices.Equal(got, w) {
			t.Errorf("a consumer of %s depends on policies %v, want %v", k, got, w)
		}
	}
}

func TestNewRolesParentsAndTags(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, &iam.RolesArgs{
		TaskRolePolicyARNs: []string{policyS3Read},
		Tags:               map[string]string{"team": "web", "env": "test"},
	})
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == iam.RolesType {
			comp = res.URN
		}
	}
	if comp == "" {
		t.Fatal("the component is not registered")
	}
	tagged := 0
	for _, res := range r.mocks.Resources() {
		if res.Type == iam.RolesType || res.Type == typConsumer {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		if res.Type == typAttachment || res.Type == typRolePolicy {
			continue // not taggable
		}
		tagged++
		tags := res.Inputs["tags"]
		if !tags.IsObject() {
			t.Errorf("%s %s has no tags", res.Type, res.Name)
			continue
		}
		m := tags.ObjectValue().Mappable()
		want := map[string]any{"team": "web", "env": "test", "Name": res.Name}
		if diff := cmp.Diff(want, m); diff != "" {
			t.Errorf("%s %s tags (-want +got):\n%s", res.Type, res.Name, diff)
		}
	}
	if tagged != 5 {
		t.Errorf("%d taggable children, want 5 (4 roles, 1 instance profile)", tagged)
	}
}

// TestNewRolesStableInputs: the order of the caller's lists and maps does
// not change what is registered, so `pulumi up` proposes no update.
func TestNewRolesStableInputs(t *testing.T) {
	t.Parallel()
	tags := map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}
	first := mustRunRoles(t, &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, policyAppTable, policySecrets}, Tags: tags})
	again := mustRunRoles(t, &iam.RolesArgs{TaskRolePolicyARNs: []string{policySecrets, policyAppTable, policyS3Read}, Tags: tags})
	key := func(m *awsmock.Mocks) map[string]any {
		// The mocks record registrations concurrently, so their order is not
		// comparable; planAttachments' tests pin the order.
		out := map[string]any{}
		for _, res := range m.Resources() {
			if res.Type != typConsumer {
				out[res.Type+"/"+res.Name] = res.Inputs.Mappable()
			}
		}
		return out
	}
	if diff := cmp.Diff(key(first.mocks), key(again.mocks)); diff != "" {
		t.Errorf("registered inputs differ between runs (-first +again):\n%s", diff)
	}
}

func TestNewRolesRejectsBadArgs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name string
		args *iam.RolesArgs
		want []string
	}{
		"task policy is a role ARN": {
			args: &iam.RolesArgs{TaskRolePolicyARNs: []string{"arn:aws:iam::123456789012:role/app"}},
			want: []string{`iam: svc: TaskRolePolicyARNs[0] "arn:aws:iam::123456789012:role/app" is not an IAM managed policy ARN`, "arn:<partition>:iam::aws:policy/"},
		},
		"execution policy is a name": {
			args: &iam.RolesArgs{ExecutionRolePolicyARNs: []string{policySecrets, "ReadAppSecrets"}},
			want: []string{`ExecutionRolePolicyARNs[1] "ReadAppSecrets" is not an IAM managed policy ARN`},
		},
		"execution policy repeats the built-in": {
			args: &iam.RolesArgs{ExecutionRolePolicyARNs: []string{policyExecution}},
			want: []string{`ExecutionRolePolicyARNs[0] "` + policyExecution + `"`, "always gets"},
		},
		"duplicate task policy": {
			args: &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, policyS3Read}},
			want: []string{`TaskRolePolicyARNs[1] "` + policyS3Read + `"`, "TaskRolePolicyARNs[0]"},
		},
		"bad boundary": {
			args: &iam.RolesArgs{PermissionsBoundaryARN: "arn:aws:iam::123:policy/b"},
			want: []string{`PermissionsBoundaryARN "arn:aws:iam::123:policy/b" is not an IAM managed policy ARN`},
		},
		"name too long": {
			name: strings.Repeat("n", iam.MaxNameLength+1),
			want: []string{fmt.Sprintf("is %d characters: use at most %d", iam.MaxNameLength+1, iam.MaxNameLength)},
		},
		"name with a space": {
			name: "my svc",
			want: []string{`name "my svc": use only letters, digits and +=,.@_-`},
		},
		"every problem at once": {
			args: &iam.RolesArgs{
				PermissionsBoundaryARN:  "boundary",
				TaskRolePolicyARNs:      []string{"t"},
				ExecutionRolePolicyARNs: []string{"e"},
			},
			want: []string{`PermissionsBoundaryARN "boundary"`, `TaskRolePolicyARNs[0] "t"`, `ExecutionRolePolicyARNs[0] "e"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n := tc.name
			if n == "" {
				n = "svc"
			}
			r, err := runRolesNamed(t, n, tc.args, false)
			if err == nil {
				t.Fatalf("NewRoles(%q, %+v) succeeded, want an error", n, tc.args)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NewRoles error %q lacks %q", err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewRoles registered %d resources before failing, want 0", n)
			}
		})
	}
}

func TestNewRolesAcceptsLongestName(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("n", iam.MaxNameLength)
	if _, err := runRolesNamed(t, name, nil, false); err != nil {
		t.Fatalf("NewRoles(%q): %v", name, err)
	}
	// The longest role name Pulumi would generate fits IAM's 64.
	if got := len(name + "-codedeploy" + "-1234567"); got != 64 {
		t.Errorf("longest role name is %d characters, want 64", got)
	}
}

func TestNewRolesDryRun(t *testing.T) {
	t.Parallel()
	r, err := runRoles(t, &iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read}}, true)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range r.out {
		if _, known := v.Get(); known {
			t.Errorf("%s is known in a preview", k)
		}
	}
	if n := len(r.mocks.OfType(typRole)); n != 4 {
		t.Errorf("preview registers %d roles, want 4", n)
	}
	if n := len(r.mocks.OfType(typAttachment)); n != 4 {
		t.Errorf("preview registers %d attachments, want 4", n)
	}
	if n := len(r.mocks.OfType(typRolePolicy)); n != 1 {
		t.Errorf("preview registers %d role policies, want 1", n)
	}
}

func ExampleNewRoles() {
	program := func(ctx *pulumi.Context) error {
		roles, err := iam.NewRoles(ctx, "web", &iam.RolesArgs{
			// The application reads from S3; the agent injects secrets.
			TaskRolePolicyARNs:      []string{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
			ExecutionRolePolicyARNs: []string{"arn:aws:iam::123456789012:policy/ReadWebSecrets"},
			Tags:                    map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		// Wire roles.TaskExecutionRoleARN and roles.TaskRoleARN into the
		// task definition, roles.InstanceProfileARN into the launch
		// template and roles.CodeDeployRoleARN into the deployment group.
		ctx.Export("taskRoleName", roles.TaskRoleName)
		ctx.Export("instanceProfileArn", roles.InstanceProfileARN)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}

// TestNewRolesSessionManagerOnly: the instance role serves Session Manager
// through its inline policy and may do nothing else of Systems Manager: no
// ssm:GetParameter(s) on every parameter (AmazonSSMManagedInstanceCore),
// no Run Command (ec2messages).
func TestNewRolesSessionManagerOnly(t *testing.T) {
	t.Parallel()
	r := mustRunRoles(t, nil)
	policies := r.mocks.OfType(typRolePolicy)
	if len(policies) != 1 {
		t.Fatalf("%d role policies, want the instance role's one", len(policies))
	}
	p := policies[0]
	if p.Name != "svc-instance-session-manager" {
		t.Errorf("role policy %s, want svc-instance-session-manager", p.Name)
	}
	if roles := dependsOn(r.mocks, p, typRole); !slices.Equal(roles, []string{"svc-instance"}) {
		t.Errorf("role policy on roles %v, want [svc-instance]", roles)
	}
	doc, err := iampolicy.Parse(p.String("policy"))
	if err != nil {
		t.Fatalf("policy %q: %v", p.String("policy"), err)
	}
	want := []iampolicy.Statement{{
		Sid:    "SessionManagerOnly",
		Effect: "Allow",
		Action: []string{
			"ssm:UpdateInstanceInformation",
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
			"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		},
		Resource: []string{"*"},
	}}
	if diff := cmp.Diff(want, doc.Statement); diff != "" {
		t.Errorf("instance role's Session Manager policy (-want +got):\n%s", diff)
	}
	for _, a := range attachedPolicies(t, r.mocks)["svc-instance"] {
		if strings.Contains(a, "SSM") {
			t.Errorf("the instance role has %s attached: Session Manager needs only its inline policy", a)
		}
	}
}
