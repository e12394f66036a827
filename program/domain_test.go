package program

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
)

// domainConfig is a configuration with the keys set, "project:" added.
func domainConfig(kv ...string) map[string]string {
	cfg := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		cfg[awsmock.Project+":"+kv[i]] = kv[i+1]
	}
	return cfg
}

// TestProgramDomainName runs the program with domainName: the certificate,
// its validation and the records exist, and the URLs are the name's.
func TestProgramDomainName(t *testing.T) {
	t.Parallel()
	r := runProgram(&awsmock.Mocks{}, domainConfig("domainName", "app.example.com"))
	if r.err != nil {
		t.Fatal(r.err)
	}
	counts := r.mocks.CountByType()
	for typ, want := range map[string]int{
		"aws:acm/certificate:Certificate":                     1,
		"aws:acm/certificateValidation:CertificateValidation": 1,
		"aws:route53/record:Record":                           2,
	} {
		if counts[typ] != want {
			t.Errorf("%s: %d, want %d", typ, counts[typ], want)
		}
	}
	if alias, ok := r.mocks.Named("aws:route53/record:Record", "web-dns-a"); !ok || alias.String("zoneId") != awsmock.DefaultHostedZones[0].ID {
		t.Errorf("alias record %v in zone %q, want it in example.com's", ok, alias.String("zoneId"))
	}
	for name, want := range map[string]string{outputs.URL: "https://app.example.com", outputs.TestURL: "https://app.example.com:8080",
		outputs.DomainName: "app.example.com", outputs.HostedZoneID: awsmock.DefaultHostedZones[0].ID} {
		if got := r.exports[name].String(); got != want {
			t.Errorf("output %s = %q, want %q", name, got, want)
		}
	}
	if got := r.exports[outputs.CertificateARN].String(); !strings.HasPrefix(got, "arn:aws:acm:") {
		t.Errorf("output %s = %q, want the certificate's ARN", outputs.CertificateARN, got)
	}
}

// TestProgramRejectsDomainConfig runs the program with domains and zones
// it must refuse: the error names the key, and nothing is registered.
func TestProgramRejectsDomainConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		cfg  map[string]string
		want []string
	}{
		"several zones": {domainConfig("domainName", "app.example.com"),
			[]string{`hostedZoneId: "" is needed: domainName app.example.com is in several public hosted zones named example.com; give the id of the one to use; then: pulumi config set hostedZoneId <value>`}},
		"no zone": {domainConfig("domainName", "app.example.net"),
			[]string{`domainName: "app.example.net" is in no public hosted zone of this account`, "hostedZoneId"}},
		"a private zone": {domainConfig("domainName", "app.internal.example.com", "hostedZoneId", "Z0DBCA573EXAMPLE"),
			[]string{`hostedZoneId: "Z0DBCA573EXAMPLE" has its records in the private zone internal.example.com`}},
		"a zone without the name": {domainConfig("domainName", "app.example.org", "hostedZoneId", "Z00CAAF24EXAMPLE"),
			[]string{`hostedZoneId: "Z00CAAF24EXAMPLE" selects the zone example.com, which does not contain app.example.org`}},
		"with certificateArn": {domainConfig("domainName", "app.example.com", "certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"),
			[]string{`certificateArn: "arn:aws:acm:`, "is set with domainName"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := &awsmock.Mocks{}
			if name == "several zones" {
				m.HostedZones = append([]awsmock.HostedZone{{ID: "Z0SECONDEXAMPLE", Name: "example.com"}}, awsmock.DefaultHostedZones...)
			}
			r := runProgram(m, tc.cfg)
			if r.err == nil {
				t.Fatalf("program accepted %v", tc.cfg)
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

// TestProdWithDomainPassesELB1 runs the prod stack with a domainName: FSBP's
// ELB.1 passes (every HTTP listener redirects to HTTPS), and ELB.17 (the
// HTTPS listeners use the TLS 1.3 policy).
func TestProdWithDomainPassesELB1(t *testing.T) {
	t.Parallel()
	cfg := stackConfigMap(t, "prod")
	cfg[awsmock.Project+":domainName"] = "app.example.com"
	r := runProgram(&awsmock.Mocks{Stack: "prod"}, cfg)
	if r.err != nil {
		t.Fatal(r.err)
	}
	https := 0
	for _, l := range r.mocks.OfType("aws:lb/listener:Listener") {
		switch l.String("protocol") {
		case "HTTP":
			if l.String("defaultActions", "0", "type") != "redirect" || l.String("defaultActions", "0", "redirect", "protocol") != "HTTPS" {
				t.Errorf("ELB.1: HTTP listener %s does not redirect to HTTPS: %v", l.Name, l.Get("defaultActions"))
			}
		case "HTTPS":
			https++
			if l.String("sslPolicy") != "ELBSecurityPolicy-TLS13-1-2-2021-06" || !strings.HasPrefix(l.String("certificateArn"), "arn:aws:acm:") {
				t.Errorf("ELB.17: HTTPS listener %s: policy %q, certificate %q", l.Name, l.String("sslPolicy"), l.String("certificateArn"))
			}
		}
	}
	if https != 2 {
		t.Errorf("%d HTTPS listeners, want production and test", https)
	}
}
