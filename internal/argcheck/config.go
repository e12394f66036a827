package argcheck

import "fmt"

// ConfigProblem renders fe as a problem of a stack's configuration, for a
// Pulumi program that sets a component's fields from configuration keys:
// the key that sets fe's field and the list index ("[1]", or ""), the
// value, what is allowed (other fields it names are named by name, as
// keys), and the `pulumi config set` that fixes it.
func ConfigProblem(fe *Error, key, index string, name func(field string) string) error {
	return fmt.Errorf("%s%s: %s %s; %s", key, index, FormatValue(fe.Value), fe.Describe(name), FixCommand(key, index, fe.Fix))
}

// FixCommand says how to fix a key: set it to fix (the value the rule
// suggests), set it at all (fix nil), or remove the list element at index.
func FixCommand(key, index string, fix any) string {
	switch {
	case fix == nil && index != "":
		return fmt.Sprintf("remove it from %s", key)
	case fix == nil:
		return "then: pulumi config set " + key + " <value>"
	case index != "":
		return fmt.Sprintf("for example: pulumi config set --path '%s%s' %v", key, index, fix)
	}
	return fmt.Sprintf("for example: pulumi config set %s %v", key, fix)
}
