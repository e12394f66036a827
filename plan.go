package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/pulumitest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// The offline plan: `go run . plan` runs this program for a stack under
// Pulumi's mocks (internal/pulumitest), in-process, with no credentials and
// no Pulumi CLI, and prints what internal/plan models from what was
// registered. This file is the glue: flags, reading Pulumi.yaml and the
// stack file as the CLI would, running run(ctx), comparing, and keeping the
// README's diagram in step.

const planUsage = `usage: go run . plan [flags]

Runs the program for a stack under Pulumi's mocks (no credentials, no Pulumi
CLI) and prints what it would create as a tree, the architecture as a Mermaid
flowchart, the modelled critical path of ` + "`pulumi up`" + `, the modelled release times
and the fixed monthly cost in us-east-1 and ap-northeast-2.

  --stack NAME            the stack to plan, from Pulumi.NAME.yaml (default dev)
  --format FORMAT         text (default), markdown, json, or mermaid (the diagram only)
  --compare STACK         print the difference from --stack to STACK
  --compare-commit REV    print the difference from the stack at commit REV to
                          the working tree (builds REV's program in a temporary
                          directory; REV must have the plan command)
  --write-readme          rewrite README.md's generated architecture region
                          from the stack's diagram
`

// Formats of the plan's output.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatJSON     = "json"
	formatMermaid  = "mermaid"
)

// The README region the architecture diagram is generated into.
const (
	readmeBegin = "<!-- BEGIN GENERATED: architecture (go run . plan --format mermaid) -->"
	readmeEnd   = "<!-- END GENERATED: architecture -->"
)

// planCommand runs `plan` with args (after the word "plan") and returns the
// process's exit code: 0, 1 on failure, 2 on a usage error.
func planCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprint(stderr, planUsage) }
	stack := fs.String("stack", "dev", "")
	format := fs.String("format", formatText, "")
	compare := fs.String("compare", "", "")
	compareCommit := fs.String("compare-commit", "", "")
	writeReadme := fs.Bool("write-readme", false, "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	usage := func(msg string) int {
		_, _ = fmt.Fprintf(stderr, "plan: %s\n\n%s", msg, planUsage)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case !slices.Contains([]string{formatText, formatMarkdown, formatJSON, formatMermaid}, *format):
		return usage(fmt.Sprintf("--format %q: use text, markdown, json or mermaid", *format))
	case *compare != "" && *compareCommit != "":
		return usage("--compare and --compare-commit: give one")
	case (*compare != "" || *compareCommit != "") && *format == formatMermaid:
		return usage("--format mermaid prints one stack's diagram: a comparison prints as text, markdown or json")
	case *writeReadme && (*compare != "" || *compareCommit != ""):
		return usage("--write-readme writes one stack's diagram: drop --compare")
	}

	p := planner{dir: ".", runAt: goRunPlan}
	if err := p.main(*stack, *format, *compare, *compareCommit, *writeReadme, stdout, stderr); err != nil {
		_, _ = fmt.Fprintf(stderr, "plan: %v\n", err)
		return 1
	}
	return 0
}

// planner plans the stacks of the project in dir.
type planner struct {
	dir string
	// runAt runs the plan command of the program in dir with args and
	// returns what it printed: the hook --compare-commit uses.
	runAt func(dir string, args ...string) ([]byte, error)
}

func (p planner) main(stack, format, compare, compareCommit string, writeReadme bool, stdout, stderr io.Writer) error {
	doc, err := p.plan(stack)
	if err != nil {
		return err
	}
	switch {
	case writeReadme:
		changed, err := p.writeReadme(doc)
		if err != nil {
			return err
		}
		msg := "README.md: architecture already matches stack %s\n"
		if changed {
			msg = "README.md: architecture updated from stack %s\n"
		}
		_, err = fmt.Fprintf(stderr, msg, stack)
		return err
	case compare != "":
		other, err := p.plan(compare)
		if err != nil {
			return err
		}
		return printComparison(stdout, format, plan.Compare(stack, doc, compare, other))
	case compareCommit != "":
		before, err := p.planAtCommit(compareCommit, stack)
		if err != nil {
			return err
		}
		return printComparison(stdout, format, plan.Compare(stack+" at "+compareCommit, before, stack+" (working tree)", doc))
	}
	var out []byte
	switch format {
	case formatJSON:
		if out, err = doc.JSON(); err != nil {
			return err
		}
	case formatMermaid:
		out = []byte(doc.Mermaid)
	case formatMarkdown:
		out = []byte(doc.Markdown())
	default:
		out = []byte(doc.Text())
	}
	_, err = stdout.Write(out)
	return err
}

func printComparison(w io.Writer, format string, c plan.Comparison) error {
	var out []byte
	switch format {
	case formatJSON:
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			return err
		}
		out = append(b, '\n')
	case formatMarkdown:
		out = []byte(c.Markdown())
	default:
		out = []byte(c.Text())
	}
	_, err := w.Write(out)
	return err
}

// plan runs the program for a stack under mocks and models it.
func (p planner) plan(stack string) (plan.Document, error) {
	project, cfg, err := readStackConfig(p.dir, stack)
	if err != nil {
		return plan.Document{}, err
	}
	region := cfg["aws:region"]
	rs, err := registered(project, stack, cfg, regionZones(region))
	if err != nil {
		return plan.Document{}, fmt.Errorf("stack %s: %w", stack, err)
	}
	doc, err := plan.Build(project, stack, region, rs, plan.Options{})
	if err != nil {
		return plan.Document{}, fmt.Errorf("stack %s: %w", stack, err)
	}
	return doc, nil
}

// regionZones are the availability zones the mocks report for a region:
// the region's zone names for the regions the price table has, three
// zones otherwise (the plan cannot ask AWS; `pulumi up` checks the real
// number), and the mocks' default without a region.
func regionZones(region string) []string {
	letters := "abc"
	switch region {
	case "":
		return nil
	case "us-east-1":
		letters = "abcdef"
	case "ap-northeast-2":
		letters = "abcd"
	}
	var zones []string
	for _, l := range letters {
		zones = append(zones, region+string(l))
	}
	return zones
}

// recordingMocks are internal/pulumitest's mocks, also keeping the id and
// outputs each resource got, so that the plan can follow an input holding
// an id or ARN back to its resource.
type recordingMocks struct {
	*pulumitest.Mocks
	mu      sync.Mutex
	answers map[string]mockAnswer
}

type mockAnswer struct {
	id      string
	outputs resource.PropertyMap
}

func answerKey(typ, name, parent string) string { return typ + "\x00" + name + "\x00" + parent }

// NewResource implements pulumi.MockResourceMonitor.
func (m *recordingMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id, outs, err := m.Mocks.NewResource(args)
	if err == nil {
		parent := ""
		if args.RegisterRPC != nil {
			parent = args.RegisterRPC.GetParent()
		}
		m.mu.Lock()
		m.answers[answerKey(args.TypeToken, args.Name, parent)] = mockAnswer{id: id, outputs: outs}
		m.mu.Unlock()
	}
	return id, outs, err
}

// registered runs the program (run) under the mocks as an update with the
// given configuration and returns what it registered.
func registered(project, stack string, cfg map[string]string, zones []string) ([]plan.Resource, error) {
	m := &recordingMocks{Mocks: &pulumitest.Mocks{Zones: zones}, answers: map[string]mockAnswer{}}
	err := pulumi.RunErr(run, pulumi.WithMocks(project, stack, m), func(info *pulumi.RunInfo) {
		info.Config = cfg
		info.DryRun = false
	})
	if err != nil {
		return nil, err
	}
	// The mocks name URNs after their own test stack and project; the
	// engine's (parents, dependencies) are this stack's.
	mockPrefix := "urn:pulumi:" + pulumitest.Stack + "::" + pulumitest.Project + "::"
	prefix := "urn:pulumi:" + stack + "::" + project + "::"
	var out []plan.Resource
	for _, r := range m.Resources() {
		a := m.answers[answerKey(r.Type, r.Name, r.Parent)]
		urn, ok := strings.CutPrefix(r.URN, mockPrefix)
		if !ok {
			return nil, fmt.Errorf("%s %s: URN %s does not start with %s", r.Type, r.Name, r.URN, mockPrefix)
		}
		pr := plan.Resource{URN: prefix + urn, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom,
			Dependencies: slices.Clone(r.Dependencies), Inputs: r.Inputs.Mappable(), ID: a.id}
		if a.outputs != nil {
			pr.Outputs = a.outputs.Mappable()
		}
		out = append(out, pr)
	}
	return out, nil
}

// readStackConfig reads the configuration the Pulumi CLI would hand the
// program for a stack: Pulumi.yaml's values and defaults, overridden by
// Pulumi.<stack>.yaml, keys as "namespace:key" and values as strings
// (lists and objects as JSON). It returns the project's name too.
func readStackConfig(dir, stack string) (string, map[string]string, error) {
	var project struct {
		Name   string               `yaml:"name"`
		Config map[string]yaml.Node `yaml:"config"`
	}
	if err := readYAMLFile(filepath.Join(dir, "Pulumi.yaml"), &project); err != nil {
		return "", nil, err
	}
	if project.Name == "" {
		return "", nil, errors.New("the project file Pulumi.yaml has no name")
	}
	qualify := func(k string) string {
		if strings.Contains(k, ":") {
			return k
		}
		return project.Name + ":" + k
	}
	cfg := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(project.Config)) {
		n := project.Config[k]
		v := &n
		if n.Kind == yaml.MappingNode {
			v = nil
			for i := 0; i+1 < len(n.Content); i += 2 {
				if key := n.Content[i].Value; key == "value" || (key == "default" && v == nil) {
					v = n.Content[i+1]
				}
			}
			if v == nil {
				continue // declared without a default: the stack must set it
			}
		}
		s, err := configString(v)
		if err != nil {
			return "", nil, fmt.Errorf("in Pulumi.yaml, %s: %w", k, err)
		}
		cfg[qualify(k)] = s
	}

	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(path); err != nil {
		stacks, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
		var names []string
		for _, s := range stacks {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(s), "Pulumi."), ".yaml"))
		}
		return "", nil, fmt.Errorf("stack %q: no %s; the stacks are %s", stack, filepath.Base(path), strings.Join(names, ", "))
	}
	var stackFile struct {
		Config map[string]yaml.Node `yaml:"config"`
	}
	if err := readYAMLFile(path, &stackFile); err != nil {
		return "", nil, err
	}
	for _, k := range slices.Sorted(maps.Keys(stackFile.Config)) {
		n := stackFile.Config[k]
		s, err := configString(&n)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %s: %w", filepath.Base(path), k, err)
		}
		cfg[qualify(k)] = s
	}
	return project.Name, cfg, nil
}

func readYAMLFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

// configString turns a YAML value into the string the CLI passes: scalars
// as written, lists and objects as JSON. A secret cannot be read offline.
func configString(n *yaml.Node) (string, error) {
	if n.Kind == yaml.ScalarNode {
		return n.Value, nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "secure" {
				return "", errors.New("a secret: the offline plan cannot decrypt it; set a plain placeholder in a copy of the stack file to plan it")
			}
		}
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// writeReadme replaces README.md's architecture region with doc's diagram
// and reports whether the file changed.
func (p planner) writeReadme(doc plan.Document) (bool, error) {
	path := filepath.Join(p.dir, "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	updated, err := replaceReadmeRegion(string(b), readmeArchitecture(doc))
	if err != nil {
		return false, err
	}
	if updated == string(b) {
		return false, nil
	}
	return true, os.WriteFile(path, []byte(updated), 0o644)
}

// readmeArchitecture is what the README's architecture region holds.
func readmeArchitecture(doc plan.Document) string {
	return plan.MermaidBlock(doc.Mermaid)
}

// readmeRegion returns what README text holds between the architecture
// markers, without the newlines next to them.
func readmeRegion(readme string) (string, error) {
	_, after, ok := strings.Cut(readme, readmeBegin)
	if !ok {
		return "", fmt.Errorf("README.md has no line %s", readmeBegin)
	}
	inside, _, ok := strings.Cut(after, readmeEnd)
	if !ok {
		return "", fmt.Errorf("README.md has no line %s after the begin marker", readmeEnd)
	}
	return strings.TrimPrefix(inside, "\n"), nil
}

// replaceReadmeRegion puts content between the markers, leaving the rest
// of the README as it is.
func replaceReadmeRegion(readme, content string) (string, error) {
	if _, err := readmeRegion(readme); err != nil {
		return "", err
	}
	before, after, _ := strings.Cut(readme, readmeBegin)
	_, rest, _ := strings.Cut(after, readmeEnd)
	return before + readmeBegin + "\n" + content + readmeEnd + rest, nil
}

// planAtCommit plans the stack with the program as it was at commit rev:
// it extracts rev's tree with `git archive` (which changes nothing in the
// repository, unlike a worktree) into a temporary directory, runs that
// program's `plan --format json` there, and reads the result.
func (p planner) planAtCommit(rev, stack string) (plan.Document, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", append([]string{"-C", p.dir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return strings.TrimSpace(string(out)), nil
	}
	if strings.HasPrefix(rev, "-") {
		return plan.Document{}, fmt.Errorf("--compare-commit %q: give a commit, not an option", rev)
	}
	commit, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return plan.Document{}, fmt.Errorf("--compare-commit %q is not a commit of this repository: %w", rev, err)
	}
	prefix, err := git("rev-parse", "--show-prefix")
	if err != nil {
		return plan.Document{}, err
	}
	tmp, err := os.MkdirTemp("", "ecs-bluegreen-plan-")
	if err != nil {
		return plan.Document{}, err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // best effort: it is a temporary directory
	if err := extractCommit(p.dir, commit, tmp); err != nil {
		return plan.Document{}, err
	}
	out, err := p.runAt(filepath.Join(tmp, prefix), "--stack", stack, "--format", formatJSON)
	if err != nil {
		return plan.Document{}, fmt.Errorf("the program at %s: %w", rev, err)
	}
	doc, err := plan.ParseDocument(out)
	if err != nil {
		return plan.Document{}, fmt.Errorf("the program at %s printed no plan it can compare (does that commit have the plan command?): %w", rev, err)
	}
	return doc, nil
}

// extractCommit writes the tree of commit (of the repository dir is in)
// into dst.
func extractCommit(dir, commit, dst string) error {
	cmd := exec.Command("git", "-C", dir, "archive", "--format=tar", commit)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	archive, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git archive %s: %w: %s", commit, err, strings.TrimSpace(stderr.String()))
	}
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive %s: %w", commit, err)
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("git archive %s: path %q leaves the directory", commit, h.Name)
		}
		target := filepath.Join(dst, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return fmt.Errorf("git archive %s: %w", commit, err)
			}
			if err := os.WriteFile(target, b, os.FileMode(h.Mode)&0o777); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.Symlink(h.Linkname, target); err != nil {
				return err
			}
		}
	}
}

// goRunPlan runs `go run . plan args...` in dir, the way a contributor
// would, and returns its standard output.
func goRunPlan(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"run", ".", "plan"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + " ..."
		}
		return nil, fmt.Errorf("go run . plan %s: %w: %s", strconv.Quote(strings.Join(args, " ")), err, msg)
	}
	return out, nil
}
