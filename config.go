package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/logretention"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// stackConfig is the stack's configuration, read once and validated before
// any resource is registered.
type stackConfig struct {
	AZCount          int
	VPCCIDR          string
	NATGateways      network.NATStrategy
	FlowLogs         bool
	InstanceType     string
	ContainerPort    int
	ListenerPort     int
	TestListenerPort int
	Image            string
	DesiredCount     int // 0 in the configuration means one task per zone; here it is resolved

	CertificateARN             string
	TestListenerCIDRs          []string // empty in the configuration means the VPC's CIDR; here it is resolved
	HealthCheckPath            string
	HealthCheckIntervalSeconds int
	HealthyThresholdCount      int
	DeregistrationDelaySeconds int
	DeletionProtection         bool
	AccessLogs                 bool

	ContainerName                 string
	CPU                           int
	MemoryMiB                     int
	LogRetentionDays              int
	MaxCount                      int // 0 in the configuration means DesiredCount (no auto scaling); here it is resolved
	HealthCheckGracePeriodSeconds int
	DeploymentConfig              string // the full CodeDeploy name, resolved from a short one
	TerminationWaitMinutes        int
	ApprovalWaitMinutes           int
	BuildImage                    bool
	imageSet                      bool // whether the stack sets image, which buildImage replaces
}

// imageReference is the image the service runs when the stack does not
// build one.
func (c stackConfig) imageReference() string {
	if c.BuildImage {
		return ""
	}
	return c.Image
}

// configKey declares one configuration key as Pulumi.yaml does: a test keeps
// the two in step.
type configKey struct {
	Name    string
	Type    string // "integer", "string" or "boolean", as in Pulumi.yaml
	Default string // as the CLI passes it to the program
}

// configKeys are the project's keys, in the order the README lists them.
var configKeys = []configKey{
	{"azCount", "integer", "2"},
	{"vpcCidr", "string", network.DefaultCIDR},
	{"natGateways", "string", string(network.NATOnePerAZ)},
	{"flowLogs", "boolean", "false"},
	{"instanceType", "string", "t3.small"},
	{"containerPort", "integer", "8080"},
	{"listenerPort", "integer", "80"},
	{"testListenerPort", "integer", "8080"},
	{"image", "string", "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine"},
	{"desiredCount", "integer", "0"},
	{"certificateArn", "string", ""},
	{"testListenerCidrs", "array", "[]"},
	{"healthCheckPath", "string", "/"},
	{"healthCheckIntervalSeconds", "integer", "10"},
	{"healthyThresholdCount", "integer", "2"},
	{"deregistrationDelaySeconds", "integer", "30"},
	{"deletionProtection", "boolean", "false"},
	{"accessLogs", "boolean", "false"},
	{"containerName", "string", "app"},
	{"cpu", "integer", "256"},
	{"memory", "integer", "512"},
	{"logRetentionDays", "integer", "30"},
	{"maxCount", "integer", "0"},
	{"healthCheckGracePeriodSeconds", "integer", "60"},
	{"deploymentConfig", "string", "AllAtOnce"},
	{"terminationWaitMinutes", "integer", "5"},
	{"approvalWaitMinutes", "integer", "0"},
	{"buildImage", "boolean", "false"},
}

// configSource returns a key's raw value and whether the stack sets it.
type configSource func(key string) (string, bool)

// contextConfig reads the project's keys from the running program.
func contextConfig(ctx *pulumi.Context) configSource {
	return func(key string) (string, bool) { return ctx.GetConfig(ctx.Project() + ":" + key) }
}

// configReader parses raw values, applying the declared defaults and
// collecting every problem.
type configReader struct {
	get  configSource
	errs []error
}

func (r *configReader) raw(key string) string {
	if v, ok := r.get(key); ok {
		return v
	}
	for _, k := range configKeys {
		if k.Name == key {
			return k.Default
		}
	}
	r.errs = append(r.errs, fmt.Errorf("%s: not a declared configuration key", key)) // a programming error
	return ""
}

func (r *configReader) integer(key, example string) int {
	s := r.raw(key)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a whole number; set one, for example: pulumi config set %s %s", key, s, key, example))
	}
	return n
}

func (r *configReader) boolean(key string) bool {
	s := r.raw(key)
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not true or false; set one, for example: pulumi config set %s true", key, s, key))
	}
	return b
}

func (r *configReader) stringList(key, example string) []string {
	s := r.raw(key)
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a list of strings; set one, for example: pulumi config set --path '%s[0]' %s", key, s, key, example))
	}
	return list
}

// loadConfig reads and validates every key, reporting all problems at once.
func loadConfig(get configSource) (stackConfig, error) {
	r := &configReader{get: get}
	c := stackConfig{
		AZCount:          r.integer("azCount", "2"),
		VPCCIDR:          r.raw("vpcCidr"),
		NATGateways:      network.NATStrategy(r.raw("natGateways")),
		FlowLogs:         r.boolean("flowLogs"),
		InstanceType:     r.raw("instanceType"),
		ContainerPort:    r.integer("containerPort", "8080"),
		ListenerPort:     r.integer("listenerPort", "80"),
		TestListenerPort: r.integer("testListenerPort", "8080"),
		Image:            r.raw("image"),
		DesiredCount:     r.integer("desiredCount", "2"),

		CertificateARN:             r.raw("certificateArn"),
		TestListenerCIDRs:          r.stringList("testListenerCidrs", "10.0.0.0/16"),
		HealthCheckPath:            r.raw("healthCheckPath"),
		HealthCheckIntervalSeconds: r.integer("healthCheckIntervalSeconds", "10"),
		HealthyThresholdCount:      r.integer("healthyThresholdCount", "2"),
		DeregistrationDelaySeconds: r.integer("deregistrationDelaySeconds", "30"),
		DeletionProtection:         r.boolean("deletionProtection"),
		AccessLogs:                 r.boolean("accessLogs"),

		ContainerName:                 r.raw("containerName"),
		CPU:                           r.integer("cpu", "256"),
		MemoryMiB:                     r.integer("memory", "512"),
		LogRetentionDays:              r.integer("logRetentionDays", "30"),
		MaxCount:                      r.integer("maxCount", "4"),
		HealthCheckGracePeriodSeconds: r.integer("healthCheckGracePeriodSeconds", "60"),
		DeploymentConfig:              r.raw("deploymentConfig"),
		TerminationWaitMinutes:        r.integer("terminationWaitMinutes", "5"),
		ApprovalWaitMinutes:           r.integer("approvalWaitMinutes", "60"),
		BuildImage:                    r.boolean("buildImage"),
	}
	_, c.imageSet = get("image")
	if len(r.errs) > 0 {
		// Values that did not parse would only add misleading range errors.
		return stackConfig{}, errors.Join(r.errs...)
	}
	if err := c.validate(); err != nil {
		return stackConfig{}, err
	}
	if c.DesiredCount == 0 {
		c.DesiredCount = c.AZCount
	}
	if c.MaxCount == 0 {
		c.MaxCount = c.DesiredCount
	}
	if len(c.TestListenerCIDRs) == 0 {
		c.TestListenerCIDRs = []string{c.VPCCIDR}
	}
	// validate checked it: this only turns a short name into the full one.
	c.DeploymentConfig, _ = ecs.DeploymentConfigName(c.DeploymentConfig)
	return c, nil
}

var (
	// instanceTypePattern matches EC2 instance types: a family with a
	// generation digit, a dot, a size (t3.small, m7i.2xlarge, c6gn.metal).
	instanceTypePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|[0-9]+xlarge|metal|metal-[0-9]+xl)$`)
)

// validate checks every value's range and the values against each other.
func (c stackConfig) validate() error {
	var errs []error
	if c.AZCount < 2 || c.AZCount > network.MaxAZs {
		errs = append(errs, fmt.Errorf("azCount: %d is out of range: use 2 to %d (a load balancer needs two zones); for example: pulumi config set azCount 2", c.AZCount, network.MaxAZs))
	}
	if _, err := network.ParseVPCCIDR(c.VPCCIDR); err != nil {
		errs = append(errs, fmt.Errorf("vpcCidr: %w; for example: pulumi config set vpcCidr %s", err, network.DefaultCIDR))
	}
	if !slices.Contains(network.NATStrategies, c.NATGateways) {
		errs = append(errs, fmt.Errorf("natGateways: %q is not a NAT strategy: use %q (one NAT gateway, cheaper) or %q (one per zone, survives a zone outage); for example: pulumi config set natGateways %s",
			c.NATGateways, network.NATSingle, network.NATOnePerAZ, network.NATOnePerAZ))
	}
	if !instanceTypePattern.MatchString(c.InstanceType) {
		errs = append(errs, fmt.Errorf("instanceType: %q is not an EC2 instance type: write family.size in lower case; for example: pulumi config set instanceType t3.small", c.InstanceType))
	}
	for _, p := range []struct {
		key     string
		port    int
		example string
	}{{"containerPort", c.ContainerPort, "8080"}, {"listenerPort", c.ListenerPort, "80"}, {"testListenerPort", c.TestListenerPort, "8080"}} {
		if p.port < 1 || p.port > 65535 {
			errs = append(errs, fmt.Errorf("%s: %d is not a TCP port: use 1 to 65535; for example: pulumi config set %s %s", p.key, p.port, p.key, p.example))
		}
	}
	if c.ListenerPort == c.TestListenerPort {
		errs = append(errs, fmt.Errorf("testListenerPort: %d is also listenerPort: the test listener needs a port of its own; for example: pulumi config set testListenerPort %d",
			c.TestListenerPort, suggestTestPort(c.ListenerPort)))
	}
	if err := checkImageReference(c.Image); err != nil {
		errs = append(errs, fmt.Errorf("image: %w; for example: pulumi config set image public.ecr.aws/nginx/nginx-unprivileged:stable-alpine", err))
	}
	if c.DesiredCount < 0 {
		errs = append(errs, fmt.Errorf("desiredCount: %d is negative: use 0 for one task per availability zone, or a task count; for example: pulumi config set desiredCount 2", c.DesiredCount))
	}
	if c.BuildImage && c.imageSet {
		errs = append(errs, fmt.Errorf("buildImage: true builds and runs the bundled sample service, but the stack also sets image %q: remove one; for example: pulumi config rm image", c.Image))
	}
	errs = append(errs, c.validateLoadBalancer()...)
	errs = append(errs, c.validateService()...)
	return errors.Join(errs...)
}

// inRange reports key's value when it is outside lo..hi.
func inRange(key string, v, lo, hi int, unit, example string) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s: %d is out of range: use %d to %d%s; for example: pulumi config set %s %s", key, v, lo, hi, unit, key, example)
	}
	return nil
}

var (
	certificateARNPattern  = regexp.MustCompile(`^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:certificate/[0-9a-zA-Z-]+$`)
	containerNamePattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)
	healthCheckPathPattern = regexp.MustCompile(`^/[\x21-\x7e]*$`)
)

// minTestListenerPrefix is the widest block the test listener may admit: it
// serves a version that is not released yet.
const minTestListenerPrefix = 8

func (c stackConfig) validateLoadBalancer() []error {
	var errs []error
	if c.CertificateARN != "" {
		if !certificateARNPattern.MatchString(c.CertificateARN) {
			errs = append(errs, fmt.Errorf("certificateArn: %q is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>): request or import one in ACM in the stack's region, then: pulumi config set certificateArn <arn>", c.CertificateARN))
		}
		if c.ListenerPort == 443 || c.TestListenerPort == 443 {
			errs = append(errs, fmt.Errorf("certificateArn: with a certificate, production is HTTPS on 443, so listenerPort (%d) and testListenerPort (%d) must not be 443; for example: pulumi config set listenerPort 80", c.ListenerPort, c.TestListenerPort))
		}
	}
	for i, s := range c.TestListenerCIDRs {
		p, err := netip.ParsePrefix(s)
		switch {
		case err != nil || !p.Addr().Is4() || p.Masked() != p:
			errs = append(errs, fmt.Errorf("testListenerCidrs[%d]: %q is not an IPv4 CIDR block such as 203.0.113.0/24; for example: pulumi config set --path 'testListenerCidrs[%d]' 203.0.113.0/24", i, s, i))
		case p.Bits() < minTestListenerPrefix:
			errs = append(errs, fmt.Errorf("testListenerCidrs[%d]: %q is wider than /%d: the test listener serves an unreleased version and must never be open to the internet; list your office or CI addresses, or leave the list empty for the VPC only", i, s, minTestListenerPrefix))
		}
	}
	if !healthCheckPathPattern.MatchString(c.HealthCheckPath) || len(c.HealthCheckPath) > 1024 {
		errs = append(errs, fmt.Errorf("healthCheckPath: %q is not a URL path: start with '/', up to 1024 printable characters without spaces; for example: pulumi config set healthCheckPath /health", c.HealthCheckPath))
	}
	errs = appendErr(errs, inRange("healthCheckIntervalSeconds", c.HealthCheckIntervalSeconds, 5, 300, " seconds", "10"))
	errs = appendErr(errs, inRange("healthyThresholdCount", c.HealthyThresholdCount, 2, 10, " checks", "2"))
	errs = appendErr(errs, inRange("deregistrationDelaySeconds", c.DeregistrationDelaySeconds, 0, 3600, " seconds", "30"))
	return errs
}

func (c stackConfig) validateService() []error {
	var errs []error
	if !containerNamePattern.MatchString(c.ContainerName) {
		errs = append(errs, fmt.Errorf("containerName: %q is not a container name: use 1 to 255 letters, digits, '_' and '-'; for example: pulumi config set containerName app", c.ContainerName))
	}
	errs = appendErr(errs, inRange("cpu", c.CPU, 2, 196608, " CPU units (1024 = one vCPU)", "256"))
	errs = appendErr(errs, inRange("memory", c.MemoryMiB, 6, 1<<20, " MiB", "512"))
	if !logretention.Valid(c.LogRetentionDays) {
		errs = append(errs, fmt.Errorf("logRetentionDays: %d is not a CloudWatch Logs retention period: use one of %v; for example: pulumi config set logRetentionDays 30", c.LogRetentionDays, logretention.Days))
	}
	desired := c.DesiredCount
	if desired == 0 {
		desired = c.AZCount
	}
	if c.MaxCount != 0 && c.MaxCount < desired {
		errs = append(errs, fmt.Errorf("maxCount: %d is less than the desired count %d: use 0 for no auto scaling, or a maximum of at least %d; for example: pulumi config set maxCount %d", c.MaxCount, desired, desired, 2*desired))
	}
	if c.MaxCount < 0 {
		errs = append(errs, fmt.Errorf("maxCount: %d is negative: use 0 for no auto scaling; for example: pulumi config set maxCount 0", c.MaxCount))
	}
	errs = appendErr(errs, inRange("healthCheckGracePeriodSeconds", c.HealthCheckGracePeriodSeconds, 0, 7200, " seconds", "60"))
	if _, err := ecs.DeploymentConfigName(c.DeploymentConfig); err != nil {
		errs = append(errs, fmt.Errorf("deploymentConfig: %w; for example: pulumi config set deploymentConfig Canary10Percent5Minutes", err))
	}
	errs = appendErr(errs, inRange("terminationWaitMinutes", c.TerminationWaitMinutes, 0, ecs.MaxTerminationWaitMinutes, " minutes", "5"))
	errs = appendErr(errs, inRange("approvalWaitMinutes", c.ApprovalWaitMinutes, 0, ecs.MaxApprovalWaitMinutes, " minutes (0: no approval)", "60"))
	return errs
}

func appendErr(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}

func suggestTestPort(listener int) int {
	if listener == 8080 {
		return 8443
	}
	return 8080
}

// Image references, after the grammar of the Docker distribution project:
// [domain[:port]/]path[:tag][@digest].
var (
	imageDomainPattern = regexp.MustCompile(`^(localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:[0-9]+)?$`)
	imagePathPattern   = regexp.MustCompile(`^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$`)
	imageTagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	imageDigestPattern = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

// checkImageReference reports whether s is a container image reference ECS
// can pull: lower-case repository path, optional registry, tag and digest.
func checkImageReference(s string) error {
	if s == "" {
		return errors.New(`"" is empty: give an image reference such as registry/repository:tag`)
	}
	if strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("%q contains white space", s)
	}
	rest := s
	if name, digest, ok := strings.Cut(rest, "@"); ok {
		if !imageDigestPattern.MatchString(digest) {
			return fmt.Errorf("%q has digest %q: a digest is sha256: and 64 lower-case hex digits", s, digest)
		}
		rest = name
	}
	// A tag follows the last colon after the last slash.
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		if tag := rest[i+1:]; !imageTagPattern.MatchString(tag) {
			return fmt.Errorf("%q has tag %q: a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'", s, tag)
		}
		rest = rest[:i]
	}
	path := rest
	if first, after, ok := strings.Cut(rest, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		if !imageDomainPattern.MatchString(first) {
			return fmt.Errorf("%q has registry %q, which is not a host name with an optional port", s, first)
		}
		path = after
	}
	if len(rest) > 255 {
		return fmt.Errorf("%q is too long: the name may be 255 characters at most", s)
	}
	if !imagePathPattern.MatchString(path) {
		return fmt.Errorf("%q has repository path %q: use lower-case letters, digits and separators ('.', '_', '-') between '/'-separated parts", s, path)
	}
	return nil
}

// imageIsPinned reports whether the reference names a tag or a digest;
// without either, ECS pulls :latest and a release is not reproducible.
func imageIsPinned(s string) bool {
	return strings.Contains(s, "@") || strings.LastIndex(s, ":") > strings.LastIndex(s, "/")
}
