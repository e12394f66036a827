package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Comparison is the difference between two plans: of two stacks, or of one
// stack at two commits.
type Comparison struct {
	// From and To label the two plans, such as "dev" and "prod".
	From string `json:"from"`
	To   string `json:"to"`
	// ResourcesFrom and ResourcesTo count the cloud resources.
	ResourcesFrom int `json:"resourcesFrom"`
	ResourcesTo   int `json:"resourcesTo"`
	// Types are the types whose count differs, sorted.
	Types []TypeDelta `json:"types,omitempty"`
	// Added and Removed are the resources only To or only From has.
	Added   []ResourceRef `json:"added,omitempty"`
	Removed []ResourceRef `json:"removed,omitempty"`
	// CriticalPathFrom and CriticalPathTo are the modelled critical paths'
	// totals, in seconds.
	CriticalPathFrom int `json:"criticalPathFromSeconds"`
	CriticalPathTo   int `json:"criticalPathToSeconds"`
	// Releases compare the deployment groups both plans have.
	Releases []ReleaseDelta `json:"releases,omitempty"`
	// Costs compare the fixed monthly cost in each region both price.
	Costs []CostDelta `json:"costs"`
}

// TypeDelta is a type's count of cloud resources in both plans.
type TypeDelta struct {
	Type string `json:"type"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// ReleaseDelta compares one deployment group's modelled release.
type ReleaseDelta struct {
	DeploymentGroup string `json:"deploymentGroup"`
	ShiftFrom       int    `json:"shiftFromSeconds"`
	ShiftTo         int    `json:"shiftToSeconds"`
	CompleteFrom    int    `json:"completeFromSeconds"`
	CompleteTo      int    `json:"completeToSeconds"`
	// Costs compare a month of releases (each plan's ReleasesPerMonth) in
	// each region both price.
	Costs []ReleaseCostDelta `json:"costs,omitempty"`
}

// ReleaseCostDelta compares a month of releases in one region.
type ReleaseCostDelta struct {
	Region string `json:"region"`
	From   Money  `json:"from"`
	To     Money  `json:"to"`
}

// CostDelta compares one region's fixed monthly cost.
type CostDelta struct {
	Region string `json:"region"`
	From   Money  `json:"from"`
	To     Money  `json:"to"`
	// Lines are the cost lines that differ, matched by item and resource.
	Lines []LineDelta `json:"lines,omitempty"`
}

// LineDelta is one cost line in both plans; a side without the line has
// zero and "" as its quantity.
type LineDelta struct {
	Item         string `json:"item"`
	Resource     string `json:"resource"`
	From         Money  `json:"from"`
	To           Money  `json:"to"`
	QuantityFrom string `json:"quantityFrom,omitempty"`
	QuantityTo   string `json:"quantityTo,omitempty"`
}

// Compare returns what changes from plan a to plan b.
func Compare(fromLabel string, a Document, toLabel string, b Document) Comparison {
	c := Comparison{From: fromLabel, To: toLabel, ResourcesFrom: a.Tree.Resources, ResourcesTo: b.Tree.Resources,
		CriticalPathFrom: a.CriticalPath.TotalSeconds, CriticalPathTo: b.CriticalPath.TotalSeconds}
	inA, inB := map[string]bool{}, map[string]bool{}
	count := func(rs []ResourceRef, seen map[string]bool) map[string]int {
		n := map[string]int{}
		for _, r := range rs {
			seen[r.Key] = true
			if r.Custom {
				n[r.Type]++
			}
		}
		return n
	}
	na, nb := count(a.Resources, inA), count(b.Resources, inB)
	var types []string
	for _, t := range append(slices.Sorted(maps.Keys(na)), slices.Sorted(maps.Keys(nb))...) {
		if !slices.Contains(types, t) && na[t] != nb[t] {
			types = append(types, t)
		}
	}
	slices.Sort(types)
	for _, t := range types {
		c.Types = append(c.Types, TypeDelta{Type: t, From: na[t], To: nb[t]})
	}
	for _, r := range b.Resources {
		if !inA[r.Key] {
			c.Added = append(c.Added, r)
		}
	}
	for _, r := range a.Resources {
		if !inB[r.Key] {
			c.Removed = append(c.Removed, r)
		}
	}
	for _, ra := range a.Releases {
		for _, rb := range b.Releases {
			if ra.DeploymentGroup == rb.DeploymentGroup {
				c.Releases = append(c.Releases, ReleaseDelta{DeploymentGroup: ra.DeploymentGroup,
					ShiftFrom: ra.ShiftSeconds, ShiftTo: rb.ShiftSeconds, CompleteFrom: ra.CompleteSeconds, CompleteTo: rb.CompleteSeconds,
					Costs: releaseCostDeltas(a.usage(ra.DeploymentGroup), b.usage(rb.DeploymentGroup))})
			}
		}
	}
	for _, ca := range a.Costs {
		for _, cb := range b.Costs {
			if ca.Region == cb.Region {
				c.Costs = append(c.Costs, CostDelta{Region: ca.Region, From: ca.Total, To: cb.Total, Lines: lineDeltas(ca.Lines, cb.Lines)})
			}
		}
	}
	return c
}

// usage returns the release usage of a deployment group, zero when the
// plan has none (an older plan).
func (d Document) usage(group string) ReleaseUsage {
	for _, u := range d.ReleaseUsage {
		if u.DeploymentGroup == group {
			return u
		}
	}
	return ReleaseUsage{}
}

// releaseCostDeltas pairs two usages' known monthly costs by region.
func releaseCostDeltas(a, b ReleaseUsage) []ReleaseCostDelta {
	var out []ReleaseCostDelta
	for _, ca := range a.Costs {
		for _, cb := range b.Costs {
			if ca.Region == cb.Region && ca.Known && cb.Known {
				out = append(out, ReleaseCostDelta{Region: ca.Region, From: ca.Month, To: cb.Month})
			}
		}
	}
	return out
}

// lineDeltas matches cost lines by item and resource and returns those
// that differ, in the order of a's lines and then b's new ones.
func lineDeltas(a, b []CostLine) []LineDelta {
	key := func(l CostLine) string { return l.Item + "\x00" + l.Resource }
	var keys []string
	from, to := map[string]CostLine{}, map[string]CostLine{}
	for _, l := range a {
		if _, dup := from[key(l)]; !dup {
			keys = append(keys, key(l))
		}
		from[key(l)] = l
	}
	for _, l := range b {
		if _, ok := from[key(l)]; !ok && !slices.Contains(keys, key(l)) {
			keys = append(keys, key(l))
		}
		to[key(l)] = l
	}
	var out []LineDelta
	for _, k := range keys {
		la, lb := from[k], to[k]
		if la.Monthly == lb.Monthly && la.Quantity == lb.Quantity && la.Known == lb.Known {
			continue
		}
		item, res, _ := strings.Cut(k, "\x00")
		out = append(out, LineDelta{Item: item, Resource: res, From: la.Monthly, To: lb.Monthly, QuantityFrom: la.Quantity, QuantityTo: lb.Quantity})
	}
	return out
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func signedMoney(m Money) string {
	if m > 0 {
		return "+" + m.String()
	}
	return m.String()
}

func refList(rs []ResourceRef) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, ShortType(r.Type)+" "+r.Name)
	}
	return strings.Join(parts, ", ")
}

// Text renders the comparison for a terminal.
func (c Comparison) Text() string { return c.render(false) }

// Markdown renders the comparison for a pull-request comment.
func (c Comparison) Markdown() string { return c.render(true) }

func (c Comparison) render(md bool) string {
	o := &out{md: md}
	title := fmt.Sprintf("Plan difference: %s → %s", c.From, c.To)
	if md {
		fmt.Fprintf(&o.b, "# %s\n\n", title)
	} else {
		o.para(title)
	}
	o.heading(fmt.Sprintf("Resources: %d → %d (%s)", c.ResourcesFrom, c.ResourcesTo, signed(c.ResourcesTo-c.ResourcesFrom)))
	if len(c.Types) == 0 && len(c.Added) == 0 && len(c.Removed) == 0 {
		o.para("The same resources.")
	} else {
		var rows [][]string
		for _, t := range c.Types {
			rows = append(rows, []string{ShortType(t.Type), fmt.Sprint(t.From), fmt.Sprint(t.To), signed(t.To - t.From)})
		}
		if len(rows) > 0 {
			o.table([]string{"type", c.From, c.To, "change"}, []bool{false, true, true, true}, rows)
		}
		var items []string
		if len(c.Added) > 0 {
			items = append(items, "added: "+refList(c.Added))
		}
		if len(c.Removed) > 0 {
			items = append(items, "removed: "+refList(c.Removed))
		}
		o.list(items...)
	}
	o.heading("Times (modelled)")
	items := []string{fmt.Sprintf("critical path of `pulumi up`: %s → %s", Duration(c.CriticalPathFrom), Duration(c.CriticalPathTo))}
	for _, r := range c.Releases {
		items = append(items, fmt.Sprintf("release %s: all traffic shifted %s → %s; complete %s → %s",
			r.DeploymentGroup, Duration(r.ShiftFrom), Duration(r.ShiftTo), Duration(r.CompleteFrom), Duration(r.CompleteTo)))
		for _, rc := range r.Costs {
			items = append(items, fmt.Sprintf("release %s, a month of releases in %s: %s → %s", r.DeploymentGroup, rc.Region, rc.From, rc.To))
		}
	}
	o.list(items...)
	o.heading("Fixed monthly cost")
	var rows [][]string
	for _, cd := range c.Costs {
		rows = append(rows, []string{cd.Region, cd.From.String(), cd.To.String(), signedMoney(cd.To - cd.From)})
	}
	o.table([]string{"region", c.From, c.To, "change"}, []bool{false, true, true, true}, rows)
	for _, cd := range c.Costs {
		if len(cd.Lines) == 0 {
			continue
		}
		o.para(fmt.Sprintf("Lines that differ in %s:", cd.Region))
		var lr [][]string
		for _, l := range cd.Lines {
			lr = append(lr, []string{l.Item, l.Resource, l.From.String(), l.To.String(), signedMoney(l.To - l.From)})
		}
		o.table([]string{"item", "resource", c.From, c.To, "change"}, []bool{false, false, true, true, true}, lr)
	}
	return strings.TrimRight(o.b.String(), "\n") + "\n"
}
