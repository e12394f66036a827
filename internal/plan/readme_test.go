package plan

import (
	"strings"
	"testing"
)

// TestTimeAndCost renders two stacks' plans as the README shows them:
// every figure comes from the plans.
func TestTimeAndCost(t *testing.T) {
	t.Parallel()
	one := buildArch(t, archStack())
	one.Stack = "one"
	two := buildArch(t, withSecondNAT())
	two.Stack, two.Region = "two", "ap-northeast-2"
	usage, err := ModelReleaseUsage(usageStack(6, "t4g.small"), []Release{release370}, fakeCapacity{"t4g.small": 3}, Prices, 20)
	if err != nil {
		t.Fatal(err)
	}
	two.ReleaseUsage, two.ReleasesPerMonth = usage, 20
	got := TimeAndCost([]Document{one, two})
	for _, w := range []string{
		"| one | ec2:Vpc vpc 2 s → ec2:InternetGateway vpc-igw 2 s → ec2:Route vpc-public-internet 2 s → lb:LoadBalancer web 3 min → lb:Listener web-prod 2 s → ecs:Service app 10 s → codedeploy:DeploymentGroup app 2 s | **3 min 20 s** |\n",
		"|  | one | two |\n",
		// Target groups with AWS's defaults: threshold 5, 300 s of draining.
		"| all production traffic shifted | **40 s** (1 min 30 s) | **40 s** (1 min 30 s) |\n",
		"| release complete (original tasks gone) | 10 min 40 s (11 min 30 s) | 10 min 40 s (11 min 30 s) |\n",
		// us-east-1 71.759 for one (TestCompare); two in Seoul: 2 × 43.07 +
		// 2 × 3.65 + 16.425 + 3.65 + 18.98 = 132.495. The volumes' size is
		// unknown.
		"| one | **$71.76 + price unknown** | $85.78 + price unknown |\n",
		"| NAT gateway | $32.85 | $86.14 (2 lines) |\n",
		"| total | **$71.76** (us-east-1) | **$132.50** (ap-northeast-2) |\n",
		"| both task sets run | not modelled: service app: its task definition is not among the stack's resources | 6 min 10 s, 6 tasks |\n",
		"| instances in a release (at rest) | not modelled: service app: its task definition is not among the stack's resources | 4 (2), 3 tasks to a t4g.small |\n",
		"| extra instance-hours | not modelled: service app: its task definition is not among the stack's resources | 0.7056 |\n",
		// TestModelReleaseUsage: $0.017320 a release in Seoul, 20 of them.
		"| per release; a month of releases | not modelled: service app: its task definition is not among the stack's resources | $0.02; **$0.35** (ap-northeast-2) |\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("TimeAndCost lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "{{") || strings.Contains(got, "%!") {
		t.Errorf("a formatting mistake:\n%s", got)
	}
}
