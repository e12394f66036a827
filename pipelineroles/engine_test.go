package pipelineroles

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/worktree"
)

// TestRenameKeepsTheRoles runs the real Pulumi engine (the offline tool
// PULUMI_OFFLINE names, with its stand-in AWS provider): a github stack
// created while the component's type token was
// ecs-bluegreen:cicd:GitHubRoles, then previewed with today's code, must
// propose nothing. The alias maps the component and, through it, every
// child's URN. It copies the module, builds the program twice and takes
// minutes; without PULUMI_OFFLINE it skips.
func TestRenameKeepsTheRoles(t *testing.T) {
	tool := os.Getenv("PULUMI_OFFLINE")
	if tool == "" {
		t.Skip("set PULUMI_OFFLINE to the offline Pulumi tool's pulumi script to run the real engine (a few minutes)")
	}
	tool, err := filepath.Abs(tool)
	if err != nil {
		t.Fatal(err)
	}
	module := worktree.Copy(t, "..")
	dir := filepath.Join(module, "pipeline-roles")
	pulumi := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tool, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pulumi %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
		}
		return string(out)
	}

	// The component as it was: the old token, no alias.
	roles := filepath.Join(module, "pipelineroles", "roles.go")
	today, err := os.ReadFile(roles)
	if err != nil {
		t.Fatal(err)
	}
	before := strings.Replace(string(today), `GitHubRolesType = "ecs-bluegreen:pipelineroles:GitHubRoles"`, `GitHubRolesType = previousGitHubRolesType`, 1)
	before = strings.Replace(before, "opts = append(opts, pulumi.Aliases(", "_ = append(opts, pulumi.Aliases(", 1)
	if before == string(today) || strings.Count(before, "previousGitHubRolesType") < 2 {
		t.Fatal("roles.go no longer has the token and alias lines this test rewrites: update the test")
	}
	build := func(variant string, rolesSource []byte) {
		t.Helper()
		if err := os.WriteFile(roles, rolesSource, 0o644); err != nil {
			t.Fatal(err)
		}
		// The offline language host reuses a build while the sources in
		// the program's own directory are unchanged, whatever its
		// dependencies became: name the variant and the component's source
		// there.
		marker := fmt.Sprintf("package main\n\nconst engineTestVariant = \"%s %x\"\n", variant, sha256.Sum256(rolesSource))
		if err := os.WriteFile(filepath.Join(dir, "variant.go"), []byte(marker), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build("cicd", []byte(before))
	pulumi("stack", "init", "github")
	t.Cleanup(func() {
		rm := exec.Command(tool, "stack", "rm", "--yes", "--force", "--stack", "github")
		rm.Dir = dir
		_ = rm.Run() // best effort: a leftover only takes disk space
	})
	pulumi("up", "--yes", "--skip-preview", "--stack", "github")
	if urns := pulumi("stack", "--show-urns", "--stack", "github"); !strings.Contains(urns, "ecs-bluegreen:cicd:GitHubRoles") {
		t.Fatalf("the first update did not use the old token:\n%s", urns)
	}

	// Today's component: the same stack proposes nothing.
	build("pipelineroles", today)
	if urns := pulumi("preview", "--expect-no-changes", "--stack", "github"); !strings.Contains(urns, "unchanged") {
		t.Errorf("preview: %s", urns)
	}
}
