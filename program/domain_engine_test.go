package program

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestDomainThroughTheEngine deploys dev with domainName through the real
// Pulumi CLI and engine, with a stand-in AWS provider (offlineEngine: set
// PULUMI_OFFLINE; a few minutes), then changes the name: the preview
// creates and validates the new certificate before it updates the
// listeners in place (none is replaced, so no moment passes without a
// listener or a valid certificate), and deletes the old certificate only
// after. `pulumi destroy` then leaves nothing.
func TestDomainThroughTheEngine(t *testing.T) {
	e := newOfflineEngine(t)
	e.initStack("dev")
	e.set("dev", "domainName", "app.example.com")
	e.up("dev")
	e.expectNoChanges("dev")
	var out map[string]any
	if err := json.Unmarshal(e.run("stack", "output", "--json", "--stack", "dev"), &out); err != nil {
		t.Fatal(err)
	}
	if out["url"] != "https://app.example.com" || out["testUrl"] != "https://app.example.com:8080" || out["hostedZoneId"] != "Z00CAAF24EXAMPLE" {
		t.Errorf("outputs url %v, testUrl %v, hostedZoneId %v; want https://app.example.com, https://app.example.com:8080, example.com's zone", out["url"], out["testUrl"], out["hostedZoneId"])
	}

	e.set("dev", "domainName", "app2.example.com")
	for _, s := range e.preview("dev") {
		typ, name := s.typeAndName()
		t.Logf("preview, domainName → app2.example.com: %s %s %s %v", s.Op, typ, name, s.DiffReasons)
		if typ == "aws:lb/listener:Listener" && s.Op != "update" {
			t.Errorf("listener %s: %s, want it updated in place", name, s.Op)
		}
	}
	events := e.upEvents("dev")
	// When each step of the update began and ended, by op and name.
	began := func(op, name string) int { return events.index(op, name, false) }
	ended := func(op, name string) int { return events.index(op, name, true) }
	for _, op := range []string{"replace", "create-replacement", "delete", "delete-replaced"} {
		for _, l := range []string{"web-prod", "web-test", "web-redirect"} {
			if began(op, l) >= 0 {
				t.Errorf("listener %s: %s, want it kept", l, op)
			}
		}
	}
	newCert, validated := ended("create-replacement", "web-certificate"), ended("create-replacement", "web-certificate-validation")
	oldCert := began("delete-replaced", "web-certificate")
	// The stand-in names a certificate after its logical name, so the new
	// one has the old one's ARN and the listeners' step is "same" here (on
	// AWS, "update", as the preview says): where it runs is the order.
	for _, l := range []string{"web-prod", "web-test"} {
		moving := slices.IndexFunc(events, func(ev engineEvent) bool { return ev.Name == l && !ev.Ended })
		if newCert < 0 || validated < 0 || moving < 0 || oldCert < 0 {
			t.Fatalf("%s: new certificate created at event %d, validated at %d, listener's step at %d, old certificate deleted at %d; want all", l, newCert, validated, moving, oldCert)
		}
		if newCert > moving || validated > moving || oldCert < moving {
			t.Errorf("%s's step at event %d, the new certificate is created by %d and validated by %d, the old one deleted from %d: want create, validate, move, delete", l, moving, newCert, validated, oldCert)
		}
	}
	e.expectNoChanges("dev")

	e.run("destroy", "--yes", "--skip-preview", "--stack", "dev")
	var state struct {
		Deployment struct {
			Resources []struct {
				URN string `json:"urn"`
			} `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(e.run("stack", "export", "--stack", "dev"), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Deployment.Resources {
		t.Errorf("left after destroy: %s", r.URN)
	}
}

// engineEvent is one resource event of an update's event log: a step
// beginning (pre) or its outputs (ended).
type engineEvent struct {
	Op, Name string
	Ended    bool
}

type engineEvents []engineEvent

// index returns the position of the event of op on the resource named
// name, begun or ended; -1 when there is none.
func (ev engineEvents) index(op, name string, ended bool) int {
	return slices.Index(ev, engineEvent{Op: op, Name: name, Ended: ended})
}

// upEvents updates the stack and returns its resource events in order.
func (e *offlineEngine) upEvents(stack string) engineEvents {
	e.t.Helper()
	// With --json, up writes the engine's events, one JSON object a line.
	b := e.run("up", "--yes", "--skip-preview", "--json", "--stack", stack)
	type metadata struct {
		Op  string `json:"op"`
		URN string `json:"urn"`
	}
	var out engineEvents
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev struct {
			Pre *struct {
				Metadata metadata `json:"metadata"`
			} `json:"resourcePreEvent"`
			Outputs *struct {
				Metadata metadata `json:"metadata"`
			} `json:"resOutputsEvent"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			e.t.Fatalf("%v: %s", err, sc.Bytes())
		}
		switch {
		case ev.Pre != nil:
			out = append(out, engineEvent{Op: ev.Pre.Metadata.Op, Name: ev.Pre.Metadata.URN[strings.LastIndex(ev.Pre.Metadata.URN, "::")+2:]})
		case ev.Outputs != nil:
			out = append(out, engineEvent{Op: ev.Outputs.Metadata.Op, Name: ev.Outputs.Metadata.URN[strings.LastIndex(ev.Outputs.Metadata.URN, "::")+2:], Ended: true})
		}
	}
	if err := sc.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}
