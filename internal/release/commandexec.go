package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// execute reads the stack's outputs (running pulumi up for release
// --stack), connects to AWS in the stack's region, and runs the command.
func execute(ctx context.Context, o options, e Env, rep Reporter, progress io.Writer, stop <-chan struct{}, started time.Time) (Result, error) {
	outputs, ended, err := loadOutputs(ctx, o, e, rep, progress, stop)
	if err != nil {
		return Result{Command: o.command}, err
	}
	if ended != nil {
		return *ended, nil
	}
	region := o.region
	if region == "" && outputs != nil {
		region = outputs.Region()
	}
	clients, err := NewClients(ctx, AWSOptions{Region: region, EndpointURL: o.endpointURL})
	if err != nil {
		return Result{Command: o.command}, err
	}
	r := &Releaser{
		Clients: clients, Clock: e.Clock, Interval: o.interval, Reporter: rep,
		Timeout: o.timeout, Start: started, RollbackAfterShift: o.rollbackAfterShift,
	}
	return runCommand(ctx, o, r, outputs, stop)
}

// loadOutputs reads the stack's outputs: from --outputs, from pulumi up
// (release --stack), or from --stack; nil when the command names none.
// ended is the command's result when pulumi up was interrupted or passed
// the deadline.
func loadOutputs(ctx context.Context, o options, e Env, rep Reporter, progress io.Writer, stop <-chan struct{}) (outputs *Outputs, ended *Result, err error) {
	switch {
	case o.outputsFile != "":
		out, err := readOutputs(o.outputsFile, e.Stdin)
		if err != nil {
			return nil, nil, err
		}
		return &out, nil, nil
	case o.command == "release":
		return pulumiUp(ctx, o, rep, progress, stop)
	case o.stack != "":
		out, err := Stack{Dir: o.dir, Name: o.stack}.Outputs(ctx)
		if err != nil {
			return nil, nil, err
		}
		return &out, nil, nil
	}
	return nil, nil, nil
}

// pulumiUp runs pulumi up of --stack with --image, cancelled by the first
// interrupt or the deadline: then there is no deployment yet, and ended
// says so.
func pulumiUp(ctx context.Context, o options, rep Reporter, progress io.Writer, stop <-chan struct{}) (outputs *Outputs, ended *Result, err error) {
	upCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if o.timeout > 0 {
		upCtx, cancel = context.WithTimeout(upCtx, o.timeout)
		defer cancel()
	}
	go func() {
		select {
		case <-stop:
			cancel()
		case <-upCtx.Done():
		}
	}()
	rep.Report(PulumiUp{Stack: o.stack, Image: o.image})
	out, err := Stack{Dir: o.dir, Name: o.stack, Progress: progress}.Up(upCtx, o.image)
	if err != nil {
		switch {
		case errors.Is(upCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil:
			return nil, &Result{Command: o.command, Outcome: OutcomeAbandoned, TimedOut: true}, nil
		case upCtx.Err() != nil:
			return nil, &Result{Command: o.command, Outcome: OutcomeAbandoned, Interrupted: true}, nil
		}
		return nil, nil, err
	}
	return &out, nil, nil
}

// runCommand runs o.command with r on the stack's outputs (nil when only a
// deployment id was given).
func runCommand(ctx context.Context, o options, r *Releaser, outputs *Outputs, stop <-chan struct{}) (Result, error) {
	switch o.command {
	case "continue":
		return r.Continue(ctx, o.deploymentID, outputs, Goal{SkipWait: o.skipWait}, stop)
	case "skip-wait":
		return r.SkipWait(ctx, o.deploymentID, outputs, stop)
	case "watch":
		return r.Watch(ctx, o.deploymentID, outputs)
	case "cancel":
		return r.Cancel(ctx, o.deploymentID, outputs)
	case "rollback":
		return r.Rollback(ctx, RollbackRequest{Outputs: outputs, DeploymentID: o.deploymentID, To: o.to})
	}
	if outputs == nil {
		return Result{Command: o.command}, usagef("release %s: pass --stack or --outputs FILE", o.command)
	}
	switch o.command {
	case "verify":
		return r.Verify(ctx, *outputs)
	case "diff":
		// With --stack the outputs are the stack's before any pulumi up:
		// --image shows what it would register.
		return r.Diff(ctx, DiffRequest{Outputs: *outputs, Image: o.image, Preview: o.stack != "" && o.image != ""})
	default:
		return r.Release(ctx, Request{
			Outputs:        *outputs,
			Image:          o.image,
			StopAfter:      o.stopAfter,
			SkipWait:       o.skipWait,
			Force:          o.force,
			AllowDowngrade: o.allowDowngrade,
			SkipVerify:     o.skipVerify,
			Description:    o.description,
		}, stop)
	}
}

func readOutputs(path string, stdin io.Reader) (Outputs, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return Outputs{}, &usageError{msg: fmt.Sprintf("release: --outputs: %v", err)}
	}
	out, err := ParseOutputs(data)
	if err != nil {
		return Outputs{}, &usageError{msg: fmt.Sprintf("release: --outputs %s:\n%v", path, err)}
	}
	return out, nil
}
