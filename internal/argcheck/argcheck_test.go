package argcheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorRender(t *testing.T) {
	t.Parallel()
	key := func(field string) string { return "key(" + field + ")" }
	tests := map[string]struct {
		in               Error
		asGo, rendered   string
		describedWithKey string
	}{
		"no reference": {
			in:               Error{Field: "HealthCheckIntervalSeconds", Value: 4, Problem: "is out of range: use 5 to 300 seconds", Fix: 5},
			asGo:             "HealthCheckIntervalSeconds 4 is out of range: use 5 to 300 seconds",
			rendered:         "key(HealthCheckIntervalSeconds) 4 is out of range: use 5 to 300 seconds",
			describedWithKey: "is out of range: use 5 to 300 seconds",
		},
		"one reference": {
			in:               Error{Field: "TestListenerPort", Value: 80, Problem: "is also {ListenerPort}: give the test listener a port of its own"},
			asGo:             "TestListenerPort 80 is also ListenerPort: give the test listener a port of its own",
			rendered:         "key(TestListenerPort) 80 is also key(ListenerPort): give the test listener a port of its own",
			describedWithKey: "is also key(ListenerPort): give the test listener a port of its own",
		},
		"references with indexes, sub-fields and len": {
			in:               Error{Field: "Services[1].MaxCount", Value: 9, Problem: "beside {Services[0].MaxCount} exceeds {MaxInstances} and {len(AvailabilityZones)}"},
			asGo:             "Services[1].MaxCount 9 beside Services[0].MaxCount exceeds MaxInstances and len(AvailabilityZones)",
			rendered:         "key(Services[1].MaxCount) 9 beside key(Services[0].MaxCount) exceeds key(MaxInstances) and key(len(AvailabilityZones))",
			describedWithKey: "beside key(Services[0].MaxCount) exceeds key(MaxInstances) and key(len(AvailabilityZones))",
		},
		"braces that are no reference stay": {
			in:               Error{Field: "Image", Value: "x", Problem: "has {} and { spaced } and {1st}"},
			asGo:             `Image "x" has {} and { spaced } and {1st}`,
			rendered:         `key(Image) "x" has {} and { spaced } and {1st}`,
			describedWithKey: "has {} and { spaced } and {1st}",
		},
		"string value quoted": {
			in:               Error{Field: "VPCCIDR", Value: "10.0.0.1/16", Problem: "has host bits set"},
			asGo:             `VPCCIDR "10.0.0.1/16" has host bits set`,
			rendered:         `key(VPCCIDR) "10.0.0.1/16" has host bits set`,
			describedWithKey: "has host bits set",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.in.Error(); got != tc.asGo {
				t.Errorf("Error() = %q, want %q", got, tc.asGo)
			}
			if got := tc.in.Render(key); got != tc.rendered {
				t.Errorf("Render(key) = %q, want %q", got, tc.rendered)
			}
			if got := tc.in.Describe(key); got != tc.describedWithKey {
				t.Errorf("Describe(key) = %q, want %q", got, tc.describedWithKey)
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	t.Parallel()
	type kind string
	tests := map[string]struct {
		in   any
		want string
	}{
		"string":           {"t3.small", `"t3.small"`},
		"empty string":     {"", `""`},
		"string to escape": {"a\"b\n", `"a\"b\n"`},
		"int":              {42, "42"},
		"negative":         {-1, "-1"},
		"bool":             {true, "true"},
		"nil":              {nil, "(none)"},
		"slice":            {[]string{"a", "b"}, "[a b]"},
		"named string":     {kind("perAz"), "perAz"}, // not a string: callers pass string(v)
		"float":            {0.5, "0.5"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := FormatValue(tc.in); got != tc.want {
				t.Errorf("FormatValue(%#v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	a := &Error{Field: "A", Value: 1, Problem: "is a"}
	b := &Error{Field: "B", Value: 2, Problem: "is b"}
	c := &Error{Field: "C", Value: 3, Problem: "is c"}
	plain := errors.New("VPCID is required")
	tests := map[string]struct {
		in   error
		want []*Error
	}{
		"nil":                       {nil, nil},
		"one":                       {a, []*Error{a}},
		"a plain error":             {plain, nil},
		"a join":                    {errors.Join(a, b), []*Error{a, b}},
		"a join with a plain error": {errors.Join(plain, a, plain, b), []*Error{a, b}},
		"nested joins, in order":    {errors.Join(a, errors.Join(b, errors.Join(plain, c))), []*Error{a, b, c}},
		"a List's error":            {List{a, plain, b}.Err(), []*Error{a, b}},
		"a join of Lists' errors":   {errors.Join(List{a}.Err(), List{b, c}.Err()), []*Error{a, b, c}},
		// Errors reads joins only: a wrapped error is the wrapper's to
		// unwrap (errors.As finds one).
		"wrapped": {fmt.Errorf("alb: web: %w", a), nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Errors(tc.in)); diff != "" {
				t.Errorf("Errors(%v) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestListRange(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		v, lo, hi int
		unit      string
		want      *Error // nil: in range
	}{
		"inside":                  {v: 10, lo: 5, hi: 300, unit: "seconds"},
		"at the low end":          {v: 5, lo: 5, hi: 300, unit: "seconds"},
		"at the top":              {v: 300, lo: 5, hi: 300, unit: "seconds"},
		"below":                   {v: 4, lo: 5, hi: 300, unit: "seconds", want: &Error{Field: "F", Value: 4, Problem: "is out of range: use 5 to 300 seconds", Fix: 5}},
		"far below":               {v: -100, lo: 5, hi: 300, unit: "seconds", want: &Error{Field: "F", Value: -100, Problem: "is out of range: use 5 to 300 seconds", Fix: 5}},
		"above":                   {v: 301, lo: 5, hi: 300, unit: "seconds", want: &Error{Field: "F", Value: 301, Problem: "is out of range: use 5 to 300 seconds", Fix: 300}},
		"no unit":                 {v: 70000, lo: 1, hi: 65535, want: &Error{Field: "F", Value: 70000, Problem: "is out of range: use 1 to 65535", Fix: 65535}},
		"unit with its own space": {v: 0, lo: 1, hi: 2, unit: " checks", want: &Error{Field: "F", Value: 0, Problem: "is out of range: use 1 to 2 checks", Fix: 1}},
		"one value":               {v: 3, lo: 2, hi: 2, unit: "zones", want: &Error{Field: "F", Value: 3, Problem: "is out of range: use 2 to 2 zones", Fix: 2}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var l List
			l.Range("F", tc.v, tc.lo, tc.hi, tc.unit)
			var want []*Error
			if tc.want != nil {
				want = []*Error{tc.want}
			}
			if diff := cmp.Diff(want, Errors(l.Err())); diff != "" {
				t.Errorf("Range(F, %d, %d, %d, %q) (-want +got):\n%s", tc.v, tc.lo, tc.hi, tc.unit, diff)
			}
		})
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	var l List
	if err := l.Err(); err != nil {
		t.Errorf("empty List.Err() = %v, want nil", err)
	}
	l.Other(nil)
	if len(l) != 0 {
		t.Errorf("Other(nil) recorded %v", l)
	}
	l.Add("Port", 80, 8080, "is also {ListenerPort}: use %d", 8080)
	l.Other(errors.New("VPCID is required"))
	l.Range("Count", 0, 1, 5, "tasks")
	want := "Port 80 is also ListenerPort: use 8080\nVPCID is required\nCount 0 is out of range: use 1 to 5 tasks"
	if got := l.Err().Error(); got != want {
		t.Errorf("List.Err() = %q, want %q", got, want)
	}
	got := Errors(l.Err())
	wantErrs := []*Error{
		{Field: "Port", Value: 80, Problem: "is also {ListenerPort}: use 8080", Fix: 8080},
		{Field: "Count", Value: 0, Problem: "is out of range: use 1 to 5 tasks", Fix: 1},
	}
	if diff := cmp.Diff(wantErrs, got); diff != "" {
		t.Errorf("Errors(List.Err()) (-want +got):\n%s", diff)
	}
	// A problem is a format: a percent sign in an argument stays.
	var p List
	p.Add("Matcher", "2%", nil, "has %q", "2%")
	if got := p.Err().Error(); !strings.HasSuffix(got, `has "2%"`) {
		t.Errorf("Add with a %% in its argument = %q", got)
	}
}

func TestErrorsAs(t *testing.T) {
	t.Parallel()
	// A caller finds the first field error in a wrapped join.
	l := List{errors.New("other"), &Error{Field: "X", Value: 1}}
	err := fmt.Errorf("ecs: web: %w", l.Err())
	var fe *Error
	if !errors.As(err, &fe) || fe.Field != "X" {
		t.Errorf("errors.As(%v) = %v, want the field error X", err, fe)
	}
}
