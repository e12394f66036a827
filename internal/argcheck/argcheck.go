// Package argcheck is how the components report a bad argument: one
// *Error per problem, naming the Args field, the bad value, what is allowed
// and a value that would be accepted. The components' errors read as Go
// (field names); the program's configuration layer renders the same errors
// with its configuration keys and the `pulumi config set` that fixes them,
// so a rule is written once, in the component that owns it.
//
// Pure: no pulumi import.
package argcheck

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Error is one problem with one field of a component's arguments.
type Error struct {
	// Field is the Args field, with an index or a sub-field when the
	// problem is in one element of a list: "CPU", "TestListenerCIDRs[1]",
	// "Services[0].MemoryMiB". A field whose problem is its length is
	// written "len(AvailabilityZones)".
	Field string
	// Value is the bad value as the caller gave it.
	Value any
	// Problem says what is wrong and what is allowed, after the field and
	// its value: "is out of range: use 5 to 300 seconds". It names other
	// fields in braces, "{ListenerPort}", so that each reader can name them
	// its own way (see Render).
	Problem string
	// Fix is a value that the field would accept, close to the bad one
	// (the nearest bound, the default, the largest that fits), or nil when
	// the fix is to remove the value.
	Fix any
}

// Error implements error, naming fields as Go does.
func (e *Error) Error() string { return e.Render(func(field string) string { return field }) }

// Render writes the problem with fields named by name: "<field> <value>
// <problem>".
func (e *Error) Render(name func(field string) string) string {
	return name(e.Field) + " " + FormatValue(e.Value) + " " + e.Describe(name)
}

// refPattern matches a field reference in a Problem.
var refPattern = regexp.MustCompile(`\{([A-Za-z][A-Za-z0-9_.\[\]()]*)\}`)

// Describe returns the Problem with each {Field} reference named by name.
func (e *Error) Describe(name func(field string) string) string {
	return refPattern.ReplaceAllStringFunc(e.Problem, func(m string) string {
		return name(m[1 : len(m)-1])
	})
}

// FormatValue writes a value as the errors show it: strings quoted, nil as
// "(none)", everything else with %v.
func FormatValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case nil:
		return "(none)"
	default:
		return fmt.Sprint(v)
	}
}

// Errors returns the *Error values in err, a single one or a join of them
// (errors.Join, nested), in order. Other errors are left out.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if fe, ok := err.(*Error); ok { //nolint:errorlint // a join's members are compared one by one, not unwrapped
			out = append(out, fe)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

// List collects the problems of one validation, in order.
type List []error

// Add records a problem with field. The problem is a format, as fmt.Sprintf
// takes it; it may name other fields in braces.
func (l *List) Add(field string, value, fix any, problem string, args ...any) {
	*l = append(*l, &Error{Field: field, Value: value, Problem: fmt.Sprintf(problem, args...), Fix: fix})
}

// Range records a problem when v is outside lo..hi, suggesting the nearest
// bound. unit follows the bounds ("seconds", "checks"); it may be empty.
func (l *List) Range(field string, v, lo, hi int, unit string) {
	if v >= lo && v <= hi {
		return
	}
	fix := lo
	if v > hi {
		fix = hi
	}
	l.Add(field, v, fix, "is out of range: use %d to %d%s", lo, hi, withSpace(unit))
}

// Other records an error that is not about one field's value, such as a
// missing required input: the program's configuration never causes one.
func (l *List) Other(err error) {
	if err != nil {
		*l = append(*l, err)
	}
}

// Err returns the problems joined, or nil when there are none.
func (l List) Err() error { return errors.Join(l...) }

func withSpace(unit string) string {
	if unit == "" || strings.HasPrefix(unit, " ") {
		return unit
	}
	return " " + unit
}
