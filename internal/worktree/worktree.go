// Package worktree copies this module's working tree for the tests that
// run an offline Pulumi engine in a project directory of their own: the
// engine's `stack init` writes an encryptionsalt into the copy's stack
// files, never into the repository's.
//
// It imports testing: only tests use it.
package worktree

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Copy copies the tracked and untracked files (not the ignored ones) of the
// module whose root is root into a new temporary directory and returns it.
// Every Pulumi.* file's encryptionsalt line is commented out in the copy.
// It skips the test outside a git checkout.
func Copy(t testing.TB, root string) string {
	t.Helper()
	ls := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	dir := t.TempDir()
	for _, f := range strings.Fields(string(out)) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(f), "Pulumi.") {
			// stack init writes a salt into the copy's stack file, not ours.
			b = bytes.ReplaceAll(b, []byte("encryptionsalt:"), []byte("# encryptionsalt:"))
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
