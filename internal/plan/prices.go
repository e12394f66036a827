package plan

import (
	"fmt"
	"strings"
)

// Money is an amount of US dollars in millionths: every price in the table
// is a whole number of them, so the cost model's arithmetic is exact.
type Money int64

// USD returns whole dollars and millionths as Money: USD(0, 45_000) is
// $0.045.
func USD(dollars, millionths int64) Money { return Money(dollars*1_000_000 + millionths) }

// String formats m in dollars rounded half away from zero to cents, such as
// "$95.99" or "-$1.20".
func (m Money) String() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	cents := (int64(m) + 5_000) / 10_000
	return fmt.Sprintf("%s$%d.%02d", sign, cents/100, cents%100)
}

// Exact formats m with all its digits, trailing zeros trimmed past cents,
// such as "$0.0104" or "$32.85".
func (m Money) Exact() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	frac := strings.TrimRight(fmt.Sprintf("%06d", int64(m)%1_000_000), "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s$%d.%s", sign, int64(m)/1_000_000, frac)
}

// RegionPrices are the prices of one region, in US dollars, on-demand,
// before taxes, free tier and discounts (Savings Plans, reservations).
type RegionPrices struct {
	// Region is the region code, such as "us-east-1".
	Region string `json:"region"`
	// NATGatewayHour is a NAT gateway's hourly charge; its per-GB data
	// processing charge is usage and not in the fixed cost.
	NATGatewayHour Money `json:"natGatewayHour"`
	// ALBHour is an Application Load Balancer's hourly charge; LCUs
	// (connections, requests, bytes, rule evaluations) are usage and not in
	// the fixed cost.
	ALBHour Money `json:"albHour"`
	// PublicIPv4Hour is the charge of one public IPv4 address an hour,
	// in use or idle: each Elastic IP, and each address of an
	// internet-facing load balancer (at least one per zone).
	PublicIPv4Hour Money `json:"publicIpv4Hour"`
	// GP3GBMonth is a gp3 volume's charge per provisioned GiB and month,
	// baseline IOPS (3,000) and throughput (125 MiB/s) included.
	GP3GBMonth Money `json:"gp3GbMonth"`
	// AlarmMonth is a standard-resolution CloudWatch metric alarm's monthly
	// charge.
	AlarmMonth Money `json:"alarmMonth"`
	// EC2Hour is the Linux on-demand hourly charge by instance type. A type
	// not listed is "price unknown", never guessed.
	EC2Hour map[string]Money `json:"ec2Hour"`

	// The security baseline (issue 11).
	//
	// KMSKeyMonth is a customer managed KMS key's monthly charge; its
	// requests are usage and not in the fixed cost.
	KMSKeyMonth Money `json:"kmsKeyMonth"`
	// WAFWebACLMonth is an AWS WAF web ACL's monthly charge, and
	// WAFRuleMonth each of its rules' or rule groups'; requests ($0.60 per
	// million) are usage and not in the fixed cost.
	WAFWebACLMonth Money `json:"wafWebAclMonth"`
	WAFRuleMonth   Money `json:"wafRuleMonth"`
}

// PriceSource says where a price came from.
type PriceSource struct {
	// Prices names the prices it covers.
	Prices string `json:"prices"`
	// Source is the document they were taken from.
	Source string `json:"source"`
}

// PriceTable is a dated set of regional prices and their sources.
type PriceTable struct {
	// AsOf is the date the prices were taken, YYYY-MM-DD.
	AsOf string `json:"asOf"`
	// HoursPerMonth is the hours AWS bills in a month of continuous use.
	HoursPerMonth int64 `json:"hoursPerMonth"`
	// Regions are the priced regions, in the order reports list them.
	Regions []RegionPrices `json:"regions"`
	// Sources cite every price.
	Sources []PriceSource `json:"sources"`
}

// Region returns the prices of a region, and whether the table has it.
func (p PriceTable) Region(code string) (RegionPrices, bool) {
	for _, r := range p.Regions {
		if r.Region == code {
			return r, true
		}
	}
	return RegionPrices{}, false
}

// Prices is the price table the plan uses. Update AsOf with any price, and
// keep every price's source.
var Prices = PriceTable{
	AsOf:          "2026-11-30",
	HoursPerMonth: 730,
	Regions: []RegionPrices{
		{
			Region:         "us-east-1",
			NATGatewayHour: USD(0, 45_000),  // $0.045
			ALBHour:        USD(0, 22_500),  // $0.0225
			PublicIPv4Hour: USD(0, 5_000),   // $0.005
			GP3GBMonth:     USD(0, 80_000),  // $0.08
			AlarmMonth:     USD(0, 100_000), // $0.10
			EC2Hour: map[string]Money{
				"t3.micro":   USD(0, 10_400), // $0.0104
				"t3.small":   USD(0, 20_800), // $0.0208
				"t3.medium":  USD(0, 41_600), // $0.0416
				"t4g.nano":   USD(0, 4_200),  // $0.0042
				"t4g.micro":  USD(0, 8_400),  // $0.0084
				"t4g.small":  USD(0, 16_800), // $0.0168
				"t4g.medium": USD(0, 33_600), // $0.0336
			},
			// The security baseline.
			KMSKeyMonth:    USD(1, 0), // $1.00
			WAFWebACLMonth: USD(5, 0), // $5.00
			WAFRuleMonth:   USD(1, 0), // $1.00
		},
		{
			Region:         "ap-northeast-2",
			NATGatewayHour: USD(0, 59_000),  // $0.059
			ALBHour:        USD(0, 22_500),  // $0.0225
			PublicIPv4Hour: USD(0, 5_000),   // $0.005
			GP3GBMonth:     USD(0, 91_200),  // $0.0912
			AlarmMonth:     USD(0, 100_000), // $0.10
			EC2Hour: map[string]Money{
				"t3.micro":   USD(0, 13_000), // $0.013
				"t3.small":   USD(0, 26_000), // $0.026
				"t3.medium":  USD(0, 52_000), // $0.052
				"t4g.nano":   USD(0, 5_200),  // $0.0052
				"t4g.micro":  USD(0, 10_400), // $0.0104
				"t4g.small":  USD(0, 20_800), // $0.0208
				"t4g.medium": USD(0, 41_600), // $0.0416
			},
			// The security baseline.
			KMSKeyMonth:    USD(1, 0), // $1.00
			WAFWebACLMonth: USD(5, 0), // $5.00
			WAFRuleMonth:   USD(1, 0), // $1.00
		},
	},
	Sources: []PriceSource{
		{
			Prices: "us-east-1: NAT gateway, ALB, public IPv4, t3.micro, t3.small, gp3; ap-northeast-2: NAT gateway, ALB, t3.small, gp3",
			Source: "AWS's published on-demand prices (Amazon VPC pricing for NAT gateways and public IPv4, Elastic Load Balancing pricing, Amazon EC2 On-Demand pricing, Amazon EBS pricing), as this project's team recorded them on AsOf, 730 h a month",
		},
		{
			Prices: "t3.medium (both regions), t3.micro (ap-northeast-2)",
			Source: "Amazon EC2 On-Demand pricing, Linux, https://aws.amazon.com/ec2/pricing/on-demand/ (the author's reading of the published list; not re-checked from this offline machine on AsOf)",
		},
		{
			Prices: "t4g.nano, t4g.micro, t4g.small, t4g.medium (both regions; Graviton, for the NAT instance and arm64 container instances)",
			Source: "Amazon EC2 On-Demand pricing, Linux, https://aws.amazon.com/ec2/pricing/on-demand/ (from memory: the author's reading of the published list, not re-checked from this offline machine on AsOf; T4g lists at about 80 % of the same size of T3 in both regions, and us-east-1's t4g.nano, 730 h × $0.0042 = $3.07,, about $3 a month)",
		},
		{
			Prices: "public IPv4 (ap-northeast-2)",
			Source: "Amazon VPC pricing, public IPv4 addresses, https://aws.amazon.com/vpc/pricing/ ($0.005 an hour for every public IPv4 address, in use or idle, in all commercial regions since 2024-02-01)",
		},
		{
			Prices: "CloudWatch standard-resolution metric alarm (both regions)",
			Source: "Amazon CloudWatch pricing, https://aws.amazon.com/cloudwatch/pricing/ ($0.10 per alarm metric a month; the free tier's 10 alarms are not deducted)",
		},
		{
			Prices: "KMS key a month; WAF web ACL and rule (or rule group) a month (both regions)",
			Source: "AWS Key Management Service pricing and AWS WAF pricing: KMS $1 a key a month; WAF $5 an ACL and $1 a rule or rule group a month, plus $0.60 per million requests (no region named: the same list price in every commercial region, per AWS KMS pricing and AWS WAF pricing)",
		},
	},
}
