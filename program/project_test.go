package program

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// The project file and the README's configuration table, generated from
// the keys' bindings (config.go): `make docs` (go test ./program -run
// 'TestProjectFileDefaults|TestReadmeConfiguration' -update) rewrites both.

var update = flag.Bool("update", false, "rewrite Pulumi.yaml's defaults and the README's configuration table from the keys' bindings")

// projectKeys returns the keys Pulumi.yaml declares, in its order.
func projectKeys(t *testing.T) []stackfile.Key {
	t.Helper()
	b, err := os.ReadFile(root + "/Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := stackfile.ParseProject(b)
	if err != nil {
		t.Fatal(err)
	}
	return p.Keys
}

// declaredDefault is what Pulumi.yaml declares as a key's default: the
// binding's, or "" where "" means the default.
func declaredDefault(b binding) string {
	if b.emptyIsDefault() {
		return ""
	}
	return formatDefault(b.def)
}

// yamlScalar writes a default as Pulumi.yaml holds it.
func yamlScalar(b binding) string {
	var v any = declaredDefault(b)
	if !b.emptyIsDefault() {
		v = b.def
	}
	out, _ := yaml.Marshal(v) // plain values always marshal
	return strings.TrimSpace(string(out))
}

// withDefaults rewrites Pulumi.yaml's default: lines from the bindings.
func withDefaults(project string) string {
	byKey := map[string]binding{}
	for _, b := range keys {
		byKey[b.key] = b
	}
	keyLine := regexp.MustCompile(`^  ([A-Za-z0-9]+):\s*$`)
	lines := strings.Split(project, "\n")
	current := ""
	for i, l := range lines {
		if m := keyLine.FindStringSubmatch(l); m != nil {
			current = m[1]
			continue
		}
		if b, ok := byKey[current]; ok && strings.HasPrefix(l, "    default:") {
			lines[i] = "    default: " + yamlScalar(b)
		}
	}
	return strings.Join(lines, "\n")
}

// TestProjectFileDefaults: Pulumi.yaml's defaults, which the CLI passes to
// the program for a key the stack does not set, are the bindings'. The CLI
// makes a key declared without a default required in every stack, so each
// key declares one, generated.
func TestProjectFileDefaults(t *testing.T) {
	b, err := os.ReadFile(root + "/Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(root+"/Pulumi.yaml", []byte(withDefaults(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	declared := map[string]stackfile.Key{}
	for _, k := range projectKeys(t) {
		declared[k.Name] = k
	}
	for _, b := range keys {
		k, ok := declared[b.key]
		switch {
		case !ok:
			t.Errorf("Pulumi.yaml does not declare %s", b.key)
		case !k.HasValue:
			t.Errorf("Pulumi.yaml: %s has no default: the CLI would make it required in every stack; run `make docs`", b.key)
		case k.Value != declaredDefault(b):
			t.Errorf("Pulumi.yaml: %s defaults to %q, its binding to %q; run `make docs`", b.key, k.Value, declaredDefault(b))
		}
	}
}

// configurationRegion is the README region the configuration table fills.
const configurationRegion = "configuration"

// markdownCell escapes what a table cell cannot hold as text.
var markdownCell = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")

// fixSuffix is the fix a configuration error ends with
// (argcheck.FixCommand).
var fixSuffix = regexp.MustCompile(`; (for example: |then: |remove it from ).*$`)

// allowedRange returns the range the components allow for an integer key,
// as they word it when a value is below it: "2 to 8 zones". "" for other
// keys, and for rules that are no plain range.
func allowedRange(b binding) string {
	t := reflect.TypeOf(b.fields(&stackConfig{})[0]).Elem()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Int {
		return ""
	}
	// A value far below any range; a key whose value sets another field
	// (azCount sets the zones) reports that field's value.
	const probe = "-1000000"
	_, err := loadConfig(source(map[string]string{b.key: probe}))
	if err == nil {
		return ""
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if _, rest, ok := strings.Cut(line, " is out of range: use "); ok && strings.HasPrefix(line, b.key+": ") {
			return fixSuffix.ReplaceAllString(rest, "")
		}
	}
	return ""
}

// configurationTable renders the keys as the README's table: key, type and
// description from Pulumi.yaml, the default from the key's binding, and the
// range from the components' rules.
func configurationTable(t *testing.T) string {
	described := map[string]stackfile.Key{}
	for _, k := range projectKeys(t) {
		described[k.Name] = k
	}
	var b strings.Builder
	b.WriteString("| key | type | default | range | description |\n|---|---|---|---|---|\n")
	for _, k := range keys {
		d := described[k.key]
		def := formatDefault(k.def)
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", k.key, d.Type, def, markdownCell.Replace(allowedRange(k)),
			markdownCell.Replace(strings.Join(strings.Fields(d.Description), " ")))
	}
	return b.String()
}

// TestReadmeConfiguration keeps the README's configuration table in step
// with the keys: `make docs` rewrites it.
func TestReadmeConfiguration(t *testing.T) {
	want := configurationTable(t)
	doc, err := os.ReadFile(root + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		out, err := docgen.ReplaceRegion(string(doc), configurationRegion, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(root+"/README.md", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := docgen.RegionContent(string(doc), configurationRegion)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimRight(want, "\n"), got); diff != "" {
		t.Errorf("README.md's %s region is out of date with the keys; run `make docs` (-keys +README):\n%s", configurationRegion, diff)
	}
}
