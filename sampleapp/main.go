package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // serving failed, or the health check did
	exitUsage   = 2 // bad flags or environment
)

// probeTimeout bounds the -healthcheck request.
const probeTimeout = 3 * time.Second

func main() {
	// ECS stops a task with SIGTERM; SIGINT is Ctrl-C when run by hand.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := run(ctx, os.Args[1:], processEnv{
		Getenv:   os.Getenv,
		Hostname: os.Hostname,
		Listen:   net.Listen,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
	})
	stop()
	os.Exit(code)
}

// processEnv is what run takes from the process, so that tests can give it
// their own.
type processEnv struct {
	Getenv   func(string) string
	Hostname func() (string, error)
	Listen   func(network, address string) (net.Listener, error)
	Stdout   io.Writer // JSON log lines
	Stderr   io.Writer // usage and configuration errors
}

// run is the program: it serves until ctx is done, or with -healthcheck
// probes a running server, and returns the exit code.
func run(ctx context.Context, args []string, env processEnv) int {
	flags := flag.NewFlagSet("sampleapp", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	healthcheck := flags.Bool("healthcheck", false, "ask the server on 127.0.0.1:$PORT for /health and exit 0 if it answers 200, else 1")
	if err := flags.Parse(args); err != nil {
		return exitUsage
	}
	if flags.NArg() > 0 {
		complain(env.Stderr, fmt.Errorf("sampleapp: unexpected arguments %q", flags.Args()))
		return exitUsage
	}
	cfg, err := loadConfig(env.Getenv)
	if err != nil {
		complain(env.Stderr, err)
		return exitUsage
	}
	addr := net.JoinHostPort("", strconv.Itoa(cfg.Port))

	if *healthcheck {
		url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)) + "/health"
		if err := probe(ctx, http.DefaultClient, url, probeTimeout); err != nil {
			complain(env.Stderr, err)
			return exitFailure
		}
		return exitOK
	}

	log := slog.New(slog.NewJSONHandler(env.Stdout, nil))
	host, err := env.Hostname()
	if err != nil {
		log.Warn("no hostname", "error", err.Error())
		host = "unknown"
	}
	h, err := newHandler(info{Version: cfg.Version, Color: cfg.Color, Hostname: host})
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return exitFailure
	}
	ln, err := env.Listen("tcp", addr)
	if err != nil {
		log.Error("cannot listen", "address", addr, "error", err.Error())
		return exitFailure
	}
	log.Info("listening", "address", ln.Addr().String(), "version", cfg.Version, "color", cfg.Color, "hostname", host)
	if err := serve(ctx, newServer(h, log), ln, shutdownGrace); err != nil {
		log.Error("stopped", "error", err.Error())
		return exitFailure
	}
	log.Info("stopped")
	return exitOK
}

// complain writes err to w, a line of its own. There is nowhere to report a
// failure to write to stderr.
func complain(w io.Writer, err error) {
	_, _ = fmt.Fprintln(w, err)
}
