package release

import (
	"flag"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// commandDoc is the release command's user documentation, the package doc
// of cmd/release that `go doc ./cmd/release` shows.
const commandDoc = "../../cmd/release/doc.go"

// docSection is the text of doc.go's "# title" section.
func docSection(t *testing.T, doc, title string) string {
	t.Helper()
	start := strings.Index(doc, "// # "+title+"\n")
	if start < 0 {
		t.Fatalf("doc.go has no section %q", title)
	}
	rest := doc[start+len("// # "+title+"\n"):]
	if end := strings.Index(rest, "\n// # "); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// jsonFields are the JSON names of a struct's fields, embedded structs
// flattened.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// `go doc ./cmd/release` (commandDoc) documents every command, flag, event type and
// field, verify check and exit status; --help names every flag.
func TestCommandDocumentation(t *testing.T) {
	data, err := os.ReadFile(commandDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)

	for _, c := range commands {
		if c != "release" && !strings.Contains(doc, "release "+c) {
			t.Errorf("doc.go does not show command %q", c)
		}
		if c != "release" && !strings.Contains(usage, "release "+c) {
			t.Errorf("--help does not show command %q", c)
		}
		o := options{command: c}
		flagSet(&o, io.Discard).VisitAll(func(f *flag.Flag) {
			if !strings.Contains(doc, "--"+f.Name) {
				t.Errorf("doc.go does not document --%s (of %s)", f.Name, c)
			}
			if !strings.Contains(usage, "--"+f.Name) {
				t.Errorf("--help does not name --%s (of %s)", f.Name, c)
			}
		})
	}

	exits := docSection(t, doc, "Exit status")
	for _, code := range []int{exitOK, exitFailed, exitUsage, exitInFlight, exitError, exitTimedOut, exitVerify, exitValidation, exitInterrupted} {
		if !strings.Contains(exits, "\n//\t"+strconv.Itoa(code)+" ") {
			t.Errorf("doc.go's exit statuses lack %d", code)
		}
		if !strings.Contains(usage, strconv.Itoa(code)+" ") {
			t.Errorf("--help's exit statuses lack %d", code)
		}
	}

	verify := docSection(t, doc, "Verify")
	for _, name := range Checks {
		if !strings.Contains(verify, "\n//\t"+name+" ") {
			t.Errorf("doc.go's Verify does not describe check %q", name)
		}
	}

	stream := docSection(t, doc, "Event stream")
	lines := strings.Split(stream, "\n")
	for _, e := range EventTypes() {
		// The event's entry: its line and the indented lines after it.
		var entry strings.Builder
		for i, l := range lines {
			if !strings.HasPrefix(l, "//\t"+e.Type()+" ") {
				continue
			}
			entry.WriteString(l)
			for _, more := range lines[i+1:] {
				if !strings.HasPrefix(more, "//\t ") {
					break
				}
				entry.WriteString(more)
			}
		}
		if entry.Len() == 0 {
			t.Errorf("doc.go's Event stream does not describe type %q", e.Type())
			continue
		}
		for _, field := range jsonFields(reflect.TypeOf(e)) {
			if !strings.Contains(entry.String(), field) {
				t.Errorf("doc.go's %q event does not name field %q", e.Type(), field)
			}
		}
	}
}
