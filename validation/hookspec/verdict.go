// Package hookspec is what the outside knows of the validation hook's
// function, written once for its writer and its readers: the names the
// function and its log group take (FunctionName, FunctionNamePrefix,
// LogGroup), the actions its role needs in a VPC (VPCActions), and the
// line it logs with its result (Verdict), which a CloudWatch Logs filter
// pattern finds exactly (FilterPattern) and Parse reads back.
//
// Its users are package validation (the component) and
// validation/handler (the function), the release command
// (internal/release, and its fake AWS) and pipelineroles, whose policies
// are scoped by these names. The package is pure: no AWS SDK, no Lambda
// runtime, no Pulumi, so none of them links more than it needs.
//
// CodeDeploy's API carries no reason from
// PutLifecycleEventHookExecutionStatus, so the function's log is where the
// reason travels: one JSON line a hook invocation (Verdict.Line).
package hookspec

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statuses of a Verdict, as the hook reports them to CodeDeploy.
const (
	Succeeded = "Succeeded"
	Failed    = "Failed"
)

// MaxReason is the most bytes of a Verdict's Reason that Line writes and
// Parse returns: the reason is a few facts (status, latency, a body excerpt
// of at most 200 bytes), not a document.
const MaxReason = 1024

// Verdict is what one hook invocation concluded, as one JSON line of the
// function's log.
type Verdict struct {
	// DeploymentID and LifecycleEventHookExecutionID are the invocation's,
	// from CodeDeploy's event.
	DeploymentID                  string `json:"deploymentId"`
	LifecycleEventHookExecutionID string `json:"lifecycleEventHookExecutionId"`
	// Status is Succeeded or Failed.
	Status string `json:"status"`
	// Reason says why it failed (status, latency, body excerpt), or what
	// passed; at most MaxReason bytes.
	Reason string `json:"reason"`
	// Probes is how many requests were sent.
	Probes int `json:"probes"`
}

// Line is v as one line of the function's log: its JSON and a newline,
// with Reason cut to MaxReason bytes.
func (v Verdict) Line() []byte {
	v.Reason = clean(v.Reason)
	b, err := json.Marshal(v)
	if err != nil { // strings and an int: cannot happen
		return []byte(fmt.Sprintf("{\"status\":%q}\n", v.Status))
	}
	return append(b, '\n')
}

// LogGroup is the log group of a Lambda function: Lambda writes to
// /aws/lambda/<function>, which package validation creates with its
// retention and key.
func LogGroup(function string) string { return "/aws/lambda/" + function }

// deploymentID is the shape of a CodeDeploy deployment id.
var deploymentID = regexp.MustCompile(`^d-[A-Z0-9]{1,40}$`)

// FilterPattern is the CloudWatch Logs filter pattern that matches the
// Failed verdicts of deployment id: a JSON pattern on the line's
// deploymentId and status. It is "" for a string that is not a deployment
// id (it would not be safe inside the pattern).
func FilterPattern(id string) string {
	if !deploymentID.MatchString(id) {
		return ""
	}
	return fmt.Sprintf(`{ ($.deploymentId = "%s") && ($.status = "%s") }`, id, Failed)
}

// Parse reads a log event's message as a Verdict; ok is false for any
// other line (Lambda's START, END and REPORT lines, a line without a
// deployment id or status). The reason comes back cut to MaxReason bytes,
// with control characters replaced: it is shown on terminals.
func Parse(message string) (v Verdict, ok bool) {
	if err := json.Unmarshal([]byte(strings.TrimSpace(message)), &v); err != nil {
		return Verdict{}, false
	}
	if v.DeploymentID == "" || (v.Status != Succeeded && v.Status != Failed) {
		return Verdict{}, false
	}
	v.Reason = clean(v.Reason)
	return v, true
}

// clean cuts s to MaxReason bytes, on a rune boundary, and replaces
// control characters and invalid UTF-8 with '?'.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
	if len(s) <= MaxReason {
		return s
	}
	cut := MaxReason - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
