package program

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
		VPC: network.VPCArgs{CIDR: "10.0.0.0/16", NATGateways: network.NATOnePerAZ, NATInstanceType: "t4g.nano", NATInstancePorts: []int{80, 8080}},
		LoadBalancer: alb.LoadBalancerArgs{
			VPCCIDR: "10.0.0.0/16", ListenerPort: 80, TestListenerPort: 8080, TargetPort: 8080,
			HealthCheckPath: "/", HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, DeregistrationDelaySeconds: new(30),
		},
		Cluster: ecs.ClusterArgs{AZCount: 2},
		Service: ecs.ServiceArgs{
			Image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine", ContainerName: "app", ContainerPort: 8080,
			CPU: 256, MemoryMiB: 512, DesiredCount: 2, LogRetentionDays: 30, HealthCheckGracePeriodSeconds: new(60),
			DeploymentConfig: "AllAtOnce", TerminationWaitMinutes: new(5), ReadonlyRootFilesystem: new(true),
		},
		WAF:              waf.WebACLArgs{RateLimit: 2000, LogRetentionDays: 30},
		Repository:       registry.RepositoryArgs{ForceDelete: true, Encryption: registry.EncryptionAES256},
		InstanceTypeName: "t3.small",
		Validation: validation.HookArgs{
			TestListenerPort: 8080, Path: "/", ExpectedStatus: 200, ConsecutiveSuccesses: 5, BudgetSeconds: 120, LogRetentionDays: 30,
		},
		validationPathDerived: true,
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(stackConfig{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("loadConfig(defaults) (-want +got):\n%s", diff)
	}
}

// TestKeysBindEveryDeclaredKey: each key Pulumi.yaml declares is bound to
// component fields once, in Pulumi.yaml's order, with a default of the
// fields' type, and each binding's fields are found, so errors about them
// name the key.
func TestKeysBindEveryDeclaredKey(t *testing.T) {
	t.Parallel()
	var names, bound []string
	for _, k := range projectKeys(t) {
		names = append(names, k.Name)
		if k.Description == "" {
			t.Errorf("Pulumi.yaml: %s has no description", k.Name)
		}
	}
	for _, b := range keys {
		bound = append(bound, b.key)
	}
	if diff := cmp.Diff(names, bound); diff != "" {
		t.Errorf("Pulumi.yaml's keys and config.go's keys differ (-Pulumi.yaml +keys):\n%s", diff)
	}
	fields := fieldKeys()
	for _, b := range keys {
		var c stackConfig
		for _, p := range b.fields(&c) {
			ft := reflect.TypeOf(p).Elem()
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if !reflect.TypeOf(b.def).ConvertibleTo(ft) {
				t.Errorf("key %s: default %#v does not convert to its field's type %s", b.key, b.def, ft)
			}
			found := false
			for _, k := range fields {
				found = found || k == b.key
			}
			// The top-level fields (instanceType, buildImage) are read by
			// config.go itself.
			if !found && !slices.Contains([]string{"instanceType", "buildImage", "waf", "encryptLogs", "repositoryKmsKeyArn", "validation"}, b.key) {
				t.Errorf("key %s sets %T, which is no component field", b.key, p)
			}
		}
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
		if err != nil || got.Service.DesiredCount != tc.want {
			t.Errorf("loadConfig(azCount=%s, desiredCount=%q).DesiredCount = %d, %v; want %d", tc.azCount, tc.desired, got.Service.DesiredCount, err, tc.want)
		}
	}
}

// badConfigs lists, for every key, values that must be refused without
// asking AWS, and the fragments the error must contain: the key, the bad
// value, what is allowed, and a fix.
var badConfigs = map[string]struct {
	key, value string
	want       []string
}{
	"azCount not a number":     {"azCount", "two", []string{`azCount: "two" is not a whole number`, "pulumi config set azCount 2"}},
	"domainName wildcard":      {"domainName", "*.example.com", []string{`domainName: "*.example.com" is a wildcard`, "pulumi config set domainName app.example.com"}},
	"domainName capitals":      {"domainName", "App.example.com", []string{`domainName: "App.example.com" is not written as ACM and Route 53 take a name`, "pulumi config set domainName app.example.com"}},
	"domainName a URL":         {"domainName", "https://app.example.com", []string{`domainName: "https://app.example.com" is not a DNS host name`}},
	"testDomainName alone":     {"testDomainName", "test.example.com", []string{`testDomainName: "test.example.com" is set without domainName`}},
	"hostedZoneId alone":       {"hostedZoneId", "Z00CAAF24EXAMPLE", []string{`hostedZoneId: "Z00CAAF24EXAMPLE" is set without domainName`}},
	"azCount empty":            {"azCount", "", []string{`azCount: "" is not a whole number`}},
	"azCount fraction":         {"azCount", "2.5", []string{`azCount: "2.5"`}},
	"azCount zero":             {"azCount", "0", []string{"azCount: 0 is not allowed: give a value (the default is 2)", "pulumi config set azCount 2"}},
	"azCount one":              {"azCount", "1", []string{"azCount: 1 is out of range: use 2 to 8 zones", "pulumi config set azCount 2"}},
	"azCount too many":         {"azCount", "9", []string{"azCount: 9 is out of range", "pulumi config set azCount 8"}},
	"vpcCidr garbage":          {"vpcCidr", "10.0.0.0", []string{`vpcCidr: "10.0.0.0" is not a CIDR block`, "pulumi config set vpcCidr 10.0.0.0/16"}},
	"vpcCidr empty":            {"vpcCidr", "", []string{`vpcCidr: "" is not allowed`}},
	"vpcCidr too small":        {"vpcCidr", "10.0.0.0/25", []string{`vpcCidr: "10.0.0.0/25" has prefix length /25`, "/16 to /23"}},
	"vpcCidr too large":        {"vpcCidr", "10.0.0.0/12", []string{`vpcCidr: "10.0.0.0/12"`}},
	"vpcCidr host bits":        {"vpcCidr", "10.0.0.5/16", []string{"vpcCidr:", "network address is 10.0.0.0/16"}},
	"vpcCidr docker":           {"vpcCidr", "172.17.0.0/16", []string{"vpcCidr:", "Docker's bridge"}},
	"vpcCidr ipv6":             {"vpcCidr", "fd00::/48", []string{"vpcCidr:", "not IPv4"}},
	"vpcCidr loopback":         {"vpcCidr", "127.0.0.0/16", []string{`vpcCidr: "127.0.0.0/16" overlaps 127.0.0.0/8 (loopback), which AWS refuses`, "pulumi config set vpcCidr 10.0.0.0/16"}},
	"vpcCidr link-local":       {"vpcCidr", "169.254.0.0/16", []string{"vpcCidr:", "link-local"}},
	"vpcCidr multicast":        {"vpcCidr", "224.1.0.0/16", []string{"vpcCidr:", "multicast"}},
	"vpcCidr reserved":         {"vpcCidr", "250.0.0.0/16", []string{"vpcCidr:", "reserved"}},
	"vpcCidr this network":     {"vpcCidr", "0.0.0.0/16", []string{"vpcCidr:", "this network"}},
	"natGateways unknown":      {"natGateways", "two", []string{`natGateways: "two" is not a NAT strategy`, `"single"`, `"perAz"`, `"instance"`, "pulumi config set natGateways perAz"}},
	"natGateways wrong case":   {"natGateways", "PerAZ", []string{`natGateways: "PerAZ"`}},
	"natGateways empty":        {"natGateways", "", []string{`natGateways: "" is not allowed`, "pulumi config set natGateways perAz"}},
	"natInstanceType x86":      {"natInstanceType", "t3.nano", []string{`natInstanceType: "t3.nano" is not a Graviton (arm64) instance type`, "t4g.micro", "pulumi config set natInstanceType t4g.nano"}},
	"natInstanceType no size":  {"natInstanceType", "t4g", []string{`natInstanceType: "t4g" is not a Graviton (arm64) instance type`}},
	"natInstanceType empty":    {"natInstanceType", "", []string{`natInstanceType: "" is not allowed`}},
	"flowLogs not a bool":      {"flowLogs", "yes please", []string{`flowLogs: "yes please" is not true or false`, "pulumi config set flowLogs true"}},
	"instanceType no size":     {"instanceType", "t3", []string{`instanceType: "t3" is not an EC2 instance type`, "pulumi config set instanceType t3.small"}},
	"instanceType upper case":  {"instanceType", "T3.Small", []string{`instanceType: "T3.Small"`}},
	"instanceType mac":         {"instanceType", "mac2.metal", []string{`instanceType: "mac2.metal" is a Mac instance`, "pulumi config set instanceType t3.small"}},
	"instanceType empty":       {"instanceType", "", []string{`instanceType: "" is not allowed`}},
	"maxInstances word":        {"maxInstances", "ten", []string{`maxInstances: "ten" is not a whole number`}},
	"containerPort zero":       {"containerPort", "0", []string{"containerPort: 0 is not allowed", "pulumi config set containerPort 8080"}},
	"containerPort too big":    {"containerPort", "70000", []string{"containerPort: 70000 is out of range: use 1 to 65535", "pulumi config set containerPort 65535"}},
	"containerPort word":       {"containerPort", "http", []string{`containerPort: "http" is not a whole number`}},
	"listenerPort negative":    {"listenerPort", "-80", []string{"listenerPort: -80 is out of range: use 1 to 65535"}},
	"testListenerPort big":     {"testListenerPort", "65536", []string{"testListenerPort: 65536 is out of range"}},
	"testListenerPort clashes": {"testListenerPort", "80", []string{"testListenerPort: 80 is also listenerPort", "pulumi config set testListenerPort 8080"}},
	"image upper case":         {"image", "Nginx:latest", []string{`image: "Nginx:latest" has repository path "Nginx"`}},
	"image bad tag":            {"image", "nginx:-x", []string{`image: "nginx:-x" has tag "-x"`}},
	"image bad digest":         {"image", "nginx@sha256:abc", []string{`has digest "sha256:abc"`}},
	"image spaces":             {"image", "nginx latest", []string{"contains white space"}},
	"image bad registry":       {"image", "my_registry.com/app:1", []string{`has registry "my_registry.com"`}},
	"desiredCount negative":    {"desiredCount", "-1", []string{"desiredCount: -1 is out of range: use 1 to 5000 tasks", "pulumi config set desiredCount 1"}},
	"desiredCount word":        {"desiredCount", "many", []string{`desiredCount: "many" is not a whole number`}},
	"desiredCount too many":    {"desiredCount", "5001", []string{"desiredCount: 5001 is out of range"}},

	"certificateArn not acm":          {"certificateArn", "arn:aws:iam::123456789012:server-certificate/x", []string{"certificateArn:", "is not an ACM certificate ARN", "pulumi config set certificateArn <value>"}},
	"testListenerCidrs not a list":    {"testListenerCidrs", "10.0.0.0/16", []string{`testListenerCidrs: "10.0.0.0/16" is not a list of strings`, "pulumi config set --path"}},
	"testListenerCidrs internet":      {"testListenerCidrs", `["0.0.0.0/0"]`, []string{`testListenerCidrs[0]: "0.0.0.0/0" admits the whole internet`, "must never be open to the internet", "remove it from testListenerCidrs"}},
	"testListenerCidrs too wide":      {"testListenerCidrs", `["203.0.113.0/24","8.0.0.0/7"]`, []string{`testListenerCidrs[1]: "8.0.0.0/7" is wider than /8`}},
	"testListenerCidrs garbage":       {"testListenerCidrs", `["office"]`, []string{`testListenerCidrs[0]: "office" is not an IPv4 CIDR block`}},
	"testListenerCidrs host bits":     {"testListenerCidrs", `["203.0.113.7/24"]`, []string{`testListenerCidrs[0]: "203.0.113.7/24" has host bits set`, "pulumi config set --path 'testListenerCidrs[0]' 203.0.113.0/24"}},
	"testListenerCidrs repeated":      {"testListenerCidrs", `["203.0.113.0/24","203.0.113.0/24"]`, []string{`testListenerCidrs[1]: "203.0.113.0/24" is also testListenerCidrs[0]: list each block once`}},
	"testListenerCidrs the VPC":       {"testListenerCidrs", `["10.0.0.0/16"]`, []string{`testListenerCidrs[0]: "10.0.0.0/16" is the VPC's block (vpcCidr), which is admitted anyway`}},
	"healthCheckPath relative":        {"healthCheckPath", "health", []string{`healthCheckPath: "health" is not a URL path`, "pulumi config set healthCheckPath /"}},
	"healthCheckPath space":           {"healthCheckPath", "/a b", []string{`healthCheckPath: "/a b"`}},
	"healthCheckInterval too short":   {"healthCheckIntervalSeconds", "4", []string{"healthCheckIntervalSeconds: 4 is out of range: use 5 to 300 seconds", "pulumi config set healthCheckIntervalSeconds 5"}},
	"healthCheckInterval too long":    {"healthCheckIntervalSeconds", "301", []string{"healthCheckIntervalSeconds: 301"}},
	"healthyThresholdCount one":       {"healthyThresholdCount", "1", []string{"healthyThresholdCount: 1 is out of range: use 2 to 10"}},
	"deregistrationDelay negative":    {"deregistrationDelaySeconds", "-1", []string{"deregistrationDelaySeconds: -1 is out of range: use 0 to 3600"}},
	"deregistrationDelay too long":    {"deregistrationDelaySeconds", "3601", []string{"deregistrationDelaySeconds: 3601"}},
	"deletionProtection word":         {"deletionProtection", "on", []string{`deletionProtection: "on" is not true or false`}},
	"accessLogs word":                 {"accessLogs", "yes", []string{`accessLogs: "yes" is not true or false`}},
	"containerName space":             {"containerName", "my app", []string{`containerName: "my app" is not a container name`}},
	"containerName empty":             {"containerName", "", []string{`containerName: "" is not allowed`}},
	"cpu zero":                        {"cpu", "0", []string{"cpu: 0 is not allowed", "pulumi config set cpu 256"}},
	"cpu one":                         {"cpu", "1", []string{"cpu: 1 is out of range: use 2 to 196608 CPU units"}},
	"memory tiny":                     {"memory", "4", []string{"memory: 4 is out of range: use 6 to"}},
	"logRetentionDays odd":            {"logRetentionDays", "10", []string{"logRetentionDays: 10 is not a CloudWatch Logs retention period", "pulumi config set logRetentionDays 7"}},
	"maxCount below desired":          {"maxCount", "1", []string{"maxCount: 1 is below desiredCount 2"}},
	"maxCount negative":               {"maxCount", "-3", []string{"maxCount: -3 is below desiredCount 2"}},
	"healthCheckGracePeriod negative": {"healthCheckGracePeriodSeconds", "-5", []string{"healthCheckGracePeriodSeconds: -5 is out of range: use 0 to 7200"}},
	"deploymentConfig ec2 default":    {"deploymentConfig", "CodeDeployDefault.OneAtATime", []string{`deploymentConfig: "CodeDeployDefault.OneAtATime" is not one of CodeDeploy's configurations for ECS`, "pulumi config set deploymentConfig AllAtOnce"}},
	"deploymentConfig typo":           {"deploymentConfig", "AllAtOnse", []string{`deploymentConfig: "AllAtOnse" is not a deployment configuration`, "Canary20Percent3Minutes", "existing:<name>", "pulumi config set deploymentConfig AllAtOnce"}},
	"deploymentConfig canary range":   {"deploymentConfig", "Canary100Percent5Minutes", []string{`deploymentConfig: "Canary100Percent5Minutes" is out of range`, "pulumi config set deploymentConfig Canary99Percent5Minutes"}},
	"deploymentConfig no minutes":     {"deploymentConfig", "Linear10PercentEvery0Minutes", []string{"is out of range", "Linear10PercentEvery1Minutes"}},
	"deploymentConfig empty existing": {"deploymentConfig", "existing:", []string{`deploymentConfig: "existing:" names no configuration`}},
	"terminationWaitMinutes too long": {"terminationWaitMinutes", "2881", []string{"terminationWaitMinutes: 2881 is out of range: use 0 to 2880 minutes"}},
	"terminationWaitMinutes negative": {"terminationWaitMinutes", "-1", []string{"terminationWaitMinutes: -1"}},
	"buildImage word":                 {"buildImage", "docker", []string{`buildImage: "docker" is not true or false`}},
	"approvalWaitMinutes too long":    {"approvalWaitMinutes", "2881", []string{"approvalWaitMinutes: 2881 is out of range: use 0 to 2880 minutes (0: no approval)"}},

	// The security baseline (issue 11).
	"waf word":                      {"waf", "on", []string{`waf: "on" is not true or false`, "pulumi config set waf true"}},
	"wafRateLimit zero":             {"wafRateLimit", "0", []string{"wafRateLimit: 0 is not allowed: give a value (the default is 2000)", "pulumi config set wafRateLimit 2000"}},
	"wafRateLimit below WAF's":      {"wafRateLimit", "9", []string{"wafRateLimit: 9 is out of range: use 10 to 2000000000 requests in five minutes from one address", "pulumi config set wafRateLimit 10"}},
	"wafRateLimit above WAF's":      {"wafRateLimit", "2000000001", []string{"wafRateLimit: 2000000001 is out of range", "pulumi config set wafRateLimit 2000000000"}},
	"wafRateLimit word":             {"wafRateLimit", "high", []string{`wafRateLimit: "high" is not a whole number`}},
	"wafCountOnly word":             {"wafCountOnly", "count", []string{`wafCountOnly: "count" is not true or false`}},
	"wafLogs word":                  {"wafLogs", "all", []string{`wafLogs: "all" is not true or false`}},
	"notifyEmail no domain":         {"notifyEmail", "ops", []string{`notifyEmail: "ops" is not an email address: give a bare address such as ops@example.com`, "then: pulumi config set notifyEmail <value>"}},
	"notifyEmail display name":      {"notifyEmail", "Ops <ops@example.com>", []string{`notifyEmail: "Ops <ops@example.com>" is not a bare email address: give ops@example.com alone`, "pulumi config set notifyEmail ops@example.com"}},
	"notifyEmail local domain":      {"notifyEmail", "ops@localhost", []string{`notifyEmail: "ops@localhost" has the domain "localhost", which mail cannot reach`}},
	"notifyEmail two addresses":     {"notifyEmail", "a@example.com, b@example.com", []string{`notifyEmail: "a@example.com, b@example.com" is not an email address`}},
	"readonlyRootFilesystem word":   {"readonlyRootFilesystem", "yes", []string{`readonlyRootFilesystem: "yes" is not true or false`}},
	"containerUser root":            {"containerUser", "root", []string{`containerUser: "root" runs the container as root: give a non-root user the image has`, "then: pulumi config set containerUser <value>"}},
	"containerUser uid 0":           {"containerUser", "0:101", []string{`containerUser: "0:101" runs the container as root`}},
	"containerUser space":           {"containerUser", "web user", []string{`containerUser: "web user" is not a user: give a name or uid`}},
	"encryptLogs word":              {"encryptLogs", "kms", []string{`encryptLogs: "kms" is not true or false`}},
	"permissionsBoundaryArn name":   {"permissionsBoundaryArn", "Workloads", []string{`permissionsBoundaryArn: "Workloads" is not an IAM managed policy ARN: want arn:<partition>:iam::aws:policy/<path/><name>`, "then: pulumi config set permissionsBoundaryArn <value>"}},
	"permissionsBoundaryArn a role": {"permissionsBoundaryArn", "arn:aws:iam::123456789012:role/boundary", []string{`permissionsBoundaryArn: "arn:aws:iam::123456789012:role/boundary" is not an IAM managed policy ARN`}},
	"logRetentionDays for WAF too":  {"logRetentionDays", "400000", []string{"logRetentionDays: 400000 is not a CloudWatch Logs retention period"}},
	"repositoryEncryption unknown":  {"repositoryEncryption", "RSA", []string{`repositoryEncryption: "RSA" is not an encryption type: use "AES256" or "KMS"`, "pulumi config set repositoryEncryption AES256"}},
	"repositoryKmsKeyArn alone":     {"repositoryKmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/k", []string{`repositoryEncryption: "AES256" uses no KMS key, but repositoryKmsKeyArn is set`, "pulumi config set repositoryEncryption KMS"}},
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
			// One problem, one line: a key shared by two components
			// (vpcCidr, containerPort) is reported once.
			if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
				t.Errorf("loadConfig(%s=%q) reports %d problems, want 1:\n%v", tc.key, tc.value, n, err)
			}
		})
	}
}

func TestLoadConfigCertificatePorts(t *testing.T) {
	t.Parallel()
	_, err := loadConfig(source(map[string]string{
		"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
		"listenerPort":   "443",
	}))
	if err == nil || !strings.Contains(err.Error(), "listenerPort: 443 is the HTTPS port: with certificateArn or domainName, production is HTTPS on 443 and this port only redirects to it; for example: pulumi config set listenerPort 80") {
		t.Errorf("loadConfig(certificate, listenerPort 443) = %v, want the 443 clash named", err)
	}
}

func TestLoadConfigReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := loadConfig(source(map[string]string{
		"azCount": "1", "vpcCidr": "nope", "natGateways": "x", "instanceType": "big",
		"containerPort": "70000", "listenerPort": "8080", "testListenerPort": "8080", "image": "A", "desiredCount": "-2",
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

func TestLoadConfigBuildImageReplacesImage(t *testing.T) {
	t.Parallel()
	if _, err := loadConfig(source(map[string]string{"buildImage": "true", "image": "nginx:1"})); err == nil || !strings.Contains(err.Error(), `buildImage: true builds and runs the bundled sample service, but the stack also sets image "nginx:1"`) {
		t.Errorf("loadConfig(buildImage and image) = %v, want the conflict named", err)
	}
	// The CLI passes Pulumi.yaml's default of a key the stack does not
	// set, "" for image: that is not the stack setting image.
	if _, err := loadConfig(source(map[string]string{"buildImage": "true", "image": ""})); err != nil {
		t.Errorf("loadConfig(buildImage, image as its declared default) = %v, want it accepted", err)
	}
	// Any image the stack names is the stack setting it, the default's
	// name too.
	if _, err := loadConfig(source(map[string]string{"buildImage": "true", "image": DefaultImage})); err == nil {
		t.Errorf("loadConfig(buildImage, image %s) succeeded, want the conflict named", DefaultImage)
	}
	c, err := loadConfig(source(map[string]string{"buildImage": "true"}))
	if err != nil || c.imageReference() != "" || c.Repository.BuildContext != sampleAppDir {
		t.Errorf("loadConfig(buildImage) = %+v, %v; want no image reference and the sample app's context", c, err)
	}
}

// TestDeletionProtectionKeepsTheRepository: the stack's repository is as
// deletable as its load balancer.
func TestDeletionProtectionKeepsTheRepository(t *testing.T) {
	t.Parallel()
	for v, force := range map[string]bool{"true": false, "false": true} {
		c, err := loadConfig(source(map[string]string{"deletionProtection": v}))
		if err != nil || c.Repository.ForceDelete != force || c.LoadBalancer.DeletionProtection == force {
			t.Errorf("deletionProtection %s: ForceDelete = %v, %v; want %v", v, c.Repository.ForceDelete, err, force)
		}
	}
}
