package alb

import (
	"fmt"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	awsacm "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	awslb "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	awsroute53 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CertificateValidationTimeout is how long `pulumi up` waits for ACM to
// validate DomainName's certificate through its DNS records. ACM checks
// them within minutes once the zone answers for the name; when it does not
// (the registrar delegates the domain to other name servers), the wait
// ends with an error after this time.
const CertificateValidationTimeout = "30m"

// The provider's answers to a zone lookup that finds no zone, or several.
const (
	zoneNotFound = "no matching Route 53 Hosted Zone found"
	zoneSeveral  = "multiple Route 53 Hosted Zones matched"
)

// FindZone returns the public Route 53 hosted zone that holds the records
// of DomainName (and TestDomainName): HostedZoneID's, or without it the
// account's one public zone of the name or its closest parent. It reports
// as *FieldError a zone that is private, does not contain the names, does
// not exist, or is not one, and answers Zone{} without DomainName.
// NewLoadBalancer calls it before it registers anything; a caller may call
// it earlier, before it creates anything else.
func (args LoadBalancerArgs) FindZone(ctx *pulumi.Context) (Zone, error) {
	if !args.hasDomain() {
		return Zone{}, nil
	}
	var errs argcheck.List
	if id := args.HostedZoneID; id != "" {
		r, err := awsroute53.LookupZone(ctx, &awsroute53.LookupZoneArgs{ZoneId: &id})
		if err != nil && strings.Contains(err.Error(), zoneNotFound) {
			errs.Add("HostedZoneID", id, nil,
				"is no hosted zone of this account: give the id of the public zone that holds {DomainName} (aws route53 list-hosted-zones-by-name), or remove it to find the zone from the name")
			return Zone{}, errs.Err()
		}
		if err != nil {
			return Zone{}, fmt.Errorf("looking up hosted zone %s: %w", id, err)
		}
		z := zoneOf(r)
		return z, args.checkZone(z, "HostedZoneID")
	}
	public := false
	candidates := zoneCandidates(args.DomainName)
	for _, n := range candidates {
		r, err := awsroute53.LookupZone(ctx, &awsroute53.LookupZoneArgs{Name: &n, PrivateZone: &public})
		switch {
		case err == nil:
			z := zoneOf(r)
			return z, args.checkZone(z, "DomainName")
		case strings.Contains(err.Error(), zoneSeveral):
			errs.Add("HostedZoneID", "", nil,
				"is needed: {DomainName} %s is in several public hosted zones named %s; give the id of the one to use", args.DomainName, n)
			return Zone{}, errs.Err()
		case !strings.Contains(err.Error(), zoneNotFound):
			return Zone{}, fmt.Errorf("looking up the hosted zone %s: %w", n, err)
		}
	}
	errs.Add("DomainName", args.DomainName, nil,
		"is in no public hosted zone of this account (looked for %s): create the zone in Route 53 and delegate the domain to its name servers, or give a public zone's id in {HostedZoneID}",
		strings.Join(candidates, ", "))
	return Zone{}, errs.Err()
}

// zoneOf is the Zone of a lookup's answer.
func zoneOf(r *awsroute53.LookupZoneResult) Zone {
	return Zone{ID: r.ZoneId, Name: strings.TrimSuffix(r.Name, "."), Private: r.PrivateZone != nil && *r.PrivateZone}
}

// newCertificate returns the listeners' certificate ARN: CertificateARN, or
// with DomainName an ACM certificate the component requests, validates by
// DNS records in the zone, and waits for; "" without HTTPS. The ARN
// resolves once the certificate is issued, so the listeners that use it
// wait for the validation, and `pulumi destroy` deletes them before the
// certificate, which ACM refuses to delete while a listener uses it. A new
// DomainName replaces the certificate: Pulumi creates the new one (and
// validates it) before the listeners move to it, and deletes the old one
// last.
func (ch children) newCertificate() (pulumi.StringOutput, error) {
	a := ch.args
	if !a.hasDomain() {
		return pulumi.String(a.CertificateARN).ToStringOutput(), nil
	}
	cn := ch.name + "-certificate"
	certArgs := &awsacm.CertificateArgs{
		DomainName:       pulumi.String(a.DomainName),
		ValidationMethod: pulumi.String("DNS"),
		Tags:             ch.tags(cn),
	}
	if names := a.domainNames(); len(names) > 1 {
		certArgs.SubjectAlternativeNames = pulumi.ToStringArray(names[1:])
	}
	cert, err := awsacm.NewCertificate(ch.ctx, cn, certArgs, ch.parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	var fqdns pulumi.StringArray
	for i, n := range a.domainNames() {
		rn := cn + "-dns"
		if i > 0 {
			rn += "-test"
		}
		record, err := ch.newValidationRecord(rn, cert, n)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		fqdns = append(fqdns, record.Fqdn)
	}
	validation, err := awsacm.NewCertificateValidation(ch.ctx, cn+"-validation", &awsacm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: fqdns,
	}, ch.parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: CertificateValidationTimeout}))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	if !ch.ctx.DryRun() {
		// The provider's timeout error does not say what to check.
		msg := fmt.Sprintf("ACM validates %s through DNS records in the zone %s (%s). If this waits %s and fails, check the domain's delegation: the name servers its registrar (or parent zone) lists must be the zone's (aws route53 get-hosted-zone --id %s)",
			strings.Join(a.domainNames(), " and "), ch.zone.Name, ch.zone.ID, CertificateValidationTimeout, ch.zone.ID)
		if err := ch.ctx.Log.Info(msg, &pulumi.LogArgs{Resource: validation}); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return validation.CertificateArn, nil
}

// newValidationRecord creates the CNAME record rn that proves to ACM the
// account controls name, from cert's validation options.
func (ch children) newValidationRecord(rn string, cert *awsacm.Certificate, name string) (*awsroute53.Record, error) {
	option := func(field func(awsacm.CertificateDomainValidationOption) *string) pulumi.StringOutput {
		return cert.DomainValidationOptions.ApplyT(func(opts []awsacm.CertificateDomainValidationOption) string {
			for _, o := range opts {
				if o.DomainName != nil && *o.DomainName == name && field(o) != nil {
					return *field(o)
				}
			}
			return ""
		}).(pulumi.StringOutput)
	}
	return awsroute53.NewRecord(ch.ctx, rn, &awsroute53.RecordArgs{
		ZoneId:  pulumi.String(ch.zone.ID),
		Name:    option(func(o awsacm.CertificateDomainValidationOption) *string { return o.ResourceRecordName }),
		Type:    option(func(o awsacm.CertificateDomainValidationOption) *string { return o.ResourceRecordType }),
		Records: pulumi.StringArray{option(func(o awsacm.CertificateDomainValidationOption) *string { return o.ResourceRecordValue })},
		Ttl:     pulumi.Int(60),
		// ACM gives every certificate of a name the same record: one left
		// by an earlier certificate is taken over, not refused.
		AllowOverwrite: pulumi.Bool(true),
	}, ch.parent)
}

// newAliasRecords points DomainName (and TestDomainName) at lb with alias
// records in the zone: A, and AAAA when lb is dual-stack. It returns the
// production name's A record, nil without DomainName.
func (ch children) newAliasRecords(lb *awslb.LoadBalancer) (*awsroute53.Record, error) {
	a := ch.args
	var first *awsroute53.Record
	for i, n := range a.domainNames() {
		for _, typ := range aliasRecordTypes(lbIPAddressType) {
			rn := ch.name + "-dns-" + strings.ToLower(typ)
			if i > 0 {
				rn = ch.name + "-test-dns-" + strings.ToLower(typ)
			}
			r, err := awsroute53.NewRecord(ch.ctx, rn, &awsroute53.RecordArgs{
				ZoneId: pulumi.String(ch.zone.ID),
				Name:   pulumi.String(n),
				Type:   pulumi.String(typ),
				Aliases: awsroute53.RecordAliasArray{&awsroute53.RecordAliasArgs{
					Name:                 lb.DnsName,
					ZoneId:               lb.ZoneId,
					EvaluateTargetHealth: pulumi.Bool(true),
				}},
			}, ch.parent)
			if err != nil {
				return nil, err
			}
			if first == nil {
				first = r
			}
		}
	}
	return first, nil
}

// setDomainOutputs sets the certificate's ARN and, with DomainName, the
// URLs at the service's own names, which resolve once the name points at
// the load balancer (alias) and its certificate is issued.
func (c *LoadBalancer) setDomainOutputs(a LoadBalancerArgs, certificate pulumi.StringOutput, alias *awsroute53.Record) {
	c.CertificateARN = certificate
	if alias == nil {
		return
	}
	at := func(host string, port int) pulumi.StringOutput {
		return pulumi.All(alias.Fqdn, certificate).ApplyT(func([]any) string {
			return listenerURL("https", host, port)
		}).(pulumi.StringOutput)
	}
	c.URL = at(a.DomainName, HTTPSPort)
	c.TestURL = at(a.testDomainName(), a.TestListenerPort)
}
