package release

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
)

// Exit statuses, documented in cmd/release/doc.go (TestCommandDocumentation
// checks that it names each).
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInFlight    = 3
	exitError       = 4
	exitTimedOut    = 5
	exitVerify      = 6
	exitValidation  = 7
	exitInterrupted = 130
)

// Env is what Main needs from the process: its standard streams, its
// signals, the clock and the environment, so that tests can stand in for
// each.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Signals delivers the process's SIGINT and SIGTERM.
	Signals <-chan os.Signal
	Clock   Clock
	// Getenv reads an environment variable (TERM, COLUMNS); os.Getenv.
	Getenv func(string) string
}

// Main is the release command (`go doc ./cmd/release`): it parses args (the
// command line without the program's name), runs the command with the
// process seams of e, and returns the exit status.
func Main(ctx context.Context, args []string, e Env) int {
	started := e.Clock.Now()
	o, err := parseArgs(args, e.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		_, _ = fmt.Fprint(e.Stdout, usage)
		return exitOK
	}
	if err != nil {
		_, _ = fmt.Fprintln(e.Stderr, err)
		_, _ = fmt.Fprintln(e.Stderr, "run `release help` for usage")
		return exitUsage
	}
	if o.dryRun {
		o.command = "diff"
	}

	rep, progress, closeEvents, err := reporters(o, e)
	if err != nil {
		_, _ = fmt.Fprintln(e.Stderr, err)
		return exitUsage
	}
	defer closeEvents()
	rep.Report(Started{Command: o.command, SchemaVersion: SchemaVersion})

	// The first interrupt stops (release, continue, skip-wait: with
	// rollback before all production traffic moved); the second, or the
	// first in the other commands, stops following.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{})
	go func() {
		select {
		case <-e.Signals:
		case <-ctx.Done():
			return
		}
		if !commandMayStop(o.command) || o.command == "cancel" {
			cancel()
			return
		}
		close(stop)
		select {
		case <-e.Signals:
			cancel()
		case <-ctx.Done():
		}
	}()

	res, err := execute(ctx, o, e, rep, progress, stop, started)
	code := exitCode(res, err)
	// The last word goes below a terminal's last block.
	rep.Close()
	rep.Report(Finished{Summary: res.Summary(o.command, code, err)})
	if o.jsonSummary {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res.Summary(o.command, code, err))
	}
	if err != nil {
		_, _ = fmt.Fprintln(e.Stderr, err)
	}
	return code
}

// reporters builds what draws the events: a terminal block, lines or JSON
// lines on stdout (stderr for text with --json), and the --events file.
// progress is where `pulumi up` writes.
func reporters(o options, e Env) (rep Reporter, progress io.Writer, closeEvents func(), err error) {
	progress = e.Stdout
	if o.jsonSummary || o.output == outputJSONL {
		progress = e.Stderr
	}
	switch {
	case o.output == outputJSONL:
		rep = NewJSONReporter(e.Stdout, e.Clock)
	case o.output == outputTerminal || (o.output == outputAuto && isTerminal(progress) && e.Getenv("TERM") != "dumb"):
		width, _ := strconv.Atoi(e.Getenv("COLUMNS"))
		rep = NewTerminalReporter(progress, e.Clock, width)
	default:
		rep = NewLineReporter(progress, e.Clock)
	}
	closeEvents = func() {}
	if o.eventsFile != "" {
		f, err := os.Create(o.eventsFile)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("release: --events: %w", err)
		}
		rep = Tee(rep, NewJSONReporter(f, e.Clock))
		closeEvents = func() { _ = f.Close() }
	}
	return rep, progress, closeEvents, nil
}

// exitCode maps how a command ended to its exit status.
func exitCode(res Result, err error) int {
	var usage *usageError
	var invalid *InvalidError
	var downgrade *DowngradeError
	var inflight *InFlightError
	var verify *VerifyError
	switch {
	case errors.As(err, &usage), errors.As(err, &invalid), errors.As(err, &downgrade):
		return exitUsage
	case errors.As(err, &verify):
		return exitVerify
	case errors.As(err, &inflight):
		return exitInFlight
	case err != nil && res.TimedOut:
		return exitTimedOut
	case err != nil && res.Interrupted:
		return exitInterrupted
	case err != nil:
		return exitError
	case res.Outcome.Succeeded():
		return exitOK
	case res.TimedOut:
		return exitTimedOut
	case res.Interrupted || res.Outcome == OutcomeAbandoned:
		return exitInterrupted
	case res.Deployment.ValidationFailed():
		return exitValidation
	default:
		return exitFailed
	}
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
