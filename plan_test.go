package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The offline plan's tests: the command for every stack file and format,
// its figures for dev and prod against hand computations, the README's
// generated diagram, comparisons of stacks and commits, and reading the
// configuration as the CLI does. The models themselves are tested in
// internal/plan.

// runPlan runs the plan command and returns its exit code and output.
func runPlan(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := planCommand(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func planOf(t *testing.T, stack string) plan.Document {
	t.Helper()
	d, err := planner{dir: "."}.plan(stack)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlanEveryStack runs the plan for every stack file in every format.
func TestPlanEveryStack(t *testing.T) {
	t.Parallel()
	for stack, path := range stackFiles(t) {
		region := stackConfigMap(t, path)["aws:region"]
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			code, text, stderr := runPlan(t, "--stack", stack)
			if code != 0 || stderr != "" {
				t.Fatalf("plan --stack %s: exit %d, stderr %s", stack, code, stderr)
			}
			for _, section := range []string{
				"Offline plan: ecs-bluegreen, stack " + stack + " (" + region + ")",
				"== Resources: ",
				"├─ vpc (network:VPC): ",
				"== Architecture\n\nflowchart TB\n",
				"== Critical path of `pulumi up` (modelled): ",
				"== Release times (modelled)",
				"Deployment group app: CodeDeployDefault.ECS",
				"== Fixed monthly cost (prices as of " + plan.Prices.AsOf,
				region + " (the stack's)",
				"  total  ",
				"Not included (usage-based):",
			} {
				if !strings.Contains(text, section) {
					t.Errorf("plan --stack %s lacks %q:\n%s", stack, section, text)
				}
			}

			code, md, _ := runPlan(t, "--stack", stack, "--format", "markdown")
			if code != 0 || !strings.Contains(md, "## Architecture\n\n```mermaid\nflowchart TB\n") || !strings.Contains(md, "| item | resource |") {
				t.Errorf("plan --format markdown: exit %d:\n%s", code, md)
			}

			code, mermaid, _ := runPlan(t, "--stack", stack, "--format", "mermaid")
			if code != 0 || !strings.HasPrefix(mermaid, "flowchart TB\n") || strings.Contains(mermaid, "==") {
				t.Errorf("plan --format mermaid: exit %d, want the flowchart only:\n%s", code, mermaid)
			}

			code, js, _ := runPlan(t, "--stack", stack, "--format", "json")
			doc, err := plan.ParseDocument([]byte(js))
			if code != 0 || err != nil {
				t.Fatalf("plan --format json: exit %d, %v", code, err)
			}
			if doc.Stack != stack || doc.Region != region || doc.Mermaid != mermaid || len(doc.Costs) != 2 || doc.Tree.Resources == 0 {
				t.Errorf("plan --format json: stack %q region %q, %d cost regions, %d resources, diagram as --format mermaid: %v",
					doc.Stack, doc.Region, len(doc.Costs), doc.Tree.Resources, doc.Mermaid == mermaid)
			}
			// Two runs print the same plan.
			if _, again, _ := runPlan(t, "--stack", stack, "--format", "json"); again != js {
				t.Errorf("two runs of the plan differ:\n%s", cmp.Diff(js, again))
			}
		})
	}
}

// TestPlanFigures pins the dev and prod figures to hand computations: the
// models are tested on their own in internal/plan; this checks what the
// composition and the stack files make of them.
func TestPlanFigures(t *testing.T) {
	t.Parallel()
	type figures struct {
		path                    []string
		pathSeconds             int
		healthy, shift, done    int
		slowShift, slowComplete int
		usEast1, seoul          plan.Money
	}
	for stack, want := range map[string]figures{
		// Critical path: VPC 2 s, internet gateway 2 s, the public default
		// route 2 s (the load balancer waits for it: it needs the gateway
		// attached), load balancer 180 s, production listener 2 s, service
		// 10 s, deployment group 2 s: 200 s. The instances' side (launch
		// template, group without waiting for capacity, capacity provider,
		// association) and the NAT gateway (2 + 2 + 90 + 2 s) end earlier.
		// Release: all at once, checks every 10 s, threshold 2, 30 s
		// draining, 5 min wait:
		//   healthy 30 + 10 = 40; shift 40 + 0 = 40; complete 40 + 300 + 30 = 370
		//   slow: healthy 30 + 10×3 = 60; shift 60; complete 60 + 330 = 390
		// Cost, us-east-1: NAT 730 × 0.045 = 32.85; its address 730 × 0.005
		// = 3.65; ALB 730 × 0.0225 = 16.425; its 2 addresses 7.30; 2 t3.small
		// 2 × 730 × 0.0208 = 30.368; 2 × 30 GiB gp3 × 0.08 = 4.80; 4 alarms and
		// 2 of ECS managed scaling × 0.10 = 0.60: 95.993.
		// ap-northeast-2: 43.07 + 3.65 + 16.425 + 7.30 + 2 × 730 × 0.026
		// (37.96) + 60 × 0.0912 (5.472) + 0.60 = 114.477.
		// Security baseline (issue 11): the notification topic's KMS key,
		// $1.00 in both regions: 96.993 and 115.477.
		"dev": {
			path:        []string{"ec2:Vpc vpc", "ec2:InternetGateway vpc-igw", "ec2:Route vpc-public-internet", "lb:LoadBalancer web", "lb:Listener web-prod", "ecs:Service app", "codedeploy:DeploymentGroup app"},
			pathSeconds: 200,
			healthy:     40, shift: 40, done: 370, slowShift: 60, slowComplete: 390,
			usEast1: plan.USD(96, 993_000), seoul: plan.USD(115, 477_000),
		},
		// Critical path: as dev to the service (198 s), then service auto
		// scaling's target 2 s and policy 2 s: 202 s.
		// Release: canary 10 % then the rest after 5 min, checks every 15 s,
		// threshold 3, 60 s draining, 60 min wait:
		//   healthy 30 + 15 = 45; shift 45 + 300 = 345; complete 345 + 3600 + 60 = 4005
		//   slow: healthy 30 + 15×4 = 90; shift 390; complete 390 + 3660 = 4050
		// Cost, us-east-1: 3 NAT 98.55; 3 addresses 10.95; ALB 16.425; its 3
		// addresses 10.95; 3 t3.medium 3 × 730 × 0.0416 = 91.104; 3 × 30 GiB
		// × 0.08 = 7.20; 4 alarms + 2 (managed scaling) + 2 (target
		// tracking) × 0.10 = 0.80: 235.979.
		// ap-northeast-2: 3 × 43.07 = 129.21; 10.95; 16.425; 10.95; 3 × 730
		// × 0.052 = 113.88; 90 × 0.0912 = 8.208; 0.80: 290.423.
		// Security baseline (issue 11), both regions: the topic's and the
		// logs' KMS keys 2 × 1.00, the web ACL 5.00 + 4 rules × 1.00:
		// 11.00, so 246.979 and 301.423.
		"prod": {
			path:        []string{"ec2:Vpc vpc", "ec2:InternetGateway vpc-igw", "ec2:Route vpc-public-internet", "lb:LoadBalancer web", "lb:Listener web-prod", "ecs:Service app", "appautoscaling:Target app", "appautoscaling:Policy app-cpu"},
			pathSeconds: 202,
			healthy:     45, shift: 345, done: 4005, slowShift: 390, slowComplete: 4050,
			usEast1: plan.USD(246, 979_000), seoul: plan.USD(301, 423_000),
		},
	} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			d := planOf(t, stack)
			var path []string
			for _, s := range d.CriticalPath.Steps {
				path = append(path, plan.ShortType(s.Type)+" "+s.Name)
			}
			if diff := cmp.Diff(want.path, path); diff != "" || d.CriticalPath.TotalSeconds != want.pathSeconds {
				t.Errorf("critical path %d s, want %d s (-want +got):\n%s", d.CriticalPath.TotalSeconds, want.pathSeconds, diff)
			}
			if len(d.CriticalPath.Findings) != 0 || len(d.CriticalPath.AssumedTypes) != 0 {
				t.Errorf("critical path findings %q, assumed types %q: want none", d.CriticalPath.Findings, d.CriticalPath.AssumedTypes)
			}
			if len(d.Releases) != 1 {
				t.Fatalf("%d releases, want 1", len(d.Releases))
			}
			r := d.Releases[0]
			got := []int{r.HealthySeconds, r.ShiftSeconds, r.CompleteSeconds, r.SlowShiftSeconds, r.SlowCompleteSeconds}
			if w := []int{want.healthy, want.shift, want.done, want.slowShift, want.slowComplete}; !slices.Equal(got, w) {
				t.Errorf("release healthy, shift, complete, slow shift, slow complete = %v s, want %v s", got, w)
			}
			if d.Costs[0].Region != "us-east-1" || d.Costs[0].Total != want.usEast1 || d.Costs[1].Total != want.seoul {
				t.Errorf("cost %s %s (%d), %s %s (%d); want %s, %s", d.Costs[0].Region, d.Costs[0].Total, d.Costs[0].Total,
					d.Costs[1].Region, d.Costs[1].Total, d.Costs[1].Total, want.usEast1, want.seoul)
			}
			// The mocks report the stack's region's zones.
			if zone := "zone " + d.Region + "a"; !strings.Contains(d.Mermaid, zone) {
				t.Errorf("the diagram lacks %q:\n%s", zone, d.Mermaid)
			}
			for _, c := range d.Costs {
				if len(c.Unknown) != 0 {
					t.Errorf("%s: prices unknown for %q", c.Region, c.Unknown)
				}
			}
		})
	}
}

// TestREADMEArchitectureInStep keeps the README's diagram what the plan
// prints for the dev stack.
func TestREADMEArchitectureInStep(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readmeRegion(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if want := readmeArchitecture(planOf(t, "dev")); got != want {
		t.Errorf("README.md's architecture diagram is not what the plan prints for the dev stack; regenerate it with:\n\n    go run . plan --write-readme\n\n(-README +plan):\n%s", cmp.Diff(got, want))
	}
}

func TestReadmeRegion(t *testing.T) {
	t.Parallel()
	readme := "# T\n\nintro\n\n" + readmeBegin + "\nold\n" + readmeEnd + "\n\nrest\n"
	got, err := replaceReadmeRegion(readme, "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# T\n\nintro\n\n" + readmeBegin + "\nnew\n" + readmeEnd + "\n\nrest\n"; got != want {
		t.Errorf("replaceReadmeRegion:\n%s", cmp.Diff(want, got))
	}
	if region, _ := readmeRegion(got); region != "new\n" {
		t.Errorf("readmeRegion = %q, want %q", region, "new\n")
	}
	if again, _ := replaceReadmeRegion(got, "new\n"); again != got {
		t.Errorf("replacing with the same content changed the README:\n%s", cmp.Diff(got, again))
	}
	for name, bad := range map[string]string{
		"no begin": "x\n" + readmeEnd + "\n",
		"no end":   readmeBegin + "\nx\n",
	} {
		if _, err := replaceReadmeRegion(bad, "y"); err == nil || !strings.Contains(err.Error(), "README.md has no line") {
			t.Errorf("%s: error = %v", name, err)
		}
	}
}

// copyProject copies the project files the plan reads into a new directory.
func copyProject(t *testing.T, readme string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteReadme(t *testing.T) {
	t.Parallel()
	readme := "# x\n\n" + readmeBegin + "\n" + readmeEnd + "\n\n## After\n"
	dir := copyProject(t, readme)
	p := planner{dir: dir}
	var stdout, stderr bytes.Buffer
	if err := p.main("dev", formatText, "", "", true, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "# x\n\n" + readmeBegin + "\n" + readmeArchitecture(planOf(t, "dev")) + readmeEnd + "\n\n## After\n"
	if string(b) != want {
		t.Errorf("README after --write-readme:\n%s", cmp.Diff(want, string(b)))
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "README.md: architecture updated from stack dev") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	stderr.Reset()
	if err := p.main("dev", formatText, "", "", true, &stdout, &stderr); err != nil || !strings.Contains(stderr.String(), "already matches") {
		t.Errorf("second --write-readme: %v, %q", err, stderr.String())
	}
}

func TestPlanUsageErrors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"unknown format":          {[]string{"--format", "yaml"}, 2, `--format "yaml": use text, markdown, json or mermaid`},
		"stray argument":          {[]string{"prod"}, 2, `unexpected argument "prod"`},
		"unknown flag":            {[]string{"--stak", "dev"}, 2, "flag provided but not defined: -stak"},
		"two comparisons":         {[]string{"--compare", "prod", "--compare-commit", "HEAD"}, 2, "give one"},
		"comparison as a diagram": {[]string{"--compare", "prod", "--format", "mermaid"}, 2, "a comparison prints as text, markdown or json"},
		"readme and comparison":   {[]string{"--compare", "prod", "--write-readme"}, 2, "drop --compare"},
		"unknown stack":           {[]string{"--stack", "nope"}, 1, `plan: stack "nope": no Pulumi.nope.yaml; the stacks are dev, prod`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runPlan(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("plan %v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, stdout, stderr, tc.code, tc.want)
			}
		})
	}
}

func TestReadStackConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Pulumi.yaml", `name: p
runtime: go
config:
  aws:region:
    value: us-west-2
  a:
    type: integer
    default: 2
  b:
    type: string
  c:
    type: array
    default: []
  d: plain
`)
	write("Pulumi.s.yaml", `config:
  aws:region: eu-west-1
  p:a: 3
  p:e: [x, "y z"]
  f: true
`)
	write("Pulumi.bare.yaml", "config: {}\n")
	write("Pulumi.secret.yaml", `config:
  p:k:
    secure: AAABAC==
`)
	project, cfg, err := readStackConfig(dir, "s")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"aws:region": "eu-west-1", "p:a": "3", "p:c": "[]", "p:d": "plain", "p:e": `["x","y z"]`, "p:f": "true"}
	if diff := cmp.Diff(want, cfg); diff != "" || project != "p" {
		t.Errorf("project %q, config (-want +got):\n%s", project, diff)
	}
	// Without the stack setting them: Pulumi.yaml's values and defaults.
	_, bare, err := readStackConfig(dir, "bare")
	if want := map[string]string{"aws:region": "us-west-2", "p:a": "2", "p:c": "[]", "p:d": "plain"}; err != nil || !cmp.Equal(want, bare) {
		t.Errorf("a stack that sets nothing: %v, config (-want +got):\n%s", err, cmp.Diff(want, bare))
	}
	if _, _, err := readStackConfig(dir, "secret"); err == nil || !strings.Contains(err.Error(), "Pulumi.secret.yaml: p:k: a secret: the offline plan cannot decrypt it") {
		t.Errorf("a secret: error = %v", err)
	}
	if _, _, err := readStackConfig(dir, "none"); err == nil || !strings.Contains(err.Error(), "the stacks are bare, s, secret") {
		t.Errorf("a missing stack: error = %v", err)
	}
}

func TestPlanCompareStacks(t *testing.T) {
	t.Parallel()
	code, js, stderr := runPlan(t, "--compare", "prod", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var c plan.Comparison
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	dev, prod := planOf(t, "dev"), planOf(t, "prod")
	if c.From != "dev" || c.To != "prod" || c.ResourcesFrom != dev.Tree.Resources || c.ResourcesTo != prod.Tree.Resources {
		t.Errorf("comparison %s (%d) → %s (%d), want dev (%d) → prod (%d)", c.From, c.ResourcesFrom, c.To, c.ResourcesTo, dev.Tree.Resources, prod.Tree.Resources)
	}
	// prod has a zone more (a subnet more of each tier) and a NAT gateway
	// (with its address) in each of its three zones.
	for _, w := range []plan.TypeDelta{{Type: "aws:ec2/subnet:Subnet", From: 4, To: 6}, {Type: "aws:ec2/natGateway:NatGateway", From: 1, To: 3}, {Type: "aws:ec2/eip:Eip", From: 1, To: 3}} {
		if !slices.Contains(c.Types, w) {
			t.Errorf("type changes %v lack %v", c.Types, w)
		}
	}
	if c.Costs[0].From != dev.Costs[0].Total || c.Costs[0].To != prod.Costs[0].Total || c.Costs[1].To != prod.Costs[1].Total {
		t.Errorf("cost changes %+v do not match the plans' totals", c.Costs)
	}
	_, text, _ := runPlan(t, "--compare", "prod")
	for _, w := range []string{"Plan difference: dev → prod", "== Fixed monthly cost", "added: ", "ec2:NatGateway vpc-nat-2"} {
		if !strings.Contains(text, w) {
			t.Errorf("comparison text lacks %q:\n%s", w, text)
		}
	}
}

func inGitCheckout(t *testing.T) {
	t.Helper()
	if err := exec.Command("git", "rev-parse", "--verify", "HEAD").Run(); err != nil {
		t.Skipf("not a git checkout with a commit: %v", err)
	}
}

// TestPlanCompareCommit checks --compare-commit's glue with a stand-in for
// `go run`: it extracts HEAD, runs the stand-in there, and compares.
func TestPlanCompareCommit(t *testing.T) {
	t.Parallel()
	inGitCheckout(t)
	dev := planOf(t, "dev")
	// The "old" plan lacks the green target group's alarms.
	old := dev
	old.Resources = slices.DeleteFunc(slices.Clone(dev.Resources), func(r plan.ResourceRef) bool { return strings.HasPrefix(r.Name, "app-green-") })
	old.Tree.Resources -= 2
	oldJSON, err := old.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var ranIn string
	var ranWith []string
	p := planner{dir: ".", runAt: func(dir string, args ...string) ([]byte, error) {
		ranIn, ranWith = dir, args
		for _, f := range []string{"main.go", "Pulumi.yaml", "go.mod"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				return nil, err
			}
		}
		return oldJSON, nil
	}}
	var stdout, stderr bytes.Buffer
	if err := p.main("dev", formatText, "", "HEAD", false, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ranWith, []string{"--stack", "dev", "--format", "json"}) {
		t.Errorf("ran the old program's plan with %v", ranWith)
	}
	if _, err := os.Stat(ranIn); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the extracted tree %s is left behind: %v", ranIn, err)
	}
	for _, w := range []string{"Plan difference: dev at HEAD → dev (working tree)", "(+2)", "added: cloudwatch:MetricAlarm app-green-5xx, cloudwatch:MetricAlarm app-green-unhealthy"} {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("comparison lacks %q:\n%s", w, stdout.String())
		}
	}

	for rev, want := range map[string]string{
		"no-such-revision-xyz": `--compare-commit "no-such-revision-xyz" is not a commit of this repository`,
		"--output=x":           "give a commit, not an option",
	} {
		if err := p.main("dev", formatText, "", rev, false, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--compare-commit %s: error = %v, want %q", rev, err, want)
		}
	}
	junk := planner{dir: ".", runAt: func(string, ...string) ([]byte, error) { return []byte("not a plan"), nil }}
	if err := junk.main("dev", formatText, "", "HEAD", false, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "does that commit have the plan command?") {
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

// TestPlanCommandEndToEnd runs `go run . plan --format json` as a
// contributor would: main's dispatch to the plan, in a process of its own,
// prints what the in-process plan does.
func TestPlanCommandEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program: skipped with -short")
	}
	t.Parallel()
	out, err := goRunPlan(".", "--stack", "prod", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := plan.ParseDocument(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(planOf(t, "prod"), got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("go run . plan differs from the in-process plan (-in process +go run):\n%s", diff)
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
