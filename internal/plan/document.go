package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// SchemaVersion is the version of Document's JSON form. A comparison
// refuses a document of another version.
const SchemaVersion = 1

// ResourceRef names one resource of a plan, the same way in any stack.
type ResourceRef struct {
	// Key is the URN without stack and project: the qualified type and the
	// name, unique in a stack and equal across stacks and commits.
	Key string `json:"key"`
	// Type and Name are the resource's type token and logical name.
	Type string `json:"type"`
	Name string `json:"name"`
	// Custom is true for a cloud resource, false for a component.
	Custom bool `json:"custom"`
}

// Document is a stack's offline plan: everything `go run ./cmd/plan` prints,
// and, in JSON, what a comparison reads.
type Document struct {
	SchemaVersion int `json:"schemaVersion"`
	// Project, Stack and Region say what was planned; Region is the stack's
	// aws:region ("" when unset).
	Project string `json:"project"`
	Stack   string `json:"stack"`
	Region  string `json:"region"`
	// Resources are every registered resource, sorted by key.
	Resources []ResourceRef `json:"resources"`
	// Tree is the resources by component.
	Tree TreeNode `json:"tree"`
	// Mermaid is the architecture flowchart.
	Mermaid string `json:"mermaid"`
	// CriticalPath is the modelled critical path of `pulumi up`.
	CriticalPath CriticalPath `json:"criticalPath"`
	// Releases are the modelled release times, one per deployment group.
	Releases []Release `json:"releases"`
	// ReleasesPerMonth is the N of the release costs' "a month of N
	// releases".
	ReleasesPerMonth int `json:"releasesPerMonth"`
	// ReleaseUsage is what each deployment group's release adds to the
	// fixed month, and its price.
	ReleaseUsage []ReleaseUsage `json:"releaseUsage"`
	// PricesAsOf and HoursPerMonth are the price table's.
	PricesAsOf    string `json:"pricesAsOf"`
	HoursPerMonth int64  `json:"hoursPerMonth"`
	// Costs are the fixed monthly cost in each region of the price table.
	Costs []CostReport `json:"costs"`
}

// Build models a stack from what its program registered.
func Build(project, stack, region string, rs []Resource, opts Options) (Document, error) {
	if opts.ReleasesPerMonth == 0 {
		opts.ReleasesPerMonth = DefaultReleasesPerMonth
	}
	d := Document{SchemaVersion: SchemaVersion, Project: project, Stack: stack, Region: region,
		PricesAsOf: Prices.AsOf, HoursPerMonth: Prices.HoursPerMonth, ReleasesPerMonth: opts.ReleasesPerMonth}
	for _, r := range rs {
		d.Resources = append(d.Resources, ResourceRef{Key: resourceKey(r.URN), Type: r.Type, Name: r.Name, Custom: r.Custom})
	}
	slices.SortFunc(d.Resources, func(a, b ResourceRef) int { return strings.Compare(a.Key, b.Key) })
	var err error
	if d.Tree, err = BuildTree(project+"-"+stack, rs); err != nil {
		return Document{}, err
	}
	if d.Mermaid, err = Mermaid(rs); err != nil {
		return Document{}, err
	}
	if d.CriticalPath, err = ComputeCriticalPath(rs, CreateSeconds); err != nil {
		return Document{}, err
	}
	settings, err := ReleaseSettingsOf(rs)
	if err != nil {
		return Document{}, err
	}
	for _, s := range settings {
		d.Releases = append(d.Releases, ModelRelease(s))
	}
	if d.ReleaseUsage, err = ModelReleaseUsage(rs, d.Releases, opts.Capacity, Prices, opts.ReleasesPerMonth); err != nil {
		return Document{}, err
	}
	for _, p := range Prices.Regions {
		c, err := EstimateCost(rs, Prices, p.Region)
		if err != nil {
			return Document{}, err
		}
		d.Costs = append(d.Costs, c)
	}
	return d, nil
}

// resourceKey drops "urn:pulumi:<stack>::<project>::" from a URN.
func resourceKey(urn string) string {
	parts := strings.SplitN(urn, "::", 3)
	if len(parts) < 3 {
		return urn
	}
	return parts[2]
}

// ParseDocument reads a Document's JSON form, refusing another schema
// version.
func ParseDocument(b []byte) (Document, error) {
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return Document{}, fmt.Errorf("plan: not a plan in JSON: %w", err)
	}
	if d.SchemaVersion != SchemaVersion {
		return Document{}, fmt.Errorf("plan: the plan's schema version is %d, this program reads %d", d.SchemaVersion, SchemaVersion)
	}
	return d, nil
}

// JSON returns the document's indented JSON form.
func (d Document) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Duration formats seconds as "40 s", "3 min 20 s" or "1 h 6 min 45 s".
func Duration(seconds int) string {
	if seconds < 0 {
		return "-" + Duration(-seconds)
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	return strings.Join(parts, " ")
}

// out writes text or Markdown: headings, paragraphs, tables, code.
type out struct {
	md bool
	b  strings.Builder
}

func (o *out) heading(s string) {
	if o.md {
		fmt.Fprintf(&o.b, "## %s\n\n", s)
		return
	}
	fmt.Fprintf(&o.b, "== %s\n\n", s)
}

func (o *out) para(lines ...string) {
	for _, l := range lines {
		o.b.WriteString(l + "\n")
	}
	o.b.WriteString("\n")
}

func (o *out) list(items ...string) {
	for _, it := range items {
		o.b.WriteString("- " + it + "\n")
	}
	o.b.WriteString("\n")
}

func (o *out) code(lang, s string) {
	if o.md {
		fmt.Fprintf(&o.b, "```%s\n%s```\n\n", lang, s)
		return
	}
	o.b.WriteString(s + "\n")
}

// table writes rows under a header: a Markdown table, or columns aligned
// with spaces (right-aligned where right[i]).
func (o *out) table(header []string, right []bool, rows [][]string) {
	if o.md {
		o.b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
		for i := range header {
			if i < len(right) && right[i] {
				o.b.WriteString("---:|")
			} else {
				o.b.WriteString("---|")
			}
		}
		o.b.WriteString("\n")
		for _, r := range rows {
			o.b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		}
		o.b.WriteString("\n")
		return
	}
	width := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var cells []string
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < len(right) && right[i] {
				cells = append(cells, pad+c)
			} else if i < len(r)-1 {
				cells = append(cells, c+pad)
			} else {
				cells = append(cells, c)
			}
		}
		o.b.WriteString("  " + strings.Join(cells, "  ") + "\n")
	}
	o.b.WriteString("\n")
}

// Text renders the plan for a terminal.
func (d Document) Text() string { return d.render(false) }

// Markdown renders the plan for a pull-request comment or a README.
func (d Document) Markdown() string { return d.render(true) }

func (d Document) render(md bool) string {
	o := &out{md: md}
	region := d.Region
	if region == "" {
		region = "region not set"
	}
	title := fmt.Sprintf("Offline plan: %s, stack %s (%s)", d.Project, d.Stack, region)
	if md {
		fmt.Fprintf(&o.b, "# %s\n\n", title)
	} else {
		o.para(title)
	}
	o.para("The program ran under Pulumi's mocks: nothing was created, no credentials or Pulumi CLI were used. Times and costs are models; see internal/plan.")

	o.heading(fmt.Sprintf("Resources: %d in %d components", d.Tree.Resources, d.Tree.Components))
	o.code("text", d.Tree.Text())

	o.heading("Architecture")
	o.code("mermaid", d.Mermaid)

	d.renderCriticalPath(o)
	d.renderReleases(o)
	d.renderCosts(o)
	d.renderReleaseCosts(o)
	return strings.TrimRight(o.b.String(), "\n") + "\n"
}

func (d Document) renderCriticalPath(o *out) {
	cp := d.CriticalPath
	o.heading("Critical path of `pulumi up` (modelled): " + Duration(cp.TotalSeconds))
	var rows [][]string
	for _, s := range cp.Steps {
		took := Duration(s.Seconds)
		if s.Assumed {
			took += " (assumed)"
		}
		rows = append(rows, []string{Duration(s.StartSeconds), took, Duration(s.FinishSeconds), ShortType(s.Type) + " " + s.Name})
	}
	o.table([]string{"start", "takes", "done", "resource"}, []bool{true, true, true, false}, rows)
	notes := []string{"Every resource starts when all it depends on is created; create times per type are internal/plan.CreateSeconds (typical Terraform AWS provider create times, sources in its doc)."}
	if len(cp.AssumedTypes) > 0 {
		notes = append(notes, fmt.Sprintf("No create time for %s: %d s assumed.", strings.Join(cp.AssumedTypes, ", "), DefaultCreateSeconds))
	}
	for _, f := range cp.Findings {
		notes = append(notes, "Finding: "+f+".")
	}
	o.para(notes...)
}

func (d Document) renderReleases(o *out) {
	o.heading("Release times (modelled)")
	if len(d.Releases) == 0 {
		o.para("No CodeDeploy deployment group: nothing to model.")
		return
	}
	for _, r := range d.Releases {
		o.para(fmt.Sprintf("Deployment group %s: %s (%s); target groups check every %d s, healthy threshold %d, deregistration delay %s; original tasks kept %d min.",
			r.DeploymentGroup, r.DeploymentConfig, r.Schedule, r.HealthCheckIntervalSeconds, r.HealthyThresholdCount,
			Duration(r.DeregistrationDelaySeconds), r.TerminationWaitMinutes))
		sched := Duration(r.ScheduleSeconds)
		if !r.ScheduleKnown {
			sched = "unknown (custom)"
		}
		rows := [][]string{
			{"new tasks healthy", Duration(r.HealthySeconds), Duration(r.SlowHealthySeconds),
				fmt.Sprintf("task start %s + interval %s (slow start: + %d × %s more)", Duration(r.TaskStartSeconds), Duration(r.HealthCheckIntervalSeconds), r.HealthyThresholdCount, Duration(r.HealthCheckIntervalSeconds))},
			{"all traffic shifted", Duration(r.ShiftSeconds), Duration(r.SlowShiftSeconds), "healthy + schedule " + sched},
			{"release complete", Duration(r.CompleteSeconds), Duration(r.SlowCompleteSeconds),
				fmt.Sprintf("shifted + termination wait %s + deregistration delay %s", Duration(r.TerminationWaitMinutes*60), Duration(r.DeregistrationDelaySeconds))},
		}
		o.table([]string{"milestone", "expected", "slow start", "formula"}, []bool{false, true, true, false}, rows)
	}
	o.para(fmt.Sprintf("Expected: a new target is healthy after its first passing check, at most one interval after the task starts (task start: a fixed %d s allowance for placement, image pull and container start, on instances with room). Slow start: the first check fails and the target then needs healthy-threshold passing checks. See plan.Release.", TaskStartSeconds))
}

func (d Document) renderCosts(o *out) {
	o.heading(fmt.Sprintf("Fixed monthly cost (prices as of %s, %d h a month)", d.PricesAsOf, d.HoursPerMonth))
	if len(d.Costs) == 0 {
		o.para("No prices.")
		return
	}
	header := []string{"item", "resource"}
	right := []bool{false, false}
	for _, c := range d.Costs {
		h := c.Region
		if c.Region == d.Region {
			h += " (the stack's)"
		}
		header = append(header, h)
		right = append(right, true)
	}
	var rows [][]string
	for i, l := range d.Costs[0].Lines {
		row := []string{l.Item, l.Resource}
		for _, c := range d.Costs {
			cell := "—"
			if i < len(c.Lines) && c.Lines[i].Item == l.Item && c.Lines[i].Resource == l.Resource {
				cl := c.Lines[i]
				if cl.Known {
					cell = fmt.Sprintf("%s (%s)", cl.Monthly, cl.Quantity)
				} else {
					cell = "price unknown"
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	total := []string{"total", ""}
	for _, c := range d.Costs {
		t := c.Total.String()
		if len(c.Unknown) > 0 {
			t += " + price unknown"
		}
		total = append(total, t)
	}
	rows = append(rows, total)
	o.table(header, right, rows)
	first := d.Costs[0]
	notes := []string{fmt.Sprintf("%d other resources have no charge of their own (network plumbing, IAM, target groups, listeners, ECS, CodeDeploy). On-demand prices before taxes, discounts and free tier; sources in internal/plan/prices.go.", first.FreeResources)}
	for _, c := range d.Costs {
		if len(c.Unknown) > 0 {
			notes = append(notes, fmt.Sprintf("Price unknown in %s, left out of its total: %s.", c.Region, strings.Join(c.Unknown, "; ")))
		}
	}
	o.para(notes...)
	o.para("Not included (usage-based):")
	o.list(first.NotIncluded...)
}

func (d Document) renderReleaseCosts(o *out) {
	o.heading(fmt.Sprintf("Release costs (modelled, a month of %d releases)", d.ReleasesPerMonth))
	if len(d.ReleaseUsage) == 0 {
		o.para("No CodeDeploy deployment group: nothing to model.")
		return
	}
	for _, u := range d.ReleaseUsage {
		if !u.Known {
			o.para(fmt.Sprintf("Deployment group %s: not modelled (%s).", u.DeploymentGroup, u.Why))
			continue
		}
		o.para(fmt.Sprintf("Deployment group %s, service %s: %s, %d to an instance of %s over %d zones; %s at rest.",
			u.DeploymentGroup, u.Service, count(u.Tasks, "task"), u.TasksPerInstance, u.InstanceType, u.Zones, count(u.InstancesAtRest, "instance")))
		rows := [][]string{
			{"both task sets run", Duration(u.OverlapSeconds), "release complete: the original tasks stop after the termination wait and deregistration delay"},
			{"extra task-hours", hours(u.TaskSeconds), fmt.Sprintf("%d tasks × %s (no price of their own on EC2: the instances are priced)", u.Tasks, Duration(u.OverlapSeconds))},
			{"instances in a release", fmt.Sprint(u.InstancesInRelease), fmt.Sprintf("those holding 2 × %d tasks, %d to an instance, over %d zones; at least the %d at rest", u.Tasks, u.TasksPerInstance, u.Zones, u.InstancesAtRest)},
			{"extra instance-hours", hours(u.ExtraInstanceSeconds), fmt.Sprintf("%d extra × (%s + scale-in wait %s)", u.ExtraInstances, Duration(u.OverlapSeconds), Duration(u.ScaleInSeconds))},
		}
		o.table([]string{"quantity", "value", "formula"}, []bool{false, true, false}, rows)
		var cost [][]string
		for _, c := range u.Costs {
			region := c.Region
			if c.Region == d.Region {
				region += " (the stack's)"
			}
			per, month := c.PerRelease.String(), c.Month.String()
			if !c.Known {
				per, month = "price unknown", "price unknown"
			}
			cost = append(cost, []string{region, per, month, c.Quantity})
		}
		o.table([]string{"region", "per release", fmt.Sprintf("%d releases", d.ReleasesPerMonth), "per release ="}, []bool{false, true, true, false}, cost)
	}
	o.para(fmt.Sprintf("Per release = extra instance-hours × the instance's price + their volumes' GiB × the gp3 price × those hours ÷ %d; a month = N × per release (--releases N). Managed scaling adds instances only when the instances at rest cannot hold both task sets, and keeps them %s after (its scale-in wait). See plan.ReleaseUsage.", d.HoursPerMonth, Duration(ScaleInSeconds)))
}
