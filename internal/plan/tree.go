package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// TreeNode is a component in the tree of what a stack creates, with its
// cloud resources grouped by type and its child components.
type TreeNode struct {
	// Name is the component's logical name (the stack's name at the root).
	Name string `json:"name"`
	// Type is the component's type token.
	Type string `json:"type"`
	// Resources counts the cloud resources in the subtree.
	Resources int `json:"resources"`
	// Components counts the components in the subtree, itself excluded.
	Components int `json:"components"`
	// Groups are the node's own cloud resources by type, sorted by short
	// type.
	Groups []TypeGroup `json:"groups,omitempty"`
	// Children are the node's child components, sorted by name and type.
	Children []TreeNode `json:"children,omitempty"`
}

// TypeGroup is the cloud resources of one type directly under a component.
type TypeGroup struct {
	// Type is the type token.
	Type string `json:"type"`
	// Names are the resources' logical names, sorted.
	Names []string `json:"names"`
}

// BuildTree returns the tree of rs under a root node named root (the
// stack). A resource whose parent is not among rs hangs under the root.
func BuildTree(root string, rs []Resource) (TreeNode, error) {
	g, err := newGraph(rs)
	if err != nil {
		return TreeNode{}, err
	}
	var top []*Resource
	for _, r := range g.all {
		if g.byURN[r.Parent] == nil {
			top = append(top, r)
		}
	}
	return g.node(root, "pulumi:pulumi:Stack", top), nil
}

func (g *graph) node(name, typ string, members []*Resource) TreeNode {
	n := TreeNode{Name: name, Type: typ}
	byType := map[string][]string{}
	for _, r := range members {
		if r.Custom {
			byType[r.Type] = append(byType[r.Type], r.Name)
			n.Resources++
			continue
		}
		child := g.node(r.Name, r.Type, g.children[r.URN])
		n.Resources += child.Resources
		n.Components += 1 + child.Components
		n.Children = append(n.Children, child)
	}
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		n.Groups = append(n.Groups, TypeGroup{Type: t, Names: slices.Sorted(slices.Values(byType[t]))})
	}
	slices.SortFunc(n.Groups, func(a, b TypeGroup) int { return strings.Compare(ShortType(a.Type), ShortType(b.Type)) })
	slices.SortFunc(n.Children, func(a, b TreeNode) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
	return n
}

// Text renders the tree with box-drawing branches: each component with the
// count of cloud resources under it, each type with its count and names.
func (n TreeNode) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d resources in %d components\n", n.Name, n.Resources, n.Components)
	n.writeChildren(&b, "")
	return b.String()
}

func (n TreeNode) writeChildren(b *strings.Builder, indent string) {
	total := len(n.Groups) + len(n.Children)
	i := 0
	branch := func() (string, string) {
		i++
		if i == total {
			return indent + "└─ ", indent + "   "
		}
		return indent + "├─ ", indent + "│  "
	}
	for _, grp := range n.Groups {
		head, _ := branch()
		fmt.Fprintf(b, "%s%s ×%d: %s\n", head, ShortType(grp.Type), len(grp.Names), strings.Join(grp.Names, ", "))
	}
	for _, c := range n.Children {
		head, next := branch()
		fmt.Fprintf(b, "%s%s (%s): %d resources\n", head, c.Name, ShortType(c.Type), c.Resources)
		c.writeChildren(b, next)
	}
}
