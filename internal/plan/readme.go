package plan

import (
	"fmt"
	"slices"
	"strings"
)

// TimeAndCost renders the time-and-cost section of docs/cost.md from the plans of
// the project's stacks, in the order given: each stack's critical path,
// its release times, its fixed monthly cost in every priced region (its
// own region's figure in bold) with the lines behind it, and what a
// release adds. Every figure is the plans'; none is written by hand.
func TimeAndCost(docs []Document) string {
	s := &stackTables{docs: docs}
	s.criticalPaths()
	s.releaseTimes()
	if len(docs) == 0 || len(docs[0].Costs) == 0 {
		return s.b.String()
	}
	s.fixedCosts()
	s.costLines()
	s.releaseCost()
	return s.b.String()
}

// stackTables writes Markdown tables with a column (or a row) per stack.
type stackTables struct {
	b    strings.Builder
	docs []Document
}

// row writes one table row.
func (s *stackTables) row(cells ...string) {
	s.b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// header writes a table's head: first, then a column per stack, aligned
// right when right.
func (s *stackTables) header(first string, right bool) {
	cells := []string{first}
	sep := []string{"---"}
	for _, d := range s.docs {
		cells = append(cells, d.Stack)
		if right {
			sep = append(sep, "---:")
		} else {
			sep = append(sep, "---")
		}
	}
	s.row(cells...)
	s.row(sep...)
}

// each is f of every stack, in order: the cells of a row.
func (s *stackTables) each(f func(d Document) string) []string {
	var out []string
	for _, d := range s.docs {
		out = append(out, f(d))
	}
	return out
}

// criticalPaths writes each stack's `pulumi up` critical path.
func (s *stackTables) criticalPaths() {
	s.b.WriteString("**`pulumi up` critical path** (the longest chain of creations, typical create times; `internal/plan.CreateSeconds`):\n\n")
	s.b.WriteString("| stack | chain | total |\n|---|---|---:|\n")
	for _, d := range s.docs {
		var steps []string
		for _, st := range d.CriticalPath.Steps {
			steps = append(steps, fmt.Sprintf("%s %s", ShortType(st.Type)+" "+st.Name, Duration(st.Seconds)))
		}
		s.row(d.Stack, strings.Join(steps, " → "), "**"+Duration(d.CriticalPath.TotalSeconds)+"**")
	}
}

// releaseTimes writes each stack's release settings and times.
func (s *stackTables) releaseTimes() {
	s.b.WriteString("\n**Release times** (healthy = task start allowance + one health-check interval; shifted = healthy + the validation hook, one second an answer (its whole budget in brackets), + the deployment configuration's schedule; complete = shifted + termination wait + deregistration delay; in brackets, when the first health check fails):\n\n")
	s.header("", false)
	release := func(f func(r Release) string) []string {
		return s.each(func(d Document) string {
			var out []string
			for _, r := range d.Releases {
				out = append(out, f(r))
			}
			return strings.Join(out, "; ")
		})
	}
	s.row(append([]string{"settings"}, release(func(r Release) string {
		return fmt.Sprintf("checks every %d s, threshold %d, deregistration %s, %s, original tasks kept %d min",
			r.HealthCheckIntervalSeconds, r.HealthyThresholdCount, Duration(r.DeregistrationDelaySeconds), r.Schedule, r.TerminationWaitMinutes)
	})...)...)
	s.row(append([]string{"new tasks healthy"}, release(func(r Release) string {
		return fmt.Sprintf("%s (%s)", Duration(r.HealthySeconds), Duration(r.SlowHealthySeconds))
	})...)...)
	s.row(append([]string{"all production traffic shifted"}, release(func(r Release) string {
		return fmt.Sprintf("**%s** (%s)", Duration(r.ShiftSeconds), Duration(r.SlowShiftSeconds))
	})...)...)
	s.row(append([]string{"release complete (original tasks gone)"}, release(func(r Release) string {
		return fmt.Sprintf("%s (%s)", Duration(r.CompleteSeconds), Duration(r.SlowCompleteSeconds))
	})...)...)
}

// fixedCosts writes each stack's fixed monthly cost in every priced region
// (the regions of the first stack), its own region's in bold.
func (s *stackTables) fixedCosts() {
	first := s.docs[0]
	fmt.Fprintf(&s.b, "\n**Fixed monthly cost** (on-demand prices as of %s, %d h a month, before taxes, discounts and free tier; usage-based charges, such as NAT gateway data processing, load balancer capacity units, logs and data transfer, are not included; the stack's own region in bold):\n\n",
		first.PricesAsOf, first.HoursPerMonth)
	regions := []string{"stack"}
	sep := []string{"---"}
	for _, c := range first.Costs {
		regions = append(regions, c.Region)
		sep = append(sep, "---:")
	}
	s.row(regions...)
	s.row(sep...)
	for _, d := range s.docs {
		cells := []string{d.Stack}
		for _, c := range d.Costs {
			t := c.Total.String()
			if len(c.Unknown) > 0 {
				t += " + price unknown"
			}
			if c.Region == d.Region {
				t = "**" + t + "**"
			}
			cells = append(cells, t)
		}
		s.row(cells...)
	}
}

// costLines writes the lines behind each stack's total in its own region:
// a row per item, summed over the lines of that item.
func (s *stackTables) costLines() {
	s.b.WriteString("\nThe lines behind each total, in the stack's own region:\n\n")
	s.header("item", true)
	var items []string
	for _, d := range s.docs {
		for _, l := range d.ownCost().Lines {
			if !slices.Contains(items, l.Item) {
				items = append(items, l.Item)
			}
		}
	}
	for _, item := range items {
		s.row(append([]string{item}, s.each(func(d Document) string {
			var sum Money
			n := 0
			for _, l := range d.ownCost().Lines {
				if l.Item == item && l.Known {
					sum += l.Monthly
					n++
				}
			}
			switch n {
			case 0:
				return "—"
			case 1:
				return sum.String()
			}
			return fmt.Sprintf("%s (%d lines)", sum, n)
		})...)...)
	}
	s.row(append([]string{"total"}, s.each(func(d Document) string {
		return fmt.Sprintf("**%s** (%s)", d.ownCost().Total, d.ownCost().Region)
	})...)...)
}

// releaseCost writes what a release adds to each stack: the overlap of
// the two task sets, the extra task- and instance-hours and their price.
func (s *stackTables) releaseCost() {
	fmt.Fprintf(&s.b, "\n**What a release adds** (both task sets run until the original tasks are gone; managed scaling adds instances only when those at rest cannot hold both; priced in the stack's own region, for one release and for a month of %d; formulas in `internal/plan/releasecost.go`):\n\n", s.docs[0].ReleasesPerMonth)
	s.header("", false)
	usage := func(f func(d Document, u ReleaseUsage) string) []string {
		return s.each(func(d Document) string {
			var out []string
			for _, u := range d.ReleaseUsage {
				if !u.Known {
					out = append(out, "not modelled: "+u.Why)
					continue
				}
				out = append(out, f(d, u))
			}
			return strings.Join(out, "; ")
		})
	}
	s.row(append([]string{"both task sets run"}, usage(func(_ Document, u ReleaseUsage) string {
		return fmt.Sprintf("%s, %s", Duration(u.OverlapSeconds), count(u.Tasks, "task"))
	})...)...)
	s.row(append([]string{"extra task-hours"}, usage(func(_ Document, u ReleaseUsage) string { return hours(u.TaskSeconds) })...)...)
	s.row(append([]string{"instances in a release (at rest)"}, usage(func(_ Document, u ReleaseUsage) string {
		return fmt.Sprintf("%d (%d), %d tasks to a %s", u.InstancesInRelease, u.InstancesAtRest, u.TasksPerInstance, u.InstanceType)
	})...)...)
	s.row(append([]string{"extra instance-hours"}, usage(func(_ Document, u ReleaseUsage) string { return hours(u.ExtraInstanceSeconds) })...)...)
	s.row(append([]string{"per release; a month of releases"}, usage(func(d Document, u ReleaseUsage) string {
		for _, c := range u.Costs {
			if c.Region == d.Region && c.Known {
				return fmt.Sprintf("%s; **%s** (%s)", c.PerRelease, c.Month, c.Region)
			}
		}
		return "price unknown"
	})...)...)
}

// ownCost is the cost report of the stack's own region, or the first.
func (d Document) ownCost() CostReport {
	for _, c := range d.Costs {
		if c.Region == d.Region {
			return c
		}
	}
	if len(d.Costs) > 0 {
		return d.Costs[0]
	}
	return CostReport{}
}
