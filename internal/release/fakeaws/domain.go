package fakeaws

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// Certificate is an ACM certificate the fake describes
// (CertificateManager.DescribeCertificate).
type Certificate struct {
	ARN, DomainName string
	// Status is ACM's: ISSUED, PENDING_VALIDATION, FAILED, ...
	Status string
}

// AliasRecord is an A alias record in a Route 53 hosted zone, which the
// fake lists (ListResourceRecordSets).
type AliasRecord struct {
	ZoneID string
	// Name is the record's name, with or without the final dot.
	Name string
	// Target is the alias target's DNS name.
	Target string
}

// AddCertificate adds or replaces a certificate.
func (s *Server) AddCertificate(c Certificate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.certificates == nil {
		s.certificates = map[string]Certificate{}
	}
	s.certificates[c.ARN] = c
}

// AddAliasRecord adds an A alias record.
func (s *Server) AddAliasRecord(r AliasRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
}

// acm answers ACM's JSON API.
func (s *Server) acm(action string, in map[string]any) (any, *apiError) {
	if action != "DescribeCertificate" {
		return nil, errorf("UnknownOperationException", "fakeaws: acm "+action)
	}
	arn, _ := in["CertificateArn"].(string)
	c, ok := s.certificates[arn]
	if !ok {
		return nil, errorf("ResourceNotFoundException", "Could not find certificate "+arn+".")
	}
	return map[string]any{"Certificate": map[string]any{"CertificateArn": c.ARN, "DomainName": c.DomainName, "Status": c.Status}}, nil
}

type xmlRecordSets struct {
	XMLName     xml.Name       `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListResourceRecordSetsResponse"`
	Sets        []xmlRecordSet `xml:"ResourceRecordSets>ResourceRecordSet"`
	IsTruncated bool           `xml:"IsTruncated"`
	MaxItems    string         `xml:"MaxItems"`
}

type xmlRecordSet struct {
	Name  string   `xml:"Name"`
	Type  string   `xml:"Type"`
	Alias xmlAlias `xml:"AliasTarget"`
}

type xmlAlias struct {
	HostedZoneID         string `xml:"HostedZoneId"`
	DNSName              string `xml:"DNSName"`
	EvaluateTargetHealth bool   `xml:"EvaluateTargetHealth"`
}

// serveRoute53 answers Route 53's REST API: ListResourceRecordSets, GET
// /2013-04-01/hostedzone/<id>/rrset?name=<name>&type=A, with the zone's A
// alias records of that name.
func (s *Server) serveRoute53(w http.ResponseWriter, r *http.Request, region string) {
	zone, ok := strings.CutPrefix(r.URL.Path, "/2013-04-01/hostedzone/")
	zone, isList := strings.CutSuffix(zone, "/rrset")
	if !ok || !isList || r.Method != http.MethodGet {
		writeXMLError(w, apiError{code: "InvalidInput", message: "fakeaws: route53 " + r.Method + " " + r.URL.Path})
		return
	}
	name := strings.TrimSuffix(r.URL.Query().Get("name"), ".")
	out, aerr, reset := s.answer(Request{Service: "route53", Action: "ListResourceRecordSets", Region: region}, func() (any, []func(), *apiError) {
		res := xmlRecordSets{MaxItems: "1"}
		found := false
		for _, rec := range s.records {
			if rec.ZoneID != zone {
				continue
			}
			found = true
			if strings.TrimSuffix(rec.Name, ".") == name {
				res.Sets = append(res.Sets, xmlRecordSet{Name: name + ".", Type: "A", Alias: xmlAlias{HostedZoneID: "Z35SXDOTRQ7X7K", DNSName: rec.Target, EvaluateTargetHealth: true}})
			}
		}
		if !found && !s.zones[zone] {
			return nil, nil, errorf("NoSuchHostedZone", "No hosted zone found with ID: "+zone)
		}
		return res, nil, nil
	})
	switch {
	case reset:
		resetConnection(w)
	case aerr != nil:
		writeXMLError(w, *aerr)
	default:
		w.Header().Set("Content-Type", "text/xml")
		_ = xml.NewEncoder(w).Encode(out)
	}
}

// AddHostedZone adds an empty hosted zone.
func (s *Server) AddHostedZone(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.zones == nil {
		s.zones = map[string]bool{}
	}
	s.zones[id] = true
}
