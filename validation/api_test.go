package validation_test

// The component's public API beyond its Go signature: its type token and its
// children's logical names are part of every resource's URN, so changing one
// replaces cloud resources unless an alias says otherwise.

import (
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestHookChildNamesAreStable(t *testing.T) {
	t.Parallel()
	if validation.HookType != "ecs-bluegreen:validation:Hook" {
		t.Errorf("HookType = %q: changing the type token replaces the function; add an alias instead", validation.HookType)
	}
	m, err := run(t, hookArgs(validation.HookArgs{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:cloudwatch/logGroup:LogGroup validate",
		"aws:ec2/securityGroup:SecurityGroup validate",
		"aws:iam/role:Role validate",
		"aws:iam/rolePolicy:RolePolicy validate",
		"aws:lambda/function:Function validate",
		"ecs-bluegreen:validation:Hook validate",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	for _, r := range m.NotUnder(validation.HookType, "validate") {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

func TestHookTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range []string{"first", "second"} {
			if _, err := validation.NewHook(ctx, n, hookArgs(validation.HookArgs{})); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	if fns := m.OfType("aws:lambda/function:Function"); len(fns) != 2 || fns[0].String("name") == fns[1].String("name") {
		t.Errorf("functions %v: want two, named apart", fns)
	}
}
