package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDuration(t *testing.T) {
	t.Parallel()
	for s, want := range map[int]string{0: "0 s", 40: "40 s", 60: "1 min", 200: "3 min 20 s", 3600: "1 h", 4005: "1 h 6 min 45 s", -90: "-1 min 30 s"} {
		if got := Duration(s); got != want {
			t.Errorf("Duration(%d) = %q, want %q", s, got, want)
		}
	}
}

func buildArch(t *testing.T, rs []Resource) Document {
	t.Helper()
	d, err := Build("proj", "test", "us-east-1", rs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBuild(t *testing.T) {
	t.Parallel()
	d := buildArch(t, archStack())
	// vpc 0→2, internet gateway 2→4, public route 4→6, load balancer
	// 6→186, production listener 186→188, service 188→198, deployment group
	// 198→200. The instances' side (launch template, group, capacity
	// provider) is done at 17.
	var path []string
	for _, s := range d.CriticalPath.Steps {
		path = append(path, ShortType(s.Type)+" "+s.Name)
	}
	wantPath := []string{"ec2:Vpc vpc", "ec2:InternetGateway vpc-igw", "ec2:Route vpc-public-internet", "lb:LoadBalancer web", "lb:Listener web-prod", "ecs:Service app", "codedeploy:DeploymentGroup app"}
	if diff := cmp.Diff(wantPath, path); diff != "" || d.CriticalPath.TotalSeconds != 200 {
		t.Errorf("critical path %d s, want 200 s (-want +got):\n%s", d.CriticalPath.TotalSeconds, diff)
	}
	// The target groups give only the interval: AWS's healthy threshold (5)
	// and deregistration delay (300 s) apply.
	//   healthy 30 + 10 = 40; shift 40; complete 40 + 5×60 + 300 = 640.
	if len(d.Releases) != 1 {
		t.Fatalf("releases = %d, want 1", len(d.Releases))
	}
	if r := d.Releases[0]; r.HealthySeconds != 40 || r.ShiftSeconds != 40 || r.CompleteSeconds != 640 {
		t.Errorf("release healthy/shift/complete = %d/%d/%d s, want 40/40/640", r.HealthySeconds, r.ShiftSeconds, r.CompleteSeconds)
	}
	// us-east-1: NAT 32.85 + Elastic IP 3.65 + ALB 16.425 + its one
	// address 3.65 + one t3.small 730 × 0.0208 = 15.184: 71.759. The
	// launch template names no volume: the image's size is unknown.
	// ap-northeast-2: 43.07 + 3.65 + 16.425 + 3.65 + 730 × 0.026 = 18.98: 85.775.
	var regions []string
	for _, c := range d.Costs {
		regions = append(regions, c.Region)
	}
	if diff := cmp.Diff([]string{"us-east-1", "ap-northeast-2"}, regions); diff != "" {
		t.Errorf("cost regions (-want +got):\n%s", diff)
	}
	if d.Costs[0].Total != USD(71, 759_000) || d.Costs[1].Total != USD(85, 775_000) {
		t.Errorf("totals = %s, %s; want $71.76, $85.78", d.Costs[0].Total, d.Costs[1].Total)
	}
	if len(d.Costs[0].Unknown) != 1 || !strings.Contains(d.Costs[0].Unknown[0], "EBS volumes of cluster") {
		t.Errorf("unknown = %q, want the image's volumes", d.Costs[0].Unknown)
	}
	if d.Tree.Resources != 23 || len(d.Resources) != 27 {
		t.Errorf("tree counts %d cloud resources and the list %d resources, want 23 and 27 (4 components)", d.Tree.Resources, len(d.Resources))
	}
	// Keys drop "urn:pulumi:test::proj::" and sort.
	if k := d.Resources[0].Key; k != "aws:autoscaling/group:Group::cluster" {
		t.Errorf("first key = %q, want the URN without stack and project", k)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	d := buildArch(t, archStack())
	sections := []string{
		"Offline plan: proj, stack test (us-east-1)",
		"Resources: 23 in 4 components",
		"Architecture",
		"Critical path of `pulumi up` (modelled): 3 min 20 s",
		"Release times (modelled)",
		"Fixed monthly cost (prices as of " + Prices.AsOf + ", 730 h a month)",
		"us-east-1 (the stack's)",
		"$71.76 + price unknown",
		"Price unknown in us-east-1, left out of its total: EBS volumes of cluster",
		"load balancer capacity units",
	}
	text, md := d.Text(), d.Markdown()
	for _, s := range sections {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	for _, s := range []string{"\n== Architecture\n", "\n  release complete     10 min 40 s  11 min 30 s  shifted + termination wait 5 min + deregistration delay 5 min\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}
	for _, s := range []string{"\n## Architecture\n", "```mermaid\nflowchart TB\n", "| milestone | expected | slow start | formula |\n|---|---:|---:|---|\n"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}

func TestDocumentJSON(t *testing.T) {
	t.Parallel()
	d := buildArch(t, archStack())
	b, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, back, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("JSON round trip (-before +after):\n%s", diff)
	}
	for in, want := range map[string]string{
		`{"schemaVersion": 99}`: "schema version is 99, this program reads 1",
		`not json`:              "not a plan in JSON",
	} {
		if _, err := ParseDocument([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDocument(%s) error = %v, want %q", in, err, want)
		}
	}
}
