package iam_test

// The component's public API beyond its Go signature: its type token and its
// children's logical names are part of every resource's URN, so changing one
// replaces cloud resources unless an alias says otherwise. These tests pin
// them, and check that two instances coexist in one stack.

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiRolesArgs exercises every optional child: extra policies on the task
// and execution roles.
func apiRolesArgs() *iam.RolesArgs {
	return &iam.RolesArgs{
		TaskRolePolicyARNs:      []string{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
		ExecutionRolePolicyARNs: []string{"arn:aws:iam::123456789012:policy/ReadSecrets"},
	}
}

// apiRun registers one set of roles per name in one stack.
func apiRun(t *testing.T, names ...string) *awsmock.Mocks {
	t.Helper()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			if _, err := iam.NewRoles(ctx, n, apiRolesArgs()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("NewRoles(%v): %v", names, err)
	}
	return m
}

func TestRolesTypeToken(t *testing.T) {
	t.Parallel()
	if iam.RolesType != "ecs-bluegreen:iam:Roles" {
		t.Errorf("RolesType = %q: changing the type token replaces every deployed role; add an alias instead", iam.RolesType)
	}
	m := apiRun(t, "web")
	if got := m.OfType("ecs-bluegreen:iam:Roles"); len(got) != 1 || got[0].Name != "web" || got[0].Custom {
		t.Errorf("component resources of type ecs-bluegreen:iam:Roles = %+v, want the one named web", got)
	}
}

// TestRolesChildNamesAreStable pins the children's types and logical names
// for a fixed input. A change here replaces those resources in every
// deployed stack: keep the names, or add aliases and update this list.
func TestRolesChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "web")
	want := []string{
		"aws:iam/instanceProfile:InstanceProfile web-instance",
		"aws:iam/role:Role web-codedeploy",
		"aws:iam/role:Role web-execution",
		"aws:iam/role:Role web-instance",
		"aws:iam/role:Role web-task",
		"aws:iam/rolePolicy:RolePolicy web-instance-session-manager",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment web-codedeploy-AWSCodeDeployRoleForECS",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment web-execution-AmazonECSTaskExecutionRolePolicy",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment web-execution-ReadSecrets",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment web-instance-AmazonEC2ContainerServiceforEC2Role",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment web-task-AmazonS3ReadOnlyAccess",
		"ecs-bluegreen:iam:Roles web",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	for _, r := range m.NotUnder(iam.RolesType, "web") {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

// TestRolesTwoInstancesCoexist registers two sets of roles in one stack: no URN may
// repeat, and every child name derives from the component's name.
func TestRolesTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "first", "second")
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	one := apiRun(t, "first").Shape()
	var both []string
	for _, s := range one {
		both = append(both, s, strings.ReplaceAll(s, "first", "second"))
	}
	slices.Sort(both)
	if diff := cmp.Diff(both, m.Shape()); diff != "" {
		t.Errorf("two instances register (-want: each child once per instance, named after it; +got):\n%s", diff)
	}
}
