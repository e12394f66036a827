package fakeaws

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// LogEvent is one event of a CloudWatch Logs log group.
type LogEvent struct {
	// Time is the event's timestamp.
	Time time.Time
	// Message is the line.
	Message string
	// Stream is its log stream. Default: "2026/11/26/[$LATEST]fake".
	Stream string
	// Late is how many FilterLogEvents calls on the group miss it before
	// it shows: CloudWatch Logs is eventually consistent.
	Late int
}

// logStore holds the log groups' events, and how FilterLogEvents pages.
type logStore struct {
	groups map[string][]*LogEvent
	// emptyPages answers that many empty pages, with a token, before the
	// events (as CloudWatch Logs does while it searches).
	emptyPages int
}

// PutLogEvent adds an event to a log group, creating the group.
func (s *Server) PutLogEvent(group string, e LogEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putLogEvent(group, e)
}

func (s *Server) putLogEvent(group string, e LogEvent) {
	if s.logs.groups == nil {
		s.logs.groups = map[string][]*LogEvent{}
	}
	if e.Stream == "" {
		e.Stream = "2026/11/26/[$LATEST]fake"
	}
	s.logs.groups[group] = append(s.logs.groups[group], &e)
}

// LogEvents returns copies of a log group's events, oldest first.
func (s *Server) LogEvents(group string) []LogEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []LogEvent
	for _, e := range s.logs.groups[group] {
		out = append(out, *e)
	}
	return out
}

// EmptyLogPages makes every FilterLogEvents search answer n empty pages,
// each with a nextToken, before its events.
func (s *Server) EmptyLogPages(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logs.emptyPages = n
}

// logHook writes, for each lifecycle event that failed in st and has a
// hook in d's AppSpec, the hook function's verdict line (st.HookReason)
// to its log group, as package validation/handler does.
func (s *Server) logHook(d *Deployment, st Step) {
	if st.HookReason == "" {
		return
	}
	var spec struct{ Hooks []map[string]string }
	if json.Unmarshal([]byte(d.AppSpec), &spec) != nil {
		return
	}
	for _, hooks := range spec.Hooks {
		for event, function := range hooks {
			if st.Events[event] != "Failed" {
				continue
			}
			line := hookspec.Verdict{
				DeploymentID: d.ID, LifecycleEventHookExecutionID: "exec-" + d.ID + "-" + event,
				Status: hookspec.Failed, Reason: st.HookReason, Probes: 1,
			}.Line()
			s.putLogEvent(hookspec.LogGroup(function), LogEvent{Time: s.now, Message: string(line), Late: st.HookLogLate})
		}
	}
}

// logsAPI answers CloudWatch Logs' JSON 1.1 (X-Amz-Target
// Logs_20140328.*): FilterLogEvents.
func (s *Server) logsAPI(action string, in map[string]any) (any, *apiError) {
	if action != "FilterLogEvents" {
		return nil, errorf("UnknownOperationException", "fakeaws: no CloudWatch Logs action "+action)
	}
	group := str(in, "logGroupName")
	events, ok := s.logs.groups[group]
	if !ok {
		return nil, errorf("ResourceNotFoundException", "The specified log group does not exist.")
	}
	match, err := filterPattern(str(in, "filterPattern"))
	if err != nil {
		return nil, errorf("InvalidParameterException", err.Error())
	}
	hidden := map[*LogEvent]bool{}
	for _, e := range events {
		if e.Late > 0 {
			e.Late--
			hidden[e] = true
		}
	}
	served := 0
	if rest, ok := strings.CutPrefix(str(in, "nextToken"), "empty-"); ok {
		served, _ = strconv.Atoi(rest)
	}
	if served < s.logs.emptyPages {
		return map[string]any{"events": []any{}, "nextToken": "empty-" + strconv.Itoa(served+1)}, nil
	}
	start, _ := in["startTime"].(float64)
	var out []any
	for _, e := range events {
		ms := e.Time.UnixMilli()
		if hidden[e] || float64(ms) < start || !match(e.Message) {
			continue
		}
		out = append(out, map[string]any{
			"eventId": strconv.FormatInt(ms, 10), "logStreamName": e.Stream, "message": e.Message,
			"timestamp": ms, "ingestionTime": ms,
		})
	}
	return map[string]any{"events": out}, nil
}

// jsonTerm is one term of a JSON filter pattern: ($.key = "value").
var jsonTerm = regexp.MustCompile(`^\(?\s*\$\.([A-Za-z0-9_]+)\s*=\s*"([^"]*)"\s*\)?$`)

// filterPattern compiles the part of CloudWatch Logs' filter pattern
// syntax the release uses: "" (every event), a JSON pattern of string
// equalities joined by && ({ ($.a = "x") && ($.b = "y") }), or terms that
// must all appear.
func filterPattern(p string) (func(string) bool, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "{") {
		terms := strings.Fields(p)
		return func(m string) bool {
			return !slices.ContainsFunc(terms, func(t string) bool { return !strings.Contains(m, strings.Trim(t, `"`)) })
		}, nil
	}
	body, ok := strings.CutSuffix(strings.TrimPrefix(p, "{"), "}")
	if !ok {
		return nil, fmt.Errorf("fakeaws: invalid filter pattern %s", p)
	}
	want := map[string]string{}
	for _, term := range strings.Split(body, "&&") {
		m := jsonTerm.FindStringSubmatch(strings.TrimSpace(term))
		if m == nil {
			return nil, fmt.Errorf("fakeaws: filter pattern term %q: only ($.key = \"value\") joined by && is faked", term)
		}
		want[m[1]] = m[2]
	}
	return func(msg string) bool {
		var fields map[string]any
		if json.Unmarshal([]byte(msg), &fields) != nil {
			return false
		}
		for k, v := range want {
			if got, ok := fields[k].(string); !ok || got != v {
				return false
			}
		}
		return true
	}, nil
}
