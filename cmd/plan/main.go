// Command plan prints the offline plan of a stack of this project: it runs
// the program (package program) for the stack under Pulumi's mocks, with no
// credentials and no Pulumi CLI, and prints what it would create, the
// architecture, the modelled critical path of `pulumi up`, release times and
// the monthly cost. Run it from the project's root:
//
//	go run ./cmd/plan --stack dev
//	go run ./cmd/plan --stack prod --compare dev
//	go run ./cmd/plan --help
//
// The flags and output are internal/plancmd's.
package main

import (
	"os"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plancmd"
	"github.com/ecs-bluegreen/ecs-bluegreen/program"
)

func main() { os.Exit(plancmd.Main(os.Args[1:], program.Run, os.Stdout, os.Stderr)) }
