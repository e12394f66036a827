package bluegreen_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ecs-bluegreen/ecs-bluegreen/"

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

// TestSeam checks the package stays a seam: it imports only the Pulumi SDK
// (and the standard library), so that alb and ecs, which both import it,
// need not import each other or pulumi-aws's types, and they do not.
func TestSeam(t *testing.T) {
	t.Parallel()
	for _, path := range imports(t, ".") {
		if strings.Contains(path, ".") && path != "github.com/pulumi/pulumi/sdk/v3/go/pulumi" {
			t.Errorf("bluegreen imports %s: it may import only the Pulumi SDK", path)
		}
	}
	for pkg, other := range map[string]string{"alb": "ecs", "ecs": "alb"} {
		got := imports(t, filepath.Join("..", pkg))
		if slices.Contains(got, module+other) {
			t.Errorf("%s imports %s: the two exchange bluegreen.Traffic instead", pkg, other)
		}
		if !slices.Contains(got, module+"bluegreen") {
			t.Errorf("%s does not import bluegreen: the seam is gone, or this test is out of date", pkg)
		}
	}
}
