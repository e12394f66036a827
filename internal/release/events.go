package release

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// SchemaVersion is the version of the event stream's shape (--output jsonl).
// It changes only when a field is renamed or removed, or its meaning changes;
// new event types and new fields keep it.
const SchemaVersion = 1

// Event is one thing a command reports, as data: the release logic builds
// events and a Reporter draws them (lines, a live terminal block, JSON
// lines). Type is the event's name in the JSON stream; the JSON names of its
// fields are stable (see cmd/release's documentation).
type Event interface {
	// Type is the event's "type" in the JSON stream.
	Type() string
}

// Started opens a command's stream.
type Started struct {
	// Command is release, verify, diff, continue, skip-wait, watch, rollback
	// or cancel.
	Command string `json:"command"`
	// SchemaVersion is SchemaVersion.
	SchemaVersion int `json:"schemaVersion"`
}

// PulumiUp says `pulumi up` runs with the stack's image set.
type PulumiUp struct {
	Stack string `json:"stack"`
	Image string `json:"image"`
}

// DeadlineSet says until when the command follows the deployment: at the
// deadline it stops the deployment with rollback (or, once all production
// traffic moved, stops following).
type DeadlineSet struct {
	Deadline       time.Time `json:"deadline"`
	TimeoutSeconds float64   `json:"timeoutSeconds"`
	// Default says the timeout was derived from the deployment group
	// (Timing) rather than given; the parts below then add up to it.
	Default                bool    `json:"default"`
	StartSeconds           float64 `json:"startSeconds,omitempty"`
	ApprovalWaitSeconds    float64 `json:"approvalWaitSeconds,omitempty"`
	TrafficShiftSeconds    float64 `json:"trafficShiftSeconds,omitempty"`
	TerminationWaitSeconds float64 `json:"terminationWaitSeconds,omitempty"`
}

// Check statuses.
const (
	CheckOK      = "ok"
	CheckFailed  = "failed"
	CheckSkipped = "skipped"
)

// Check is the result of one pre-flight check of `release verify`.
type Check struct {
	// Name is the check's stable name (Checks lists them).
	Name string `json:"check"`
	// Status is CheckOK, CheckFailed or CheckSkipped.
	Status string `json:"status"`
	// Detail says what was found.
	Detail string `json:"detail"`
	// Fix says how to fix a failed check.
	Fix string `json:"fix,omitempty"`
}

// Image comparisons of Images.
const (
	// ImagesUnchanged: the release deploys the revision production runs.
	ImagesUnchanged = "unchanged"
	// ImagesSameImage: another revision, the image production runs.
	ImagesSameImage = "same-image"
	// ImagesNew: an image production has not run before this one.
	ImagesNew = "new"
	// ImagesOlder: an older revision, or an image registered before the one
	// production runs.
	ImagesOlder = "older"
)

// Images shows the image a release is about to deploy beside the one
// production runs.
type Images struct {
	TaskDefinitionARN           string `json:"taskDefinitionArn"`
	Image                       string `json:"image"`
	ProductionTaskDefinitionARN string `json:"productionTaskDefinitionArn"`
	ProductionImage             string `json:"productionImage"`
	// Comparison is ImagesUnchanged, ImagesSameImage, ImagesNew or
	// ImagesOlder.
	Comparison string `json:"comparison"`
	// Reason says why an image counts as older.
	Reason string `json:"reason,omitempty"`
}

// AppSpecShown is the AppSpec a release would send (release diff).
type AppSpecShown struct {
	Content string `json:"content"`
	SHA256  string `json:"sha256"`
	// Note qualifies the AppSpec, when it is not exactly what would be sent.
	Note string `json:"note,omitempty"`
}

// ContainerDiff is the difference between the container definitions
// production runs and those a release would deploy (release diff).
type ContainerDiff struct {
	From    string        `json:"from"`
	To      string        `json:"to"`
	Changes []FieldChange `json:"changes"`
}

// Field change kinds.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// FieldChange is one difference between two container definitions: Path is
// "<container>.<field>[<key>]...", From and To are JSON values.
type FieldChange struct {
	Path   string          `json:"path"`
	Change string          `json:"change"`
	From   json.RawMessage `json:"from,omitempty"`
	To     json.RawMessage `json:"to,omitempty"`
}

// DeploymentCreated says a command created a deployment (or, Adopted, found
// the one its earlier CreateDeployment created before the answer was lost).
type DeploymentCreated struct {
	DeploymentID              string `json:"deploymentId"`
	TaskDefinitionARN         string `json:"taskDefinitionArn"`
	PreviousTaskDefinitionARN string `json:"previousTaskDefinitionArn,omitempty"`
	// Rollback says it redeploys a previous revision (release rollback).
	Rollback bool `json:"rollback,omitempty"`
	Adopted  bool `json:"adopted,omitempty"`
}

// DeploymentStatus is a deployment's status when it changes, or when a
// command starts following it.
type DeploymentStatus struct {
	DeploymentID string `json:"deploymentId"`
	Status       string `json:"status"`
	// Rollback says CodeDeploy created it to roll another one back.
	Rollback     bool      `json:"rollback,omitempty"`
	CreateTime   time.Time `json:"createTime,omitzero"`
	CompleteTime time.Time `json:"completeTime,omitzero"`
}

// StatusMessage is one of CodeDeploy's deployment status messages.
type StatusMessage struct {
	DeploymentID string `json:"deploymentId"`
	Message      string `json:"message"`
}

// LifecycleChanged is a lifecycle event whose status changed.
type LifecycleChanged struct {
	DeploymentID string `json:"deploymentId"`
	Event        string `json:"event"`
	Status       string `json:"status"`
	// Step is the event's position, 1..Steps.
	Step            int       `json:"step"`
	Steps           int       `json:"steps"`
	StartTime       time.Time `json:"startTime,omitzero"`
	EndTime         time.Time `json:"endTime,omitzero"`
	DurationSeconds float64   `json:"durationSeconds,omitempty"`
	Diagnostic      string    `json:"diagnostic,omitempty"`
}

// TaskSetChanged is a task set whose counts or status changed.
type TaskSetChanged struct {
	DeploymentID string `json:"deploymentId"`
	// Role is replacement (GREEN) or original (BLUE).
	Role          string  `json:"taskSet"`
	Label         string  `json:"label"`
	Status        string  `json:"status,omitempty"`
	Running       int64   `json:"running"`
	Pending       int64   `json:"pending"`
	Desired       int64   `json:"desired"`
	TrafficWeight float64 `json:"trafficWeight"`
}

// TrafficChanged is the share of production traffic on the replacement task
// set when it changes.
type TrafficChanged struct {
	DeploymentID string  `json:"deploymentId"`
	Percent      float64 `json:"replacementPercent"`
}

// TargetHealthChanged is the health of the replacement target group's
// targets when it changes.
type TargetHealthChanged struct {
	DeploymentID string         `json:"deploymentId"`
	TargetGroup  string         `json:"targetGroup"`
	Counts       map[string]int `json:"counts"`
	Targets      []TargetHealth `json:"targets"`
}

// TestTraffic says the test listener routes to the replacement task set.
type TestTraffic struct {
	DeploymentID string `json:"deploymentId"`
	TestURL      string `json:"testUrl"`
}

// Validation statuses.
const (
	ValidationRunning   = "running"
	ValidationSucceeded = "succeeded"
	ValidationFailed    = "failed"
)

// Validation is the validation hook at AfterAllowTestTraffic: running,
// succeeded (production traffic may move), or failed with its reason
// (CodeDeploy then fails the deployment and rolls it back).
type Validation struct {
	DeploymentID string `json:"deploymentId"`
	// Function is the hook's Lambda function.
	Function string `json:"function"`
	// Status is ValidationRunning, ValidationSucceeded or ValidationFailed.
	Status string `json:"status"`
	// Reason is why it failed: the function's own reason (status,
	// latency, a body excerpt), read from LogGroup; or, when that could
	// not be read (ReasonMissing says why), CodeDeploy's diagnostic. ""
	// unless failed.
	Reason string `json:"reason,omitempty"`
	// LogGroup is the function's log group, where it logs its reason; set
	// when failed.
	LogGroup string `json:"logGroup,omitempty"`
	// ReasonMissing says why Reason is not the function's own: no line
	// in LogGroup within the wait, access denied, ...; "" when it is.
	ReasonMissing string `json:"reasonMissing,omitempty"`
}

// TerminationWait says all production traffic is on the replacement and the
// original task set waits for termination (the window of instant rollback).
type TerminationWait struct {
	DeploymentID string `json:"deploymentId"`
}

// DeploymentError is CodeDeploy's reason for a failure.
type DeploymentError struct {
	DeploymentID string `json:"deploymentId"`
	Code         string `json:"code"`
	Message      string `json:"message"`
}

// RollbackNamed says CodeDeploy named the deployment that rolls another back.
type RollbackNamed struct {
	DeploymentID         string `json:"deploymentId"`
	RollbackDeploymentID string `json:"rollbackDeploymentId"`
	Message              string `json:"message,omitempty"`
}

// FollowingRollback says the command now follows the rollback deployment.
type FollowingRollback struct {
	DeploymentID         string `json:"deploymentId"`
	RollbackDeploymentID string `json:"rollbackDeploymentId"`
}

// ApprovalWait says the deployment waits for `release continue` before it
// moves production traffic.
type ApprovalWait struct {
	DeploymentID string `json:"deploymentId"`
}

// Continued says ContinueDeployment was sent: Wait is READY_WAIT (approved)
// or TERMINATION_WAIT (the original task set is removed now).
type Continued struct {
	DeploymentID string `json:"deploymentId"`
	Wait         string `json:"wait"`
}

// Interrupt reasons.
const (
	// ReasonInterrupt is SIGINT or SIGTERM.
	ReasonInterrupt = "interrupt"
	// ReasonDeadline is the end of --timeout.
	ReasonDeadline = "deadline"
	// ReasonCancel is `release cancel`.
	ReasonCancel = "cancel"
	// ReasonRollback is `release rollback` of a deployment in flight.
	ReasonRollback = "rollback"
)

// Interrupt actions.
const (
	// ActionRollback stops the deployment with rollback.
	ActionRollback = "rollback"
	// ActionLeave leaves a deployment whose production traffic has all
	// moved in its termination wait.
	ActionLeave = "leave"
	// ActionFollow keeps following a rollback to its end.
	ActionFollow = "follow"
	// ActionStopFollowing stops following; the deployment goes on.
	ActionStopFollowing = "stop-following"
)

// Interrupt says what the command did about an interrupt, the deadline or
// `release cancel`.
type Interrupt struct {
	DeploymentID string `json:"deploymentId"`
	// Reason is ReasonInterrupt, ReasonDeadline, ReasonCancel or
	// ReasonRollback.
	Reason string `json:"reason"`
	// Action is ActionRollback, ActionLeave, ActionFollow or
	// ActionStopFollowing.
	Action string `json:"action"`
	// TrafficShifted says all production traffic was on the replacement.
	TrafficShifted bool `json:"trafficShifted"`
	// RollbackCommand rolls the deployment back, when it was left going.
	RollbackCommand string `json:"rollbackCommand,omitempty"`
}

// Retry says an AWS call failed and will be tried again.
type Retry struct {
	// Operation is the AWS operation, "GetDeployment" for example.
	Operation string `json:"operation"`
	// Attempt counts the failures in a row, from 1.
	Attempt int `json:"attempt"`
	// MaxAttempts is the last attempt for an error that is not throttling,
	// a 5xx or a connection error; 0: until the deadline.
	MaxAttempts    int       `json:"maxAttempts"`
	Code           string    `json:"code,omitempty"`
	Error          string    `json:"error"`
	DelaySeconds   float64   `json:"delaySeconds"`
	FailingSince   time.Time `json:"failingSince"`
	FailingSeconds float64   `json:"failingSeconds"`
}

// Recovered says AWS answered again after failed calls.
type Recovered struct {
	Operation      string    `json:"operation"`
	FailedAttempts int       `json:"failedAttempts"`
	FailingSince   time.Time `json:"failingSince"`
	FailingSeconds float64   `json:"failingSeconds"`
}

// Warning is a problem that does not stop the command.
type Warning struct {
	Message string `json:"message"`
}

// Finished closes a command's stream with its Summary.
type Finished struct {
	Summary
}

// Type implements Event.
func (Started) Type() string { return "start" }

// Type implements Event.
func (PulumiUp) Type() string { return "pulumiUp" }

// Type implements Event.
func (DeadlineSet) Type() string { return "deadline" }

// Type implements Event.
func (Check) Type() string { return "check" }

// Type implements Event.
func (Images) Type() string { return "images" }

// Type implements Event.
func (AppSpecShown) Type() string { return "appSpec" }

// Type implements Event.
func (ContainerDiff) Type() string { return "containerDiff" }

// Type implements Event.
func (DeploymentCreated) Type() string { return "created" }

// Type implements Event.
func (DeploymentStatus) Type() string { return "deployment" }

// Type implements Event.
func (StatusMessage) Type() string { return "message" }

// Type implements Event.
func (LifecycleChanged) Type() string { return "lifecycle" }

// Type implements Event.
func (TaskSetChanged) Type() string { return "taskSet" }

// Type implements Event.
func (TrafficChanged) Type() string { return "traffic" }

// Type implements Event.
func (TargetHealthChanged) Type() string { return "targetHealth" }

// Type implements Event.
func (TestTraffic) Type() string { return "testTraffic" }

// Type implements Event.
func (Validation) Type() string { return "validation" }

// Type implements Event.
func (TerminationWait) Type() string { return "terminationWait" }

// Type implements Event.
func (DeploymentError) Type() string { return "deploymentError" }

// Type implements Event.
func (RollbackNamed) Type() string { return "rollbackNamed" }

// Type implements Event.
func (FollowingRollback) Type() string { return "followRollback" }

// Type implements Event.
func (ApprovalWait) Type() string { return "approvalWait" }

// Type implements Event.
func (Continued) Type() string { return "continued" }

// Type implements Event.
func (Interrupt) Type() string { return "interrupt" }

// Type implements Event.
func (Retry) Type() string { return "retry" }

// Type implements Event.
func (Recovered) Type() string { return "recovered" }

// Type implements Event.
func (Warning) Type() string { return "warning" }

// Type implements Event.
func (Finished) Type() string { return "result" }

// EventTypes is one value of every event type, for documentation and tests.
func EventTypes() []Event {
	return []Event{
		Started{}, PulumiUp{}, DeadlineSet{}, Check{}, Images{}, AppSpecShown{}, ContainerDiff{},
		DeploymentCreated{}, DeploymentStatus{}, StatusMessage{}, LifecycleChanged{}, TaskSetChanged{},
		TrafficChanged{}, TargetHealthChanged{}, TestTraffic{}, Validation{}, TerminationWait{}, DeploymentError{},
		RollbackNamed{}, FollowingRollback{}, ApprovalWait{}, Continued{}, Interrupt{}, Retry{},
		Recovered{}, Warning{}, Finished{},
	}
}

// MarshalEvent is e as one line of the JSON stream, without the newline:
// {"time":...,"type":...,<e's fields>}.
func MarshalEvent(e Event, at time.Time) ([]byte, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("event %s: %w", e.Type(), err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"time":%q,"type":%q`, at.UTC().Format(jsonTimeLayout), e.Type())
	if rest := bytes.TrimPrefix(body, []byte("{")); len(rest) > 1 {
		b.WriteByte(',')
		b.Write(rest)
	} else {
		b.WriteByte('}')
	}
	return b.Bytes(), nil
}

// jsonTimeLayout is the stream's time format: RFC 3339 in UTC with
// milliseconds.
const jsonTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Changes are the events that tell what changed from prev to cur (prev nil
// or another deployment: cur's state in full).
func Changes(prev, cur *Snapshot) []Event {
	id := cur.DeploymentID
	var out []Event
	if prev == nil || prev.DeploymentID != cur.DeploymentID || prev.Status != cur.Status {
		out = append(out, DeploymentStatus{
			DeploymentID: id, Status: cur.Status, Rollback: cur.Creator == "autoRollback",
			CreateTime: cur.Created, CompleteTime: cur.Completed,
		})
	}
	if prev == nil || prev.DeploymentID != cur.DeploymentID {
		prev = &Snapshot{}
	}
	for _, m := range cur.Messages {
		if !slices.Contains(prev.Messages, m) {
			out = append(out, StatusMessage{DeploymentID: id, Message: m})
		}
	}
	for i, e := range cur.Events {
		if e.Status == prev.Event(e.Name) || e.Status == EventPending {
			continue
		}
		ch := LifecycleChanged{
			DeploymentID: id, Event: e.Name, Status: e.Status, Step: i + 1, Steps: len(cur.Events),
			StartTime: e.Start, EndTime: e.End, Diagnostic: e.Diagnostic,
		}
		if d := eventDuration(e); d > 0 && (e.Status == EventSucceeded || e.Status == EventFailed) {
			ch.DurationSeconds = d.Seconds()
		}
		out = append(out, ch)
		if v, ok := validationOf(cur, e); ok {
			out = append(out, v)
		}
	}
	for _, ts := range cur.TaskSets {
		old := prev.taskSet(ts.Label)
		if old == nil || old.Running != ts.Running || old.Pending != ts.Pending || old.Desired != ts.Desired || old.Status != ts.Status {
			out = append(out, TaskSetChanged{
				DeploymentID: id, Role: taskSetRole(ts.Label), Label: ts.Label, Status: ts.Status,
				Running: ts.Running, Pending: ts.Pending, Desired: ts.Desired, TrafficWeight: ts.TrafficWeight,
			})
		}
	}
	if g := cur.Replacement(); g != nil {
		was := 0.0
		if og := prev.Replacement(); og != nil {
			was = og.TrafficWeight
		}
		if g.TrafficWeight != was {
			out = append(out, TrafficChanged{DeploymentID: id, Percent: g.TrafficWeight})
		}
	}
	if h := healthSummary(cur.Targets); h != "" && (h != healthSummary(prev.Targets) || cur.TargetGroup != prev.TargetGroup) {
		out = append(out, TargetHealthChanged{DeploymentID: id, TargetGroup: cur.TargetGroup, Counts: healthCounts(cur.Targets), Targets: cur.Targets})
	}
	if cur.TestURL != "" && prev.TestURL != cur.TestURL {
		out = append(out, TestTraffic{DeploymentID: id, TestURL: cur.TestURL})
	}
	if cur.TerminationWaitStarted && !prev.TerminationWaitStarted {
		out = append(out, TerminationWait{DeploymentID: id})
	}
	if cur.Error != nil && (prev.Error == nil || *prev.Error != *cur.Error) {
		out = append(out, DeploymentError{DeploymentID: id, Code: cur.Error.Code, Message: cur.Error.Message})
	}
	if cur.Rollback != nil && cur.Rollback.DeploymentID != "" && (prev.Rollback == nil || prev.Rollback.DeploymentID != cur.Rollback.DeploymentID) {
		out = append(out, RollbackNamed{DeploymentID: id, RollbackDeploymentID: cur.Rollback.DeploymentID, Message: cur.Rollback.Message})
	}
	return out
}

// validationOf is the Validation event of lifecycle event e of cur, when
// e is the validation hook's and its status is one the event tells.
func validationOf(cur *Snapshot, e LifecycleEvent) (Validation, bool) {
	if cur.Hook == "" || e.Name != ValidationEvent {
		return Validation{}, false
	}
	v := Validation{DeploymentID: cur.DeploymentID, Function: cur.Hook}
	switch e.Status {
	case EventInProgress:
		v.Status = ValidationRunning
	case EventSucceeded:
		v.Status = ValidationSucceeded
	case EventFailed:
		v.Status, v.LogGroup = ValidationFailed, hookspec.LogGroup(cur.Hook)
		v.Reason, v.ReasonMissing = codeDeployReason(cur, e), "not read"
	default:
		return Validation{}, false
	}
	return v, true
}

// codeDeployReason is what CodeDeploy says of a failed validation: the
// event's diagnostic, or the deployment's error.
func codeDeployReason(cur *Snapshot, e LifecycleEvent) string {
	if e.Diagnostic == "" && cur.Error != nil {
		return cur.Error.Message
	}
	return e.Diagnostic
}

// describeReason is a failed validation's reason for a line of text: the
// function's own, or CodeDeploy's and where the function's is.
func (v Validation) describeReason() string {
	if v.ReasonMissing == "" || v.Reason == "" {
		return cmp.Or(v.Reason, v.whereReason())
	}
	return v.Reason + "; " + v.whereReason()
}

// whereReason says where the function's reason is, and why it was not
// read.
func (v Validation) whereReason() string {
	return fmt.Sprintf("the function's reason is in its log group %s, not read: %s", v.LogGroup, v.ReasonMissing)
}

// taskSetRole names a task set label's role: replacement (GREEN), original
// (BLUE).
func taskSetRole(label string) string {
	switch label {
	case "GREEN":
		return "replacement"
	case "BLUE":
		return "original"
	default:
		return label
	}
}

// healthCounts counts targets by state.
func healthCounts(ts []TargetHealth) map[string]int {
	counts := map[string]int{}
	for _, t := range ts {
		counts[t.State]++
	}
	return counts
}

// seconds rounds d to milliseconds, as seconds.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1000) / 1000
}
