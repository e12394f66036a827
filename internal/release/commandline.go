package release

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// Output modes of --output.
const (
	outputAuto     = "auto"
	outputTerminal = "terminal"
	outputPlain    = "plain"
	outputJSONL    = "jsonl"
)

// options are the parsed command line.
type options struct {
	command      string
	deploymentID string

	outputsFile, stack, dir string
	region, endpointURL     string
	interval                time.Duration
	jsonSummary, plain      bool
	output, eventsFile      string

	timeout            time.Duration
	rollbackAfterShift bool

	image, stopAfter, description string
	skipWait, force               bool
	allowDowngrade, skipVerify    bool
	dryRun                        bool
	to                            string
}

var commands = []string{"release", "verify", "diff", "continue", "skip-wait", "watch", "rollback", "cancel"}

// commandFollows says whether a command follows a deployment (and so has a
// deadline).
func commandFollows(command string) bool {
	return command != "verify" && command != "diff"
}

// commandMayStop says whether an interrupt or the deadline may stop the command's
// deployment with rollback.
func commandMayStop(command string) bool {
	return command == "release" || command == "continue" || command == "skip-wait" || command == "cancel"
}

// parseArgs reads the command line: an optional command (release by
// default), its flags, and the deployment id of continue, skip-wait, watch,
// cancel and (optionally) rollback. Flags may come before or after the id.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	o := options{command: "release"}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		o.command, args = args[0], args[1:]
		if o.command == "help" {
			return o, flag.ErrHelp
		}
		if !slices.Contains(commands, o.command) {
			return o, usagef("release: unknown command %q; commands: %s", o.command, strings.Join(commands, ", "))
		}
	}
	positional, err := parseFlags(&o, args, stderr)
	if err != nil {
		return o, err
	}
	if err := takeDeploymentID(&o, positional); err != nil {
		return o, err
	}
	if err := checkFlags(&o); err != nil {
		return o, err
	}
	return o, checkSource(o)
}

// parseFlags parses o.command's flags into o, before and between the
// positional arguments, and returns those.
func parseFlags(o *options, args []string, stderr io.Writer) ([]string, error) {
	fs := flagSet(o, stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{msg: "release: " + err.Error()}
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// takeDeploymentID sets o.deploymentID from the positional arguments of
// the commands that take one (rollback: optionally), and checks its form.
func takeDeploymentID(o *options, positional []string) error {
	switch o.command {
	case "continue", "skip-wait", "watch", "cancel":
		if len(positional) != 1 {
			return usagef("release %s: want one DEPLOYMENT_ID, got %d arguments", o.command, len(positional))
		}
		o.deploymentID = positional[0]
	case "rollback":
		if len(positional) > 1 {
			return usagef("release rollback: want at most one DEPLOYMENT_ID, got %d arguments", len(positional))
		}
		if len(positional) == 1 {
			o.deploymentID = positional[0]
		}
	default:
		if len(positional) > 0 {
			return usagef("release %s: unexpected argument %q", o.command, positional[0])
		}
	}
	if o.deploymentID != "" && !strings.HasPrefix(o.deploymentID, "d-") {
		return usagef("release %s: %q is not a CodeDeploy deployment id (d-XXXXXXXXX)", o.command, o.deploymentID)
	}
	return nil
}

// checkFlags checks the flags every command shares: --interval, --timeout
// and the output flags (--plain sets o.output to plain).
func checkFlags(o *options) error {
	if o.interval < 100*time.Millisecond {
		return usagef("release: --interval %s is too short; want at least 100ms (AWS throttles)", o.interval)
	}
	if o.timeout < 0 {
		return usagef("release %s: --timeout %s is negative; want a duration such as 30m, or 0 for the deployment group's default", o.command, o.timeout)
	}
	if o.timeout > 0 && o.timeout < time.Minute {
		return usagef("release %s: --timeout %s is too short to follow a deployment; want at least 1m", o.command, o.timeout)
	}
	switch o.output {
	case outputAuto, outputTerminal, outputPlain, outputJSONL:
	default:
		return usagef("release: --output %q: want auto, terminal, plain or jsonl", o.output)
	}
	if o.plain {
		if o.output != outputAuto && o.output != outputPlain {
			return usagef("release: --plain and --output %s: pick one", o.output)
		}
		o.output = outputPlain
	}
	if o.jsonSummary && o.output == outputJSONL {
		return usagef("release: --json and --output jsonl: pick one (the stream's last event, \"result\", is the summary)")
	}
	return nil
}

// checkSource checks that the command knows where the stack's outputs come
// from (--stack or --outputs, or rollback's deployment id), and release's
// own flags.
func checkSource(o options) error {
	if o.outputsFile != "" && o.stack != "" {
		return usagef("release %s: --stack and --outputs: pick one (the outputs file is what the stack gives)", o.command)
	}
	switch o.command {
	case "release":
		if o.outputsFile == "" && (o.stack == "" || o.image == "") {
			return usagef("release: pass --stack and --image (runs pulumi up), or --outputs FILE (after pulumi up)")
		}
		if err := CheckStopAfter(o.stopAfter, true); err != nil {
			return usagef("release: %v", err)
		}
		if o.stopAfter != "" && o.skipWait {
			return usagef("release: --stop-after and --skip-wait: pick one (--skip-wait follows the deployment to its end)")
		}
	case "verify", "diff":
		if o.outputsFile == "" && o.stack == "" {
			return usagef("release %s: pass --stack or --outputs FILE", o.command)
		}
	case "rollback":
		if o.outputsFile == "" && o.stack == "" && o.deploymentID == "" {
			return usagef("release rollback: pass a DEPLOYMENT_ID in flight, --stack or --outputs FILE")
		}
	}
	return nil
}

// flagSet defines o.command's flags on o.
func flagSet(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("release "+o.command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprint(stderr, usage) }
	fs.StringVar(&o.outputsFile, "outputs", "", "read the stack's outputs from this file (`pulumi stack output --json`; - for stdin) instead of running Pulumi")
	fs.StringVar(&o.stack, "stack", "", "the Pulumi stack (Automation API; the pulumi CLI on PATH)")
	fs.StringVar(&o.dir, "cwd", ".", "the Pulumi project directory")
	fs.StringVar(&o.region, "region", "", "the AWS region (default: the task definition's, else AWS_REGION or the profile's)")
	fs.StringVar(&o.endpointURL, "endpoint-url", "", "send AWS calls to this URL (default: AWS, or AWS_ENDPOINT_URL)")
	fs.DurationVar(&o.interval, "interval", DefaultInterval, "time between polls of the deployment")
	fs.BoolVar(&o.jsonSummary, "json", false, "print a JSON summary on stdout at the end; progress goes to stderr")
	fs.BoolVar(&o.plain, "plain", false, "print progress as timestamped lines even on a terminal (--output plain)")
	fs.StringVar(&o.output, "output", outputAuto, "progress as auto, terminal, plain or jsonl (one JSON object per event on stdout)")
	fs.StringVar(&o.eventsFile, "events", "", "also write the event stream (JSON lines) to this file")
	if commandFollows(o.command) {
		fs.DurationVar(&o.timeout, "timeout", 0, "the deadline, from the start (default: derived from the deployment group)")
	}
	if commandMayStop(o.command) {
		fs.BoolVar(&o.rollbackAfterShift, "rollback-after-shift", false, "an interrupt or the deadline stops the deployment with rollback even after all production traffic moved")
	}
	switch o.command {
	case "release":
		fs.StringVar(&o.image, "image", "", "the container image to release (sets the stack's image and runs pulumi up; with --outputs, checked against the task definition)")
		fs.StringVar(&o.stopAfter, "stop-after", "", "exit 0 once this lifecycle event succeeded, leaving the deployment to go on (AfterAllowTestTraffic, AllowTraffic, AfterAllowTraffic)")
		fs.BoolVar(&o.force, "force", false, "deploy even when the service already runs the task definition")
		fs.StringVar(&o.description, "description", "", "the deployment's description (default: names the task definition)")
		fs.BoolVar(&o.skipWait, "skip-wait", false, "end the termination wait once all traffic has moved (removes the instant rollback)")
		fs.BoolVar(&o.allowDowngrade, "allow-downgrade", false, "deploy the outputs' task definition even when it is older than production's")
		fs.BoolVar(&o.skipVerify, "skip-verify", false, "skip verify's pre-flight checks (the in-flight check still runs)")
		fs.BoolVar(&o.dryRun, "dry-run", false, "show what would be deployed (release diff) and deploy nothing")
	case "diff":
		fs.StringVar(&o.image, "image", "", "the image to release: with --stack, shown in place of the stack's; with --outputs, checked against the task definition")
	case "continue":
		fs.BoolVar(&o.skipWait, "skip-wait", false, "end the termination wait once all traffic has moved")
	case "rollback":
		fs.StringVar(&o.to, "to", "", "the task definition ARN to roll back to (default: the previous one deployed)")
	}
	return fs
}

// usage is `release help`; cmd/release/doc.go has the full documentation.
const usage = `release: take a new image to production blue/green through CodeDeploy, live.

Usage:
  release --stack STACK --image IMAGE [flags]     set the stack's image, pulumi up, verify, deploy, follow
  release --outputs FILE [--image IMAGE] [flags]  verify and deploy the task definition of a stack that is up
  release verify (--stack STACK | --outputs FILE) check, read-only, that the live wiring fits a release
  release diff (--stack STACK | --outputs FILE)   the AppSpec and the container definitions' changes; deploys nothing
  release continue DEPLOYMENT_ID [flags]          approve a deployment waiting before production traffic
  release skip-wait DEPLOYMENT_ID [flags]         end the termination wait now (removes the old tasks)
  release watch DEPLOYMENT_ID [flags]             follow a deployment without acting on it
  release rollback [DEPLOYMENT_ID | --stack STACK | --outputs FILE] [--to ARN]
                                                  stop a deployment in flight with rollback, or
                                                  redeploy the previous task definition revision
  release cancel DEPLOYMENT_ID                    what an interrupt would do: roll back before all
                                                  production traffic moved, else leave it (CI's cancel path)

Inputs:
  --stack STACK         the Pulumi stack (Automation API; the pulumi CLI on PATH)
  --cwd DIR             the Pulumi project directory (default .)
  --outputs FILE        the stack's outputs (pulumi stack output --json; - for stdin)
AWS:
  --region REGION       default: the task definition's region, else AWS_REGION or the profile's
  --endpoint-url URL    send AWS calls here (default: AWS, or AWS_ENDPOINT_URL)
Release:
  --image IMAGE         the image to release
  --stop-after EVENT    exit 0 once the lifecycle event succeeded and leave the deployment going:
                        AfterAllowTestTraffic (the group must wait for approval), AllowTraffic,
                        AfterAllowTraffic (production is all on the new version)
  --skip-wait           end the termination wait once all traffic has moved (also: continue)
  --force               deploy even if the service already runs the task definition
  --allow-downgrade     deploy the outputs' task definition even when it is older than production's
  --skip-verify         skip verify's checks (the in-flight check still runs)
  --dry-run             release diff: show what would be deployed, deploy nothing
  --description TEXT    the deployment's description
Deadline and interrupts (release, continue, skip-wait, watch, rollback, cancel):
  --timeout DURATION    give up at this deadline, counted from the start: stop the deployment with
                        rollback and follow the rollback (10m more at most), exit 5. Default: 15m for
                        the new tasks to start and pass health checks, plus the deployment group's
                        approval wait and traffic shifting (unless --stop-after stops before them),
                        plus its termination wait (unless --stop-after or --skip-wait)
  --rollback-after-shift  an interrupt or the deadline rolls back even after all production traffic
                        moved (default: the deployment is left in its termination wait)
Rollback:
  --to ARN              the task definition to go back to (default: the previous one deployed)
Output:
  --output MODE         auto (a live block on a terminal, lines elsewhere), terminal, plain, or
                        jsonl: one JSON object per event on stdout
  --events FILE         also write the JSON lines to FILE
  --plain               --output plain
  --interval DURATION   time between polls (default 5s)
  --json                a JSON summary on stdout at the end; progress on stderr

Ctrl-C before all production traffic moved stops the deployment with rollback and follows the
rollback; after, it stops following and prints the command that rolls back. Ctrl-C again stops
waiting. Throttling, 5xx and connection errors are retried until the deadline.
Exit status: 0 released (or stopped where asked, verified, diffed), 1 failed or stopped (AWS's
reason is printed), 2 bad usage or input (nothing deployed), 3 another deployment is in flight,
4 AWS or Pulumi error, 5 the deadline passed, 6 verify found problems (nothing deployed),
7 the validation hook failed the new version (rolled back; its reason is printed),
130 interrupted.
`
