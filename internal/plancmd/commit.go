package plancmd

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
)

// planAtCommit plans the stack with the program as it was at commit rev:
// it extracts rev's tree with `git archive` (which changes nothing in the
// repository, unlike a worktree) into a temporary directory, runs that
// program's `plan --format json` there, and reads the result.
func (p Planner) planAtCommit(rev, stack string) (plan.Document, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", append([]string{"-C", p.Dir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return strings.TrimSpace(string(out)), nil
	}
	if strings.HasPrefix(rev, "-") {
		return plan.Document{}, fmt.Errorf("--compare-commit %q: give a commit, not an option", rev)
	}
	commit, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return plan.Document{}, fmt.Errorf("--compare-commit %q is not a commit of this repository: %w", rev, err)
	}
	prefix, err := git("rev-parse", "--show-prefix")
	if err != nil {
		return plan.Document{}, err
	}
	tmp, err := os.MkdirTemp("", "ecs-bluegreen-plan-")
	if err != nil {
		return plan.Document{}, err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // best effort: it is a temporary directory
	if err := extractCommit(p.Dir, commit, tmp); err != nil {
		return plan.Document{}, err
	}
	runAt := p.RunAt
	if runAt == nil {
		runAt = GoRunPlan
	}
	out, err := runAt(filepath.Join(tmp, prefix), "--stack", stack, "--format", formatJSON)
	if err != nil {
		return plan.Document{}, fmt.Errorf("the program at %s: %w", rev, err)
	}
	doc, err := plan.ParseDocument(out)
	if err != nil {
		return plan.Document{}, fmt.Errorf("the program at %s printed no plan it can compare (does that commit have the plan command?): %w", rev, err)
	}
	return doc, nil
}

// extractCommit writes the whole tree of commit (of the repository dir is
// in) into dst.
func extractCommit(dir, commit, dst string) error {
	// From a subdirectory, git archive would write that subdirectory only.
	top, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return fmt.Errorf("git rev-parse --show-toplevel: %w", err)
	}
	cmd := exec.Command("git", "-C", strings.TrimSpace(string(top)), "archive", "--format=tar", commit)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	archive, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git archive %s: %w: %s", commit, err, strings.TrimSpace(stderr.String()))
	}
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive %s: %w", commit, err)
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("git archive %s: path %q leaves the directory", commit, h.Name)
		}
		target := filepath.Join(dst, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return fmt.Errorf("git archive %s: %w", commit, err)
			}
			if err := os.WriteFile(target, b, os.FileMode(h.Mode)&0o777); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.Symlink(h.Linkname, target); err != nil {
				return err
			}
		}
	}
}

// GoRunPlan runs the plan command of the program in dir as a contributor
// would, `go run ./cmd/plan args...`, and returns its standard output. A
// commit from before the plan was a command of its own runs it as it
// was then: `go run -tags offlineplan . plan args...`.
func GoRunPlan(dir string, args ...string) ([]byte, error) {
	argv := append([]string{"run", "./cmd/plan"}, args...)
	if _, err := os.Stat(filepath.Join(dir, "cmd", "plan")); err != nil {
		argv = append([]string{"run", "-tags", "offlineplan", ".", "plan"}, args...)
	}
	cmd := exec.Command("go", argv...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + " ..."
		}
		return nil, fmt.Errorf("go %s: %w: %s", quote(argv), err, msg)
	}
	return out, nil
}
