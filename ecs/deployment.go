package ecs

import "fmt"

// The alarms that stop a release and roll it back. CodeDeploy polls them
// while a deployment runs: while traffic shifts and then while the original
// task set waits to be terminated (TerminationWaitMinutes), so that wait is
// the bake time in which an all-at-once release can still roll back.
//
// Each alarm looks at one target group. Blue and green swap roles with every
// release, so both groups have both alarms, and whichever group receives the
// new version is watched. A group with no targets or no traffic reports no
// data, which counts as fine (notBreaching): the idle group never holds an
// alarm in ALARM, which would stop every release as it starts.
//
// Minutes are judged on the ALB's one-minute metrics, and an alarm fires on
// deploymentAlarmBadMinutes bad minutes out of the last
// deploymentAlarmWindowMinutes: a broken version fails continuously and is
// caught within about three minutes (plus CloudWatch's minute or two of
// delay), inside a five-minute canary or the default termination wait; a
// single bad minute (one slow start, one burst of errors from a dependency)
// is noise and does not roll back. A version that crash-loops is unhealthy
// in most minutes but not all (ECS replaces its tasks), which is why two of
// three minutes and not three in a row.
const (
	deploymentAlarmPeriodSeconds = 60
	deploymentAlarmBadMinutes    = 2
	deploymentAlarmWindowMinutes = 3
)

// deploymentAlarm is one CloudWatch alarm of the deployment group, as plain
// values: the caller adds the dimensions' values and creates it.
type deploymentAlarm struct {
	// Suffix is appended to the component's name for the alarm's logical
	// name.
	Suffix string
	// Blue says which target group the alarm watches: the blue one (true) or
	// the green one.
	Blue               bool
	MetricName         string
	Statistic          string
	ComparisonOperator string
	Threshold          float64
	Description        string
}

// deploymentAlarms returns the alarms, in the order the deployment group
// lists them: for the blue and then the green target group, the targets'
// 5XX responses and then the unhealthy targets. A bad minute has at least
// target5XXThreshold 5XX responses from the group's targets, or at any moment
// an unhealthy target.
func deploymentAlarms(target5XXThreshold int) []deploymentAlarm {
	var out []deploymentAlarm
	for _, g := range []struct {
		color string
		blue  bool
	}{{"blue", true}, {"green", false}} {
		out = append(out,
			deploymentAlarm{
				Suffix:             "-" + g.color + "-5xx",
				Blue:               g.blue,
				MetricName:         "HTTPCode_Target_5XX_Count",
				Statistic:          "Sum",
				ComparisonOperator: "GreaterThanOrEqualToThreshold",
				Threshold:          float64(target5XXThreshold),
				Description: fmt.Sprintf("The %s target group's targets answered at least %d requests a minute with HTTP 5XX in %d of the last %d minutes. CodeDeploy rolls back a release in progress when this fires.",
					g.color, target5XXThreshold, deploymentAlarmBadMinutes, deploymentAlarmWindowMinutes),
			},
			deploymentAlarm{
				Suffix:             "-" + g.color + "-unhealthy",
				Blue:               g.blue,
				MetricName:         "UnHealthyHostCount",
				Statistic:          "Maximum",
				ComparisonOperator: "GreaterThanThreshold",
				Threshold:          0,
				Description: fmt.Sprintf("The %s target group had an unhealthy target in %d of the last %d minutes. CodeDeploy rolls back a release in progress when this fires.",
					g.color, deploymentAlarmBadMinutes, deploymentAlarmWindowMinutes),
			},
		)
	}
	return out
}
