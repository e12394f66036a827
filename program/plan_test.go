package program

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plancmd"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The offline plan of this program: every stack file in every format, the
// dev and prod figures against hand computations, the README's generated
// regions, and the program binary without the plan. The command's glue is
// tested in internal/plancmd, the models in internal/plan.

// planner plans this project's stacks with this program.
var planner = plancmd.Planner{Dir: root, Program: Run}

// runPlan runs the plan command and returns its exit code and output.
func runPlan(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := planner.Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func planOf(t *testing.T, stack string) plan.Document {
	t.Helper()
	d, err := planner.Plan(stack)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlanEveryStack runs the plan for every stack file in every format.
func TestPlanEveryStack(t *testing.T) {
	t.Parallel()
	stacks := stackfile.Stacks(root)
	if len(stacks) < 2 {
		t.Fatalf("found stacks %v, want at least dev and prod", stacks)
	}
	for _, stack := range stacks {
		s, err := stackfile.Read(root, stack)
		if err != nil {
			t.Fatal(err)
		}
		region := s.Config["aws:region"]
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
				"== Release costs (modelled, a month of 20 releases)",
				"Deployment group app, service app: ",
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
		// Release usage: tasks, instances at rest and in a release, extra
		// instance-seconds, and the price of a month of 20 releases in the
		// stack's region.
		tasks, atRest, inRelease, extraSeconds int
		releasesMonth                          plan.Money
	}
	for stack, want := range map[string]figures{
		// Critical path: VPC 2 s, internet gateway 2 s, the public default
		// route 2 s (the load balancer waits for it: it needs the gateway
		// attached), load balancer 180 s, production listener 2 s, service
		// 10 s, deployment group 2 s: 200 s. The instances' side (launch
		// template, group without waiting for capacity, capacity provider,
		// association) ends earlier, and so does the NAT instance: VPC 2,
		// public subnet 2, interface 3, launch template 2 (its role 2,
		// policy 1 and profile 5 end at 8), group 10 + 30 (it waits for an
		// instance), private routes 2: 53 s.
		// Release: all at once, checks every 10 s, threshold 2, 30 s
		// draining, 5 min wait:
		//   healthy 30 + 10 = 40; shift 40 + 0 = 40; complete 40 + 300 + 30 = 370
		//   slow: healthy 30 + 10×3 = 60; shift 60; complete 60 + 330 = 390
		// Cost, us-east-1: the NAT instance 730 × 0.0042 = 3.066, its 8 GiB
		// gp3 × 0.08 = 0.64, its address 730 × 0.005 = 3.65; ALB 730 ×
		// 0.0225 = 16.425; its 2 addresses 7.30; 2 t4g.small 2 × 730 ×
		// 0.0168 = 24.528; 2 × 30 GiB gp3 × 0.08 = 4.80; 4 alarms and 2 of
		// ECS managed scaling × 0.10 = 0.60: 61.009 (was 95.993 with a NAT
		// gateway and t3.small).
		// ap-northeast-2: 730 × 0.0052 = 3.796; 8 × 0.0912 = 0.7296; 3.65;
		// 16.425; 7.30; 2 × 730 × 0.0208 = 30.368; 60 × 0.0912 = 5.472;
		// 0.60: 68.3406.
		// A release: 2 tasks, 3 to a t4g.small (1656 MiB for tasks, 512
		// each), 4 tasks over 2 zones need one instance a zone: the 2 at
		// rest, no extra instance, $0.
		// Security baseline (issue 11): the notification topic's KMS key,
		// $1.00 in both regions: 62.009 and 69.3406.
		"dev": {
			path:        []string{"ec2:Vpc vpc", "ec2:InternetGateway vpc-igw", "ec2:Route vpc-public-internet", "lb:LoadBalancer web", "lb:Listener web-prod", "ecs:Service app", "codedeploy:DeploymentGroup app"},
			pathSeconds: 200,
			healthy:     40, shift: 40, done: 370, slowShift: 60, slowComplete: 390,
			usEast1: plan.USD(62, 9_000), seoul: plan.USD(69, 340_600),
			tasks: 2, atRest: 2, inRelease: 2, extraSeconds: 0, releasesMonth: 0,
		},
		// Critical path: as dev to the load balancer (186 s), then the
		// validation hook's function in the VPC, 60 s: 246 s (the service's
		// branch, with auto scaling, ends at 202 s).
		// Release: canary 10 % then the rest after 5 min, checks every 15 s,
		// threshold 3, 60 s draining, 60 min wait, the validation hook's 5
		// answers in a row (budget 120 s):
		//   healthy 30 + 15 = 45; shift 45 + 5 + 300 = 350; complete 350 + 3600 + 60 = 4010
		//   slow: healthy 30 + 15×4 = 90; shift 90 + 120 + 300 = 510; complete 510 + 3660 = 4170
		// Cost, us-east-1: 3 NAT 98.55; 3 addresses 10.95; ALB 16.425; its 3
		// addresses 10.95; 3 t3.medium 3 × 730 × 0.0416 = 91.104; 3 × 30 GiB
		// × 0.08 = 7.20; 4 alarms + 2 (managed scaling) + 2 (target
		// tracking) × 0.10 = 0.80: 235.979.
		// ap-northeast-2: 3 × 43.07 = 129.21; 10.95; 16.425; 10.95; 3 × 730
		// × 0.052 = 113.88; 90 × 0.0912 = 8.208; 0.80: 290.423.
		// Security baseline (issue 11), both regions: the topic's and the
		// logs' KMS keys 2 × 1.00, the web ACL 5.00 + 4 rules × 1.00:
		// 11.00, so 246.979 and 301.423.
		// A release: 3 tasks, 7 to a t3.medium (4096 less 81, 96 and 256:
		// 3663 MiB, 7 of 512), 6 over 3 zones: one instance a zone, the 3
		// at rest, $0.
		"prod": {
			path:        []string{"ec2:Vpc vpc", "ec2:InternetGateway vpc-igw", "ec2:Route vpc-public-internet", "lb:LoadBalancer web", "lambda:Function validate"},
			pathSeconds: 246,
			healthy:     45, shift: 350, done: 4010, slowShift: 510, slowComplete: 4170,
			usEast1: plan.USD(246, 979_000), seoul: plan.USD(301, 423_000),
			tasks: 3, atRest: 3, inRelease: 3, extraSeconds: 0, releasesMonth: 0,
		},
	} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			d := planOf(t, stack)
			checkFigures(t, d, want.path, want.pathSeconds)
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
			checkReleaseUsage(t, d, want.tasks, want.atRest, want.inRelease, want.extraSeconds, want.releasesMonth)
		})
	}
}

// TestPlanReleaseThatScalesOut pins a release that needs more instances
// than the stack keeps at rest: dev with 6 tasks. 12 tasks run in a
// release, 6 a zone, 3 to a t4g.small: 2 instances a zone, 4 in all, 2
// more than at rest, each for the release (370 s) and the scale-in wait
// (900 s): 2540 s. In us-east-1: 2540 × 0.0168 / 3600 = 0.011853 for the
// instances and 2540 × 30 GiB × 0.08 / (730 × 3600) = 0.002320 for their
// volumes: 0.014173 a release, 0.28346 for 20, 0.14173 for 10.
func TestPlanReleaseThatScalesOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.dev.yaml"} {
		b, err := os.ReadFile(root + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if f == "Pulumi.dev.yaml" {
			b = append(b, "  ecs-bluegreen:desiredCount: 6\n"...)
		}
		if err := os.WriteFile(dir+"/"+f, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := plancmd.Planner{Dir: dir, Program: Run, ReleasesPerMonth: 10}
	d, err := p.Plan("dev")
	if err != nil {
		t.Fatal(err)
	}
	checkReleaseUsage(t, d, 6, 2, 4, 2540, plan.USD(0, 141_730))
	if c := d.ReleaseUsage[0].Costs[0]; c.PerRelease != plan.USD(0, 14_173) {
		t.Errorf("per release %s (%d), want $0.014173", c.PerRelease, c.PerRelease)
	}
}

func checkFigures(t *testing.T, d plan.Document, wantPath []string, wantSeconds int) {
	t.Helper()
	var path []string
	for _, s := range d.CriticalPath.Steps {
		path = append(path, plan.ShortType(s.Type)+" "+s.Name)
	}
	if diff := cmp.Diff(wantPath, path); diff != "" || d.CriticalPath.TotalSeconds != wantSeconds {
		t.Errorf("critical path %d s, want %d s (-want +got):\n%s", d.CriticalPath.TotalSeconds, wantSeconds, diff)
	}
	if len(d.CriticalPath.Findings) != 0 || len(d.CriticalPath.AssumedTypes) != 0 {
		t.Errorf("critical path findings %q, assumed types %q: want none", d.CriticalPath.Findings, d.CriticalPath.AssumedTypes)
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
}

func checkReleaseUsage(t *testing.T, d plan.Document, tasks, atRest, inRelease, extraSeconds int, month plan.Money) {
	t.Helper()
	if len(d.ReleaseUsage) != 1 || !d.ReleaseUsage[0].Known {
		t.Fatalf("release usage %+v, want one, modelled", d.ReleaseUsage)
	}
	u := d.ReleaseUsage[0]
	if got, want := []int{u.Tasks, u.InstancesAtRest, u.InstancesInRelease, u.ExtraInstanceSeconds}, []int{tasks, atRest, inRelease, extraSeconds}; !slices.Equal(got, want) {
		t.Errorf("tasks, instances at rest, in a release, extra instance-seconds = %v, want %v", got, want)
	}
	for _, c := range u.Costs {
		if c.Region == d.Region && (!c.Known || c.Month != month) {
			t.Errorf("%s: a month of %d releases %s (%d), known %v; want %s", c.Region, d.ReleasesPerMonth, c.Month, c.Month, c.Known, month)
		}
	}
}

// TestREADMEGeneratedRegions keeps the plan's generated regions what the
// plan prints: the dev stack's diagram in README.md, and every stack's time
// and cost in docs/cost.md.
func TestREADMEGeneratedRegions(t *testing.T) {
	t.Parallel()
	regions, err := planner.ReadmeRegions("dev")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		b, err := os.ReadFile(filepath.Join(root, r.File))
		if err != nil {
			t.Fatal(err)
		}
		got, err := docgen.RegionContent(string(b), r.Name)
		if err != nil {
			t.Fatalf("%s: %v", r.File, err)
		}
		if want := strings.TrimRight(r.Content, "\n"); got != want {
			t.Errorf("%s's %s region is not what the plan prints; regenerate it with:\n\n    go run ./cmd/plan --write-readme\n\n(-%s +plan):\n%s", r.File, r.Name, r.File, cmp.Diff(got, want))
		}
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
	// prod has a zone more (a subnet more of each tier), a NAT gateway
	// (with its address) in each of its three zones where dev has a NAT
	// instance (with its address).
	for _, w := range []plan.TypeDelta{
		{Type: "aws:ec2/subnet:Subnet", From: 4, To: 6}, {Type: "aws:ec2/natGateway:NatGateway", From: 0, To: 3},
		{Type: "aws:ec2/eip:Eip", From: 1, To: 3}, {Type: "aws:ec2/networkInterface:NetworkInterface", From: 1, To: 0},
	} {
		if !slices.Contains(c.Types, w) {
			t.Errorf("type changes %v lack %v", c.Types, w)
		}
	}
	if c.Costs[0].From != dev.Costs[0].Total || c.Costs[0].To != prod.Costs[0].Total || c.Costs[1].To != prod.Costs[1].Total {
		t.Errorf("cost changes %+v do not match the plans' totals", c.Costs)
	}
	_, text, _ := runPlan(t, "--compare", "prod")
	for _, w := range []string{"Plan difference: dev → prod", "== Fixed monthly cost", "added: ", "ec2:NatGateway vpc-nat-2", "removed: ", "ec2:NetworkInterface vpc-nat"} {
		if !strings.Contains(text, w) {
			t.Errorf("comparison text lacks %q:\n%s", w, text)
		}
	}
}

// TestPlanCommandEndToEnd runs `go run ./cmd/plan --format json` as a
// contributor would, from the project's root: it prints what the
// in-process plan does, and exits 2 on a usage error.
func TestPlanCommandEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command: skipped with -short")
	}
	t.Parallel()
	goRun := func(args ...string) *exec.Cmd {
		cmd := exec.Command("go", append([]string{"run", "./cmd/plan"}, args...)...)
		cmd.Dir = root
		return cmd
	}
	// The usage error runs beside the plan: `go run` reports the
	// command's exit code 2 as "exit status 2".
	t.Run("usage error", func(t *testing.T) {
		t.Parallel()
		cmd := goRun("--format", "yaml")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), `plan: --format "yaml"`) || !strings.Contains(stderr.String(), "exit status 2") {
			t.Errorf("go run ./cmd/plan --format yaml: %v, stderr:\n%s", err, stderr.String())
		}
	})
	out, err := goRun("--stack", "dev", "--format", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := plan.ParseDocument(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(planOf(t, "dev"), got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("go run ./cmd/plan differs from the in-process plan (-in process +go run):\n%s", diff)
	}
}
