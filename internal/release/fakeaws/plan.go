package fakeaws

import "maps"

// Plan describes a typical scripted ECS blue/green deployment for Steps.
type Plan struct {
	// Tasks is each task set's desired count. Default: 2.
	Tasks int
	// BlueTargetGroup and GreenTargetGroup are the original and replacement
	// task sets' target groups. Default: "blue-tg" and "green-tg".
	BlueTargetGroup, GreenTargetGroup string
	// ApprovalWait holds the deployment Ready after AfterAllowTestTraffic
	// until ContinueDeployment READY_WAIT.
	ApprovalWait bool
	// HoldShifting holds the deployment with 10% of the traffic on the
	// replacement until StopDeployment.
	HoldShifting bool
	// TerminationWait holds the deployment in its termination wait until
	// ContinueDeployment TERMINATION_WAIT.
	TerminationWait bool
	// FailAt is the lifecycle event that fails, with Error, and RollbackID
	// names the rollback deployment. Empty: the deployment succeeds.
	FailAt     string
	Error      ErrorInfo
	RollbackID string
	// HookReason and HookLogLate are the failing step's (Step.HookReason):
	// the reason the hook at FailAt logs, and how late.
	HookReason  string
	HookLogLate int
}

func (p Plan) defaults() Plan {
	if p.Tasks == 0 {
		p.Tasks = 2
	}
	if p.BlueTargetGroup == "" {
		p.BlueTargetGroup = "blue-tg"
	}
	if p.GreenTargetGroup == "" {
		p.GreenTargetGroup = "green-tg"
	}
	return p
}

func targets(n int, state, reason string) []Target {
	out := make([]Target, n)
	for i := range out {
		out[i] = Target{ID: "i-0fake" + string(rune('a'+i)), Port: 32768 + i, State: state, Reason: reason}
	}
	return out
}

// Steps scripts the deployment p describes: Created, the lifecycle events
// one after another with the replacement task set starting, its targets
// turning healthy, test traffic, 10% and then all of the production
// traffic, the termination wait, Succeeded. With FailAt, the script ends
// Failed at that event.
func Steps(p Plan) []Step {
	p = p.defaults()
	n := p.Tasks
	blue := func(weight float64) *TaskSet {
		return &TaskSet{Status: "PRIMARY", Running: n, Desired: n, Weight: weight, TargetGroup: p.BlueTargetGroup}
	}
	green := func(running int, weight float64) *TaskSet {
		return &TaskSet{Status: "ACTIVE", Running: running, Pending: n - running, Desired: n, Weight: weight, TargetGroup: p.GreenTargetGroup}
	}
	events := map[string]string{}
	ev := func(kv ...string) map[string]string {
		for i := 0; i < len(kv); i += 2 {
			events[kv[i]] = kv[i+1]
		}
		return maps.Clone(events)
	}
	steps := []Step{
		{Status: "Created"},
		{Status: "InProgress", Events: ev("BeforeInstall", "InProgress"), Blue: blue(100)},
		{Status: "InProgress", Events: ev("BeforeInstall", "Succeeded", "Install", "InProgress"), Blue: blue(100), Green: green(0, 0)},
		{Status: "InProgress", Events: ev("Install", "Succeeded", "AfterInstall", "Succeeded", "AllowTestTraffic", "InProgress"), Blue: blue(100), Green: green(n, 0), Health: targets(n, "initial", "Elb.InitialHealthChecking")},
		{Status: "InProgress", Events: ev("AllowTestTraffic", "Succeeded", "AfterAllowTestTraffic", "Succeeded"), Blue: blue(100), Green: green(n, 0), Health: targets(n, "healthy", "")},
	}
	if p.ApprovalWait {
		steps = append(steps, Step{Status: "Ready", Events: ev(), Blue: blue(100), Green: green(n, 0), Health: targets(n, "healthy", ""), Hold: HoldReadyWait})
	}
	shifting := Step{Status: "InProgress", Events: ev("BeforeAllowTraffic", "Succeeded", "AllowTraffic", "InProgress"), Blue: blue(90), Green: green(n, 10), Health: targets(n, "healthy", "")}
	if p.HoldShifting {
		shifting.Hold = HoldStop
	}
	steps = append(steps, shifting)
	shifted := Step{Status: "InProgress", Events: ev("AllowTraffic", "Succeeded", "AfterAllowTraffic", "Succeeded"), Blue: blue(0), Green: green(n, 100), Health: targets(n, "healthy", ""), TerminationWaitStarted: true}
	if p.TerminationWait {
		shifted.Hold = HoldTerminationWait
	}
	steps = append(steps, shifted)
	done := green(n, 100)
	done.Status = "PRIMARY"
	steps = append(steps, Step{Status: "Succeeded", Events: ev(), Green: done, TerminationWaitStarted: true})
	if p.FailAt == "" {
		return steps
	}
	for i, st := range steps {
		if st.Events[p.FailAt] == "" {
			continue
		}
		failed := st
		failed.Events = maps.Clone(st.Events)
		failed.Events[p.FailAt] = "Failed"
		failed.Status, failed.Hold = "Failed", HoldNone
		failed.HookReason, failed.HookLogLate = p.HookReason, p.HookLogLate
		failed.Error = &ErrorInfo{Code: p.Error.Code, Message: p.Error.Message}
		failed.RollbackID = p.RollbackID
		if p.RollbackID != "" {
			failed.RollbackMessage = "Deployment is rolled back by " + p.RollbackID
			failed.Spawn = RollbackSteps(p)
		}
		return append(steps[:i:i], failed)
	}
	return steps
}

// StoppedSteps are a deployment's steps after StopDeployment with rollback:
// Stopped, with errorInformation MANUAL_STOP and rollbackInfo naming
// p.RollbackID, whose rollback deployment then runs RollbackSteps(p).
func StoppedSteps(p Plan) []Step {
	return []Step{{
		Status:          "Stopped",
		Error:           &ErrorInfo{Code: "MANUAL_STOP", Message: "The deployment was stopped by the user."},
		RollbackID:      p.RollbackID,
		RollbackMessage: "Deployment is rolled back by " + p.RollbackID,
		Spawn:           RollbackSteps(p),
	}}
}

// RollbackSteps script a rollback deployment: production traffic moves back
// to the original task set, the replacement drains, Succeeded.
func RollbackSteps(p Plan) []Step {
	p = p.defaults()
	n := p.Tasks
	return []Step{
		{
			Status: "InProgress",
			Events: map[string]string{"BeforeInstall": "Skipped", "Install": "Skipped", "AfterInstall": "Skipped", "AllowTestTraffic": "Skipped", "AfterAllowTestTraffic": "Skipped", "BeforeAllowTraffic": "Skipped", "AllowTraffic": "InProgress"},
			Blue:   &TaskSet{Status: "PRIMARY", Running: n, Desired: n, Weight: 100, TargetGroup: p.BlueTargetGroup},
			Green:  &TaskSet{Status: "DRAINING", Running: n, Desired: 0, Weight: 0, TargetGroup: p.GreenTargetGroup},
		},
		{
			Status: "Succeeded",
			Events: map[string]string{"BeforeInstall": "Skipped", "Install": "Skipped", "AfterInstall": "Skipped", "AllowTestTraffic": "Skipped", "AfterAllowTestTraffic": "Skipped", "BeforeAllowTraffic": "Skipped", "AllowTraffic": "Succeeded", "AfterAllowTraffic": "Succeeded"},
			Blue:   &TaskSet{Status: "PRIMARY", Running: n, Desired: n, Weight: 100, TargetGroup: p.BlueTargetGroup},
		},
	}
}
