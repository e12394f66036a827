package docgen

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Package is one component package the reference covers: its directory
// and the component types it must declare.
type Package struct {
	Dir        string   // directory under the module root, e.g. "network"
	Components []string // component types, e.g. "VPC"
}

// Packages are the component packages, in the order the top-level README
// lists them. Each gets a README.md of its own (ReadmeFile); renaming a
// package's directory is a change of its line here and `make docs`.
var Packages = []Package{
	{"network", []string{"VPC"}},
	{"iam", []string{"Roles"}},
	{"alb", []string{"LoadBalancer"}},
	{"ecs", []string{"Cluster", "Service"}},
	{"registry", []string{"Repository"}},
	{"kms", []string{"LogKey"}},
	{"notify", []string{"Topic"}},
	{"waf", []string{"WebACL"}},
	{"validation", []string{"Hook"}},
	{"pipelineroles", []string{"GitHubRoles"}},
}

// Dirs returns the directories of pkgs, in order.
func Dirs(pkgs []Package) []string {
	dirs := make([]string, len(pkgs))
	for i, p := range pkgs {
		dirs[i] = p.Dir
	}
	return dirs
}

// The generated regions the reference fills.
const (
	// Region, in each package's README (ReadmeFile), holds the package's
	// synopsis, usage and component reference (PackageMarkdown).
	Region = "component-reference"
	// IndexRegion, in the top-level README, lists the packages (Index).
	IndexRegion = "packages"
	// ReadmeFile is a package's README, in its directory.
	ReadmeFile = "README.md"
)

// PackageDoc is what a package's README says: its synopsis, the examples
// of its constructors and its components.
type PackageDoc struct {
	Dir        string // directory under the module root
	Name       string // package name
	Synopsis   string // the package doc's first paragraph, on one line
	Components []Component
	Examples   []Example
}

// Example is one testable example of a component's constructor
// (ExampleNewVPC, ExampleNewVPC_natInstance).
type Example struct {
	Name string // the function's name
	File string // the _test.go file declaring it
	Doc  string // its doc comment on one line, without the leading name
	// Code is the program the example runs, as a function: the body of
	// its `program := func(ctx *pulumi.Context) error {...}`, or the
	// example's own body when it has no such literal.
	Code string
}

// LoadPackages parses the packages under root and returns what their
// READMEs say, in the order given.
func LoadPackages(root string, pkgs []Package) ([]PackageDoc, error) {
	var out []PackageDoc
	for _, p := range pkgs {
		dir := filepath.Join(root, p.Dir)
		src, err := parsePackage(dir)
		if err != nil {
			return nil, err
		}
		cs := src.components()
		exs, err := parseExamples(dir, cs)
		if err != nil {
			return nil, err
		}
		out = append(out, PackageDoc{Dir: p.Dir, Name: src.name, Synopsis: src.synopsis, Components: cs, Examples: exs})
	}
	return out, nil
}

// parseExamples returns the examples of the components' constructors in
// dir's test files: per component, in file name order and then source
// order.
func parseExamples(dir string, cs []Component) ([]Example, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("docgen: %w", err)
	}
	byConstructor := map[string][]Example{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("docgen: %w", err)
		}
		f, err := parser.ParseFile(fset, n, src, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("docgen: %w", err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "ExampleNew") {
				continue
			}
			constructor, _, _ := strings.Cut(strings.TrimPrefix(fn.Name.Name, "Example"), "_")
			byConstructor[constructor] = append(byConstructor[constructor], Example{
				Name: fn.Name.Name,
				File: n,
				Doc:  exampleDoc(fn.Name.Name, fn.Doc.Text()),
				Code: programSource(fset, src, fn),
			})
		}
	}
	var out []Example
	for _, c := range cs {
		out = append(out, byConstructor["New"+c.Name]...)
	}
	return out, nil
}

// exampleDoc is an example's doc on one line, without the function's name
// it starts with: "ExampleNewVPC_natInstance puts one NAT instance ..."
// becomes "Puts one NAT instance ...".
func exampleDoc(name, doc string) string {
	text := oneLine(doc)
	rest, ok := strings.CutPrefix(text, name+" ")
	if !ok {
		return text
	}
	r, size := utf8.DecodeRuneInString(rest)
	return string(unicode.ToUpper(r)) + rest[size:]
}

// programSource returns the program an example runs as the source of a
// function `program`: the func literal assigned to `program`, or else the
// example's whole body.
func programSource(fset *token.FileSet, src []byte, fn *ast.FuncDecl) string {
	body := fn.Body
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		lit, isLit := as.Rhs[0].(*ast.FuncLit)
		if ok && isLit && id.Name == "program" {
			body = lit.Body
			return false
		}
		return true
	})
	inner := string(src[fset.Position(body.Lbrace).Offset+1 : fset.Position(body.Rbrace).Offset])
	signature := "func program(ctx *pulumi.Context) error {"
	if body == fn.Body {
		signature = "func example() {"
	}
	return signature + "\n" + dedent(strings.TrimRight(strings.TrimLeft(inner, "\n"), " \t\n")) + "\n}"
}

// dedent removes from every line the tabs that all non-blank lines start
// with, less one: the body keeps one level of indentation.
func dedent(text string) string {
	lines := strings.Split(text, "\n")
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, "\t")); common < 0 || n < common {
			common = n
		}
	}
	cut := max(common-1, 0)
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = ""
			continue
		}
		lines[i] = l[cut:]
	}
	return strings.Join(lines, "\n")
}

// ModulePath reads the module path from root's go.mod.
func ModulePath(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("docgen: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if p, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(p), `"`), nil
		}
	}
	return "", fmt.Errorf("docgen: no module line in %s", filepath.Join(root, "go.mod"))
}

// PackageMarkdown renders a package README's generated region: the
// synopsis and import path, a Usage section with the constructors'
// examples, and the reference of each component (Markdown).
func PackageMarkdown(p PackageDoc, module string) string {
	var b strings.Builder
	b.WriteString("Generated from the Go source by `internal/docgen` (`make docs`): edit the godoc and the examples, not this section.\n\n")
	if p.Synopsis != "" {
		b.WriteString(cell(p.Synopsis) + "\n\n")
	}
	fmt.Fprintf(&b, "```go\nimport \"%s/%s\"\n```\n\n", module, p.Dir)
	fmt.Fprintf(&b, "Everything else the package exports: `go doc ./%s`.\n\n## Usage\n", p.Dir)
	for _, e := range p.Examples {
		b.WriteString("\n")
		if e.Doc != "" {
			b.WriteString(cell(e.Doc) + " ")
		}
		fmt.Fprintf(&b, "From `%s` in [`%s`](%s), which `go test` compiles and runs under Pulumi's mocks:\n\n", e.Name, e.File, e.File)
		fmt.Fprintf(&b, "```go\n%s\n```\n", e.Code)
	}
	b.WriteString(reference(p.Components, "##"))
	return b.String()
}

// PackageReadme is a new package README: a title and the generated region.
func PackageReadme(p PackageDoc, module string) string {
	return fmt.Sprintf("# `%s`\n\n<!-- BEGIN GENERATED: %s (internal/docgen; make docs) -->\n%s<!-- END GENERATED: %s -->\n",
		p.Name, Region, PackageMarkdown(p, module), Region)
}

// Index renders the top-level README's list of the packages: a link to
// each package's README, its components and the first sentence of its
// synopsis.
func Index(ps []PackageDoc) string {
	var b strings.Builder
	b.WriteString("| package | components | what it builds |\n|---|---|---|\n")
	for _, p := range ps {
		var names []string
		for _, c := range p.Components {
			names = append(names, "`"+p.Name+"."+c.Name+"`")
		}
		fmt.Fprintf(&b, "| [`%s/`](%s/%s) | %s | %s |\n", p.Dir, p.Dir, ReadmeFile, strings.Join(names, ", "), cell(summary(p.Name, p.Synopsis)))
	}
	return b.String()
}

// summary is a synopsis's first sentence without "Package name ", as a
// sentence of its own.
func summary(name, synopsis string) string {
	s := strings.TrimSpace(synopsis[:sentenceEnd(synopsis)])
	s = strings.TrimPrefix(s, "Package "+name+" ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), ":")
	if s == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:] + "."
}

// linkTarget finds a Markdown link's or image's target, without a title.
var linkTarget = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// inlineCode finds code spans, whose text is no link.
var inlineCode = regexp.MustCompile("`[^`\n]*`")

// relativeLinks returns the targets of doc's links that name a path in
// the repository: not a URL, not an anchor of the page itself; without
// their #fragment. Links inside code are no links.
func relativeLinks(doc string) []string {
	var text strings.Builder
	inFence := false
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
			continue
		}
		if !inFence {
			text.WriteString(inlineCode.ReplaceAllString(l, "") + "\n")
		}
	}
	var out []string
	for _, m := range linkTarget.FindAllStringSubmatch(text.String(), -1) {
		target, _, _ := strings.Cut(m[1], "#")
		if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		out = append(out, target)
	}
	return out
}
