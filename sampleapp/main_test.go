package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// testEnv is a processEnv whose Listen opens a loopback port and reports
// the listener on listened.
func testEnv(vars map[string]string, stdout, stderr io.Writer) (processEnv, chan net.Listener) {
	listened := make(chan net.Listener, 1)
	return processEnv{
		Getenv:   func(k string) string { return vars[k] },
		Hostname: func() (string, error) { return "task-host", nil },
		Listen: func(network, _ string) (net.Listener, error) {
			ln, err := net.Listen(network, "127.0.0.1:0")
			if err == nil {
				listened <- ln
			}
			return ln, err
		},
		Stdout: stdout,
		Stderr: stderr,
	}, listened
}

func TestRunServesUntilStopped(t *testing.T) {
	t.Parallel()
	var stdout, stderr syncBuffer
	env, listened := testEnv(map[string]string{"VERSION": "7", "COLOR": "green"}, &stdout, &stderr)
	ctx, stop := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- run(ctx, nil, env) }()
	var base string
	select {
	case ln := <-listened:
		base = "http://" + ln.Addr().String()
	case c := <-code:
		t.Fatalf("run exited with %d before listening; stderr %q, log %q", c, stderr.String(), stdout.String())
	}

	resp, err := http.Get(base + "/version")
	if err != nil {
		t.Fatal(err)
	}
	var got info
	err = json.NewDecoder(resp.Body).Decode(&got)
	_ = resp.Body.Close()
	if err != nil || got != (info{Version: "7", Color: "green", Hostname: "task-host"}) {
		t.Errorf("GET /version = %+v, %v; want version 7, green, task-host", got, err)
	}
	head, err := http.Head(base + "/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(head.Body)
	_ = head.Body.Close()
	if head.StatusCode != 200 || len(body) != 0 {
		t.Errorf("HEAD /health = %d with %d body bytes, want 200 and none", head.StatusCode, len(body))
	}

	stop()
	if c := <-code; c != exitOK {
		t.Errorf("run after the stop signal = %d, want %d; log %q", c, exitOK, stdout.String())
	}
	log := stdout.String()
	for _, want := range []string{`"msg":"listening"`, `"version":"7"`, `"msg":"stopped"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args       []string
		vars       map[string]string
		wantStderr string
	}{
		"bad port":       {vars: map[string]string{"PORT": "eighty"}, wantStderr: `PORT "eighty"`},
		"unknown flag":   {args: []string{"-verbose"}, wantStderr: "-verbose"},
		"stray argument": {args: []string{"serve"}, wantStderr: `unexpected arguments ["serve"]`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr syncBuffer
			env, listened := testEnv(tc.vars, &stdout, &stderr)
			// Already stopped: should run wrongly start serving, it returns
			// at once instead of hanging the test.
			ctx, stop := context.WithCancel(context.Background())
			stop()
			if c := run(ctx, tc.args, env); c != exitUsage {
				t.Errorf("run = %d, want %d", c, exitUsage)
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.wantStderr)
			}
			if len(listened) != 0 {
				t.Error("run listened despite bad input")
			}
		})
	}
}

func TestRunListenFailure(t *testing.T) {
	t.Parallel()
	var stdout, stderr syncBuffer
	env, _ := testEnv(nil, &stdout, &stderr)
	env.Listen = func(string, string) (net.Listener, error) { return nil, errors.New("address already in use") }
	if c := run(context.Background(), nil, env); c != exitFailure {
		t.Errorf("run = %d, want %d", c, exitFailure)
	}
	if log := stdout.String(); !strings.Contains(log, "address already in use") || !strings.Contains(log, `"address":":8080"`) {
		t.Errorf("log does not say what failed where: %s", log)
	}
}

func TestRunHealthcheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		want   int
	}{{200, exitOK}, {503, exitFailure}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/health" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(tc.status)
		}))
		u, _ := url.Parse(srv.URL)
		var stdout, stderr syncBuffer
		env, listened := testEnv(map[string]string{"PORT": u.Port()}, &stdout, &stderr)
		if c := run(context.Background(), []string{"-healthcheck"}, env); c != tc.want {
			t.Errorf("-healthcheck against a server answering %d = %d, want %d (stderr %q)", tc.status, c, tc.want, stderr.String())
		}
		if len(listened) != 0 {
			t.Error("-healthcheck started a server")
		}
		srv.Close()
	}
}
