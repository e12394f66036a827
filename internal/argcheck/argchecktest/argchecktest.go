// Package argchecktest checks, for the components' tests, the problems a
// Validate method reports: each a *argcheck.Error naming a real field of
// the Args it checked.
package argchecktest

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
)

// Problem is what a test asserts of one field error: the field, the bad
// value and the suggested fix.
type Problem struct {
	Field      string
	Value, Fix any
}

// Problems returns the field errors in a Validate error, failing t when the
// error holds anything but field errors, or when one names (or refers to)
// a field that args (an Args value) does not have: the configuration layer
// maps those names to its keys, so a misspelt one would name no key.
func Problems(t testing.TB, args any, err error) []Problem {
	t.Helper()
	typ := reflect.TypeOf(args)
	var out []Problem
	var lines []string
	for _, fe := range argcheck.Errors(err) {
		out = append(out, Problem{fe.Field, fe.Value, fe.Fix})
		lines = append(lines, fe.Error())
		checkFieldPath(t, typ, fe.Field)
		fe.Describe(func(ref string) string {
			checkFieldPath(t, typ, ref)
			return ref
		})
	}
	if err != nil && err.Error() != strings.Join(lines, "\n") {
		t.Errorf("Validate() = %q, which holds more than its field errors %q", err, lines)
	}
	return out
}

var fieldIndex = regexp.MustCompile(`\[[0-9]+\]`)

// checkFieldPath fails t unless path ("Field", "Field[1]", "len(Field)",
// "Field[0].Sub") names fields of typ.
func checkFieldPath(t testing.TB, typ reflect.Type, path string) {
	t.Helper()
	p := strings.TrimSuffix(strings.TrimPrefix(path, "len("), ")")
	p = fieldIndex.ReplaceAllString(p, "")
	for part := range strings.SplitSeq(p, ".") {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			t.Errorf("field error names %q, which is not a field of %s", path, typ)
			return
		}
		f, ok := typ.FieldByName(part)
		if !ok {
			t.Errorf("field error names %q, which is not a field of %s", path, typ)
			return
		}
		typ = f.Type
	}
}
