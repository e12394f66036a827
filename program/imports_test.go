package program

import (
	"fmt"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The module's import rules, checked in one place (the program's test
// binary, which links everything already): what the program that
// `pulumi up` builds may link, and the seam between alb and ecs.

const module = "github.com/ecs-bluegreen/ecs-bluegreen/"

// linked lists, with one `go list`, the packages each of the module's
// packages below links (its dependencies, transitively), by import path.
var linked = sync.OnceValues(func() (map[string][]string, error) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", ".", "./cmd/plan", "./pipelineroles", "./internal/release")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	deps := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
	}
	return deps, nil
})

// linkedBy is what pkg (a path below the module's root, "" for the root)
// links.
func linkedBy(t *testing.T, pkg string) []string {
	t.Helper()
	deps, err := linked()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := deps[strings.TrimSuffix(module+pkg, "/")]
	if !ok {
		t.Fatalf("go list did not list %q: add it to linked", pkg)
	}
	return got
}

// TestProgramCarriesNoPlan: the program `pulumi up` builds (the module's
// root package) links neither the plan, nor Pulumi's mocks and their
// stand-in AWS answers, nor the testing package; the plan command does.
func TestProgramCarriesNoPlan(t *testing.T) {
	t.Parallel()
	doubles := []string{module + "internal/plancmd", module + "awsmock", "testing"}
	prog, planCmd := linkedBy(t, ""), linkedBy(t, "cmd/plan")
	for _, p := range doubles {
		if slices.Contains(prog, p) {
			t.Errorf("the program links %s", p)
		}
	}
	for _, p := range doubles[:2] {
		if !slices.Contains(planCmd, p) {
			t.Errorf("the plan command does not link %s", p)
		}
	}
}

// TestProgramLinksNoFunctionCode: the program builds the hook's function
// with the go command; it links none of the function's code (the handler,
// the Lambda runtime, CodeDeploy's client), only the names it shares with
// it (validation/hookspec).
func TestProgramLinksNoFunctionCode(t *testing.T) {
	t.Parallel()
	prog := linkedBy(t, "")
	for _, p := range []string{module + "validation/handler", "github.com/aws/aws-lambda-go/lambda"} {
		if slices.Contains(prog, p) {
			t.Errorf("the program links %s", p)
		}
	}
	if !slices.Contains(prog, module+"validation/hookspec") {
		t.Error("the program does not link validation/hookspec: this test is out of date")
	}
}

// TestHookReadersLinkNoComponent: the CI roles and the release command
// know the validation hook through validation/hookspec, not the component
// (which would link pulumi-aws's Lambda, EC2 and CloudWatch packages into
// them).
func TestHookReadersLinkNoComponent(t *testing.T) {
	t.Parallel()
	for _, pkg := range []string{"pipelineroles", "internal/release"} {
		deps := linkedBy(t, pkg)
		if slices.Contains(deps, module+"validation") || !slices.Contains(deps, module+"validation/hookspec") {
			t.Errorf("%s links the validation component, or no longer validation/hookspec", pkg)
		}
	}
}

// imports returns the import paths of the non-test Go files in dir.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			out = append(out, path)
		}
	}
	return out
}

// TestSeam checks that package bluegreen stays a seam: it imports only the Pulumi SDK
// (and the standard library), so that alb and ecs, which both import it,
// need not import each other or pulumi-aws's types, and they do not.
func TestSeam(t *testing.T) {
	t.Parallel()
	for _, path := range imports(t, filepath.Join(root, "bluegreen")) {
		if strings.Contains(path, ".") && path != "github.com/pulumi/pulumi/sdk/v3/go/pulumi" {
			t.Errorf("bluegreen imports %s: it may import only the Pulumi SDK", path)
		}
	}
	for pkg, other := range map[string]string{"alb": "ecs", "ecs": "alb"} {
		got := imports(t, filepath.Join(root, pkg))
		if slices.Contains(got, module+other) {
			t.Errorf("%s imports %s: the two exchange bluegreen.Traffic instead", pkg, other)
		}
		if !slices.Contains(got, module+"bluegreen") {
			t.Errorf("%s does not import bluegreen: the seam is gone, or this test is out of date", pkg)
		}
	}
}
