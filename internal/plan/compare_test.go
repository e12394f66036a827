package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// withSecondNAT is archStack with a second NAT gateway and Elastic IP.
func withSecondNAT() []Resource {
	rs := archStack()
	s := &stack{rs: rs}
	s.add(typeEIP, "vpc-nat-1")
	s.add(typeNATGateway, "vpc-nat-1")
	return s.rs
}

func TestCompare(t *testing.T) {
	t.Parallel()
	a, b := buildArch(t, archStack()), buildArch(t, withSecondNAT())
	c := Compare("one", a, "two", b)
	if c.ResourcesFrom != 23 || c.ResourcesTo != 25 {
		t.Errorf("resources %d → %d, want 23 → 25", c.ResourcesFrom, c.ResourcesTo)
	}
	if diff := cmp.Diff([]TypeDelta{{typeEIP, 1, 2}, {typeNATGateway, 1, 2}}, c.Types); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	var added []string
	for _, r := range c.Added {
		added = append(added, r.Name)
	}
	if diff := cmp.Diff([]string{"vpc-nat-1", "vpc-nat-1"}, added); diff != "" || len(c.Removed) != 0 {
		t.Errorf("added (-want +got):\n%s\nremoved %v", diff, c.Removed)
	}
	// us-east-1: + NAT 32.85 + address 3.65 = + 36.50 on 71.759.
	us := c.Costs[0]
	if us.Region != "us-east-1" || us.From != USD(71, 759_000) || us.To != USD(108, 259_000) {
		t.Errorf("us-east-1 %s → %s, want $71.76 → $108.26", us.From, us.To)
	}
	wantLines := []LineDelta{
		{Item: "NAT gateway", Resource: "vpc-nat-1", To: USD(32, 850_000), QuantityTo: "730 h × $0.045/h"},
		{Item: "public IPv4 (Elastic IP)", Resource: "vpc-nat-1", To: USD(3, 650_000), QuantityTo: "730 h × $0.005/h"},
	}
	if diff := cmp.Diff(wantLines, us.Lines); diff != "" {
		t.Errorf("line deltas (-want +got):\n%s", diff)
	}
	text := c.Text()
	for _, w := range []string{"Plan difference: one → two", "Resources: 23 → 25 (+2)", "ec2:NatGateway    1    2      +1", "added: ec2:Eip vpc-nat-1, ec2:NatGateway vpc-nat-1",
		"us-east-1       $71.76  $108.26  +$36.50", "critical path of `pulumi up`: 3 min 20 s → 3 min 20 s"} {
		if !strings.Contains(text, w) {
			t.Errorf("comparison text lacks %q:\n%s", w, text)
		}
	}
	if md := c.Markdown(); !strings.Contains(md, "| us-east-1 | $71.76 | $108.26 | +$36.50 |") {
		t.Errorf("comparison markdown lacks the cost row:\n%s", md)
	}

	back := Compare("two", b, "one", a)
	if len(back.Removed) != 2 || len(back.Added) != 0 || back.Costs[0].To-back.Costs[0].From != -USD(36, 500_000) {
		t.Errorf("reverse comparison: added %v, removed %v, cost %s → %s", back.Added, back.Removed, back.Costs[0].From, back.Costs[0].To)
	}
	if !strings.Contains(back.Text(), "-$36.50") || !strings.Contains(back.Text(), "removed: ec2:Eip vpc-nat-1") {
		t.Errorf("reverse comparison text:\n%s", back.Text())
	}

	same := Compare("a", a, "b", a)
	if len(same.Types) != 0 || len(same.Costs[0].Lines) != 0 || !strings.Contains(same.Text(), "The same resources.") {
		t.Errorf("comparing a plan with itself: %+v\n%s", same, same.Text())
	}
}

// TestCompareReleaseCosts: a release that needs extra instances shows as a
// month of releases' change, per region both plans price.
func TestCompareReleaseCosts(t *testing.T) {
	t.Parallel()
	doc := func(tasks int) Document {
		d := Document{Releases: []Release{release370}, ReleasesPerMonth: 20}
		var err error
		if d.ReleaseUsage, err = ModelReleaseUsage(usageStack(tasks, "t4g.small"), d.Releases, fakeCapacity{"t4g.small": 3}, Prices, 20); err != nil {
			t.Fatal(err)
		}
		return d
	}
	c := Compare("two tasks", doc(2), "six tasks", doc(6))
	// 20 × $0.014173 and 20 × $0.017320 (TestModelReleaseUsage).
	want := []ReleaseCostDelta{{"us-east-1", 0, USD(0, 283_460)}, {"ap-northeast-2", 0, USD(0, 346_400)}}
	if len(c.Releases) != 1 || !cmp.Equal(want, c.Releases[0].Costs) {
		t.Errorf("release deltas %+v, want costs %+v", c.Releases, want)
	}
	if text := c.Text(); !strings.Contains(text, "release app, a month of releases in us-east-1: $0.00 → $0.28") {
		t.Errorf("comparison text lacks the release cost:\n%s", text)
	}
}
