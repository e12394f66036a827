package alb

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/bluegreen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awslb "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	awsvpc "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadBalancerType is the component's type token. It is part of every
// child's URN: changing it replaces the load balancer, its listeners and
// target groups unless an alias says otherwise.
const LoadBalancerType = "ecs-bluegreen:alb:LoadBalancer"

// Defaults of LoadBalancerArgs, applied to zero fields.
const (
	DefaultListenerPort     = 80
	DefaultTestListenerPort = 8080
	// DefaultTargetPort is the default container port the ECS service
	// uses too (ecs.DefaultContainerPort): both are
	// bluegreen.DefaultContainerPort.
	DefaultTargetPort                 = bluegreen.DefaultContainerPort
	DefaultHealthCheckPath            = "/"
	DefaultHealthCheckIntervalSeconds = 10
	DefaultHealthyThresholdCount      = 2
	DefaultUnhealthyThresholdCount    = 2
	DefaultHealthCheckTimeoutSeconds  = 5
	DefaultHealthCheckMatcher         = "200-399"
	DefaultDeregistrationDelaySeconds = 30
	DefaultIdleTimeoutSeconds         = 60
	DefaultAccessLogsExpirationDays   = 90
)

// MaxTestListenerSourceIPs is the most addresses LoadBalancerArgs.
// TestListenerSourceIPs may hold: the size of the prefix list that admits
// them, which counts as that many rules of the security group's 60.
const MaxTestListenerSourceIPs = 8

// HTTPSPort is the production listener's port when LoadBalancerArgs has a
// CertificateARN or a DomainName.
const HTTPSPort = 443

// SSLPolicy is the security policy of the HTTPS listeners: TLS 1.3 and 1.2
// only, the policy AWS recommends.
const SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// AccessLogsPrefix is the key prefix of access-log objects in the bucket:
// ELB writes them under AccessLogsPrefix/AWSLogs/<account id>/.
const AccessLogsPrefix = "alb"

// LoadBalancerArgs configures NewLoadBalancer. VPCID, VPCCIDR and SubnetIDs
// are required; the zero value of every other field is a working default.
//
// Release time: CodeDeploy shifts traffic once the new tasks pass their
// health checks, and the release ends after the old tasks drain. AWS's
// defaults (a check every 30 s, 5 passing checks to recover, 300 s of
// deregistration delay) add five minutes of draining to every release and
// take a minute to notice a dead task. This component's defaults (10 s, 2,
// 30 s) keep the load balancer's share of a release under a minute (a new
// task is in service after its first passing check, the old ones drain for
// 30 s) and notice a dead task in about 20 s (UnhealthyThresholdCount ×
// HealthCheckIntervalSeconds).
type LoadBalancerArgs struct {
	// VPCID is the VPC of the security group and the target groups.
	// Required. Changing it replaces them.
	VPCID pulumi.StringInput
	// VPCCIDR is the VPC's IPv4 CIDR block, e.g. "10.0.0.0/16". Required.
	// It is the only destination of the load balancer's egress (the tasks'
	// host ports) and a source the test listener always admits.
	VPCCIDR string
	// SubnetIDs are public subnets in at least two availability zones, one
	// per zone. Required. AWS refuses an internet-facing load balancer in a
	// VPC without an attached internet gateway: pass subnet ids that resolve
	// only once the gateway routes (network.VPC.PublicSubnetIDs does).
	SubnetIDs pulumi.StringArrayInput
	// ListenerPort is the production listener's port (HTTP). With
	// CertificateARN, production is HTTPS on HTTPSPort and this port only
	// redirects (HTTP 301) to it. 1 to 65535, not HTTPSPort when HTTPS.
	// Default: DefaultListenerPort (80).
	ListenerPort int
	// TestListenerPort is the test listener's port: CodeDeploy points it at
	// the new version before production, for checks before traffic shifts.
	// HTTP, or HTTPS with the same certificate when CertificateARN is set.
	// 1 to 65535, not ListenerPort, and not HTTPSPort when HTTPS.
	// Default: DefaultTestListenerPort (8080).
	TestListenerPort int
	// TestListenerCIDRs are IPv4 blocks that may reach the test listener
	// besides VPCCIDR and TestListenerSourceIPs, which it always admits: the
	// networks of testers and CI runners outside the VPC. It serves a version
	// not yet released, so 0.0.0.0/0 and any block wider than /8 are
	// refused, as are duplicates. Default: none.
	TestListenerCIDRs []string
	// TestListenerSourceIPs are public IPv4 addresses that may reach the
	// test listener: the VPC's NAT addresses (network.VPC.NATPublicIPs).
	// Clients inside the VPC, a CI runner or a smoke test in the private
	// subnets, reach an internet-facing load balancer from those addresses,
	// not from the VPC's block. They are admitted through one managed prefix
	// list, whose entries follow the addresses without replacing a rule.
	// At most MaxTestListenerSourceIPs. Default: none.
	TestListenerSourceIPs pulumi.StringArrayInput
	// IngressCIDRs are the IPv4 blocks that may reach the production port
	// (and the redirect port with HTTPS). Default: ["0.0.0.0/0"], the whole
	// internet.
	IngressCIDRs []string
	// CertificateARN is an ACM certificate in the load balancer's region.
	// Set, production and test listeners are HTTPS with SSLPolicy and
	// ListenerPort redirects to HTTPS. Default: none, HTTP only. Removing a
	// certificate later takes two updates, since the redirect listener keeps
	// ListenerPort until the end of an update: first move ListenerPort to a
	// free port, then remove the certificate and restore ListenerPort.
	CertificateARN string
	// DomainName is the service's own name, e.g. "app.example.com": the
	// component requests an ACM certificate for it in the load balancer's
	// region, validates it by DNS records in the name's public hosted zone
	// (`pulumi up` waits up to CertificateValidationTimeout), and points the
	// name at the load balancer with an alias record (A; AAAA too when the
	// load balancer is dual-stack). The listeners are then HTTPS as with
	// CertificateARN, and URL is https://<DomainName>. One host name, no
	// wildcard, at most 64 characters; not with CertificateARN. Changing it
	// creates and validates the new certificate before the listeners move
	// to it; `pulumi destroy` deletes the records and the certificate.
	// Removing it takes two updates, as removing CertificateARN does.
	// Default: none.
	DomainName string
	// HostedZoneID is the public Route 53 hosted zone that holds
	// DomainName's records. Default: the account's one public zone named
	// DomainName or its closest parent; set it when there is none or
	// several. The zone must contain DomainName and TestDomainName.
	HostedZoneID string
	// TestDomainName is the test listener's name, on the same certificate
	// and in the same zone, with an alias record of its own. Default:
	// DomainName, on TestListenerPort. Only with DomainName.
	TestDomainName string
	// TargetPort is the target groups' port: the container port. ECS
	// registers each task at its dynamic host port itself, so traffic does
	// not depend on it. 1 to 65535. Default: DefaultTargetPort (8080).
	// Changing it (or VPCID) replaces both target groups, and deleting the
	// old ones fails while the listeners and the service, whose target
	// groups CodeDeploy owns, still use them: keep it once deployed, or
	// migrate to a new component.
	TargetPort int
	// HealthCheckPath is the path of the HTTP health check: "/" and
	// printable ASCII without spaces, at most 1024 characters.
	// Default: DefaultHealthCheckPath ("/").
	HealthCheckPath string
	// HealthCheckIntervalSeconds is the time between health checks of a
	// target, 5 to 300 seconds. Default: DefaultHealthCheckIntervalSeconds
	// (10; AWS's is 30).
	HealthCheckIntervalSeconds int
	// HealthyThresholdCount is how many consecutive passing checks make an
	// unhealthy target healthy, 2 to 10. Default:
	// DefaultHealthyThresholdCount (2; AWS's is 5).
	HealthyThresholdCount int
	// UnhealthyThresholdCount is how many consecutive failed checks make a
	// target unhealthy, 2 to 10. Default: DefaultUnhealthyThresholdCount (2).
	UnhealthyThresholdCount int
	// HealthCheckTimeoutSeconds is how long a check waits for the answer,
	// 2 to 120 seconds and less than HealthCheckIntervalSeconds.
	// Default: DefaultHealthCheckTimeoutSeconds (5), or one second less than
	// HealthCheckIntervalSeconds when that is shorter.
	HealthCheckTimeoutSeconds int
	// HealthCheckMatcher lists the HTTP codes of a passing check: a code
	// ("200"), a list ("200,202") or a range ("200-299"), codes 200 to 499.
	// Default: DefaultHealthCheckMatcher ("200-399").
	HealthCheckMatcher string
	// DeregistrationDelaySeconds is how long a deregistered target keeps
	// serving its in-flight requests (draining), 0 to 3600 seconds; 0 cuts
	// them at once. Every release waits this long for the old tasks.
	// Default (nil): DefaultDeregistrationDelaySeconds (30; AWS's is 300).
	DeregistrationDelaySeconds *int
	// DeletionProtection makes AWS refuse to delete the load balancer until
	// it is turned off again, and keeps the access-log bucket while it holds
	// logs. Default: off: `pulumi destroy` deletes the load balancer, and the
	// access-log bucket with its logs.
	DeletionProtection bool
	// AccessLogs writes the load balancer's access logs to an S3 bucket the
	// component creates: owner-enforced, no public access, SSE-S3 (the only
	// encryption ELB log delivery supports), TLS-only, objects expiring
	// after AccessLogsExpirationDays. Default: off. Deleting the component
	// or turning the logs off deletes the bucket and its logs, unless
	// DeletionProtection is on: then deletion fails while the bucket holds
	// logs.
	AccessLogs bool
	// AccessLogsExpirationDays is how long access-log objects are kept, in
	// days, at least 1. Default: DefaultAccessLogsExpirationDays (90).
	// Ignored without AccessLogs.
	AccessLogsExpirationDays int
	// IdleTimeoutSeconds is how long a connection may stay idle, 1 to 4000
	// seconds. Default: DefaultIdleTimeoutSeconds (60).
	IdleTimeoutSeconds int
	// Tags are applied to every taggable resource of the component, beside
	// the Name tag it sets itself.
	Tags map[string]string
}

// LoadBalancer is an internet-facing Application Load Balancer with a
// production and a test listener and a blue and a green target group, ready
// for an ECS service with CodeDeploy blue/green deployments: Traffic hands
// the service (ecs.ServiceArgs.Traffic) the listeners and groups as one
// value.
type LoadBalancer struct {
	pulumi.ResourceState

	// LoadBalancerARN is the load balancer's ARN.
	LoadBalancerARN pulumi.StringOutput `pulumi:"loadBalancerArn"`
	// LoadBalancerARNSuffix is the ARN's last part (app/<name>/<id>): the
	// LoadBalancer dimension of CloudWatch metrics.
	LoadBalancerARNSuffix pulumi.StringOutput `pulumi:"loadBalancerArnSuffix"`
	// DNSName is the load balancer's DNS name.
	DNSName pulumi.StringOutput `pulumi:"dnsName"`
	// ZoneID is the Route 53 hosted zone of DNSName, for alias records.
	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
	// URL is the production address: http://<dns>[:port], https://<dns>
	// with CertificateARN, or https://<DomainName>. Default ports are left
	// out.
	URL pulumi.StringOutput `pulumi:"url"`
	// TestURL is the test listener's address, http or https as production:
	// with DomainName, https://<TestDomainName>:<TestListenerPort>.
	TestURL pulumi.StringOutput `pulumi:"testUrl"`
	// SecurityGroupID is the load balancer's security group: the tasks'
	// instances admit the host-port range from this group only.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// ProductionListenerARN is the listener CodeDeploy shifts production
	// traffic on (HTTPS on 443 with a certificate, else ListenerPort).
	ProductionListenerARN pulumi.StringOutput `pulumi:"productionListenerArn"`
	// TestListenerARN is the listener CodeDeploy points at the new version
	// before it shifts production.
	TestListenerARN pulumi.StringOutput `pulumi:"testListenerArn"`
	// BlueTargetGroupARN is the target group the ECS service starts with.
	// It resolves only once the production listener forwards to it, so a
	// service given this ARN waits for the listener, as ECS requires.
	BlueTargetGroupARN pulumi.StringOutput `pulumi:"blueTargetGroupArn"`
	// BlueTargetGroupName is the blue target group's name, for the
	// CodeDeploy deployment group (which names target groups by name).
	BlueTargetGroupName pulumi.StringOutput `pulumi:"blueTargetGroupName"`
	// BlueTargetGroupARNSuffix is the blue ARN's last part
	// (targetgroup/<name>/<id>): the TargetGroup dimension of metrics.
	BlueTargetGroupARNSuffix pulumi.StringOutput `pulumi:"blueTargetGroupArnSuffix"`
	// GreenTargetGroupARN is the target group CodeDeploy starts the first
	// new version in.
	GreenTargetGroupARN pulumi.StringOutput `pulumi:"greenTargetGroupArn"`
	// GreenTargetGroupName is the green target group's name, for the
	// CodeDeploy deployment group.
	GreenTargetGroupName pulumi.StringOutput `pulumi:"greenTargetGroupName"`
	// GreenTargetGroupARNSuffix is the green ARN's last part: the
	// TargetGroup dimension of metrics.
	GreenTargetGroupARNSuffix pulumi.StringOutput `pulumi:"greenTargetGroupArnSuffix"`
	// AccessLogsBucket is the access-log bucket's name, "" without
	// AccessLogs.
	AccessLogsBucket pulumi.StringOutput `pulumi:"accessLogsBucket"`
	// CertificateARN is the listeners' certificate: with DomainName the
	// one the component requested, resolving once ACM has issued it;
	// CertificateARN as given; "" without HTTPS.
	CertificateARN pulumi.StringOutput `pulumi:"certificateArn"`
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args LoadBalancerArgs) withDefaults() LoadBalancerArgs {
	args.ListenerPort = cmp.Or(args.ListenerPort, DefaultListenerPort)
	args.TestListenerPort = cmp.Or(args.TestListenerPort, DefaultTestListenerPort)
	args.TargetPort = cmp.Or(args.TargetPort, DefaultTargetPort)
	args.HealthCheckIntervalSeconds = cmp.Or(args.HealthCheckIntervalSeconds, DefaultHealthCheckIntervalSeconds)
	args.HealthyThresholdCount = cmp.Or(args.HealthyThresholdCount, DefaultHealthyThresholdCount)
	args.UnhealthyThresholdCount = cmp.Or(args.UnhealthyThresholdCount, DefaultUnhealthyThresholdCount)
	// A check must time out before the next one starts.
	args.HealthCheckTimeoutSeconds = cmp.Or(args.HealthCheckTimeoutSeconds, max(min(DefaultHealthCheckTimeoutSeconds, args.HealthCheckIntervalSeconds-1), 2))
	args.IdleTimeoutSeconds = cmp.Or(args.IdleTimeoutSeconds, DefaultIdleTimeoutSeconds)
	args.AccessLogsExpirationDays = cmp.Or(args.AccessLogsExpirationDays, DefaultAccessLogsExpirationDays)
	if args.DeregistrationDelaySeconds == nil {
		args.DeregistrationDelaySeconds = new(DefaultDeregistrationDelaySeconds)
	}
	if args.HealthCheckPath == "" {
		args.HealthCheckPath = DefaultHealthCheckPath
	}
	if args.HealthCheckMatcher == "" {
		args.HealthCheckMatcher = DefaultHealthCheckMatcher
	}
	if len(args.IngressCIDRs) == 0 {
		args.IngressCIDRs = []string{"0.0.0.0/0"}
	}
	return args
}

// https says whether the listeners serve HTTPS.
func (args LoadBalancerArgs) https() bool { return args.CertificateARN != "" || args.hasDomain() }

// lbIPAddressType is the load balancer's IP address type: IPv4 only, so
// its names get A alias records only.
const lbIPAddressType = "ipv4"

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewLoadBalancer
// calls it before it registers anything; a caller may call it earlier,
// before it creates anything else.
func (args LoadBalancerArgs) Validate() error {
	return args.withDefaults().check()
}

// check is Validate on args with defaults.
func (args LoadBalancerArgs) check() error {
	var errs argcheck.List
	port := func(field string, v int) { errs.Range(field, v, 1, 65535, "") }
	port("ListenerPort", args.ListenerPort)
	port("TestListenerPort", args.TestListenerPort)
	port("TargetPort", args.TargetPort)
	if args.TestListenerPort == args.ListenerPort {
		errs.Add("TestListenerPort", args.TestListenerPort, otherPort(args.ListenerPort),
			"is also {ListenerPort}: give the test listener a port of its own")
	}
	args.checkDomain(&errs)
	if args.CertificateARN != "" {
		if !certificateARN.MatchString(args.CertificateARN) {
			errs.Add("CertificateARN", args.CertificateARN, nil,
				"is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>): request or import the certificate in ACM, in the load balancer's region")
		}
	}
	if args.https() {
		if args.ListenerPort == HTTPSPort {
			errs.Add("ListenerPort", args.ListenerPort, DefaultListenerPort,
				"is the HTTPS port: with {CertificateARN} or {DomainName}, production is HTTPS on %d and this port only redirects to it", HTTPSPort)
		}
		if args.TestListenerPort == HTTPSPort {
			errs.Add("TestListenerPort", args.TestListenerPort, otherPort(args.ListenerPort),
				"is the HTTPS port production uses with {CertificateARN} or {DomainName}: give the test listener another port")
		}
	}

	vpc, problem, fix := cidrProblem(args.VPCCIDR)
	if problem != "" {
		errs.Add("VPCCIDR", args.VPCCIDR, nilIfEmpty(fix), "%s", problem)
	}
	checkCIDRList(&errs, "IngressCIDRs", args.IngressCIDRs, 0, "", nil)
	taken := map[netip.Prefix]string{}
	if problem == "" {
		taken[vpc] = "the VPC's block ({VPCCIDR})"
	}
	checkCIDRList(&errs, "TestListenerCIDRs", args.TestListenerCIDRs, minTestListenerBits,
		"the test listener serves a version not yet released and must never be open to the internet; list the networks of its testers and CI runners",
		taken)
	if ips, ok := args.TestListenerSourceIPs.(pulumi.StringArray); ok && len(ips) > MaxTestListenerSourceIPs {
		errs.Add("len(TestListenerSourceIPs)", len(ips), MaxTestListenerSourceIPs, "is too many: use at most %d addresses", MaxTestListenerSourceIPs)
	}

	if p := args.HealthCheckPath; !healthCheckPathPattern.MatchString(p) || len(p) > maxHealthCheckPath {
		errs.Add("HealthCheckPath", p, DefaultHealthCheckPath,
			"is not a URL path: start with \"/\", up to %d printable characters without spaces, e.g. /health", maxHealthCheckPath)
	}
	errs.Range("HealthCheckIntervalSeconds", args.HealthCheckIntervalSeconds, 5, 300, "seconds")
	errs.Range("HealthyThresholdCount", args.HealthyThresholdCount, 2, 10, "checks")
	errs.Range("UnhealthyThresholdCount", args.UnhealthyThresholdCount, 2, 10, "checks")
	errs.Range("HealthCheckTimeoutSeconds", args.HealthCheckTimeoutSeconds, 2, 120, "seconds")
	// Against an interval out of range, the interval's error says it all.
	if t, i := args.HealthCheckTimeoutSeconds, args.HealthCheckIntervalSeconds; t >= 2 && t <= 120 && i >= 5 && i <= 300 && t >= i {
		errs.Add("HealthCheckTimeoutSeconds", t, max(i-1, 2), "is not less than {HealthCheckIntervalSeconds} %d: a check must time out before the next one starts", i)
	}
	checkMatcher(&errs, args.HealthCheckMatcher)
	errs.Range("DeregistrationDelaySeconds", *args.DeregistrationDelaySeconds, 0, 3600, "seconds")
	errs.Range("IdleTimeoutSeconds", args.IdleTimeoutSeconds, 1, 4000, "seconds")
	if args.AccessLogs && args.AccessLogsExpirationDays < 1 {
		errs.Add("AccessLogsExpirationDays", args.AccessLogsExpirationDays, DefaultAccessLogsExpirationDays, "is not a number of days: use 1 or more")
	}
	return errs.Err()
}

// validate is check, plus the name and the required inputs, which only a
// caller's code (never a stack's configuration) gets wrong.
func (args LoadBalancerArgs) validate(name string) error {
	var errs argcheck.List
	if strings.HasPrefix(name, "sg-") {
		errs.Other(fmt.Errorf("name %q starts with \"sg-\": the security group is named after the component and AWS reserves that prefix; choose another name", name))
	}
	if args.VPCID == nil {
		errs.Other(errors.New("VPCID is required: pass the VPC's id (network.VPC.VPCID)"))
	}
	if args.SubnetIDs == nil {
		errs.Other(errors.New("SubnetIDs is required: pass public subnets in at least two availability zones (network.VPC.PublicSubnetIDs)"))
	} else if ids, ok := args.SubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		errs.Other(fmt.Errorf("SubnetIDs has %d subnet(s): an Application Load Balancer needs public subnets in at least two availability zones", len(ids)))
	}
	errs.Other(args.check())
	return errs.Err()
}

// otherPort suggests a test listener port that differs from the production
// one.
func otherPort(listener int) int {
	if listener == DefaultTestListenerPort {
		return 8443
	}
	return DefaultTestListenerPort
}

// NewLoadBalancer creates the load balancer, its security group and rules,
// the blue and green target groups, the production and test listeners (and
// with HTTPS a redirect listener), and optionally the access-log bucket. It
// validates args before it registers anything: on error, nothing is created.
func NewLoadBalancer(ctx *pulumi.Context, name string, args *LoadBalancerArgs, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if args == nil {
		args = &LoadBalancerArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, fmt.Errorf("alb: %s: %w", name, err)
	}

	zone, err := a.FindZone(ctx)
	if err != nil {
		return nil, fmt.Errorf("alb: %s: %w", name, err)
	}

	c := &LoadBalancer{}
	if err := ctx.RegisterComponentResource(LoadBalancerType, name, c, opts...); err != nil {
		return nil, err
	}
	ch := children{ctx: ctx, name: name, args: a, zone: zone, parent: pulumi.Parent(c)}
	sg, err := ch.newSecurityGroup()
	if err != nil {
		return nil, err
	}
	lb, logBucket, err := ch.newLoadBalancer(sg)
	if err != nil {
		return nil, err
	}
	blue, green, err := ch.newTargetGroups()
	if err != nil {
		return nil, err
	}
	certificate, err := ch.newCertificate()
	if err != nil {
		return nil, err
	}
	prod, test, err := ch.newListeners(lb, certificate, blue, green)
	if err != nil {
		return nil, err
	}
	alias, err := ch.newAliasRecords(lb)
	if err != nil {
		return nil, err
	}

	c.setOutputs(a, lb, sg, prod, test, blue, green, logBucket)
	c.setDomainOutputs(a, certificate, alias)
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"loadBalancerArn":           c.LoadBalancerARN,
		"loadBalancerArnSuffix":     c.LoadBalancerARNSuffix,
		"dnsName":                   c.DNSName,
		"zoneId":                    c.ZoneID,
		"url":                       c.URL,
		"testUrl":                   c.TestURL,
		"securityGroupId":           c.SecurityGroupID,
		"productionListenerArn":     c.ProductionListenerARN,
		"testListenerArn":           c.TestListenerARN,
		"blueTargetGroupArn":        c.BlueTargetGroupARN,
		"blueTargetGroupName":       c.BlueTargetGroupName,
		"blueTargetGroupArnSuffix":  c.BlueTargetGroupARNSuffix,
		"greenTargetGroupArn":       c.GreenTargetGroupARN,
		"greenTargetGroupName":      c.GreenTargetGroupName,
		"greenTargetGroupArnSuffix": c.GreenTargetGroupARNSuffix,
		"accessLogsBucket":          c.AccessLogsBucket,
		"certificateArn":            c.CertificateARN,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Traffic is what an ECS service released blue/green needs of the load
// balancer, as one value for ecs.ServiceArgs.Traffic: the production and
// test listeners, both target groups, and the load balancer's ARN suffix.
// Its blue ARN is BlueTargetGroupARN, which resolves only once the
// production listener forwards to the group, so the service waits for the
// listener, as ECS requires.
func (c *LoadBalancer) Traffic() bluegreen.Traffic {
	return bluegreen.Traffic{
		ProductionListenerARN: c.ProductionListenerARN,
		TestListenerARN:       c.TestListenerARN,
		Blue: bluegreen.TargetGroup{
			ARN:       c.BlueTargetGroupARN,
			Name:      c.BlueTargetGroupName,
			ARNSuffix: c.BlueTargetGroupARNSuffix,
		},
		Green: bluegreen.TargetGroup{
			ARN:       c.GreenTargetGroupARN,
			Name:      c.GreenTargetGroupName,
			ARNSuffix: c.GreenTargetGroupARNSuffix,
		},
		LoadBalancerARNSuffix: c.LoadBalancerARNSuffix,
	}
}

// setOutputs sets the component's outputs from its children.
func (c *LoadBalancer) setOutputs(a LoadBalancerArgs, lb *awslb.LoadBalancer, sg *awsec2.SecurityGroup,
	prod, test *awslb.Listener, blue, green *awslb.TargetGroup, logBucket pulumi.StringOutput,
) {
	scheme, prodPort := a.production()
	c.LoadBalancerARN = lb.Arn
	c.LoadBalancerARNSuffix = lb.ArnSuffix
	c.DNSName = lb.DnsName
	c.ZoneID = lb.ZoneId
	c.URL = lb.DnsName.ApplyT(func(dns string) string { return listenerURL(scheme, dns, prodPort) }).(pulumi.StringOutput)
	c.TestURL = lb.DnsName.ApplyT(func(dns string) string { return listenerURL(scheme, dns, a.TestListenerPort) }).(pulumi.StringOutput)
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.ProductionListenerARN = prod.Arn
	c.TestListenerARN = test.Arn
	// ECS refuses a service whose target group is attached to no listener:
	// the blue ARN carries a dependency on the production listener.
	c.BlueTargetGroupARN = pulumi.All(prod.Arn, blue.Arn).ApplyT(func(all []any) string {
		arn, _ := all[1].(string)
		return arn
	}).(pulumi.StringOutput)
	c.BlueTargetGroupName = blue.Name
	c.BlueTargetGroupARNSuffix = blue.ArnSuffix
	c.GreenTargetGroupARN = green.Arn
	c.GreenTargetGroupName = green.Name
	c.GreenTargetGroupARNSuffix = green.ArnSuffix
	c.AccessLogsBucket = logBucket
}

// production returns the production listener's scheme and port: HTTPS on
// HTTPSPort with a certificate, else HTTP on ListenerPort.
func (args LoadBalancerArgs) production() (scheme string, port int) {
	if args.https() {
		return "https", HTTPSPort
	}
	return "http", args.ListenerPort
}

// children is what every child of one LoadBalancer is created with: the
// component's name, its arguments after defaults, and its parent option.
type children struct {
	ctx    *pulumi.Context
	name   string
	args   LoadBalancerArgs
	zone   Zone // DomainName's zone; Zone{} without one
	parent pulumi.ResourceOrInvokeOption
}

// tags returns the tags of the child named child: the component's Tags and
// a Name tag.
func (ch children) tags(child string) pulumi.StringMap {
	return pulumi.ToStringMap(tagging.For(child, ch.args.Tags))
}

// newSecurityGroup creates the load balancer's security group and its
// rules: the listeners' ports in (from IngressCIDRs, and for the test
// listener from the VPC, TestListenerCIDRs and TestListenerSourceIPs), the
// tasks' host ports in the VPC out. The group has no inline rules, so each
// rule is a resource of its own that can change without touching the
// others.
func (ch children) newSecurityGroup() (*awsec2.SecurityGroup, error) {
	a := ch.args
	sgName := ch.name + "-sg"
	sg, err := awsec2.NewSecurityGroup(ch.ctx, sgName, &awsec2.SecurityGroupArgs{
		VpcId:       a.VPCID.ToStringOutput(),
		Description: pulumi.String("Load balancer " + ch.name + ": listeners in, task host ports in the VPC out"),
		Tags:        ch.tags(sgName),
	}, ch.parent)
	if err != nil {
		return nil, err
	}
	scheme, _ := a.production()
	prodPorts := []listenerPort{{a.ListenerPort, "HTTP to the production listener"}}
	if a.https() {
		prodPorts = []listenerPort{{a.ListenerPort, "HTTP redirect to HTTPS"}, {HTTPSPort, "HTTPS to the production listener"}}
	}
	test := listenerPort{a.TestListenerPort, strings.ToUpper(scheme) + " to the test listener"}
	testCIDRs := append([]string{a.VPCCIDR}, a.TestListenerCIDRs...)
	for _, r := range planRules(prodPorts, a.IngressCIDRs, test, testCIDRs, a.VPCCIDR) {
		if err := ch.newRule(sg, r); err != nil {
			return nil, err
		}
	}
	if a.TestListenerSourceIPs != nil {
		if err := newTestListenerSources(ch.ctx, ch.name, sg, test, a.TestListenerSourceIPs, ch.tags, ch.parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// newRule creates one planned rule of the security group sg.
func (ch children) newRule(sg *awsec2.SecurityGroup, r ruleSpec) error {
	rn := ch.name + r.Suffix
	rule := awsvpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(r.FromPort),
		ToPort:          pulumi.Int(r.ToPort),
		CidrIpv4:        pulumi.String(r.CIDR),
		Description:     pulumi.String(r.Description),
		Tags:            ch.tags(rn),
	}
	var err error
	if r.Egress {
		// The two rule types take the same arguments.
		egress := awsvpc.SecurityGroupEgressRuleArgs(rule)
		_, err = awsvpc.NewSecurityGroupEgressRule(ch.ctx, rn, &egress, ch.parent)
	} else {
		_, err = awsvpc.NewSecurityGroupIngressRule(ch.ctx, rn, &rule, ch.parent)
	}
	return err
}

// newLoadBalancer creates the access-log bucket when AccessLogs is on, then
// the load balancer in security group sg. It returns the load balancer and
// the bucket's name ("" without AccessLogs).
func (ch children) newLoadBalancer(sg *awsec2.SecurityGroup) (*awslb.LoadBalancer, pulumi.StringOutput, error) {
	a := ch.args
	var accessLogs awslb.LoadBalancerAccessLogsPtrInput
	logBucket := pulumi.String("").ToStringOutput()
	if a.AccessLogs {
		bucket, err := newAccessLogs(ch.ctx, ch.name, a.AccessLogsExpirationDays, !a.DeletionProtection, ch.tags, ch.parent)
		if err != nil {
			return nil, logBucket, err
		}
		logBucket = bucket
		accessLogs = &awslb.LoadBalancerAccessLogsArgs{
			Bucket:  bucket, // resolves after the bucket policy: ELB checks it may write when logs are turned on
			Prefix:  pulumi.String(AccessLogsPrefix),
			Enabled: pulumi.Bool(true),
		}
	}

	// Physical names have at most 32 characters and autonaming appends 8 to
	// the logical name: a name prefix of at most 6 keeps any component name
	// within the limit, and replacements get fresh names.
	lb, err := awslb.NewLoadBalancer(ch.ctx, ch.name, &awslb.LoadBalancerArgs{
		NamePrefix:               pulumi.String(namePrefix(ch.name, "-", "lb-", maxNamePrefix)),
		Internal:                 pulumi.Bool(false),
		LoadBalancerType:         pulumi.String("application"),
		IpAddressType:            pulumi.String("ipv4"),
		Subnets:                  a.SubnetIDs,
		SecurityGroups:           pulumi.StringArray{sg.ID()},
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("defensive"),
		EnableDeletionProtection: pulumi.Bool(a.DeletionProtection),
		IdleTimeout:              pulumi.Int(a.IdleTimeoutSeconds),
		AccessLogs:               accessLogs,
		Tags:                     ch.tags(ch.name),
	}, ch.parent)
	return lb, logBucket, err
}

// newTargetGroups creates the blue and the green target group, alike but
// for their names.
func (ch children) newTargetGroups() (blue, green *awslb.TargetGroup, err error) {
	blue, err = ch.newTargetGroup("blue", bluePrefix)
	if err != nil {
		return nil, nil, err
	}
	green, err = ch.newTargetGroup("green", greenPrefix)
	if err != nil {
		return nil, nil, err
	}
	return blue, green, nil
}

// newTargetGroup creates the target group of one color, named with prefix.
func (ch children) newTargetGroup(color, prefix string) (*awslb.TargetGroup, error) {
	a := ch.args
	tn := ch.name + "-" + color
	return awslb.NewTargetGroup(ch.ctx, tn, &awslb.TargetGroupArgs{
		NamePrefix:          pulumi.String(prefix),
		VpcId:               a.VPCID.ToStringOutput(),
		TargetType:          pulumi.String("instance"), // bridge mode: ECS registers instance and host port
		Protocol:            pulumi.String("HTTP"),
		Port:                pulumi.Int(a.TargetPort),
		DeregistrationDelay: pulumi.Int(*a.DeregistrationDelaySeconds),
		HealthCheck: &awslb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Port:               pulumi.String("traffic-port"), // each task's own host port
			Path:               pulumi.String(a.HealthCheckPath),
			Interval:           pulumi.Int(a.HealthCheckIntervalSeconds),
			Timeout:            pulumi.Int(a.HealthCheckTimeoutSeconds),
			HealthyThreshold:   pulumi.Int(a.HealthyThresholdCount),
			UnhealthyThreshold: pulumi.Int(a.UnhealthyThresholdCount),
			Matcher:            pulumi.String(a.HealthCheckMatcher),
		},
		Tags: ch.tags(tn),
	}, ch.parent)
}

// newListeners creates the production and the test listener of lb, both
// forwarding to blue, and with HTTPS (on certificate) the redirect
// listener. A new certificate updates them in place.
func (ch children) newListeners(lb *awslb.LoadBalancer, certificate pulumi.StringOutput, blue, green *awslb.TargetGroup) (prod, test *awslb.Listener, err error) {
	// Production and test listeners start forwarding to blue. On every
	// release CodeDeploy rewrites their default actions into weighted
	// forwards between blue and green, so the whole defaultActions is left
	// to it: ignoring only the nested weights misbehaves (pulumi-aws #5798),
	// and reapplying ours would send traffic back to a drained group.
	forwardBlue := awslb.ListenerDefaultActionArray{&awslb.ListenerDefaultActionArgs{
		Type:           pulumi.String("forward"),
		TargetGroupArn: blue.Arn,
	}}
	ownedByCodeDeploy := pulumi.IgnoreChanges([]string{"defaultActions"})
	// After a release the listeners forward to green: both groups are their
	// dependencies, so `pulumi destroy` deletes the listeners before either
	// group (AWS refuses to delete a group a listener uses: ResourceInUse).
	afterBothGroups := pulumi.DependsOn([]pulumi.Resource{blue, green})
	scheme, prodPort := ch.args.production()
	listener := func(suffix string, port int) (*awslb.Listener, error) {
		ln := ch.name + suffix
		l := &awslb.ListenerArgs{
			LoadBalancerArn: lb.Arn,
			Port:            pulumi.Int(port),
			Protocol:        pulumi.String(strings.ToUpper(scheme)),
			DefaultActions:  forwardBlue,
			Tags:            ch.tags(ln),
		}
		if ch.args.https() {
			l.CertificateArn = certificate
			l.SslPolicy = pulumi.String(SSLPolicy)
		}
		return awslb.NewListener(ch.ctx, ln, l, ch.parent, ownedByCodeDeploy, afterBothGroups)
	}
	// The production listener keeps its name (and ARN, which CodeDeploy's
	// deployment group holds) when HTTPS is turned on: only its port and
	// protocol change.
	if prod, err = listener("-prod", prodPort); err != nil {
		return nil, nil, err
	}
	if test, err = listener("-test", ch.args.TestListenerPort); err != nil {
		return nil, nil, err
	}
	if ch.args.https() {
		if err := ch.newRedirectListener(lb, prod); err != nil {
			return nil, nil, err
		}
	}
	return prod, test, nil
}

// newRedirectListener creates the HTTP listener on ListenerPort that
// redirects to HTTPS. Not touched by CodeDeploy: no ignoreChanges. It waits
// for the production listener prod, which held this port before HTTPS was
// on.
func (ch children) newRedirectListener(lb *awslb.LoadBalancer, prod *awslb.Listener) error {
	rn := ch.name + "-redirect"
	_, err := awslb.NewListener(ch.ctx, rn, &awslb.ListenerArgs{
		LoadBalancerArn: lb.Arn,
		Port:            pulumi.Int(ch.args.ListenerPort),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: awslb.ListenerDefaultActionArray{&awslb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: &awslb.ListenerDefaultActionRedirectArgs{
				Protocol:   pulumi.String("HTTPS"),
				Port:       pulumi.String(fmt.Sprint(HTTPSPort)),
				StatusCode: pulumi.String("HTTP_301"),
			},
		}},
		Tags: ch.tags(rn),
	}, ch.parent, pulumi.DependsOn([]pulumi.Resource{prod}))
	return err
}
