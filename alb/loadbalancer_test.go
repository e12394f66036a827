package alb_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
	awslb "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	typSG         = "aws:ec2/securityGroup:SecurityGroup"
	typIngress    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typEgress     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typLB         = "aws:lb/loadBalancer:LoadBalancer"
	typTG         = "aws:lb/targetGroup:TargetGroup"
	typListener   = "aws:lb/listener:Listener"
	typBucket     = "aws:s3/bucketV2:BucketV2"
	typOwnership  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typPAB        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typSSE        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typPolicy     = "aws:s3/bucketPolicy:BucketPolicy"
	typProbe      = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
	typRule       = "aws:lb/listenerRule:ListenerRule"
	typPrefixList = "aws:ec2/managedPrefixList:ManagedPrefixList"
)

const certARN = "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"

// args returns valid arguments with the required fields set, changed by
// edit.
func args(edit func(*alb.LoadBalancerArgs)) *alb.LoadBalancerArgs {
	a := &alb.LoadBalancerArgs{
		VPCID:     pulumi.String("vpc-0123456789abcdef0"),
		VPCCIDR:   "10.0.0.0/16",
		SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func https(a *alb.LoadBalancerArgs) { a.CertificateARN = certARN }

type result struct {
	mocks *awsmock.Mocks
	out   map[string]*awsmock.Value
}

// run registers the component named name under the mocks, with probe
// resources that take its outputs as inputs: an attachment takes the blue
// target group's ARN from Traffic as a service would, listener rules take
// the listener ARNs.
func run(t *testing.T, name string, a *alb.LoadBalancerArgs, dryRun bool) (result, error) {
	t.Helper()
	r := result{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		lb, err := alb.NewLoadBalancer(ctx, name, a)
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.Output{
			"arn": lb.LoadBalancerARN, "arnSuffix": lb.LoadBalancerARNSuffix, "dns": lb.DNSName, "zone": lb.ZoneID,
			"url": lb.URL, "testUrl": lb.TestURL, "sg": lb.SecurityGroupID,
			"prod": lb.ProductionListenerARN, "test": lb.TestListenerARN,
			"blueArn": lb.BlueTargetGroupARN, "blueName": lb.BlueTargetGroupName, "blueSuffix": lb.BlueTargetGroupARNSuffix,
			"greenArn": lb.GreenTargetGroupARN, "greenName": lb.GreenTargetGroupName, "greenSuffix": lb.GreenTargetGroupARNSuffix,
			"bucket": lb.AccessLogsBucket,
		} {
			r.out[k] = awsmock.Watch(ctx, o)
		}
		traffic := lb.Traffic()
		for k, in := range map[string]pulumi.StringInput{
			"ProductionListenerARN": traffic.ProductionListenerARN, "TestListenerARN": traffic.TestListenerARN,
			"Blue.ARN": traffic.Blue.ARN, "Blue.Name": traffic.Blue.Name, "Blue.ARNSuffix": traffic.Blue.ARNSuffix,
			"Green.ARN": traffic.Green.ARN, "Green.Name": traffic.Green.Name, "Green.ARNSuffix": traffic.Green.ARNSuffix,
			"LoadBalancerARNSuffix": traffic.LoadBalancerARNSuffix,
		} {
			r.out["Traffic."+k] = awsmock.Watch(ctx, in.ToStringOutput())
		}
		// The ECS service takes the blue ARN through Traffic.
		_, err = awslb.NewTargetGroupAttachment(ctx, "probe", &awslb.TargetGroupAttachmentArgs{
			TargetGroupArn: traffic.Blue.ARN,
			TargetId:       pulumi.String("i-0123456789abcdef0"),
		})
		if err != nil {
			return err
		}
		for probe, arn := range map[string]pulumi.StringOutput{"prod-probe": lb.ProductionListenerARN, "test-probe": lb.TestListenerARN} {
			if _, err := awslb.NewListenerRule(ctx, probe, &awslb.ListenerRuleArgs{
				ListenerArn: arn,
				Actions:     awslb.ListenerRuleActionArray{&awslb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: lb.GreenTargetGroupARN}},
				Conditions:  awslb.ListenerRuleConditionArray{},
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

func mustRun(t *testing.T, a *alb.LoadBalancerArgs) result {
	t.Helper()
	r, err := run(t, "web", a, false)
	if err != nil {
		t.Fatalf("NewLoadBalancer: %v", err)
	}
	return r
}

// named returns the resource or fails the test.
func named(t *testing.T, r result, typ, name string) awsmock.Resource {
	t.Helper()
	res, ok := r.mocks.Named(typ, name)
	if !ok {
		t.Fatalf("no %s named %s; registered: %v", typ, name, names(r))
	}
	return res
}

func names(r result) []string {
	var out []string
	for _, res := range r.mocks.Resources() {
		out = append(out, res.Name)
	}
	return out
}

// in returns a resource's inputs as plain Go values (numbers are float64).
func in(res awsmock.Resource) map[string]any { return res.Inputs.Mappable() }

// urn returns the URN of the resource typ/name.
func urn(t *testing.T, r result, typ, name string) string {
	t.Helper()
	return named(t, r, typ, name).URN
}

func TestNewLoadBalancerCounts(t *testing.T) {
	t.Parallel()
	bucket := map[string]int{typBucket: 1, typOwnership: 1, typPAB: 1, typSSE: 1, typLifecycle: 1, typPolicy: 1}
	with := func(base, extra map[string]int) map[string]int {
		out := map[string]int{}
		for _, m := range []map[string]int{base, extra} {
			for k, v := range m {
				out[k] += v
			}
		}
		return out
	}
	http := map[string]int{typSG: 1, typIngress: 2, typEgress: 1, typLB: 1, typTG: 2, typListener: 2}
	tls := map[string]int{typSG: 1, typIngress: 3, typEgress: 1, typLB: 1, typTG: 2, typListener: 3}
	tests := map[string]struct {
		args *alb.LoadBalancerArgs
		want map[string]int
	}{
		"HTTP":              {args(nil), http},
		"HTTPS":             {args(https), tls},
		"HTTP access logs":  {args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true }), with(http, bucket)},
		"HTTPS access logs": {args(func(a *alb.LoadBalancerArgs) { https(a); a.AccessLogs = true }), with(tls, bucket)},
		"HTTPS, two ingress and two test blocks": {
			args(func(a *alb.LoadBalancerArgs) {
				https(a)
				a.IngressCIDRs = []string{"192.0.2.0/24", "198.51.100.0/24"}
				a.TestListenerCIDRs = []string{"198.51.100.0/24", "203.0.113.0/24"}
			}),
			with(tls, map[string]int{typIngress: 4}), // 2 ports × 2 blocks + the VPC + 2 test blocks = 7
		},
		"test listener sources": {
			args(func(a *alb.LoadBalancerArgs) {
				a.TestListenerSourceIPs = pulumi.ToStringArray([]string{"198.51.100.7"})
			}),
			with(http, map[string]int{typPrefixList: 1, typIngress: 1}),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, tc.args)
			got := r.mocks.CountByType()
			delete(got, alb.LoadBalancerType)
			delete(got, typProbe)
			delete(got, typRule)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

// rules returns every security-group rule as "in|out proto from-to cidr".
func rules(t *testing.T, r result) []string {
	t.Helper()
	sg := urn(t, r, typSG, "web-sg")
	var out []string
	for _, typ := range []string{typIngress, typEgress} {
		dir := map[string]string{typIngress: "in", typEgress: "out"}[typ]
		for _, res := range r.mocks.OfType(typ) {
			m := in(res)
			for _, k := range []string{"cidrIpv6", "prefixListId", "referencedSecurityGroupId"} {
				if v, ok := m[k]; ok {
					t.Errorf("rule %s has %s %v: want IPv4 CIDR blocks only", res.Name, k, v)
				}
			}
			if !res.DependsOn(sg) {
				t.Errorf("rule %s is not in the load balancer's security group: %v", res.Name, res.Dependencies)
			}
			out = append(out, fmt.Sprintf("%s %v %v-%v %v", dir, m["ipProtocol"], m["fromPort"], m["toPort"], m["cidrIpv4"]))
		}
	}
	slices.Sort(out)
	return out
}

func TestNewLoadBalancerSecurityGroupRules(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *alb.LoadBalancerArgs
		want []string
	}{
		"HTTP defaults": {
			args: args(nil),
			want: []string{
				"in tcp 80-80 0.0.0.0/0",
				"in tcp 8080-8080 10.0.0.0/16",
				"out tcp 32768-65535 10.0.0.0/16",
			},
		},
		"HTTP, own ports and blocks": {
			args: args(func(a *alb.LoadBalancerArgs) {
				a.VPCCIDR = "10.8.0.0/16"
				a.ListenerPort, a.TestListenerPort = 8000, 9000
				a.IngressCIDRs = []string{"192.0.2.0/24"}
				a.TestListenerCIDRs = []string{"203.0.113.7/32"}
			}),
			want: []string{
				"in tcp 8000-8000 192.0.2.0/24",
				"in tcp 9000-9000 10.8.0.0/16",
				"in tcp 9000-9000 203.0.113.7/32",
				"out tcp 32768-65535 10.8.0.0/16",
			},
		},
		"HTTPS": {
			args: args(https),
			want: []string{
				"in tcp 443-443 0.0.0.0/0",
				"in tcp 80-80 0.0.0.0/0",
				"in tcp 8080-8080 10.0.0.0/16",
				"out tcp 32768-65535 10.0.0.0/16",
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, tc.args)
			want := slices.Sorted(slices.Values(tc.want))
			if diff := cmp.Diff(want, rules(t, r)); diff != "" {
				t.Errorf("security group rules (-want +got):\n%s", diff)
			}
			sg := named(t, r, typSG, "web-sg")
			for _, k := range []resource.PropertyKey{"ingress", "egress"} {
				if v, has := sg.Inputs[k]; has && (!v.IsArray() || len(v.ArrayValue()) != 0) {
					t.Errorf("security group has inline %s rules: %v", k, v)
				}
			}
		})
	}
}

func TestNewLoadBalancerRuleNamesAreStable(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(https))
	var got []string
	for _, typ := range []string{typIngress, typEgress} {
		for _, res := range r.mocks.OfType(typ) {
			got = append(got, res.Name)
		}
	}
	want := []string{"web-in-443-0.0.0.0-0", "web-in-80-0.0.0.0-0", "web-in-8080-10.0.0.0-16", "web-out-32768-65535-10.0.0.0-16"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule names (-want +got):\n%s", diff)
	}
}

// TestNewLoadBalancerTestListenerNeverOpen checks every accepted
// configuration: no rule on the test port admits 0.0.0.0/0.
func TestNewLoadBalancerTestListenerNeverOpen(t *testing.T) {
	t.Parallel()
	for name, a := range map[string]*alb.LoadBalancerArgs{
		"defaults":          args(nil),
		"HTTPS":             args(https),
		"open production":   args(func(a *alb.LoadBalancerArgs) { a.IngressCIDRs = []string{"0.0.0.0/0"}; a.TestListenerPort = 9999 }),
		"own test networks": args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"10.0.0.0/8", "192.0.2.0/24"} }),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, a)
			port := float64(a.TestListenerPort)
			if port == 0 {
				port = alb.DefaultTestListenerPort
			}
			for _, res := range r.mocks.OfType(typIngress) {
				m := in(res)
				if m["fromPort"] == port && m["cidrIpv4"] == "0.0.0.0/0" {
					t.Errorf("rule %s opens the test listener (port %v) to 0.0.0.0/0", res.Name, port)
				}
			}
		})
	}
}

func TestNewLoadBalancerListeners(t *testing.T) {
	t.Parallel()
	forward := func(r result) []any {
		return []any{map[string]any{"type": "forward", "targetGroupArn": r.out["blueArn"].String()}}
	}
	t.Run("HTTP", func(t *testing.T) {
		t.Parallel()
		r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { a.ListenerPort = 8000; a.TestListenerPort = 9000 }))
		lb := urn(t, r, typLB, "web")
		blue := urn(t, r, typTG, "web-blue")
		for name, port := range map[string]float64{"web-prod": 8000, "web-test": 9000} {
			l := named(t, r, typListener, name)
			m := in(l)
			if m["port"] != port || m["protocol"] != "HTTP" || m["certificateArn"] != nil || m["sslPolicy"] != nil {
				t.Errorf("%s = port %v %v cert %v policy %v, want port %v HTTP without certificate", name, m["port"], m["protocol"], m["certificateArn"], m["sslPolicy"], port)
			}
			if diff := cmp.Diff(forward(r), m["defaultActions"]); diff != "" {
				t.Errorf("%s default actions (-want +got):\n%s", name, diff)
			}
			if !l.DependsOn(lb) || !l.DependsOn(blue) {
				t.Errorf("%s does not depend on the load balancer and the blue group: %v", name, l.Dependencies)
			}
		}
	})
	t.Run("HTTPS", func(t *testing.T) {
		t.Parallel()
		r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { https(a); a.TestListenerPort = 8443 }))
		for name, port := range map[string]float64{"web-prod": 443, "web-test": 8443} {
			m := in(named(t, r, typListener, name))
			if m["port"] != port || m["protocol"] != "HTTPS" || m["certificateArn"] != certARN || m["sslPolicy"] != "ELBSecurityPolicy-TLS13-1-2-2021-06" {
				t.Errorf("%s = port %v %v cert %v policy %v, want port %v HTTPS with the certificate and the TLS 1.3 policy", name, m["port"], m["protocol"], m["certificateArn"], m["sslPolicy"], port)
			}
			if diff := cmp.Diff(forward(r), m["defaultActions"]); diff != "" {
				t.Errorf("%s default actions (-want +got):\n%s", name, diff)
			}
		}
		red := named(t, r, typListener, "web-redirect")
		want := map[string]any{
			"loadBalancerArn": r.out["arn"].String(),
			"port":            80.0,
			"protocol":        "HTTP",
			"defaultActions": []any{map[string]any{
				"type":     "redirect",
				"redirect": map[string]any{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"},
			}},
			"tags": map[string]any{"Name": "web-redirect"},
		}
		if diff := cmp.Diff(want, in(red)); diff != "" {
			t.Errorf("redirect listener (-want +got):\n%s", diff)
		}
		if !red.DependsOn(urn(t, r, typListener, "web-prod")) {
			t.Errorf("redirect listener does not wait for the production listener, which may hold its port: %v", red.Dependencies)
		}
	})
}

func TestNewLoadBalancerIgnoreChanges(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { https(a); a.AccessLogs = true }))
	want := map[string][]string{"web-prod": {"defaultActions"}, "web-test": {"defaultActions"}}
	got := map[string][]string{}
	for _, res := range r.mocks.Resources() {
		if len(res.IgnoreChanges) > 0 {
			got[res.Name] = res.IgnoreChanges
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ignoreChanges per resource (-want +got):\n%s", diff)
	}
}

func TestNewLoadBalancerTargetGroups(t *testing.T) {
	t.Parallel()
	healthCheck := func(path, matcher string, interval, timeout, healthy, unhealthy float64) map[string]any {
		return map[string]any{
			"enabled": true, "protocol": "HTTP", "port": "traffic-port", "path": path, "matcher": matcher,
			"interval": interval, "timeout": timeout, "healthyThreshold": healthy, "unhealthyThreshold": unhealthy,
		}
	}
	tests := map[string]struct {
		args        *alb.LoadBalancerArgs
		port, delay float64
		health      map[string]any
	}{
		"defaults": {args: args(nil), port: 8080, delay: 30, health: healthCheck("/", "200-399", 10, 5, 2, 2)},
		"tuned": {
			args: args(func(a *alb.LoadBalancerArgs) {
				a.TargetPort = 3000
				a.HealthCheckPath = "/healthz"
				a.HealthCheckMatcher = "200,204"
				a.HealthCheckIntervalSeconds, a.HealthCheckTimeoutSeconds = 30, 10
				a.HealthyThresholdCount, a.UnhealthyThresholdCount = 3, 4
				a.DeregistrationDelaySeconds = new(120)
			}),
			port: 3000, delay: 120, health: healthCheck("/healthz", "200,204", 30, 10, 3, 4),
		},
		"no draining": {args: args(func(a *alb.LoadBalancerArgs) { a.DeregistrationDelaySeconds = new(0) }), port: 8080, delay: 0, health: healthCheck("/", "200-399", 10, 5, 2, 2)},
		"timeout below a short interval": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 5 }),
			port: 8080, delay: 30, health: healthCheck("/", "200-399", 5, 4, 2, 2),
		},
		"timeout of a long interval": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 300 }),
			port: 8080, delay: 30, health: healthCheck("/", "200-399", 300, 5, 2, 2),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, tc.args)
			for color, prefix := range map[string]string{"blue": "blue-", "green": "green-"} {
				tn := "web-" + color
				want := map[string]any{
					"namePrefix": prefix, "vpcId": "vpc-0123456789abcdef0", "targetType": "instance",
					"protocol": "HTTP", "port": tc.port, "deregistrationDelay": tc.delay,
					"healthCheck": tc.health, "tags": map[string]any{"Name": tn},
				}
				if diff := cmp.Diff(want, in(named(t, r, typTG, tn))); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tn, diff)
				}
			}
		})
	}
}

// TestNewLoadBalancerBlueWaitsForListener registers a resource with the
// blue target group's ARN as input, as an ECS service does: it must depend
// on the production listener.
func TestNewLoadBalancerBlueWaitsForListener(t *testing.T) {
	t.Parallel()
	for name, a := range map[string]*alb.LoadBalancerArgs{"HTTP": args(nil), "HTTPS": args(https)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, a)
			probe := named(t, r, typProbe, "probe")
			for _, want := range []string{urn(t, r, typListener, "web-prod"), urn(t, r, typTG, "web-blue")} {
				if !probe.DependsOn(want) {
					t.Errorf("a user of BlueTargetGroupARN does not depend on %s: %v", want, probe.Dependencies)
				}
			}
			if got, want := in(probe)["targetGroupArn"], r.out["blueArn"].String(); got != want || !strings.Contains(want, ":targetgroup/blue-") {
				t.Errorf("probe's target group = %v, want the blue group %s", got, want)
			}
		})
	}
}

// TestLoadBalancerTraffic checks that Traffic hands a service the
// component's own outputs, each in its place.
func TestLoadBalancerTraffic(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(nil))
	seen := map[string]string{}
	for field, output := range map[string]string{
		"ProductionListenerARN": "prod", "TestListenerARN": "test",
		"Blue.ARN": "blueArn", "Blue.Name": "blueName", "Blue.ARNSuffix": "blueSuffix",
		"Green.ARN": "greenArn", "Green.Name": "greenName", "Green.ARNSuffix": "greenSuffix",
		"LoadBalancerARNSuffix": "arnSuffix",
	} {
		got, want := r.out["Traffic."+field].String(), r.out[output].String()
		if got != want || want == "" {
			t.Errorf("Traffic().%s = %q, want the output %s %q", field, got, output, want)
		}
		if other, dup := seen[want]; dup {
			t.Errorf("outputs %s and %s are both %q: the test cannot tell them apart", output, other, want)
		}
		seen[want] = output
	}
}

func TestNewLoadBalancerAttributes(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { a.DeletionProtection = true; a.IdleTimeoutSeconds = 120 }))
	lb := named(t, r, typLB, "web")
	want := map[string]any{
		"namePrefix":               "web-",
		"internal":                 false,
		"loadBalancerType":         "application",
		"ipAddressType":            "ipv4",
		"subnets":                  []any{"subnet-a", "subnet-b"},
		"securityGroups":           []any{r.out["sg"].String()},
		"dropInvalidHeaderFields":  true,
		"desyncMitigationMode":     "defensive",
		"enableDeletionProtection": true,
		"idleTimeout":              120.0,
		"tags":                     map[string]any{"Name": "web"},
	}
	if diff := cmp.Diff(want, in(lb)); diff != "" {
		t.Errorf("load balancer (-want +got):\n%s", diff)
	}
	if !lb.DependsOn(urn(t, r, typSG, "web-sg")) {
		t.Errorf("load balancer does not use its security group: %v", lb.Dependencies)
	}
	d := in(named(t, mustRun(t, args(nil)), typLB, "web"))
	if d["enableDeletionProtection"] != false || d["idleTimeout"] != 60.0 {
		t.Errorf("defaults: deletion protection %v, idle timeout %v; want false, 60", d["enableDeletionProtection"], d["idleTimeout"])
	}
}

func TestNewLoadBalancerAccessLogs(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true; a.AccessLogsExpirationDays = 30 }))
	const bn = "web-access-logs"
	bucket := named(t, r, typBucket, bn)
	name := r.out["bucket"].String()
	if p, _ := in(bucket)["bucketPrefix"].(string); p != "ecs-bluegreen-web-alb-logs-" || !strings.HasPrefix(name, p) {
		t.Errorf("bucket prefix %q, AccessLogsBucket %q: want ecs-bluegreen-web-alb-logs- (the project's, then the component's name) and a name starting with it", p, name)
	}
	bucketURN := bucket.URN
	check := func(typ, field string, want any) {
		t.Helper()
		res := named(t, r, typ, bn)
		m := in(res)
		if diff := cmp.Diff(want, m[field]); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", typ, field, diff)
		}
		if m["bucket"] != name || !res.DependsOn(bucketURN) {
			t.Errorf("%s is on bucket %v, want %s", typ, m["bucket"], name)
		}
	}
	check(typOwnership, "rule", map[string]any{"objectOwnership": "BucketOwnerEnforced"})
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		check(typPAB, k, true)
	}
	check(typSSE, "rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}})
	check(typLifecycle, "rules", []any{map[string]any{
		"id": "expire-access-logs", "status": "Enabled",
		"filter": map[string]any{"prefix": "alb/"}, "expiration": map[string]any{"days": 30.0},
	}})

	pol := named(t, r, typPolicy, bn)
	doc, err := iampolicy.Parse(in(pol)["policy"].(string))
	if err != nil {
		t.Fatalf("bucket policy: %v", err)
	}
	arn := "arn:aws:s3:::" + name
	want := iampolicy.New(
		iampolicy.Statement{
			Sid: "AllowLoadBalancerLogDelivery", Effect: "Allow",
			Principal: &iampolicy.Principal{AWS: []string{"arn:aws:iam::127311923021:root"}}, // the mocks' region is us-east-1
			Action:    []string{"s3:PutObject"},
			Resource:  []string{arn + "/alb/AWSLogs/" + awsmock.Account + "/*"},
		},
		iampolicy.Statement{
			Sid: "DenyInsecureTransport", Effect: "Deny",
			Principal: &iampolicy.Principal{AWS: []string{"*"}},
			Action:    []string{"s3:*"},
			Resource:  []string{arn, arn + "/*"},
			Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
		},
	)
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("bucket policy (-want +got):\n%s", diff)
	}
	for _, typ := range []string{typOwnership, typPAB} {
		if !pol.DependsOn(urn(t, r, typ, bn)) {
			t.Errorf("bucket policy does not wait for %s (S3 aborts concurrent changes): %v", typ, pol.Dependencies)
		}
	}

	lb := named(t, r, typLB, "web")
	if diff := cmp.Diff(map[string]any{"bucket": name, "prefix": "alb", "enabled": true}, in(lb)["accessLogs"]); diff != "" {
		t.Errorf("load balancer accessLogs (-want +got):\n%s", diff)
	}
	if !lb.DependsOn(pol.URN) {
		t.Errorf("load balancer turns access logs on before the bucket policy exists: %v", lb.Dependencies)
	}
	if got := in(named(t, mustRun(t, args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true })), typLifecycle, bn))["rules"]; !strings.Contains(fmt.Sprint(got), "days:90") {
		t.Errorf("default expiration: lifecycle rules %v, want 90 days", got)
	}
}

func TestNewLoadBalancerAccessLogsOff(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(nil))
	if v, has := in(named(t, r, typLB, "web"))["accessLogs"]; has {
		t.Errorf("load balancer has accessLogs %v without AccessLogs", v)
	}
	if v, known := r.out["bucket"].Get(); !known || v != "" {
		t.Errorf("AccessLogsBucket = %v (known %v), want \"\"", v, known)
	}
	if calls := r.mocks.Calls(); len(calls) != 0 {
		t.Errorf("data sources called without access logs: %v", calls)
	}
}

func TestNewLoadBalancerOutputs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args         *alb.LoadBalancerArgs
		url, testURL string // DNS stands for the load balancer's DNS name
	}{
		"HTTP defaults":   {args(nil), "http://DNS", "http://DNS:8080"},
		"HTTP on 8000":    {args(func(a *alb.LoadBalancerArgs) { a.ListenerPort = 8000; a.TestListenerPort = 80 }), "http://DNS:8000", "http://DNS"},
		"HTTPS":           {args(https), "https://DNS", "https://DNS:8080"},
		"HTTPS test 8443": {args(func(a *alb.LoadBalancerArgs) { https(a); a.TestListenerPort = 8443 }), "https://DNS", "https://DNS:8443"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, tc.args)
			dns := r.out["dns"].String()
			if !strings.HasSuffix(dns, ".elb.amazonaws.com") {
				t.Fatalf("DNSName = %q, want the load balancer's DNS name", dns)
			}
			for k, want := range map[string]string{"url": tc.url, "testUrl": tc.testURL} {
				if got, want := r.out[k].String(), strings.Replace(want, "DNS", dns, 1); got != want {
					t.Errorf("output %s = %q, want %q", k, got, want)
				}
			}
			// Each listener ARN output is its own listener's.
			for probe, listener := range map[string]string{"prod-probe": "web-prod", "test-probe": "web-test"} {
				if p := named(t, r, typRule, probe); !p.DependsOn(urn(t, r, typListener, listener)) {
					t.Errorf("a user of the %s ARN output does not depend on listener %s: %v", probe, listener, p.Dependencies)
				}
			}
			for k, want := range map[string]string{
				"arnSuffix": "app/web-", "zone": "Z", "sg": "sg-", "prod": ":listener/app/", "test": ":listener/app/",
				"blueName": "blue-", "greenName": "green-", "blueSuffix": "targetgroup/blue-", "greenSuffix": "targetgroup/green-",
				"greenArn": ":targetgroup/green-", "arn": ":loadbalancer/app/web-",
			} {
				if got := r.out[k].String(); !strings.Contains(got, want) {
					t.Errorf("output %s = %q, want it to contain %q", k, got, want)
				}
			}
			if r.out["prod"].String() == r.out["test"].String() {
				t.Errorf("production and test listener ARNs are the same: %s", r.out["prod"].String())
			}
		})
	}
}

// TestNewLoadBalancerNameLimits gives a long, odd component name: the load
// balancer and target groups get name prefixes of at most 6 characters (AWS
// appends 26 to a limit of 32) and no fixed name, the bucket a lowercase
// prefix of at most 37 (limit 63).
func TestNewLoadBalancerNameLimits(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"web", "Checkout_Service-Production-Eu-West-1-Blue-Green", strings.Repeat("long", 20), "x"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := run(t, name, args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true }), false)
			if err != nil {
				t.Fatal(err)
			}
			for _, typ := range []string{typLB, typTG} {
				for _, res := range r.mocks.OfType(typ) {
					m := in(res)
					p, _ := m["namePrefix"].(string)
					if _, fixed := m["name"]; fixed || p == "" || len(p) > 6 || p != strings.ToLower(p) || strings.HasPrefix(p, "-") {
						t.Errorf("%s %s: name %v, namePrefix %q; want no name and a prefix of 1 to 6 of [a-z0-9-]", typ, res.Name, m["name"], p)
					}
				}
			}
			b, _ := in(named(t, r, typBucket, name+"-access-logs"))["bucketPrefix"].(string)
			if len(b) > 37 || b != strings.ToLower(b) || strings.HasPrefix(b, "-") {
				t.Errorf("bucketPrefix %q: want at most 37 lowercase characters", b)
			}
		})
	}
}

func TestNewLoadBalancerParentsAndTags(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(func(a *alb.LoadBalancerArgs) {
		https(a)
		a.AccessLogs = true
		a.Tags = map[string]string{"team": "web", "env": "test"}
	}))
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == alb.LoadBalancerType {
			comp = res.URN
		}
	}
	notTaggable := map[string]bool{typOwnership: true, typPAB: true, typSSE: true, typLifecycle: true, typPolicy: true}
	for _, res := range r.mocks.Resources() {
		if res.Type == alb.LoadBalancerType || res.Type == typProbe || res.Type == typRule {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		if notTaggable[res.Type] {
			continue
		}
		want := map[string]any{"Name": res.Name, "team": "web", "env": "test"}
		if diff := cmp.Diff(want, in(res)["tags"]); diff != "" {
			t.Errorf("%s %s tags (-want +got):\n%s", res.Type, res.Name, diff)
		}
	}
}

// TestNewLoadBalancerDeterministic runs the same arguments twice: every
// resource gets identical inputs, so a second `pulumi up` proposes nothing.
func TestNewLoadBalancerDeterministic(t *testing.T) {
	t.Parallel()
	a := args(func(a *alb.LoadBalancerArgs) {
		https(a)
		a.AccessLogs = true
		a.IngressCIDRs = []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"}
		a.Tags = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}
	})
	first, second := mustRun(t, a), mustRun(t, a)
	key := func(r result) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, res := range r.mocks.Resources() {
			out[res.Type+"/"+res.Name] = in(res)
		}
		return out
	}
	if diff := cmp.Diff(key(first), key(second)); diff != "" {
		t.Errorf("two runs register different inputs (-first +second):\n%s", diff)
	}
}

// TestNewLoadBalancerRejectsBadArgs checks what only the constructor
// checks (the name and the required inputs) and that Validate's problems
// reach its error, rendered with Go's field names; TestValidate has the
// rules themselves.
func TestNewLoadBalancerRejectsBadArgs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name string
		args *alb.LoadBalancerArgs
		want []string
	}{
		"nil args": {args: nil, want: []string{
			"VPCID is required: pass the VPC's id (network.VPC.VPCID)",
			"SubnetIDs is required: pass public subnets in at least two availability zones",
			`VPCCIDR "" is not an IPv4 CIDR block`,
		}},
		"one subnet": {args: args(func(a *alb.LoadBalancerArgs) { a.SubnetIDs = pulumi.StringArray{pulumi.String("subnet-a")} }),
			want: []string{"SubnetIDs has 1 subnet(s): an Application Load Balancer needs public subnets in at least two availability zones"}},
		"reserved security group name": {name: "sg-web", args: args(nil), want: []string{`name "sg-web" starts with "sg-"`}},
		"a field's problem": {args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 4 }),
			want: []string{"HealthCheckIntervalSeconds 4 is out of range: use 5 to 300 seconds"}},
		"a reference to another field": {args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerPort = 80 }),
			want: []string{"TestListenerPort 80 is also ListenerPort: give the test listener a port of its own"}},
		"too many source addresses": {args: args(func(a *alb.LoadBalancerArgs) {
			a.TestListenerSourceIPs = pulumi.ToStringArray(slices.Repeat([]string{"198.51.100.1"}, alb.MaxTestListenerSourceIPs+1))
		}), want: []string{"len(TestListenerSourceIPs) 9 is too many: use at most 8 addresses"}},
		"every problem at once": {args: args(func(a *alb.LoadBalancerArgs) {
			a.VPCID = nil
			a.VPCCIDR = "nope"
			a.TestListenerCIDRs = []string{"0.0.0.0/0"}
			a.HealthCheckPath = "x"
			a.CertificateARN = "cert"
		}), want: []string{"VPCID is required", `VPCCIDR "nope"`, `TestListenerCIDRs[0] "0.0.0.0/0" admits the whole internet`, `HealthCheckPath "x"`, `CertificateARN "cert"`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cn := tc.name
			if cn == "" {
				cn = "web"
			}
			r, err := run(t, cn, tc.args, false)
			if err == nil {
				t.Fatalf("NewLoadBalancer(%+v) succeeded, want an error", tc.args)
			}
			msg := err.Error()
			if !strings.Contains(msg, "alb: "+cn+": ") {
				t.Errorf("error %q lacks the origin \"alb: %s: \"", msg, cn)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewLoadBalancer registered %d resources before failing, want 0", n)
			}
		})
	}
}

// TestNewLoadBalancerFieldErrorsAreTyped checks that a caller finds the
// *FieldError in the constructor's error.
func TestNewLoadBalancerFieldErrorsAreTyped(t *testing.T) {
	t.Parallel()
	_, err := run(t, "web", args(func(a *alb.LoadBalancerArgs) { a.IdleTimeoutSeconds = 5000 }), false)
	var fe *alb.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("NewLoadBalancer error %v holds no *FieldError", err)
	}
	if fe.Field != "IdleTimeoutSeconds" || fe.Value != 5000 || fe.Fix != 4000 {
		t.Errorf("NewLoadBalancer field error = %+v, want IdleTimeoutSeconds 5000 with fix 4000", fe)
	}
}

func TestNewLoadBalancerDryRun(t *testing.T) {
	t.Parallel()
	r, err := run(t, "web", args(func(a *alb.LoadBalancerArgs) { https(a); a.AccessLogs = true }), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"arn", "url", "blueArn", "bucket"} {
		if v, known := r.out[k].Get(); known {
			t.Errorf("output %s = %v is known in a preview", k, v)
		}
	}
	got := r.mocks.CountByType()
	if got[typListener] != 3 || got[typTG] != 2 || got[typPolicy] != 1 || got[typIngress] != 3 || got[typLB] != 1 {
		t.Errorf("preview registers %v, want 3 listeners, 2 target groups, 3 ingress rules and the bucket policy", got)
	}
}

func ExampleNewLoadBalancer() {
	program := func(ctx *pulumi.Context) error {
		// In the program these come from network.NewVPC: VPCID, CIDR and
		// PublicSubnetIDs (which wait for the internet gateway).
		lb, err := alb.NewLoadBalancer(ctx, "web", &alb.LoadBalancerArgs{
			VPCID:           pulumi.String("vpc-0123456789abcdef0"),
			VPCCIDR:         "10.0.0.0/16",
			SubnetIDs:       pulumi.ToStringArray([]string{"subnet-0a", "subnet-0b"}),
			CertificateARN:  "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
			HealthCheckPath: "/healthz",
			AccessLogs:      true,
			Tags:            map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		// An ECS service takes the listeners and target groups as one
		// value, lb.Traffic() (ecs.ServiceArgs.Traffic): its blue ARN
		// resolves once the production listener forwards to the group.
		ctx.Export("url", lb.URL)
		traffic := lb.Traffic()
		ctx.Export("blueTargetGroupArn", traffic.Blue.ARN)
		ctx.Export("targetGroupNames", pulumi.StringArray{traffic.Blue.Name, traffic.Green.Name})
		ctx.Export("listenerArns", pulumi.StringArray{traffic.ProductionListenerARN, traffic.TestListenerARN})
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
