package alb_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// problem is what a test asserts of one *FieldError.
type problem struct {
	Field      string
	Value, Fix any
}

// problems returns err's field errors (see argchecktest.Problems).
func problems(t *testing.T, err error) []problem {
	t.Helper()
	var out []problem
	for _, p := range argchecktest.Problems(t, alb.LoadBalancerArgs{}, err) {
		out = append(out, problem(p))
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Parallel()
	long := "/" + strings.Repeat("a", 1023)
	tests := map[string]struct {
		args *alb.LoadBalancerArgs
		want []problem
	}{
		"defaults":                          {args: args(nil)},
		"HTTPS":                             {args: args(https)},
		"zero args: VPCCIDR is required":    {args: &alb.LoadBalancerArgs{}, want: []problem{{"VPCCIDR", "", nil}}},
		"test blocks beside the VPC's":      {args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"10.1.0.0/16", "203.0.113.7/32"} })},
		"a block inside the VPC's":          {args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"10.0.1.0/24"} })},
		"short interval, derived timeout":   {args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 5 })},
		"no draining":                       {args: args(func(a *alb.LoadBalancerArgs) { a.DeregistrationDelaySeconds = new(0) })},
		"longest draining":                  {args: args(func(a *alb.LoadBalancerArgs) { a.DeregistrationDelaySeconds = new(3600) })},
		"longest health-check path":         {args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = long })},
		"path with a query":                 {args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = "/health?deep=1&x=%20" })},
		"log days ignored without logs":     {args: args(func(a *alb.LoadBalancerArgs) { a.AccessLogsExpirationDays = -5 })},
		"test port beside HTTPS production": {args: args(func(a *alb.LoadBalancerArgs) { https(a); a.TestListenerPort = 8443 })},
		"as many source addresses as fit":   {args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerSourceIPs = pulumi.ToStringArray(make([]string, 8)) })},
		"source addresses known only later": {args: args(func(a *alb.LoadBalancerArgs) {
			a.TestListenerSourceIPs = pulumi.ToStringArray(make([]string, 9)).ToStringArrayOutput()
		})},
		"production on the default test port": {args: args(func(a *alb.LoadBalancerArgs) { a.ListenerPort = 8080; a.TestListenerPort = 80 })},
		// The derived timeout is not a second error against a bad interval.
		"interval of one second": {args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 1 }),
			want: []problem{{"HealthCheckIntervalSeconds", 1, 5}}},

		"ports out of range": {
			args: args(func(a *alb.LoadBalancerArgs) { a.ListenerPort = 70000; a.TestListenerPort = -1; a.TargetPort = 65536 }),
			want: []problem{{"ListenerPort", 70000, 65535}, {"TestListenerPort", -1, 1}, {"TargetPort", 65536, 65535}},
		},
		"same ports": {
			args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerPort = 80 }),
			want: []problem{{"TestListenerPort", 80, 8080}},
		},
		"production on the default test port, test defaulted": {
			args: args(func(a *alb.LoadBalancerArgs) { a.ListenerPort = 8080 }),
			want: []problem{{"TestListenerPort", 8080, 8443}},
		},
		"bad certificate": {
			args: args(func(a *alb.LoadBalancerArgs) { a.CertificateARN = "arn:aws:iam::123456789012:server-certificate/web" }),
			want: []problem{{"CertificateARN", "arn:aws:iam::123456789012:server-certificate/web", nil}},
		},
		"HTTPS on the redirect port": {
			args: args(func(a *alb.LoadBalancerArgs) { https(a); a.ListenerPort = 443 }),
			want: []problem{{"ListenerPort", 443, 80}},
		},
		"HTTPS on the test port": {
			args: args(func(a *alb.LoadBalancerArgs) { https(a); a.TestListenerPort = 443 }),
			want: []problem{{"TestListenerPort", 443, 8080}},
		},
		"VPC block with host bits": {
			args: args(func(a *alb.LoadBalancerArgs) { a.VPCCIDR = "10.0.0.1/16" }),
			want: []problem{{"VPCCIDR", "10.0.0.1/16", "10.0.0.0/16"}},
		},
		"VPC block IPv6": {
			args: args(func(a *alb.LoadBalancerArgs) { a.VPCCIDR = "fd00::/56" }),
			want: []problem{{"VPCCIDR", "fd00::/56", nil}},
		},
		"ingress duplicate and IPv6": {
			args: args(func(a *alb.LoadBalancerArgs) { a.IngressCIDRs = []string{"::/0", "0.0.0.0/0", "0.0.0.0/0"} }),
			want: []problem{{"IngressCIDRs[0]", "::/0", nil}, {"IngressCIDRs[2]", "0.0.0.0/0", nil}},
		},
		"test listener lists the VPC's block": {
			args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"203.0.113.0/24", "10.0.0.0/16"} }),
			want: []problem{{"TestListenerCIDRs[1]", "10.0.0.0/16", nil}},
		},
		"test listener duplicate": {
			args: args(func(a *alb.LoadBalancerArgs) {
				a.TestListenerCIDRs = []string{"203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"}
			}),
			want: []problem{{"TestListenerCIDRs[2]", "203.0.113.0/24", nil}},
		},
		"test listener block with host bits": {
			args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"203.0.113.7/24"} }),
			want: []problem{{"TestListenerCIDRs[0]", "203.0.113.7/24", "203.0.113.0/24"}},
		},
		"test listener open to the internet": {
			args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerCIDRs = []string{"0.0.0.0/0", "64.0.0.0/2"} }),
			want: []problem{{"TestListenerCIDRs[0]", "0.0.0.0/0", nil}, {"TestListenerCIDRs[1]", "64.0.0.0/2", nil}},
		},
		"bad VPC block is reported once": {
			args: args(func(a *alb.LoadBalancerArgs) { a.VPCCIDR = "10.0.0.0"; a.TestListenerCIDRs = []string{"10.0.0.0/16"} }),
			want: []problem{{"VPCCIDR", "10.0.0.0", nil}},
		},
		"too many source addresses": {
			args: args(func(a *alb.LoadBalancerArgs) { a.TestListenerSourceIPs = pulumi.ToStringArray(make([]string, 9)) }),
			want: []problem{{"len(TestListenerSourceIPs)", 9, 8}},
		},
		"health-check path without a slash": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = "health" }),
			want: []problem{{"HealthCheckPath", "health", "/"}},
		},
		"health-check path with a space": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = "/health check" }),
			want: []problem{{"HealthCheckPath", "/health check", "/"}},
		},
		"health-check path not ASCII": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = "/gesundheitsprüfung" }),
			want: []problem{{"HealthCheckPath", "/gesundheitsprüfung", "/"}},
		},
		"health-check path too long": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckPath = long + "a" }),
			want: []problem{{"HealthCheckPath", long + "a", "/"}},
		},
		"health-check timing out of range": {
			args: args(func(a *alb.LoadBalancerArgs) {
				a.HealthCheckIntervalSeconds = 301
				a.HealthCheckTimeoutSeconds = 1
				a.HealthyThresholdCount = 11
				a.UnhealthyThresholdCount = 1
			}),
			want: []problem{
				{"HealthCheckIntervalSeconds", 301, 300}, {"HealthyThresholdCount", 11, 10},
				{"UnhealthyThresholdCount", 1, 2}, {"HealthCheckTimeoutSeconds", 1, 2},
			},
		},
		"interval too short": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 4 }),
			want: []problem{{"HealthCheckIntervalSeconds", 4, 5}},
		},
		"timeout too long": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 300; a.HealthCheckTimeoutSeconds = 121 }),
			want: []problem{{"HealthCheckTimeoutSeconds", 121, 120}},
		},
		"timeout not below the interval": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckIntervalSeconds = 5; a.HealthCheckTimeoutSeconds = 5 }),
			want: []problem{{"HealthCheckTimeoutSeconds", 5, 4}},
		},
		"timeout above the default interval": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckTimeoutSeconds = 30 }),
			want: []problem{{"HealthCheckTimeoutSeconds", 30, 9}},
		},
		"matcher": {
			args: args(func(a *alb.LoadBalancerArgs) { a.HealthCheckMatcher = "2xx" }),
			want: []problem{{"HealthCheckMatcher", "2xx", "200-399"}},
		},
		"negative deregistration delay": {
			args: args(func(a *alb.LoadBalancerArgs) { a.DeregistrationDelaySeconds = new(-1) }),
			want: []problem{{"DeregistrationDelaySeconds", -1, 0}},
		},
		"deregistration delay too long": {
			args: args(func(a *alb.LoadBalancerArgs) { a.DeregistrationDelaySeconds = new(3601) }),
			want: []problem{{"DeregistrationDelaySeconds", 3601, 3600}},
		},
		"idle timeout": {
			args: args(func(a *alb.LoadBalancerArgs) { a.IdleTimeoutSeconds = 4001 }),
			want: []problem{{"IdleTimeoutSeconds", 4001, 4000}},
		},
		"log expiration": {
			args: args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true; a.AccessLogsExpirationDays = -5 }),
			want: []problem{{"AccessLogsExpirationDays", -5, 90}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, err)); diff != "" {
				t.Errorf("Validate() = %v; field errors (-want +got):\n%s", err, diff)
			}
		})
	}
}

// TestValidateRendersReferences checks that a problem naming another field
// names it through Render, so the configuration layer can use its own keys.
func TestValidateRendersReferences(t *testing.T) {
	t.Parallel()
	err := args(func(a *alb.LoadBalancerArgs) { https(a); a.ListenerPort = 443 }).Validate()
	fes := argcheck.Errors(err)
	if len(fes) != 1 {
		t.Fatalf("Validate() = %v, want one field error", err)
	}
	key := func(field string) string { return "config:" + field }
	want := "config:ListenerPort 443 is the HTTPS port: with config:CertificateARN or config:DomainName, production is HTTPS on 443 and this port only redirects to it"
	if got := fes[0].Render(key); got != want {
		t.Errorf("Render(key) = %q, want %q", got, want)
	}
}

// TestValidateDoesNotChangeArgs checks that Validate applies its defaults
// to a copy: the caller's Args, pointers included, stay as they were.
func TestValidateDoesNotChangeArgs(t *testing.T) {
	t.Parallel()
	a := args(nil)
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.DeregistrationDelaySeconds != nil || a.ListenerPort != 0 || a.HealthCheckTimeoutSeconds != 0 || a.IngressCIDRs != nil {
		t.Errorf("Validate() changed its Args: %+v", a)
	}
}
