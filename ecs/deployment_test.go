package ecs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeploymentAlarms(t *testing.T) {
	t.Parallel()
	got := deploymentAlarms(7)
	type summary struct {
		Suffix, Metric, Statistic, Operator string
		Blue                                bool
		Threshold                           float64
	}
	var sums []summary
	for _, a := range got {
		sums = append(sums, summary{a.Suffix, a.MetricName, a.Statistic, a.ComparisonOperator, a.Blue, a.Threshold})
		if !strings.Contains(a.Description, "2 of the last 3 minutes") {
			t.Errorf("alarm %s description %q does not say when it fires", a.Suffix, a.Description)
		}
	}
	want := []summary{
		{"-blue-5xx", "HTTPCode_Target_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", true, 7},
		{"-blue-unhealthy", "UnHealthyHostCount", "Maximum", "GreaterThanThreshold", true, 0},
		{"-green-5xx", "HTTPCode_Target_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", false, 7},
		{"-green-unhealthy", "UnHealthyHostCount", "Maximum", "GreaterThanThreshold", false, 0},
	}
	if diff := cmp.Diff(want, sums); diff != "" {
		t.Errorf("deploymentAlarms(7) (-want +got):\n%s", diff)
	}
	if deploymentAlarmBadMinutes > deploymentAlarmWindowMinutes || deploymentAlarmPeriodSeconds != 60 {
		t.Errorf("alarms fire on %d of %d periods of %d s", deploymentAlarmBadMinutes, deploymentAlarmWindowMinutes, deploymentAlarmPeriodSeconds)
	}
}
