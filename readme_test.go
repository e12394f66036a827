package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/google/go-cmp/cmp"
)

var updateReadme = flag.Bool("update", false, "rewrite the README's configuration table from Pulumi.yaml")

// configurationRegion is the README region the configuration table fills.
const configurationRegion = "configuration"

// markdownCell escapes what a table cell cannot hold as text.
var markdownCell = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")

// configurationTable renders Pulumi.yaml's keys as the README's table: key,
// type, default and description, in Pulumi.yaml's order.
func configurationTable(declared []declaredKey) string {
	var b strings.Builder
	b.WriteString("| key | type | default | description |\n|---|---|---|---|\n")
	for _, k := range declared {
		def := k.Default
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", k.Name, k.Type, def, markdownCell.Replace(strings.Join(strings.Fields(k.Description), " ")))
	}
	return b.String()
}

// TestReadmeConfiguration keeps the README's configuration table in step
// with Pulumi.yaml, which the CLI reads: `make docs` (go test . -run
// TestReadmeConfiguration -update) rewrites it.
func TestReadmeConfiguration(t *testing.T) {
	declared, err := declaredKeys()
	if err != nil {
		t.Fatal(err)
	}
	want := configurationTable(declared)
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if *updateReadme {
		out, err := docgen.ReplaceRegion(string(doc), configurationRegion, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("README.md", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := docgen.RegionContent(string(doc), configurationRegion)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimRight(want, "\n"), got); diff != "" {
		t.Errorf("README.md's %s region is out of date with Pulumi.yaml; run `make docs` (-Pulumi.yaml +README):\n%s", configurationRegion, diff)
	}
}
