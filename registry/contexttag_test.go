package registry

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// sampleContext is a small build context.
func sampleContext() fstest.MapFS {
	return fstest.MapFS{
		"Dockerfile":    {Data: []byte("FROM scratch\nCOPY app /app\n"), Mode: 0o644},
		"main.go":       {Data: []byte("package main\n"), Mode: 0o644},
		"cmd/run.sh":    {Data: []byte("#!/bin/sh\n"), Mode: 0o755},
		".dockerignore": {Data: []byte("*_test.go\n"), Mode: 0o644},
	}
}

func mustContextTag(t *testing.T, fsys fs.FS) string {
	t.Helper()
	tag, err := ContextTag(fsys)
	if err != nil {
		t.Fatalf("ContextTag: %v", err)
	}
	return tag
}

func TestContextTagShape(t *testing.T) {
	t.Parallel()
	tag := mustContextTag(t, sampleContext())
	if !regexp.MustCompile(`^ctx-[0-9a-f]{20}$`).MatchString(tag) {
		t.Errorf("ContextTag = %q, want ctx- and 20 hex digits", tag)
	}
	if !imageTagPattern.MatchString(tag) {
		t.Errorf("ContextTag = %q is not a valid image tag", tag)
	}
}

func TestContextTagChangesWithContent(t *testing.T) {
	t.Parallel()
	base := mustContextTag(t, sampleContext())
	tests := map[string]struct {
		change   func(fstest.MapFS)
		wantSame bool
	}{
		"nothing changes": {change: func(fstest.MapFS) {}, wantSame: true},
		"modification time only": {
			change:   func(m fstest.MapFS) { m["main.go"].ModTime = time.Unix(1e9, 0) },
			wantSame: true,
		},
		"an empty directory added": {
			change:   func(m fstest.MapFS) { m["empty"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755} },
			wantSame: true,
		},
		"a source changes":       {change: func(m fstest.MapFS) { m["main.go"].Data = []byte("package main // v2\n") }},
		"the Dockerfile changes": {change: func(m fstest.MapFS) { m["Dockerfile"].Data = []byte("FROM scratch\n") }},
		"a file is added":        {change: func(m fstest.MapFS) { m["README"] = &fstest.MapFile{Data: []byte("x"), Mode: 0o644} }},
		"a file is removed":      {change: func(m fstest.MapFS) { delete(m, ".dockerignore") }},
		"a file is renamed": {change: func(m fstest.MapFS) {
			m["server.go"] = m["main.go"]
			delete(m, "main.go")
		}},
		"a file becomes executable": {change: func(m fstest.MapFS) { m["main.go"].Mode = 0o755 }},
		"content moves between files": {change: func(m fstest.MapFS) {
			m["main.go"].Data, m["Dockerfile"].Data = m["Dockerfile"].Data, m["main.go"].Data
		}},
		"a link is added": {change: func(m fstest.MapFS) {
			m["link"] = &fstest.MapFile{Data: []byte("main.go"), Mode: fs.ModeSymlink | 0o777}
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := sampleContext()
			tc.change(m)
			got := mustContextTag(t, m)
			if same := got == base; same != tc.wantSame {
				t.Errorf("ContextTag after %s = %q, before %q: same = %v, want %v", name, got, base, same, tc.wantSame)
			}
		})
	}
}

func TestContextTagLinkTargets(t *testing.T) {
	t.Parallel()
	link := func(target string) fstest.MapFS {
		m := sampleContext()
		m["link"] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777}
		return m
	}
	if a, b := mustContextTag(t, link("main.go")), mustContextTag(t, link("Dockerfile")); a == b {
		t.Errorf("links to different targets give the same tag %q", a)
	}
}

func TestContextTagRefusesIrregularFiles(t *testing.T) {
	t.Parallel()
	m := sampleContext()
	m["docker.sock"] = &fstest.MapFile{Mode: fs.ModeSocket | 0o600}
	_, err := ContextTag(m)
	if err == nil || !strings.Contains(err.Error(), "docker.sock is not a regular file") {
		t.Errorf("ContextTag with a socket = %v, want an error naming it", err)
	}
}

// TestContextTagOnDisk reads a real directory, links included, the way
// NewRepository does.
func TestContextTagOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("Dockerfile", "FROM scratch\n", 0o644)
	write("src/main.go", "package main\n", 0o644)
	if err := os.Symlink("src/main.go", filepath.Join(dir, "main.go")); err != nil {
		t.Fatal(err)
	}
	before := mustContextTag(t, os.DirFS(dir))
	if again := mustContextTag(t, os.DirFS(dir)); again != before {
		t.Errorf("ContextTag of an unchanged directory: %q, then %q", before, again)
	}
	write("src/main.go", "package main // changed\n", 0o644)
	if after := mustContextTag(t, os.DirFS(dir)); after == before {
		t.Errorf("ContextTag = %q before and after a source changed", after)
	}
}
