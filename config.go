package main

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	}
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
	return errors.Join(errs...)
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
