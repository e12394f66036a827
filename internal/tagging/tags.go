// Package tagging builds the tags every component puts on its children: the
// caller's tags plus a Name tag that says which child a resource is.
//
// It is plain Go, with no Pulumi types: callers wrap the result with
// pulumi.ToStringMap, and its tests link nothing of the SDK.
package tagging

// For returns the tags of the child resource named child: every tag of
// common, and Name set to child. Name always wins over a "Name" in common,
// so the console shows which child a resource is.
func For(child string, common map[string]string) map[string]string {
	t := make(map[string]string, len(common)+1)
	for k, v := range common {
		t[k] = v
	}
	t["Name"] = child
	return t
}
