// Package fakeaws is a local fake of the parts of AWS CodeDeploy, Amazon ECS
// and Elastic Load Balancing v2 that a release uses, served over HTTP with
// net/http/httptest, so the real AWS SDK clients can be pointed at it (their
// BaseEndpoint, or AWS_ENDPOINT_URL) with any static credentials.
//
// It speaks the wire protocols the SDK speaks: JSON 1.1 for CodeDeploy
// (X-Amz-Target CodeDeploy_20141006.*) and ECS
// (AmazonEC2ContainerServiceV20141113.*), and the query protocol with XML
// answers for ELBv2 (Action=DescribeTargetHealth). It records every request
// for tests to assert field by field.
//
// Deployments are scripted: each CreateDeployment takes the next script
// queued with Script, a list of Steps. Every GetDeployment of a deployment
// serves its next step (a step with a Hold stays until ContinueDeployment or
// StopDeployment releases it); GetDeploymentTarget and DescribeTargetHealth
// answer from the step served last. StopDeployment switches the deployment
// to its OnStop steps (which keep its lifecycle events unless they say
// otherwise). Time is virtual: the first step is served at Start, each
// next one five seconds later.
package fakeaws

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Hold keeps a deployment at a step until the API call that ends it.
type Hold int

const (
	// HoldNone lets the next GetDeployment serve the next step.
	HoldNone Hold = iota
	// HoldReadyWait keeps the step until ContinueDeployment READY_WAIT.
	HoldReadyWait
	// HoldTerminationWait keeps the step until ContinueDeployment
	// TERMINATION_WAIT.
	HoldTerminationWait
	// HoldStop keeps the step until StopDeployment.
	HoldStop
)

// Step is one state of a scripted deployment.
type Step struct {
	// Status is the deployment's status.
	Status string
	// Events are lifecycle event statuses by name; events not named are
	// Pending.
	Events map[string]string
	// Green and Blue are the replacement and original task sets; nil: none.
	Green, Blue *TaskSet
	// Health is the replacement target group's targets.
	Health []Target
	// Error is the deployment's errorInformation.
	Error *ErrorInfo
	// RollbackID and RollbackMessage are its rollbackInfo.
	RollbackID, RollbackMessage string
	// TerminationWaitStarted is instanceTerminationWaitTimeStarted.
	TerminationWaitStarted bool
	// Messages are deploymentStatusMessages.
	Messages []string
	// Spawn, with RollbackID, are the steps of the rollback deployment
	// CodeDeploy creates when this step is first served.
	Spawn []Step
	// Hold keeps the deployment at this step until released.
	Hold Hold
}

// TaskSet is a task set in a Step.
type TaskSet struct {
	Status                    string
	Running, Pending, Desired int
	Weight                    float64
	TargetGroup               string
}

// Target is a registered target and its health.
type Target struct {
	ID     string
	Port   int
	State  string
	Reason string
}

// ErrorInfo is a deployment's errorInformation.
type ErrorInfo struct{ Code, Message string }

// Deployment is a deployment the fake knows: created by CreateDeployment
// or added by a test (history, a deployment in flight, a rollback).
type Deployment struct {
	ID, Application, Group string
	// Creator is user (default) or autoRollback.
	Creator string
	// AppSpec and SHA256 are the revision's content.
	AppSpec, SHA256 string
	Description     string
	// Steps are the scripted states; the last one repeats.
	Steps []Step
	// OnStop are the steps after StopDeployment; default: one Stopped step.
	OnStop []Step
	// AutoRollback is autoRollbackConfiguration.enabled.
	AutoRollback bool
	// CreateTime is when it was created; default: the fake's time.
	CreateTime time.Time

	pos      int
	served   bool
	released bool
	repeats  int
	times    map[string][2]time.Time
}

// MaxRepeats is how many times in a row the fake serves a held, not yet
// terminal step before it answers GetDeployment with an error: a follower
// that never releases the hold fails its test instead of hanging it.
const MaxRepeats = 50

// Group is a deployment group of an ECS service.
type Group struct {
	Application, Name string
	Cluster, Service  string
	// ReadyWait makes the group wait for approval (deploymentReadyOption
	// STOP_DEPLOYMENT).
	ReadyWait bool
	// TerminationWaitMinutes is the original task set's termination wait.
	TerminationWaitMinutes int
}

// TaskDefinition is a registered task definition revision.
type TaskDefinition struct {
	ARN, Status, NetworkMode string
	Containers               []Container
}

// Container is a container definition.
type Container struct {
	Name, Image string
	// Ports maps container ports to host ports.
	Ports [][2]int
}

// Request is one API call the fake received.
type Request struct {
	// Service is codedeploy, ecs or elbv2.
	Service string
	// Action is the operation: CreateDeployment, DescribeTargetHealth, ...
	Action string
	// Body is the decoded JSON body (CodeDeploy, ECS).
	Body map[string]any
	// Form is the decoded query body (ELBv2).
	Form url.Values
	// Region is the region the request was signed for (SigV4 credential
	// scope), "" when unsigned.
	Region string
}

// signedRegion is the region of a SigV4 Authorization header:
// "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/codedeploy/aws4_request, ...".
func signedRegion(auth string) string {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	parts := strings.Split(strings.SplitN(cred, ",", 2)[0], "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// Server is the fake. Create it with New; it stops with the test.
type Server struct {
	// URL is the base URL to point the SDK clients at.
	URL string
	// OnServe, when set, is called (without the fake's lock held) each time
	// GetDeployment serves a step.
	OnServe func(deploymentID string, step Step)

	srv         *httptest.Server
	mu          sync.Mutex
	requests    []Request
	groups      []*Group
	deployments []*Deployment
	scripts     [][]Step
	stopScripts [][]Step
	taskDefs    []TaskDefinition
	services    map[string]string
	targetGrps  map[string]string
	health      map[string][]Target
	now         time.Time
	nextID      int
	faults      map[string][]apiError
}

// Start is the fake's clock at the start.
var Start = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// Cleaner is the part of testing.TB that New needs.
type Cleaner interface{ Cleanup(func()) }

// New starts a fake that stops when t's test ends.
func New(t Cleaner) *Server {
	s := &Server{
		services:   map[string]string{},
		targetGrps: map[string]string{},
		health:     map[string][]Target{},
		now:        Start,
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// AddGroup registers a deployment group.
func (s *Server) AddGroup(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = append(s.groups, &g)
}

// AddService registers an ECS service running taskDefinition.
func (s *Server) AddService(cluster, service, taskDefinition string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[cluster+"/"+service] = taskDefinition
}

// AddTaskDefinition registers a task definition revision.
func (s *Server) AddTaskDefinition(td TaskDefinition) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if td.Status == "" {
		td.Status = "ACTIVE"
	}
	s.taskDefs = append(s.taskDefs, td)
}

// AddTargetGroup registers a target group's name and ARN.
func (s *Server) AddTargetGroup(name, arn string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.targetGrps[name] = arn
}

// AddDeployment registers a deployment that CreateDeployment did not make.
func (s *Server) AddDeployment(d *Deployment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.Creator == "" {
		d.Creator = "user"
	}
	if d.CreateTime.IsZero() {
		d.CreateTime = s.now
	}
	s.deployments = append(s.deployments, d)
}

// Script queues the steps of the next deployment CreateDeployment creates,
// and the steps it takes after StopDeployment (nil: one Stopped step).
func (s *Server) Script(steps, onStop []Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, steps)
	s.stopScripts = append(s.stopScripts, onStop)
}

// Fail makes the next times calls of action answer with the AWS error code
// (HTTP 400) instead of their answer.
func (s *Server) Fail(action string, times int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults == nil {
		s.faults = map[string][]apiError{}
	}
	for range times {
		s.faults[action] = append(s.faults[action], apiError{code, message})
	}
}

// fault takes the next injected error of action, if any.
func (s *Server) fault(action string) *apiError {
	if len(s.faults[action]) == 0 {
		return nil
	}
	e := s.faults[action][0]
	s.faults[action] = s.faults[action][1:]
	return &e
}

// Requests are the calls received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// RequestsFor are the calls of one action, in order.
func (s *Server) RequestsFor(action string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// Deployment returns a copy of the deployment with the id, or nil.
func (s *Server) Deployment(id string) *Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.find(id); d != nil {
		c := *d
		return &c
	}
	return nil
}

// apiError is an AWS error answer.
type apiError struct {
	code, message string
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	service, action, _ := strings.Cut(target, ".")
	switch service {
	case "CodeDeploy_20141006", "AmazonEC2ContainerServiceV20141113":
		var in map[string]any
		if err := json.Unmarshal(body, &in); err != nil {
			writeJSONError(w, apiError{"SerializationException", err.Error()})
			return
		}
		name := "codedeploy"
		if service != "CodeDeploy_20141006" {
			name = "ecs"
		}
		var hooks []func()
		s.mu.Lock()
		s.requests = append(s.requests, Request{Service: name, Action: action, Body: in, Region: signedRegion(r.Header.Get("Authorization"))})
		var out any
		aerr := s.fault(action)
		switch {
		case aerr != nil:
		case name == "codedeploy":
			out, hooks, aerr = s.codeDeploy(action, in)
		default:
			out, aerr = s.ecs(action, in)
		}
		s.mu.Unlock()
		for _, h := range hooks {
			h()
		}
		if aerr != nil {
			writeJSONError(w, *aerr)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("Action") == "" {
			http.Error(w, "fakeaws: neither an X-Amz-Target nor a query Action", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, Request{Service: "elbv2", Action: form.Get("Action"), Form: form, Region: signedRegion(r.Header.Get("Authorization"))})
		var out any
		aerr := s.fault(form.Get("Action"))
		if aerr == nil {
			out, aerr = s.elb(form)
		}
		s.mu.Unlock()
		if aerr != nil {
			writeXMLError(w, *aerr)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, xml.Header)
		_ = xml.NewEncoder(w).Encode(out)
	}
}

func writeJSONError(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.code, "message": e.message})
}

type xmlError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Type    string   `xml:"Error>Type"`
	Code    string   `xml:"Error>Code"`
	Message string   `xml:"Error>Message"`
	ID      string   `xml:"RequestId"`
}

func writeXMLError(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusBadRequest)
	_ = xml.NewEncoder(w).Encode(xmlError{Type: "Sender", Code: e.code, Message: e.message, ID: "fake"})
}

func str(in map[string]any, key string) string {
	v, _ := in[key].(string)
	return v
}

func strs(in map[string]any, key string) []string {
	list, _ := in[key].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func epoch(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.UnixMilli()) / 1000
}

func (s *Server) find(id string) *Deployment {
	for _, d := range s.deployments {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (s *Server) group(app, name string) *Group {
	for _, g := range s.groups {
		if g.Application == app && g.Name == name {
			return g
		}
	}
	return nil
}

// current is the step the deployment is at.
func (d *Deployment) current() Step {
	if len(d.Steps) == 0 {
		return Step{Status: "Created"}
	}
	return d.Steps[d.pos]
}

func terminal(status string) bool {
	return status == "Succeeded" || status == "Failed" || status == "Stopped"
}

var lifecycleEvents = []string{"BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"}

// serve moves d to its next step, if its hold allows, and returns it.
func (s *Server) serve(d *Deployment) Step {
	st := d.current()
	if d.served && d.pos < len(d.Steps)-1 && (st.Hold == HoldNone || d.released) {
		d.pos++
		d.released = false
		d.repeats = 0
		st = d.current()
	} else if d.served && !terminal(st.Status) {
		d.repeats++
	}
	d.served = true
	defer func() { s.now = s.now.Add(5 * time.Second) }()
	if d.times == nil {
		d.times = map[string][2]time.Time{}
	}
	for _, name := range lifecycleEvents {
		status := st.Events[name]
		t := d.times[name]
		if status != "" && status != "Pending" && t[0].IsZero() {
			t[0] = s.now
		}
		if (status == "Succeeded" || status == "Failed" || status == "Skipped") && t[1].IsZero() {
			t[1] = s.now
		}
		d.times[name] = t
	}
	if st.Green != nil && st.Green.TargetGroup != "" {
		s.health[st.Green.TargetGroup] = st.Health
	}
	if st.RollbackID != "" && st.Spawn != nil && s.find(st.RollbackID) == nil {
		s.deployments = append(s.deployments, &Deployment{
			ID: st.RollbackID, Application: d.Application, Group: d.Group, Creator: "autoRollback",
			Steps: st.Spawn, AutoRollback: false, CreateTime: s.now,
		})
	}
	return st
}

func (s *Server) deploymentInfo(d *Deployment) map[string]any {
	st := d.current()
	info := map[string]any{
		"applicationName":                    d.Application,
		"deploymentGroupName":                d.Group,
		"deploymentId":                       d.ID,
		"status":                             st.Status,
		"creator":                            d.Creator,
		"computePlatform":                    "ECS",
		"createTime":                         epoch(d.CreateTime),
		"description":                        d.Description,
		"instanceTerminationWaitTimeStarted": st.TerminationWaitStarted,
		"autoRollbackConfiguration":          map[string]any{"enabled": d.AutoRollback, "events": []string{"DEPLOYMENT_FAILURE"}},
	}
	if d.AppSpec != "" {
		info["revision"] = map[string]any{
			"revisionType":   "AppSpecContent",
			"appSpecContent": map[string]any{"content": d.AppSpec, "sha256": d.SHA256},
		}
	}
	if terminal(st.Status) {
		info["completeTime"] = epoch(s.now)
	}
	if st.Error != nil {
		info["errorInformation"] = map[string]any{"code": st.Error.Code, "message": st.Error.Message}
	}
	if st.RollbackID != "" || st.RollbackMessage != "" {
		info["rollbackInfo"] = map[string]any{"rollbackDeploymentId": st.RollbackID, "rollbackMessage": st.RollbackMessage}
	}
	if len(st.Messages) > 0 {
		info["deploymentStatusMessages"] = st.Messages
	}
	return info
}

func (s *Server) codeDeploy(action string, in map[string]any) (any, []func(), *apiError) {
	switch action {
	case "ListDeployments":
		app, name := str(in, "applicationName"), str(in, "deploymentGroupName")
		if s.group(app, name) == nil {
			return nil, nil, &apiError{"DeploymentGroupDoesNotExistException", "No Deployment Group found for name: " + name}
		}
		statuses := strs(in, "includeOnlyStatuses")
		ids := []string{}
		for _, d := range s.deployments {
			if d.Application == app && d.Group == name && (len(statuses) == 0 || slices.Contains(statuses, d.current().Status)) {
				ids = append(ids, d.ID)
			}
		}
		return map[string]any{"deployments": ids}, nil, nil
	case "GetDeployment":
		d := s.find(str(in, "deploymentId"))
		if d == nil {
			return nil, nil, &apiError{"DeploymentDoesNotExistException", "The deployment " + str(in, "deploymentId") + " could not be found."}
		}
		st := s.serve(d)
		if d.repeats > MaxRepeats {
			return nil, nil, &apiError{"FakeStuckException", fmt.Sprintf("fakeaws: deployment %s served its held step %d times; nothing released it", d.ID, d.repeats)}
		}
		var hooks []func()
		if s.OnServe != nil {
			f, id := s.OnServe, d.ID
			hooks = append(hooks, func() { f(id, st) })
		}
		return map[string]any{"deploymentInfo": s.deploymentInfo(d)}, hooks, nil
	case "BatchGetDeployments":
		var infos []any
		for _, id := range strs(in, "deploymentIds") {
			if d := s.find(id); d != nil {
				infos = append(infos, s.deploymentInfo(d))
			}
		}
		return map[string]any{"deploymentsInfo": infos}, nil, nil
	case "GetDeploymentGroup":
		g := s.group(str(in, "applicationName"), str(in, "deploymentGroupName"))
		if g == nil {
			return nil, nil, &apiError{"DeploymentGroupDoesNotExistException", "No Deployment Group found for name: " + str(in, "deploymentGroupName")}
		}
		ready := map[string]any{"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0}
		if g.ReadyWait {
			ready = map[string]any{"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 60}
		}
		return map[string]any{"deploymentGroupInfo": map[string]any{
			"applicationName":      g.Application,
			"deploymentGroupName":  g.Name,
			"computePlatform":      "ECS",
			"deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
			"ecsServices":          []any{map[string]any{"clusterName": g.Cluster, "serviceName": g.Service}},
			"blueGreenDeploymentConfiguration": map[string]any{
				"deploymentReadyOption": ready,
				"terminateBlueInstancesOnDeploymentSuccess": map[string]any{
					"action": "TERMINATE", "terminationWaitTimeInMinutes": g.TerminationWaitMinutes,
				},
			},
			"deploymentStyle": map[string]any{"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
		}}, nil, nil
	case "GetDeploymentTarget":
		return s.deploymentTarget(in)
	case "CreateDeployment":
		return s.createDeployment(in)
	case "StopDeployment":
		d := s.find(str(in, "deploymentId"))
		if d == nil {
			return nil, nil, &apiError{"DeploymentDoesNotExistException", "The deployment " + str(in, "deploymentId") + " could not be found."}
		}
		if terminal(d.current().Status) {
			return nil, nil, &apiError{"DeploymentAlreadyCompletedException", "The deployment " + d.ID + " has already completed."}
		}
		last := d.current()
		d.Steps, d.pos, d.served, d.released = slices.Clone(d.OnStop), 0, false, false
		if len(d.Steps) == 0 {
			d.Steps = []Step{{Status: "Stopped"}}
		}
		for i := range d.Steps {
			// Stopping does not undo what already happened.
			if d.Steps[i].Events == nil {
				d.Steps[i].Events = last.Events
			}
		}
		return map[string]any{"status": "Pending", "statusMessage": "Stop request is pending"}, nil, nil
	case "ContinueDeployment":
		d := s.find(str(in, "deploymentId"))
		if d == nil {
			return nil, nil, &apiError{"DeploymentDoesNotExistException", "The deployment " + str(in, "deploymentId") + " could not be found."}
		}
		wait := str(in, "deploymentWaitType")
		if wait == "" {
			wait = "READY_WAIT"
		}
		hold := d.current().Hold
		if (hold == HoldReadyWait && wait == "READY_WAIT") || (hold == HoldTerminationWait && wait == "TERMINATION_WAIT") {
			d.released = true
			return map[string]any{}, nil, nil
		}
		return nil, nil, &apiError{"DeploymentIsNotInReadyStateException", fmt.Sprintf("The deployment %s is not in a %s state.", d.ID, wait)}
	default:
		return nil, nil, &apiError{"UnknownOperationException", "fakeaws: CodeDeploy " + action + " is not faked"}
	}
}

func (s *Server) deploymentTarget(in map[string]any) (any, []func(), *apiError) {
	d := s.find(str(in, "deploymentId"))
	if d == nil {
		return nil, nil, &apiError{"DeploymentDoesNotExistException", "The deployment " + str(in, "deploymentId") + " could not be found."}
	}
	g := s.group(d.Application, d.Group)
	targetID := str(in, "targetId")
	if g == nil || targetID != g.Cluster+":"+g.Service {
		return nil, nil, &apiError{"DeploymentTargetDoesNotExistException", "The provided target ID does not belong to the deployment: " + targetID}
	}
	st := d.current()
	var events []any
	for _, name := range lifecycleEvents {
		status := st.Events[name]
		if status == "" {
			status = "Pending"
		}
		ev := map[string]any{"lifecycleEventName": name, "status": status}
		if t := d.times[name]; !t[0].IsZero() {
			ev["startTime"] = epoch(t[0])
			if !t[1].IsZero() {
				ev["endTime"] = epoch(t[1])
			}
		}
		if status == "Failed" && st.Error != nil && st.Error.Code == "HOOK_EXECUTION_FAILURE" {
			ev["diagnostics"] = map[string]any{"errorCode": "ScriptFailed", "message": st.Error.Message}
		}
		events = append(events, ev)
	}
	var sets []any
	for _, ts := range []struct {
		label string
		set   *TaskSet
	}{{"BLUE", st.Blue}, {"GREEN", st.Green}} {
		if ts.set == nil {
			continue
		}
		set := map[string]any{
			"identifer":     "ecs-svc/" + strings.ToLower(ts.label), //nolint:misspell // AWS's own spelling of the field
			"taskSetLabel":  ts.label,
			"status":        ts.set.Status,
			"runningCount":  ts.set.Running,
			"pendingCount":  ts.set.Pending,
			"desiredCount":  ts.set.Desired,
			"trafficWeight": ts.set.Weight,
		}
		if ts.set.TargetGroup != "" {
			set["targetGroup"] = map[string]any{"name": ts.set.TargetGroup}
		}
		sets = append(sets, set)
	}
	status := st.Status
	if status == "Created" || status == "Queued" || status == "Ready" || status == "Baking" {
		status = "InProgress"
	}
	return map[string]any{"deploymentTarget": map[string]any{
		"deploymentTargetType": "ECSTarget",
		"ecsTarget": map[string]any{
			"deploymentId":    d.ID,
			"targetId":        targetID,
			"targetArn":       "arn:aws:ecs:us-east-1:123456789012:service/" + g.Cluster + "/" + g.Service,
			"status":          status,
			"lastUpdatedAt":   epoch(s.now),
			"lifecycleEvents": events,
			"taskSetsInfo":    sets,
		},
	}}, nil, nil
}

func (s *Server) createDeployment(in map[string]any) (any, []func(), *apiError) {
	app, name := str(in, "applicationName"), str(in, "deploymentGroupName")
	if s.group(app, name) == nil {
		return nil, nil, &apiError{"DeploymentGroupDoesNotExistException", "No Deployment Group found for name: " + name}
	}
	rev, _ := in["revision"].(map[string]any)
	if str(rev, "revisionType") != "AppSpecContent" {
		return nil, nil, &apiError{"InvalidRevisionException", "fakeaws: want revisionType AppSpecContent"}
	}
	content, _ := rev["appSpecContent"].(map[string]any)
	if content == nil || str(content, "content") == "" {
		return nil, nil, &apiError{"InvalidRevisionException", "The revision content is missing."}
	}
	for _, d := range s.deployments {
		if d.Application == app && d.Group == name && !terminal(d.current().Status) {
			return nil, nil, &apiError{"DeploymentLimitExceededException", "The Deployment Group '" + name + "' already has an active Deployment '" + d.ID + "'"}
		}
	}
	if len(s.scripts) == 0 {
		return nil, nil, &apiError{"FakeNotScriptedException", "fakeaws: no scripted deployment left for CreateDeployment"}
	}
	s.nextID++
	d := &Deployment{
		ID:           "d-FAKE" + strconv.Itoa(10000+s.nextID),
		Application:  app,
		Group:        name,
		Creator:      "user",
		AppSpec:      str(content, "content"),
		SHA256:       str(content, "sha256"),
		Description:  str(in, "description"),
		Steps:        s.scripts[0],
		OnStop:       s.stopScripts[0],
		AutoRollback: true,
		CreateTime:   s.now,
	}
	s.scripts, s.stopScripts = s.scripts[1:], s.stopScripts[1:]
	s.deployments = append(s.deployments, d)
	return map[string]any{"deploymentId": d.ID}, nil, nil
}

func (s *Server) ecs(action string, in map[string]any) (any, *apiError) {
	switch action {
	case "DescribeTaskDefinition":
		want := str(in, "taskDefinition")
		for _, td := range s.taskDefs {
			family, rev := familyRevision(td.ARN)
			if td.ARN == want || family+":"+rev == want {
				return map[string]any{"taskDefinition": taskDefinitionJSON(td)}, nil
			}
		}
		return nil, &apiError{"ClientException", "Unable to describe task definition."}
	case "DescribeServices":
		cluster := str(in, "cluster")
		out := map[string]any{"services": []any{}, "failures": []any{}}
		for _, name := range strs(in, "services") {
			td, ok := s.services[cluster+"/"+name]
			arn := "arn:aws:ecs:us-east-1:123456789012:service/" + cluster + "/" + name
			if !ok {
				out["failures"] = append(out["failures"].([]any), map[string]any{"arn": arn, "reason": "MISSING"})
				continue
			}
			out["services"] = append(out["services"].([]any), map[string]any{
				"serviceName": name, "serviceArn": arn, "status": "ACTIVE", "taskDefinition": td,
				"deploymentController": map[string]any{"type": "CODE_DEPLOY"},
				"taskSets":             []any{map[string]any{"id": "ecs-svc/primary", "status": "PRIMARY", "taskDefinition": td}},
			})
		}
		return out, nil
	case "ListTaskDefinitions":
		prefix, status := str(in, "familyPrefix"), str(in, "status")
		var arns []string
		for _, td := range s.taskDefs {
			family, _ := familyRevision(td.ARN)
			if strings.HasPrefix(family, prefix) && (status == "" || td.Status == status) {
				arns = append(arns, td.ARN)
			}
		}
		slices.SortFunc(arns, func(a, b string) int {
			_, ra := familyRevision(a)
			_, rb := familyRevision(b)
			na, _ := strconv.Atoi(ra)
			nb, _ := strconv.Atoi(rb)
			return na - nb
		})
		if str(in, "sort") == "DESC" {
			slices.Reverse(arns)
		}
		return map[string]any{"taskDefinitionArns": arns}, nil
	default:
		return nil, &apiError{"UnknownOperationException", "fakeaws: ECS " + action + " is not faked"}
	}
}

// familyRevision splits a task definition ARN's family:revision.
func familyRevision(arn string) (family, revision string) {
	res := arn[strings.LastIndex(arn, "/")+1:]
	family, revision, _ = strings.Cut(res, ":")
	return family, revision
}

func taskDefinitionJSON(td TaskDefinition) map[string]any {
	family, rev := familyRevision(td.ARN)
	n, _ := strconv.Atoi(rev)
	var containers []any
	for _, c := range td.Containers {
		var ports []any
		for _, p := range c.Ports {
			ports = append(ports, map[string]any{"containerPort": p[0], "hostPort": p[1], "protocol": "tcp"})
		}
		containers = append(containers, map[string]any{"name": c.Name, "image": c.Image, "essential": true, "portMappings": ports})
	}
	out := map[string]any{
		"taskDefinitionArn":    td.ARN,
		"family":               family,
		"revision":             n,
		"status":               td.Status,
		"containerDefinitions": containers,
	}
	if td.NetworkMode != "" {
		out["networkMode"] = td.NetworkMode
	}
	return out
}

const elbXMLNS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"

type xmlTargetGroups struct {
	XMLName      xml.Name         `xml:"DescribeTargetGroupsResponse"`
	Xmlns        string           `xml:"xmlns,attr"`
	TargetGroups []xmlTargetGroup `xml:"DescribeTargetGroupsResult>TargetGroups>member"`
	RequestID    string           `xml:"ResponseMetadata>RequestId"`
}

type xmlTargetGroup struct {
	TargetGroupArn  string
	TargetGroupName string
	Protocol        string
	Port            int
	TargetType      string
}

type xmlTargetHealth struct {
	XMLName      xml.Name                `xml:"DescribeTargetHealthResponse"`
	Xmlns        string                  `xml:"xmlns,attr"`
	Descriptions []xmlTargetHealthMember `xml:"DescribeTargetHealthResult>TargetHealthDescriptions>member"`
	RequestID    string                  `xml:"ResponseMetadata>RequestId"`
}

type xmlTargetHealthMember struct {
	TargetID        string `xml:"Target>Id"`
	TargetPort      int    `xml:"Target>Port"`
	HealthCheckPort string `xml:"HealthCheckPort"`
	State           string `xml:"TargetHealth>State"`
	Reason          string `xml:"TargetHealth>Reason,omitempty"`
}

func (s *Server) elb(form url.Values) (any, *apiError) {
	switch action := form.Get("Action"); action {
	case "DescribeTargetGroups":
		out := xmlTargetGroups{Xmlns: elbXMLNS, RequestID: "fake"}
		for i := 1; form.Has("Names.member." + strconv.Itoa(i)); i++ {
			name := form.Get("Names.member." + strconv.Itoa(i))
			arn, ok := s.targetGrps[name]
			if !ok {
				return nil, &apiError{"TargetGroupNotFound", "One or more target groups not found"}
			}
			out.TargetGroups = append(out.TargetGroups, xmlTargetGroup{TargetGroupArn: arn, TargetGroupName: name, Protocol: "HTTP", Port: 8080, TargetType: "instance"})
		}
		return out, nil
	case "DescribeTargetHealth":
		arn := form.Get("TargetGroupArn")
		for name, a := range s.targetGrps {
			if a != arn {
				continue
			}
			out := xmlTargetHealth{Xmlns: elbXMLNS, RequestID: "fake"}
			for _, t := range s.health[name] {
				out.Descriptions = append(out.Descriptions, xmlTargetHealthMember{
					TargetID: t.ID, TargetPort: t.Port, HealthCheckPort: strconv.Itoa(t.Port), State: t.State, Reason: t.Reason,
				})
			}
			return out, nil
		}
		return nil, &apiError{"TargetGroupNotFound", "Target groups '" + arn + "' not found"}
	default:
		return nil, &apiError{"InvalidAction", "fakeaws: ELBv2 " + action + " is not faked"}
	}
}
