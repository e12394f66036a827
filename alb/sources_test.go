package alb_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestNewLoadBalancerTestListenerSources checks the prefix list that admits
// TestListenerSourceIPs and the one rule that references it.
func TestNewLoadBalancerTestListenerSources(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args     *alb.LoadBalancerArgs
		ips      []string
		testPort float64
		rule     string
	}{
		"HTTP, two NAT addresses": {
			args: args(nil), ips: []string{"198.51.100.7", "203.0.113.250"},
			testPort: 8080, rule: "web-in-8080-sources",
		},
		"HTTPS, own test port, one address": {
			args: args(func(a *alb.LoadBalancerArgs) { https(a); a.TestListenerPort = 8443 }), ips: []string{"192.0.2.1"},
			testPort: 8443, rule: "web-in-8443-sources",
		},
		"as many addresses as the list holds": {
			args: args(nil), ips: []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7", "192.0.2.8"},
			testPort: 8080, rule: "web-in-8080-sources",
		},
		"none yet": {args: args(nil), ips: []string{}, testPort: 8080, rule: "web-in-8080-sources"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// An output, as network.VPC.NATPublicIPs is: its length is
			// known only in the apply.
			tc.args.TestListenerSourceIPs = pulumi.ToStringArray(tc.ips).ToStringArrayOutput()
			r := mustRun(t, tc.args)
			comp := urn(t, r, alb.LoadBalancerType, "web")

			pl := named(t, r, typPrefixList, "web-test-sources")
			var entries []any
			for i, ip := range tc.ips {
				entries = append(entries, map[string]any{"cidr": ip + "/32", "description": fmt.Sprintf("in-VPC clients' source address %d", i)})
			}
			if entries == nil {
				entries = []any{}
			}
			want := map[string]any{
				"addressFamily": "IPv4",
				"maxEntries":    float64(alb.MaxTestListenerSourceIPs),
				"entries":       entries,
				"tags":          map[string]any{"Name": "web-test-sources"},
			}
			if diff := cmp.Diff(want, in(pl)); diff != "" {
				t.Errorf("prefix list (-want +got):\n%s", diff)
			}
			if pl.Parent != comp {
				t.Errorf("prefix list parent = %q, want the component %q", pl.Parent, comp)
			}

			rule := named(t, r, typIngress, tc.rule)
			got := in(rule)
			if !strings.HasPrefix(fmt.Sprint(got["prefixListId"]), "pl-") || got["fromPort"] != tc.testPort || got["toPort"] != tc.testPort || got["ipProtocol"] != "tcp" {
				t.Errorf("rule %s = %v, want tcp %v from the prefix list", tc.rule, got, tc.testPort)
			}
			for _, k := range []string{"cidrIpv4", "cidrIpv6", "referencedSecurityGroupId"} {
				if v, has := got[k]; has {
					t.Errorf("rule %s has %s %v besides the prefix list", tc.rule, k, v)
				}
			}
			if !rule.DependsOn(pl.URN) || !rule.DependsOn(urn(t, r, typSG, "web-sg")) {
				t.Errorf("rule %s does not reference the prefix list and the load balancer's group: %v", tc.rule, rule.Dependencies)
			}
			if rule.Parent != comp {
				t.Errorf("rule %s parent = %q, want the component", tc.rule, rule.Parent)
			}
			// The VPC's block is still admitted by a rule of its own.
			named(t, r, typIngress, fmt.Sprintf("web-in-%v-10.0.0.0-16", tc.testPort))
		})
	}
}

// TestNewLoadBalancerNoTestListenerSources checks that without source
// addresses there is neither prefix list nor rule.
func TestNewLoadBalancerNoTestListenerSources(t *testing.T) {
	t.Parallel()
	r := mustRun(t, args(nil))
	if got := r.mocks.OfType(typPrefixList); len(got) != 0 {
		t.Errorf("%d prefix lists without TestListenerSourceIPs, want none", len(got))
	}
	for _, res := range r.mocks.OfType(typIngress) {
		if strings.HasSuffix(res.Name, "-sources") {
			t.Errorf("rule %s without TestListenerSourceIPs", res.Name)
		}
	}
}

// TestNewLoadBalancerBadTestListenerSources gives addresses only the apply
// sees: the deployment fails naming the field and the address.
func TestNewLoadBalancerBadTestListenerSources(t *testing.T) {
	t.Parallel()
	nine := slices.Repeat([]string{"192.0.2.1"}, alb.MaxTestListenerSourceIPs+1)
	tests := map[string]struct {
		ips  []string
		want string
	}{
		"not an address": {ips: []string{"192.0.2.1", "nat"}, want: `alb: web: TestListenerSourceIPs[1] "nat" is not an IPv4 address`},
		"a block":        {ips: []string{"192.0.2.0/24"}, want: `TestListenerSourceIPs[0] "192.0.2.0/24" is not an IPv4 address`},
		"IPv6":           {ips: []string{"2001:db8::1"}, want: `TestListenerSourceIPs[0] "2001:db8::1" is not an IPv4 address`},
		"too many":       {ips: nine, want: "alb: web: TestListenerSourceIPs has 9 addresses: use at most 8"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := args(func(a *alb.LoadBalancerArgs) {
				a.TestListenerSourceIPs = pulumi.ToStringArray(tc.ips).ToStringArrayOutput()
			})
			_, err := run(t, "web", a, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewLoadBalancer with TestListenerSourceIPs %q = %v, want an error containing %q", tc.ips, err, tc.want)
			}
		})
	}
}

// TestNewLoadBalancerListenersAfterBothGroups checks the teardown order:
// both listeners depend on both target groups, so `pulumi destroy` deletes
// them before either group, whichever one CodeDeploy left them on.
func TestNewLoadBalancerListenersAfterBothGroups(t *testing.T) {
	t.Parallel()
	for name, a := range map[string]*alb.LoadBalancerArgs{"HTTP": args(nil), "HTTPS": args(https)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, a)
			for _, l := range []string{"web-prod", "web-test"} {
				listener := named(t, r, typListener, l)
				for _, g := range []string{"web-blue", "web-green"} {
					if !listener.DependsOn(urn(t, r, typTG, g)) {
						t.Errorf("listener %s does not depend on target group %s: %v", l, g, listener.Dependencies)
					}
				}
			}
		})
	}
}

// TestNewLoadBalancerAccessLogsForceDestroy checks that the access-log
// bucket is deleted with its logs unless the load balancer is protected.
func TestNewLoadBalancerAccessLogsForceDestroy(t *testing.T) {
	t.Parallel()
	for _, protected := range []bool{false, true} {
		t.Run(fmt.Sprint("DeletionProtection=", protected), func(t *testing.T) {
			t.Parallel()
			r := mustRun(t, args(func(a *alb.LoadBalancerArgs) { a.AccessLogs = true; a.DeletionProtection = protected }))
			got := in(named(t, r, typBucket, "web-access-logs"))["forceDestroy"]
			if got != !protected {
				t.Errorf("DeletionProtection %v: bucket forceDestroy = %v, want %v", protected, got, !protected)
			}
		})
	}
}
