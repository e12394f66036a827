package plancmd

import (
	"os"
	"path/filepath"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
)

// The README regions the plan generates, as internal/docgen names and
// writes regions:
//
//	<!-- BEGIN GENERATED: architecture (...) -->
//	<!-- END GENERATED: architecture -->
const (
	// RegionArchitecture holds a stack's diagram (--stack).
	RegionArchitecture = "architecture"
	// RegionTimeAndCost holds every stack's critical path, release times,
	// fixed monthly cost and release costs.
	RegionTimeAndCost = "time-and-cost"
)

// Region is one generated README region and what it should hold.
type Region struct {
	Name    string
	Content string
}

// ReadmeRegions returns what the README's generated regions hold: the
// architecture of stack, and the time and cost of every stack of the
// project, in name order.
func (p Planner) ReadmeRegions(stack string) ([]Region, error) {
	doc, err := p.Plan(stack)
	if err != nil {
		return nil, err
	}
	var docs []plan.Document
	for _, s := range stackfile.Stacks(p.Dir) {
		d, err := p.Plan(s)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return []Region{
		{RegionArchitecture, plan.MermaidBlock(doc.Mermaid)},
		{RegionTimeAndCost, plan.TimeAndCost(docs)},
	}, nil
}

// WriteReadme rewrites README.md's generated regions (ReadmeRegions) and
// reports whether the file changed.
func (p Planner) WriteReadme(stack string) (bool, error) {
	path := filepath.Join(p.Dir, "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	regions, err := p.ReadmeRegions(stack)
	if err != nil {
		return false, err
	}
	updated := string(b)
	for _, r := range regions {
		if updated, err = docgen.ReplaceRegion(updated, r.Name, r.Content); err != nil {
			return false, err
		}
	}
	if updated == string(b) {
		return false, nil
	}
	return true, os.WriteFile(path, []byte(updated), 0o644)
}
