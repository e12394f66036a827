package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
)

// Exit statuses (see doc.go).
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInFlight    = 3
	exitError       = 4
	exitInterrupted = 130
)

func main() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	os.Exit(run(context.Background(), os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		signals: sigs, clock: release.SystemClock{}, getenv: os.Getenv,
	}))
}

// env is what run needs from the process, so tests can stand in for it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// signals delivers SIGINT and SIGTERM.
	signals <-chan os.Signal
	clock   release.Clock
	getenv  func(string) string
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// options are the parsed command line.
type options struct {
	command      string
	deploymentID string

	outputsFile, stack, dir string
	region, endpointURL     string
	interval                time.Duration
	jsonSummary, plain      bool

	image, stopAfter, description string
	skipWait, force               bool
	to                            string
}

var commands = []string{"release", "continue", "skip-wait", "watch", "rollback"}

// parseArgs reads the command line: an optional command (release by
// default), its flags, and the deployment id of continue, skip-wait and
// watch. Flags may come before or after the id.
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
	fs := flag.NewFlagSet("release "+o.command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprint(stderr, usage) }
	fs.StringVar(&o.outputsFile, "outputs", "", "read the stack's outputs from this file (`pulumi stack output --json`; - for stdin) instead of running Pulumi")
	fs.StringVar(&o.stack, "stack", "", "the Pulumi stack to release (Automation API; the pulumi CLI on PATH)")
	fs.StringVar(&o.dir, "cwd", ".", "the Pulumi project directory")
	fs.StringVar(&o.region, "region", "", "the AWS region (default: the task definition's, else AWS_REGION or the profile's)")
	fs.StringVar(&o.endpointURL, "endpoint-url", "", "send AWS calls to this URL (default: AWS, or AWS_ENDPOINT_URL)")
	fs.DurationVar(&o.interval, "interval", release.DefaultInterval, "time between polls of the deployment")
	fs.BoolVar(&o.jsonSummary, "json", false, "print a JSON summary on stdout at the end; progress goes to stderr")
	fs.BoolVar(&o.plain, "plain", false, "print progress as timestamped lines even on a terminal")
	switch o.command {
	case "release":
		fs.StringVar(&o.image, "image", "", "the container image to release (sets the stack's image and runs pulumi up; with --outputs, checked against the task definition)")
		fs.StringVar(&o.stopAfter, "stop-after", "", "exit 0 once this lifecycle event succeeded, leaving the deployment to go on (AfterAllowTestTraffic, AllowTraffic, AfterAllowTraffic)")
		fs.BoolVar(&o.force, "force", false, "deploy even when the service already runs the task definition")
		fs.StringVar(&o.description, "description", "", "the deployment's description (default: names the task definition)")
		fs.BoolVar(&o.skipWait, "skip-wait", false, "end the termination wait once all traffic has moved (removes the instant rollback)")
	case "continue":
		fs.BoolVar(&o.skipWait, "skip-wait", false, "end the termination wait once all traffic has moved")
	case "rollback":
		fs.StringVar(&o.to, "to", "", "the task definition ARN to roll back to (default: the previous one deployed)")
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return o, err
			}
			return o, &usageError{msg: "release: " + err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch o.command {
	case "continue", "skip-wait", "watch":
		if len(positional) != 1 {
			return o, usagef("release %s: want one DEPLOYMENT_ID, got %d arguments", o.command, len(positional))
		}
		o.deploymentID = positional[0]
	default:
		if len(positional) > 0 {
			return o, usagef("release %s: unexpected argument %q", o.command, positional[0])
		}
	}
	if o.interval < 100*time.Millisecond {
		return o, usagef("release: --interval %s is too short; want at least 100ms (AWS throttles)", o.interval)
	}
	if o.outputsFile != "" && o.stack != "" {
		return o, usagef("release %s: --stack and --outputs: pick one (the outputs file is what the stack gives)", o.command)
	}
	if o.command == "release" {
		if o.outputsFile == "" && (o.stack == "" || o.image == "") {
			return o, usagef("release: pass --stack and --image (runs pulumi up), or --outputs FILE (after pulumi up)")
		}
		if err := release.CheckStopAfter(o.stopAfter, true); err != nil {
			return o, usagef("release: %v", err)
		}
		if o.stopAfter != "" && o.skipWait {
			return o, usagef("release: --stop-after and --skip-wait: pick one (--skip-wait follows the deployment to its end)")
		}
	}
	if o.command == "rollback" && o.outputsFile == "" && o.stack == "" {
		return o, usagef("release rollback: pass --stack or --outputs FILE")
	}
	return o, nil
}

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	o, err := parseArgs(args, e.stderr)
	if errors.Is(err, flag.ErrHelp) {
		_, _ = fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	if err != nil {
		_, _ = fmt.Fprintln(e.stderr, err)
		_, _ = fmt.Fprintln(e.stderr, "run `release help` for usage")
		return exitUsage
	}

	progress := e.stdout
	if o.jsonSummary {
		progress = e.stderr
	}
	var rep release.Reporter
	if !o.plain && isTerminal(progress) && e.getenv("TERM") != "dumb" {
		width, _ := strconv.Atoi(e.getenv("COLUMNS"))
		rep = release.NewTerminalReporter(progress, e.clock, width)
	} else {
		rep = release.NewLineReporter(progress, e.clock)
	}

	// The first interrupt stops (release, continue, skip-wait: with
	// rollback); the second, or the first while watching or rolling back,
	// stops following.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{})
	go func() {
		select {
		case <-e.signals:
		case <-ctx.Done():
			return
		}
		if o.command == "watch" || o.command == "rollback" {
			cancel()
			return
		}
		close(stop)
		select {
		case <-e.signals:
			cancel()
		case <-ctx.Done():
		}
	}()

	res, err := execute(ctx, o, e, rep, progress, stop)
	rep.Close()
	code := exitCode(res, err)
	if o.jsonSummary {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res.Summary(o.command, code, err))
	}
	if err != nil {
		_, _ = fmt.Fprintln(e.stderr, err)
	} else {
		rep.Note(res.Explain())
	}
	return code
}

// exitCode maps how a command ended to its exit status.
func exitCode(res release.Result, err error) int {
	var usage *usageError
	var invalid *release.InvalidError
	var inflight *release.InFlightError
	switch {
	case errors.As(err, &usage), errors.As(err, &invalid):
		return exitUsage
	case errors.As(err, &inflight):
		return exitInFlight
	case err != nil && res.Interrupted:
		return exitInterrupted
	case err != nil:
		return exitError
	case res.Outcome.Succeeded():
		return exitOK
	case res.Interrupted || res.Outcome == release.OutcomeAbandoned:
		return exitInterrupted
	default:
		return exitFailed
	}
}

func execute(ctx context.Context, o options, e env, rep release.Reporter, progress io.Writer, stop <-chan struct{}) (release.Result, error) {
	var outputs *release.Outputs
	switch {
	case o.outputsFile != "":
		out, err := readOutputs(o.outputsFile, e.stdin)
		if err != nil {
			return release.Result{}, err
		}
		outputs = &out
	case o.command == "release":
		// pulumi up, cancelled by the first interrupt: no deployment yet.
		upCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-upCtx.Done():
			}
		}()
		rep.Note(fmt.Sprintf("pulumi up of stack %s with image %s", o.stack, o.image))
		out, err := release.Stack{Dir: o.dir, Name: o.stack, Progress: progress}.Up(upCtx, o.image)
		if err != nil {
			if upCtx.Err() != nil {
				return release.Result{Outcome: release.OutcomeAbandoned, Interrupted: true}, nil
			}
			return release.Result{}, err
		}
		outputs = &out
	case o.stack != "":
		out, err := release.Stack{Dir: o.dir, Name: o.stack}.Outputs(ctx)
		if err != nil {
			return release.Result{}, err
		}
		outputs = &out
	}

	region := o.region
	if region == "" && outputs != nil {
		region = outputs.Region()
	}
	clients, err := release.NewClients(ctx, release.AWSOptions{Region: region, EndpointURL: o.endpointURL})
	if err != nil {
		return release.Result{}, err
	}
	r := &release.Releaser{Clients: clients, Clock: e.clock, Interval: o.interval, Reporter: rep}
	switch o.command {
	case "continue":
		return r.Continue(ctx, o.deploymentID, outputs, release.Goal{SkipWait: o.skipWait}, stop)
	case "skip-wait":
		return r.SkipWait(ctx, o.deploymentID, outputs, stop)
	case "watch":
		return r.Watch(ctx, o.deploymentID, outputs)
	}
	if outputs == nil {
		return release.Result{}, usagef("release %s: pass --stack or --outputs FILE", o.command)
	}
	switch o.command {
	case "rollback":
		return r.Rollback(ctx, *outputs, o.to)
	default:
		return r.Release(ctx, release.Request{
			Outputs:     *outputs,
			Image:       o.image,
			StopAfter:   o.stopAfter,
			SkipWait:    o.skipWait,
			Force:       o.force,
			Description: o.description,
		}, stop)
	}
}

func readOutputs(path string, stdin io.Reader) (release.Outputs, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return release.Outputs{}, &usageError{msg: fmt.Sprintf("release: --outputs: %v", err)}
	}
	out, err := release.ParseOutputs(data)
	if err != nil {
		return release.Outputs{}, &usageError{msg: fmt.Sprintf("release: --outputs %s:\n%v", path, err)}
	}
	return out, nil
}

// isTerminal says whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// usage is `release help`; doc.go has the full documentation.
const usage = `release: take a new image to production blue/green through CodeDeploy, live.

Usage:
  release --stack STACK --image IMAGE [flags]     set the stack's image, pulumi up, deploy, follow
  release --outputs FILE [--image IMAGE] [flags]  deploy the task definition of a stack that is up
  release continue DEPLOYMENT_ID [flags]          approve a deployment waiting before production traffic
  release skip-wait DEPLOYMENT_ID [flags]         end the termination wait now (removes the old tasks)
  release watch DEPLOYMENT_ID [flags]             follow a deployment without acting on it
  release rollback [--stack STACK | --outputs FILE] [--to ARN]
                                                  stop the deployment in flight with rollback, or
                                                  redeploy the previous task definition revision

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
  --description TEXT    the deployment's description
Rollback:
  --to ARN              the task definition to go back to (default: the previous one deployed)
Output:
  --interval DURATION   time between polls (default 5s)
  --json                a JSON summary on stdout at the end; progress on stderr
  --plain               timestamped lines even on a terminal

Ctrl-C stops the deployment with rollback and follows the rollback; Ctrl-C again stops waiting.
Exit status: 0 released (or stopped where asked), 1 failed or stopped (AWS's reason is printed),
2 bad usage or input (nothing deployed), 3 another deployment is in flight, 4 AWS or Pulumi
error, 130 interrupted.
`
