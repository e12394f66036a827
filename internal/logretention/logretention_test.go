package logretention

import "testing"

func TestValid(t *testing.T) {
	t.Parallel()
	for days, want := range map[int]bool{1: true, 30: true, 3653: true, 0: false, 2: false, 10: false, 3654: false, -1: false} {
		if got := Valid(days); got != want {
			t.Errorf("Valid(%d) = %v, want %v", days, got, want)
		}
	}
}
