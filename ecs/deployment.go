package ecs

import (
	"fmt"
	"strings"
)

// The deployment configurations CodeDeploy predefines for ECS. Each names how
// production traffic moves from the running task set to the new one.
const (
	// DeploymentAllAtOnce shifts all traffic at once.
	DeploymentAllAtOnce = "CodeDeployDefault.ECSAllAtOnce"
	// DeploymentCanary10Percent5Minutes shifts 10% of the traffic, then the
	// rest 5 minutes later.
	DeploymentCanary10Percent5Minutes = "CodeDeployDefault.ECSCanary10Percent5Minutes"
	// DeploymentCanary10Percent15Minutes shifts 10% of the traffic, then the
	// rest 15 minutes later.
	DeploymentCanary10Percent15Minutes = "CodeDeployDefault.ECSCanary10Percent15Minutes"
	// DeploymentLinear10PercentEvery1Minutes shifts 10% more of the traffic
	// every minute: all of it after 9 minutes.
	DeploymentLinear10PercentEvery1Minutes = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
	// DeploymentLinear10PercentEvery3Minutes shifts 10% more of the traffic
	// every 3 minutes: all of it after 27 minutes.
	DeploymentLinear10PercentEvery3Minutes = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"
)

// DeploymentConfigs lists CodeDeploy's predefined ECS deployment
// configurations, fastest first.
var DeploymentConfigs = []string{
	DeploymentAllAtOnce,
	DeploymentLinear10PercentEvery1Minutes,
	DeploymentCanary10Percent5Minutes,
	DeploymentCanary10Percent15Minutes,
	DeploymentLinear10PercentEvery3Minutes,
}

// deploymentDefaultPrefix starts the name of every configuration AWS
// predefines; deploymentECSPrefix, of those for ECS.
const (
	deploymentDefaultPrefix = "CodeDeployDefault."
	deploymentECSPrefix     = deploymentDefaultPrefix + "ECS"
)

// deploymentConfigNameMax is the longest deployment configuration name
// CodeDeploy accepts.
const deploymentConfigNameMax = 100

// DeploymentConfigName returns the CodeDeploy deployment configuration that
// s names: a predefined ECS configuration by its full name
// ("CodeDeployDefault.ECSCanary10Percent5Minutes") or its short name
// ("Canary10Percent5Minutes"), or the name of a custom configuration, which
// must not start with "CodeDeployDefault.". An empty s is DeploymentAllAtOnce.
// The predefined configurations for EC2 and Lambda (such as
// "CodeDeployDefault.OneAtATime", the provider's default) are errors: an ECS
// deployment group rejects them.
func DeploymentConfigName(s string) (string, error) {
	if s == "" {
		return DeploymentAllAtOnce, nil
	}
	for _, c := range DeploymentConfigs {
		if s == c || s == strings.TrimPrefix(c, deploymentECSPrefix) {
			return c, nil
		}
	}
	if strings.HasPrefix(strings.ToLower(s), strings.ToLower(deploymentDefaultPrefix)) {
		return "", fmt.Errorf("DeploymentConfig %q is not a CodeDeploy configuration for ECS: use one of %s (or its short name, such as %q), or the name of a custom configuration",
			s, strings.Join(DeploymentConfigs, ", "), strings.TrimPrefix(DeploymentCanary10Percent5Minutes, deploymentECSPrefix))
	}
	if len(s) > deploymentConfigNameMax || strings.TrimSpace(s) != s {
		return "", fmt.Errorf("DeploymentConfig %q is not a deployment configuration name: CodeDeploy names have 1 to %d characters and no surrounding white space", s, deploymentConfigNameMax)
	}
	return s, nil
}

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
