package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustHandler(t *testing.T, in info) http.Handler {
	t.Helper()
	h, err := newHandler(in)
	if err != nil {
		t.Fatalf("newHandler(%+v): %v", in, err)
	}
	return h
}

func TestHandlerRoutes(t *testing.T) {
	t.Parallel()
	h := mustHandler(t, info{Version: "1.4.2", Color: "green", Hostname: "ip-10-0-1-17"})
	tests := map[string]struct {
		method, path string
		wantStatus   int
		wantType     string
		wantBody     []string // substrings
	}{
		"health":              {method: "GET", path: "/health", wantStatus: 200, wantType: "text/plain; charset=utf-8", wantBody: []string{"ok\n"}},
		"health HEAD":         {method: "HEAD", path: "/health", wantStatus: 200, wantType: "text/plain; charset=utf-8"},
		"health POST":         {method: "POST", path: "/health", wantStatus: 405},
		"page":                {method: "GET", path: "/", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: []string{`id="version">1.4.2<`, `id="color">green<`, `id="hostname">ip-10-0-1-17<`, "background: green;"}},
		"version":             {method: "GET", path: "/version", wantStatus: 200, wantType: "application/json", wantBody: []string{`"version":"1.4.2"`}},
		"unknown path":        {method: "GET", path: "/admin", wantStatus: 404},
		"page is only root":   {method: "GET", path: "/index.html", wantStatus: 404},
		"version DELETE":      {method: "DELETE", path: "/version", wantStatus: 405},
		"health with a query": {method: "GET", path: "/health?probe=alb", wantStatus: 200, wantBody: []string{"ok"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.wantStatus {
				t.Fatalf("%s %s = %d, want %d (body %q)", tc.method, tc.path, res.StatusCode, tc.wantStatus, body)
			}
			if tc.wantType != "" {
				if got := res.Header.Get("Content-Type"); got != tc.wantType {
					t.Errorf("%s %s Content-Type = %q, want %q", tc.method, tc.path, got, tc.wantType)
				}
			}
			for _, w := range tc.wantBody {
				if !strings.Contains(string(body), w) {
					t.Errorf("%s %s body lacks %q:\n%s", tc.method, tc.path, w, body)
				}
			}
			// Every response, errors included, is never cached.
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s %s Cache-Control = %q, want no-store", tc.method, tc.path, got)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s %s X-Content-Type-Options = %q, want nosniff", tc.method, tc.path, got)
			}
		})
	}
}

func TestHandlerVersionJSON(t *testing.T) {
	t.Parallel()
	want := info{Version: "2.0.0-rc.1", Color: "#1e90ff", Hostname: "a1b2c3d4e5f6"}
	rec := httptest.NewRecorder()
	mustHandler(t, want).ServeHTTP(rec, httptest.NewRequest("GET", "/version", nil))
	var got map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("/version is not JSON: %v: %q", err, rec.Body)
	}
	wantMap := map[string]string{"version": want.Version, "color": want.Color, "hostname": want.Hostname}
	if diff := cmp.Diff(wantMap, got); diff != "" {
		t.Errorf("/version (-want +got):\n%s", diff)
	}
}

func TestHandlerPageEscapes(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	mustHandler(t, info{Version: `<script>alert(1)</script>`, Color: "#0f0", Hostname: `"host"&`}).
		ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	for _, bad := range []string{"<script>", `"host"&`} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q unescaped:\n%s", bad, body)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "background: #0f0;"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
}
