package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server timeouts. IdleTimeout exceeds the Application Load Balancer's
// default idle timeout (60 s): the load balancer, not the target, must be
// the one to close an idle keep-alive connection, or a request it sends on a
// connection the target has just closed fails with a 502.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 15 * time.Second
	idleTimeout       = 75 * time.Second
	maxHeaderBytes    = 64 << 10

	// shutdownGrace is how long requests in flight may take to finish after
	// SIGTERM: less than ECS's default stop timeout (30 s), after which the
	// agent sends SIGKILL.
	shutdownGrace = 20 * time.Second
)

// newServer returns an HTTP server for h with the timeouts above, logging
// its errors (TLS handshakes, panics in handlers) to log.
func newServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve serves srv on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections, closes idle ones and waits up to grace for
// requests in flight. It returns nil after a clean shutdown, and an error
// when serving fails or requests were still running after grace (their
// connections are then closed).
func serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("sampleapp: serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}

	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(shutdown); err != nil {
		errs = append(errs, fmt.Errorf("sampleapp: requests still running %s after the stop signal: %w", grace, err), srv.Close())
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, fmt.Errorf("sampleapp: serving on %s: %w", ln.Addr(), err))
	}
	return errors.Join(errs...)
}

// probe asks url (the server's /health) once and reports whether it
// answered 200 within timeout.
func probe(ctx context.Context, client *http.Client, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("sampleapp: health check: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("sampleapp: health check: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("sampleapp: health check: %s answered %s", url, resp.Status)
	}
	return nil
}
