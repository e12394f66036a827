package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// listen returns a listener on a free loopback port.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// blockingServer serves a handler at /slow that signals entered and then
// waits for release; shutdownStarted closes when Shutdown begins.
type blockingServer struct {
	srv              *http.Server
	entered, release chan struct{}
	releaseOnce      sync.Once
	shutdownStarted  chan struct{}
}

func newBlockingServer(t *testing.T) *blockingServer {
	b := &blockingServer{entered: make(chan struct{}), release: make(chan struct{}), shutdownStarted: make(chan struct{})}
	t.Cleanup(func() { b.releaseOnce.Do(func() { close(b.release) }) }) // never leave the handler blocked
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		close(b.entered)
		<-b.release
		_, _ = io.WriteString(w, "done")
	})
	b.srv = newServer(mux, slog.New(slog.DiscardHandler))
	b.srv.RegisterOnShutdown(func() { close(b.shutdownStarted) })
	return b
}

func TestServeWaitsForRequestsInFlight(t *testing.T) {
	t.Parallel()
	b := newBlockingServer(t)
	ln := listen(t)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, b.srv, ln, time.Minute) }()

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer func() { _ = resp.Body.Close() }()
		body, err := io.ReadAll(resp.Body)
		got <- result{string(body), err}
	}()
	<-b.entered
	stop() // the stop signal arrives while /slow runs
	select {
	case <-b.shutdownStarted:
	case err := <-served:
		t.Fatalf("serve returned %v without a graceful shutdown, a request in flight", err)
	}
	select {
	case err := <-served:
		t.Fatalf("serve returned %v while a request was in flight", err)
	default:
	}
	// New connections are refused once shutdown has begun.
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		_ = c.Close()
		t.Error("the listener still accepts connections after the stop signal")
	}
	b.releaseOnce.Do(func() { close(b.release) })
	if r := <-got; r.err != nil || r.body != "done" {
		t.Errorf("request in flight = %q, %v; want it to finish with \"done\"", r.body, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("serve after a clean shutdown = %v, want nil", err)
	}
}

func TestServeGivesUpAfterGrace(t *testing.T) {
	t.Parallel()
	b := newBlockingServer(t)
	ln := listen(t)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, b.srv, ln, 10*time.Millisecond) }()
	reqDone := make(chan struct{})
	go func() {
		defer close(reqDone)
		if resp, err := http.Get("http://" + ln.Addr().String() + "/slow"); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-b.entered
	stop()
	err := <-served
	b.releaseOnce.Do(func() { close(b.release) })
	<-reqDone
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "still running") {
		t.Errorf("serve with a request outliving the grace period = %v, want a deadline error saying requests were still running", err)
	}
}

func TestServeReportsListenerFailure(t *testing.T) {
	t.Parallel()
	ln := listen(t)
	_ = ln.Close()
	err := serve(context.Background(), newServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler)), ln, time.Second)
	if err == nil || !strings.HasPrefix(err.Error(), "sampleapp: serving on ") {
		t.Errorf("serve on a closed listener = %v, want a serving error", err)
	}
}

func TestNewServerTimeouts(t *testing.T) {
	t.Parallel()
	srv := newServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 {
		t.Errorf("server timeouts = header %v, read %v, write %v; want all set", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout)
	}
	// The ALB's idle timeout is 60 s by default: the target must keep idle
	// connections open longer.
	if srv.IdleTimeout <= 60*time.Second {
		t.Errorf("IdleTimeout = %v, want more than the load balancer's 60 s", srv.IdleTimeout)
	}
	if shutdownGrace >= 30*time.Second {
		t.Errorf("shutdownGrace = %v, want less than ECS's 30 s stop timeout", shutdownGrace)
	}
}

func TestProbe(t *testing.T) {
	t.Parallel()
	status := map[string]int{"/ok": 200, "/down": 503}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	closed := listen(t)
	_ = closed.Close()
	tests := map[string]struct {
		url     string
		wantErr string
	}{
		"healthy":     {url: srv.URL + "/ok"},
		"unhealthy":   {url: srv.URL + "/down", wantErr: "503"},
		"not running": {url: "http://" + closed.Addr().String() + "/health", wantErr: "connect"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := probe(context.Background(), srv.Client(), tc.url, 5*time.Second)
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("probe(%s) = %v, want nil", tc.url, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("probe(%s) = %v, want an error with %q", tc.url, err, tc.wantErr)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
