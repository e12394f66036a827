package alb

import (
	"errors"
	"fmt"
	"strings"

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
	DefaultListenerPort               = 80
	DefaultTestListenerPort           = 8080
	DefaultTargetPort                 = 8080
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

// HTTPSPort is the production listener's port when LoadBalancerArgs has a
// CertificateARN.
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
	// host ports) and the default source of the test listener.
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
	// TestListenerCIDRs are the IPv4 blocks that may reach the test
	// listener. It serves a version not yet released, so 0.0.0.0/0 and any
	// block wider than /8 are refused. Default: [VPCCIDR], nothing outside
	// the VPC.
	TestListenerCIDRs []string
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
	// TargetPort is the target groups' port: the container port. ECS
	// registers each task at its dynamic host port itself, so traffic does
	// not depend on it. 1 to 65535. Default: DefaultTargetPort (8080).
	// Changing it (or VPCID) replaces both target groups, and deleting the
	// old ones fails while the listeners and the service, whose target
	// groups CodeDeploy owns, still use them: keep it once deployed, or
	// migrate to a new component.
	TargetPort int
	// HealthCheckPath is the path of the HTTP health check; it must start
	// with "/" and have at most 1024 characters.
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
	// Default: DefaultHealthCheckTimeoutSeconds (5).
	HealthCheckTimeoutSeconds int
	// HealthCheckMatcher lists the HTTP codes of a passing check: a code
	// ("200"), a list ("200,202") or a range ("200-299"), codes 200 to 499.
	// Default: DefaultHealthCheckMatcher ("200-399").
	HealthCheckMatcher string
	// DeregistrationDelaySeconds is how long a deregistered target keeps
	// serving its in-flight requests (draining), 0 to 3600 seconds. Every
	// release waits this long for the old tasks. Zero means the default,
	// DefaultDeregistrationDelaySeconds (30; AWS's is 300); a negative value
	// means no draining at all (in-flight requests are cut).
	DeregistrationDelaySeconds int
	// DeletionProtection makes AWS refuse to delete the load balancer until
	// it is turned off again. Default: off.
	DeletionProtection bool
	// AccessLogs writes the load balancer's access logs to an S3 bucket the
	// component creates: owner-enforced, no public access, SSE-S3 (the only
	// encryption ELB log delivery supports), TLS-only, objects expiring
	// after AccessLogsExpirationDays. Default: off. Deleting the component
	// or turning the logs off deletes the bucket, which fails while it
	// holds logs: empty it first.
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
// for an ECS service with CodeDeploy blue/green deployments.
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
	// URL is the production address: http://<dns>[:port], or
	// https://<dns> with a certificate. Default ports are left out.
	URL pulumi.StringOutput `pulumi:"url"`
	// TestURL is the test listener's address, http or https as production.
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
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args LoadBalancerArgs) withDefaults() LoadBalancerArgs {
	orInt := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	orInt(&args.ListenerPort, DefaultListenerPort)
	orInt(&args.TestListenerPort, DefaultTestListenerPort)
	orInt(&args.TargetPort, DefaultTargetPort)
	orInt(&args.HealthCheckIntervalSeconds, DefaultHealthCheckIntervalSeconds)
	orInt(&args.HealthyThresholdCount, DefaultHealthyThresholdCount)
	orInt(&args.UnhealthyThresholdCount, DefaultUnhealthyThresholdCount)
	orInt(&args.HealthCheckTimeoutSeconds, DefaultHealthCheckTimeoutSeconds)
	orInt(&args.DeregistrationDelaySeconds, DefaultDeregistrationDelaySeconds)
	orInt(&args.IdleTimeoutSeconds, DefaultIdleTimeoutSeconds)
	orInt(&args.AccessLogsExpirationDays, DefaultAccessLogsExpirationDays)
	if args.DeregistrationDelaySeconds < 0 {
		args.DeregistrationDelaySeconds = 0
	}
	if args.HealthCheckPath == "" {
		args.HealthCheckPath = DefaultHealthCheckPath
	}
	if args.HealthCheckMatcher == "" {
		args.HealthCheckMatcher = DefaultHealthCheckMatcher
	}
	if len(args.TestListenerCIDRs) == 0 {
		args.TestListenerCIDRs = []string{args.VPCCIDR}
	}
	if len(args.IngressCIDRs) == 0 {
		args.IngressCIDRs = []string{"0.0.0.0/0"}
	}
	return args
}

// https says whether the listeners serve HTTPS.
func (args LoadBalancerArgs) https() bool { return args.CertificateARN != "" }

// validate reports every problem with args at once. args has its defaults;
// name is the component's name.
func (args LoadBalancerArgs) validate(name string) error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if strings.HasPrefix(name, "sg-") {
		add(fmt.Errorf("name %q starts with \"sg-\": the security group is named after the component and AWS reserves that prefix; choose another name", name))
	}
	if args.VPCID == nil {
		add(errors.New("VPCID is required: pass the VPC's id (network.VPC.VPCID)"))
	}
	if args.SubnetIDs == nil {
		add(errors.New("SubnetIDs is required: pass public subnets in at least two availability zones (network.VPC.PublicSubnetIDs)"))
	} else if ids, ok := args.SubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		add(fmt.Errorf("SubnetIDs has %d subnet(s): an Application Load Balancer needs public subnets in at least two availability zones", len(ids)))
	}
	if args.VPCCIDR == "" {
		add(errors.New("VPCCIDR is required: pass the VPC's IPv4 CIDR block, e.g. 10.0.0.0/16"))
	} else if _, err := parseCIDR("VPCCIDR", args.VPCCIDR); err != nil {
		add(err)
	}

	add(checkRange("ListenerPort", args.ListenerPort, 1, 65535, ""))
	add(checkRange("TestListenerPort", args.TestListenerPort, 1, 65535, ""))
	add(checkRange("TargetPort", args.TargetPort, 1, 65535, ""))
	if args.TestListenerPort == args.ListenerPort {
		add(fmt.Errorf("TestListenerPort %d is the ListenerPort: give the test listener a port of its own, e.g. %d", args.TestListenerPort, DefaultTestListenerPort))
	}
	if args.https() {
		if !certificateARN.MatchString(args.CertificateARN) {
			add(fmt.Errorf("CertificateARN %q is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>): request or import the certificate in ACM, in the load balancer's region", args.CertificateARN))
		}
		if args.ListenerPort == HTTPSPort {
			add(fmt.Errorf("ListenerPort %d is the HTTPS port: with CertificateARN, production is HTTPS on %d and ListenerPort redirects to it, so use another port (80)", args.ListenerPort, HTTPSPort))
		}
		if args.TestListenerPort == HTTPSPort {
			add(fmt.Errorf("TestListenerPort %d is the HTTPS port production uses with CertificateARN: give the test listener another port, e.g. %d", args.TestListenerPort, DefaultTestListenerPort))
		}
	}

	errs = append(errs, checkCIDRList("IngressCIDRs", args.IngressCIDRs, 0, "", "")...)
	errs = append(errs, checkCIDRList("TestListenerCIDRs", args.TestListenerCIDRs, minTestListenerBits,
		"the test listener serves a version not yet released; leave TestListenerCIDRs empty for the VPC only, or list the networks of its testers",
		args.VPCCIDR)...)

	if p := args.HealthCheckPath; !strings.HasPrefix(p, "/") || len(p) > 1024 {
		add(fmt.Errorf("HealthCheckPath %q must start with \"/\" and have at most 1024 characters, e.g. /health", p))
	}
	add(checkRange("HealthCheckIntervalSeconds", args.HealthCheckIntervalSeconds, 5, 300, " seconds"))
	add(checkRange("HealthyThresholdCount", args.HealthyThresholdCount, 2, 10, " checks"))
	add(checkRange("UnhealthyThresholdCount", args.UnhealthyThresholdCount, 2, 10, " checks"))
	add(checkRange("HealthCheckTimeoutSeconds", args.HealthCheckTimeoutSeconds, 2, 120, " seconds"))
	if args.HealthCheckTimeoutSeconds >= args.HealthCheckIntervalSeconds {
		add(fmt.Errorf("HealthCheckTimeoutSeconds %d is not less than HealthCheckIntervalSeconds %d: a check must time out before the next one starts", args.HealthCheckTimeoutSeconds, args.HealthCheckIntervalSeconds))
	}
	add(checkMatcher(args.HealthCheckMatcher))
	add(checkRange("DeregistrationDelaySeconds", args.DeregistrationDelaySeconds, 0, 3600, " seconds"))
	add(checkRange("IdleTimeoutSeconds", args.IdleTimeoutSeconds, 1, 4000, " seconds"))
	if args.AccessLogs && args.AccessLogsExpirationDays < 1 {
		add(fmt.Errorf("AccessLogsExpirationDays %d is not a number of days: use 1 or more (default %d)", args.AccessLogsExpirationDays, DefaultAccessLogsExpirationDays))
	}
	return errors.Join(errs...)
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

	c := &LoadBalancer{}
	if err := ctx.RegisterComponentResource(LoadBalancerType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return tagging.For(child, a.Tags) }

	// Security group: no inline rules, so each rule below is a resource of
	// its own that can change without touching the others.
	sgName := name + "-sg"
	sg, err := awsec2.NewSecurityGroup(ctx, sgName, &awsec2.SecurityGroupArgs{
		VpcId:       a.VPCID.ToStringOutput(),
		Description: pulumi.String("Load balancer " + name + ": listeners in, task host ports in the VPC out"),
		Tags:        tags(sgName),
	}, parent)
	if err != nil {
		return nil, err
	}
	scheme, prodPort := "http", a.ListenerPort
	prodPorts := []listenerPort{{a.ListenerPort, "HTTP to the production listener"}}
	if a.https() {
		scheme, prodPort = "https", HTTPSPort
		prodPorts = []listenerPort{{a.ListenerPort, "HTTP redirect to HTTPS"}, {HTTPSPort, "HTTPS to the production listener"}}
	}
	test := listenerPort{a.TestListenerPort, strings.ToUpper(scheme) + " to the test listener"}
	for _, r := range planRules(prodPorts, a.IngressCIDRs, test, a.TestListenerCIDRs, a.VPCCIDR) {
		rn := name + r.Suffix
		if r.Egress {
			_, err = awsvpc.NewSecurityGroupEgressRule(ctx, rn, &awsvpc.SecurityGroupEgressRuleArgs{
				SecurityGroupId: sg.ID(),
				IpProtocol:      pulumi.String("tcp"),
				FromPort:        pulumi.Int(r.FromPort),
				ToPort:          pulumi.Int(r.ToPort),
				CidrIpv4:        pulumi.String(r.CIDR),
				Description:     pulumi.String(r.Description),
				Tags:            tags(rn),
			}, parent)
		} else {
			_, err = awsvpc.NewSecurityGroupIngressRule(ctx, rn, &awsvpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: sg.ID(),
				IpProtocol:      pulumi.String("tcp"),
				FromPort:        pulumi.Int(r.FromPort),
				ToPort:          pulumi.Int(r.ToPort),
				CidrIpv4:        pulumi.String(r.CIDR),
				Description:     pulumi.String(r.Description),
				Tags:            tags(rn),
			}, parent)
		}
		if err != nil {
			return nil, err
		}
	}

	var accessLogs awslb.LoadBalancerAccessLogsPtrInput
	logBucket := pulumi.String("").ToStringOutput()
	if a.AccessLogs {
		bucket, err := newAccessLogs(ctx, name, a.AccessLogsExpirationDays, tags, parent)
		if err != nil {
			return nil, err
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
	lb, err := awslb.NewLoadBalancer(ctx, name, &awslb.LoadBalancerArgs{
		NamePrefix:               pulumi.String(namePrefix(name, "-", "lb-", maxNamePrefix)),
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
		Tags:                     tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}

	targetGroup := func(color, prefix string) (*awslb.TargetGroup, error) {
		tn := name + "-" + color
		return awslb.NewTargetGroup(ctx, tn, &awslb.TargetGroupArgs{
			NamePrefix:          pulumi.String(prefix),
			VpcId:               a.VPCID.ToStringOutput(),
			TargetType:          pulumi.String("instance"), // bridge mode: ECS registers instance and host port
			Protocol:            pulumi.String("HTTP"),
			Port:                pulumi.Int(a.TargetPort),
			DeregistrationDelay: pulumi.Int(a.DeregistrationDelaySeconds),
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
			Tags: tags(tn),
		}, parent)
	}
	blue, err := targetGroup("blue", bluePrefix)
	if err != nil {
		return nil, err
	}
	green, err := targetGroup("green", greenPrefix)
	if err != nil {
		return nil, err
	}

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
	listener := func(suffix string, port int) (*awslb.Listener, error) {
		ln := name + suffix
		l := &awslb.ListenerArgs{
			LoadBalancerArn: lb.Arn,
			Port:            pulumi.Int(port),
			Protocol:        pulumi.String(strings.ToUpper(scheme)),
			DefaultActions:  forwardBlue,
			Tags:            tags(ln),
		}
		if a.https() {
			l.CertificateArn = pulumi.String(a.CertificateARN)
			l.SslPolicy = pulumi.String(SSLPolicy)
		}
		return awslb.NewListener(ctx, ln, l, parent, ownedByCodeDeploy)
	}
	// The production listener keeps its name (and ARN, which CodeDeploy's
	// deployment group holds) when HTTPS is turned on: only its port and
	// protocol change.
	prod, err := listener("-prod", prodPort)
	if err != nil {
		return nil, err
	}
	testListener, err := listener("-test", a.TestListenerPort)
	if err != nil {
		return nil, err
	}
	if a.https() {
		rn := name + "-redirect"
		// Not touched by CodeDeploy: no ignoreChanges. It waits for the
		// production listener, which held this port before HTTPS was on.
		if _, err := awslb.NewListener(ctx, rn, &awslb.ListenerArgs{
			LoadBalancerArn: lb.Arn,
			Port:            pulumi.Int(a.ListenerPort),
			Protocol:        pulumi.String("HTTP"),
			DefaultActions: awslb.ListenerDefaultActionArray{&awslb.ListenerDefaultActionArgs{
				Type: pulumi.String("redirect"),
				Redirect: &awslb.ListenerDefaultActionRedirectArgs{
					Protocol:   pulumi.String("HTTPS"),
					Port:       pulumi.String(fmt.Sprint(HTTPSPort)),
					StatusCode: pulumi.String("HTTP_301"),
				},
			}},
			Tags: tags(rn),
		}, parent, pulumi.DependsOn([]pulumi.Resource{prod})); err != nil {
			return nil, err
		}
	}

	c.LoadBalancerARN = lb.Arn
	c.LoadBalancerARNSuffix = lb.ArnSuffix
	c.DNSName = lb.DnsName
	c.ZoneID = lb.ZoneId
	c.URL = lb.DnsName.ApplyT(func(dns string) string { return listenerURL(scheme, dns, prodPort) }).(pulumi.StringOutput)
	c.TestURL = lb.DnsName.ApplyT(func(dns string) string { return listenerURL(scheme, dns, a.TestListenerPort) }).(pulumi.StringOutput)
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.ProductionListenerARN = prod.Arn
	c.TestListenerARN = testListener.Arn
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
	}); err != nil {
		return nil, err
	}
	return c, nil
}
