package deployconfig

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePredefined(t *testing.T) {
	t.Parallel()
	want := map[string]Config{
		"AllAtOnce":                    {Name: "CodeDeployDefault.ECSAllAtOnce", Predefined: true, Kind: AllAtOnce},
		"Linear10PercentEvery1Minutes": {Name: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", Predefined: true, Kind: Linear, Percent: 10, IntervalMinutes: 1},
		"Canary10Percent5Minutes":      {Name: "CodeDeployDefault.ECSCanary10Percent5Minutes", Predefined: true, Kind: Canary, Percent: 10, IntervalMinutes: 5},
		"Canary10Percent15Minutes":     {Name: "CodeDeployDefault.ECSCanary10Percent15Minutes", Predefined: true, Kind: Canary, Percent: 10, IntervalMinutes: 15},
		"Linear10PercentEvery3Minutes": {Name: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", Predefined: true, Kind: Linear, Percent: 10, IntervalMinutes: 3},
	}
	if len(Predefined) != len(want) {
		t.Errorf("Predefined has %d configurations, want CodeDeploy's %d for ECS", len(Predefined), len(want))
	}
	for short, w := range want {
		for _, in := range []string{short, w.Name} {
			t.Run(in, func(t *testing.T) {
				t.Parallel()
				got, err := Parse(in)
				if err != nil {
					t.Fatalf("Parse(%q): %v", in, err)
				}
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("Parse(%q) (-want +got):\n%s", in, diff)
				}
				if got.Create() {
					t.Errorf("Parse(%q).Create() = true for a predefined configuration", in)
				}
			})
		}
	}
	t.Run("empty is all at once", func(t *testing.T) {
		t.Parallel()
		if got, err := Parse(""); err != nil || got != want["AllAtOnce"] {
			t.Errorf("Parse(\"\") = %+v, %v; want %+v", got, err, want["AllAtOnce"])
		}
	})
	var shorts []string
	for _, c := range Predefined {
		shorts = append(shorts, strings.TrimPrefix(c.Name, "CodeDeployDefault.ECS"))
	}
	if diff := cmp.Diff(shorts, ShortNames()); diff != "" {
		t.Errorf("ShortNames() (-Predefined's +got):\n%s", diff)
	}
}

func TestParseCreated(t *testing.T) {
	t.Parallel()
	tests := map[string]Config{
		"Canary20Percent3Minutes":      {Name: "Canary20Percent3Minutes", Kind: Canary, Percent: 20, IntervalMinutes: 3},
		"Linear25PercentEvery2Minutes": {Name: "Linear25PercentEvery2Minutes", Kind: Linear, Percent: 25, IntervalMinutes: 2},
		// The singular spelling reads as the plural, the canonical name.
		"Canary50Percent1Minute":          {Name: "Canary50Percent1Minutes", Kind: Canary, Percent: 50, IntervalMinutes: 1},
		"Linear20PercentEvery1Minute":     {Name: "Linear20PercentEvery1Minutes", Kind: Linear, Percent: 20, IntervalMinutes: 1},
		"Canary1Percent1Minutes":          {Name: "Canary1Percent1Minutes", Kind: Canary, Percent: 1, IntervalMinutes: 1},
		"Linear99PercentEvery2880Minutes": {Name: "Linear99PercentEvery2880Minutes", Kind: Linear, Percent: 99, IntervalMinutes: 2880},
		"Canary10Percent6Minutes":         {Name: "Canary10Percent6Minutes", Kind: Canary, Percent: 10, IntervalMinutes: 6},
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", in, diff)
			}
			if !got.Create() {
				t.Errorf("Parse(%q).Create() = false, want true: CodeDeploy does not predefine it", in)
			}
			// Its readable name reads back as the same routing.
			again, err := Parse(got.ReadableName())
			if err != nil || again.Kind != got.Kind || again.Percent != got.Percent || again.IntervalMinutes != got.IntervalMinutes {
				t.Errorf("Parse(%q.ReadableName() = %q) = %+v, %v; want the same routing", in, got.ReadableName(), again, err)
			}
		})
	}
}

// TestParseOtherSpellingsOfPredefined: a canary or linear name that spells
// a predefined configuration another way is that configuration, not a copy
// the stack would create.
func TestParseOtherSpellingsOfPredefined(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Linear10PercentEvery1Minute": "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
		"Canary010Percent5Minutes":    "CodeDeployDefault.ECSCanary10Percent5Minutes",
		"Canary10Percent05Minutes":    "CodeDeployDefault.ECSCanary10Percent5Minutes",
	} {
		c, err := Parse(in)
		if err != nil || c.Name != want || !c.Predefined || c.Create() {
			t.Errorf("Parse(%q) = %+v, %v; want the predefined %s", in, c, err, want)
		}
	}
}

func TestParseExisting(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"team-canary", "Canary20Percent3Minutes", "x", strings.Repeat("c", 100), "with space inside"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse("existing:" + name)
			want := Config{Name: name, Existing: true}
			if err != nil || got != want {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", "existing:"+name, got, err, want)
			}
			if got.Create() {
				t.Errorf("Parse(%q).Create() = true for an existing configuration", "existing:"+name)
			}
			if s, ok := got.ShiftSeconds(); ok || s != 0 {
				t.Errorf("ShiftSeconds() of an existing configuration = %d, %v; want 0, false", s, ok)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]string{ // input: what the problem starts with
		"CodeDeployDefault.OneAtATime":                    "is not one of CodeDeploy's configurations for ECS",
		"CodeDeployDefault.AllAtOnce":                     "is not one of CodeDeploy's configurations for ECS",
		"CodeDeployDefault.HalfAtATime":                   "is not one of CodeDeploy's configurations for ECS",
		"CodeDeployDefault.LambdaAllAtOnce":               "is not one of CodeDeploy's configurations for ECS",
		"CodeDeployDefault.LambdaCanary10Percent5Minutes": "is not one of CodeDeploy's configurations for ECS",
		"CodeDeployDefault.ECSCanary50Percent1Minutes":    "is not one of CodeDeploy's configurations for ECS",
		"codedeploydefault.ecsallatonce":                  "is not one of CodeDeploy's configurations for ECS",
		"Canary0Percent5Minutes":                          "is out of range",
		"Canary100Percent5Minutes":                        "is out of range",
		"Linear10PercentEvery0Minutes":                    "is out of range",
		"Linear10PercentEvery2881Minutes":                 "is out of range",
		"Canary99999999999999999999Percent1Minutes":       "is out of range",
		"AllAtOnse":                               "is not a deployment configuration",
		"Canary10Percent5Minuts":                  "is not a deployment configuration",
		"canary10percent5minutes":                 "is not a deployment configuration",
		" AllAtOnce":                              "is not a deployment configuration",
		"Canary-10Percent5Minutes":                "is not a deployment configuration",
		"Linear10Percent1Minutes":                 "is not a deployment configuration",
		"existing:":                               "names no configuration",
		"existing: team":                          "names no configuration",
		"existing:" + strings.Repeat("c", 101):    "names no configuration",
		"existing:CodeDeployDefault.ECSAllAtOnce": "names a predefined configuration",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(in)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Parse(%q) = %+v, %v; want an error starting %q", in, got, err, want)
			}
			if got != (Config{}) {
				t.Errorf("Parse(%q) returned %+v with its error, want the zero Config", in, got)
			}
		})
	}
	// The refusals name what is accepted.
	_, err := Parse("CodeDeployDefault.OneAtATime")
	if want := "use AllAtOnce, Linear10PercentEvery1Minutes, Canary10Percent5Minutes, Canary10Percent15Minutes, Linear10PercentEvery3Minutes"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Parse(CodeDeployDefault.OneAtATime) = %v, want it to list %q", err, want)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"AllAtOnse":                   "AllAtOnce",
		"allatonce":                   "AllAtOnce",
		"Canary10Percent5Minuts":      "Canary10Percent5Minutes",
		"canary10percent15minutes":    "Canary10Percent15Minutes",
		"Linear10PercentEvery3Minute": "Linear10PercentEvery3Minutes",
		"CodeDeployDefault.ECSLinear10PercentEvery1Minute": "Linear10PercentEvery1Minutes",
		"Canary0Percent3Minutes":                           "Canary1Percent3Minutes",
		"Canary100Percent3Minutes":                         "Canary99Percent3Minutes",
		"Linear10PercentEvery0Minutes":                     "Linear10PercentEvery1Minutes",
		"Linear10PercentEvery5000Minutes":                  "Linear10PercentEvery2880Minutes",
		"Canary99999999999999999999Percent1Minutes":        "Canary99Percent1Minutes",
		"Canary20Percent1Minute":                           "Canary20Percent1Minutes",
		"CodeDeployDefault.OneAtATime":                     "AllAtOnce",
		"something else entirely":                          "AllAtOnce",
		"":                                                 "AllAtOnce",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			got := Suggest(in)
			if got != want {
				t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
			}
			if _, err := Parse(got); err != nil {
				t.Errorf("Suggest(%q) = %q, which Parse refuses: %v", in, got, err)
			}
		})
	}
}

// TestSuggestIsAccepted checks Suggest's law over many inputs: whatever it
// is given, it suggests a name Parse accepts.
func TestSuggestIsAccepted(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	parts := []string{"Canary", "Linear", "Percent", "Every", "Minutes", "Minute", "AllAtOnce", "CodeDeployDefault.", "ECS", "0", "1", "10", "99", "100", "2880", "99999999999999999999", "-", " ", "x"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got := Suggest(s); got == "" {
			t.Errorf("Suggest(%q) = \"\"", s)
		} else if _, err := Parse(got); err != nil {
			t.Errorf("Suggest(%q) = %q, which Parse refuses: %v", s, got, err)
		}
	}
}

func TestShiftSeconds(t *testing.T) {
	t.Parallel()
	tests := map[string]int{
		"AllAtOnce":                    0,
		"Canary10Percent5Minutes":      5 * 60,
		"Canary10Percent15Minutes":     15 * 60,
		"Canary20Percent1Minute":       60,
		"Linear10PercentEvery1Minutes": 9 * 60, // 10 steps: the last 9 minutes after the first
		"Linear10PercentEvery3Minutes": 27 * 60,
		"Linear25PercentEvery2Minutes": 3 * 2 * 60,
		// 30 % does not divide 100: 30, 60, 90, 100; 3 steps after the first.
		"Linear30PercentEvery2Minutes":  6 * 60,
		"Linear33PercentEvery1Minutes":  3 * 60,
		"Linear34PercentEvery1Minutes":  2 * 60,
		"Linear50PercentEvery1Minutes":  60,
		"Linear99PercentEvery10Minutes": 10 * 60,
		"Linear1PercentEvery1Minutes":   99 * 60,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			c, err := Parse(in)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := c.ShiftSeconds(); got != want || !ok {
				t.Errorf("Parse(%q).ShiftSeconds() = %d, %v; want %d, true", in, got, ok, want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"AllAtOnce":                    "all traffic at once",
		"Canary10Percent5Minutes":      "10 %, then the rest 5 min later",
		"Linear10PercentEvery1Minutes": "10 % more every minute: 100 % after 9 min",
		"Linear30PercentEvery2Minutes": "30 % more every 2 min: 100 % after 6 min",
		"Canary50Percent1Minute":       "50 %, then the rest 1 min later",
		"Linear50PercentEvery1Minute":  "50 % more every minute: 100 % after 1 min",
		"existing:team":                "custom configuration: schedule unknown",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			c, err := Parse(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Describe(); got != want {
				t.Errorf("Parse(%q).Describe() = %q, want %q", in, got, want)
			}
		})
	}
}

func TestReadableName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Canary20Percent1Minute":         "Canary20Percent1Minutes",
		"Linear25PercentEvery2Minutes":   "Linear25PercentEvery2Minutes",
		"Canary10Percent5Minutes":        "Canary10Percent5Minutes", // predefined: its short name
		"AllAtOnce":                      "CodeDeployDefault.ECSAllAtOnce",
		"existing:team":                  "team",
		"CodeDeployDefault.ECSAllAtOnce": "CodeDeployDefault.ECSAllAtOnce",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			c, err := Parse(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.ReadableName(); got != want {
				t.Errorf("Parse(%q).ReadableName() = %q, want %q", in, got, want)
			}
		})
	}
}

func ExampleParse() {
	for _, name := range []string{"Canary10Percent5Minutes", "Linear30PercentEvery2Minutes", "existing:team-canary"} {
		c, err := Parse(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: create %v, %s\n", c.Name, c.Create(), c.Describe())
	}
	// Output:
	// CodeDeployDefault.ECSCanary10Percent5Minutes: create false, 10 %, then the rest 5 min later
	// Linear30PercentEvery2Minutes: create true, 30 % more every 2 min: 100 % after 6 min
	// team-canary: create false, custom configuration: schedule unknown
}
