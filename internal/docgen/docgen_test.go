package docgen

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the READMEs' generated regions from the code")

// root is the module's directory, from this package's.
const root = "../.."

// TestReadmeComponentReference keeps each package's README (usage and
// Inputs and Outputs tables) in step with the package's source and
// examples. After changing an Args field, an output, an example or their
// godoc, run `make docs` (go test ./internal/docgen -run TestReadme
// -update), which also writes the README of a package that has none.
func TestReadmeComponentReference(t *testing.T) {
	ps, err := LoadPackages(root, Packages)
	if err != nil {
		t.Fatal(err)
	}
	module, err := ModulePath(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		checkRegion(t, filepath.Join(root, p.Dir, ReadmeFile), Region, PackageMarkdown(p, module), PackageReadme(p, module))
	}
}

// TestReadmePackageIndex keeps the top-level README's list of the
// packages in step with Packages and the packages' synopses.
func TestReadmePackageIndex(t *testing.T) {
	ps, err := LoadPackages(root, Packages)
	if err != nil {
		t.Fatal(err)
	}
	checkRegion(t, filepath.Join(root, "README.md"), IndexRegion, Index(ps), "")
}

// checkRegion compares the named region of the file at path with want,
// or with -update rewrites it; a missing file is written as newFile when
// that is not empty.
func checkRegion(t *testing.T, path, region, want, newFile string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && *update && newFile != "" {
		if err := os.WriteFile(path, []byte(newFile), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v; run `make docs`", err)
	}
	if *update {
		out, err := ReplaceRegion(string(doc), region, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := RegionContent(string(doc), region)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(strings.Split(strings.TrimRight(want, "\n"), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("%s's %s region is out of date with the code; run `make docs` (-from code +README):\n%s", path, region, diff)
	}
}

// TestComponentsAreComplete checks what the READMEs rely on: every package
// declares the components Packages lists, each with its type token
// constant, constructor, Args type and an example of its constructor,
// every Args field and output is documented, and the outputs registered
// are the fields' pulumi tags.
func TestComponentsAreComplete(t *testing.T) {
	ps, err := LoadPackages(root, Packages)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		var got []string
		for _, c := range p.Components {
			got = append(got, c.Name)
			if !slices.ContainsFunc(p.Examples, func(e Example) bool { return strings.HasPrefix(e.Name+"_", "ExampleNew"+c.Name+"_") }) {
				t.Errorf("%s.%s: no ExampleNew%s in %s's tests for its README's usage", p.Name, c.Name, c.Name, p.Dir)
			}
		}
		if diff := cmp.Diff(Packages[i].Components, got); diff != "" {
			t.Errorf("components in %s/ (-Packages +found):\n%s", p.Dir, diff)
		}
		if p.Synopsis == "" {
			t.Errorf("%s: no package doc", p.Dir)
		}
		if err := Problems(p.Components); err != nil {
			t.Error(err)
		}
	}
}

// TestDocsLinksResolve: every relative link of the top-level README, the
// packages' READMEs, examples/README.md and docs/*.md names a file or
// directory of the repository.
func TestDocsLinksResolve(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "README.md"), filepath.Join(root, "examples", "README.md"))
	for _, p := range Packages {
		files = append(files, filepath.Join(root, p.Dir, ReadmeFile))
	}
	top, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, target := range relativeLinks(string(b)) {
			checked++
			path, err := filepath.Abs(filepath.Join(filepath.Dir(f), target))
			if err != nil {
				t.Fatal(err)
			}
			if rel, err := filepath.Rel(top, path); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
				t.Errorf("%s links %q, outside the repository", f, target)
				continue
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s links %q, which does not exist", f, target)
			}
		}
	}
	if checked == 0 {
		t.Error("no relative link found: relativeLinks finds none")
	}
}

func TestRelativeLinks(t *testing.T) {
	t.Parallel()
	doc := "See [a](docs/a.md), [b](../b.md#part) and [c](https://example.com/c), [d](#anchor), " +
		"[e](mailto:x@example.com), ![img](img/x.png \"title\"), `[f](not/a/link.md)` and\n```sh\n[g](not/either.md)\n```\n"
	want := []string{"docs/a.md", "../b.md", "img/x.png"}
	if diff := cmp.Diff(want, relativeLinks(doc)); diff != "" {
		t.Errorf("RelativeLinks (-want +got):\n%s", diff)
	}
}

func TestLoadFixture(t *testing.T) {
	t.Parallel()
	cs, err := Load("testdata", "widget")
	if err != nil {
		t.Fatal(err)
	}
	want := []Component{
		{
			Package: "widget", Name: "Gadget",
			Doc:     "Gadget is a component with nothing around it: no token, constructor or Args, and an undocumented, untagged output.",
			Outputs: []Output{{Name: "Out", Type: "pulumi.StringOutput"}},
		},
		{
			Package: "widget", Name: "Widget",
			Doc:         "Widget is a fixture component.\n\nIt has a second paragraph with <angle> brackets.",
			TypeToken:   "ecs-bluegreen:widget:Widget",
			Constructor: "NewWidget",
			ArgsType:    "WidgetArgs",
			Inputs: []Input{
				{Name: "Name", Type: "string", Required: true, Doc: "Name names the widget."},
				{Name: "Size", Type: "int", Default: "DefaultSize (3)", Doc: "Size is the widget's size, 1 to 9."},
				{Name: "Color", Type: "string", Default: `DefaultColor ("blue", the house color)`, Doc: "Color is the widget's color. It shows in the UI."},
				{Name: "Delay", Type: "int", Default: "DefaultSize (3; AWS's is 5)", Doc: "Delay is how long it waits, in seconds. Zero means the default, DefaultSize (3; AWS's is 5); a negative value means none."},
				{Name: "Parent", Type: "pulumi.StringInput", Required: true, Doc: "Parent is the widget's parent, a|b. Required."},
			},
			Outputs: []Output{
				{Name: "ID", Key: "id", Type: "pulumi.StringOutput", Doc: "ID is the widget's id."},
				{Name: "Sizes", Key: "sizes", Type: "pulumi.IntArrayOutput", Doc: "Sizes are 2*Size values."},
			},
			Registered: []string{"id", "sizes"},
		},
	}
	if diff := cmp.Diff(want, cs); diff != "" {
		t.Errorf("Load(testdata, widget) (-want +got):\n%s", diff)
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	cs, err := Load("testdata", "widget")
	if err != nil {
		t.Fatal(err)
	}
	err = Problems(cs)
	if err == nil {
		t.Fatal("Problems(fixture) = nil, want the Gadget's problems")
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{
		`widget.Gadget: type token constant GadgetType is "", want "ecs-bluegreen:widget:Gadget"`,
		"widget.Gadget: no constructor NewGadget",
		"widget.Gadget: no GadgetArgs struct",
		"widget.Gadget: output Out has no doc comment",
		"widget.Gadget: output Out has no pulumi tag",
		`widget.Gadget: outputs tagged [""] but NewGadget registers []`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}

	// The widget alone is complete; registering another key than its tags
	// is a problem.
	w := cs[1]
	if err := Problems([]Component{w}); err != nil {
		t.Errorf("Problems(Widget) = %v, want nil", err)
	}
	w.Registered = []string{"id", "size"}
	if err := Problems([]Component{w}); err == nil || !strings.Contains(err.Error(), `registers ["id" "size"]`) {
		t.Errorf("Problems(Widget registering size) = %v, want the mismatch", err)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	t.Parallel()
	cs, err := Load("testdata", "widget")
	if err != nil {
		t.Fatal(err)
	}
	md := reference(cs[1:], "##")
	for _, want := range []string{
		"## `widget.Widget`",
		"It has a second paragraph with &lt;angle&gt; brackets.",
		"Constructor: `widget.NewWidget(ctx, name, &widget.WidgetArgs{...}, opts...)`. Type token: `ecs-bluegreen:widget:Widget`.",
		"| `Parent` | `pulumi.StringInput` | — | yes | Parent is the widget's parent, a\\|b. Required. |",
		"| `Size` | `int` | DefaultSize (3) | no | Size is the widget's size, 1 to 9. |",
		"| `Sizes` | `sizes` | `pulumi.IntArrayOutput` | Sizes are 2\\*Size values. |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("reference lacks %q; got:\n%s", want, md)
		}
	}
}

func TestSplitDefault(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		text, def, rest string
	}{
		"none":              {"Tags are tags.", "", "Tags are tags."},
		"last sentence":     {"Size is big. Default: 3.", "3", "Size is big."},
		"middle":            {"A is a. Default: off. Changing it replaces it.", "off", "A is a. Changing it replaces it."},
		"dotted value":      {"Type is t. Default: t3.small, 2 vCPU. More.", "t3.small, 2 vCPU", "Type is t. More."},
		"e.g. inside":       {"X. Default: a port, e.g. 80. Y.", "a port, e.g. 80", "X. Y."},
		"no final period":   {"X. Default: none", "none", "X."},
		"zero means":        {"D. Zero means the default, Def (30; AWS's is 300); negative is none.", "Def (30; AWS's is 300)", "D. Zero means the default, Def (30; AWS's is 300); negative is none."},
		"nil means":         {"W. nil means DefaultWait; new(0) is none.", "DefaultWait", "W. nil means DefaultWait; new(0) is none."},
		"nil means to end.": {"W. nil means DefaultWait.", "DefaultWait", "W. nil means DefaultWait."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			def, rest := splitDefault(tc.text)
			if def != tc.def || rest != tc.rest {
				t.Errorf("splitDefault(%q) = %q, %q; want %q, %q", tc.text, def, rest, tc.def, tc.rest)
			}
		})
	}
}

func TestRequiredByTypeDoc(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		doc  string
		want []string
	}{
		"list":         {"XArgs configures NewX. VPCID, VPCCIDR and SubnetIDs are required; the zero value of every other field is a working default.", []string{"VPCID", "VPCCIDR", "SubnetIDs"}},
		"one":          {"XArgs configures NewX. Image is required.", []string{"Image"}},
		"but":          {"VPCArgs configures NewVPC. The zero value of every field but AvailabilityZones is a working default.", []string{"AvailabilityZones"}},
		"except":       {"The Inputs come from the cluster; all are required except TestListenerARN.", nil},
		"nothing":      {"RolesArgs configures NewRoles. Its zero value is a working default.", nil},
		"across lines": {"XArgs configures NewX. A and\nB are required.", []string{"A", "B"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := requiredByTypeDoc(tc.doc)
			// "XArgs configures NewX" is its own sentence: only the sentence
			// saying "required" counts.
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("requiredByTypeDoc(%q) (-want +got):\n%s", tc.doc, diff)
			}
		})
	}
}

func TestPulumiTag(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]string{
		`pulumi:"vpcId"`:                 "vpcId",
		`json:"x" pulumi:"vpcId"`:        "vpcId",
		`pulumi:"vpcId,optional"`:        "vpcId",
		`json:"vpcId"`:                   "",
		``:                               "",
		`pulumi:"unterminated`:           "",
		`pulumixyz:"a" pulumi:"b"`:       "b",
		`json:"a,omitempty"  pulumi:"b"`: "b",
	} {
		if got := pulumiTag(tag); got != want {
			t.Errorf("pulumiTag(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestReplaceRegion(t *testing.T) {
	t.Parallel()
	const doc = "# T\n\n<!-- BEGIN GENERATED: r (make r) -->\nold\n<!-- END GENERATED: r -->\ntail\n"
	got, err := ReplaceRegion(doc, "r", "new\nlines\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# T\n\n<!-- BEGIN GENERATED: r (make r) -->\nnew\nlines\n<!-- END GENERATED: r -->\ntail\n"
	if got != want {
		t.Errorf("ReplaceRegion = %q, want %q", got, want)
	}
	if c, err := RegionContent(got, "r"); err != nil || c != "new\nlines" {
		t.Errorf("RegionContent = %q, %v; want %q", c, err, "new\nlines")
	}
	// Empty regions, as the README starts with, work too.
	empty := "<!-- BEGIN GENERATED: r -->\n<!-- END GENERATED: r -->\n"
	if c, err := RegionContent(empty, "r"); err != nil || c != "" {
		t.Errorf("RegionContent(empty) = %q, %v", c, err)
	}

	for name, bad := range map[string]string{
		"no markers":       "# T\n",
		"no end":           "<!-- BEGIN GENERATED: r -->\nx\n",
		"end first":        "<!-- END GENERATED: r -->\n<!-- BEGIN GENERATED: r -->\n",
		"two begins":       "<!-- BEGIN GENERATED: r -->\n<!-- BEGIN GENERATED: r -->\n<!-- END GENERATED: r -->\n",
		"longer name only": "<!-- BEGIN GENERATED: r-old -->\n<!-- END GENERATED: r -->\n",
		"unclosed":         "<!-- BEGIN GENERATED: r \n<!-- END GENERATED: r",
	} {
		if _, err := ReplaceRegion(bad, "r", "x"); err == nil {
			t.Errorf("ReplaceRegion(%s) = nil error, want one", name)
		}
	}
}

func TestLoadPackagesFixture(t *testing.T) {
	t.Parallel()
	ps, err := LoadPackages("testdata", []Package{{"widget", []string{"Gadget", "Widget"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("LoadPackages = %d packages, want 1", len(ps))
	}
	p := ps[0]
	if p.Name != "widget" || p.Dir != "widget" || p.Synopsis != "Package widget is a fixture for docgen's tests: it is parsed, never built." {
		t.Errorf("LoadPackages: name %q, dir %q, synopsis %q", p.Name, p.Dir, p.Synopsis)
	}
	want := []Example{
		{Name: "ExampleNewWidget_blue", File: "widget_test.go", Doc: "Makes a blue widget.", Code: "func program(ctx *pulumi.Context) error {\n" +
			"\t// A comment stays.\n\tw, err := widget.NewWidget(ctx, \"w\", &widget.WidgetArgs{\n\t\tName: \"w\",\n\t})\n" +
			"\tif err != nil {\n\t\treturn err\n\t}\n\n\tctx.Export(\"id\", w.ID)\n\treturn nil\n}"},
		{Name: "ExampleNewWidget", File: "widget_test.go", Code: "func example() {\n\tfmt.Println(widget.DefaultSize)\n\t// Output: 3\n}"},
	}
	if diff := cmp.Diff(want, p.Examples); diff != "" {
		t.Errorf("examples (-want +got):\n%s", diff)
	}

	md := PackageMarkdown(p, "example.com/m")
	for _, w := range []string{
		"Package widget is a fixture for docgen's tests: it is parsed, never built.\n",
		"import \"example.com/m/widget\"",
		"## Usage\n\nMakes a blue widget. From `ExampleNewWidget_blue` in [`widget_test.go`](widget_test.go)",
		"```go\nfunc program(ctx *pulumi.Context) error {\n",
		"\n## `widget.Widget`\n",
		"\n### Inputs (`widget.WidgetArgs`)\n",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("PackageMarkdown lacks %q:\n%s", w, md)
		}
	}
	readme := PackageReadme(p, "example.com/m")
	if c, err := RegionContent(readme, Region); err != nil || c != strings.TrimRight(md, "\n") {
		t.Errorf("PackageReadme's region = %v, differs from PackageMarkdown:\n%s", err, cmp.Diff(strings.TrimRight(md, "\n"), c))
	}
	if got, want := Index(ps), "| [`widget/`](widget/README.md) | `widget.Gadget`, `widget.Widget` | Is a fixture for docgen's tests: it is parsed, never built. |"; !strings.Contains(got, want) {
		t.Errorf("Index = %q, want the line %q", got, want)
	}
}

func TestDedent(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"\t\ta\n\n\t\t\tb\n\t\tc": "\ta\n\n\t\tb\n\tc",
		"\ta":                     "\ta",
		"a\n\tb":                  "a\n\tb",
	} {
		if got := dedent(in); got != want {
			t.Errorf("dedent(%q) = %q, want %q", in, got, want)
		}
	}
}
