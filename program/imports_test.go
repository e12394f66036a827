package program

import (
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The module's import rules, checked in one place (the program's test
// binary, which links everything already): what the program that
// `pulumi up` builds may link, and the seam between alb and ecs.

const module = "github.com/ecs-bluegreen/ecs-bluegreen/"

// TestProgramCarriesNoPlan: the program `pulumi up` builds (the module's
// root package) links neither the plan, nor Pulumi's mocks and their
// stand-in AWS answers, nor the testing package; the plan command does.
func TestProgramCarriesNoPlan(t *testing.T) {
	t.Parallel()
	// One `go list` for both: each line is a package and its dependencies.
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", ".", "./cmd/plan")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list . ./cmd/plan: %v", err)
	}
	deps := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
	}
	doubles := []string{module + "internal/plancmd", module + "awsmock", "testing"}
	prog, planCmd := deps[strings.TrimSuffix(module, "/")], deps[module+"cmd/plan"]
	if len(prog) == 0 || len(planCmd) == 0 {
		t.Fatalf("go list did not list both the module's root package and cmd/plan:\n%s", out)
	}
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
