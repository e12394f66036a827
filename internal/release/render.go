package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// Reporter draws a command's events. The release logic builds events and
// never prints; NewLineReporter, NewTerminalReporter and NewJSONReporter
// draw the same events as lines, a live terminal block or JSON lines.
type Reporter interface {
	// Report draws events that happened together (one poll's changes, for
	// example), in order. A poll with no change reports none, so that a
	// live display can redraw.
	Report(events ...Event)
	// Close ends the output; a terminal keeps its last drawing.
	Close()
}

// Tee reports every event to each reporter.
func Tee(reporters ...Reporter) Reporter { return tee(reporters) }

type tee []Reporter

func (t tee) Report(events ...Event) {
	for _, r := range t {
		r.Report(events...)
	}
}

func (t tee) Close() {
	for _, r := range t {
		r.Close()
	}
}

// Discard is a Reporter that draws nothing.
var Discard Reporter = tee(nil)

// NewLineReporter writes one timestamped line (UTC, RFC 3339) per event:
// the output for CI logs and anything that is not a terminal.
func NewLineReporter(w io.Writer, clock Clock) Reporter {
	return &lineReporter{w: w, clock: clock}
}

type lineReporter struct {
	mu    sync.Mutex
	w     io.Writer
	clock Clock
}

func (r *lineReporter) Report(events ...Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	stamp := r.clock.Now().UTC().Format(time.RFC3339)
	for _, l := range Lines(events) {
		_, _ = fmt.Fprintf(r.w, "%s %s\n", stamp, l)
	}
}

func (r *lineReporter) Close() {}

// NewJSONReporter writes one JSON object per event and line (JSON lines),
// with the event's time and type first: {"time":...,"type":...,...}.
func NewJSONReporter(w io.Writer, clock Clock) Reporter {
	return &jsonReporter{w: w, clock: clock}
}

type jsonReporter struct {
	mu    sync.Mutex
	w     io.Writer
	clock Clock
}

func (r *jsonReporter) Report(events ...Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	for _, e := range events {
		line, err := MarshalEvent(e, now)
		if err != nil {
			line, _ = MarshalEvent(Warning{Message: err.Error()}, now)
		}
		_, _ = r.w.Write(append(line, '\n'))
	}
}

func (r *jsonReporter) Close() {}

// NewTerminalReporter writes the events as lines with the time of day, under
// which it redraws a live block: the deployment's status, a progress bar of
// the traffic on the replacement task set, the lifecycle step, the task
// sets' counts, the replacement targets' health and the test URL. width is
// the terminal's width in columns; lines are cut to fit.
func NewTerminalReporter(w io.Writer, clock Clock, width int) Reporter {
	if width < 40 {
		width = 80
	}
	return &terminalReporter{w: w, clock: clock, width: width}
}

type terminalReporter struct {
	mu     sync.Mutex
	w      io.Writer
	clock  Clock
	width  int
	model  blockModel
	drawn  int
	closed bool
}

func (r *terminalReporter) erase() {
	if r.drawn > 0 {
		// Cursor up over the block, to column 0, clear to the end of screen.
		_, _ = fmt.Fprintf(r.w, "\x1b[%dA\r\x1b[J", r.drawn)
		r.drawn = 0
	}
}

func (r *terminalReporter) fit(s string) string {
	if utf8.RuneCountInString(s) < r.width {
		return s
	}
	runes := []rune(s)
	return string(runes[:r.width-2]) + "…"
}

func (r *terminalReporter) Report(events ...Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.erase()
	stamp := r.clock.Now().Format("15:04:05")
	for _, l := range Lines(events) {
		_, _ = fmt.Fprintln(r.w, r.fit(stamp+" "+l))
	}
	for _, e := range events {
		r.model.apply(e)
	}
	r.draw()
}

func (r *terminalReporter) draw() {
	if r.model.s == nil || r.closed {
		return
	}
	block := Block(r.model.s, r.clock.Now())
	for _, l := range block {
		_, _ = fmt.Fprintln(r.w, r.fit(l))
	}
	r.drawn = len(block)
}

// Close leaves the last block on the screen; later lines go below it.
func (r *terminalReporter) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed, r.drawn = true, 0
}

// blockModel is the deployment the terminal draws, rebuilt from events.
type blockModel struct{ s *Snapshot }

func (m *blockModel) apply(e Event) {
	if ds, ok := e.(DeploymentStatus); ok {
		if m.s == nil || m.s.DeploymentID != ds.DeploymentID {
			m.s = &Snapshot{DeploymentID: ds.DeploymentID}
		}
		m.s.Status, m.s.Created, m.s.Completed = ds.Status, ds.CreateTime, ds.CompleteTime
		m.s.Creator = ""
		if ds.Rollback {
			m.s.Creator = "autoRollback"
		}
		if m.s.Terminal() {
			m.s.TestURL = ""
		}
		return
	}
	s := m.s
	if s == nil {
		return
	}
	switch e := e.(type) {
	case LifecycleChanged:
		if e.DeploymentID != s.DeploymentID || e.Step < 1 {
			return
		}
		for len(s.Events) < max(e.Steps, e.Step) {
			s.Events = append(s.Events, LifecycleEvent{})
		}
		s.Events[e.Step-1] = LifecycleEvent{Name: e.Event, Status: e.Status}
	case TaskSetChanged:
		if e.DeploymentID != s.DeploymentID {
			return
		}
		ts := TaskSet{Label: e.Label, Status: e.Status, Running: e.Running, Pending: e.Pending, Desired: e.Desired, TrafficWeight: e.TrafficWeight}
		if old := s.taskSet(e.Label); old != nil {
			*old = ts
		} else {
			s.TaskSets = append(s.TaskSets, ts)
		}
	case TrafficChanged:
		if g := s.Replacement(); g != nil && e.DeploymentID == s.DeploymentID {
			g.TrafficWeight = e.Percent
		}
	case TargetHealthChanged:
		if e.DeploymentID == s.DeploymentID {
			s.TargetGroup, s.Targets = e.TargetGroup, e.Targets
		}
	case TestTraffic:
		if e.DeploymentID == s.DeploymentID {
			s.TestURL = e.TestURL
		}
	case TerminationWait:
		if e.DeploymentID == s.DeploymentID {
			s.TerminationWaitStarted = true
		}
	}
}

// Lines are the text lines that tell events, in order. Lifecycle events that
// changed together to the same status without a duration or diagnostic to
// show share a line ("BeforeInstall, Install: Skipped").
func Lines(events []Event) []string {
	var out []string
	var group []string
	groupStatus := ""
	flush := func() {
		if len(group) > 0 {
			out = append(out, strings.Join(group, ", ")+": "+groupStatus)
			group = nil
		}
	}
	for _, e := range events {
		lc, ok := e.(LifecycleChanged)
		if !ok || lc.DurationSeconds > 0 || lc.Diagnostic != "" {
			flush()
			out = append(out, eventLines(e)...)
			continue
		}
		if lc.Status != groupStatus {
			flush()
		}
		group, groupStatus = append(group, lc.Event), lc.Status
	}
	flush()
	return out
}

// eventLines is e in words: the lines of the family e belongs to, or its
// type for an event no family knows.
func eventLines(e Event) []string {
	for _, family := range []func(Event) ([]string, bool){commandLines, deploymentLines, progressLines, connectionLines} {
		if lines, ok := family(e); ok {
			return lines
		}
	}
	return oneLine("%s", e.Type())
}

// oneLine is a line made with fmt.Sprintf.
func oneLine(format string, args ...any) []string { return []string{fmt.Sprintf(format, args...)} }

// commandLines draws what a command reports around a deployment: its start,
// the deadline, checks, images, what release diff shows, and its end. ok is
// false for an event of another family.
func commandLines(e Event) ([]string, bool) {
	switch e := e.(type) {
	case Started:
		return nil, true
	case PulumiUp:
		return oneLine("pulumi up of stack %s with image %s", e.Stack, e.Image), true
	case DeadlineSet:
		return oneLine("deadline %s (%s)", e.Deadline.UTC().Format(time.RFC3339), describeDeadline(e)), true
	case Check:
		switch e.Status {
		case CheckOK:
			return oneLine("ok      %s: %s", e.Name, e.Detail), true
		case CheckSkipped:
			return oneLine("skipped %s: %s", e.Name, e.Detail), true
		default:
			lines := oneLine("FAILED  %s: %s", e.Name, e.Detail)
			if e.Fix != "" {
				lines = append(lines, "        fix: "+e.Fix)
			}
			return lines, true
		}
	case Images:
		line := fmt.Sprintf("deploying %s (%s); production runs %s (%s)", shortARN(e.TaskDefinitionARN), e.Image, shortARN(e.ProductionTaskDefinitionARN), e.ProductionImage)
		switch e.Comparison {
		case ImagesOlder:
			line += ": older, " + e.Reason
		case ImagesSameImage:
			line += ": the same image"
		case ImagesUnchanged:
			line += ": the same revision"
		}
		return []string{line}, true
	case AppSpecShown:
		head := fmt.Sprintf("AppSpec (sha256 %s)", e.SHA256)
		if e.Note != "" {
			head += ", " + e.Note
		}
		lines := []string{head + ":"}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(e.Content), "  ", "  "); err != nil {
			return append(lines, "  "+e.Content), true
		}
		for l := range strings.SplitSeq(pretty.String(), "\n") {
			lines = append(lines, "  "+l)
		}
		return lines, true
	case ContainerDiff:
		if len(e.Changes) == 0 {
			return oneLine("container definitions: %s (production) and %s do not differ", shortARN(e.From), shortARN(e.To)), true
		}
		lines := oneLine("container definitions, %s (production) → %s:", shortARN(e.From), shortARN(e.To))
		for _, c := range e.Changes {
			switch c.Change {
			case ChangeAdded:
				lines = append(lines, fmt.Sprintf("  + %s: %s", c.Path, c.To))
			case ChangeRemoved:
				lines = append(lines, fmt.Sprintf("  - %s: %s", c.Path, c.From))
			default:
				lines = append(lines, fmt.Sprintf("  ~ %s: %s → %s", c.Path, c.From, c.To))
			}
		}
		return lines, true
	case Finished:
		if e.Error != "" {
			return nil, true // the command prints its error where errors go
		}
		return []string{e.Message}, true
	}
	return nil, false
}

// deploymentLines draws the events of a deployment as a whole: its
// creation, status, messages and errors, its rollback, the waits it is
// continued from, and interrupts. ok is false for an event of another
// family.
func deploymentLines(e Event) ([]string, bool) {
	switch e := e.(type) {
	case DeploymentCreated:
		switch {
		case e.Adopted:
			return oneLine("deployment %s exists: CreateDeployment created it although its answer was lost (%s → %s)", e.DeploymentID, shortARN(e.PreviousTaskDefinitionARN), shortARN(e.TaskDefinitionARN)), true
		case e.Rollback:
			return oneLine("created deployment %s rolling back: %s → %s", e.DeploymentID, shortARN(e.PreviousTaskDefinitionARN), shortARN(e.TaskDefinitionARN)), true
		default:
			return oneLine("created deployment %s: %s → %s", e.DeploymentID, shortARN(e.PreviousTaskDefinitionARN), shortARN(e.TaskDefinitionARN)), true
		}
	case DeploymentStatus:
		if e.Rollback {
			return oneLine("deployment %s: %s (rollback)", e.DeploymentID, e.Status), true
		}
		return oneLine("deployment %s: %s", e.DeploymentID, e.Status), true
	case StatusMessage:
		return oneLine("CodeDeploy: %s", e.Message), true
	case DeploymentError:
		return oneLine("error: %s", describeError(&ErrorInfo{Code: e.Code, Message: e.Message})), true
	case RollbackNamed:
		if e.Message != "" {
			return oneLine("rolled back by deployment %s: %s", e.RollbackDeploymentID, e.Message), true
		}
		return oneLine("rolled back by deployment %s", e.RollbackDeploymentID), true
	case FollowingRollback:
		return oneLine("following rollback deployment %s", e.RollbackDeploymentID), true
	case ApprovalWait:
		return oneLine("deployment %s waits for approval before it moves production traffic: `release continue %s`", e.DeploymentID, e.DeploymentID), true
	case Continued:
		if e.Wait == waitReady {
			return oneLine("approved: deployment %s goes on", e.DeploymentID), true
		}
		return oneLine("ended the termination wait of %s: the original task set is being removed", e.DeploymentID), true
	case Interrupt:
		return []string{describeInterrupt(e)}, true
	}
	return nil, false
}

// progressLines draws a deployment's progress: lifecycle events, task
// sets, traffic, target health, test traffic and the termination wait. ok
// is false for an event of another family.
func progressLines(e Event) ([]string, bool) {
	switch e := e.(type) {
	case LifecycleChanged:
		line := e.Event + ": " + e.Status
		if e.DurationSeconds > 0 {
			line += " (" + formatDuration(time.Duration(e.DurationSeconds*float64(time.Second))) + ")"
		}
		if e.Diagnostic != "" {
			line += ": " + e.Diagnostic
		}
		return []string{line}, true
	case TaskSetChanged:
		return oneLine("task set %s: %s", e.Role, describeCounts(TaskSet{Status: e.Status, Running: e.Running, Pending: e.Pending, Desired: e.Desired})), true
	case TrafficChanged:
		return oneLine("traffic: %s %s on the replacement task set", Bar(e.Percent, 20, '#', '-'), percent(e.Percent)), true
	case TargetHealthChanged:
		return oneLine("targets in %s: %s", e.TargetGroup, healthSummary(e.Targets)), true
	case TestTraffic:
		return oneLine("test traffic: the new version answers at %s", e.TestURL), true
	case Validation:
		if e.Status == ValidationFailed {
			return oneLine("validation %s: %s: %s", e.Function, e.Status, e.describeReason()), true
		}
		return oneLine("validation %s: %s", e.Function, e.Status), true
	case TerminationWait:
		return oneLine("all production traffic is on the replacement; the original task set waits for termination"), true
	}
	return nil, false
}

// connectionLines draws AWS calls that fail and recover, and warnings.
// ok is false for an event of another family.
func connectionLines(e Event) ([]string, bool) {
	switch e := e.(type) {
	case Retry:
		line := fmt.Sprintf("AWS unreachable: %s: %s", e.Operation, e.Error)
		if e.Attempt > 1 {
			line += fmt.Sprintf(" (failing for %s, since %s)", formatDuration(secondsDuration(e.FailingSeconds)), e.FailingSince.UTC().Format(time.RFC3339))
		}
		line += "; retrying in " + formatDuration(secondsDuration(e.DelaySeconds))
		if e.MaxAttempts > 0 {
			line += fmt.Sprintf(" (attempt %d of %d)", e.Attempt+1, e.MaxAttempts)
		}
		return []string{line}, true
	case Recovered:
		return oneLine("AWS answers again: %s failed %d %s over %s (since %s)", e.Operation, e.FailedAttempts, plural(e.FailedAttempts, "time", "times"),
			formatDuration(secondsDuration(e.FailingSeconds)), e.FailingSince.UTC().Format(time.RFC3339)), true
	case Warning:
		return oneLine("warning: %s", e.Message), true
	}
	return nil, false
}

func describeDeadline(e DeadlineSet) string {
	total := formatDuration(secondsDuration(e.TimeoutSeconds))
	if !e.Default {
		return "--timeout " + total
	}
	parts := []string{formatDuration(secondsDuration(e.StartSeconds)) + " to start and pass health checks"}
	for _, p := range []struct {
		s    float64
		what string
	}{{e.ApprovalWaitSeconds, "approval wait"}, {e.TrafficShiftSeconds, "traffic shift"}, {e.TerminationWaitSeconds, "termination wait"}} {
		if p.s > 0 {
			parts = append(parts, formatDuration(secondsDuration(p.s))+" "+p.what)
		}
	}
	return "default timeout " + total + ": " + strings.Join(parts, " + ")
}

func describeInterrupt(e Interrupt) string {
	why := map[string]string{ReasonInterrupt: "interrupted", ReasonDeadline: "deadline reached", ReasonCancel: "cancel", ReasonRollback: "rollback"}[e.Reason]
	if why == "" {
		why = e.Reason
	}
	switch e.Action {
	case ActionRollback:
		line := fmt.Sprintf("%s: stopping deployment %s with rollback", why, e.DeploymentID)
		if e.Reason == ReasonInterrupt {
			line += " (interrupt again to stop waiting for the rollback)"
		}
		return line
	case ActionLeave:
		return fmt.Sprintf("%s after all production traffic moved: not rolling back; deployment %s goes on in its termination wait", why, e.DeploymentID)
	case ActionFollow:
		return fmt.Sprintf("%s: deployment %s is already rolling back; following the rollback to its end", why, e.DeploymentID)
	default:
		return fmt.Sprintf("%s: stopped following deployment %s; it goes on: `release watch %s`", why, e.DeploymentID, e.DeploymentID)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func describeStatus(s *Snapshot) string {
	if s.Creator == "autoRollback" {
		return s.Status + " (rollback)"
	}
	return s.Status
}

func describeError(e *ErrorInfo) string {
	switch {
	case e.Code == "":
		return e.Message
	case e.Message == "":
		return e.Code
	default:
		return e.Code + ": " + e.Message
	}
}

// describeCounts is "2/3 running, 1 pending, ACTIVE".
func describeCounts(ts TaskSet) string {
	s := fmt.Sprintf("%d/%d running", ts.Running, ts.Desired)
	if ts.Pending > 0 {
		s += fmt.Sprintf(", %d pending", ts.Pending)
	}
	if ts.Status != "" {
		s += ", " + ts.Status
	}
	return s
}

// healthSummary counts targets by state, in a fixed order: "2 healthy, 1 initial".
func healthSummary(ts []TargetHealth) string {
	if len(ts) == 0 {
		return ""
	}
	order := []string{"healthy", "initial", "unhealthy", "draining", "unhealthy.draining", "unused", "unavailable"}
	counts := healthCounts(ts)
	var parts []string
	for _, st := range order {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
			delete(counts, st)
		}
	}
	for _, st := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
	}
	return strings.Join(parts, ", ")
}

// Block is the terminal's live drawing of s at now.
func Block(s *Snapshot, now time.Time) []string {
	head := fmt.Sprintf("deployment %s  %s", s.DeploymentID, describeStatus(s))
	if !s.Created.IsZero() {
		end := now
		if s.Terminal() && !s.Completed.IsZero() {
			end = s.Completed
		}
		if d := end.Sub(s.Created); d > 0 {
			head += "  " + formatDuration(d)
		}
	}
	row := func(label, value string) string { return fmt.Sprintf("  %-12s%s", label, value) }
	shifted := s.TrafficShifted()
	lines := []string{head, row("traffic", fmt.Sprintf("[%s] %4s on the replacement", Bar(shifted, 24, '█', '░'), percent(shifted)))}
	if step := currentStep(s); step != "" {
		lines = append(lines, row("step", step))
	}
	for _, ts := range []struct{ label, name string }{{"GREEN", "replacement"}, {"BLUE", "original"}} {
		set := s.taskSet(ts.label)
		if set == nil {
			continue
		}
		value := describeCounts(*set)
		if h := healthSummary(s.Targets); h != "" && ts.label == "GREEN" {
			value += "; targets " + h
		}
		lines = append(lines, row(ts.name, value))
	}
	if s.TestURL != "" {
		lines = append(lines, row("test", s.TestURL))
	}
	return lines
}

// currentStep is the lifecycle event under way ("5/8 AfterAllowTestTraffic
// InProgress"), or the last one that ended.
func currentStep(s *Snapshot) string {
	last := -1
	for i, e := range s.Events {
		switch e.Status {
		case EventInProgress, EventFailed:
			return fmt.Sprintf("%d/%d %s %s", i+1, len(s.Events), e.Name, e.Status)
		case EventSucceeded, EventSkipped:
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	e := s.Events[last]
	return fmt.Sprintf("%d/%d %s %s", last+1, len(s.Events), e.Name, e.Status)
}

// Bar draws pct (0..100) as a bar of width cells.
func Bar(pct float64, width int, full, empty rune) string {
	pct = math.Max(0, math.Min(100, pct))
	n := int(math.Round(pct * float64(width) / 100))
	return strings.Repeat(string(full), n) + strings.Repeat(string(empty), width-n)
}

func percent(p float64) string {
	if p == math.Trunc(p) {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

func eventDuration(e LifecycleEvent) time.Duration {
	if e.Start.IsZero() || e.End.IsZero() {
		return 0
	}
	return e.End.Sub(e.Start)
}

// formatDuration prints d rounded to seconds: "42s", "3m07s", "1h02m".
func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}

// shortARN is a task definition ARN's family:revision, or the ARN.
func shortARN(arn string) string {
	if arn == "" {
		return "(none)"
	}
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// Explain says in words how a command ended and what to do next: the last
// line a text renderer draws (Finished's Message).
func Explain(res Result) string {
	id := ""
	if res.Deployment != nil {
		id = res.Deployment.DeploymentID
	}
	var b strings.Builder
	switch res.Outcome {
	case OutcomeReleased:
		fmt.Fprintf(&b, "released: %s serves all production traffic", shortARN(res.TaskDefinitionARN))
		if res.URL != "" {
			fmt.Fprintf(&b, " at %s", res.URL)
		}
		fmt.Fprintf(&b, " (deployment %s)", id)
	case OutcomeTrafficShifted:
		explainTrafficShifted(&b, res, id)
	case OutcomeWaiting:
		explainWaiting(&b, res, id)
	case OutcomeRolledBack:
		explainRolledBack(&b, res, id)
	case OutcomeUnchanged:
		if res.Command == "cancel" && res.Deployment != nil {
			fmt.Fprintf(&b, "nothing to cancel: deployment %s had ended (%s)", id, res.Deployment.Status)
			break
		}
		fmt.Fprintf(&b, "nothing to release: the service already runs %s (--force deploys it again)", shortARN(res.TaskDefinitionARN))
	case OutcomeChecked:
		explainChecked(&b, res)
	case OutcomeAbandoned:
		explainAbandoned(&b, res, id)
	case OutcomeError:
		b.WriteString("the command could not run")
	case OutcomeFailed, OutcomeStopped:
		explainFailed(&b, res, id)
	}
	return b.String()
}

// explainTrafficShifted is Explain of OutcomeTrafficShifted: the new version
// serves production and deployment id is in its termination wait.
func explainTrafficShifted(b *strings.Builder, res Result, id string) {
	switch {
	case res.TimedOut:
		fmt.Fprintf(b, "the deadline passed after all production traffic moved to %s: deployment %s goes on in its termination wait (end it: `release skip-wait %s`; roll it back: `%s`)", shortARN(res.TaskDefinitionARN), id, id, rollbackHint(id))
	case res.Left:
		fmt.Fprintf(b, "all production traffic is on %s: deployment %s was left in its termination wait (roll it back: `%s`)", shortARN(res.TaskDefinitionARN), id, rollbackHint(id))
	default:
		fmt.Fprintf(b, "all production traffic is on %s; deployment %s keeps the original task set for its termination wait (end it: `release skip-wait %s`; undo instantly: `%s`)", shortARN(res.TaskDefinitionARN), id, id, rollbackHint(id))
	}
}

// explainWaiting is Explain of OutcomeWaiting: deployment id waits for
// approval.
func explainWaiting(b *strings.Builder, res Result, id string) {
	fmt.Fprintf(b, "deployment %s waits for approval; production still runs %s.", id, shortARN(res.PreviousTaskDefinitionARN))
	if res.TestURL != "" {
		fmt.Fprintf(b, " Test the new version at %s, then", res.TestURL)
	} else {
		b.WriteString(" Test the new version, then")
	}
	fmt.Fprintf(b, " `release continue %s` (or `%s`)", id, rollbackHint(id))
}

// explainRolledBack is Explain of OutcomeRolledBack: a rollback (or the
// redeploy of the previous revision) succeeded.
func explainRolledBack(b *strings.Builder, res Result, id string) {
	rb := res.Deployment
	if res.Rollback != nil {
		rb = res.Rollback
	}
	if res.Command == "cancel" {
		fmt.Fprintf(b, "cancelled: deployment %s was stopped with rollback; ", id)
	} else {
		b.WriteString("rolled back: ")
	}
	fmt.Fprintf(b, "deployment %s succeeded; the previous version serves production", rb.DeploymentID)
	if res.TaskDefinitionARN != "" && res.Rollback == nil {
		fmt.Fprintf(b, " (%s)", shortARN(res.TaskDefinitionARN))
	}
}

// explainChecked is Explain of OutcomeChecked: what release verify or
// release diff found.
func explainChecked(b *strings.Builder, res Result) {
	if res.Command != "verify" {
		fmt.Fprintf(b, "diff: a release would deploy %s over %s; nothing was deployed", shortARN(res.TaskDefinitionARN), shortARN(res.PreviousTaskDefinitionARN))
		return
	}
	skipped := 0
	for _, c := range res.Checks {
		if c.Status == CheckSkipped {
			skipped++
		}
	}
	fmt.Fprintf(b, "verify: %d of %d checks passed", len(res.Checks)-skipped, len(res.Checks))
	if skipped > 0 {
		fmt.Fprintf(b, ", %d skipped", skipped)
	}
	b.WriteString(": the live wiring fits a blue/green release")
}

// explainAbandoned is Explain of OutcomeAbandoned: the command stopped
// following, and says what goes on without it.
func explainAbandoned(b *strings.Builder, res Result, id string) {
	d := res.Deployment
	switch {
	case d == nil && res.TimedOut:
		b.WriteString("the deadline passed before a CodeDeploy deployment was created: the service still runs what it ran")
		return
	case d == nil:
		b.WriteString("interrupted before a CodeDeploy deployment was created: the service still runs what it ran")
		return
	case res.Left:
		fmt.Fprintf(b, "interrupted after all production traffic moved: deployment %s goes on in its termination wait; roll it back: `%s`", id, rollbackHint(id))
		return
	}
	if res.TimedOut {
		b.WriteString("the deadline passed: ")
	}
	status := d.Status
	if status == "" {
		status = "status unknown: AWS did not answer"
	}
	fmt.Fprintf(b, "stopped following deployment %s (%s); it goes on: `release watch %s`", id, status, id)
	switch {
	case res.Rollback != nil:
		fmt.Fprintf(b, "; its rollback is deployment %s (%s): `release watch %s`", res.Rollback.DeploymentID, res.Rollback.Status, res.Rollback.DeploymentID)
	case d.Rollback != nil && d.Rollback.DeploymentID != "":
		fmt.Fprintf(b, "; its rollback is deployment %s: `release watch %s`", d.Rollback.DeploymentID, d.Rollback.DeploymentID)
	case res.Stopped:
		b.WriteString("; it was stopped with rollback")
	}
}

// explainFailed is Explain of OutcomeFailed and OutcomeStopped: why the
// deployment ended, and what its rollback did.
func explainFailed(b *strings.Builder, res Result, id string) {
	d := res.Deployment
	if d == nil {
		b.WriteString("release failed")
		return
	}
	verb := "failed"
	if d.Status == StatusStopped {
		verb = "was stopped"
	}
	fmt.Fprintf(b, "deployment %s %s", id, verb)
	switch {
	case res.TimedOut:
		b.WriteString(" at the deadline")
	case res.Interrupted:
		b.WriteString(" on interrupt")
	}
	if d.Error != nil {
		fmt.Fprintf(b, ": %s", describeError(d.Error))
	}
	if d.ValidationFailed() {
		fmt.Fprintf(b, "; the validation hook %s failed the new version on the test listener", d.Hook)
		switch v := res.Validation; {
		case v == nil || v.Status != ValidationFailed:
			fmt.Fprintf(b, "; its reason is in its log group %s", hookspec.LogGroup(d.Hook))
		case v.ReasonMissing == "":
			fmt.Fprintf(b, ": %s", v.Reason)
		default: // CodeDeploy's reason is the deployment's error, above
			fmt.Fprintf(b, "; %s", v.whereReason())
		}
	}
	switch rb := res.Rollback; {
	case rb == nil && d.Rollback != nil && d.Rollback.DeploymentID != "":
		fmt.Fprintf(b, "; rolled back by deployment %s", d.Rollback.DeploymentID)
	case rb == nil:
		b.WriteString("; no rollback deployment")
	case rb.Status == StatusSucceeded:
		fmt.Fprintf(b, "; rolled back by deployment %s: the previous version serves production", rb.DeploymentID)
	default:
		fmt.Fprintf(b, "; rollback deployment %s %s", rb.DeploymentID, rb.Status)
		if rb.Error != nil {
			fmt.Fprintf(b, ": %s", describeError(rb.Error))
		}
	}
}

// Summary is the machine-readable account of a command: the --json summary
// and the stream's closing "result" event.
type Summary struct {
	// Command is release, verify, diff, continue, skip-wait, watch,
	// rollback or cancel.
	Command string `json:"command"`
	// Outcome is how it ended; "error" when it could not run.
	Outcome Outcome `json:"outcome"`
	// ExitCode is the command's exit status.
	ExitCode int `json:"exitCode"`
	// Message says the same in words.
	Message string `json:"message"`
	// Error is the command's error, when it could not run.
	Error string `json:"error,omitempty"`
	// DeploymentID and Status are the deployment the command created or
	// acted on, at the end.
	DeploymentID string `json:"deploymentId,omitempty"`
	Status       string `json:"status,omitempty"`
	// TaskDefinitionARN is what the command deployed;
	// PreviousTaskDefinitionARN what served production before.
	TaskDefinitionARN         string `json:"taskDefinitionArn,omitempty"`
	PreviousTaskDefinitionARN string `json:"previousTaskDefinitionArn,omitempty"`
	// DeploymentError is CodeDeploy's errorInformation.
	DeploymentError *ErrorInfo `json:"deploymentError,omitempty"`
	// Rollback is the deployment that rolled it back.
	Rollback *RollbackSummary `json:"rollback,omitempty"`
	// TrafficShiftedPercent is the production traffic on the replacement
	// task set at the end (100 once released).
	TrafficShiftedPercent float64 `json:"trafficShiftedPercent"`
	// Interrupted says an interrupt (or cancel) stopped the deployment with
	// rollback or left it in its termination wait.
	Interrupted bool `json:"interrupted,omitempty"`
	// TimedOut says the deadline passed.
	TimedOut bool `json:"timedOut,omitempty"`
	// Left says the deployment was left in its termination wait.
	Left bool `json:"left,omitempty"`
	// Checks are verify's results.
	Checks []Check `json:"checks,omitempty"`
	// URL and TestURL are the stack's URLs.
	URL     string `json:"url,omitempty"`
	TestURL string `json:"testUrl,omitempty"`
	// LifecycleEvents are the deployment's lifecycle events at the end.
	LifecycleEvents []LifecycleEvent `json:"lifecycleEvents,omitempty"`
	// Validation is the validation hook's last event, as the validation
	// event: with failed, its reason.
	Validation *Validation `json:"validation,omitempty"`
	// StartTime, EndTime and DurationSeconds time the command.
	StartTime       time.Time `json:"startTime,omitzero"`
	EndTime         time.Time `json:"endTime,omitzero"`
	DurationSeconds float64   `json:"durationSeconds"`
}

// RollbackSummary is a rollback deployment in a Summary.
type RollbackSummary struct {
	DeploymentID string     `json:"deploymentId"`
	Status       string     `json:"status,omitempty"`
	Error        *ErrorInfo `json:"error,omitempty"`
}

// Summary is res for --json and the "result" event: command names the
// command, exitCode its exit status, err its error when it could not run.
func (res Result) Summary(command string, exitCode int, err error) Summary {
	s := Summary{
		Command:                   command,
		Outcome:                   res.Outcome,
		ExitCode:                  exitCode,
		TaskDefinitionARN:         res.TaskDefinitionARN,
		PreviousTaskDefinitionARN: res.PreviousTaskDefinitionARN,
		Interrupted:               res.Interrupted,
		TimedOut:                  res.TimedOut,
		Left:                      res.Left,
		Checks:                    res.Checks,
		URL:                       res.URL,
		TestURL:                   res.TestURL,
		Validation:                res.Validation,
		StartTime:                 res.Started.UTC(),
		EndTime:                   res.Ended.UTC(),
	}
	if !res.Started.IsZero() && !res.Ended.IsZero() {
		s.DurationSeconds = res.Ended.Sub(res.Started).Seconds()
	}
	if err != nil {
		s.Outcome, s.Error, s.Message = OutcomeError, err.Error(), err.Error()
	} else {
		s.Message = Explain(res)
	}
	if d := res.Deployment; d != nil {
		s.DeploymentID, s.Status, s.DeploymentError = d.DeploymentID, d.Status, d.Error
		s.TrafficShiftedPercent = d.TrafficShifted()
		s.LifecycleEvents = d.Events
		if d.Rollback != nil && d.Rollback.DeploymentID != "" {
			s.Rollback = &RollbackSummary{DeploymentID: d.Rollback.DeploymentID}
		}
	}
	if rb := res.Rollback; rb != nil {
		s.Rollback = &RollbackSummary{DeploymentID: rb.DeploymentID, Status: rb.Status, Error: rb.Error}
		if rb.Status == StatusSucceeded {
			s.TrafficShiftedPercent = 0
		}
	}
	return s
}
