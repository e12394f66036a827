package release_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
)

func TestCheckDomain(t *testing.T) {
	t.Parallel()
	const lb = "web-ca84d13-1234567890.us-east-1.elb.amazonaws.com"
	cert := "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"
	domain := func(edit func(*release.Domain)) release.Domain {
		d := release.Domain{Name: "app.example.com", HostedZoneID: "Z00CAAF24EXAMPLE", CertificateARN: cert, LoadBalancerDNSName: lb,
			CertificateStatus: "ISSUED", AliasTargets: []string{"dualstack." + strings.ToUpper(lb) + "."}}
		if edit != nil {
			edit(&d)
		}
		return d
	}
	for name, tc := range map[string]struct {
		d    release.Domain
		want string // the check's status, then words its detail or fix holds
		has  []string
	}{
		"issued and pointed": {d: domain(nil), want: release.CheckOK, has: []string{"app.example.com points at the load balancer"}},
		"pending validation": {d: domain(func(d *release.Domain) { d.CertificateStatus = "PENDING_VALIDATION" }), want: release.CheckFailed,
			has: []string{"is PENDING_VALIDATION, not ISSUED", "delegates to that zone's name servers", "aws route53 get-hosted-zone --id Z00CAAF24EXAMPLE"}},
		"certificate gone": {d: domain(func(d *release.Domain) { d.CertificateStatus = "" }), want: release.CheckFailed, has: []string{"does not exist"}},
		"no record":        {d: domain(func(d *release.Domain) { d.AliasTargets = nil }), want: release.CheckFailed, has: []string{"app.example.com has no A record", "pulumi up restores the alias record"}},
		"another target": {d: domain(func(d *release.Domain) { d.AliasTargets = []string{"old-lb.us-east-1.elb.amazonaws.com."} }), want: release.CheckFailed,
			has: []string{"points at old-lb.us-east-1.elb.amazonaws.com. in zone Z00CAAF24EXAMPLE, not at the load balancer " + lb}},
		"a plain A record": {d: domain(func(d *release.Domain) { d.AliasTargets, d.Targets = nil, []string{"192.0.2.1"} }), want: release.CheckFailed, has: []string{"points at 192.0.2.1"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checks := release.CheckWiring(release.Wiring{Domain: tc.d})
			c := checks[len(checks)-1]
			if c.Name != release.CheckDomain || c.Status != tc.want {
				t.Fatalf("last check = %s %s (%s), want %s %s", c.Name, c.Status, c.Detail, release.CheckDomain, tc.want)
			}
			text := c.Detail + " " + c.Fix
			for _, h := range tc.has {
				if !strings.Contains(text, h) {
					t.Errorf("check %q lacks %q", text, h)
				}
			}
		})
	}
	if checks := release.CheckWiring(release.Wiring{}); checks[len(checks)-1].Name == release.CheckDomain {
		t.Error("a stack without a domainName gets the domain check")
	}
}

// Verify of a stack with a domainName reads its certificate (ACM) and its
// A record (Route 53) and runs the domain check last.
func TestVerifyDomain(t *testing.T) {
	const (
		lb   = "web-ca84d13-1234567890.us-east-1.elb.amazonaws.com"
		zone = "Z00CAAF24EXAMPLE"
		cert = "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"
	)
	for name, tc := range map[string]struct {
		status, target string
		want           string
	}{
		"issued, pointed":    {status: "ISSUED", target: "dualstack." + lb + ".", want: release.CheckOK},
		"pending validation": {status: "PENDING_VALIDATION", target: lb + ".", want: release.CheckFailed},
		"pointed elsewhere":  {status: "ISSUED", target: "old.us-east-1.elb.amazonaws.com.", want: release.CheckFailed},
		"no record":          {status: "ISSUED", want: release.CheckFailed},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			e.outputs.DomainName, e.outputs.HostedZoneID, e.outputs.CertificateARN, e.outputs.LoadBalancerDNSName = "app.example.com", zone, cert, lb
			e.fake.AddCertificate(fakeaws.Certificate{ARN: cert, DomainName: "app.example.com", Status: tc.status})
			e.fake.AddHostedZone(zone)
			if tc.target != "" {
				e.fake.AddAliasRecord(fakeaws.AliasRecord{ZoneID: zone, Name: "app.example.com.", Target: tc.target})
			}
			res, err := e.r.Verify(context.Background(), e.outputs)
			if len(res.Checks) != len(release.Checks)-1 { // no validation hook
				t.Fatalf("Verify: %d checks (%v), want %d", len(res.Checks), err, len(release.Checks)-1)
			}
			c := res.Checks[len(res.Checks)-1]
			if c.Name != release.CheckDomain || c.Status != tc.want {
				t.Errorf("last check = %s %s: %s, want %s %s", c.Name, c.Status, c.Detail, release.CheckDomain, tc.want)
			}
			var verr *release.VerifyError
			if (tc.want == release.CheckFailed) != errors.As(err, &verr) {
				t.Errorf("Verify error = %v, want a *VerifyError only when the domain check fails", err)
			}
			for _, action := range []string{"DescribeCertificate", "ListResourceRecordSets"} {
				if len(e.fake.RequestsFor(action)) != 1 {
					t.Errorf("%s: %d requests, want 1", action, len(e.fake.RequestsFor(action)))
				}
			}
		})
	}
}
