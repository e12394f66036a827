// Package tagging builds the tags every component puts on its children: the
// caller's tags plus a Name tag that says which child a resource is.
package tagging

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// For returns the tags of the child resource named child: every tag of
// common, and Name set to child. Name always wins over a "Name" in common,
// so the console shows which child a resource is.
func For(child string, common map[string]string) pulumi.StringMap {
	t := make(pulumi.StringMap, len(common)+1)
	for k, v := range common {
		t[k] = pulumi.String(v)
	}
	t["Name"] = pulumi.String(child)
	return t
}
