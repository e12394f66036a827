package alb_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	typCert       = "aws:acm/certificate:Certificate"
	typValidation = "aws:acm/certificateValidation:CertificateValidation"
	typRecord     = "aws:route53/record:Record"
	// exampleZone is the id the mocks (and the offline engine) give the
	// public zone example.com.
	exampleZone = "Z00CAAF24EXAMPLE"
)

func domain(a *alb.LoadBalancerArgs) { a.DomainName = "app.example.com" }

func TestValidateDomain(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 60) + ".example.com"
	tests := map[string]struct {
		edit func(*alb.LoadBalancerArgs)
		want []problem
	}{
		"a name":          {edit: domain},
		"the zone's apex": {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "example.com" }},
		"a test name and a zone": {edit: func(a *alb.LoadBalancerArgs) {
			domain(a)
			a.TestDomainName = "test.example.com"
			a.HostedZoneID = exampleZone
		}},
		"a certificate ARN too":     {edit: func(a *alb.LoadBalancerArgs) { domain(a); https(a) }, want: []problem{{"CertificateARN", certARN, nil}}},
		"a wildcard":                {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "*.example.com" }, want: []problem{{"DomainName", "*.example.com", "app.example.com"}}},
		"a wildcard test name":      {edit: func(a *alb.LoadBalancerArgs) { domain(a); a.TestDomainName = "*.example.com" }, want: []problem{{"TestDomainName", "*.example.com", "app.example.com"}}},
		"capitals":                  {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "App.Example.com" }, want: []problem{{"DomainName", "App.Example.com", "app.example.com"}}},
		"the final dot":             {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "app.example.com." }, want: []problem{{"DomainName", "app.example.com.", "app.example.com"}}},
		"one label":                 {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "localhost" }, want: []problem{{"DomainName", "localhost", nil}}},
		"a URL":                     {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "https://app.example.com" }, want: []problem{{"DomainName", "https://app.example.com", nil}}},
		"a hyphen at a label's end": {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "app-.example.com" }, want: []problem{{"DomainName", "app-.example.com", nil}}},
		"a number for a TLD":        {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "10.0.0.1" }, want: []problem{{"DomainName", "10.0.0.1", nil}}},
		"longer than ACM takes":     {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = long }, want: []problem{{"DomainName", long, nil}}},
		"a test name alone":         {edit: func(a *alb.LoadBalancerArgs) { a.TestDomainName = "test.example.com" }, want: []problem{{"TestDomainName", "test.example.com", nil}}},
		"a zone alone":              {edit: func(a *alb.LoadBalancerArgs) { a.HostedZoneID = exampleZone }, want: []problem{{"HostedZoneID", exampleZone, nil}}},
		"not a zone id":             {edit: func(a *alb.LoadBalancerArgs) { domain(a); a.HostedZoneID = "example.com" }, want: []problem{{"HostedZoneID", "example.com", nil}}},
		"production port on 443":    {edit: func(a *alb.LoadBalancerArgs) { domain(a); a.ListenerPort = 443 }, want: []problem{{"ListenerPort", 443, 80}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, args(tc.edit).Validate())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

// runDomain runs the component under mocks that know zones (the defaults
// when nil).
func runDomain(t *testing.T, a *alb.LoadBalancerArgs, zones []awsmock.HostedZone) (result, error) {
	t.Helper()
	r := result{mocks: &awsmock.Mocks{HostedZones: zones}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		lb, err := alb.NewLoadBalancer(ctx, "web", a)
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.Output{"url": lb.URL, "testUrl": lb.TestURL, "certificate": lb.CertificateARN, "dns": lb.DNSName} {
			r.out[k] = awsmock.Watch(ctx, o)
		}
		return nil
	})
	return r, err
}

func TestNewLoadBalancerDomain(t *testing.T) {
	t.Parallel()
	r, err := runDomain(t, args(domain), nil)
	if err != nil {
		t.Fatal(err)
	}
	cert := named(t, r, typCert, "web-certificate")
	if m := in(cert); m["domainName"] != "app.example.com" || m["validationMethod"] != "DNS" || m["subjectAlternativeNames"] != nil {
		t.Errorf("certificate inputs = %v, want app.example.com validated by DNS, no other name", m)
	}
	record := named(t, r, typRecord, "web-certificate-dns")
	got := in(record)
	// The record's name and value are the certificate's validation option's.
	wantRecord := map[string]any{"zoneId": exampleZone, "type": "CNAME", "ttl": 60.0, "allowOverwrite": true,
		"name": got["name"], "records": got["records"]}
	if n, _ := got["name"].(string); !strings.HasSuffix(n, ".app.example.com.") || !strings.HasPrefix(n, "_") {
		t.Errorf("validation record name = %q, want the certificate's record for app.example.com", n)
	}
	if v, _ := got["records"].([]any); len(v) != 1 || !strings.HasSuffix(v[0].(string), ".acm-validations.aws.") {
		t.Errorf("validation record value = %v, want the certificate's", got["records"])
	}
	if diff := cmp.Diff(wantRecord, got); diff != "" {
		t.Errorf("validation record (-want +got):\n%s", diff)
	}
	validation := named(t, r, typValidation, "web-certificate-validation")
	if !validation.DependsOn(cert.URN) || !validation.DependsOn(record.URN) {
		t.Errorf("validation does not wait for the certificate and its record: %v", validation.Dependencies)
	}
	if validation.CreateTimeout != alb.CertificateValidationTimeout {
		t.Errorf("validation's create timeout = %q, want %q", validation.CreateTimeout, alb.CertificateValidationTimeout)
	}
	arn := r.out["certificate"].String()
	if !strings.HasPrefix(arn, "arn:aws:acm:us-east-1:123456789012:certificate/") {
		t.Errorf("CertificateARN = %q, want the requested certificate", arn)
	}
	// The listeners take the ARN from the validation: created after it,
	// deleted before the certificate.
	for _, name := range []string{"web-prod", "web-test"} {
		l := named(t, r, typListener, name)
		if m := in(l); m["certificateArn"] != arn || m["protocol"] != "HTTPS" {
			t.Errorf("%s = %v %v, want HTTPS with %s", name, m["protocol"], m["certificateArn"], arn)
		}
		if !l.DependsOn(validation.URN) {
			t.Errorf("%s does not depend on the certificate's validation: %v", name, l.Dependencies)
		}
	}
	if m := in(named(t, r, typListener, "web-redirect")); m["port"] != 80.0 {
		t.Errorf("redirect listener port = %v, want 80", m["port"])
	}
	alias := named(t, r, typRecord, "web-dns-a")
	wantAlias := map[string]any{"zoneId": exampleZone, "name": "app.example.com", "type": "A",
		"aliases": []any{map[string]any{"name": r.out["dns"].String(), "zoneId": "Z35SXDOTRQ7X7K", "evaluateTargetHealth": true}}}
	if diff := cmp.Diff(wantAlias, in(alias)); diff != "" {
		t.Errorf("alias record (-want +got):\n%s", diff)
	}
	if _, ok := r.mocks.Named(typRecord, "web-dns-aaaa"); ok {
		t.Error("an AAAA alias record points at an IPv4-only load balancer")
	}
	if got := r.mocks.CountByType()[typRecord]; got != 2 {
		t.Errorf("%d records, want the validation record and the alias", got)
	}
	if u, tu := r.out["url"].String(), r.out["testUrl"].String(); u != "https://app.example.com" || tu != "https://app.example.com:8080" {
		t.Errorf("URL, TestURL = %q, %q, want https://app.example.com and https://app.example.com:8080", u, tu)
	}
}

func TestNewLoadBalancerTestDomain(t *testing.T) {
	t.Parallel()
	r, err := runDomain(t, args(func(a *alb.LoadBalancerArgs) {
		a.DomainName = "app.dev.example.org"
		a.TestDomainName = "test.example.org"
		a.TestListenerPort = 8443
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := in(named(t, r, typCert, "web-certificate"))["subjectAlternativeNames"]; !cmp.Equal(got, []any{"test.example.org"}) {
		t.Errorf("certificate's other names = %v, want the test name", got)
	}
	zone := awsmock.DefaultHostedZones[1].ID // example.org
	for name, host := range map[string]string{"web-dns-a": "app.dev.example.org", "web-test-dns-a": "test.example.org"} {
		m := in(named(t, r, typRecord, name))
		if m["name"] != host || m["zoneId"] != zone {
			t.Errorf("%s = %v in %v, want %s in example.org's zone %s", name, m["name"], m["zoneId"], host, zone)
		}
	}
	test := in(named(t, r, typRecord, "web-certificate-dns-test"))
	if n, _ := test["name"].(string); !strings.HasSuffix(n, ".test.example.org.") || test["zoneId"] != zone {
		t.Errorf("test name's validation record = %v in %v, want test.example.org's in %s", n, test["zoneId"], zone)
	}
	validation := named(t, r, typValidation, "web-certificate-validation")
	if got := in(validation)["validationRecordFqdns"]; len(got.([]any)) != 2 {
		t.Errorf("validation waits for records %v, want both names'", got)
	}
	if tu := r.out["testUrl"].String(); tu != "https://test.example.org:8443" {
		t.Errorf("TestURL = %q, want https://test.example.org:8443", tu)
	}
}

// TestNewLoadBalancerZoneRules checks the rules that need the account's
// zones: each is refused before anything is registered, naming the field.
func TestNewLoadBalancerZoneRules(t *testing.T) {
	t.Parallel()
	twice := append([]awsmock.HostedZone{{ID: "Z0SECONDEXAMPLE", Name: "example.com"}}, awsmock.DefaultHostedZones...)
	tests := map[string]struct {
		edit  func(*alb.LoadBalancerArgs)
		zones []awsmock.HostedZone
		want  string
	}{
		"no zone": {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "app.example.net" },
			want: `DomainName "app.example.net" is in no public hosted zone of this account (looked for app.example.net, example.net)`},
		"several zones": {edit: domain, zones: twice,
			want: `HostedZoneID "" is needed: DomainName app.example.com is in several public hosted zones named example.com; give the id of the one to use`},
		"a private zone": {edit: func(a *alb.LoadBalancerArgs) {
			a.DomainName = "app.internal.example.com"
			a.HostedZoneID = "Z0DBCA573EXAMPLE"
		},
			want: `HostedZoneID "Z0DBCA573EXAMPLE" has its records in the private zone internal.example.com`},
		"a zone without the name": {edit: func(a *alb.LoadBalancerArgs) { a.DomainName = "app.example.org"; a.HostedZoneID = exampleZone },
			want: `HostedZoneID "Z00CAAF24EXAMPLE" selects the zone example.com, which does not contain app.example.org`},
		"a test name in another zone": {edit: func(a *alb.LoadBalancerArgs) { domain(a); a.TestDomainName = "test.example.org" },
			want: `DomainName "app.example.com" selects the zone example.com, which does not contain test.example.org`},
		"no such zone": {edit: func(a *alb.LoadBalancerArgs) { domain(a); a.HostedZoneID = "Z0NOSUCHZONE" },
			want: `HostedZoneID "Z0NOSUCHZONE" is no hosted zone of this account`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := runDomain(t, args(tc.edit), tc.zones)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewLoadBalancer error = %v, want %q", err, tc.want)
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewLoadBalancer registered %d resources before failing, want 0", n)
			}
		})
	}
	t.Run("the closest public zone", func(t *testing.T) {
		t.Parallel()
		// internal.example.com is private: the name's public zone is example.com.
		r, err := runDomain(t, args(func(a *alb.LoadBalancerArgs) { a.DomainName = "app.internal.example.com" }), nil)
		if err != nil {
			t.Fatal(err)
		}
		if z := in(named(t, r, typRecord, "web-dns-a"))["zoneId"]; z != exampleZone {
			t.Errorf("alias record in zone %v, want example.com's %s", z, exampleZone)
		}
	})
}

func TestAliasRecordTypes(t *testing.T) {
	t.Parallel()
	for typ, want := range map[string][]string{"ipv4": {"A"}, "dualstack": {"A", "AAAA"}, "dualstack-without-public-ipv4": {"A", "AAAA"}} {
		if got := alb.AliasRecordTypes(typ); !cmp.Equal(got, want) {
			t.Errorf("aliasRecordTypes(%q) = %v, want %v", typ, got, want)
		}
	}
}

// TestLoadBalancerDomainChildNamesAreStable pins the names of the children
// DomainName adds. A change here replaces the certificate and the records
// in every deployed stack: keep the names, or add aliases.
func TestLoadBalancerDomainChildNamesAreStable(t *testing.T) {
	t.Parallel()
	r, err := runDomain(t, args(func(a *alb.LoadBalancerArgs) { domain(a); a.TestDomainName = "test.example.com" }), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.mocks.Shape() {
		if strings.HasPrefix(s, "aws:acm/") || strings.HasPrefix(s, "aws:route53/") {
			got = append(got, s)
		}
	}
	want := []string{
		"aws:acm/certificate:Certificate web-certificate",
		"aws:acm/certificateValidation:CertificateValidation web-certificate-validation",
		"aws:route53/record:Record web-certificate-dns",
		"aws:route53/record:Record web-certificate-dns-test",
		"aws:route53/record:Record web-dns-a",
		"aws:route53/record:Record web-test-dns-a",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
}

// A load balancer at its own name: the component requests and validates
// the certificate in the name's public zone, points the name at itself,
// and serves HTTPS there.
func ExampleLoadBalancerArgs_domainName() {
	var url *awsmock.Value
	program := func(ctx *pulumi.Context) error {
		lb, err := alb.NewLoadBalancer(ctx, "web", &alb.LoadBalancerArgs{
			VPCID:      pulumi.String("vpc-0123456789abcdef0"),
			VPCCIDR:    "10.0.0.0/16",
			SubnetIDs:  pulumi.ToStringArray([]string{"subnet-0a", "subnet-0b"}),
			DomainName: "app.example.com", // its zone, example.com, is found
		})
		if err != nil {
			return err
		}
		url = awsmock.Watch(ctx, lb.URL)
		return nil
	}
	if err := awsmock.Run(&awsmock.Mocks{}, nil, program); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(url.String())
	// Output: https://app.example.com
}
