//go:build !offlineplan

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// offlinePlan builds this program with the offline plan (go build -tags
// offlineplan, from the source in the working directory, as `go run .
// plan` has it) and runs that build's plan command with args, returning its
// exit code. The program `pulumi up` runs is this build, without the
// plan's mocks and fake AWS answers.
//
// The build goes to the user's cache directory, one per source directory:
// Go relinks it only when the source changed.
func offlinePlan(args []string) int {
	fail := func(err error) int {
		_, _ = fmt.Fprintf(os.Stderr, "plan: building the offline plan (go build -tags offlineplan .): %v\n", err)
		return 1
	}
	bin, err := offlinePlanBinary()
	if err != nil {
		return fail(err)
	}
	build := exec.Command("go", "build", "-tags", "offlineplan", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fail(err)
	}
	cmd := exec.Command(bin, append([]string{"plan"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		_, _ = fmt.Fprintf(os.Stderr, "plan: %v\n", err)
		return 1
	}
	return 0
}

// offlinePlanBinary returns where the build with the offline plan goes: a
// directory of the user's cache named after the source directory.
func offlinePlanBinary() (string, error) {
	src, err := os.Getwd()
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	sum := sha256.Sum256([]byte(src))
	dir := filepath.Join(cache, "ecs-bluegreen-plan", hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, "plan"), nil
}
