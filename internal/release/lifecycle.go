package release

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// LifecycleEvents are the lifecycle events of an Amazon ECS blue/green
// deployment, in the order CodeDeploy runs them. A deployment group that
// waits for approval (deploymentReadyOption STOP_DEPLOYMENT) waits after
// AfterAllowTestTraffic; the termination wait follows AfterAllowTraffic.
var LifecycleEvents = []string{
	"BeforeInstall",
	"Install",
	"AfterInstall",
	"AllowTestTraffic",
	"AfterAllowTestTraffic",
	"BeforeAllowTraffic",
	"AllowTraffic",
	"AfterAllowTraffic",
}

// Deployment statuses (CodeDeploy's DeploymentStatus).
const (
	StatusCreated    = "Created"
	StatusQueued     = "Queued"
	StatusInProgress = "InProgress"
	StatusBaking     = "Baking"
	StatusReady      = "Ready"
	StatusSucceeded  = "Succeeded"
	StatusFailed     = "Failed"
	StatusStopped    = "Stopped"
)

// InFlightStatuses are the statuses of a deployment that has not ended. A
// deployment group runs one deployment at a time.
var InFlightStatuses = []string{StatusCreated, StatusQueued, StatusInProgress, StatusBaking, StatusReady}

// Lifecycle event statuses (CodeDeploy's LifecycleEventStatus).
const (
	EventPending    = "Pending"
	EventInProgress = "InProgress"
	EventSucceeded  = "Succeeded"
	EventFailed     = "Failed"
	EventSkipped    = "Skipped"
	EventUnknown    = "Unknown"
)

// eventIndex is name's position in LifecycleEvents, or -1.
func eventIndex(name string) int { return slices.Index(LifecycleEvents, name) }

// beforeProductionTraffic says whether a deployment that finished the event
// still serves production from the original task set.
func beforeProductionTraffic(event string) bool {
	return eventIndex(event) < eventIndex("BeforeAllowTraffic")
}

// CheckStopAfter reports whether a release may stop, exit 0, after event.
// Events up to AfterAllowTestTraffic leave production on the original
// version, which is only safe when the deployment group waits for approval
// (readyWait: deploymentReadyOption STOP_DEPLOYMENT) instead of shifting
// traffic by itself. BeforeAllowTraffic leaves a deployment about to shift
// traffic unwatched. AllowTraffic and AfterAllowTraffic end the command once
// all production traffic is on the new version, leaving the termination wait.
func CheckStopAfter(event string, readyWait bool) error {
	switch {
	case event == "":
		return nil
	case eventIndex(event) < 0:
		return fmt.Errorf("--stop-after: %q is not a lifecycle event of an ECS deployment; want one of %s", event, strings.Join(LifecycleEvents, ", "))
	case event == "BeforeAllowTraffic":
		return fmt.Errorf("--stop-after: BeforeAllowTraffic ends the command as production traffic starts to move; stop after AfterAllowTestTraffic (with an approval wait) or AllowTraffic")
	case beforeProductionTraffic(event) && !readyWait:
		return fmt.Errorf("--stop-after: %s: the deployment group does not wait for approval (deploymentReadyOption.actionOnTimeout is CONTINUE_DEPLOYMENT), so production traffic would move while nobody watches; give the deployment group a ready wait (this stack: pulumi config set approvalWaitMinutes 60, then pulumi up) or stop after AllowTraffic", event)
	default:
		return nil
	}
}

// Snapshot is one poll of a deployment: CodeDeploy's deployment, its ECS
// target (lifecycle events and task sets) and the health of the replacement
// task set's targets.
type Snapshot struct {
	// DeploymentID is the CodeDeploy deployment's id.
	DeploymentID string `json:"deploymentId"`
	// Status is the deployment's status (Created ... Stopped).
	Status string `json:"status"`
	// Creator is who created it: user, autoRollback, ...
	Creator string `json:"creator,omitempty"`
	// TaskDefinitionARN is the task definition its AppSpec deploys, when known.
	TaskDefinitionARN string `json:"taskDefinitionArn,omitempty"`
	// Events are the lifecycle events, in order.
	Events []LifecycleEvent `json:"lifecycleEvents,omitempty"`
	// TaskSets are the original (BLUE) and replacement (GREEN) task sets.
	TaskSets []TaskSet `json:"taskSets,omitempty"`
	// TargetGroup is the replacement task set's target group.
	TargetGroup string `json:"targetGroup,omitempty"`
	// Targets are the health of that target group's targets.
	Targets []TargetHealth `json:"targets,omitempty"`
	// TestURL is where the new version answers while test traffic is
	// allowed, when the stack's test URL is known.
	TestURL string `json:"testUrl,omitempty"`
	// Hook is the validation hook's function, which the AppSpec names at
	// ValidationEvent; "" without one.
	Hook string `json:"-"`
	// TerminationWaitStarted says the original task set's termination wait
	// has begun: all traffic is on the replacement.
	TerminationWaitStarted bool `json:"terminationWaitStarted,omitempty"`
	// Error is why the deployment failed, when it did.
	Error *ErrorInfo `json:"error,omitempty"`
	// Rollback names the deployment that rolls this one back, when any.
	Rollback *RollbackInfo `json:"rollback,omitempty"`
	// Messages are CodeDeploy's deployment status messages.
	Messages []string `json:"messages,omitempty"`
	// Created and Completed are CodeDeploy's times, zero when unknown.
	Created   time.Time `json:"createTime,omitzero"`
	Completed time.Time `json:"completeTime,omitzero"`

	// autoRollback says CodeDeploy rolls the deployment back when it fails.
	autoRollback bool
}

// LifecycleEvent is a lifecycle event's state.
type LifecycleEvent struct {
	Name   string    `json:"name"`
	Status string    `json:"status"`
	Start  time.Time `json:"startTime,omitzero"`
	End    time.Time `json:"endTime,omitzero"`
	// Diagnostic is the hook's error message, when it failed.
	Diagnostic string `json:"diagnostic,omitempty"`
}

// TaskSet is one ECS task set of the deployment.
type TaskSet struct {
	// Label is BLUE (original) or GREEN (replacement).
	Label string `json:"label"`
	// Status is PRIMARY, ACTIVE or DRAINING.
	Status  string `json:"status,omitempty"`
	Running int64  `json:"running"`
	Pending int64  `json:"pending"`
	Desired int64  `json:"desired"`
	// TrafficWeight is the percentage of production traffic it serves.
	TrafficWeight float64 `json:"trafficWeight"`
	TargetGroup   string  `json:"targetGroup,omitempty"`
}

// TargetHealth is one registered target of the replacement target group.
type TargetHealth struct {
	ID     string `json:"id"`
	Port   int32  `json:"port,omitempty"`
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// ErrorInfo is CodeDeploy's errorInformation.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// RollbackInfo is CodeDeploy's rollbackInfo.
type RollbackInfo struct {
	DeploymentID string `json:"deploymentId,omitempty"`
	Message      string `json:"message,omitempty"`
}

// Terminal says whether the deployment has ended.
func (s *Snapshot) Terminal() bool {
	return s.Status == StatusSucceeded || s.Status == StatusFailed || s.Status == StatusStopped
}

// Event returns the named lifecycle event's status, "" when absent.
func (s *Snapshot) Event(name string) string {
	for _, e := range s.Events {
		if e.Name == name {
			return e.Status
		}
	}
	return ""
}

// Replacement is the GREEN task set, or nil.
func (s *Snapshot) Replacement() *TaskSet { return s.taskSet("GREEN") }

func (s *Snapshot) taskSet(label string) *TaskSet {
	for i := range s.TaskSets {
		if s.TaskSets[i].Label == label {
			return &s.TaskSets[i]
		}
	}
	return nil
}

// TrafficShifted is the percentage of production traffic on the replacement
// task set: its weight while both run, 100 once the deployment succeeded.
func (s *Snapshot) TrafficShifted() float64 {
	if s.Status == StatusSucceeded {
		return 100
	}
	if g := s.Replacement(); g != nil {
		return g.TrafficWeight
	}
	return 0
}

// AllTrafficShifted says whether the replacement serves all production
// traffic: the deployment succeeded, AllowTraffic succeeded, or the original
// task set's termination wait started.
func (s *Snapshot) AllTrafficShifted() bool {
	return s.Status == StatusSucceeded || s.Event("AllowTraffic") == EventSucceeded || s.TerminationWaitStarted
}

// ValidationFailed says whether the validation hook failed the
// deployment at ValidationEvent.
func (s *Snapshot) ValidationFailed() bool {
	return s != nil && s.Hook != "" && s.Event(ValidationEvent) == EventFailed
}

// TestTrafficAllowed says whether the test listener routes to the
// replacement task set now.
func (s *Snapshot) TestTrafficAllowed() bool {
	return !s.Terminal() && s.Event("AllowTestTraffic") == EventSucceeded
}

// Outcome is how a command ended.
type Outcome string

const (
	// OutcomeReleased means the new version serves all production traffic and the
	// deployment succeeded.
	OutcomeReleased Outcome = "released"
	// OutcomeTrafficShifted means the new version serves all production traffic;
	// the deployment is in its termination wait (stopped early on request).
	OutcomeTrafficShifted Outcome = "traffic-shifted"
	// OutcomeWaiting means the deployment reached the requested lifecycle event
	// and waits for approval; production is on the original version.
	OutcomeWaiting Outcome = "waiting"
	// OutcomeRolledBack means a rollback (or a redeploy of the previous revision)
	// completed; the previous version serves production.
	OutcomeRolledBack Outcome = "rolled-back"
	// OutcomeFailed means the deployment failed (AWS's reason in Error).
	OutcomeFailed Outcome = "failed"
	// OutcomeStopped means the deployment was stopped.
	OutcomeStopped Outcome = "stopped"
	// OutcomeUnchanged means the service already runs the task definition; nothing
	// was deployed.
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeAbandoned means the command stopped following a deployment that goes
	// on (a second interrupt, an interrupt after all production traffic moved,
	// the deadline while watching).
	OutcomeAbandoned Outcome = "abandoned"
	// OutcomeChecked means verify found nothing to fix, or diff showed what a
	// release would deploy; nothing was deployed.
	OutcomeChecked Outcome = "checked"
	// OutcomeError means the command could not run (invalid input, a deployment
	// in flight, an AWS or Pulumi error); see the error.
	OutcomeError Outcome = "error"
)

// Succeeded says whether the outcome exits 0.
func (o Outcome) Succeeded() bool {
	switch o {
	case OutcomeReleased, OutcomeTrafficShifted, OutcomeWaiting, OutcomeRolledBack, OutcomeUnchanged, OutcomeChecked:
		return true
	case OutcomeFailed, OutcomeStopped, OutcomeAbandoned, OutcomeError:
		return false
	}
	return false
}

// Goal is what following a deployment waits for.
type Goal struct {
	// StopAfter ends following once this lifecycle event succeeded or was
	// skipped; "" follows the deployment to its end.
	StopAfter string
	// SkipWait ends the termination wait as soon as all traffic has moved
	// (ContinueDeployment TERMINATION_WAIT).
	SkipWait bool
	// Rollback says the deployment puts a previous version back: its success
	// is OutcomeRolledBack.
	Rollback bool
}

// Decision is what the follower does after a poll.
type Decision struct {
	// Done ends following with Outcome.
	Done    bool
	Outcome Outcome
	// FollowRollback is a rollback deployment to follow next.
	FollowRollback string
	// EndTerminationWait asks for ContinueDeployment TERMINATION_WAIT.
	EndTerminationWait bool
	// AwaitingApproval says the deployment waits for ContinueDeployment
	// READY_WAIT before it moves production traffic.
	AwaitingApproval bool
}

// Decide is the follower's rule: given a poll of the deployment, the goal,
// and whether the termination wait was already ended, what next. A goal of
// stopping after an event before production traffic moves is reached once
// the event passed and the deployment is Ready (waiting for approval), so
// that `continue` finds it waiting.
func Decide(s *Snapshot, g Goal, terminationWaitEnded bool) Decision {
	switch s.Status {
	case StatusSucceeded:
		if g.Rollback {
			return Decision{Done: true, Outcome: OutcomeRolledBack}
		}
		return Decision{Done: true, Outcome: OutcomeReleased}
	case StatusFailed, StatusStopped:
		if s.Rollback != nil && s.Rollback.DeploymentID != "" {
			return Decision{FollowRollback: s.Rollback.DeploymentID}
		}
		if s.Status == StatusFailed {
			return Decision{Done: true, Outcome: OutcomeFailed}
		}
		return Decision{Done: true, Outcome: OutcomeStopped}
	}
	if ev := g.StopAfter; ev != "" {
		if st := s.Event(ev); st == EventSucceeded || st == EventSkipped {
			switch {
			case !beforeProductionTraffic(ev) || s.AllTrafficShifted():
				return Decision{Done: true, Outcome: OutcomeTrafficShifted}
			case s.Status == StatusReady:
				// Waiting for approval: `continue` can approve it now.
				return Decision{Done: true, Outcome: OutcomeWaiting}
			}
		}
	}
	shifted := s.AllTrafficShifted()
	return Decision{
		EndTerminationWait: g.SkipWait && shifted && !terminationWaitEnded,
		AwaitingApproval:   s.Status == StatusReady && !shifted,
	}
}
