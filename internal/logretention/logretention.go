// Package logretention knows the retention periods CloudWatch Logs accepts,
// for every component and configuration key that sets one.
package logretention

import "slices"

// Days lists the retention periods CloudWatch Logs accepts, in days.
var Days = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Valid reports whether CloudWatch Logs accepts a retention of days.
func Valid(days int) bool { return slices.Contains(Days, days) }
