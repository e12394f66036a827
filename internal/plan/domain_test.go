package plan

import (
	"slices"
	"strings"
	"testing"
)

// domainStack is archStack's load balancer at its own name, as
// alb.LoadBalancerArgs.DomainName registers it: a certificate validated by
// a record in the zone, the listeners on it, and an alias record.
func domainStack() []Resource {
	s := &stack{}
	vpc := s.add(typeVPC, "vpc", inputs(map[string]any{"cidrBlock": "10.0.0.0/16"}))
	igw := s.add(typeInternetGateway, "vpc-igw", deps(vpc))
	pub := s.add(typeSubnet, "vpc-public-0", deps(vpc), id("subnet-pub"), inputs(map[string]any{"availabilityZone": "zz-1a", "cidrBlock": "10.0.128.0/20"}))
	lb := s.add(typeLoadBalancer, "web", deps(pub, igw), inputs(map[string]any{"internal": false, "subnets": []any{"subnet-pub"}}), outputs(map[string]any{"arn": "arn:lb"}))
	cert := s.add(typeCertificate, "web-certificate", id("arn:cert"), inputs(map[string]any{"domainName": "app.example.com", "subjectAlternativeNames": []any{"test.example.com"}}))
	record := s.add(typeRecord, "web-certificate-dns", deps(cert), inputs(map[string]any{"zoneId": "Z00CAAF24EXAMPLE", "name": "_x.app.example.com.", "type": "CNAME"}))
	validation := s.add(typeCertValidation, "web-certificate-validation", deps(cert, record), id("arn:cert"), inputs(map[string]any{"certificateArn": "arn:cert"}))
	for _, name := range []string{"web-prod", "web-test"} {
		s.add(typeListener, name, deps(lb, validation), inputs(map[string]any{"loadBalancerArn": "arn:lb", "port": 443.0, "protocol": "HTTPS", "certificateArn": "arn:cert",
			"defaultActions": []any{map[string]any{"type": "forward"}}}))
	}
	s.add(typeRecord, "web-dns-a", deps(lb), inputs(map[string]any{"zoneId": "Z00CAAF24EXAMPLE", "name": "app.example.com", "type": "A"}))
	return s.rs
}

func TestMermaidDomain(t *testing.T) {
	t.Parallel()
	got, err := Mermaid(domainStack())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`  cert_web_certificate["ACM certificate web-certificate<br/>app.example.com, test.example.com · validated by DNS"]`,
		`  hz_Z00CAAF24EXAMPLE[("Route 53 hosted zone Z00CAAF24EXAMPLE<br/>the account's")]`,
		`  dns_web_dns_a["record web-dns-a<br/>A alias app.example.com"]`,
		`  l_web_prod -.-> cert_web_certificate`,
		`  l_web_test -.-> cert_web_certificate`,
		`  cert_web_certificate -. validation record .-> hz_Z00CAAF24EXAMPLE`,
		`  hz_Z00CAAF24EXAMPLE -.- dns_web_dns_a`,
		`  dns_web_dns_a --> lb_web`,
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("Mermaid lacks %q:\n%s", want, got)
		}
	}
	for _, once := range []string{"cert_web_certificate[", "hz_Z00CAAF24EXAMPLE["} {
		if n := strings.Count(got, once); n != 1 {
			t.Errorf("Mermaid draws %s %d times, want once:\n%s", once, n, got)
		}
	}
}

func TestCriticalPathWaitsForTheCertificate(t *testing.T) {
	t.Parallel()
	cp, err := ComputeCriticalPath(domainStack(), CreateSeconds)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(stepNames(cp), "web-certificate-validation") {
		t.Errorf("critical path %v lacks the certificate's validation (%d s)", stepNames(cp), CreateSeconds[typeCertValidation])
	}
	if len(cp.AssumedTypes) != 0 {
		t.Errorf("assumed create times for %v", cp.AssumedTypes)
	}
}

func TestEstimateCostDomain(t *testing.T) {
	t.Parallel()
	c, err := EstimateCost(domainStack(), Prices, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Unknown {
		if strings.Contains(u, "certificate") || strings.Contains(u, "dns") {
			t.Errorf("unpriced: %s", u)
		}
	}
	if !slices.ContainsFunc(c.NotIncluded, func(s string) bool {
		return strings.HasPrefix(s, "Route 53: the hosted zone ($0.50 a month) is the account's") && strings.Contains(s, "alias queries to the load balancer are free")
	}) {
		t.Errorf("not included %v lacks Route 53's zone and queries", c.NotIncluded)
	}
	if slices.ContainsFunc(c.NotIncluded, func(s string) bool {
		return strings.Contains(s, "types without a cost model") && strings.Contains(s, "acm")
	}) {
		t.Errorf("ACM or Route 53 types have no cost model: %v", c.NotIncluded)
	}
}
