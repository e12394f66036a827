package release

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Reporter shows a command's progress.
type Reporter interface {
	// Note reports something that happened, as one line.
	Note(msg string)
	// Observe reports a poll of the deployment being followed.
	Observe(s *Snapshot)
	// Close ends the output; a terminal keeps its last drawing.
	Close()
}

// NewLineReporter writes one timestamped line (UTC, RFC 3339) per change:
// the output for CI logs and anything that is not a terminal.
func NewLineReporter(w io.Writer, clock Clock) Reporter {
	return &lineReporter{w: w, clock: clock}
}

type lineReporter struct {
	mu    sync.Mutex
	w     io.Writer
	clock Clock
	prev  *Snapshot
}

func (r *lineReporter) Note(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.note(msg)
}

func (r *lineReporter) note(msg string) {
	_, _ = fmt.Fprintf(r.w, "%s %s\n", r.clock.Now().UTC().Format(time.RFC3339), msg)
}

func (r *lineReporter) Observe(s *Snapshot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, line := range Changes(r.prev, s) {
		r.note(line)
	}
	c := *s
	r.prev = &c
}

func (r *lineReporter) Close() {}

// NewTerminalReporter writes the changes as lines with the time of day,
// under which it redraws a live block: the deployment's status, a progress
// bar of the traffic on the replacement task set, the lifecycle step, the
// task sets' counts, the replacement targets' health and the test URL.
// width is the terminal's width in columns; lines are cut to fit.
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
	prev   *Snapshot
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

func (r *terminalReporter) line(msg string) string {
	return r.fit(r.clock.Now().Format("15:04:05") + " " + msg)
}

func (r *terminalReporter) fit(s string) string {
	if utf8.RuneCountInString(s) < r.width {
		return s
	}
	runes := []rune(s)
	return string(runes[:r.width-2]) + "…"
}

func (r *terminalReporter) Note(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.erase()
	_, _ = fmt.Fprintln(r.w, r.line(msg))
	r.draw()
}

func (r *terminalReporter) Observe(s *Snapshot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.erase()
	for _, l := range Changes(r.prev, s) {
		_, _ = fmt.Fprintln(r.w, r.line(l))
	}
	c := *s
	r.prev = &c
	r.draw()
}

func (r *terminalReporter) draw() {
	if r.prev == nil || r.closed {
		return
	}
	block := Block(r.prev, r.clock.Now())
	for _, l := range block {
		_, _ = fmt.Fprintln(r.w, r.fit(l))
	}
	r.drawn = len(block)
}

// Close leaves the last block on the screen; later notes go below it.
func (r *terminalReporter) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed, r.drawn = true, 0
}

// Changes are the lines that tell what changed from prev to cur (prev nil or
// another deployment: cur's state in full).
func Changes(prev, cur *Snapshot) []string {
	var out []string
	if prev == nil || prev.DeploymentID != cur.DeploymentID {
		prev = &Snapshot{}
		out = append(out, fmt.Sprintf("deployment %s: %s", cur.DeploymentID, describeStatus(cur)))
	} else if prev.Status != cur.Status {
		out = append(out, fmt.Sprintf("deployment %s: %s", cur.DeploymentID, describeStatus(cur)))
	}
	for _, m := range cur.Messages {
		if !slices.Contains(prev.Messages, m) {
			out = append(out, "CodeDeploy: "+m)
		}
	}
	out = append(out, eventChanges(prev, cur)...)
	for _, ts := range cur.TaskSets {
		old := prev.taskSet(ts.Label)
		if old == nil || old.Running != ts.Running || old.Pending != ts.Pending || old.Desired != ts.Desired || old.Status != ts.Status {
			out = append(out, "task set "+describeTaskSet(ts))
		}
	}
	if g := cur.Replacement(); g != nil {
		was := 0.0
		if og := prev.Replacement(); og != nil {
			was = og.TrafficWeight
		}
		if g.TrafficWeight != was {
			out = append(out, fmt.Sprintf("traffic: %s %s on the replacement task set", Bar(g.TrafficWeight, 20, '#', '-'), percent(g.TrafficWeight)))
		}
	}
	if h := healthSummary(cur.Targets); h != "" && (h != healthSummary(prev.Targets) || cur.TargetGroup != prev.TargetGroup) {
		out = append(out, fmt.Sprintf("targets in %s: %s", cur.TargetGroup, h))
	}
	if cur.TestURL != "" && prev.TestURL != cur.TestURL {
		out = append(out, "test traffic: the new version answers at "+cur.TestURL)
	}
	if cur.TerminationWaitStarted && !prev.TerminationWaitStarted {
		out = append(out, "all production traffic is on the replacement; the original task set waits for termination")
	}
	if cur.Error != nil && (prev.Error == nil || *prev.Error != *cur.Error) {
		out = append(out, "error: "+describeError(cur.Error))
	}
	if cur.Rollback != nil && cur.Rollback.DeploymentID != "" && (prev.Rollback == nil || prev.Rollback.DeploymentID != cur.Rollback.DeploymentID) {
		line := "rolled back by deployment " + cur.Rollback.DeploymentID
		if cur.Rollback.Message != "" {
			line += ": " + cur.Rollback.Message
		}
		out = append(out, line)
	}
	return out
}

// eventChanges are the lifecycle events whose status changed, one line
// each; consecutive events that changed to the same status without a
// duration or diagnostic to show share a line ("BeforeInstall, Install:
// Skipped").
func eventChanges(prev, cur *Snapshot) []string {
	var out []string
	var group []string
	groupStatus := ""
	flush := func() {
		if len(group) > 0 {
			out = append(out, strings.Join(group, ", ")+": "+groupStatus)
			group = nil
		}
	}
	for _, e := range cur.Events {
		if e.Status == prev.Event(e.Name) || e.Status == EventPending {
			flush()
			continue
		}
		detail := ""
		if d := eventDuration(e); d > 0 && (e.Status == EventSucceeded || e.Status == EventFailed) {
			detail = " (" + formatDuration(d) + ")"
		}
		if e.Diagnostic != "" {
			detail += ": " + e.Diagnostic
		}
		if detail != "" {
			flush()
			out = append(out, e.Name+": "+e.Status+detail)
			continue
		}
		if e.Status != groupStatus {
			flush()
		}
		group, groupStatus = append(group, e.Name), e.Status
	}
	flush()
	return out
}

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

func describeTaskSet(ts TaskSet) string {
	name := map[string]string{"GREEN": "replacement", "BLUE": "original"}[ts.Label]
	if name == "" {
		name = strings.ToLower(ts.Label)
	}
	return name + ": " + describeCounts(ts)
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
	counts := map[string]int{}
	for _, t := range ts {
		counts[t.State]++
	}
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

func eventDuration(e Event) time.Duration {
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
