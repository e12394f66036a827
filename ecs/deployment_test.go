package ecs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeploymentConfigName(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in, want string
		err      []string
	}{
		"empty is all at once":        {in: "", want: "CodeDeployDefault.ECSAllAtOnce"},
		"full name":                   {in: "CodeDeployDefault.ECSAllAtOnce", want: "CodeDeployDefault.ECSAllAtOnce"},
		"short all at once":           {in: "AllAtOnce", want: "CodeDeployDefault.ECSAllAtOnce"},
		"short canary 5":              {in: "Canary10Percent5Minutes", want: "CodeDeployDefault.ECSCanary10Percent5Minutes"},
		"short canary 15":             {in: "Canary10Percent15Minutes", want: "CodeDeployDefault.ECSCanary10Percent15Minutes"},
		"short linear 1":              {in: "Linear10PercentEvery1Minutes", want: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"},
		"short linear 3":              {in: "Linear10PercentEvery3Minutes", want: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"},
		"full linear 3":               {in: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", want: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"},
		"custom":                      {in: "Canary25Percent2Minutes", want: "Canary25Percent2Minutes"},
		"custom of 100":               {in: strings.Repeat("c", 100), want: strings.Repeat("c", 100)},
		"EC2 default is refused":      {in: "CodeDeployDefault.OneAtATime", err: []string{`DeploymentConfig "CodeDeployDefault.OneAtATime"`, "not a CodeDeploy configuration for ECS", "CodeDeployDefault.ECSAllAtOnce", "Canary10Percent5Minutes"}},
		"Lambda default is refused":   {in: "CodeDeployDefault.LambdaAllAtOnce", err: []string{`"CodeDeployDefault.LambdaAllAtOnce"`, "for ECS"}},
		"unknown ECS-looking default": {in: "CodeDeployDefault.ECSCanary50Percent1Minutes", err: []string{"not a CodeDeploy configuration for ECS"}},
		"reserved prefix in any case": {in: "codedeploydefault.ecsallatonce", err: []string{"not a CodeDeploy configuration for ECS"}},
		"custom of 101":               {in: strings.Repeat("c", 101), err: []string{"1 to 100 characters"}},
		"white space":                 {in: " AllAtOnce", err: []string{"white space"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := DeploymentConfigName(tc.in)
			if len(tc.err) > 0 {
				if err == nil {
					t.Fatalf("DeploymentConfigName(%q) = %q, want an error", tc.in, got)
				}
				for _, w := range tc.err {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("DeploymentConfigName(%q) error %q lacks %q", tc.in, err, w)
					}
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("DeploymentConfigName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestDeploymentConfigsAreECS(t *testing.T) {
	t.Parallel()
	if len(DeploymentConfigs) != 5 {
		t.Errorf("DeploymentConfigs has %d entries, want CodeDeploy's 5 for ECS", len(DeploymentConfigs))
	}
	for _, c := range DeploymentConfigs {
		if !strings.HasPrefix(c, "CodeDeployDefault.ECS") {
			t.Errorf("DeploymentConfigs has %q, not a predefined ECS configuration", c)
		}
		if got, err := DeploymentConfigName(c); err != nil || got != c {
			t.Errorf("DeploymentConfigName(%q) = %q, %v; want it unchanged", c, got, err)
		}
	}
}

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
