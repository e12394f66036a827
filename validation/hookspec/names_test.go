package hookspec_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// TestFunctionNamePrefix: every name FunctionName gives a project's hooks
// starts with FunctionNamePrefix(project), which pipelineroles scopes the
// hooks' log groups by, and another project's does not.
func TestFunctionNamePrefix(t *testing.T) {
	t.Parallel()
	for _, project := range []string{"ecs-bluegreen", "my.app", "a_b", "x..y", "app-"} {
		prefix := hookspec.FunctionNamePrefix(project)
		for _, sn := range [][2]string{{"prod", "validate"}, {"dev/eu", "v"}, {".s", "n."}, {"", ""}} {
			if got := hookspec.FunctionName(project, sn[0], sn[1]); !strings.HasPrefix(got, prefix) {
				t.Errorf("FunctionName(%q, %q, %q) = %q, want the prefix %q", project, sn[0], sn[1], got, prefix)
			}
		}
		if other := hookspec.FunctionName(project+"x", "prod", "validate"); strings.HasPrefix(other, prefix) {
			t.Errorf("FunctionName(%q) = %q has %q's prefix %q", project+"x", other, project, prefix)
		}
	}
	if got, want := hookspec.FunctionNamePrefix("my.app"), "CodeDeployHook_my-app-"; got != want {
		t.Errorf("FunctionNamePrefix(my.app) = %q, want %q", got, want)
	}
}
