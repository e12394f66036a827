package stackfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const projectFile = `name: p
runtime: go
config:
  aws:region:
    value: us-west-2
  a:
    type: integer
    default: 2
    description: The a.
  b:
    type: string
  c:
    type: array
    default: []
  d: plain
  e:
    type: object
    default: {x: 1}
`

func TestParseProject(t *testing.T) {
	t.Parallel()
	p, err := ParseProject([]byte(projectFile))
	if err != nil {
		t.Fatal(err)
	}
	want := Project{Name: "p", Keys: []Key{
		{Name: "aws:region", Value: "us-west-2", HasValue: true},
		{Name: "a", Type: "integer", Description: "The a.", Value: "2", HasValue: true},
		{Name: "b", Type: "string"},
		{Name: "c", Type: "array", Value: "[]", HasValue: true},
		{Name: "d", Value: "plain", HasValue: true},
		{Name: "e", Type: "object", Value: `{"x":1}`, HasValue: true},
	}}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("ParseProject (-want +got):\n%s", diff)
	}
	if _, err := ParseProject([]byte("config: [")); err == nil || !strings.Contains(err.Error(), "the project file Pulumi.yaml") {
		t.Errorf("bad YAML: error = %v", err)
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "Pulumi.yaml", projectFile)
	write(t, dir, "Pulumi.s.yaml", `encryptionsalt: v1:abc
config:
  aws:region: eu-west-1
  p:a: 3
  p:f: [x, "y z"]
  g: true
`)
	write(t, dir, "Pulumi.bare.yaml", "config: {}\n")
	write(t, dir, "Pulumi.secret.yaml", `config:
  p:k:
    secure: AAABAC==
`)
	s, err := Read(dir, "s")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"aws:region": "eu-west-1", "p:a": "3", "p:c": "[]", "p:d": "plain", "p:e": `{"x":1}`, "p:f": `["x","y z"]`, "p:g": "true"}
	if diff := cmp.Diff(want, s.Config); diff != "" || s.Project != "p" || s.EncryptionSalt != "v1:abc" {
		t.Errorf("project %q, salt %q, config (-want +got):\n%s", s.Project, s.EncryptionSalt, diff)
	}
	// Without the stack setting them: Pulumi.yaml's values and defaults.
	bare, err := Read(dir, "bare")
	if want := map[string]string{"aws:region": "us-west-2", "p:a": "2", "p:c": "[]", "p:d": "plain", "p:e": `{"x":1}`}; err != nil || !cmp.Equal(want, bare.Config) {
		t.Errorf("a stack that sets nothing: %v, config (-want +got):\n%s", err, cmp.Diff(want, bare.Config))
	}
	if _, err := Read(dir, "secret"); err == nil || !strings.Contains(err.Error(), "Pulumi.secret.yaml: p:k: a secret: the offline plan cannot decrypt it") {
		t.Errorf("a secret: error = %v", err)
	}
	if _, err := Read(dir, "none"); err == nil || !strings.Contains(err.Error(), `stack "none": no Pulumi.none.yaml; the stacks are bare, s, secret`) {
		t.Errorf("a missing stack: error = %v", err)
	}
	write(t, dir, "Pulumi.yaml", "runtime: go\n")
	if _, err := Read(dir, "s"); err == nil || !strings.Contains(err.Error(), "has no name") {
		t.Errorf("a project without a name: error = %v", err)
	}
}
