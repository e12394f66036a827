package program

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
)

// The tests in this file check that what the configuration accepts, AWS
// accepts and the stack's capacity can serve, and that what it refuses is
// refused before anything is registered.

// awsRefusedConfigs are values whose fault shows only once AWS has said what
// the instance type is: refused after the lookups, before any resource, with
// the key, the value and a fix.
var awsRefusedConfigs = map[string]struct {
	extra map[string]string
	want  []string
}{
	"instance type unknown": {map[string]string{"instanceType": "t3.huge"}, []string{
		`instanceType: "t3.huge" does not exist in this region (AWS: InvalidInstanceType)`, "pulumi config set instanceType t3.small"}},
	"cpu above an instance": {map[string]string{"cpu": "3072"}, []string{
		"cpu: 3072 CPU units do not fit one instance of instanceType t4g.small (2 vCPU, 2048 MiB), which has 2048", "pulumi config set cpu 2048"}},
	"memory above an instance": {map[string]string{"memory": "2560"}, []string{
		"memory: 2560 MiB do not fit one instance of instanceType t4g.small (2 vCPU, 2048 MiB), which has 1656 MiB for tasks", "pulumi config set memory 1656"}},
	"memory just above what is left": {map[string]string{"memory": "1657"}, []string{"memory: 1657 MiB do not fit", "pulumi config set memory 1656"}},
	"tasks above maxInstances": {map[string]string{"desiredCount": "25", "maxInstances": "10"}, []string{
		"desiredCount: 25 tasks need 18 instances of instanceType t4g.small during a release, which runs 50 of them (3 to an instance, spread over 2 zones); that is more than maxInstances 10: run at most 15 tasks",
		"pulumi config set desiredCount 15"}},
	"auto scaling above maxInstances": {map[string]string{"maxCount": "12", "maxInstances": "6"}, []string{
		"maxCount: 12 tasks need 8 instances", "more than maxInstances 6", "pulumi config set maxCount 9"}},
	"maxInstances below the zones": {map[string]string{"maxInstances": "1"}, []string{
		"maxInstances: 1 is below azCount 2: use at least 2", "pulumi config set maxInstances 2"}},
	"maxInstances above ECS's limit": {map[string]string{"maxInstances": "5001"}, []string{"maxInstances: 5001 is more than the 5000 container instances an ECS cluster may have"}},
	"graviton memory":                {map[string]string{"instanceType": "t4g.micro", "memory": "1024"}, []string{"memory: 1024 MiB do not fit one instance of instanceType t4g.micro (2 vCPU, 1024 MiB), which has 652 MiB"}},
}

func TestProgramRefusesWhatAWSWouldRefuse(t *testing.T) {
	t.Parallel()
	for name, tc := range awsRefusedConfigs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := stackConfigMap(t, "dev")
			for k, v := range tc.extra {
				cfg[awsmock.Project+":"+k] = v
			}
			r := runProgram(&awsmock.Mocks{}, cfg)
			if r.err == nil {
				t.Fatalf("program accepted %v", tc.extra)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.err.Error(), w) {
					t.Errorf("error\n%v\nlacks %q", r.err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error, want 0", n)
			}
		})
	}
}

// TestCapacitySizesTheGroup: the Auto Scaling group's maximum holds a
// release, twice the service's most tasks, and never less than twice the
// zones.
func TestCapacitySizesTheGroup(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		stack string
		extra map[string]string
		max   float64
	}{
		"dev":                  {"dev", nil, 4},                                      // 4 tasks in a release, 3 to a t3.small: 1 a zone; at least 2×2
		"dev, 25 tasks":        {"dev", map[string]string{"desiredCount": "25"}, 18}, // 50 tasks: 25 a zone, 9 instances a zone
		"dev, big tasks":       {"dev", map[string]string{"cpu": "1024", "memory": "1024", "desiredCount": "6"}, 12},
		"dev, maxInstances":    {"dev", map[string]string{"desiredCount": "25", "maxInstances": "30"}, 30},
		"prod, auto scaling":   {"prod", nil, 6}, // maxCount 6: 12 tasks, 7 to a t3.medium, 3 zones: 1 a zone; at least 2×3
		"prod, more scaling":   {"prod", map[string]string{"maxCount": "60"}, 18},
		"graviton, 2 zones, 8": {"dev", map[string]string{"instanceType": "t4g.small", "desiredCount": "8"}, 6},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := stackConfigMap(t, tc.stack)
			for k, v := range tc.extra {
				cfg[awsmock.Project+":"+k] = v
			}
			r := runProgram(&awsmock.Mocks{}, cfg)
			if r.err != nil {
				t.Fatal(r.err)
			}
			asg := named(t, r.mocks, "aws:autoscaling/group:Group", "cluster")
			if got := asg.Number("maxSize"); got != tc.max {
				t.Errorf("maxSize = %v, want %v", got, tc.max)
			}
		})
	}
}

// TestGravitonBuildsForArm64: a Graviton instance type boots the arm64
// image, and buildImage builds for it.
func TestGravitonBuildsForArm64(t *testing.T) {
	t.Parallel()
	r := devRun(t, map[string]string{"instanceType": "t4g.small", "buildImage": "true"})
	img := one(t, r.mocks, "awsx:ecr:Image")
	if got := img.String("platform"); got != "linux/arm64" {
		t.Errorf("image platform = %q, want linux/arm64", got)
	}
	lt := named(t, r.mocks, "aws:ec2/launchTemplate:LaunchTemplate", "cluster")
	if got := lt.String("imageId"); !strings.Contains(got, "/arm64/") {
		t.Errorf("launch template imageId = %q, want the arm64 image", got)
	}
	if got := one(t, devRun(t, map[string]string{"instanceType": "t3.small", "buildImage": "true"}).mocks, "awsx:ecr:Image").String("platform"); got != "linux/amd64" {
		t.Errorf("t3.small image platform = %q, want linux/amd64", got)
	}
}

// TestTestListenerAdmitsTheNATAddresses: clients inside the VPC reach the
// internet-facing load balancer from the NAT addresses, which the test
// listener admits through a prefix list, besides the VPC and the listed
// blocks.
func TestTestListenerAdmitsTheNATAddresses(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		r := runProgram(&awsmock.Mocks{}, stackConfigMap(t, stack))
		if r.err != nil {
			t.Fatal(r.err)
		}
		pl := one(t, r.mocks, "aws:ec2/managedPrefixList:ManagedPrefixList")
		var cidrs []string
		for _, e := range pl.Get("entries").ArrayValue() {
			cidrs = append(cidrs, e.ObjectValue()["cidr"].StringValue())
		}
		var want []string
		for _, ip := range r.exports[outputs.NATPublicIPs].Strings() {
			want = append(want, ip+"/32")
		}
		if len(want) == 0 || !slices.Equal(cidrs, want) {
			t.Errorf("%s: prefix list entries = %v, want the NAT addresses %v", stack, cidrs, want)
		}
		rule, ok := r.mocks.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-in-8080-sources")
		if !ok || !rule.DependsOn(pl.URN) || rule.Number("fromPort") != 8080 {
			t.Errorf("%s: no ingress rule on the test port from the prefix list: %+v", stack, rule)
		}
		if _, ok := r.mocks.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-in-8080-10.0.0.0-16"); !ok {
			t.Errorf("%s: the VPC's block is not admitted to the test listener", stack)
		}
	}
	r := devRun(t, map[string]string{"testListenerCidrs": `["203.0.113.0/24"]`})
	if _, ok := r.mocks.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-in-8080-203.0.113.0-24"); !ok {
		t.Error("testListenerCidrs does not add the CI runners' block")
	}
	if _, ok := r.mocks.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-in-8080-10.0.0.0-16"); !ok {
		t.Error("testListenerCidrs replaces the VPC instead of adding to it")
	}
}

// TestTeardownOrder: after a release the listeners and the service use the
// green target group, so `pulumi destroy`, which deletes dependents first,
// must see both groups as their dependencies.
func TestTeardownOrder(t *testing.T) {
	t.Parallel()
	r := devRun(t, nil)
	blue := urnOf(t, r.mocks, "aws:lb/targetGroup:TargetGroup", "web-blue")
	green := urnOf(t, r.mocks, "aws:lb/targetGroup:TargetGroup", "web-green")
	for _, name := range []string{"web-prod", "web-test"} {
		l, _ := r.mocks.Named("aws:lb/listener:Listener", name)
		if !l.DependsOn(blue) || !l.DependsOn(green) {
			t.Errorf("listener %s depends on %v, want both target groups", name, l.Dependencies)
		}
	}
	svc := one(t, r.mocks, "aws:ecs/service:Service")
	if !svc.DependsOn(blue) || !svc.DependsOn(green) {
		t.Errorf("service depends on %v, want both target groups", svc.Dependencies)
	}
}

// TestDeletionProtectionKeepsContents: without deletion protection the
// access-log bucket and the repository are deleted with their contents;
// with it, they are kept while they hold any.
func TestDeletionProtectionKeepsContents(t *testing.T) {
	t.Parallel()
	for _, protect := range []bool{false, true} {
		r := devRun(t, map[string]string{"accessLogs": "true", "deletionProtection": strconv.FormatBool(protect)})
		bucket := one(t, r.mocks, "aws:s3/bucketV2:BucketV2")
		repo := one(t, r.mocks, "aws:ecr/repository:Repository")
		lb := one(t, r.mocks, "aws:lb/loadBalancer:LoadBalancer")
		if bucket.True("forceDestroy") == protect || repo.True("forceDelete") == protect || lb.True("enableDeletionProtection") != protect {
			t.Errorf("deletionProtection %v: bucket forceDestroy %v, repository forceDelete %v, load balancer protection %v",
				protect, bucket.True("forceDestroy"), repo.True("forceDelete"), lb.True("enableDeletionProtection"))
		}
	}
}

// TestDeploymentConfigs: a predefined configuration is named as it is, a
// canary or linear one the stack creates, an existing one is named only.
func TestDeploymentConfigs(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]struct {
		name    string // the deployment group's deploymentConfigName; "" when created
		kind    string
		pct, in float64
	}{
		"Canary10Percent15Minutes":                          {name: "CodeDeployDefault.ECSCanary10Percent15Minutes"},
		"CodeDeployDefault.ECSLinear10PercentEvery3Minutes": {name: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"},
		"existing:team-standard":                            {name: "team-standard"},
		"Canary20Percent3Minutes":                           {kind: "TimeBasedCanary", pct: 20, in: 3},
		"Linear25PercentEvery2Minutes":                      {kind: "TimeBasedLinear", pct: 25, in: 2},
	} {
		r := devRun(t, map[string]string{"deploymentConfig": value})
		dg := one(t, r.mocks, "aws:codedeploy/deploymentGroup:DeploymentGroup")
		created := r.mocks.OfType("aws:codedeploy/deploymentConfig:DeploymentConfig")
		if want.name != "" {
			if got := dg.String("deploymentConfigName"); got != want.name || len(created) != 0 {
				t.Errorf("%s: deployment group names %q with %d created, want %q and none", value, got, len(created), want.name)
			}
			continue
		}
		if len(created) != 1 {
			t.Fatalf("%s: %d deployment configurations created, want 1", value, len(created))
		}
		c := created[0]
		field := map[string]string{"TimeBasedCanary": "timeBasedCanary", "TimeBasedLinear": "timeBasedLinear"}[want.kind]
		if c.String("computePlatform") != "ECS" || c.String("trafficRoutingConfig", "type") != want.kind ||
			c.Number("trafficRoutingConfig", field, "percentage") != want.pct || c.Number("trafficRoutingConfig", field, "interval") != want.in {
			t.Errorf("%s: created %v", value, c.Inputs)
		}
		if !dg.DependsOn(c.URN) || !strings.HasPrefix(dg.String("deploymentConfigName"), "app-"+value) {
			t.Errorf("%s: deployment group names %q, depends on %v; want the created configuration", value, dg.String("deploymentConfigName"), dg.Dependencies)
		}
	}
}

// configValues generates values for every key: mostly ones the key takes,
// sometimes ones it refuses, around and inside each range.
var configValues = map[string]func(r *rand.Rand) string{
	"azCount":         func(r *rand.Rand) string { return strconv.Itoa(pick(r, 2+r.IntN(3), 1, 5, 9)) },
	"vpcCidr":         choose("10.0.0.0/16", "192.168.0.0/20", "172.16.0.0/16", "100.64.0.0/18", "10.20.30.0/23", "8.8.0.0/16", "172.17.0.0/16", "127.0.0.0/16", "10.0.0.0/24"),
	"natGateways":     choose("single", "perAz", "instance", "perAz", "single", "instance", "none"),
	"natInstanceType": choose("t4g.nano", "t4g.micro", "c7gn.medium", "m7g.large", "t3.nano"),
	"flowLogs":        choose("true", "false"),
	"instanceType":    instanceTypeValues,
	"maxInstances":    func(r *rand.Rand) string { return strconv.Itoa(pick(r, 0, 0, r.IntN(40))) },
	"containerPort":   func(r *rand.Rand) string { return strconv.Itoa(pick(r, 8080, 80, 1+r.IntN(65535), 65535, 0)) },
	"listenerPort":    func(r *rand.Rand) string { return strconv.Itoa(pick(r, 80, 8080, 443, 1+r.IntN(65535), 65536)) },
	"testListenerPort": func(r *rand.Rand) string {
		return strconv.Itoa(pick(r, 8080, 8443, 443, 1+r.IntN(65535), 80))
	},
	"image":             choose("nginx:1.27", "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine", "ghcr.io/o/app@sha256:"+strings.Repeat("a", 64), "localhost:5000/x", "Bad:Tag"),
	"desiredCount":      func(r *rand.Rand) string { return strconv.Itoa(pick(r, 0, 1+r.IntN(12), 1+r.IntN(60), -1)) },
	"certificateArn":    choose("", "", "", "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7", "arn:aws:iam::1:x"),
	"domainName":        choose("", "", "", "", "", "", "", "app.example.com", "example.org", "app.internal.example.com", "*.example.com", "app.example.net"),
	"hostedZoneId":      choose("", "", "", "", "", "", "", "", "Z00CAAF24EXAMPLE", "Z0DBCA573EXAMPLE", "Z0NOSUCHZONE"),
	"testDomainName":    choose("", "", "", "", "", "", "", "", "test.example.com", "test.example.org"),
	"testListenerCidrs": cidrListValues,
	"healthCheckPath":   choose("/", "/health", "/a/b?c=d", "health", "/"+strings.Repeat("p", 1023)),
	"healthCheckIntervalSeconds": func(r *rand.Rand) string {
		return strconv.Itoa(pick(r, 10, 5, 300, 5+r.IntN(296), 4))
	},
	"healthyThresholdCount":         func(r *rand.Rand) string { return strconv.Itoa(pick(r, 2, 10, 2+r.IntN(9), 11)) },
	"deregistrationDelaySeconds":    func(r *rand.Rand) string { return strconv.Itoa(pick(r, 30, 0, 3600, r.IntN(3601), -1)) },
	"deletionProtection":            choose("true", "false"),
	"accessLogs":                    choose("true", "false"),
	"containerName":                 choose("app", "a", "web_1", strings.Repeat("c", 255), "my app"),
	"cpu":                           func(r *rand.Rand) string { return strconv.Itoa(pick(r, 256, 2, 2+r.IntN(2048), 2+r.IntN(8192), 1)) },
	"memory":                        func(r *rand.Rand) string { return strconv.Itoa(pick(r, 512, 6, 6+r.IntN(2048), 6+r.IntN(16384), 5)) },
	"logRetentionDays":              choose("30", "1", "3653", "90", "10"),
	"maxCount":                      func(r *rand.Rand) string { return strconv.Itoa(pick(r, 0, 0, 1+r.IntN(30), -1)) },
	"healthCheckGracePeriodSeconds": func(r *rand.Rand) string { return strconv.Itoa(pick(r, 60, 0, 7200, r.IntN(7201), -1)) },
	"deploymentConfig":              deploymentConfigValues,
	"terminationWaitMinutes":        func(r *rand.Rand) string { return strconv.Itoa(pick(r, 5, 0, 2880, r.IntN(2881), 2881)) },
	"approvalWaitMinutes":           func(r *rand.Rand) string { return strconv.Itoa(pick(r, 0, 0, 2880, r.IntN(2881), -1)) },
	"buildImage":                    choose("false", "false", "false", "true"),
	// The security baseline (issue 11).
	"waf":                    choose("false", "true"),
	"wafRateLimit":           func(r *rand.Rand) string { return strconv.Itoa(pick(r, 2000, 10, 2_000_000_000, 10+r.IntN(100000), 9)) },
	"wafCountOnly":           choose("false", "true"),
	"wafLogs":                choose("false", "true"),
	"notifyEmail":            choose("", "ops@example.com", "team.alerts+prod@example.co.kr", "ops"),
	"readonlyRootFilesystem": choose("true", "false"),
	"containerUser":          choose("", "101", "65532:65532", "nginx", "root"),
	"encryptLogs":            choose("false", "true"),
	"permissionsBoundaryArn": choose("", "arn:aws:iam::123456789012:policy/boundaries/Workloads", "arn:aws:iam::aws:policy/PowerUserAccess", "Workloads"),
	"repositoryEncryption":   choose("AES256", "KMS", "RSA"),
	"repositoryKmsKeyArn":    choose("", "", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:key/k"),
	// The release's validation hook (issue 16).
	"validation":               choose("false", "true"),
	"validationPath":           choose("", "/health", "/a/b?c=d", "health"),
	"validationExpectedStatus": func(r *rand.Rand) string { return strconv.Itoa(pick(r, 200, 100, 599, 204, 600)) },
	"validationSuccesses":      func(r *rand.Rand) string { return strconv.Itoa(pick(r, 5, 1, 100, 1+r.IntN(100), 0)) },
	"validationBudgetSeconds":  func(r *rand.Rand) string { return strconv.Itoa(pick(r, 120, 10, 840, 10+r.IntN(831), 841)) },
	"validationBodySubstring":  choose("", "ok", `"status":"up"`),
	"validationHeader":         choose("", "X-Version", "X-Version: 2", ": 2"),
	"validationServerName":     choose("", "www.example.com"),
}

// pick returns the first value most often, then each other in turn; the
// last is usually a value the key refuses, picked least.
func pick(r *rand.Rand, values ...int) int {
	if r.IntN(4) != 0 {
		return values[0]
	}
	i := 1 + r.IntN(len(values)-1)
	if i == len(values)-1 && r.IntN(3) != 0 {
		i = 1
	}
	return values[i]
}

func choose(values ...string) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		n := pick(r, func() []int {
			out := make([]int, len(values))
			for i := range out {
				out[i] = i
			}
			return out
		}()...)
		return values[n]
	}
}

func instanceTypeValues(r *rand.Rand) string {
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range awsmock.InstanceTypes {
			if !yield(n) {
				return
			}
		}
	})
	if r.IntN(20) == 0 {
		return "t3.huge"
	}
	if r.IntN(2) == 0 {
		return "t3.small"
	}
	return names[r.IntN(len(names))]
}

func cidrListValues(r *rand.Rand) string {
	pool := []string{"203.0.113.0/24", "198.51.100.0/24", "192.0.2.10/32", "10.0.0.0/8", "100.64.0.0/10"}
	if r.IntN(25) == 0 {
		pool = append(pool, "0.0.0.0/0", "10.0.0.0/16", "203.0.113.0/24")
	}
	var list []string
	for range r.IntN(4) {
		list = append(list, `"`+pool[r.IntN(len(pool))]+`"`)
	}
	return "[" + strings.Join(list, ",") + "]"
}

func deploymentConfigValues(r *rand.Rand) string {
	switch r.IntN(8) {
	case 0:
		return fmt.Sprintf("Canary%dPercent%dMinutes", 1+r.IntN(99), 1+r.IntN(60))
	case 1:
		return fmt.Sprintf("Linear%dPercentEvery%dMinutes", 1+r.IntN(99), 1+r.IntN(60))
	case 2:
		return "existing:team-config"
	case 3:
		if r.IntN(4) == 0 {
			return "AllAtOnse"
		}
	}
	return choose("AllAtOnce", "Canary10Percent5Minutes", "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "Linear10PercentEvery3Minutes")(r)
}

// TestAcceptedConfigRuns is the property behind every rule: a configuration
// the program accepts never fails later inside a component. Random
// configurations over every key (mostly valid values, sometimes not) run
// through the whole program under mocks; each run either refuses the
// configuration before registering anything, or registers the whole stack.
func TestAcceptedConfigRuns(t *testing.T) {
	t.Parallel()
	const runs = 150
	r := rand.New(rand.NewPCG(2026, 11))
	configs := make([]map[string]string, runs)
	for i := range configs {
		configs[i] = randomConfig(r)
	}
	// The runs are independent: run them on every core, judge them in
	// order.
	type outcome struct {
		registered int
		err        error
	}
	outcomes := make([]outcome, runs)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				n, err := runConfig(configs[i])
				outcomes[i] = outcome{n, err}
			}
		})
	}
	for i := range runs {
		next <- i
	}
	close(next)
	wg.Wait()
	accepted := 0
	for i, o := range outcomes {
		cfg, registered, err := configs[i], o.registered, o.err
		switch {
		case err == nil:
			accepted++
		case !strings.Contains(err.Error(), "invalid stack configuration:"):
			t.Errorf("run %d: a configuration failed outside the checks:\n%v\nconfig: %v", i, err, cfg)
		case registered > 0:
			t.Errorf("run %d: %d resources registered before the configuration was refused:\n%v\nconfig: %v", i, registered, err, cfg)
		}
	}
	// The generators must exercise accepted configurations, not only
	// refusals.
	if accepted < runs/4 {
		t.Errorf("%d of %d random configurations accepted: the generators refuse too much to test the property", accepted, runs)
	}
	t.Logf("%d of %d random configurations accepted", accepted, runs)
}

// FuzzAcceptedConfigRuns is TestAcceptedConfigRuns for `go test -fuzz`: the
// fuzzer's input seeds the generator.
func FuzzAcceptedConfigRuns(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 2026} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		cfg := randomConfig(rand.New(rand.NewPCG(seed, 0)))
		registered, err := runConfig(cfg)
		if err != nil && (!strings.Contains(err.Error(), "invalid stack configuration:") || registered > 0) {
			t.Errorf("%v (after %d resources)\nconfig: %v", err, registered, cfg)
		}
	})
}

func randomConfig(r *rand.Rand) map[string]string {
	cfg := map[string]string{}
	for _, b := range keys {
		if r.IntN(3) == 0 { // the declared default
			continue
		}
		if gen, ok := configValues[b.key]; ok { // TestConfigGeneratorsCoverEveryKey checks there is one
			cfg[awsmock.Project+":"+b.key] = gen(r)
		}
	}
	if cfg[awsmock.Project+":buildImage"] == "true" {
		delete(cfg, awsmock.Project+":image")
	}
	return cfg
}

// runConfig runs the program and returns how many resources it registered
// and its error.
func runConfig(cfg map[string]string) (int, error) {
	r := runProgram(&awsmock.Mocks{}, cfg)
	return len(r.mocks.Resources()), r.err
}

// TestConfigGeneratorsCoverEveryKey: a key without a generator would never
// be tried by the property above.
func TestConfigGeneratorsCoverEveryKey(t *testing.T) {
	t.Parallel()
	for _, b := range keys {
		if _, ok := configValues[b.key]; !ok {
			t.Errorf("configValues has no generator for %s", b.key)
		}
	}
}
