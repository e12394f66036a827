// Package deployconfig reads the names of CodeDeploy deployment
// configurations for ECS: how a blue/green release moves production traffic
// from the running task set to the new one. It is the one place that knows
// the predefined configurations and the canary and linear names a stack may
// create, for the ecs component (which creates them) and the offline plan
// (which times them).
//
// Pure: no pulumi import.
package deployconfig

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind is how a configuration moves traffic.
type Kind string

// The kinds of traffic routing CodeDeploy offers for ECS.
const (
	// AllAtOnce moves all production traffic in one step.
	AllAtOnce Kind = "AllAtOnce"
	// Canary moves Percent of the traffic, then the rest IntervalMinutes
	// later.
	Canary Kind = "TimeBasedCanary"
	// Linear moves Percent more of the traffic every IntervalMinutes.
	Linear Kind = "TimeBasedLinear"
)

// Config is a deployment configuration a deployment group can name.
type Config struct {
	// Name is what the value was read as: the full CodeDeploy name of a
	// predefined configuration ("CodeDeployDefault.ECSAllAtOnce"), the
	// readable name of one the stack creates ("Canary20Percent3Minutes"),
	// or the name of an existing custom configuration.
	Name string
	// Predefined is true for CodeDeploy's own configurations, which every
	// account has.
	Predefined bool
	// Existing is true for a custom configuration the account already has
	// (ExistingPrefix): its routing is unknown here.
	Existing bool
	// Kind, Percent and IntervalMinutes are the routing, unless Existing.
	Kind            Kind
	Percent         int
	IntervalMinutes int
}

// Create reports whether the stack must create the configuration: a
// canary or linear one that CodeDeploy does not predefine.
func (c Config) Create() bool { return !c.Predefined && !c.Existing }

// ShiftSeconds returns the time from the first traffic shift to the last,
// and false for an existing custom configuration, whose routing is unknown.
// A linear configuration's first step moves Percent at once, so its last
// step comes ceil(100/Percent)-1 intervals later.
func (c Config) ShiftSeconds() (int, bool) {
	switch c.Kind {
	case AllAtOnce:
		return 0, true
	case Canary:
		return c.IntervalMinutes * 60, true
	case Linear:
		steps := (100 + c.Percent - 1) / c.Percent
		return (steps - 1) * c.IntervalMinutes * 60, true
	}
	return 0, false
}

// Describe says how the configuration moves traffic, in a few words.
func (c Config) Describe() string {
	shift, _ := c.ShiftSeconds()
	switch c.Kind {
	case AllAtOnce:
		return "all traffic at once"
	case Canary:
		return fmt.Sprintf("%d %%, then the rest %d min later", c.Percent, c.IntervalMinutes)
	case Linear:
		every := "minute"
		if c.IntervalMinutes != 1 {
			every = strconv.Itoa(c.IntervalMinutes) + " min"
		}
		return fmt.Sprintf("%d %% more every %s: 100 %% after %d min", c.Percent, every, shift/60)
	}
	return "custom configuration: schedule unknown"
}

// ReadableName is the name a canary or linear configuration is configured
// by, "Canary20Percent3Minutes" or "Linear25PercentEvery2Minutes"; the Name
// of any other.
func (c Config) ReadableName() string {
	switch c.Kind {
	case Canary:
		return fmt.Sprintf("Canary%dPercent%dMinutes", c.Percent, c.IntervalMinutes)
	case Linear:
		return fmt.Sprintf("Linear%dPercentEvery%dMinutes", c.Percent, c.IntervalMinutes)
	case AllAtOnce:
	}
	return c.Name
}

// The prefixes of predefined names.
const (
	defaultPrefix = "CodeDeployDefault."
	ecsPrefix     = defaultPrefix + "ECS"
	// ExistingPrefix marks the name of a custom configuration that already
	// exists in the account and region: "existing:my-config". Without it,
	// an unknown name is refused, since a deployment group that names a
	// configuration that does not exist fails only when it is created.
	ExistingPrefix = "existing:"
)

// Predefined lists CodeDeploy's predefined ECS configurations, all at once
// first.
var Predefined = []Config{
	{Name: ecsPrefix + "AllAtOnce", Predefined: true, Kind: AllAtOnce},
	{Name: ecsPrefix + "Linear10PercentEvery1Minutes", Predefined: true, Kind: Linear, Percent: 10, IntervalMinutes: 1},
	{Name: ecsPrefix + "Canary10Percent5Minutes", Predefined: true, Kind: Canary, Percent: 10, IntervalMinutes: 5},
	{Name: ecsPrefix + "Canary10Percent15Minutes", Predefined: true, Kind: Canary, Percent: 10, IntervalMinutes: 15},
	{Name: ecsPrefix + "Linear10PercentEvery3Minutes", Predefined: true, Kind: Linear, Percent: 10, IntervalMinutes: 3},
}

// Bounds of the canary and linear configurations a stack creates. AWS
// documents no ranges beyond whole numbers; a percentage must leave traffic
// for a second step, and two days is CodeDeploy's longest wait anywhere else
// (termination and approval waits).
const (
	MinPercent         = 1
	MaxPercent         = 99
	MinIntervalMinutes = 1
	MaxIntervalMinutes = 2880
	// maxNameLength is the longest deployment configuration name
	// CodeDeploy accepts.
	maxNameLength = 100
)

var (
	canaryPattern = regexp.MustCompile(`^Canary([0-9]+)Percent([0-9]+)Minutes?$`)
	linearPattern = regexp.MustCompile(`^Linear([0-9]+)PercentEvery([0-9]+)Minutes?$`)
)

// Parse reads a deployment configuration's name:
//
//   - "" or a predefined ECS configuration by its full name
//     ("CodeDeployDefault.ECSCanary10Percent5Minutes") or short name
//     ("Canary10Percent5Minutes"): the predefined one ("" is AllAtOnce);
//   - "Canary<P>Percent<M>Minutes" or "Linear<P>PercentEvery<M>Minutes"
//     for any other percentage (1 to 99) and interval (1 to 2880 minutes):
//     one the stack creates;
//   - ExistingPrefix and a name: a custom configuration the account has.
//
// Anything else is an error that says what is accepted; Suggest finds the
// nearest accepted name for a typo.
func Parse(s string) (Config, error) {
	if s == "" {
		return Predefined[0], nil
	}
	for _, c := range Predefined {
		if s == c.Name || s == strings.TrimPrefix(c.Name, ecsPrefix) {
			return c, nil
		}
	}
	if name, ok := strings.CutPrefix(s, ExistingPrefix); ok {
		if name == "" || len(name) > maxNameLength || strings.TrimSpace(name) != name {
			return Config{}, fmt.Errorf("names no configuration: write %s and the name of a custom ECS configuration, 1 to %d characters", ExistingPrefix, maxNameLength)
		}
		if strings.HasPrefix(name, defaultPrefix) {
			return Config{}, fmt.Errorf("names a predefined configuration: predefined ones need no %q; use %s", ExistingPrefix, strings.Join(ShortNames(), ", "))
		}
		return Config{Name: name, Existing: true}, nil
	}
	if strings.HasPrefix(strings.ToLower(s), strings.ToLower(defaultPrefix)) {
		return Config{}, fmt.Errorf("is not one of CodeDeploy's configurations for ECS (those for EC2 and Lambda, such as CodeDeployDefault.OneAtATime, fail on an ECS deployment group): use %s", strings.Join(ShortNames(), ", "))
	}
	for _, p := range []struct {
		re   *regexp.Regexp
		kind Kind
	}{{canaryPattern, Canary}, {linearPattern, Linear}} {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		pct, err1 := strconv.Atoi(m[1])
		mins, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil || pct < MinPercent || pct > MaxPercent || mins < MinIntervalMinutes || mins > MaxIntervalMinutes {
			return Config{}, fmt.Errorf("is out of range: a canary or linear configuration moves %d to %d percent, with %d to %d minutes between steps",
				MinPercent, MaxPercent, MinIntervalMinutes, MaxIntervalMinutes)
		}
		c := Config{Kind: p.kind, Percent: pct, IntervalMinutes: mins}
		// Another spelling of a predefined one ("...Every1Minute") is it.
		for _, d := range Predefined {
			if d.Kind == c.Kind && d.Percent == c.Percent && d.IntervalMinutes == c.IntervalMinutes {
				return d, nil
			}
		}
		c.Name = c.ReadableName()
		return c, nil
	}
	return Config{}, fmt.Errorf("is not a deployment configuration: use %s; a canary or linear one such as Canary20Percent3Minutes or Linear25PercentEvery2Minutes (the stack creates it); or %s<name> for a custom configuration the account already has",
		strings.Join(ShortNames(), ", "), ExistingPrefix)
}

// ShortNames returns the predefined configurations' short names, in
// Predefined's order.
func ShortNames() []string {
	var out []string
	for _, c := range Predefined {
		out = append(out, strings.TrimPrefix(c.Name, ecsPrefix))
	}
	return out
}

// Suggest returns the accepted name nearest to s: a predefined short name
// within a few typos, or the canary or linear name s was meant to be with
// its numbers brought into range; AllAtOnce when nothing is near.
func Suggest(s string) string {
	for _, p := range []struct {
		re   *regexp.Regexp
		kind Kind
	}{{canaryPattern, Canary}, {linearPattern, Linear}} {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return Config{Kind: p.kind, Percent: clampAtoi(m[1], MinPercent, MaxPercent),
				IntervalMinutes: clampAtoi(m[2], MinIntervalMinutes, MaxIntervalMinutes)}.ReadableName()
		}
	}
	names := ShortNames()
	best, bestDist := names[0], len(s)+1
	short := strings.TrimPrefix(strings.TrimPrefix(s, defaultPrefix), "ECS")
	for _, n := range names {
		if d := distance(strings.ToLower(short), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if bestDist > 4 {
		return names[0]
	}
	return best
}

func clampAtoi(s string, lo, hi int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n > hi {
		return hi
	}
	return max(n, lo)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = slices.Min([]int{prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost})
		}
		prev = cur
	}
	return prev[len(b)]
}
