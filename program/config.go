package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/deployconfig"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/location"
	"github.com/ecs-bluegreen/ecs-bluegreen/kms"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/notify"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The stack's configuration. Pulumi.yaml declares every key (type and
// description); this file binds each key to the component fields it sets
// and to its default (keys, below), and keeps the few rules that span keys.
// A default is the component's own constant wherever the key sets a
// component field, and the program's only for the stack's own choices
// (DefaultImage, one task per zone): written once, read by the program,
// the README's configuration table and Pulumi.yaml's generated defaults.
// The rules and ranges of the fields are the components' own: their
// Validate methods report problems by field, and the errors are rendered
// here with the key, its value, what is allowed and the `pulumi config set`
// that fixes it. Adding a key takes Pulumi.yaml, one line in keys, the
// wiring in program.go and a test.

// sampleAppDir is the bundled sample service, built when buildImage is set,
// relative to the project's root (where `pulumi up` runs).
const sampleAppDir = "sampleapp"

// DefaultImage is the image the stack runs when the image key is not set:
// an unprivileged nginx that serves on 8080 as the default containerPort,
// for amd64 and arm64 alike.
const DefaultImage = "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine"

// stackConfig is the stack's configuration as the components' arguments:
// their plain fields, set from the keys. program.go adds the inputs that come
// from other resources and creates the components.
type stackConfig struct {
	VPC          network.VPCArgs
	LoadBalancer alb.LoadBalancerArgs
	Cluster      ecs.ClusterArgs
	Service      ecs.ServiceArgs
	Repository   registry.RepositoryArgs
	// The security baseline (issue 11).
	Roles         iam.RolesArgs
	Notifications notify.TopicArgs
	WAF           waf.WebACLArgs
	LogKey        kms.LogKeyArgs
	// The release's validation hook (issue 16), with ValidationEnabled.
	Validation validation.HookArgs

	// InstanceTypeName is the instanceType key; Cluster.InstanceType gets
	// its sizes from AWS (resolve).
	InstanceTypeName string
	// BuildImage builds the bundled sample service and runs it instead of
	// Service.Image.
	BuildImage bool
	// imageSet says whether the stack sets image, which buildImage
	// replaces.
	imageSet bool
	// ValidationEnabled creates the validation hook (Validation), which
	// releases name at AfterAllowTestTraffic.
	ValidationEnabled bool
	// validationPathDerived says that Validation.Path is healthCheckPath's.
	validationPathDerived bool
	// WAFEnabled puts the web ACL (WAF) on the load balancer.
	WAFEnabled bool
	// EncryptLogs creates the log key (LogKey) and encrypts the stack's log
	// groups with it.
	EncryptLogs bool
	// RepositoryKMSKeyARN is the repositoryKmsKeyArn key; finish sets
	// Repository.KMSKeyARN from it.
	RepositoryKMSKeyARN string
}

// binding binds one key to the component fields it sets: fields returns
// pointers to them in c, all of one Go type, which the key's value is parsed
// into; def is the key's default, of that type (of the element type for a
// pointer field). Problems the components report with those fields name
// the key.
type binding struct {
	key    string
	def    any
	fields func(c *stackConfig) []any
}

// emptyIsDefault says whether "" means the key's default: image's, which
// Pulumi.yaml then declares as its default, so that the program can tell a
// stack that sets image (which buildImage replaces) from one that does not:
// the CLI passes a declared default as if the stack had set it.
func (b binding) emptyIsDefault() bool { return b.key == "image" }

// The stack's own defaults, where a key's default is no component's.
const (
	// DefaultAZCount is the fewest zones a load balancer takes.
	DefaultAZCount = 2
	// DefaultReadonlyRootFilesystem is ecs.ServiceArgs's default (nil: read-only).
	DefaultReadonlyRootFilesystem = true
)

// keys binds every key Pulumi.yaml declares, in its order, with its
// default: a component's constant, or the stack's own (zero values: off,
// none, or a rule of the program's such as desiredCount 0, one task per
// zone, and maxInstances 0, sized for a release).
var keys = []binding{
	{"azCount", DefaultAZCount, func(c *stackConfig) []any { return []any{&c.Cluster.AZCount} }},
	{"vpcCidr", network.DefaultCIDR, func(c *stackConfig) []any { return []any{&c.VPC.CIDR, &c.LoadBalancer.VPCCIDR} }},
	{"natGateways", network.NATOnePerAZ, func(c *stackConfig) []any { return []any{&c.VPC.NATGateways} }},
	{"natInstanceType", network.DefaultNATInstanceType, func(c *stackConfig) []any { return []any{&c.VPC.NATInstanceType} }},
	{"flowLogs", false, func(c *stackConfig) []any { return []any{&c.VPC.FlowLogs} }},
	{"instanceType", ecs.DefaultInstanceType.Name, func(c *stackConfig) []any { return []any{&c.InstanceTypeName} }},
	{"maxInstances", 0, func(c *stackConfig) []any { return []any{&c.Cluster.MaxInstances} }},
	{"containerPort", ecs.DefaultContainerPort, func(c *stackConfig) []any { return []any{&c.Service.ContainerPort, &c.LoadBalancer.TargetPort} }},
	{"listenerPort", alb.DefaultListenerPort, func(c *stackConfig) []any { return []any{&c.LoadBalancer.ListenerPort} }},
	{"testListenerPort", alb.DefaultTestListenerPort, func(c *stackConfig) []any {
		return []any{&c.LoadBalancer.TestListenerPort, &c.Validation.TestListenerPort}
	}},
	{"image", DefaultImage, func(c *stackConfig) []any { return []any{&c.Service.Image} }},
	{"desiredCount", 0, func(c *stackConfig) []any { return []any{&c.Service.DesiredCount} }},
	{"certificateArn", "", func(c *stackConfig) []any { return []any{&c.LoadBalancer.CertificateARN} }},
	{"domainName", "", func(c *stackConfig) []any { return []any{&c.LoadBalancer.DomainName} }},
	{"hostedZoneId", "", func(c *stackConfig) []any { return []any{&c.LoadBalancer.HostedZoneID} }},
	{"testDomainName", "", func(c *stackConfig) []any { return []any{&c.LoadBalancer.TestDomainName} }},
	{"testListenerCidrs", []string{}, func(c *stackConfig) []any { return []any{&c.LoadBalancer.TestListenerCIDRs} }},
	{"healthCheckPath", alb.DefaultHealthCheckPath, func(c *stackConfig) []any { return []any{&c.LoadBalancer.HealthCheckPath} }},
	{"healthCheckIntervalSeconds", alb.DefaultHealthCheckIntervalSeconds, func(c *stackConfig) []any { return []any{&c.LoadBalancer.HealthCheckIntervalSeconds} }},
	{"healthyThresholdCount", alb.DefaultHealthyThresholdCount, func(c *stackConfig) []any { return []any{&c.LoadBalancer.HealthyThresholdCount} }},
	{"deregistrationDelaySeconds", alb.DefaultDeregistrationDelaySeconds, func(c *stackConfig) []any { return []any{&c.LoadBalancer.DeregistrationDelaySeconds} }},
	{"deletionProtection", false, func(c *stackConfig) []any { return []any{&c.LoadBalancer.DeletionProtection} }},
	{"accessLogs", false, func(c *stackConfig) []any { return []any{&c.LoadBalancer.AccessLogs} }},
	{"containerName", ecs.DefaultContainerName, func(c *stackConfig) []any { return []any{&c.Service.ContainerName} }},
	{"cpu", ecs.DefaultCPU, func(c *stackConfig) []any { return []any{&c.Service.CPU} }},
	{"memory", ecs.DefaultMemoryMiB, func(c *stackConfig) []any { return []any{&c.Service.MemoryMiB} }},
	{"logRetentionDays", ecs.DefaultLogRetentionDays, func(c *stackConfig) []any {
		return []any{&c.Service.LogRetentionDays, &c.WAF.LogRetentionDays, &c.Validation.LogRetentionDays}
	}},
	{"maxCount", 0, func(c *stackConfig) []any { return []any{&c.Service.MaxCount} }},
	{"healthCheckGracePeriodSeconds", ecs.DefaultHealthCheckGracePeriodSeconds, func(c *stackConfig) []any { return []any{&c.Service.HealthCheckGracePeriodSeconds} }},
	{"deploymentConfig", string(deployconfig.AllAtOnce), func(c *stackConfig) []any { return []any{&c.Service.DeploymentConfig} }},
	{"terminationWaitMinutes", ecs.DefaultTerminationWaitMinutes, func(c *stackConfig) []any { return []any{&c.Service.TerminationWaitMinutes} }},
	{"approvalWaitMinutes", 0, func(c *stackConfig) []any { return []any{&c.Service.ApprovalWaitMinutes} }},
	{"buildImage", false, func(c *stackConfig) []any { return []any{&c.BuildImage} }},
	// The security baseline.
	{"waf", false, func(c *stackConfig) []any { return []any{&c.WAFEnabled} }},
	{"wafRateLimit", waf.DefaultRateLimit, func(c *stackConfig) []any { return []any{&c.WAF.RateLimit} }},
	{"wafCountOnly", false, func(c *stackConfig) []any { return []any{&c.WAF.CountOnly} }},
	{"wafLogs", false, func(c *stackConfig) []any { return []any{&c.WAF.Logging} }},
	{"notifyEmail", "", func(c *stackConfig) []any { return []any{&c.Notifications.EmailAddress} }},
	{"readonlyRootFilesystem", DefaultReadonlyRootFilesystem, func(c *stackConfig) []any { return []any{&c.Service.ReadonlyRootFilesystem} }},
	{"containerUser", "", func(c *stackConfig) []any { return []any{&c.Service.User} }},
	{"encryptLogs", false, func(c *stackConfig) []any { return []any{&c.EncryptLogs} }},
	{"permissionsBoundaryArn", "", func(c *stackConfig) []any {
		return []any{&c.Roles.PermissionsBoundaryARN, &c.VPC.PermissionsBoundaryARN, &c.Validation.PermissionsBoundaryARN}
	}},
	{"repositoryEncryption", registry.EncryptionAES256, func(c *stackConfig) []any { return []any{&c.Repository.Encryption} }},
	{"repositoryKmsKeyArn", "", func(c *stackConfig) []any { return []any{&c.RepositoryKMSKeyARN} }},
	{"validation", false, func(c *stackConfig) []any { return []any{&c.ValidationEnabled} }},
	// "": the health check path (finish).
	{"validationPath", "", func(c *stackConfig) []any { return []any{&c.Validation.Path} }},
	{"validationExpectedStatus", validation.DefaultExpectedStatus, func(c *stackConfig) []any { return []any{&c.Validation.ExpectedStatus} }},
	{"validationSuccesses", validation.DefaultConsecutiveSuccesses, func(c *stackConfig) []any { return []any{&c.Validation.ConsecutiveSuccesses} }},
	{"validationBudgetSeconds", validation.DefaultBudgetSeconds, func(c *stackConfig) []any { return []any{&c.Validation.BudgetSeconds} }},
	{"validationBodySubstring", "", func(c *stackConfig) []any { return []any{&c.Validation.BodySubstring} }},
	{"validationHeader", "", func(c *stackConfig) []any { return []any{&c.Validation.Header} }},
	{"validationServerName", "", func(c *stackConfig) []any { return []any{&c.Validation.TLSServerName} }},
}

// derivedFields name the key behind component fields the configuration
// sets from a key indirectly (see finish and resolve), as
// "<stackConfig field>.<Args field>".
var derivedFields = map[string]string{
	"VPC.len(AvailabilityZones)":    "azCount",
	"VPC.AvailabilityZones":         "azCount",
	"Cluster.InstanceType":          "instanceType",
	"Cluster.MinInstances":          "azCount",
	"Cluster.Services[0].CPU":       "cpu",
	"Cluster.Services[0].MemoryMiB": "memory",
	"Repository.KMSKeyARN":          "repositoryKmsKeyArn",
	"Validation.Path":               "validationPath",
	// Cluster.Services[0].MaxCount: maxCount or desiredCount (keyOf).
}

// configSource returns a key's raw value and whether the stack sets it.
type configSource func(key string) (string, bool)

// contextConfig reads the project's keys from the running program.
func contextConfig(ctx *pulumi.Context) configSource {
	return func(key string) (string, bool) { return ctx.GetConfig(ctx.Project() + ":" + key) }
}

// configure reads and checks the whole configuration before anything is
// registered: the keys and every component's rules (loadConfig), then what
// only AWS knows (the region's zones, the instance type's sizes) and the
// rules that need it (resolve).
func configure(ctx *pulumi.Context) (stackConfig, error) {
	c, err := loadConfig(contextConfig(ctx))
	if err != nil {
		return stackConfig{}, invalid(err)
	}
	if err := c.locate(ctx); err != nil {
		return stackConfig{}, err
	}
	if err := c.findZone(ctx); err != nil {
		return stackConfig{}, err
	}
	zones, err := network.LookupAvailabilityZones(ctx, c.Cluster.AZCount)
	var short *network.NotEnoughZonesError
	if errors.As(err, &short) {
		return stackConfig{}, invalid(fmt.Errorf("azCount: %d is more than the %d availability zones the region has available %v; for example: pulumi config set azCount %d",
			c.Cluster.AZCount, len(short.Available), short.Available, len(short.Available)))
	}
	if err != nil {
		return stackConfig{}, err
	}
	it, err := ecs.LookupInstanceType(ctx, c.InstanceTypeName)
	if fes := argcheck.Errors(err); len(fes) > 0 {
		return stackConfig{}, invalid(c.render("Cluster", err))
	}
	if err != nil {
		return stackConfig{}, err
	}
	if err := c.resolve(zones, it); err != nil {
		return stackConfig{}, invalid(err)
	}
	return c, nil
}

func invalid(err error) error { return fmt.Errorf("invalid stack configuration:\n%w", err) }

// loadConfig reads every key into the components' arguments and checks them
// with the components' rules and the rules that span keys, reporting every
// problem at once. The cluster, whose rules need the instance type's sizes,
// is checked by resolve.
func loadConfig(get configSource) (stackConfig, error) {
	var c stackConfig
	r := &configReader{get: get}
	for _, b := range keys {
		r.read(b, b.fields(&c))
	}
	// buildImage replaces the image: setting both is a mistake.
	image, ok := get("image")
	c.imageSet = ok && image != ""
	if len(r.errs) > 0 {
		// Values that did not parse would only add misleading errors.
		return stackConfig{}, errors.Join(r.errs...)
	}
	errs := []error{errors.Join(r.refused...)}
	if c.BuildImage && c.imageSet {
		errs = append(errs, fmt.Errorf("buildImage: true builds and runs the bundled sample service, but the stack also sets image %q: remove one; for example: pulumi config rm image", c.Service.Image))
	}
	c.finish()
	// The zones' names are known after the lookup; the network's rules need
	// only their number now.
	vpc := c.VPC
	for i := range c.Cluster.AZCount {
		vpc.AvailabilityZones = append(vpc.AvailabilityZones, "zone-"+strconv.Itoa(i+1))
	}
	for _, v := range []struct {
		field string
		err   error
	}{
		{"VPC", vpc.Validate()},
		{"LoadBalancer", c.LoadBalancer.Validate()},
		{"Service", c.serviceToValidate().Validate()},
		{"Repository", c.Repository.Validate()},
		{"Cluster", ecs.CheckInstanceTypeName(c.InstanceTypeName)}, // the rest needs AWS's answer
		{"Roles", c.Roles.Validate()},
		{"Notifications", c.Notifications.Validate()},
		{"WAF", c.WAF.Validate()}, // checked with waf off too: the value is wrong either way
		{"LogKey", c.LogKey.Validate()},
		{"Validation", c.validationToValidate().Validate()}, // checked with validation off too
	} {
		if v.err != nil {
			errs = append(errs, c.render(v.field, v.err))
		}
	}
	if err := dedupe(slices.DeleteFunc(errs, func(err error) bool { return err == nil })); err != nil {
		return stackConfig{}, err
	}
	return c, nil
}

// locate checks the ARNs the keys give against the partition, region and
// account the stack deploys to, which the provider answers (aws:region, the
// credentials' account), with the components' rules (ValidateLocation).
func (c stackConfig) locate(ctx *pulumi.Context) error {
	at, err := location.Lookup(ctx)
	if err != nil {
		return fmt.Errorf("the stack's location: %w", err)
	}
	if err := c.checkLocation(at.Partition, at.Region, at.Account); err != nil {
		return invalid(err)
	}
	return nil
}

// findZone finds, with domainName, the public hosted zone of the name and
// checks it (alb.LoadBalancerArgs.FindZone): the load balancer then takes
// the zone by its id.
func (c *stackConfig) findZone(ctx *pulumi.Context) error {
	zone, err := c.LoadBalancer.FindZone(ctx)
	if len(argcheck.Errors(err)) > 0 {
		return invalid(c.render("LoadBalancer", err))
	}
	if err != nil {
		return fmt.Errorf("the domain's hosted zone: %w", err)
	}
	c.LoadBalancer.HostedZoneID = zone.ID
	return nil
}

// checkLocation reports the keys' ARNs that a stack in partition, region
// and account cannot use, each key once.
func (c stackConfig) checkLocation(partition, region, account string) error {
	var errs []error
	for _, v := range []struct {
		field string
		err   error
	}{
		{"LoadBalancer", c.LoadBalancer.ValidateLocation(partition, region, account)},
		{"Roles", c.Roles.ValidateLocation(partition, account)},
		{"VPC", c.VPC.ValidateLocation(partition, account)},
		{"Repository", c.Repository.ValidateLocation(partition, region)},
	} {
		if v.err != nil {
			errs = append(errs, c.render(v.field, v.err))
		}
	}
	return dedupe(errs)
}

// finish sets the fields the keys set indirectly: the rules that span keys.
func (c *stackConfig) finish() {
	if c.Service.DesiredCount == 0 { // the key's 0: one task per zone
		c.Service.DesiredCount = c.Cluster.AZCount
	}
	// The stack's image repository is as deletable as its load balancer.
	c.Repository.ForceDelete = !c.LoadBalancer.DeletionProtection
	// A KMS-encrypted repository uses the key given, else the log key,
	// which then admits ECR (program.go wires it), else aws/ecr.
	if c.RepositoryKMSKeyARN != "" {
		c.Repository.KMSKeyARN = pulumi.String(c.RepositoryKMSKeyARN)
	}
	c.LogKey.ECRRepositories = c.EncryptLogs && c.Repository.Encryption == registry.EncryptionKMS && c.RepositoryKMSKeyARN == ""
	// A NAT instance forwards what the private subnets send: HTTPS, which
	// it always forwards, and, for clients in the VPC that reach the
	// internet-facing load balancer through it (a CI runner checking the
	// test URL), the listeners' ports. Ports out of range are the load
	// balancer's errors, reported once.
	c.VPC.NATInstancePorts = nil
	for _, p := range []int{c.LoadBalancer.ListenerPort, c.LoadBalancer.TestListenerPort} {
		if p >= 1 && p <= 65535 && !slices.Contains(c.VPC.NATInstancePorts, p) {
			c.VPC.NATInstancePorts = append(c.VPC.NATInstancePorts, p)
		}
	}
	slices.Sort(c.VPC.NATInstancePorts)
	if c.BuildImage {
		c.Service.Image = ""
		c.Repository.BuildContext = sampleAppDir
	}
	if c.Validation.Path == "" { // the key's "": what the health check asks
		c.Validation.Path = c.LoadBalancer.HealthCheckPath
		c.validationPathDerived = true
	}
}

// validationToValidate is the hook's arguments with a path of its own
// only: a bad healthCheckPath is reported once, by its key.
func (c stackConfig) validationToValidate() validation.HookArgs {
	v := c.Validation
	if c.validationPathDerived {
		v.Path = validation.DefaultPath
	}
	return v
}

// serviceToValidate is the service's arguments as NewService will get them:
// with buildImage, the image is the build's output, which program.go wires.
func (c stackConfig) serviceToValidate() ecs.ServiceArgs {
	s := c.Service
	if c.BuildImage {
		s.ImageURI = pulumi.String("the image the stack builds")
	}
	return s
}

// resolve completes the configuration with what AWS answered, the region's
// zones and the instance type, and checks the cluster: its instances must
// hold the service's tasks, twice over during a release.
func (c *stackConfig) resolve(zones []string, it ecs.InstanceType) error {
	c.VPC.AvailabilityZones = zones
	c.Cluster.InstanceType = it
	c.Cluster.Services = []ecs.ServiceTasks{c.Service.Tasks()}
	if c.BuildImage {
		c.Repository.Platform = it.Platform() // the image must run on the instances
	}
	if err := c.Cluster.Validate(); err != nil {
		return c.render("Cluster", err)
	}
	return nil
}

// imageReference is the image the service runs when the stack does not
// build one: the image key.
func (c stackConfig) imageReference() string { return c.Service.Image }

// dedupe joins the problems of each group (the components' and the
// program's, in order), dropping those of a key an earlier group already
// reported: two components that share a key (vpcCidr, containerPort) report
// its bad value once.
func dedupe(groups []error) error {
	var out []error
	reported := map[string]bool{}
	for _, g := range groups {
		mine := map[string]bool{}
		for _, line := range strings.Split(g.Error(), "\n") {
			key, _, _ := strings.Cut(line, ":")
			if line == "" || reported[key] {
				continue
			}
			mine[key] = true
			out = append(out, errors.New(line))
		}
		for k := range mine {
			reported[k] = true
		}
	}
	return errors.Join(out...)
}

// render turns a component's field errors into configuration errors: each
// names its key (or the field, when no key sets it), the value, what is
// allowed, and the `pulumi config set` that fixes it. component is the
// stackConfig field holding the component's arguments.
func (c stackConfig) render(component string, err error) error {
	var out []error
	for _, fe := range argcheck.Errors(err) {
		key, index := c.keyOf(component, fe.Field)
		if key == "" { // not set by a key: a bug in this file, shown as is
			out = append(out, fmt.Errorf("%s.%s (no configuration key sets it): %w", component, fe.Field, fe))
			continue
		}
		name := func(field string) string {
			if k, i := c.keyOf(component, field); k != "" {
				return k + i
			}
			return field
		}
		out = append(out, argcheck.ConfigProblem(fe, key, index, name))
	}
	if len(out) == 0 { // not a field error: pass it on
		return err
	}
	return errors.Join(out...)
}

// fieldIndex splits "TestListenerCIDRs[1]" into the field and "[1]".
var fieldIndex = regexp.MustCompile(`^([A-Za-z0-9_.()]+?)(\[[0-9]+\])?$`)

// keyOf returns the key that sets a component's field, and the index of a
// list element ("[1]"); "" when no key does.
func (c stackConfig) keyOf(component, field string) (string, string) {
	if field == "Services[0].MaxCount" && component == "Cluster" {
		if c.Service.MaxCount > c.Service.DesiredCount {
			return "maxCount", ""
		}
		return "desiredCount", ""
	}
	if k, ok := derivedFields[component+"."+field]; ok {
		return k, ""
	}
	m := fieldIndex.FindStringSubmatch(field)
	if m == nil {
		return "", ""
	}
	if k, ok := fieldKeys()[component+"."+m[1]]; ok {
		return k, m[2]
	}
	return "", ""
}

// fieldKeys maps "<stackConfig field>.<Args field>" to the key that sets
// it, found by matching the pointers keys returns with the fields of a
// stackConfig.
var fieldKeys = sync.OnceValue(func() map[string]string {
	var c stackConfig
	v := reflect.ValueOf(&c).Elem()
	byAddr := map[uintptr]string{}
	for i := range v.NumField() {
		comp := v.Field(i)
		if comp.Kind() != reflect.Struct {
			continue
		}
		for j := range comp.NumField() {
			byAddr[comp.Field(j).Addr().Pointer()] = v.Type().Field(i).Name + "." + comp.Type().Field(j).Name
		}
	}
	out := map[string]string{}
	for _, b := range keys {
		for _, p := range b.fields(&c) {
			if f, ok := byAddr[reflect.ValueOf(p).Pointer()]; ok {
				out[f] = b.key
			}
		}
	}
	return out
})

// configReader parses raw values into the components' fields, applying
// the keys' defaults and collecting every problem.
type configReader struct {
	get     configSource
	errs    []error // values that do not parse
	refused []error // values that parse, but a key does not take
}

func (r *configReader) fail(format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf(format, args...))
}

// read parses b's key into every field it sets; they share one type. A key
// the stack does not set takes its default.
func (r *configReader) read(b binding, fields []any) {
	t := reflect.TypeOf(fields[0]).Elem()
	def := formatDefault(b.def)
	v := defaultValue(b.def, t)
	if s, ok := r.get(b.key); ok && (s != "" || !b.emptyIsDefault()) {
		parsed, ok := r.parse(b.key, def, s, t)
		if !ok {
			return
		}
		v = parsed
		// The components read a zero field as "use my default": a zero
		// value for a key whose default is not zero would be replaced
		// silently. Keys whose field is a pointer take zero as it is.
		if t.Kind() != reflect.Pointer && v.IsZero() && !reflect.ValueOf(b.def).IsZero() {
			shown := v.Interface()
			if t.Kind() == reflect.String { // a named string type (NATStrategy) is shown quoted too
				shown = v.String()
			}
			r.refused = append(r.refused, fmt.Errorf("%s: %s is not allowed: give a value (the default is %s); for example: pulumi config set %s %s", b.key, argcheck.FormatValue(shown), def, b.key, def))
			// Check the rest with the default, so the one mistake is reported once.
			v = defaultValue(b.def, t)
		}
	}
	for _, f := range fields {
		reflect.ValueOf(f).Elem().Set(v)
	}
}

// defaultValue is def as a value of the fields' type t: a pointer to it
// for a pointer field.
func defaultValue(def any, t reflect.Type) reflect.Value {
	if t.Kind() == reflect.Pointer {
		p := reflect.New(t.Elem())
		p.Elem().Set(reflect.ValueOf(def).Convert(t.Elem()))
		return p
	}
	return reflect.ValueOf(def).Convert(t)
}

// formatDefault writes a default as `pulumi config set` takes it, and as
// Pulumi.yaml and the README show it: lists as JSON.
func formatDefault(def any) string {
	if l, ok := def.([]string); ok {
		b, _ := json.Marshal(l) // a list of strings always marshals
		return string(b)
	}
	return fmt.Sprint(def)
}

// parse reads s as a value of type t, or records why it cannot.
func (r *configReader) parse(key, example, s string, t reflect.Type) (reflect.Value, bool) {
	switch t.Kind() { //nolint:exhaustive // the kinds of the keys' fields; default refuses the rest
	case reflect.Pointer: // *int: the key always sets a value, even 0
		v, ok := r.parse(key, example, s, t.Elem())
		if !ok {
			return v, false
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(v)
		return p, true
	case reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			r.fail("%s: %q is not a whole number; set one, for example: pulumi config set %s %s", key, s, key, example)
			return reflect.Value{}, false
		}
		return reflect.ValueOf(n).Convert(t), true
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			r.fail("%s: %q is not true or false; set one, for example: pulumi config set %s true", key, s, key)
			return reflect.Value{}, false
		}
		return reflect.ValueOf(b).Convert(t), true
	case reflect.String:
		return reflect.ValueOf(s).Convert(t), true
	case reflect.Slice:
		var list []string
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			r.fail("%s: %q is not a list of strings; set one, for example: pulumi config set --path '%s[0]' 203.0.113.0/24", key, s, key)
			return reflect.Value{}, false
		}
		return reflect.ValueOf(list), true
	default:
		r.fail("%s: cannot read a value of type %s", key, t) // a programming error
		return reflect.Value{}, false
	}
}
