package ecs

import (
	"encoding/base64"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// What a container instance boots: the ECS-optimized Amazon Linux 2023 image
// for its architecture and the user data that joins it to the cluster. Pure:
// no pulumi import.

// SSM parameters AWS publishes with the latest ECS-optimized Amazon Linux 2023
// image id, per architecture. A launch template whose imageId is
// "resolve:ssm:"+parameter resolves it at each instance launch.
const (
	userDataAMIParameterX86   = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
	userDataAMIParameterArm64 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
)

// userDataAMIParameter returns the SSM parameter naming the ECS-optimized
// Amazon Linux 2023 image for an architecture (ArchitectureX86 or
// ArchitectureArm).
func userDataAMIParameter(architecture string) string {
	if architecture == ArchitectureArm {
		return userDataAMIParameterArm64
	}
	return userDataAMIParameterX86
}

// userDataImageID returns the launch template imageId that resolves the
// latest ECS-optimized Amazon Linux 2023 image for an architecture at each
// launch.
func userDataImageID(architecture string) string {
	return "resolve:ssm:" + userDataAMIParameter(architecture)
}

// userDataClusterNamePattern is what ECS accepts as a cluster name. Checking it
// keeps anything but a name out of the shell script.
var userDataClusterNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// userDataBlockIMDSScript is where the metadata-blocking rule's script lives:
// cloud-init runs the scripts in this directory at every boot, so the rule
// survives a reboot without a package install at boot.
const userDataBlockIMDSScript = "/var/lib/cloud/scripts/per-boot/ecs-block-imds.sh"

// userDataBlockIMDSRule is AWS's documented rule that drops traffic from
// containers on Docker bridges (docker0 and friends) to the instance metadata
// service, where the instance role's credentials are. Tasks still get their
// own role's credentials from the ECS agent at 169.254.170.2.
//
// It goes in DOCKER-USER, the chain Docker keeps for its users and jumps to
// first from FORWARD, so Docker's own rules, inserted when it starts, cannot
// get ahead of it. The script creates the chain when Docker has not yet
// started; Docker keeps the chain's rules when it starts.
const userDataBlockIMDSRule = "--in-interface docker+ --destination 169.254.169.254/32 --jump DROP"

// userDataAgentConfig returns the ECS agent settings, in the order written to
// /etc/ecs/ecs.config.
func userDataAgentConfig(clusterName string) []string {
	return []string{
		// Register with this cluster rather than "default".
		"ECS_CLUSTER=" + clusterName,
		// Give tasks the credentials of their task role (the agent's default
		// on the ECS-optimized AMI, written down so it cannot drift).
		"ECS_ENABLE_TASK_IAM_ROLE=true",
		// Tasks in awsvpc mode may not reach the instance metadata service
		// either; bridge mode is covered by the iptables rule below.
		"ECS_AWSVPC_BLOCK_IMDS=true",
		// The container instance carries the instance's tags (Project, Stack,
		// ...), for cost allocation and the console.
		"ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM=ec2_instance",
		// Memory tasks may not take: the agent, Docker and the system keep
		// it, so a full instance does not make the kernel kill one of them.
		// The capacity checks (InstanceType.TaskMemoryMiB) count on it.
		"ECS_RESERVED_MEMORY=" + strconv.Itoa(ReservedMemoryMiB),
	}
}

// userDataScript returns the shell script a container instance runs at first
// boot, before the ECS agent starts: it configures the agent to join
// clusterName and blocks containers from the instance metadata service.
func userDataScript(clusterName string) (string, error) {
	if !userDataClusterNamePattern.MatchString(clusterName) {
		return "", fmt.Errorf("ecs: cluster name %q is not 1 to 255 letters, digits, hyphens and underscores", clusterName)
	}
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	b.WriteString("# ECS container instance bootstrap, written by the ecs.Cluster component.\n")
	b.WriteString("set -euo pipefail\n\n")

	b.WriteString("# ECS agent configuration, read when the agent starts after this script.\n")
	b.WriteString("cat >> /etc/ecs/ecs.config <<'EOF'\n")
	for _, line := range userDataAgentConfig(clusterName) {
		b.WriteString(line + "\n")
	}
	b.WriteString("EOF\n\n")

	b.WriteString("# Containers on Docker bridges may not reach the instance metadata service and\n")
	b.WriteString("# the instance role's credentials (besides the launch template's hop limit of 1).\n")
	b.WriteString("# cloud-init re-applies the rule at every boot.\n")
	b.WriteString("mkdir -p " + path.Dir(userDataBlockIMDSScript) + "\n")
	b.WriteString("cat > " + userDataBlockIMDSScript + " <<'EOF'\n")
	b.WriteString("#!/bin/bash\n")
	b.WriteString("iptables --new-chain DOCKER-USER 2>/dev/null || true\n")
	b.WriteString("iptables --check DOCKER-USER " + userDataBlockIMDSRule + " 2>/dev/null ||\n")
	b.WriteString("  iptables --insert DOCKER-USER 1 " + userDataBlockIMDSRule + "\n")
	b.WriteString("EOF\n")
	b.WriteString("chmod 0755 " + userDataBlockIMDSScript + "\n")
	b.WriteString(userDataBlockIMDSScript + "\n")
	return b.String(), nil
}

// userDataBase64 returns userDataScript(clusterName) base64-encoded, as a
// launch template's userData must be.
func userDataBase64(clusterName string) (string, error) {
	s, err := userDataScript(clusterName)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}
