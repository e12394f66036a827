package alb

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

func TestNamePrefix(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name, suffix, fallback string
		limit                  int
		want                   string
	}{
		"short name":              {"web", "-", "lb-", 6, "web-"},
		"cut to the limit":        {"frontend", "-", "lb-", 6, "front-"},
		"no hyphen before suffix": {"abcd-ef", "-", "lb-", 6, "abcd-"},
		"lowercased":              {"Web", "-", "lb-", 6, "web-"},
		"odd characters collapse": {"a__b", "-", "lb-", 6, "a-b-"},
		"no leading hyphen":       {"_x", "-", "lb-", 6, "x-"},
		"nothing usable":          {"___", "-", "lb-", 6, "lb-"},
		"bucket prefix":           {"My_Service.Prod", "-alb-logs-", "alb-logs-", 37, "my-service-prod-alb-logs-"},
		"long bucket prefix":      {strings.Repeat("x", 60), "-alb-logs-", "alb-logs-", 37, strings.Repeat("x", 27) + "-alb-logs-"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := namePrefix(tc.name, tc.suffix, tc.fallback, tc.limit); got != tc.want {
				t.Errorf("namePrefix(%q, %q, %q, %d) = %q, want %q", tc.name, tc.suffix, tc.fallback, tc.limit, got, tc.want)
			}
		})
	}
}

// TestNamePrefixLaws checks, for many names, what AWS requires of the
// physical names built from the prefixes: the prefix plus AWS's 26-character
// id fits the limit, and it starts with a letter or digit.
func TestNamePrefixLaws(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-$`)
	names := []string{"a", "web", "web-prod", "sg", "-x-", "Ünïcode-名前", "a.b.c", strings.Repeat("long-name-", 10), "9lives", "x--y"}
	for _, n := range names {
		for _, c := range []struct {
			suffix, fallback string
			limit            int
		}{{"-", "lb-", maxNamePrefix}, {"-alb-logs-", "alb-logs-", maxBucketPrefix}} {
			got := namePrefix(n, c.suffix, c.fallback, c.limit)
			if len(got) > c.limit || !valid.MatchString(got) || !strings.HasSuffix(got, c.suffix) && got != c.fallback {
				t.Errorf("namePrefix(%q, %q) = %q: want at most %d of [a-z0-9-], no leading or double hyphen, ending in %q", n, c.suffix, got, c.limit, c.suffix)
			}
		}
	}
	for _, p := range []string{bluePrefix, greenPrefix} {
		if len(p) > maxNamePrefix || !valid.MatchString(p) {
			t.Errorf("target group prefix %q: want at most %d of [a-z0-9-]", p, maxNamePrefix)
		}
	}
}

func TestListenerURL(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme string
		port   int
		want   string
	}{
		"http default":   {"http", 80, "http://lb.example"},
		"http other":     {"http", 8080, "http://lb.example:8080"},
		"https default":  {"https", 443, "https://lb.example"},
		"https other":    {"https", 8443, "https://lb.example:8443"},
		"https on 80":    {"https", 80, "https://lb.example:80"},
		"http on 443":    {"http", 443, "http://lb.example:443"},
		"http high port": {"http", 65535, "http://lb.example:65535"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := listenerURL(tc.scheme, "lb.example", tc.port); got != tc.want {
				t.Errorf("listenerURL(%q, lb.example, %d) = %q, want %q", tc.scheme, tc.port, got, tc.want)
			}
		})
	}
}

func TestPlanRules(t *testing.T) {
	t.Parallel()
	got := planRules(
		[]listenerPort{{80, "redirect"}, {443, "https"}}, []string{"0.0.0.0/0", "198.51.100.0/24"},
		listenerPort{8443, "test"}, []string{"10.0.0.0/16"}, "10.0.0.0/16")
	want := []ruleSpec{
		{Suffix: "-in-80-0.0.0.0-0", FromPort: 80, ToPort: 80, CIDR: "0.0.0.0/0", Description: "redirect from 0.0.0.0/0"},
		{Suffix: "-in-80-198.51.100.0-24", FromPort: 80, ToPort: 80, CIDR: "198.51.100.0/24", Description: "redirect from 198.51.100.0/24"},
		{Suffix: "-in-443-0.0.0.0-0", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0", Description: "https from 0.0.0.0/0"},
		{Suffix: "-in-443-198.51.100.0-24", FromPort: 443, ToPort: 443, CIDR: "198.51.100.0/24", Description: "https from 198.51.100.0/24"},
		{Suffix: "-in-8443-10.0.0.0-16", FromPort: 8443, ToPort: 8443, CIDR: "10.0.0.0/16", Description: "test from 10.0.0.0/16"},
		{Suffix: "-out-32768-65535-10.0.0.0-16", Egress: true, FromPort: 32768, ToPort: 65535, CIDR: "10.0.0.0/16", Description: "to bridge-mode task host ports in the VPC"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("planRules mismatch (-want +got):\n%s", diff)
	}
}

// TestPlanRulesNamesFollowContent checks that a rule's name depends on its
// content only: reordering a list keeps every name, so nothing is replaced.
func TestPlanRulesNamesFollowContent(t *testing.T) {
	t.Parallel()
	names := func(cidrs []string) []string {
		var out []string
		for _, r := range planRules([]listenerPort{{80, "p"}}, cidrs, listenerPort{8080, "t"}, cidrs, "10.0.0.0/16") {
			out = append(out, r.Suffix)
		}
		slices.Sort(out)
		return out
	}
	a := names([]string{"0.0.0.0/0", "192.0.2.0/24", "198.51.100.0/24"})
	b := names([]string{"198.51.100.0/24", "0.0.0.0/0", "192.0.2.0/24"})
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("reordering CIDRs renames rules (-before +after):\n%s", diff)
	}
	if len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Errorf("rule names are not unique: %v", a)
	}
}

func TestCheckMatcher(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want string // a fragment of the problem; "" when valid
	}{
		"one code":      {"200", ""},
		"list":          {"200,202", ""},
		"range":         {"200-399", ""},
		"list of mixed": {"200,300-399", ""},
		"top":           {"499", ""},
		"empty":         {"", "is empty"},
		"below 200":     {"100", `has "100"`},
		"500":           {"200-500", `has "500"`},
		"not a number":  {"ok", `has "ok"`},
		"backwards":     {"399-200", "has the range 399-200 backwards"},
		"trailing":      {"200,", `has ""`},
		"plus sign":     {"+200", `has "+200"`},
		"four digits":   {"0200", `has "0200"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var errs argcheck.List
			checkMatcher(&errs, tc.in)
			got := argcheck.Errors(errs.Err())
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("checkMatcher(%q) = %v, want no problem", tc.in, errs.Err())
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("checkMatcher(%q) = %v, want one problem", tc.in, errs.Err())
			}
			want := &FieldError{Field: "HealthCheckMatcher", Value: tc.in, Fix: DefaultHealthCheckMatcher}
			if e := got[0]; e.Field != want.Field || e.Value != want.Value || e.Fix != want.Fix || !strings.Contains(e.Problem, tc.want) {
				t.Errorf("checkMatcher(%q) = %+v, want %+v with a problem containing %q", tc.in, e, want, tc.want)
			}
		})
	}
}

func TestCheckCIDRList(t *testing.T) {
	t.Parallel()
	const why = "because"
	type problem struct {
		Field   string
		Value   any
		Fix     any
		Message string // the whole error, fields marked <Field> as Render names them
	}
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	tests := map[string]struct {
		list    []string
		minBits int
		taken   map[netip.Prefix]string
		want    []problem
	}{
		"valid":      {list: []string{"10.0.0.0/16", "0.0.0.0/0"}},
		"not a cidr": {list: []string{"10.0.0.0"}, want: []problem{{"F[0]", "10.0.0.0", nil, `<F[0]> "10.0.0.0" is not an IPv4 CIDR block: write address/bits, e.g. 203.0.113.0/24`}}},
		"ipv6":       {list: []string{"::/0"}, want: []problem{{"F[0]", "::/0", nil, `<F[0]> "::/0" is IPv6: the load balancer has IPv4 addresses only, give an IPv4 block`}}},
		"host bits":  {list: []string{"10.0.0.1/16"}, want: []problem{{"F[0]", "10.0.0.1/16", "10.0.0.0/16", `<F[0]> "10.0.0.1/16" has host bits set: write 10.0.0.0/16`}}},
		"duplicate": {list: []string{"10.0.0.0/16", "192.0.2.0/24", "10.0.0.0/16"},
			want: []problem{{"F[2]", "10.0.0.0/16", nil, `<F[2]> "10.0.0.0/16" is also <F[0]>: list each block once`}}},
		"whole internet": {list: []string{"0.0.0.0/0"}, minBits: 8,
			want: []problem{{"F[0]", "0.0.0.0/0", nil, `<F[0]> "0.0.0.0/0" admits the whole internet: because`}}},
		"wider than /8": {list: []string{"0.0.0.0/7"}, minBits: 8,
			want: []problem{{"F[0]", "0.0.0.0/7", nil, `<F[0]> "0.0.0.0/7" is wider than /8: because`}}},
		"exactly /8": {list: []string{"10.0.0.0/8"}, minBits: 8},
		"taken block": {list: []string{"192.0.2.0/24", "10.0.0.0/16"}, taken: map[netip.Prefix]string{vpc: "the VPC's block ({VPCCIDR})"},
			want: []problem{{"F[1]", "10.0.0.0/16", nil, `<F[1]> "10.0.0.0/16" is the VPC's block (<VPCCIDR>), which is admitted anyway: remove it`}}},
		"inside a taken block is fine": {list: []string{"10.0.1.0/24"}, taken: map[netip.Prefix]string{vpc: "the VPC's block"}},
		"every error": {list: []string{"x", "0.0.0.0/0", "::/0"}, minBits: 8, want: []problem{
			{"F[0]", "x", nil, `<F[0]> "x" is not an IPv4 CIDR block: write address/bits, e.g. 203.0.113.0/24`},
			{"F[1]", "0.0.0.0/0", nil, `<F[1]> "0.0.0.0/0" admits the whole internet: because`},
			{"F[2]", "::/0", nil, `<F[2]> "::/0" is IPv6: the load balancer has IPv4 addresses only, give an IPv4 block`},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var errs argcheck.List
			checkCIDRList(&errs, "F", tc.list, tc.minBits, why, tc.taken)
			var got []problem
			for _, e := range argcheck.Errors(errs.Err()) {
				got = append(got, problem{e.Field, e.Value, e.Fix, e.Render(func(f string) string { return "<" + f + ">" })})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("checkCIDRList(%q) problems (-want +got):\n%s", tc.list, diff)
			}
		})
	}
}

func TestCertificateARN(t *testing.T) {
	t.Parallel()
	for arn, want := range map[string]bool{
		"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012":       true,
		"arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/12345678-1234-1234-1234-1234567": true,
		"arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc":                                    true,
		"arn:aws:iam::123456789012:server-certificate/web":                                          false,
		"arn:aws:acm:us-east-1:1234:certificate/abc":                                                false,
		"12345678-1234-1234-1234-123456789012":                                                      false,
		"arn:aws:acm:us-east-1:123456789012:certificate/":                                           false,
	} {
		if got := certificateARN.MatchString(arn); got != want {
			t.Errorf("certificateARN.MatchString(%q) = %v, want %v", arn, got, want)
		}
	}
}

func TestLogWriter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		partition, region string
		want              iampolicy.Principal
	}{
		"us-east-1":      {"aws", "us-east-1", iampolicy.Principal{AWS: []string{"arn:aws:iam::127311923021:root"}}},
		"seoul":          {"aws", "ap-northeast-2", iampolicy.Principal{AWS: []string{"arn:aws:iam::600734575887:root"}}},
		"govcloud":       {"aws-us-gov", "us-gov-west-1", iampolicy.Principal{AWS: []string{"arn:aws-us-gov:iam::048591011584:root"}}},
		"china":          {"aws-cn", "cn-north-1", iampolicy.Principal{AWS: []string{"arn:aws-cn:iam::638102146993:root"}}},
		"opened in 2022": {"aws", "eu-central-2", iampolicy.Principal{Service: []string{"logdelivery.elasticloadbalancing.amazonaws.com"}}},
		"opened later":   {"aws", "ap-southeast-7", iampolicy.Principal{Service: []string{"logdelivery.elasticloadbalancing.amazonaws.com"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, logWriter(tc.partition, tc.region)); diff != "" {
				t.Errorf("logWriter(%s, %s) (-want +got):\n%s", tc.partition, tc.region, diff)
			}
		})
	}
}

func TestELBAccountsTable(t *testing.T) {
	t.Parallel()
	account := regexp.MustCompile(`^[0-9]{12}$`)
	region := regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`)
	seen := map[string]string{}
	for r, a := range elbAccounts {
		if !region.MatchString(r) || !account.MatchString(a) {
			t.Errorf("elbAccounts[%q] = %q: want a region name and a 12-digit account", r, a)
		}
		if other, dup := seen[a]; dup {
			t.Errorf("elbAccounts: %s and %s share account %s", r, other, a)
		}
		seen[a] = r
	}
	if n := len(elbAccounts); n != 26 {
		t.Errorf("elbAccounts has %d regions, want the 26 AWS lists", n)
	}
}

func TestAccessLogsPolicy(t *testing.T) {
	t.Parallel()
	const bucket = "arn:aws:s3:::logs-1"
	doc, err := iampolicy.Parse(accessLogsPolicy("aws", "us-east-1", "111122223333", bucket, "alb"))
	if err != nil {
		t.Fatal(err)
	}
	want := iampolicy.New(
		iampolicy.Statement{
			Sid:       "AllowLoadBalancerLogDelivery",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{AWS: []string{"arn:aws:iam::127311923021:root"}},
			Action:    []string{"s3:PutObject"},
			Resource:  []string{"arn:aws:s3:::logs-1/alb/AWSLogs/111122223333/*"},
		},
		iampolicy.Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: &iampolicy.Principal{AWS: []string{"*"}},
			Action:    []string{"s3:*"},
			Resource:  []string{bucket, bucket + "/*"},
			Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
		},
	)
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("accessLogsPolicy (-want +got):\n%s", diff)
	}
}
