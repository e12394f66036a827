package alb

import (
	"regexp"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
)

// maxCertificateDomainName is the longest name ACM takes as a certificate's
// domain name (its subject's common name): 64 characters.
const maxCertificateDomainName = 64

// maxDNSName is the longest DNS name, without the final dot.
const maxDNSName = 253

// dnsLabel is one label of a host name as ACM and Route 53 take it:
// lowercase letters, digits and hyphens, not at either end, 1 to 63
// characters.
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// hostedZoneID is what a Route 53 hosted zone's id looks like.
var hostedZoneID = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// Zone is a Route 53 hosted zone, as FindZone answers it.
type Zone struct {
	// ID is the zone's id, e.g. "Z00CAAF24EXAMPLE".
	ID string
	// Name is the zone's name without the final dot, e.g. "example.com".
	Name string
	// Private says whether the zone is private to VPCs.
	Private bool
}

// hasDomain says whether the component creates its own certificate and
// records for DomainName.
func (args LoadBalancerArgs) hasDomain() bool { return args.DomainName != "" }

// testDomainName is the test listener's name: TestDomainName, else
// DomainName.
func (args LoadBalancerArgs) testDomainName() string {
	if args.TestDomainName != "" {
		return args.TestDomainName
	}
	return args.DomainName
}

// domainNames are the names the certificate covers: DomainName, and
// TestDomainName when it differs.
func (args LoadBalancerArgs) domainNames() []string {
	if !args.hasDomain() {
		return nil
	}
	if t := args.testDomainName(); t != args.DomainName {
		return []string{args.DomainName, t}
	}
	return []string{args.DomainName}
}

// checkDomain reports the problems of DomainName, TestDomainName and
// HostedZoneID that need no lookup.
func (args LoadBalancerArgs) checkDomain(errs *argcheck.List) {
	if !args.hasDomain() {
		if args.TestDomainName != "" {
			errs.Add("TestDomainName", args.TestDomainName, nil,
				"is set without {DomainName}: the test listener's name is one more name on the certificate of DomainName; set DomainName too, or remove TestDomainName")
		}
		if args.HostedZoneID != "" {
			errs.Add("HostedZoneID", args.HostedZoneID, nil,
				"is set without {DomainName}: the zone holds DomainName's records; set DomainName too, or remove HostedZoneID")
		}
		return
	}
	if args.CertificateARN != "" {
		errs.Add("CertificateARN", args.CertificateARN, nil,
			"is set with {DomainName}: DomainName creates and validates its own certificate; remove one (CertificateARN is for a certificate managed elsewhere)")
	}
	checkHostName(errs, "DomainName", args.DomainName, maxCertificateDomainName)
	if args.TestDomainName != "" {
		checkHostName(errs, "TestDomainName", args.TestDomainName, maxDNSName)
	}
	if id := args.HostedZoneID; id != "" && !hostedZoneID.MatchString(id) {
		errs.Add("HostedZoneID", id, nil,
			"is not a Route 53 hosted zone id (Z followed by capital letters and digits, e.g. Z00CAAF24EXAMPLE): copy it from `aws route53 list-hosted-zones-by-name`, or remove it to find the zone from the name")
	}
}

// checkHostName reports a name that cannot be a certificate's and an alias
// record's name: one host name, at most max characters.
func checkHostName(errs *argcheck.List, field, name string, maxLen int) {
	fix := strings.ToLower(strings.TrimSuffix(name, "."))
	switch {
	case strings.HasPrefix(name, "*."):
		errs.Add(field, name, "app."+strings.TrimPrefix(name, "*."),
			"is a wildcard: the service needs one name, which its alias record and URL carry; give that name")
		return
	case fix != name && dnsName(fix):
		errs.Add(field, name, fix, "is not written as ACM and Route 53 take a name: lowercase, without the final dot")
		return
	case !dnsName(name):
		errs.Add(field, name, nil,
			"is not a DNS host name: give labels of letters, digits and hyphens (not at either end), 1 to 63 characters each, joined by dots, e.g. app.example.com")
		return
	}
	if len(name) > maxLen {
		errs.Add(field, name, nil, "has %d characters: ACM takes at most %d; use a shorter name", len(name), maxLen)
	}
}

// dnsName says whether name is a host name of at least two lowercase
// labels whose last is not a number.
func dnsName(name string) bool {
	labels := strings.Split(name, ".")
	if len(name) > maxDNSName || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !dnsLabel.MatchString(l) {
			return false
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// zoneContains says whether a zone named zone holds the name name.
func zoneContains(zone, name string) bool {
	return name == zone || strings.HasSuffix(name, "."+zone)
}

// checkZone reports a zone that cannot hold the records of DomainName and
// TestDomainName: private, or not containing them. field names the setting
// that chose the zone.
func (args LoadBalancerArgs) checkZone(z Zone, field string) error {
	var errs argcheck.List
	value := any(z.ID)
	if field == "DomainName" {
		value = args.DomainName
	}
	if z.Private {
		errs.Add(field, value, nil,
			"has its records in the private zone %s (%s): the internet resolves names through a public zone; give a public hosted zone's id in {HostedZoneID}", z.Name, z.ID)
		return errs.Err()
	}
	for _, n := range args.domainNames() {
		if !zoneContains(z.Name, n) {
			errs.Add(field, value, nil,
				"selects the zone %s, which does not contain %s: give names of one public zone and, in {HostedZoneID}, that zone's id (for %s, a zone named %s or a parent of it)", z.Name, n, n, n)
		}
	}
	return errs.Err()
}

// parentName is name without its first label.
func parentName(name string) string {
	_, parent, _ := strings.Cut(name, ".")
	return parent
}

// zoneCandidates are the zone names that may hold name, the most specific
// first: name itself and each parent with at least two labels.
func zoneCandidates(name string) []string {
	var out []string
	for n := name; strings.Contains(n, "."); n = parentName(n) {
		out = append(out, n)
	}
	return out
}

// aliasRecordTypes are the alias records that point a name at a load
// balancer of the IP address type ipAddressType: A, and AAAA only when it
// is dual-stack (an AAAA alias to an IPv4-only load balancer answers
// nothing).
func aliasRecordTypes(ipAddressType string) []string {
	if ipAddressType == "dualstack" || ipAddressType == "dualstack-without-public-ipv4" {
		return []string{"A", "AAAA"}
	}
	return []string{"A"}
}
