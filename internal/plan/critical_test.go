package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Types of the hand-made graphs, with made-up create times.
var testSeconds = map[string]int{"t:a:A": 2, "t:b:B": 3, "t:c:C": 5, "t:ten:Ten": 10, "t:one:One": 1}

func stepNames(cp CriticalPath) []string {
	var out []string
	for _, s := range cp.Steps {
		out = append(out, s.Name)
	}
	return out
}

func TestComputeCriticalPath(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		build func(s *stack)
		want  []string
		total int
	}{
		"a chain adds up": {
			// a 0→2, b 2→5, c 5→10.
			build: func(s *stack) {
				a := s.add("t:a:A", "a")
				b := s.add("t:b:B", "b", deps(a))
				s.add("t:c:C", "c", deps(b))
			},
			want: []string{"a", "b", "c"}, total: 10,
		},
		"the longer branch wins": {
			// a 0→2; slow 2→12, quick 2→3; end waits for both: 12→13.
			build: func(s *stack) {
				a := s.add("t:a:A", "a")
				slow := s.add("t:ten:Ten", "slow", deps(a))
				quick := s.add("t:one:One", "quick", deps(a))
				s.add("t:one:One", "end", deps(quick, slow))
			},
			want: []string{"a", "slow", "end"}, total: 13,
		},
		"a tie goes to the first URN": {
			// x and y both finish at 3; end 3→4 through x, first by URN.
			build: func(s *stack) {
				y := s.add("t:b:B", "y")
				x := s.add("t:b:B", "x")
				s.add("t:one:One", "end", deps(y, x))
			},
			want: []string{"x", "end"}, total: 4,
		},
		"a child waits for its component, which waits for its dependency": {
			// x 0→5; the component starts at 5 and takes nothing; child 5→6.
			build: func(s *stack) {
				x := s.add("t:c:C", "x")
				c := s.component("p:m:Comp", "comp", deps(x))
				s.add("t:one:One", "child", parent(c))
			},
			want: []string{"x", "child"}, total: 6,
		},
		"a dependency on a component waits for all of it": {
			// The component's children: quick 0→1, slow 0→10; after 10→11.
			build: func(s *stack) {
				c := s.component("p:m:Comp", "comp")
				s.add("t:one:One", "quick", parent(c))
				s.add("t:ten:Ten", "slow", parent(c))
				s.add("t:one:One", "after", deps(c))
			},
			want: []string{"slow", "after"}, total: 11,
		},
		"a child of a cloud resource waits for its creation": {
			// p 0→5, child 5→7.
			build: func(s *stack) {
				p := s.add("t:c:C", "p")
				s.add("t:a:A", "child", parent(p))
			},
			want: []string{"p", "child"}, total: 7,
		},
		"a type without a time takes the default": {
			// a 0→2, mystery 2→2+DefaultCreateSeconds.
			build: func(s *stack) {
				a := s.add("t:a:A", "a")
				s.add("t:x:Mystery", "mystery", deps(a))
			},
			want: []string{"a", "mystery"}, total: 2 + DefaultCreateSeconds,
		},
		"a dependency outside the stack is ignored": {
			build: func(s *stack) {
				s.add("t:c:C", "c", deps("urn:pulumi:test::proj::pulumi:providers:aws::default"))
			},
			want: []string{"c"}, total: 5,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := &stack{}
			tc.build(s)
			cp, err := ComputeCriticalPath(s.rs, testSeconds)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, stepNames(cp)); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if cp.TotalSeconds != tc.total {
				t.Errorf("total = %d s, want %d s", cp.TotalSeconds, tc.total)
			}
			if last := cp.Steps[len(cp.Steps)-1]; last.FinishSeconds != tc.total {
				t.Errorf("last step finishes at %d s, want the total %d s", last.FinishSeconds, tc.total)
			}
			for i := 1; i < len(cp.Steps); i++ {
				if cp.Steps[i].StartSeconds != cp.Steps[i-1].FinishSeconds {
					t.Errorf("step %s starts at %d s, not when %s finishes (%d s)", cp.Steps[i].Name, cp.Steps[i].StartSeconds, cp.Steps[i-1].Name, cp.Steps[i-1].FinishSeconds)
				}
			}
		})
	}
}

func TestComputeCriticalPathNamesAssumedTypes(t *testing.T) {
	t.Parallel()
	s := &stack{}
	s.add("t:x:Mystery", "m")
	cp, err := ComputeCriticalPath(s.rs, testSeconds)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t:x:Mystery"}, cp.AssumedTypes); diff != "" {
		t.Errorf("assumed types (-want +got):\n%s", diff)
	}
	if !cp.Steps[0].Assumed || cp.Steps[0].Seconds != DefaultCreateSeconds {
		t.Errorf("step = %+v, want assumed with %d s", cp.Steps[0], DefaultCreateSeconds)
	}
}

func TestComputeCriticalPathFindings(t *testing.T) {
	t.Parallel()
	s := &stack{}
	vpc := s.add(typeVPC, "vpc")
	nat := s.add(typeNATGateway, "nat", deps(vpc))
	s.add(typeECSService, "svc", deps(nat))
	cp, err := ComputeCriticalPath(s.rs, CreateSeconds)
	if err != nil {
		t.Fatal(err)
	}
	// vpc 0→2, NAT 2→92, service 92→102.
	if cp.TotalSeconds != 102 {
		t.Errorf("total = %d s, want 102 s", cp.TotalSeconds)
	}
	if len(cp.Findings) != 1 || !strings.Contains(cp.Findings[0], "NAT gateway nat") {
		t.Errorf("findings = %q, want one naming NAT gateway nat", cp.Findings)
	}
}

func TestComputeCriticalPathErrors(t *testing.T) {
	t.Parallel()
	s := &stack{}
	a := "urn:pulumi:test::proj::t:a:A::a"
	b := s.add("t:b:B", "b", deps(a))
	s.add("t:a:A", "a", deps(b))
	if _, err := ComputeCriticalPath(s.rs, testSeconds); !errors.Is(err, errCycle) {
		t.Errorf("a cycle: error = %v, want %v", err, errCycle)
	}
	dup := &stack{}
	dup.add("t:a:A", "a")
	dup.add("t:a:A", "a")
	if _, err := ComputeCriticalPath(dup.rs, testSeconds); err == nil || !strings.Contains(err.Error(), "registered twice") {
		t.Errorf("a duplicate URN: error = %v, want one saying so", err)
	}
}
