package release

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// Domain is what Verify reads of a stack with a domainName: its
// certificate's status and where the name's A records point.
type Domain struct {
	// Name, HostedZoneID and CertificateARN are the stack's outputs;
	// LoadBalancerDNSName is the load balancer's name they should point at.
	Name, HostedZoneID, CertificateARN, LoadBalancerDNSName string
	// CertificateStatus is ACM's status of the certificate (ISSUED,
	// PENDING_VALIDATION, ...); "" when it does not exist.
	CertificateStatus string
	// AliasTargets are the DNS names the name's A alias records point at,
	// as Route 53 holds them; Targets are the values of plain A records.
	AliasTargets, Targets []string
}

// readDomain reads the certificate and the name's A records, when the
// outputs name a domain.
func (r *Releaser) readDomain(ctx context.Context, o Outputs) (Domain, error) {
	d := Domain{Name: o.DomainName, HostedZoneID: o.HostedZoneID, CertificateARN: o.CertificateARN, LoadBalancerDNSName: o.LoadBalancerDNSName}
	if d.Name == "" {
		return d, nil
	}
	if d.CertificateARN != "" {
		cert, err := r.Clients.ACM.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(d.CertificateARN)})
		switch {
		case apiErrorCode(err) == "ResourceNotFoundException":
		case err != nil:
			return d, fmt.Errorf("acm: describing certificate %s: %w", d.CertificateARN, err)
		case cert.Certificate != nil:
			d.CertificateStatus = string(cert.Certificate.Status)
		}
	}
	if d.HostedZoneID == "" {
		return d, nil
	}
	records, err := r.Clients.Route53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{
		HostedZoneId: aws.String(d.HostedZoneID), StartRecordName: aws.String(d.Name), StartRecordType: r53types.RRTypeA, MaxItems: aws.Int32(1),
	})
	if apiErrorCode(err) == "NoSuchHostedZone" {
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("route53: listing the records of %s in %s: %w", d.Name, d.HostedZoneID, err)
	}
	for _, rr := range records.ResourceRecordSets {
		if !sameName(aws.ToString(rr.Name), d.Name) || rr.Type != r53types.RRTypeA {
			continue
		}
		if rr.AliasTarget != nil {
			d.AliasTargets = append(d.AliasTargets, aws.ToString(rr.AliasTarget.DNSName))
		}
		for _, v := range rr.ResourceRecords {
			d.Targets = append(d.Targets, aws.ToString(v.Value))
		}
	}
	return d, nil
}

// sameName says whether two DNS names are one: case and the final dot
// aside, and Route 53's "dualstack." prefix of alias targets.
func sameName(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(s), "."), "dualstack.")
	}
	return norm(a) == norm(b)
}

// checkDomain judges a domainName: its certificate is issued, and its A
// record is an alias of this load balancer.
func checkDomain(w Wiring) Check {
	d := w.Domain
	var problems, fixes []string
	switch d.CertificateStatus {
	case "ISSUED":
	case "":
		problems = append(problems, fmt.Sprintf("certificate %s of %s does not exist", orNone(d.CertificateARN), d.Name))
		fixes = append(fixes, "pulumi up requests and validates it again")
	default:
		problems = append(problems, fmt.Sprintf("certificate %s of %s is %s, not ISSUED", d.CertificateARN, d.Name, d.CertificateStatus))
		fixes = append(fixes, fmt.Sprintf("check that the validation records are in zone %s and that the domain's registrar delegates to that zone's name servers (aws route53 get-hosted-zone --id %s), then pulumi up", d.HostedZoneID, d.HostedZoneID))
	}
	pointed := false
	for _, t := range d.AliasTargets {
		pointed = pointed || sameName(t, d.LoadBalancerDNSName)
	}
	if !pointed {
		where := "has no A record"
		if len(d.AliasTargets)+len(d.Targets) > 0 {
			where = "points at " + strings.Join(append(d.AliasTargets, d.Targets...), ", ")
		}
		problems = append(problems, fmt.Sprintf("%s %s in zone %s, not at the load balancer %s", d.Name, where, orNone(d.HostedZoneID), orNone(d.LoadBalancerDNSName)))
		fixes = append(fixes, "pulumi up restores the alias record")
	}
	if len(problems) > 0 {
		return failed(CheckDomain, strings.Join(dedupe(fixes), "; "), problems...)
	}
	return ok(CheckDomain, fmt.Sprintf("%s points at the load balancer, with certificate %s issued", d.Name, shortARN(d.CertificateARN)))
}
