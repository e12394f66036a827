// Package docgen renders each component package's README from its Go
// source: the package's synopsis, a Usage section made of its constructors'
// testable examples, and for each component (a struct embedding
// pulumi.ResourceState) its type token and constructor, an Inputs table of
// its Args fields (type, default, whether required, godoc) and an Outputs
// table of its output fields (registered name, type, godoc). It also renders
// the top-level README's list of the packages (Index).
//
// It reads source with go/parser only, so it builds in a second and needs
// neither the packages' dependencies nor a type checker. Its tests keep the
// READMEs in step with the code; `make docs` rewrites their regions.
package docgen

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Component is one component resource as its source declares it.
type Component struct {
	Package     string   // package name, e.g. "network"
	Name        string   // the component type, e.g. "VPC"
	Doc         string   // the component type's godoc
	TypeToken   string   // value of the <Name>Type constant; "" when missing
	Constructor string   // "New"+Name when declared; "" when missing
	ArgsType    string   // Name+"Args" when declared; "" when missing
	Inputs      []Input  // exported fields of the Args type, in source order
	Outputs     []Output // exported fields of the component type, in source order
	// Registered are the keys of the map the constructor passes to
	// RegisterResourceOutputs, in source order.
	Registered []string
}

// Input is one field of a component's Args type.
type Input struct {
	Name     string
	Type     string // Go type as written, e.g. "pulumi.StringInput"
	Default  string // the field doc's "Default: ..." sentence, constants resolved; "" when none
	Required bool   // the field doc (or the Args type's doc) says it is required
	Doc      string // godoc on one line, without the Default sentence
}

// Output is one output field of a component.
type Output struct {
	Name string
	Key  string // the `pulumi:"..."` tag: the name the output is registered under
	Type string // Go type as written, e.g. "pulumi.StringOutput"
	Doc  string // godoc on one line
}

// pkgSource is what Load reads from one package's non-test files.
type pkgSource struct {
	name     string
	synopsis string // the package doc's first paragraph, on one line
	types    map[string]*typeDecl
	order    []string          // type names in source order (file name order, then position)
	consts   map[string]string // literal constant values, strings unquoted
	funcs    map[string]*ast.FuncDecl
}

type typeDecl struct {
	doc    string
	fields *ast.FieldList // nil unless a struct
}

// Load parses the component packages under root (the module's directory)
// and returns their components, packages in the order given and components
// by type name within a package.
func Load(root string, pkgs ...string) ([]Component, error) {
	var out []Component
	for _, p := range pkgs {
		src, err := parsePackage(filepath.Join(root, p))
		if err != nil {
			return nil, err
		}
		out = append(out, src.components()...)
	}
	return out, nil
}

func parsePackage(dir string) (*pkgSource, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("docgen: %w", err)
	}
	src := &pkgSource{types: map[string]*typeDecl{}, consts: map[string]string{}, funcs: map[string]*ast.FuncDecl{}}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("docgen: %w", err)
		}
		src.name = f.Name.Name
		if f.Doc != nil && src.synopsis == "" {
			first, _, _ := strings.Cut(f.Doc.Text(), "\n\n")
			src.synopsis = oneLine(first)
		}
		src.add(f)
	}
	if src.name == "" {
		return nil, fmt.Errorf("docgen: no Go files in %s", dir)
	}
	return src, nil
}

func (s *pkgSource) add(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				s.funcs[d.Name.Name] = d
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					doc := spec.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					td := &typeDecl{doc: doc.Text()}
					if st, ok := spec.Type.(*ast.StructType); ok {
						td.fields = st.Fields
					}
					s.types[spec.Name.Name] = td
					s.order = append(s.order, spec.Name.Name)
				case *ast.ValueSpec:
					if d.Tok != token.CONST {
						continue
					}
					for i, n := range spec.Names {
						if i < len(spec.Values) {
							if v, ok := literal(spec.Values[i]); ok {
								s.consts[n.Name] = v
							}
						}
					}
				}
			}
		}
	}
}

// literal returns a basic literal's value, a string unquoted.
func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return "", false
	}
	if lit.Kind == token.STRING {
		v, err := strconv.Unquote(lit.Value)
		return v, err == nil
	}
	return lit.Value, true
}

// isComponent says whether a struct embeds pulumi.ResourceState.
func isComponent(fields *ast.FieldList) bool {
	if fields == nil {
		return false
	}
	for _, f := range fields.List {
		if len(f.Names) == 0 && types.ExprString(f.Type) == "pulumi.ResourceState" {
			return true
		}
	}
	return false
}

func (s *pkgSource) components() []Component {
	names := slices.Sorted(slices.Values(s.order))
	var out []Component
	for _, n := range names {
		td := s.types[n]
		if !ast.IsExported(n) || !isComponent(td.fields) {
			continue
		}
		c := Component{Package: s.name, Name: n, Doc: oneParagraphPerLine(td.doc), TypeToken: s.consts[n+"Type"]}
		if _, ok := s.funcs["New"+n]; ok {
			c.Constructor = "New" + n
			c.Registered = registeredOutputs(s.funcs["New"+n])
		}
		if args, ok := s.types[n+"Args"]; ok && args.fields != nil {
			c.ArgsType = n + "Args"
			structRequired := requiredByTypeDoc(args.doc)
			for _, f := range args.fields.List {
				for _, fn := range f.Names {
					if !fn.IsExported() {
						continue
					}
					text := oneLine(f.Doc.Text())
					def, rest := splitDefault(text)
					c.Inputs = append(c.Inputs, Input{
						Name:     fn.Name,
						Type:     types.ExprString(f.Type),
						Default:  s.resolveConstants(def),
						Required: requiredPattern.MatchString(text) || slices.Contains(structRequired, fn.Name),
						Doc:      rest,
					})
				}
			}
		}
		for _, f := range td.fields.List {
			for _, fn := range f.Names {
				if !fn.IsExported() {
					continue
				}
				o := Output{Name: fn.Name, Type: types.ExprString(f.Type), Doc: oneLine(f.Doc.Text())}
				if f.Tag != nil {
					if tag, err := strconv.Unquote(f.Tag.Value); err == nil {
						o.Key = pulumiTag(tag)
					}
				}
				c.Outputs = append(c.Outputs, o)
			}
		}
		out = append(out, c)
	}
	return out
}

// pulumiTag returns the value of the pulumi key of a struct tag.
func pulumiTag(tag string) string {
	for tag != "" {
		tag = strings.TrimLeft(tag, " ")
		key, rest, ok := strings.Cut(tag, ":")
		if !ok || len(rest) == 0 || rest[0] != '"' {
			return ""
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return ""
		}
		if key == "pulumi" {
			v, _, _ := strings.Cut(rest[1:1+end], ",")
			return v
		}
		tag = rest[end+2:]
	}
	return ""
}

// registeredOutputs returns the string keys of the map literal passed to
// ctx.RegisterResourceOutputs in fn.
func registeredOutputs(fn *ast.FuncDecl) []string {
	var keys []string
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "RegisterResourceOutputs" || len(call.Args) != 2 {
			return true
		}
		if lit, ok := call.Args[1].(*ast.CompositeLit); ok {
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if k, ok := literal(kv.Key); ok {
						keys = append(keys, k)
					}
				}
			}
		}
		return false
	})
	return keys
}

// requiredPattern finds a field doc that says the field is required.
var requiredPattern = regexp.MustCompile(`(?i)\brequired\b`)

// requiredByTypeDoc returns the fields an Args type's doc names as required,
// in the two forms the packages use: "A, B and C are required" and "the zero
// value of every field but A is a working default". A sentence with
// "except" names the fields that are not required, so it is skipped.
func requiredByTypeDoc(doc string) []string {
	var out []string
	for _, s := range sentences(oneLine(doc)) {
		if strings.Contains(s, "except") {
			continue
		}
		var list string
		if i := strings.Index(s, " are required"); i >= 0 {
			list = s[:i]
		} else if i := strings.Index(s, " is required"); i >= 0 {
			list = s[:i]
		} else if _, after, ok := strings.Cut(s, "every field but "); ok {
			list = after
			if j := strings.IndexAny(list, " ,;"); j >= 0 {
				list = list[:j]
			}
		}
		out = append(out, identifiers.FindAllString(list, -1)...)
	}
	return out
}

// identifiers finds exported Go identifiers.
var identifiers = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*\b`)

// sentences splits text at a period followed by a space.
func sentences(text string) []string {
	var out []string
	for text != "" {
		i := sentenceEnd(text)
		out = append(out, strings.TrimSpace(text[:i]))
		text = strings.TrimSpace(text[i:])
	}
	return out
}

// sentenceEnd returns the index just past the first sentence of text: after
// a period followed by white space or the end, or len(text). A period inside
// a word ("t3.small", "e.g.") does not end a sentence.
func sentenceEnd(text string) int {
	for i := 0; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		if i+1 == len(text) {
			return i + 1
		}
		if text[i+1] == ' ' && !strings.HasSuffix(text[:i+1], "e.g.") && !strings.HasSuffix(text[:i+1], "i.e.") {
			return i + 1
		}
	}
	return len(text)
}

// splitDefault takes the "Default: ..." sentence out of a field doc: it
// returns what follows "Default:" without the final period, and the doc
// without that sentence. Without such a sentence it looks for the other
// phrasings the packages use ("Zero means the default, X; ...", "nil means
// X; ...") and returns X with the doc unchanged.
func splitDefault(text string) (def, rest string) {
	i := strings.Index(text, "Default:")
	if i < 0 {
		for _, phrase := range []string{"Zero means the default, ", "nil means "} {
			if _, after, ok := strings.Cut(text, phrase); ok {
				return strings.TrimSuffix(strings.TrimSpace(after[:clauseEnd(after)]), "."), text
			}
		}
		return "", text
	}
	after := text[i+len("Default:"):]
	end := sentenceEnd(after)
	def = strings.TrimSuffix(strings.TrimSpace(after[:end]), ".")
	rest = strings.TrimSpace(strings.TrimSpace(text[:i]) + " " + strings.TrimSpace(after[end:]))
	return def, rest
}

// clauseEnd returns the index of the first ';' outside parentheses, or the
// end of the first sentence.
func clauseEnd(text string) int {
	depth := 0
	for i, r := range text {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ';':
			if depth == 0 {
				return i
			}
		}
	}
	return sentenceEnd(text)
}

// constantName finds identifiers that may name a package constant.
var constantName = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*\b`)

// resolveConstants follows each package constant named in a default with
// its value, unless the text already gives it in parentheses.
func (s *pkgSource) resolveConstants(def string) string {
	return replaceWithContext(def, constantName, func(name, after string) string {
		v, ok := s.consts[name]
		if !ok || strings.HasPrefix(after, " (") {
			return name
		}
		if _, err := strconv.Atoi(v); err != nil {
			v = strconv.Quote(v)
		}
		return name + " (" + v + ")"
	})
}

// replaceWithContext is regexp.ReplaceAllStringFunc whose function also sees
// the text after the match.
func replaceWithContext(s string, re *regexp.Regexp, f func(match, after string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		b.WriteString(f(s[m[0]:m[1]], s[m[1]:]))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// oneLine joins a comment's lines into one line of text.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

// oneParagraphPerLine joins each paragraph of a comment into one line and
// separates paragraphs with a blank line.
func oneParagraphPerLine(text string) string {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = oneLine(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// Problems reports what keeps a component from a complete reference: a
// missing type token, constructor or Args type, an undocumented field, an
// output without a pulumi tag, or outputs registered under other names than
// the fields' tags.
func Problems(cs []Component) error {
	var errs []error
	for _, c := range cs {
		id := c.Package + "." + c.Name
		if want := "ecs-bluegreen:" + c.Package + ":" + c.Name; c.TypeToken != want {
			errs = append(errs, fmt.Errorf("%s: type token constant %sType is %q, want %q", id, c.Name, c.TypeToken, want))
		}
		if c.Constructor == "" {
			errs = append(errs, fmt.Errorf("%s: no constructor New%s", id, c.Name))
		}
		if c.ArgsType == "" {
			errs = append(errs, fmt.Errorf("%s: no %sArgs struct", id, c.Name))
		}
		for _, in := range c.Inputs {
			if in.Doc == "" && in.Default == "" {
				errs = append(errs, fmt.Errorf("%s: %sArgs.%s has no doc comment", id, c.Name, in.Name))
			}
		}
		var tags []string
		for _, o := range c.Outputs {
			if o.Doc == "" {
				errs = append(errs, fmt.Errorf("%s: output %s has no doc comment", id, o.Name))
			}
			if o.Key == "" {
				errs = append(errs, fmt.Errorf("%s: output %s has no pulumi tag", id, o.Name))
			}
			tags = append(tags, o.Key)
		}
		if !slices.Equal(slices.Sorted(slices.Values(tags)), slices.Sorted(slices.Values(c.Registered))) {
			errs = append(errs, fmt.Errorf("%s: outputs tagged %q but New%s registers %q", id, tags, c.Name, c.Registered))
		}
	}
	return errors.Join(errs...)
}

// reference renders the components' reference: per component a heading at
// level h ("##"), its doc, its constructor and type token, an Inputs table
// and an Outputs table one level below.
func reference(cs []Component, h string) string {
	var b strings.Builder
	for _, c := range cs {
		q := c.Package + "."
		fmt.Fprintf(&b, "\n%s `%s%s`\n\n", h, q, c.Name)
		if c.Doc != "" {
			b.WriteString(paragraphs(c.Doc) + "\n\n")
		}
		fmt.Fprintf(&b, "Constructor: `%s%s(ctx, name, &%s%s{...}, opts...)`. Type token: `%s`.\n",
			q, c.Constructor, q, c.ArgsType, c.TypeToken)
		fmt.Fprintf(&b, "\n%s# Inputs (`%s%s`)\n\n", h, q, c.ArgsType)
		b.WriteString("| Name | Type | Default | Required | Description |\n|---|---|---|:---:|---|\n")
		for _, in := range c.Inputs {
			def := "—"
			if in.Default != "" {
				def = cell(in.Default)
			}
			req := "no"
			if in.Required {
				req = "yes"
			}
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", in.Name, cell(in.Type), def, req, cell(in.Doc))
		}
		fmt.Fprintf(&b, "\n%s# Outputs\n\n", h)
		b.WriteString("| Name | Registered as | Type | Description |\n|---|---|---|---|\n")
		for _, o := range c.Outputs {
			fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", o.Name, o.Key, cell(o.Type), cell(o.Doc))
		}
	}
	return b.String()
}

// markdownEscapes keeps godoc text literal in Markdown: pipes would end a
// table cell, angle brackets would be taken for HTML tags ("<name>" would
// vanish) and asterisks for emphasis ("2*DesiredCount (2*MaxCount").
var markdownEscapes = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "\n", " ")

// cell makes godoc text safe inside a Markdown table cell.
func cell(s string) string { return markdownEscapes.Replace(s) }

// paragraphs makes godoc paragraphs safe as Markdown, keeping blank lines between
// paragraphs.
func paragraphs(s string) string {
	paras := strings.Split(s, "\n\n")
	for i, p := range paras {
		paras[i] = cell(p)
	}
	return strings.Join(paras, "\n\n")
}

// ReplaceRegion returns doc with the content between the begin and end
// markers of the named region replaced:
//
//	<!-- BEGIN GENERATED: name ... -->
//	content
//	<!-- END GENERATED: name -->
func ReplaceRegion(doc, name, content string) (string, error) {
	begin, end, err := regionBounds(doc, name)
	if err != nil {
		return "", err
	}
	return doc[:begin] + "\n" + strings.TrimRight(content, "\n") + "\n" + doc[end:], nil
}

// RegionContent returns what is between the named region's markers,
// without the line breaks next to the markers.
func RegionContent(doc, name string) (string, error) {
	begin, end, err := regionBounds(doc, name)
	if err != nil {
		return "", err
	}
	return strings.Trim(doc[begin:end], "\n"), nil
}

// regionBounds returns the index just after the begin marker's "-->" and
// the index of the end marker.
func regionBounds(doc, name string) (int, int, error) {
	beginMarker := "<!-- BEGIN GENERATED: " + name
	endMarker := "<!-- END GENERATED: " + name + " -->"
	b := strings.Index(doc, beginMarker)
	if b < 0 || strings.Count(doc, beginMarker) > 1 {
		return 0, 0, fmt.Errorf("docgen: want exactly one %q marker, found %d", beginMarker+" -->", strings.Count(doc, beginMarker))
	}
	// The begin marker must end the name: "component-reference" must not
	// match "component-reference-old".
	rest := doc[b+len(beginMarker):]
	if !strings.HasPrefix(rest, " ") {
		return 0, 0, fmt.Errorf("docgen: malformed marker %q", beginMarker)
	}
	closing := strings.Index(rest, "-->")
	if closing < 0 {
		return 0, 0, fmt.Errorf("docgen: marker %q is not closed with -->", beginMarker)
	}
	begin := b + len(beginMarker) + closing + len("-->")
	e := strings.Index(doc, endMarker)
	if e < 0 || strings.Count(doc, endMarker) > 1 {
		return 0, 0, fmt.Errorf("docgen: want exactly one %q marker, found %d", endMarker, strings.Count(doc, endMarker))
	}
	if e < begin {
		return 0, 0, fmt.Errorf("docgen: %q comes before %q", endMarker, beginMarker+" -->")
	}
	return begin, e, nil
}
