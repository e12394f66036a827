package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// source serves raw values from a map, as the stack file would.
func source(m map[string]string) configSource {
	return func(key string) (string, bool) {
		v, ok := m[key]
		return v, ok
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	t.Parallel()
	got, err := loadConfig(source(nil))
	if err != nil {
		t.Fatalf("loadConfig(defaults) = %v", err)
	}
	want := stackConfig{
		AZCount: 2, VPCCIDR: "10.0.0.0/16", NATGateways: "perAz", FlowLogs: false,
		InstanceType: "t3.small", ContainerPort: 8080, ListenerPort: 80, TestListenerPort: 8080,
		Image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine", DesiredCount: 2,
		CertificateARN: "", TestListenerCIDRs: []string{"10.0.0.0/16"}, HealthCheckPath: "/",
		HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, DeregistrationDelaySeconds: 30,
		ContainerName: "app", CPU: 256, MemoryMiB: 512, LogRetentionDays: 30, MaxCount: 2,
		HealthCheckGracePeriodSeconds: 60, DeploymentConfig: "CodeDeployDefault.ECSAllAtOnce", TerminationWaitMinutes: 5,
		ApprovalWaitMinutes: 0, BuildImage: false,
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(stackConfig{})); diff != "" {
		t.Errorf("loadConfig(defaults) (-want +got):\n%s", diff)
	}
}

func TestLoadConfigDesiredCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		azCount, desired string
		want             int
	}{{"3", "0", 3}, {"3", "", 3}, {"2", "5", 5}} {
		m := map[string]string{"azCount": tc.azCount}
		if tc.desired != "" {
			m["desiredCount"] = tc.desired
		}
		got, err := loadConfig(source(m))
		if err != nil || got.DesiredCount != tc.want {
			t.Errorf("loadConfig(azCount=%s, desiredCount=%q).DesiredCount = %d, %v; want %d", tc.azCount, tc.desired, got.DesiredCount, err, tc.want)
		}
	}
}

// badConfigs lists, for every key, values that must be refused and the
// fragments the error must contain: the key, the bad value, and a fix.
var badConfigs = map[string]struct {
	key, value string
	want       []string
}{
	"azCount not a number":     {"azCount", "two", []string{`azCount: "two" is not a whole number`, "pulumi config set azCount 2"}},
	"azCount empty":            {"azCount", "", []string{`azCount: "" is not a whole number`}},
	"azCount fraction":         {"azCount", "2.5", []string{`azCount: "2.5"`}},
	"azCount one":              {"azCount", "1", []string{"azCount: 1 is out of range: use 2 to 8", "pulumi config set azCount 2"}},
	"azCount too many":         {"azCount", "9", []string{"azCount: 9 is out of range"}},
	"vpcCidr garbage":          {"vpcCidr", "10.0.0.0", []string{`vpcCidr: "10.0.0.0" is not a CIDR block`, "pulumi config set vpcCidr 10.0.0.0/16"}},
	"vpcCidr too small":        {"vpcCidr", "10.0.0.0/25", []string{`vpcCidr: "10.0.0.0/25" has prefix length /25`, "/16 to /23"}},
	"vpcCidr too large":        {"vpcCidr", "10.0.0.0/12", []string{`vpcCidr: "10.0.0.0/12"`}},
	"vpcCidr host bits":        {"vpcCidr", "10.0.0.5/16", []string{"vpcCidr:", "network address is 10.0.0.0/16"}},
	"vpcCidr docker":           {"vpcCidr", "172.17.0.0/16", []string{"vpcCidr:", "Docker's bridge"}},
	"vpcCidr ipv6":             {"vpcCidr", "fd00::/48", []string{"vpcCidr:", "not IPv4"}},
	"natGateways unknown":      {"natGateways", "two", []string{`natGateways: "two" is not a NAT strategy`, `"single"`, `"perAz"`, "pulumi config set natGateways perAz"}},
	"natGateways wrong case":   {"natGateways", "PerAZ", []string{`natGateways: "PerAZ"`}},
	"flowLogs not a bool":      {"flowLogs", "yes please", []string{`flowLogs: "yes please" is not true or false`, "pulumi config set flowLogs true"}},
	"instanceType no size":     {"instanceType", "t3", []string{`instanceType: "t3" is not an EC2 instance type`, "pulumi config set instanceType t3.small"}},
	"instanceType upper case":  {"instanceType", "T3.Small", []string{`instanceType: "T3.Small"`}},
	"instanceType bad size":    {"instanceType", "t3.huge", []string{`instanceType: "t3.huge"`}},
	"instanceType empty":       {"instanceType", "", []string{`instanceType: ""`}},
	"containerPort zero":       {"containerPort", "0", []string{"containerPort: 0 is not a TCP port: use 1 to 65535", "pulumi config set containerPort 8080"}},
	"containerPort too big":    {"containerPort", "70000", []string{"containerPort: 70000 is not a TCP port"}},
	"containerPort word":       {"containerPort", "http", []string{`containerPort: "http" is not a whole number`}},
	"listenerPort negative":    {"listenerPort", "-80", []string{"listenerPort: -80 is not a TCP port"}},
	"testListenerPort big":     {"testListenerPort", "65536", []string{"testListenerPort: 65536 is not a TCP port"}},
	"testListenerPort clashes": {"testListenerPort", "80", []string{"testListenerPort: 80 is also listenerPort", "pulumi config set testListenerPort 8080"}},
	"image empty":              {"image", "", []string{`image: "" is empty`}},
	"image upper case":         {"image", "Nginx:latest", []string{`image: "Nginx:latest" has repository path "Nginx"`}},
	"image bad tag":            {"image", "nginx:-x", []string{`image: "nginx:-x" has tag "-x"`}},
	"image bad digest":         {"image", "nginx@sha256:abc", []string{`has digest "sha256:abc"`}},
	"image spaces":             {"image", "nginx latest", []string{"contains white space"}},
	"image bad registry":       {"image", "my_registry.com/app:1", []string{`has registry "my_registry.com"`}},
	"desiredCount negative":    {"desiredCount", "-1", []string{"desiredCount: -1 is negative"}},
	"desiredCount word":        {"desiredCount", "many", []string{`desiredCount: "many" is not a whole number`}},

	"certificateArn not acm":          {"certificateArn", "arn:aws:iam::123456789012:server-certificate/x", []string{"certificateArn:", "is not an ACM certificate ARN"}},
	"testListenerCidrs not a list":    {"testListenerCidrs", "10.0.0.0/16", []string{`testListenerCidrs: "10.0.0.0/16" is not a list of strings`, "pulumi config set --path"}},
	"testListenerCidrs internet":      {"testListenerCidrs", `["0.0.0.0/0"]`, []string{`testListenerCidrs[0]: "0.0.0.0/0" is wider than /8`, "must never be open to the internet"}},
	"testListenerCidrs too wide":      {"testListenerCidrs", `["10.0.0.0/16","8.0.0.0/7"]`, []string{`testListenerCidrs[1]: "8.0.0.0/7"`}},
	"testListenerCidrs garbage":       {"testListenerCidrs", `["office"]`, []string{`testListenerCidrs[0]: "office" is not an IPv4 CIDR block`}},
	"testListenerCidrs host bits":     {"testListenerCidrs", `["203.0.113.7/24"]`, []string{`testListenerCidrs[0]: "203.0.113.7/24"`}},
	"healthCheckPath relative":        {"healthCheckPath", "health", []string{`healthCheckPath: "health" is not a URL path`, "pulumi config set healthCheckPath /health"}},
	"healthCheckPath space":           {"healthCheckPath", "/a b", []string{`healthCheckPath: "/a b"`}},
	"healthCheckInterval too short":   {"healthCheckIntervalSeconds", "4", []string{"healthCheckIntervalSeconds: 4 is out of range: use 5 to 300 seconds"}},
	"healthCheckInterval too long":    {"healthCheckIntervalSeconds", "301", []string{"healthCheckIntervalSeconds: 301"}},
	"healthyThresholdCount one":       {"healthyThresholdCount", "1", []string{"healthyThresholdCount: 1 is out of range: use 2 to 10"}},
	"deregistrationDelay negative":    {"deregistrationDelaySeconds", "-1", []string{"deregistrationDelaySeconds: -1 is out of range: use 0 to 3600"}},
	"deregistrationDelay too long":    {"deregistrationDelaySeconds", "3601", []string{"deregistrationDelaySeconds: 3601"}},
	"deletionProtection word":         {"deletionProtection", "on", []string{`deletionProtection: "on" is not true or false`}},
	"accessLogs word":                 {"accessLogs", "yes", []string{`accessLogs: "yes" is not true or false`}},
	"containerName space":             {"containerName", "my app", []string{`containerName: "my app" is not a container name`}},
	"containerName empty":             {"containerName", "", []string{`containerName: ""`}},
	"cpu zero":                        {"cpu", "0", []string{"cpu: 0 is out of range: use 2 to 196608"}},
	"memory tiny":                     {"memory", "4", []string{"memory: 4 is out of range: use 6 to"}},
	"logRetentionDays odd":            {"logRetentionDays", "10", []string{"logRetentionDays: 10 is not a CloudWatch Logs retention period"}},
	"maxCount below desired":          {"maxCount", "1", []string{"maxCount: 1 is less than the desired count 2"}},
	"maxCount negative":               {"maxCount", "-3", []string{"maxCount: -3 is negative"}},
	"healthCheckGracePeriod negative": {"healthCheckGracePeriodSeconds", "-5", []string{"healthCheckGracePeriodSeconds: -5 is out of range"}},
	"deploymentConfig ec2 default":    {"deploymentConfig", "CodeDeployDefault.OneAtATime", []string{`deploymentConfig: DeploymentConfig "CodeDeployDefault.OneAtATime" is not a CodeDeploy configuration for ECS`, "pulumi config set deploymentConfig Canary10Percent5Minutes"}},
	"terminationWaitMinutes too long": {"terminationWaitMinutes", "2881", []string{"terminationWaitMinutes: 2881 is out of range: use 0 to 2880 minutes"}},
	"terminationWaitMinutes negative": {"terminationWaitMinutes", "-1", []string{"terminationWaitMinutes: -1"}},
	"buildImage word":                 {"buildImage", "docker", []string{`buildImage: "docker" is not true or false`}},
	"approvalWaitMinutes too long":    {"approvalWaitMinutes", "2881", []string{"approvalWaitMinutes: 2881 is out of range: use 0 to 2880 minutes (0: no approval)"}},
}

// TestLoadConfigCertificatePorts: with a certificate, production takes 443.
func TestLoadConfigCertificatePorts(t *testing.T) {
	t.Parallel()
	_, err := loadConfig(source(map[string]string{
		"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
		"listenerPort":   "443",
	}))
	if err == nil || !strings.Contains(err.Error(), "listenerPort (443) and testListenerPort (8080) must not be 443") {
		t.Errorf("loadConfig(certificate, listenerPort 443) = %v, want the 443 clash named", err)
	}
}

func TestLoadConfigResolvesShortDeploymentConfig(t *testing.T) {
	t.Parallel()
	c, err := loadConfig(source(map[string]string{"deploymentConfig": "Linear10PercentEvery1Minutes", "maxCount": "6", "testListenerCidrs": `["203.0.113.0/24"]`}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DeploymentConfig != "CodeDeployDefault.ECSLinear10PercentEvery1Minutes" || c.MaxCount != 6 || len(c.TestListenerCIDRs) != 1 {
		t.Errorf("loadConfig = %+v", c)
	}
}

func TestLoadConfigRejectsBadValues(t *testing.T) {
	t.Parallel()
	for name, tc := range badConfigs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := loadConfig(source(map[string]string{tc.key: tc.value}))
			if err == nil {
				t.Fatalf("loadConfig(%s=%q) succeeded, want an error", tc.key, tc.value)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("loadConfig(%s=%q) error\n%v\nlacks %q", tc.key, tc.value, err, w)
				}
			}
		})
	}
}

func TestLoadConfigReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := loadConfig(source(map[string]string{
		"azCount": "1", "vpcCidr": "nope", "natGateways": "x", "instanceType": "big",
		"containerPort": "0", "listenerPort": "8080", "testListenerPort": "8080", "image": "", "desiredCount": "-2",
	}))
	if err == nil {
		t.Fatal("loadConfig(all bad) succeeded")
	}
	for _, key := range []string{"azCount:", "vpcCidr:", "natGateways:", "instanceType:", "containerPort:", "testListenerPort:", "image:", "desiredCount:"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not report %s\n%v", key, err)
		}
	}
	// Parse errors are reported together too.
	_, err = loadConfig(source(map[string]string{"azCount": "two", "flowLogs": "maybe", "containerPort": "x"}))
	for _, key := range []string{"azCount:", "flowLogs:", "containerPort:"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("parse errors do not report %s: %v", key, err)
		}
	}
}

func TestCheckImageReference(t *testing.T) {
	t.Parallel()
	good := []string{
		"nginx", "nginx:1.27", "library/nginx:latest", "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
		"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/hello-api:2024.01.21-abc123",
		"localhost:5000/app", "registry:5000/team/app:v1", "ghcr.io/org/app@sha256:" + strings.Repeat("a", 64),
		"ghcr.io/org/app:v1@sha256:" + strings.Repeat("0", 64), "a__b/c-d.e:TAG_1",
	}
	for _, s := range good {
		if err := checkImageReference(s); err != nil {
			t.Errorf("checkImageReference(%q) = %v, want nil", s, err)
		}
	}
	bad := []string{"", "UPPER/app", "app:", "app:tag:tag2", "/app", "app/", "app//x", "-app", "app@sha256:xyz", "host:port/app", "a b", "app:" + strings.Repeat("t", 129)}
	for _, s := range bad {
		if err := checkImageReference(s); err == nil {
			t.Errorf("checkImageReference(%q) = nil, want an error", s)
		}
	}
}

func TestImageIsPinned(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"nginx": false, "localhost:5000/app": false, "nginx:1.27": true, "registry:5000/app:v1": true,
		"app@sha256:" + strings.Repeat("a", 64): true,
	} {
		if got := imageIsPinned(s); got != want {
			t.Errorf("imageIsPinned(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestLoadConfigBuildImageReplacesImage(t *testing.T) {
	t.Parallel()
	if _, err := loadConfig(source(map[string]string{"buildImage": "true", "image": "nginx:1"})); err == nil || !strings.Contains(err.Error(), `buildImage: true builds and runs the bundled sample service, but the stack also sets image "nginx:1"`) {
		t.Errorf("loadConfig(buildImage and image) = %v, want the conflict named", err)
	}
	c, err := loadConfig(source(map[string]string{"buildImage": "true"}))
	if err != nil || c.imageReference() != "" {
		t.Errorf("loadConfig(buildImage) = %+v, %v; want no image reference", c, err)
	}
}
