package ecs

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUserDataAMIParameter(t *testing.T) {
	t.Parallel()
	const x86, arm = userDataAMIParameterX86, userDataAMIParameterArm64
	tests := map[string]string{
		ArchitectureX86: x86,
		ArchitectureArm: arm,
		"":              x86, // never reaches it: ClusterArgs.Validate refuses it
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if got := userDataAMIParameter(in); got != want {
				t.Errorf("userDataAMIParameter(%q) = %q, want %q", in, got, want)
			}
			if got := userDataImageID(in); got != "resolve:ssm:"+want {
				t.Errorf("userDataImageID(%q) = %q, want resolve:ssm:%s", in, got, want)
			}
		})
	}
	if x86 != "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" ||
		arm != "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id" {
		t.Errorf("AMI parameters = %q, %q: want AWS's published ECS-optimized AL2023 parameters", x86, arm)
	}
}

// userDataDecode returns the script userDataBase64 encodes, failing the test
// when it is not base64.
func userDataDecode(t *testing.T, clusterName string) string {
	t.Helper()
	enc, err := userDataBase64(clusterName)
	if err != nil {
		t.Fatalf("userDataBase64(%q): %v", clusterName, err)
	}
	dec, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatalf("userDataBase64(%q) is not base64: %v", clusterName, err)
	}
	return string(dec)
}

// userDataHeredoc returns the lines of the here-document that the line
// opener starts, up to its EOF line.
func userDataHeredoc(script, opener string) ([]string, bool) {
	lines := strings.Split(script, "\n")
	for i, l := range lines {
		if l != opener {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j] == "EOF" {
				return lines[i+1 : j], true
			}
		}
	}
	return nil, false
}

func TestUserDataScript(t *testing.T) {
	t.Parallel()
	script := userDataDecode(t, "web-1a2b3c4")
	lines := strings.Split(script, "\n")

	if lines[0] != "#!/bin/bash" || !strings.Contains(script, "\nset -euo pipefail\n") {
		t.Errorf("user data does not start as a strict bash script:\n%s", script)
	}

	agent, ok := userDataHeredoc(script, "cat >> /etc/ecs/ecs.config <<'EOF'")
	if !ok {
		t.Fatalf("user data does not append to /etc/ecs/ecs.config:\n%s", script)
	}
	want := []string{
		"ECS_CLUSTER=web-1a2b3c4",
		"ECS_ENABLE_TASK_IAM_ROLE=true",
		"ECS_AWSVPC_BLOCK_IMDS=true",
		"ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM=ec2_instance",
		"ECS_RESERVED_MEMORY=256",
	}
	if diff := cmp.Diff(want, agent); diff != "" {
		t.Errorf("ecs.config lines (-want +got):\n%s", diff)
	}

	rule, ok := userDataHeredoc(script, "cat > /var/lib/cloud/scripts/per-boot/ecs-block-imds.sh <<'EOF'")
	if !ok {
		t.Fatalf("user data does not install the per-boot metadata rule:\n%s", script)
	}
	wantRule := []string{
		"#!/bin/bash",
		"iptables --new-chain DOCKER-USER 2>/dev/null || true",
		"iptables --check DOCKER-USER --in-interface docker+ --destination 169.254.169.254/32 --jump DROP 2>/dev/null ||",
		"  iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP",
	}
	if diff := cmp.Diff(wantRule, rule); diff != "" {
		t.Errorf("metadata rule script (-want +got):\n%s", diff)
	}
	// The rule is applied now, not only at the next boot, after the agent's
	// configuration is written.
	tail := strings.TrimSpace(script)
	if !strings.HasSuffix(tail, "\nchmod 0755 /var/lib/cloud/scripts/per-boot/ecs-block-imds.sh\n/var/lib/cloud/scripts/per-boot/ecs-block-imds.sh") {
		t.Errorf("user data does not end by running the metadata rule script:\n%s", script)
	}
	if strings.Index(script, "ECS_CLUSTER=") > strings.Index(script, "iptables") {
		t.Errorf("user data applies the iptables rule before it configures the agent:\n%s", script)
	}
}

// TestUserDataScriptParses checks the script's syntax with bash itself.
func TestUserDataScriptParses(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine")
	}
	cmd := exec.Command(bash, "-n")
	cmd.Stdin = strings.NewReader(userDataDecode(t, "web_cluster-1"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("bash -n: %v\n%s", err, out)
	}
}

// TestUserDataScriptRuns runs the script with its paths moved under a
// temporary directory and a stand-in iptables that records its calls and
// reports the rule absent: the agent's configuration is appended to what the
// image ships, and the rule is checked, then inserted first in DOCKER-USER.
func TestUserDataScriptRuns(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine")
	}
	root := t.TempDir()
	for _, d := range []string{"etc/ecs", "bin"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "etc/ecs/ecs.config"), []byte("ECS_SHIPPED=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := filepath.Join(root, "iptables.calls")
	fake := "#!/bin/bash\necho \"$*\" >> " + calls + "\n[ \"$1\" != --check ]\n"
	if err := os.WriteFile(filepath.Join(root, "bin/iptables"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	script := userDataDecode(t, "web-1a2b3c4")
	script = strings.ReplaceAll(script, " /etc/", " "+root+"/etc/")
	script = strings.ReplaceAll(script, "/var/lib/cloud/", root+"/var/lib/cloud/")
	cmd := exec.Command(bash, "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(root, "bin")+":"+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user data failed: %v\n%s\n%s", err, out, script)
	}

	config, err := os.ReadFile(filepath.Join(root, "etc/ecs/ecs.config"))
	if err != nil {
		t.Fatal(err)
	}
	wantConfig := "ECS_SHIPPED=1\n" + strings.Join(userDataAgentConfig("web-1a2b3c4"), "\n") + "\n"
	if diff := cmp.Diff(wantConfig, string(config)); diff != "" {
		t.Errorf("ecs.config (-want +got):\n%s", diff)
	}
	got, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := []string{
		"--new-chain DOCKER-USER",
		"--check DOCKER-USER --in-interface docker+ --destination 169.254.169.254/32 --jump DROP",
		"--insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP",
	}
	if diff := cmp.Diff(wantCalls, strings.Split(strings.TrimSpace(string(got)), "\n")); diff != "" {
		t.Errorf("iptables calls (-want +got):\n%s", diff)
	}
	if fi, err := os.Stat(root + userDataBlockIMDSScript); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("per-boot script %s is not executable: %v", userDataBlockIMDSScript, err)
	}
}

func TestUserDataRejectsNonNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "web app", "web;reboot", "web\nECS_CLUSTER=other", "$(id)", strings.Repeat("a", 256)} {
		if s, err := userDataBase64(name); err == nil || s != "" {
			t.Errorf("userDataBase64(%q) = %q, %v; want an error", name, s, err)
		} else if !strings.HasPrefix(err.Error(), "ecs: cluster name ") {
			t.Errorf("userDataBase64(%q) error %q lacks the origin prefix", name, err)
		}
	}
}
