package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/deployconfig"
)

// TaskStartSeconds is the fixed allowance, in seconds, from the moment
// CodeDeploy asks ECS for the replacement task set until its containers run
// and ECS registers them with the target group: placement on an instance
// that has room, the image pull (layers mostly cached on a warm instance;
// a cold pull of a small image takes seconds) and the container's start.
// It assumes the new tasks fit on the running instances; when the capacity
// provider must launch instances first, add their boot (minutes).
const TaskStartSeconds = 30

// ReleaseSettings are the registered settings a release's duration
// depends on, for one CodeDeploy deployment group.
type ReleaseSettings struct {
	// DeploymentGroup is the deployment group's logical name.
	DeploymentGroup string `json:"deploymentGroup"`
	// DeploymentConfig is its deploymentConfigName.
	DeploymentConfig string `json:"deploymentConfig"`
	// TerminationWaitMinutes is how long the original task set keeps
	// running after all traffic has moved.
	TerminationWaitMinutes int `json:"terminationWaitMinutes"`
	// HealthCheckIntervalSeconds, HealthyThresholdCount and
	// DeregistrationDelaySeconds are the target groups' (the slowest of the
	// pair's, should they differ).
	HealthCheckIntervalSeconds int `json:"healthCheckIntervalSeconds"`
	HealthyThresholdCount      int `json:"healthyThresholdCount"`
	DeregistrationDelaySeconds int `json:"deregistrationDelaySeconds"`
	// ValidationSuccesses and ValidationBudgetSeconds are the validation
	// hook's (package validation), when the stack has one: answers in a
	// row, one a second, within the budget. 0: no hook.
	ValidationSuccesses     int `json:"validationSuccesses,omitempty"`
	ValidationBudgetSeconds int `json:"validationBudgetSeconds,omitempty"`
}

// Release is the modelled duration of one blue/green release:
//
//	healthy  = TaskStartSeconds + interval
//	shift    = healthy + validation + schedule
//	complete = shift + termination wait + deregistration delay
//
// A newly registered target is healthy after its first passing check
// (Elastic Load Balancing's target health checks), which comes at most one interval after
// registration: the model takes the whole interval. The schedule is the
// deployment configuration's time from first to last traffic shift.
// After the termination wait, ECS deregisters the original tasks and they
// drain for the deregistration delay before they stop, which ends the
// deployment. The "slow start" figures assume the first check fails (the
// application is still starting) and the target then needs
// HealthyThresholdCount consecutive passing checks:
//
//	slow healthy = TaskStartSeconds + interval × (1 + healthy threshold)
//
// The validation hook, when the stack has one, runs at
// AfterAllowTestTraffic, before any production traffic moves: it takes one
// second an answer when green passes (validation = successes), and its
// whole budget at worst (the slow figures take the budget).
//
// The service's health check grace period does not delay any of this: it
// only stops ECS from replacing a task the load balancer reports unhealthy.
// CodeDeploy's own bookkeeping between lifecycle events (seconds) and
// hooks at other lifecycle events (none here) are not modelled.
type Release struct {
	ReleaseSettings
	// ScheduleKnown is false for a custom deployment configuration, whose
	// schedule the plan cannot read: Shift and Complete then leave it out.
	ScheduleKnown bool `json:"scheduleKnown"`
	// Schedule describes the configuration's traffic shifts.
	Schedule string `json:"schedule"`
	// ScheduleSeconds is the time from the first shift to the last.
	ScheduleSeconds int `json:"scheduleSeconds"`
	// TaskStartSeconds is the allowance used for the task start.
	TaskStartSeconds int `json:"taskStartSeconds"`
	// ValidationSeconds is the validation hook's time when green passes;
	// the slow figures take ValidationBudgetSeconds. 0 without a hook.
	ValidationSeconds int `json:"validationSeconds,omitempty"`
	// HealthySeconds is when the new tasks are healthy, from the start of
	// the deployment; ShiftSeconds when all traffic has moved;
	// CompleteSeconds when the original tasks have stopped.
	HealthySeconds  int `json:"healthySeconds"`
	ShiftSeconds    int `json:"shiftSeconds"`
	CompleteSeconds int `json:"completeSeconds"`
	// The same, when the first health check fails.
	SlowHealthySeconds  int `json:"slowHealthySeconds"`
	SlowShiftSeconds    int `json:"slowShiftSeconds"`
	SlowCompleteSeconds int `json:"slowCompleteSeconds"`
}

// ModelRelease computes a release's modelled durations from its settings.
func ModelRelease(s ReleaseSettings) Release {
	r := Release{ReleaseSettings: s, TaskStartSeconds: TaskStartSeconds}
	config, err := deployconfig.Parse(s.DeploymentConfig)
	r.ScheduleSeconds, r.ScheduleKnown = config.ShiftSeconds()
	r.ScheduleKnown = r.ScheduleKnown && err == nil
	r.Schedule = config.Describe()
	if !r.ScheduleKnown {
		r.ScheduleSeconds = 0
		r.Schedule = "custom configuration: schedule unknown, not included"
	}
	tail := s.TerminationWaitMinutes*60 + s.DeregistrationDelaySeconds

	r.ValidationSeconds = s.ValidationSuccesses
	r.HealthySeconds = TaskStartSeconds + s.HealthCheckIntervalSeconds
	r.ShiftSeconds = r.HealthySeconds + r.ValidationSeconds + r.ScheduleSeconds
	r.CompleteSeconds = r.ShiftSeconds + tail

	r.SlowHealthySeconds = TaskStartSeconds + s.HealthCheckIntervalSeconds*(1+s.HealthyThresholdCount)
	r.SlowShiftSeconds = r.SlowHealthySeconds + s.ValidationBudgetSeconds + r.ScheduleSeconds
	r.SlowCompleteSeconds = r.SlowShiftSeconds + tail
	return r
}

// ReleaseSettingsOf reads the settings of every CodeDeploy deployment group
// among rs, in URN order, from the group's inputs and its target groups'
// (the groups it names, found by the names the mocks gave them).
func ReleaseSettingsOf(rs []Resource) ([]ReleaseSettings, error) {
	g, err := newGraph(rs)
	if err != nil {
		return nil, err
	}
	var out []ReleaseSettings
	for _, dg := range g.ofType(typeDeploymentGroup) {
		s := ReleaseSettings{
			DeploymentGroup:  dg.Name,
			DeploymentConfig: getString(dg.Inputs, "deploymentConfigName"),
		}
		if s.DeploymentConfig == "" {
			s.DeploymentConfig = "CodeDeployDefault.OneAtATime" // the provider's default, which ECS rejects
		}
		// A configuration the stack creates is known by its readable name,
		// which says its routing.
		for _, c := range g.ofType(typeDeploymentConfig) {
			if getString(c.Outputs, "deploymentConfigName") == s.DeploymentConfig {
				s.DeploymentConfig = createdConfigName(c)
			}
		}
		if w, ok := getInt(dg.Inputs, "blueGreenDeploymentConfig", "terminateBlueInstancesOnDeploymentSuccess", "terminationWaitTimeInMinutes"); ok {
			s.TerminationWaitMinutes = w
		}
		s.ValidationSuccesses, s.ValidationBudgetSeconds = g.validationHook()
		tgs := g.targetGroupsOf(dg)
		if len(tgs) == 0 {
			return nil, fmt.Errorf("plan: deployment group %s names no target group of the stack", dg.Name)
		}
		for _, tg := range tgs {
			h := targetGroupHealth(tg)
			s.HealthCheckIntervalSeconds = max(s.HealthCheckIntervalSeconds, h.interval)
			s.HealthyThresholdCount = max(s.HealthyThresholdCount, h.threshold)
			s.DeregistrationDelaySeconds = max(s.DeregistrationDelaySeconds, h.deregistration)
		}
		out = append(out, s)
	}
	return out, nil
}

// validationHook is the validation hook's consecutive successes and
// budget: those of the stack's function named CodeDeployHook_* (package
// validation), read from its environment; 0, 0 without one.
func (g *graph) validationHook() (successes, budget int) {
	for _, f := range g.ofType(typeLambdaFunction) {
		if !strings.HasPrefix(getString(f.Inputs, "name"), "CodeDeployHook_") {
			continue
		}
		successes, _ = strconv.Atoi(getString(f.Inputs, "environment", "variables", "VALIDATION_CONSECUTIVE_SUCCESSES"))
		budget, _ = strconv.Atoi(getString(f.Inputs, "environment", "variables", "VALIDATION_BUDGET_SECONDS"))
		return successes, budget
	}
	return 0, 0
}

// createdConfigName returns the readable name of a deployment
// configuration the stack creates, from its traffic routing: the name it
// was configured by ("Canary20Percent3Minutes").
func createdConfigName(c *Resource) string {
	kind := deployconfig.Kind(getString(c.Inputs, "trafficRoutingConfig", "type"))
	field := map[deployconfig.Kind]string{deployconfig.Canary: "timeBasedCanary", deployconfig.Linear: "timeBasedLinear"}[kind]
	if field == "" {
		return getString(c.Outputs, "deploymentConfigName")
	}
	pct, _ := getInt(c.Inputs, "trafficRoutingConfig", field, "percentage")
	mins, _ := getInt(c.Inputs, "trafficRoutingConfig", field, "interval")
	return deployconfig.Config{Kind: kind, Percent: pct, IntervalMinutes: mins}.ReadableName()
}

// targetGroupsOf returns the target groups a deployment group names, in
// its order.
func (g *graph) targetGroupsOf(dg *Resource) []*Resource {
	var out []*Resource
	for _, item := range getList(dg.Inputs, "loadBalancerInfo", "targetGroupPairInfo", "targetGroups") {
		name := getString(item, "name")
		for _, tg := range g.ofType(typeTargetGroup, typeTargetGroupALB) {
			if name != "" && getString(tg.Outputs, "name") == name && !slices.Contains(out, tg) {
				out = append(out, tg)
			}
		}
	}
	return out
}

// targetGroupDefaults are AWS's defaults for an HTTP target group's health
// check and draining, used where the inputs leave a value out.
const (
	awsDefaultIntervalSeconds     = 30
	awsDefaultHealthyThreshold    = 5
	awsDefaultDeregistrationDelay = 300
)

type health struct{ interval, threshold, deregistration int }

func targetGroupHealth(tg *Resource) health {
	h := health{awsDefaultIntervalSeconds, awsDefaultHealthyThreshold, awsDefaultDeregistrationDelay}
	if v, ok := getInt(tg.Inputs, "healthCheck", "interval"); ok {
		h.interval = v
	}
	if v, ok := getInt(tg.Inputs, "healthCheck", "healthyThreshold"); ok {
		h.threshold = v
	}
	if v, ok := getInt(tg.Inputs, "deregistrationDelay"); ok {
		h.deregistration = v
	}
	return h
}
