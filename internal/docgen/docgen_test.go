package docgen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the README's component reference from the code")

// root is the module's directory, from this package's.
const root = "../.."

// TestReadmeComponentReference keeps the README's Inputs and Outputs tables
// in step with the components' source. After changing an Args field, an
// output or their godoc, run `make docs` (go test ./internal/docgen -update).
func TestReadmeComponentReference(t *testing.T) {
	cs, err := Load(root, Packages...)
	if err != nil {
		t.Fatal(err)
	}
	want := Markdown(cs)
	readme := filepath.Join(root, "README.md")
	doc, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		out, err := ReplaceRegion(string(doc), Region, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(readme, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := RegionContent(string(doc), Region)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(strings.TrimRight(want, "\n"), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("README.md's %s region is out of date with the code; run `make docs` (-from code +README):\n%s", Region, diff)
	}
}

// TestComponentsAreComplete checks what the reference relies on: every
// component has its type token constant, constructor and Args type, every
// Args field and output is documented, and the outputs registered are the
// fields' pulumi tags.
func TestComponentsAreComplete(t *testing.T) {
	cs, err := Load(root, Packages...)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Package+"."+c.Name)
	}
	want := []string{"network.VPC", "iam.Roles", "alb.LoadBalancer", "ecs.Cluster", "ecs.Service", "registry.Repository",
		"kms.LogKey", "notify.Topic", "waf.WebACL", "pipelineroles.GitHubRoles"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("components found (-want +got):\n%s", diff)
	}
	if err := Problems(cs); err != nil {
		t.Error(err)
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
	md := Markdown(cs[1:])
	for _, want := range []string{
		"### `widget.Widget`",
		"It has a second paragraph with &lt;angle&gt; brackets.",
		"Constructor: `widget.NewWidget(ctx, name, &widget.WidgetArgs{...}, opts...)`. Type token: `ecs-bluegreen:widget:Widget`.",
		"| `Parent` | `pulumi.StringInput` | — | yes | Parent is the widget's parent, a\\|b. Required. |",
		"| `Size` | `int` | DefaultSize (3) | no | Size is the widget's size, 1 to 9. |",
		"| `Sizes` | `sizes` | `pulumi.IntArrayOutput` | Sizes are 2\\*Size values. |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q; got:\n%s", want, md)
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
