package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
)

// main runs the release command (release.Main) on the process: its
// arguments, standard streams, SIGINT and SIGTERM, clock and environment.
func main() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	os.Exit(release.Main(context.Background(), os.Args[1:], release.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Signals: sigs, Clock: release.SystemClock{}, Getenv: os.Getenv,
	}))
}
