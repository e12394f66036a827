package plancmd

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/docgen"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
)

// The generated regions the plan writes, as internal/docgen names and
// writes regions:
//
//	<!-- BEGIN GENERATED: architecture (...) -->
//	<!-- END GENERATED: architecture -->
const (
	// RegionArchitecture holds a stack's diagram (--stack), in
	// ArchitectureFile.
	RegionArchitecture = "architecture"
	// RegionTimeAndCost holds every stack's critical path, release times,
	// fixed monthly cost and release costs, in TimeAndCostFile.
	RegionTimeAndCost = "time-and-cost"
)

// The files that hold the regions, relative to the project's directory.
const (
	ArchitectureFile = "README.md"
	TimeAndCostFile  = "docs/cost.md"
)

// Region is one generated region, the file that holds it, and what it
// should hold.
type Region struct {
	Name    string
	File    string // relative to the project's directory, slash-separated
	Content string
}

// ReadmeRegions returns what the plan's generated regions hold: the
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
		{RegionArchitecture, ArchitectureFile, plan.MermaidBlock(doc.Mermaid)},
		{RegionTimeAndCost, TimeAndCostFile, plan.TimeAndCost(docs)},
	}, nil
}

// WriteReadme rewrites the generated regions (ReadmeRegions) in their
// files and reports whether a file changed. It reads every file before it
// writes one: a file without its region changes nothing.
func (p Planner) WriteReadme(stack string) (bool, error) {
	regions, err := p.ReadmeRegions(stack)
	if err != nil {
		return false, err
	}
	var files []string
	old, updated := map[string]string{}, map[string]string{}
	for _, r := range regions {
		if _, ok := old[r.File]; !ok {
			b, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(r.File)))
			if err != nil {
				return false, err
			}
			files = append(files, r.File)
			old[r.File], updated[r.File] = string(b), string(b)
		}
		if updated[r.File], err = docgen.ReplaceRegion(updated[r.File], r.Name, r.Content); err != nil {
			return false, fmt.Errorf("%s: %w", r.File, err)
		}
	}
	changed := false
	for _, f := range files {
		if updated[f] == old[f] {
			continue
		}
		changed = true
		if err := os.WriteFile(filepath.Join(p.Dir, filepath.FromSlash(f)), []byte(updated[f]), 0o644); err != nil {
			return false, err
		}
	}
	return changed, nil
}
