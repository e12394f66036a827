// Package plancmd is the offline plan's command, `go run ./cmd/plan`: its
// flags, the stack's configuration as the Pulumi CLI would hand it over
// (internal/stackfile), a run of the program under Pulumi's mocks
// (awsmock, in-process, no credentials, no Pulumi CLI), the
// comparison with another stack or with the program at another commit
// (from `git archive`), and the generated regions of README.md and
// docs/cost.md (written with
// internal/docgen's region writer). What it prints is internal/plan's.
//
// cmd/plan calls Main with the program (package program); the program
// binary `pulumi up` runs does not import this package, so it carries none
// of the mocks.
package plancmd

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const usage = `usage: go run ./cmd/plan [flags]

Runs the program for a stack under Pulumi's mocks (no credentials, no Pulumi
CLI) and prints what it would create as a tree, the architecture as a Mermaid
flowchart, the modelled critical path of ` + "`pulumi up`" + `, the modelled release times,
the fixed monthly cost in us-east-1 and ap-northeast-2, and what releases add
to it.

  --stack NAME            the stack to plan, from Pulumi.NAME.yaml (default dev)
  --format FORMAT         text (default), markdown, json, or mermaid (the diagram only)
  --releases N            price a month of N releases (default 20, one a working day)
  --compare STACK         print the difference from --stack to STACK
  --compare-commit REV    print the difference from the stack at commit REV to
                          the working tree (builds REV's program in a temporary
                          directory; REV must have the plan command)
  --write-readme          rewrite the generated regions: README.md's architecture
                          from the stack's diagram, and the time and cost of
                          every stack (docs/cost.md)
`

// Formats of the plan's output.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatJSON     = "json"
	formatMermaid  = "mermaid"
)

// maxReleasesPerMonth bounds --releases: more than one every few minutes
// is not a month of blue/green releases (each blocks the next for its
// termination wait).
const maxReleasesPerMonth = 10_000

// Main runs the plan command with args (after the word "plan") for the
// program of the project in the working directory, and returns the
// process's exit code: 0, 1 on failure, 2 on a usage error.
func Main(args []string, program pulumi.RunFunc, stdout, stderr io.Writer) int {
	return Planner{Dir: ".", Program: program}.Main(args, stdout, stderr)
}

// Main is Main for the planner's project and program.
func (p Planner) Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprint(stderr, usage) }
	stack := fs.String("stack", "dev", "")
	format := fs.String("format", formatText, "")
	releases := fs.Int("releases", plan.DefaultReleasesPerMonth, "")
	compare := fs.String("compare", "", "")
	compareCommit := fs.String("compare-commit", "", "")
	writeReadme := fs.Bool("write-readme", false, "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(msg string) int {
		_, _ = fmt.Fprintf(stderr, "plan: %s\n\n%s", msg, usage)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return fail(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case !slices.Contains([]string{formatText, formatMarkdown, formatJSON, formatMermaid}, *format):
		return fail(fmt.Sprintf("--format %q: use text, markdown, json or mermaid", *format))
	case *releases < 1 || *releases > maxReleasesPerMonth:
		return fail(fmt.Sprintf("--releases %d: use 1 to %d releases a month", *releases, maxReleasesPerMonth))
	case *compare != "" && *compareCommit != "":
		return fail("--compare and --compare-commit: give one")
	case (*compare != "" || *compareCommit != "") && *format == formatMermaid:
		return fail("--format mermaid prints one stack's diagram: a comparison prints as text, markdown or json")
	case *writeReadme && (*compare != "" || *compareCommit != ""):
		return fail("--write-readme writes one stack's diagram: drop --compare")
	}
	p.ReleasesPerMonth = *releases
	if err := p.run(*stack, *format, *compare, *compareCommit, *writeReadme, stdout, stderr); err != nil {
		_, _ = fmt.Fprintf(stderr, "plan: %v\n", err)
		return 1
	}
	return 0
}

func (p Planner) run(stack, format, compare, compareCommit string, writeReadme bool, stdout, stderr io.Writer) error {
	doc, err := p.Plan(stack)
	if err != nil {
		return err
	}
	switch {
	case writeReadme:
		changed, err := p.WriteReadme(stack)
		if err != nil {
			return err
		}
		msg := "README.md, docs/cost.md: generated regions already match (architecture of stack %s, time and cost of every stack)\n"
		if changed {
			msg = "README.md, docs/cost.md: generated regions updated (architecture of stack %s, time and cost of every stack)\n"
		}
		_, err = fmt.Fprintf(stderr, msg, stack)
		return err
	case compare != "":
		other, err := p.Plan(compare)
		if err != nil {
			return err
		}
		return printComparison(stdout, format, plan.Compare(stack, doc, compare, other))
	case compareCommit != "":
		before, err := p.planAtCommit(compareCommit, stack)
		if err != nil {
			return err
		}
		return printComparison(stdout, format, plan.Compare(stack+" at "+compareCommit, before, stack+" (working tree)", doc))
	}
	var out []byte
	switch format {
	case formatJSON:
		if out, err = doc.JSON(); err != nil {
			return err
		}
	case formatMermaid:
		out = []byte(doc.Mermaid)
	case formatMarkdown:
		out = []byte(doc.Markdown())
	default:
		out = []byte(doc.Text())
	}
	_, err = stdout.Write(out)
	return err
}

func printComparison(w io.Writer, format string, c plan.Comparison) error {
	var out []byte
	switch format {
	case formatJSON:
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			return err
		}
		out = append(b, '\n')
	case formatMarkdown:
		out = []byte(c.Markdown())
	default:
		out = []byte(c.Text())
	}
	_, err := w.Write(out)
	return err
}

// errNoProgram is Plan's error for a Planner without a program.
var errNoProgram = errors.New("plancmd: no program to plan")

// quote quotes a command line's arguments for an error message.
func quote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return fmt.Sprint(q)
}
