package plan

import (
	"testing"
	"time"
)

func TestMoneyString(t *testing.T) {
	t.Parallel()
	for m, want := range map[Money]string{
		0:           "$0.00",
		4_999:       "$0.00",
		5_000:       "$0.01", // half a cent rounds up
		16_425_000:  "$16.43",
		95_993_000:  "$95.99",
		-1_200_000:  "-$1.20",
		-16_425_000: "-$16.43",
		USD(3, 0):   "$3.00",
	} {
		if got := m.String(); got != want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(m), got, want)
		}
	}
	for m, want := range map[Money]string{
		10_400:         "$0.0104",
		100_000:        "$0.10",
		32_850_000:     "$32.85",
		1_000_000:      "$1.00",
		USD(0, 91_200): "$0.0912",
	} {
		if got := m.Exact(); got != want {
			t.Errorf("Money(%d).Exact() = %q, want %q", int64(m), got, want)
		}
	}
}

// TestPricesFollowAWSFacts pins the prices the project's team recorded
// from AWS's price lists, which the plan's figures rest on.
func TestPricesFollowAWSFacts(t *testing.T) {
	t.Parallel()
	us, ok := Prices.Region("us-east-1")
	if !ok {
		t.Fatal("no us-east-1 prices")
	}
	seoul, ok := Prices.Region("ap-northeast-2")
	if !ok {
		t.Fatal("no ap-northeast-2 prices")
	}
	for what, c := range map[string]struct{ got, want Money }{
		"us-east-1 NAT gateway hour":      {us.NATGatewayHour, USD(0, 45_000)},
		"us-east-1 ALB hour":              {us.ALBHour, USD(0, 22_500)},
		"us-east-1 public IPv4 hour":      {us.PublicIPv4Hour, USD(0, 5_000)},
		"us-east-1 t3.micro hour":         {us.EC2Hour["t3.micro"], USD(0, 10_400)},
		"us-east-1 t3.small hour":         {us.EC2Hour["t3.small"], USD(0, 20_800)},
		"us-east-1 gp3 GB-month":          {us.GP3GBMonth, USD(0, 80_000)},
		"ap-northeast-2 NAT gateway hour": {seoul.NATGatewayHour, USD(0, 59_000)},
		"ap-northeast-2 ALB hour":         {seoul.ALBHour, USD(0, 22_500)},
		"ap-northeast-2 t3.small hour":    {seoul.EC2Hour["t3.small"], USD(0, 26_000)},
		"ap-northeast-2 gp3 GB-month":     {seoul.GP3GBMonth, USD(0, 91_200)},
		// The security baseline (no region named: both).
		"us-east-1 KMS key month":       {us.KMSKeyMonth, USD(1, 0)},
		"us-east-1 WAF web ACL month":   {us.WAFWebACLMonth, USD(5, 0)},
		"us-east-1 WAF rule month":      {us.WAFRuleMonth, USD(1, 0)},
		"ap-northeast-2 KMS key month":  {seoul.KMSKeyMonth, USD(1, 0)},
		"ap-northeast-2 WAF ACL month":  {seoul.WAFWebACLMonth, USD(5, 0)},
		"ap-northeast-2 WAF rule month": {seoul.WAFRuleMonth, USD(1, 0)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %s, the recorded price list says %s", what, c.got.Exact(), c.want.Exact())
		}
	}
	if Prices.HoursPerMonth != 730 {
		t.Errorf("HoursPerMonth = %d, the recorded price list says 730", Prices.HoursPerMonth)
	}
	// "a t4g.nano for about $3 a month"
	if m := Money(Prices.HoursPerMonth) * us.EC2Hour["t4g.nano"]; m < USD(2, 500_000) || m > USD(3, 500_000) {
		t.Errorf("us-east-1 t4g.nano a month = %s, the recorded price list says about $3", m)
	}
}

// TestPricesCoverTheStacks checks the table is dated, sourced and prices
// what the stacks use in both regions.
func TestPricesCoverTheStacks(t *testing.T) {
	t.Parallel()
	if _, err := time.Parse("2006-01-02", Prices.AsOf); err != nil {
		t.Errorf("AsOf %q is not a date: %v", Prices.AsOf, err)
	}
	if len(Prices.Sources) == 0 {
		t.Error("the price table cites no source")
	}
	for _, s := range Prices.Sources {
		if s.Prices == "" || s.Source == "" {
			t.Errorf("source %+v names no prices or no document", s)
		}
	}
	var regions []string
	for _, r := range Prices.Regions {
		regions = append(regions, r.Region)
		for _, typ := range []string{"t3.micro", "t3.small", "t3.medium", "t4g.nano", "t4g.micro", "t4g.small", "t4g.medium"} {
			if r.EC2Hour[typ] <= 0 {
				t.Errorf("%s has no price for %s", r.Region, typ)
			}
		}
		for what, m := range map[string]Money{"NAT": r.NATGatewayHour, "ALB": r.ALBHour, "IPv4": r.PublicIPv4Hour, "gp3": r.GP3GBMonth, "alarm": r.AlarmMonth} {
			if m <= 0 {
				t.Errorf("%s has no %s price", r.Region, what)
			}
		}
	}
	if len(regions) != 2 || regions[0] != "us-east-1" || regions[1] != "ap-northeast-2" {
		t.Errorf("regions = %v, want us-east-1 then ap-northeast-2", regions)
	}
	if _, ok := Prices.Region("eu-west-1"); ok {
		t.Error("Region(eu-west-1) found prices the table does not have")
	}
}
