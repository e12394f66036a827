package plan

import (
	"fmt"
	"slices"
	"strings"
)

// TimeAndCost renders the README's time-and-cost section from the plans of
// the project's stacks, in the order given: each stack's critical path,
// its release times, its fixed monthly cost in every priced region (its
// own region's figure in bold) with the lines behind it, and what a
// release adds. Every figure is the plans'; none is written by hand.
func TimeAndCost(docs []Document) string {
	var b strings.Builder
	row := func(cells ...string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	header := func(first string, right bool) {
		cells := []string{first}
		sep := []string{"---"}
		for _, d := range docs {
			cells = append(cells, d.Stack)
			if right {
				sep = append(sep, "---:")
			} else {
				sep = append(sep, "---")
			}
		}
		row(cells...)
		row(sep...)
	}
	each := func(f func(d Document) string) []string {
		var out []string
		for _, d := range docs {
			out = append(out, f(d))
		}
		return out
	}

	b.WriteString("**`pulumi up` critical path** (the longest chain of creations, typical create times; `internal/plan.CreateSeconds`):\n\n")
	b.WriteString("| stack | chain | total |\n|---|---|---:|\n")
	for _, d := range docs {
		var steps []string
		for _, s := range d.CriticalPath.Steps {
			steps = append(steps, fmt.Sprintf("%s %s", ShortType(s.Type)+" "+s.Name, Duration(s.Seconds)))
		}
		row(d.Stack, strings.Join(steps, " → "), "**"+Duration(d.CriticalPath.TotalSeconds)+"**")
	}

	b.WriteString("\n**Release times** (healthy = task start allowance + one health-check interval; shifted = healthy + the deployment configuration's schedule; complete = shifted + termination wait + deregistration delay; in brackets, when the first health check fails):\n\n")
	header("", false)
	release := func(f func(r Release) string) []string {
		return each(func(d Document) string {
			var out []string
			for _, r := range d.Releases {
				out = append(out, f(r))
			}
			return strings.Join(out, "; ")
		})
	}
	row(append([]string{"settings"}, release(func(r Release) string {
		return fmt.Sprintf("checks every %d s, threshold %d, deregistration %s, %s, original tasks kept %d min",
			r.HealthCheckIntervalSeconds, r.HealthyThresholdCount, Duration(r.DeregistrationDelaySeconds), r.Schedule, r.TerminationWaitMinutes)
	})...)...)
	row(append([]string{"new tasks healthy"}, release(func(r Release) string {
		return fmt.Sprintf("%s (%s)", Duration(r.HealthySeconds), Duration(r.SlowHealthySeconds))
	})...)...)
	row(append([]string{"all production traffic shifted"}, release(func(r Release) string {
		return fmt.Sprintf("**%s** (%s)", Duration(r.ShiftSeconds), Duration(r.SlowShiftSeconds))
	})...)...)
	row(append([]string{"release complete (original tasks gone)"}, release(func(r Release) string {
		return fmt.Sprintf("%s (%s)", Duration(r.CompleteSeconds), Duration(r.SlowCompleteSeconds))
	})...)...)

	if len(docs) == 0 || len(docs[0].Costs) == 0 {
		return b.String()
	}
	first := docs[0]
	fmt.Fprintf(&b, "\n**Fixed monthly cost** (on-demand prices as of %s, %d h a month, before taxes, discounts and free tier; usage-based charges, such as NAT gateway data processing, load balancer capacity units, logs and data transfer, are not included; the stack's own region in bold):\n\n",
		first.PricesAsOf, first.HoursPerMonth)
	regions := []string{"stack"}
	sep := []string{"---"}
	for _, c := range first.Costs {
		regions = append(regions, c.Region)
		sep = append(sep, "---:")
	}
	row(regions...)
	row(sep...)
	for _, d := range docs {
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
		row(cells...)
	}

	b.WriteString("\nThe lines behind each total, in the stack's own region:\n\n")
	header("item", true)
	var items []string
	for _, d := range docs {
		for _, l := range d.ownCost().Lines {
			if !slices.Contains(items, l.Item) {
				items = append(items, l.Item)
			}
		}
	}
	for _, item := range items {
		row(append([]string{item}, each(func(d Document) string {
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
	row(append([]string{"total"}, each(func(d Document) string {
		return fmt.Sprintf("**%s** (%s)", d.ownCost().Total, d.ownCost().Region)
	})...)...)

	fmt.Fprintf(&b, "\n**What a release adds** (both task sets run until the original tasks are gone; managed scaling adds instances only when those at rest cannot hold both; priced in the stack's own region, for one release and for a month of %d; formulas in `internal/plan/releasecost.go`):\n\n", first.ReleasesPerMonth)
	header("", false)
	usage := func(f func(d Document, u ReleaseUsage) string) []string {
		return each(func(d Document) string {
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
	row(append([]string{"both task sets run"}, usage(func(_ Document, u ReleaseUsage) string {
		return fmt.Sprintf("%s, %s", Duration(u.OverlapSeconds), count(u.Tasks, "task"))
	})...)...)
	row(append([]string{"extra task-hours"}, usage(func(_ Document, u ReleaseUsage) string { return hours(u.TaskSeconds) })...)...)
	row(append([]string{"instances in a release (at rest)"}, usage(func(_ Document, u ReleaseUsage) string {
		return fmt.Sprintf("%d (%d), %d tasks to a %s", u.InstancesInRelease, u.InstancesAtRest, u.TasksPerInstance, u.InstanceType)
	})...)...)
	row(append([]string{"extra instance-hours"}, usage(func(_ Document, u ReleaseUsage) string { return hours(u.ExtraInstanceSeconds) })...)...)
	row(append([]string{"per release; a month of releases"}, usage(func(d Document, u ReleaseUsage) string {
		for _, c := range u.Costs {
			if c.Region == d.Region && c.Known {
				return fmt.Sprintf("%s; **%s** (%s)", c.PerRelease, c.Month, c.Region)
			}
		}
		return "price unknown"
	})...)...)
	return b.String()
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
