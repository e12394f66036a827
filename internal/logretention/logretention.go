// Package logretention knows the retention periods CloudWatch Logs accepts,
// for every component and configuration key that sets one.
package logretention

import "slices"

// Days lists the retention periods CloudWatch Logs accepts, in days.
var Days = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Valid reports whether CloudWatch Logs accepts a retention of days.
func Valid(days int) bool { return slices.Contains(Days, days) }

// Nearest returns the accepted period closest to days (the shorter on a
// tie), for an error's suggested fix.
func Nearest(days int) int {
	best := Days[0]
	for _, d := range Days {
		if abs(d-days) < abs(best-days) {
			best = d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
