package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestModelRelease(t *testing.T) {
	t.Parallel()
	type times struct{ healthy, shift, complete, slowHealthy, slowShift, slowComplete int }
	for name, tc := range map[string]struct {
		in   ReleaseSettings
		want times
	}{
		// The dev stack: all at once, checks every 10 s, 2 to recover, 30 s
		// draining, 5 min termination wait.
		//   healthy  = 30 + 10 = 40
		//   shift    = 40 + 0 = 40
		//   complete = 40 + 5×60 + 30 = 370
		//   slow healthy = 30 + 10×(1+2) = 60; shift 60; complete 60 + 330 = 390
		"dev": {
			in:   ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSAllAtOnce", TerminationWaitMinutes: 5, HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, DeregistrationDelaySeconds: 30},
			want: times{40, 40, 370, 60, 60, 390},
		},
		// The prod stack: canary 10 % then the rest after 5 min, checks every
		// 15 s, 3 to recover, 60 s draining, an hour's termination wait.
		//   healthy  = 30 + 15 = 45
		//   shift    = 45 + 300 = 345
		//   complete = 345 + 3600 + 60 = 4005
		//   slow healthy = 30 + 15×(1+3) = 90; shift 390; complete 390 + 3660 = 4050
		"prod": {
			in:   ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes", TerminationWaitMinutes: 60, HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 3, DeregistrationDelaySeconds: 60},
			want: times{45, 345, 4005, 90, 390, 4050},
		},
		// prod with its validation hook: 5 answers in a row, a 120 s budget.
		//   shift = 45 + 5 + 300 = 350; complete 350 + 3660 = 4010
		//   slow shift = 90 + 120 + 300 = 510; complete 510 + 3660 = 4170
		"prod validated": {
			in: ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes", TerminationWaitMinutes: 60, HealthCheckIntervalSeconds: 15,
				HealthyThresholdCount: 3, DeregistrationDelaySeconds: 60, ValidationSuccesses: 5, ValidationBudgetSeconds: 120},
			want: times{45, 350, 4010, 90, 510, 4170},
		},
		// AWS's defaults: 30 s checks, 5 to recover, 300 s draining; linear
		// every minute (last step after 9 min), no termination wait.
		//   healthy  = 30 + 30 = 60; shift = 60 + 540 = 600; complete = 600 + 0 + 300 = 900
		//   slow healthy = 30 + 30×6 = 210; shift 750; complete 1050
		"linear every minute with AWS's defaults": {
			in:   ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", HealthCheckIntervalSeconds: 30, HealthyThresholdCount: 5, DeregistrationDelaySeconds: 300},
			want: times{60, 600, 900, 210, 750, 1050},
		},
		// Linear every 3 min: last step after 27 min = 1620 s.
		//   healthy = 30 + 5 = 35; shift = 35 + 1620 = 1655; complete = 1655 + 60 + 0 = 1715
		//   slow healthy = 30 + 5×3 = 45; shift 1665; complete 1725
		"linear every 3 minutes": {
			in:   ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", TerminationWaitMinutes: 1, HealthCheckIntervalSeconds: 5, HealthyThresholdCount: 2},
			want: times{35, 1655, 1715, 45, 1665, 1725},
		},
		// Canary, rest after 15 min = 900 s.
		//   healthy = 40; shift = 940; complete = 940 + 0 + 10 = 950
		//   slow healthy = 30 + 10×3 = 60; shift 960; complete 970
		"canary 15 minutes": {
			in:   ReleaseSettings{DeploymentConfig: "CodeDeployDefault.ECSCanary10Percent15Minutes", HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, DeregistrationDelaySeconds: 10},
			want: times{40, 940, 950, 60, 960, 970},
		},
		// A custom configuration's schedule is unknown: left out.
		//   healthy = 40; shift = 40; complete = 40 + 120 + 30 = 190
		"custom": {
			in:   ReleaseSettings{DeploymentConfig: "my-config", TerminationWaitMinutes: 2, HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, DeregistrationDelaySeconds: 30},
			want: times{40, 40, 190, 60, 60, 210},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := ModelRelease(tc.in)
			got := times{r.HealthySeconds, r.ShiftSeconds, r.CompleteSeconds, r.SlowHealthySeconds, r.SlowShiftSeconds, r.SlowCompleteSeconds}
			if got != tc.want {
				t.Errorf("ModelRelease(%+v) = %+v, want %+v", tc.in, got, tc.want)
			}
			if r.ReleaseSettings != tc.in || r.TaskStartSeconds != TaskStartSeconds {
				t.Errorf("ModelRelease kept settings %+v and task start %d, want %+v and %d", r.ReleaseSettings, r.TaskStartSeconds, tc.in, TaskStartSeconds)
			}
			if custom := !strings.HasPrefix(tc.in.DeploymentConfig, "CodeDeployDefault."); r.ScheduleKnown == custom {
				t.Errorf("ScheduleKnown = %v for %s", r.ScheduleKnown, tc.in.DeploymentConfig)
			}
		})
	}
}

// releaseStack is a deployment group over two target groups, found by the
// names the mocks gave them.
func releaseStack(blue, green map[string]any, dg map[string]any) []Resource {
	s := &stack{}
	b := s.add(typeTargetGroup, "blue", inputs(blue), outputs(map[string]any{"name": "blue-123"}))
	g := s.add(typeTargetGroup, "green", inputs(green), outputs(map[string]any{"name": "green-456"}))
	s.add(typeDeploymentGroup, "app", deps(b, g), inputs(dg))
	return s.rs
}

func dgInputs(config string, wait float64, names ...any) map[string]any {
	var tgs []any
	for _, n := range names {
		tgs = append(tgs, map[string]any{"name": n})
	}
	m := map[string]any{
		"blueGreenDeploymentConfig": map[string]any{"terminateBlueInstancesOnDeploymentSuccess": map[string]any{"terminationWaitTimeInMinutes": wait}},
		"loadBalancerInfo":          map[string]any{"targetGroupPairInfo": map[string]any{"targetGroups": tgs}},
	}
	if config != "" {
		m["deploymentConfigName"] = config
	}
	return m
}

func tgInputs(interval, threshold, deregistration float64) map[string]any {
	return map[string]any{"deregistrationDelay": deregistration, "healthCheck": map[string]any{"interval": interval, "healthyThreshold": threshold}}
}

func TestReleaseSettingsOf(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		rs   []Resource
		want ReleaseSettings
	}{
		"the groups' settings": {
			rs: releaseStack(tgInputs(20, 4, 45), tgInputs(20, 4, 45), dgInputs("CodeDeployDefault.ECSAllAtOnce", 7, "blue-123", "green-456")),
			want: ReleaseSettings{DeploymentGroup: "app", DeploymentConfig: "CodeDeployDefault.ECSAllAtOnce", TerminationWaitMinutes: 7,
				HealthCheckIntervalSeconds: 20, HealthyThresholdCount: 4, DeregistrationDelaySeconds: 45},
		},
		"the slower group of a pair that differs": {
			rs: releaseStack(tgInputs(20, 2, 45), tgInputs(10, 4, 90), dgInputs("CodeDeployDefault.ECSAllAtOnce", 0, "blue-123", "green-456")),
			want: ReleaseSettings{DeploymentGroup: "app", DeploymentConfig: "CodeDeployDefault.ECSAllAtOnce",
				HealthCheckIntervalSeconds: 20, HealthyThresholdCount: 4, DeregistrationDelaySeconds: 90},
		},
		"AWS's defaults where the inputs say nothing, the provider's default config": {
			rs: releaseStack(map[string]any{}, map[string]any{}, dgInputs("", 0, "blue-123", "green-456")),
			want: ReleaseSettings{DeploymentGroup: "app", DeploymentConfig: "CodeDeployDefault.OneAtATime",
				HealthCheckIntervalSeconds: 30, HealthyThresholdCount: 5, DeregistrationDelaySeconds: 300},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := ReleaseSettingsOf(tc.rs)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]ReleaseSettings{tc.want}, got); diff != "" {
				t.Errorf("ReleaseSettingsOf (-want +got):\n%s", diff)
			}
		})
	}
	_, err := ReleaseSettingsOf(releaseStack(tgInputs(10, 2, 30), tgInputs(10, 2, 30), dgInputs("x", 0, "other-1", "other-2")))
	if err == nil || !strings.Contains(err.Error(), "deployment group app names no target group") {
		t.Errorf("a deployment group naming unknown groups: error = %v", err)
	}
}

// TestReleaseOfACreatedConfiguration: a deployment configuration the stack
// creates is known by its routing, so its schedule is modelled.
func TestReleaseOfACreatedConfiguration(t *testing.T) {
	t.Parallel()
	s := &stack{}
	b := s.add(typeTargetGroup, "blue", inputs(tgInputs(10, 2, 30)), outputs(map[string]any{"name": "blue-123"}))
	g := s.add(typeTargetGroup, "green", inputs(tgInputs(10, 2, 30)), outputs(map[string]any{"name": "green-456"}))
	c := s.add(typeDeploymentConfig, "app-Linear25PercentEvery2Minutes", inputs(map[string]any{
		"computePlatform":      "ECS",
		"trafficRoutingConfig": map[string]any{"type": "TimeBasedLinear", "timeBasedLinear": map[string]any{"percentage": 25.0, "interval": 2.0}},
	}), outputs(map[string]any{"deploymentConfigName": "app-Linear25PercentEvery2Minutes-1b8b06e"}))
	s.add(typeDeploymentGroup, "app", deps(b, g, c), inputs(dgInputs("app-Linear25PercentEvery2Minutes-1b8b06e", 5, "blue-123", "green-456")))
	settings, err := ReleaseSettingsOf(s.rs)
	if err != nil || len(settings) != 1 || settings[0].DeploymentConfig != "Linear25PercentEvery2Minutes" {
		t.Fatalf("ReleaseSettingsOf = %+v, %v; want the created configuration's name", settings, err)
	}
	r := ModelRelease(settings[0])
	// Four steps of 25 %, two minutes apart: the last six minutes after the first.
	if !r.ScheduleKnown || r.ScheduleSeconds != 6*60 || r.ShiftSeconds != r.HealthySeconds+6*60 {
		t.Errorf("ModelRelease = %+v, want a known 6-minute schedule", r)
	}
}
