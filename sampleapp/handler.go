package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
)

// info is what a response says about the task that served it.
type info struct {
	Version  string `json:"version"`
	Color    string `json:"color"`
	Hostname string `json:"hostname"`
}

// pageTemplate is the page at /. html/template escapes every value for its
// context, the colour included (it sits in a CSS context).
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sampleapp {{.Version}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; }
header { background: {{.Color}}; height: 3rem; }
main { padding: 2rem; }
</style>
</head>
<body>
<header></header>
<main>
<h1>sampleapp</h1>
<p>version <strong id="version">{{.Version}}</strong>, colour <strong id="color">{{.Color}}</strong></p>
<p>served by <code id="hostname">{{.Hostname}}</code></p>
</main>
</body>
</html>
`))

// newHandler returns the service's routes. The page and the JSON are
// rendered once: nothing in them changes while the process runs.
func newHandler(in info) (http.Handler, error) {
	var page bytes.Buffer
	if err := pageTemplate.Execute(&page, in); err != nil {
		return nil, fmt.Errorf("sampleapp: rendering the page: %w", err)
	}
	version, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("sampleapp: rendering /version: %w", err)
	}
	version = append(version, '\n')

	mux := http.NewServeMux()
	// GET patterns also answer HEAD; other methods get 405 with an Allow
	// header, unknown paths 404.
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		write(w, "text/plain; charset=utf-8", []byte("ok\n"))
	})
	mux.HandleFunc("GET /version", func(w http.ResponseWriter, _ *http.Request) {
		write(w, "application/json", version)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		write(w, "text/html; charset=utf-8", page.Bytes())
	})
	return withHeaders(mux), nil
}

// write sends a 200 response with body. A write error means the client has
// gone: there is no one left to tell.
func write(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}

// withHeaders sets the headers every response carries: nothing is cached
// (during a blue/green shift each request shows which version served it),
// content types are not sniffed, and the page may load nothing but its own
// inline style.
func withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}
