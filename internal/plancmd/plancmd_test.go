package plancmd

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The command's glue, with a toy program in a toy project: the program's
// own plans (figures, README, comparisons of its stacks) are tested in the
// program's package.

// toyProgram registers a VPC with the CIDR of the key cidr, and a NAT
// gateway with its address when the key nat is true. It registers them by
// type token, as pulumi-aws's constructors do, so that this test binary
// links none of pulumi-aws's (large) packages.
func toyProgram(ctx *pulumi.Context) error {
	cidr, _ := ctx.GetConfig("toy:cidr")
	vpc, err := toyResource(ctx, "aws:ec2/vpc:Vpc", "vpc", pulumi.Map{"cidrBlock": pulumi.String(cidr)})
	if err != nil {
		return err
	}
	if nat, _ := ctx.GetConfig("toy:nat"); nat == "true" {
		eip, err := toyResource(ctx, "aws:ec2/eip:Eip", "nat", pulumi.Map{"domain": pulumi.String("vpc")})
		if err != nil {
			return err
		}
		sn, err := toyResource(ctx, "aws:ec2/subnet:Subnet", "public", pulumi.Map{"vpcId": vpc.ID(), "cidrBlock": pulumi.String("10.0.0.0/24")})
		if err != nil {
			return err
		}
		if _, err := toyResource(ctx, "aws:ec2/natGateway:NatGateway", "nat", pulumi.Map{"allocationId": eip.ID(), "subnetId": sn.ID()}); err != nil {
			return err
		}
	}
	return nil
}

// toyResource registers a custom resource of the type token typ.
func toyResource(ctx *pulumi.Context, typ, name string, props pulumi.Map) (*pulumi.CustomResourceState, error) {
	var r pulumi.CustomResourceState
	return &r, ctx.RegisterResource(typ, name, props, &r)
}

// The toy's README holds the architecture region, its docs/cost.md the
// time and cost.
const (
	toyReadme = "# toy\n\n<!-- BEGIN GENERATED: architecture (go run ./cmd/plan --write-readme) -->\n<!-- END GENERATED: architecture -->\n\n## After\n"
	toyCost   = "# Time and cost\n\n<!-- BEGIN GENERATED: time-and-cost (go run ./cmd/plan --write-readme) -->\nold\n<!-- END GENERATED: time-and-cost -->\n\n## After\n"
)

// toyProject writes the toy project (a dev stack with a NAT gateway, a
// prod stack without) into a new directory.
func toyProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"Pulumi.yaml":      "name: toy\nruntime: go\nconfig:\n  cidr:\n    type: string\n    default: 10.0.0.0/16\n  nat:\n    type: boolean\n    default: false\n",
		"Pulumi.dev.yaml":  "config:\n  aws:region: us-east-1\n  toy:nat: true\n",
		"Pulumi.prod.yaml": "config:\n  aws:region: ap-northeast-2\n  toy:cidr: 10.1.0.0/16\n",
		"README.md":        toyReadme,
		TimeAndCostFile:    toyCost,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runToy(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Planner{Dir: dir, Program: toyProgram}.Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestPlanToy(t *testing.T) {
	t.Parallel()
	dir := toyProject(t)
	code, text, stderr := runToy(t, dir, "--stack", "dev", "--releases", "4")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, w := range []string{"Offline plan: toy, stack dev (us-east-1)", "== Resources: 4 in 0 components", "NAT gateway", "$36.50",
		"== Release costs (modelled, a month of 4 releases)", "No CodeDeploy deployment group"} {
		if !strings.Contains(text, w) {
			t.Errorf("plan lacks %q:\n%s", w, text)
		}
	}
	code, js, _ := runToy(t, dir, "--stack", "prod", "--format", "json")
	doc, err := plan.ParseDocument([]byte(js))
	if code != 0 || err != nil || doc.Project != "toy" || doc.Region != "ap-northeast-2" || doc.ReleasesPerMonth != plan.DefaultReleasesPerMonth {
		t.Errorf("json: exit %d, %v, %+v", code, err, doc)
	}
	if got := doc.Resources; len(got) != 1 || got[0].Key != "aws:ec2/vpc:Vpc::vpc" {
		t.Errorf("prod resources = %+v, want the VPC only", got)
	}
	if code, _, stderr := runToy(t, dir, "--compare", "prod"); code != 0 || stderr != "" {
		t.Errorf("--compare: exit %d, %s", code, stderr)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	t.Parallel()
	dir := toyProject(t)
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"unknown format":          {[]string{"--format", "yaml"}, 2, `--format "yaml": use text, markdown, json or mermaid`},
		"stray argument":          {[]string{"prod"}, 2, `unexpected argument "prod"`},
		"unknown flag":            {[]string{"--stak", "dev"}, 2, "flag provided but not defined: -stak"},
		"no releases":             {[]string{"--releases", "0"}, 2, "--releases 0: use 1 to 10000 releases a month"},
		"releases not a number":   {[]string{"--releases", "many"}, 2, `invalid value "many" for flag -releases`},
		"two comparisons":         {[]string{"--compare", "prod", "--compare-commit", "HEAD"}, 2, "give one"},
		"comparison as a diagram": {[]string{"--compare", "prod", "--format", "mermaid"}, 2, "a comparison prints as text, markdown or json"},
		"readme and comparison":   {[]string{"--compare", "prod", "--write-readme"}, 2, "drop --compare"},
		"unknown stack":           {[]string{"--stack", "nope"}, 1, `plan: stack "nope": no Pulumi.nope.yaml; the stacks are dev, prod`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runToy(t, dir, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("plan %v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, stdout, stderr, tc.code, tc.want)
			}
		})
	}
	if _, err := (Planner{Dir: dir}).Plan("dev"); !errors.Is(err, errNoProgram) {
		t.Errorf("a planner without a program: %v", err)
	}
}

// TestWriteReadme: --write-readme fills the README's architecture region
// from the stack and docs/cost.md's time-and-cost region from every stack,
// with docgen's region writer, and leaves the rest; a second run changes
// nothing, and a file without its region stops it before it writes.
func TestWriteReadme(t *testing.T) {
	t.Parallel()
	dir := toyProject(t)
	p := Planner{Dir: dir, Program: toyProgram}
	code, stdout, stderr := runToy(t, dir, "--write-readme", "--stack", "prod")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "generated regions updated (architecture of stack prod") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	prod, err := p.Plan("prod")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := p.Plan("dev")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, region, want, head, tail string }{
		{"README.md", RegionArchitecture, plan.MermaidBlock(prod.Mermaid), "# toy\n\n<!-- BEGIN GENERATED: architecture", "<!-- END GENERATED: architecture -->\n\n## After\n"},
		{"docs/cost.md", RegionTimeAndCost, plan.TimeAndCost([]plan.Document{dev, prod}), "# Time and cost\n\n<!-- BEGIN", "<!-- END GENERATED: time-and-cost -->\n\n## After\n"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := docgen.RegionContent(string(b), tc.region)
		if err != nil || got != strings.TrimRight(tc.want, "\n") {
			t.Errorf("%s: region %s (%v):\n%s", tc.file, tc.region, err, cmp.Diff(strings.TrimRight(tc.want, "\n"), got))
		}
		if !strings.HasPrefix(string(b), tc.head) || !strings.HasSuffix(string(b), tc.tail) {
			t.Errorf("the rest of %s changed:\n%s", tc.file, b)
		}
	}
	if code, _, stderr := runToy(t, dir, "--write-readme", "--stack", "prod"); code != 0 || !strings.Contains(stderr, "already match") {
		t.Errorf("second --write-readme: exit %d, %q", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "docs", "cost.md"), []byte("# no regions\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runToy(t, dir, "--write-readme"); code != 1 || !strings.Contains(stderr, `docs/cost.md: docgen: want exactly one "<!-- BEGIN GENERATED: time-and-cost -->" marker`) {
		t.Errorf("a docs/cost.md without its region: exit %d, %q", code, stderr)
	}
	if after, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil || string(after) != string(before) {
		t.Errorf("README.md written though docs/cost.md had no region (%v):\n%s", err, cmp.Diff(string(before), string(after)))
	}
}

func inGitCheckout(t *testing.T) {
	t.Helper()
	if err := exec.Command("git", "rev-parse", "--verify", "HEAD").Run(); err != nil {
		t.Skipf("not a git checkout with a commit: %v", err)
	}
}

// TestPlanCompareCommit checks --compare-commit's glue with a stand-in for
// `go run`: it extracts HEAD of this repository, runs the stand-in there,
// and compares.
func TestPlanCompareCommit(t *testing.T) {
	t.Parallel()
	inGitCheckout(t)
	dir := toyProject(t)
	dev, err := Planner{Dir: dir, Program: toyProgram}.Plan("dev")
	if err != nil {
		t.Fatal(err)
	}
	// The "old" plan lacks the NAT gateway.
	old := dev
	old.Resources = slices.DeleteFunc(slices.Clone(dev.Resources), func(r plan.ResourceRef) bool { return strings.Contains(r.Key, "natGateway") })
	old.Tree.Resources--
	oldJSON, err := old.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var ranIn string
	var ranWith []string
	// The commit is this repository's; the working tree is the toy's.
	p := Planner{Dir: ".", Program: toyProgram, RunAt: func(dir string, args ...string) ([]byte, error) {
		ranIn, ranWith = dir, args
		// The whole tree, not only this package's directory.
		for _, f := range []string{"go.mod", "main.go", "Pulumi.yaml"} {
			if _, err := os.Stat(filepath.Join(dir, "..", "..", f)); err != nil {
				return nil, err
			}
		}
		return oldJSON, nil
	}}
	before, err := p.planAtCommit("HEAD", "dev")
	if err != nil {
		t.Fatal(err)
	}
	c := plan.Compare("dev at HEAD", before, "dev (working tree)", dev)
	if !slices.Equal(ranWith, []string{"--stack", "dev", "--format", "json"}) {
		t.Errorf("ran the old program's plan with %v", ranWith)
	}
	if !strings.HasSuffix(filepath.ToSlash(ranIn), "internal/plancmd") {
		t.Errorf("ran the old program in %s, want the planner's directory in the extracted tree", ranIn)
	}
	if _, err := os.Stat(ranIn); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the extracted tree %s is left behind: %v", ranIn, err)
	}
	if text := c.Text(); !strings.Contains(text, "(+1)") || !strings.Contains(text, "added: ec2:NatGateway nat") {
		t.Errorf("comparison:\n%s", text)
	}
	for rev, want := range map[string]string{
		"no-such-revision-xyz": `--compare-commit "no-such-revision-xyz" is not a commit of this repository`,
		"--output=x":           "give a commit, not an option",
	} {
		if _, err := p.planAtCommit(rev, "dev"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--compare-commit %s: error = %v, want %q", rev, err, want)
		}
	}
	junk := Planner{Dir: ".", Program: toyProgram, RunAt: func(string, ...string) ([]byte, error) { return []byte("not a plan"), nil }}
	if _, err := junk.planAtCommit("HEAD", "dev"); err == nil || !strings.Contains(err.Error(), "does that commit have the plan command?") {
		t.Errorf("an old program without a plan: error = %v", err)
	}
}

func TestExtractCommit(t *testing.T) {
	t.Parallel()
	inGitCheckout(t)
	dir := t.TempDir()
	if err := extractCommit(".", "HEAD", dir); err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command("git", "show", "HEAD:Pulumi.yaml").Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("extracted Pulumi.yaml differs from HEAD's (%v)", err)
	}
	if fi, err := os.Stat(filepath.Join(dir, ".ci", "run")); err != nil || fi.Mode()&0o100 == 0 {
		t.Errorf(".ci/run extracted without its executable bit: %v", err)
	}
}

func TestRegionZones(t *testing.T) {
	t.Parallel()
	for region, want := range map[string][]string{
		"":               nil, // the mocks' own default
		"us-east-1":      {"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
		"ap-northeast-2": {"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"},
		"eu-west-1":      {"eu-west-1a", "eu-west-1b", "eu-west-1c"},
	} {
		if got := regionZones(region); !slices.Equal(got, want) {
			t.Errorf("regionZones(%q) = %v, want %v", region, got, want)
		}
	}
}

// TestCapacity: the plan's capacity model is internal/capacity's (the
// cluster's), over the sizes the mocks answered.
func TestCapacity(t *testing.T) {
	t.Parallel()
	c := instanceSizes{"t4g.small": {vcpus: 2, memoryMiB: 2048}}
	// 2048 MiB less 2 % (40), 96 and 256: 1656, three of 512 MiB.
	if n, ok := c.PerInstance("t4g.small", 256, 512); n != 3 || !ok {
		t.Errorf("PerInstance = %d, %v; want 3", n, ok)
	}
	// 12 tasks over 2 zones: 6 a zone, 2 instances a zone.
	if n, ok := c.Instances("t4g.small", 2, 256, 512, 12); n != 4 || !ok {
		t.Errorf("Instances = %d, %v; want 4", n, ok)
	}
	if _, ok := c.Instances("t3.small", 2, 256, 512, 12); ok {
		t.Error("a type the program was not told about has sizes")
	}
}
