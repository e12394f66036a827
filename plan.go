//go:build offlineplan

package main

import (
	"os"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plancmd"
)

// offlinePlan runs the offline plan (internal/plancmd) of this program, in
// this process. Only the program built with the tag offlineplan carries
// the plan and its mocks; the one `pulumi up` runs launches it instead
// (plan_launch.go).
func offlinePlan(args []string) int { return plancmd.Main(args, run, os.Stdout, os.Stderr) }
