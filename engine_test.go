package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNATSwitchThroughTheEngine switches natGateways between single,
// instance and perAz through the real Pulumi CLI and engine, with the
// stand-in AWS provider of ../shared/tools/pulumi-offline (set
// PULUMI_OFFLINE to its pulumi script; a few minutes): each preview may
// create, update or delete NAT resources, update the private default
// routes in place (never replace them: that would fail on AWS, the old
// route holding the destination) and the test listener's prefix list of
// NAT addresses, and touch nothing else, subnets least of all. Then two
// unrelated changes (the container instances' type, a third zone) leave
// the NAT instance alone.
func TestNATSwitchThroughTheEngine(t *testing.T) {
	tool := os.Getenv("PULUMI_OFFLINE")
	if tool == "" {
		t.Skip("set PULUMI_OFFLINE to ../shared/tools/pulumi-offline/pulumi to run the real engine (a few minutes)")
	}
	tool, err := filepath.Abs(tool)
	if err != nil {
		t.Fatal(err)
	}
	dir := copyWorkingTree(t)
	pulumi := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(tool, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pulumi %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
		}
		return out
	}
	pulumi("stack", "init", "dev")
	t.Cleanup(func() { // the tool keeps state per project directory, outside it
		rm := exec.Command(tool, "stack", "rm", "--yes", "--force", "--stack", "dev")
		rm.Dir = dir
		_ = rm.Run() // best effort: a leftover only takes disk space
	})
	set := func(key, value string) { pulumi("config", "set", "--stack", "dev", key, value) }
	type step struct {
		Op          string   `json:"op"`
		URN         string   `json:"urn"`
		DiffReasons []string `json:"diffReasons"`
	}
	preview := func() []step {
		var p struct {
			Steps []step `json:"steps"`
		}
		if err := json.Unmarshal(pulumi("preview", "--json", "--stack", "dev"), &p); err != nil {
			t.Fatal(err)
		}
		var changed []step
		for _, s := range p.Steps {
			if s.Op != "same" {
				changed = append(changed, s)
			}
		}
		return changed
	}
	typeAndName := func(urn string) (string, string) {
		parts := strings.Split(urn, "::")
		typ := parts[len(parts)-2]
		return typ[strings.LastIndex(typ, "$")+1:], parts[len(parts)-1]
	}
	natTypes := []string{
		"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/networkInterface:NetworkInterface",
		"aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:iam/role:Role",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/instanceProfile:InstanceProfile",
		"aws:ec2/launchTemplate:LaunchTemplate", "aws:autoscaling/group:Group",
	}

	set("natGateways", "single")
	pulumi("up", "--yes", "--skip-preview", "--stack", "dev")
	// Every switch, both ways; single and perAz share the first zone's NAT
	// gateway and route.
	for _, sw := range []struct {
		to     string
		routes int
	}{{"instance", 2}, {"perAz", 2}, {"instance", 2}, {"single", 2}, {"perAz", 1}, {"single", 1}, {"instance", 2}} {
		to := sw.to
		set("natGateways", to)
		steps := preview()
		var routes, nat int
		for _, s := range steps {
			typ, name := typeAndName(s.URN)
			switch {
			case typ == "aws:ec2/route:Route" && strings.HasSuffix(name, "-nat") && s.Op == "update":
				routes++
			case typ == "aws:ec2/managedPrefixList:ManagedPrefixList" && s.Op == "update" && slices.Equal(s.DiffReasons, []string{"entries"}):
			case slices.Contains(natTypes, typ) && strings.HasPrefix(name, "vpc-nat") && s.Op != "replace":
				nat++
			default:
				t.Errorf("natGateways → %s: %s %s %s %v, want only NAT resources, routes and the NAT addresses' prefix list", to, s.Op, typ, name, s.DiffReasons)
			}
		}
		t.Logf("natGateways → %s: %d NAT resources created or deleted, %d routes updated in place", to, nat, routes)
		if routes != sw.routes || nat == 0 {
			t.Errorf("natGateways → %s: %d routes updated, %d NAT resources changed; want %d routes and some", to, routes, nat, sw.routes)
		}
		pulumi("up", "--yes", "--skip-preview", "--stack", "dev")
	}
	// With the NAT instance: changes elsewhere leave it alone.
	for _, change := range [][2]string{{"instanceType", "t4g.medium"}, {"azCount", "3"}} {
		set(change[0], change[1])
		for _, s := range preview() {
			if typ, name := typeAndName(s.URN); strings.HasPrefix(name, "vpc-nat") || (slices.Contains(natTypes, typ) && strings.Contains(name, "nat")) {
				t.Errorf("%s %s: %s %s %s, want the NAT instance left alone", change[0], change[1], s.Op, typ, name)
			}
		}
		pulumi("up", "--yes", "--skip-preview", "--stack", "dev")
	}
	if out := pulumi("preview", "--expect-no-changes", "--stack", "dev"); !bytes.Contains(out, []byte("Resources:")) {
		t.Errorf("a second preview: %s", out)
	}
}

// copyWorkingTree copies the module's tracked and untracked files (not
// the ignored ones) into a new directory: a project directory of its own,
// whose stack state the offline tool keeps apart.
func copyWorkingTree(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	dir := t.TempDir()
	for _, f := range strings.Fields(string(out)) {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if f == "Pulumi.dev.yaml" {
			// stack init writes a salt into the copy's stack file, not ours.
			b = bytes.ReplaceAll(b, []byte("encryptionsalt:"), []byte("# encryptionsalt:"))
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
