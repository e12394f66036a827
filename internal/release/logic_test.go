package release

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"
)

func TestBackoffDelay(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		b    Backoff
		want []time.Duration // after 1, 2, 3, ... failures
	}{
		"defaults, least jitter": {
			b:    Backoff{Rand: func() float64 { return 0 }},
			want: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second},
		},
		"defaults, most jitter": {
			b:    Backoff{Rand: func() float64 { return 0.999999 }},
			want: []time.Duration{999999500 * time.Nanosecond, 1999999 * time.Microsecond, 3999998 * time.Microsecond, 7999996 * time.Microsecond, 15999992 * time.Microsecond, 29999985 * time.Microsecond, 29999985 * time.Microsecond},
		},
		"own base and cap": {
			b:    Backoff{Base: 5 * time.Second, Max: 12 * time.Second, Rand: func() float64 { return 0.5 }},
			want: []time.Duration{3750 * time.Millisecond, 7500 * time.Millisecond, 9 * time.Second, 9 * time.Second},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []time.Duration
			for n := 1; n <= len(tc.want); n++ {
				got = append(got, tc.b.Delay(n))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Delay(1..%d) (-want +got):\n%s", len(tc.want), diff)
			}
		})
	}
	// Property: the wait is within [d/2, d) of the capped exponential d.
	b := Backoff{}
	for n := 1; n < 40; n++ {
		d := min(DefaultBackoffBase<<min(n-1, 30), DefaultBackoffMax)
		if got := b.Delay(n); got < d/2 || got > d {
			t.Errorf("Delay(%d) = %s, want within [%s, %s]", n, got, d/2, d)
		}
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	apiErr := func(code string) error { return &smithy.GenericAPIError{Code: code, Message: "x"} }
	httpErr := func(status int) error {
		return &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: errors.New("boom")}
	}
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"nil":                     {nil, false},
		"throttling":              {apiErr("ThrottlingException"), true},
		"wrapped throttling":      {fmt.Errorf("codedeploy: %w", &retry.MaxAttemptsError{Attempt: 3, Err: apiErr("ThrottlingException")}), true},
		"500":                     {httpErr(500), true},
		"503":                     {httpErr(503), true},
		"connection":              {&smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, true},
		"access denied":           {apiErr("AccessDeniedException"), false},
		"one at a time":           {apiErr("DeploymentLimitExceededException"), false},
		"400 without a code":      {httpErr(400), false},
		"cancelled":               {context.Canceled, false},
		"cancelled while sending": {&smithyhttp.RequestSendError{Err: context.Canceled}, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Retryable(tc.err); got != tc.want {
				t.Errorf("Retryable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestTimingTimeout(t *testing.T) {
	t.Parallel()
	timing := Timing{ReadyWait: time.Hour, Shift: 5 * time.Minute, TerminationWait: 60 * time.Minute}
	for name, tc := range map[string]struct {
		goal Goal
		want DeadlineSet
	}{
		"to the end":                  {Goal{}, DeadlineSet{Default: true, TimeoutSeconds: 8400, StartSeconds: 900, ApprovalWaitSeconds: 3600, TrafficShiftSeconds: 300, TerminationWaitSeconds: 3600}},
		"skip wait":                   {Goal{SkipWait: true}, DeadlineSet{Default: true, TimeoutSeconds: 4800, StartSeconds: 900, ApprovalWaitSeconds: 3600, TrafficShiftSeconds: 300}},
		"stop after the test traffic": {Goal{StopAfter: "AfterAllowTestTraffic"}, DeadlineSet{Default: true, TimeoutSeconds: 900, StartSeconds: 900}},
		"stop after the shift":        {Goal{StopAfter: "AllowTraffic"}, DeadlineSet{Default: true, TimeoutSeconds: 4800, StartSeconds: 900, ApprovalWaitSeconds: 3600, TrafficShiftSeconds: 300}},
		"a rollback redeploy":         {Goal{Rollback: true}, DeadlineSet{Default: true, TimeoutSeconds: 8400, StartSeconds: 900, ApprovalWaitSeconds: 3600, TrafficShiftSeconds: 300, TerminationWaitSeconds: 3600}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, timing.Timeout(tc.goal)); diff != "" {
				t.Errorf("Timeout(%+v) (-want +got):\n%s", tc.goal, diff)
			}
		})
	}
}

func TestShiftDuration(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		config *cdtypes.TrafficRoutingConfig
		want   time.Duration
		ok     bool
	}{
		"none":         {nil, 0, false},
		"all at once":  {&cdtypes.TrafficRoutingConfig{Type: cdtypes.TrafficRoutingTypeAllAtOnce}, 0, true},
		"canary":       {&cdtypes.TrafficRoutingConfig{Type: cdtypes.TrafficRoutingTypeTimeBasedCanary, TimeBasedCanary: &cdtypes.TimeBasedCanary{CanaryPercentage: 10, CanaryInterval: 15}}, 15 * time.Minute, true},
		"linear 10%":   {&cdtypes.TrafficRoutingConfig{Type: cdtypes.TrafficRoutingTypeTimeBasedLinear, TimeBasedLinear: &cdtypes.TimeBasedLinear{LinearPercentage: 10, LinearInterval: 3}}, 30 * time.Minute, true},
		"linear 30%":   {&cdtypes.TrafficRoutingConfig{Type: cdtypes.TrafficRoutingTypeTimeBasedLinear, TimeBasedLinear: &cdtypes.TimeBasedLinear{LinearPercentage: 30, LinearInterval: 2}}, 8 * time.Minute, true},
		"canary blank": {&cdtypes.TrafficRoutingConfig{Type: cdtypes.TrafficRoutingTypeTimeBasedCanary}, 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := ShiftDuration(tc.config)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ShiftDuration = %s, %v; want %s, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	for name, want := range map[string]time.Duration{
		"CodeDeployDefault.ECSAllAtOnce":                    0,
		"CodeDeployDefault.ECSCanary10Percent5Minutes":      5 * time.Minute,
		"CodeDeployDefault.ECSLinear10PercentEvery1Minutes": 10 * time.Minute,
	} {
		if got, ok := shiftFromName(name); !ok || got != want {
			t.Errorf("shiftFromName(%s) = %s, %v; want %s", name, got, ok, want)
		}
	}
	if _, ok := shiftFromName("my-custom-config"); ok {
		t.Error("shiftFromName(my-custom-config) ok, want not")
	}
}

func TestCompareImages(t *testing.T) {
	t.Parallel()
	a := func(rev int) string { return fmt.Sprintf("arn:aws:ecs:us-east-1:1:task-definition/web:%d", rev) }
	for name, tc := range map[string]struct {
		ev        Images
		first     map[string]int
		want, why string
	}{
		"same revision":      {Images{TaskDefinitionARN: a(3), ProductionTaskDefinitionARN: a(3), Image: "v3", ProductionImage: "v3"}, nil, ImagesUnchanged, ""},
		"lower revision":     {Images{TaskDefinitionARN: a(2), ProductionTaskDefinitionARN: a(3), Image: "v2", ProductionImage: "v3"}, nil, ImagesOlder, "revision 2 is older than production's 3"},
		"lower, same image":  {Images{TaskDefinitionARN: a(2), ProductionTaskDefinitionARN: a(3), Image: "v3", ProductionImage: "v3"}, nil, ImagesOlder, "revision 2 is older than production's 3"},
		"newer, same image":  {Images{TaskDefinitionARN: a(4), ProductionTaskDefinitionARN: a(3), Image: "v3", ProductionImage: "v3"}, nil, ImagesSameImage, ""},
		"newer, new image":   {Images{TaskDefinitionARN: a(4), ProductionTaskDefinitionARN: a(3), Image: "v4", ProductionImage: "v3"}, map[string]int{"v4": 4, "v3": 3}, ImagesNew, ""},
		"newer, older image": {Images{TaskDefinitionARN: a(4), ProductionTaskDefinitionARN: a(3), Image: "v1", ProductionImage: "v3"}, map[string]int{"v1": 1, "v3": 3}, ImagesOlder, "its image was first registered in revision 1, before production's image (revision 3)"},
		"history unknown":    {Images{TaskDefinitionARN: a(4), ProductionTaskDefinitionARN: a(3), Image: "v1", ProductionImage: "v3"}, map[string]int{"v1": 4}, ImagesNew, ""},
		"other family":       {Images{TaskDefinitionARN: "arn:aws:ecs:us-east-1:1:task-definition/api:1", ProductionTaskDefinitionARN: a(3), Image: "v1", ProductionImage: "v3"}, map[string]int{"v1": 1, "v3": 3}, ImagesNew, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, why := CompareImages(tc.ev, tc.first)
			if got != tc.want || why != tc.why {
				t.Errorf("CompareImages = %q, %q; want %q, %q", got, why, tc.want, tc.why)
			}
		})
	}
}

func TestPortGaps(t *testing.T) {
	t.Parallel()
	rule := func(proto string, from, to int, src string) IngressRule {
		return IngressRule{SecurityGroup: "sg-i", SourceGroup: src, Protocol: proto, From: from, To: to}
	}
	for name, tc := range map[string]struct {
		rules []IngressRule
		want  []string
	}{
		"exact":              {[]IngressRule{rule("tcp", 32768, 65535, "sg-lb")}, nil},
		"all traffic":        {[]IngressRule{rule("-1", -1, -1, "sg-lb")}, nil},
		"split in two":       {[]IngressRule{rule("tcp", 50000, 65535, "sg-lb"), rule("tcp", 32768, 49999, "sg-lb")}, nil},
		"overlapping":        {[]IngressRule{rule("tcp", 30000, 40000, "sg-lb"), rule("tcp", 35000, 65535, "sg-lb")}, nil},
		"a hole":             {[]IngressRule{rule("tcp", 32768, 40000, "sg-lb"), rule("tcp", 40002, 65535, "sg-lb")}, []string{"40001"}},
		"the top missing":    {[]IngressRule{rule("tcp", 32768, 60999, "sg-lb")}, []string{"61000-65535"}},
		"from another group": {[]IngressRule{rule("tcp", 32768, 65535, "sg-other")}, []string{"32768-65535"}},
		"udp":                {[]IngressRule{rule("udp", 32768, 65535, "sg-lb")}, []string{"32768-65535"}},
		"on another group":   {[]IngressRule{{SecurityGroup: "sg-x", SourceGroup: "sg-lb", Protocol: "tcp", From: 0, To: 65535}}, []string{"32768-65535"}},
		"none":               {nil, []string{"32768-65535"}},
		"below and above":    {[]IngressRule{rule("tcp", 80, 80, "sg-lb"), rule("tcp", 40000, 50000, "sg-lb")}, []string{"32768-39999", "50001-65535"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := PortGaps(tc.rules, []string{"sg-i"}, []string{"sg-lb"}, DynamicPortFrom, DynamicPortTo)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("PortGaps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTaskSize(t *testing.T) {
	t.Parallel()
	td := TaskDefinition{Containers: []Container{{CPU: 256, MemoryMiB: 512}, {CPU: 0, MemoryMiB: 256, MemoryReservationMiB: 64}}}
	if cpu, mem := TaskSize(td); cpu != 256 || mem != 576 {
		t.Errorf("TaskSize = %d, %d; want 256, 576 (the reservation where set)", cpu, mem)
	}
	td.CPU, td.MemoryMiB = 1024, 2048
	if cpu, mem := TaskSize(td); cpu != 1024 || mem != 2048 {
		t.Errorf("TaskSize with task-level sizes = %d, %d; want 1024, 2048", cpu, mem)
	}
}

func TestDiffContainers(t *testing.T) {
	t.Parallel()
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	def := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	env := func(kv ...string) []any {
		var out []any
		for i := 0; i < len(kv); i += 2 {
			out = append(out, map[string]any{"name": kv[i], "value": kv[i+1]})
		}
		return out
	}
	from := []Container{
		{Name: "app", Definition: def("name", "app", "image", "v1", "environment", env("A", "1", "B", "2"), "portMappings", []any{map[string]any{"containerPort": 8080.0, "hostPort": 0.0}}, "command", []any{"serve"})},
		{Name: "sidecar", Definition: def("name", "sidecar", "image", "envoy")},
	}
	to := []Container{
		{Name: "app", Definition: def("name", "app", "image", "v2", "environment", env("B", "3", "C", "4"), "portMappings", []any{map[string]any{"containerPort": 8080.0, "hostPort": 0.0}}, "command", []any{"serve", "--fast"})},
		{Name: "log", Definition: def("name", "log", "image", "fluent-bit")},
	}
	want := []FieldChange{
		{Path: "app.command", Change: ChangeChanged, From: raw(`["serve"]`), To: raw(`["serve","--fast"]`)},
		{Path: "app.environment[A]", Change: ChangeRemoved, From: raw(`{"name":"A","value":"1"}`)},
		{Path: "app.environment[B].value", Change: ChangeChanged, From: raw(`"2"`), To: raw(`"3"`)},
		{Path: "app.environment[C]", Change: ChangeAdded, To: raw(`{"name":"C","value":"4"}`)},
		{Path: "app.image", Change: ChangeChanged, From: raw(`"v1"`), To: raw(`"v2"`)},
		{Path: "log", Change: ChangeAdded, To: raw(`{"image":"fluent-bit","name":"log"}`)},
		{Path: "sidecar", Change: ChangeRemoved, From: raw(`{"image":"envoy","name":"sidecar"}`)},
	}
	if diff := cmp.Diff(want, DiffContainers(from, to)); diff != "" {
		t.Errorf("DiffContainers (-want +got):\n%s", diff)
	}
	if got := DiffContainers(from, from); len(got) != 0 {
		t.Errorf("DiffContainers(from, from) = %v, want none", got)
	}
}

func TestMarshalEvent(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 26, 10, 0, 5, 250e6, time.UTC)
	for name, tc := range map[string]struct {
		e    Event
		want string
	}{
		"fields": {TrafficChanged{DeploymentID: "d-1", Percent: 10}, `{"time":"2026-11-26T10:00:05.250Z","type":"traffic","deploymentId":"d-1","replacementPercent":10}`},
		"empty":  {Started{}, `{"time":"2026-11-26T10:00:05.250Z","type":"start","command":"","schemaVersion":0}`},
		"result": {Finished{Summary{Command: "release", Outcome: OutcomeReleased, Message: "released"}}, `{"time":"2026-11-26T10:00:05.250Z","type":"result","command":"release","outcome":"released","exitCode":0,"message":"released","trafficShiftedPercent":0,"durationSeconds":0}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := MarshalEvent(tc.e, at)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("MarshalEvent =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	// Every type marshals to one object whose first keys are time and type.
	seen := map[string]bool{}
	for _, e := range EventTypes() {
		if seen[e.Type()] {
			t.Errorf("type %q used twice", e.Type())
		}
		seen[e.Type()] = true
		b, err := MarshalEvent(e, at)
		if err != nil {
			t.Fatalf("%T: %v", e, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || m["type"] != e.Type() || !strings.HasPrefix(string(b), `{"time":`) {
			t.Errorf("%T marshals to %s (%v)", e, b, err)
		}
	}
}

// The terminal block is rebuilt from the same events the lines show.
func TestTerminalBlockFromEvents(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := halfShifted(t0)
	var m blockModel
	for _, e := range Changes(nil, s) {
		m.apply(e)
	}
	if diff := cmp.Diff(Block(s, t0.Add(time.Minute)), Block(m.s, t0.Add(time.Minute))); diff != "" {
		t.Errorf("block from events (-from the snapshot +from events):\n%s", diff)
	}
	// Once the deployment ended, the test listener no longer shows it.
	m.apply(DeploymentStatus{DeploymentID: "d-1", Status: StatusSucceeded, CreateTime: t0, CompleteTime: t0.Add(90 * time.Second)})
	last := Block(m.s, t0.Add(time.Hour))
	if last[0] != "deployment d-1  Succeeded  1m30s" || strings.Contains(strings.Join(last, "\n"), "http://test") {
		t.Errorf("block after the end =\n%s\nwant the duration to the end and no test URL", strings.Join(last, "\n"))
	}
}

// TestPartitionOf: a fix names the partition of the function's ARN.
func TestPartitionOf(t *testing.T) {
	t.Parallel()
	for arn, want := range map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:CodeDeployHook_x":            "aws",
		"arn:aws-cn:lambda:cn-north-1:123456789012:function:CodeDeployHook_x":        "aws-cn",
		"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:CodeDeployHook_x": "aws-us-gov",
		"": "aws", "CodeDeployHook_x": "aws", "arn::lambda": "aws",
	} {
		if got := partitionOf(arn); got != want {
			t.Errorf("partitionOf(%q) = %q, want %q", arn, got, want)
		}
	}
}
