// Package fakeaws is a local fake of the parts of AWS CodeDeploy, Amazon ECS,
// Elastic Load Balancing v2, EC2, EC2 Auto Scaling, Lambda (GetFunction
// of the functions AddFunction registers), IAM (the policy simulator,
// SetSimulation) and CloudWatch Logs (FilterLogEvents of the events
// PutLogEvent or a failing hook adds, logs.go) that a release uses,
// served over HTTP with net/http/httptest, so the real AWS SDK clients can be
// pointed at it (their BaseEndpoint, or AWS_ENDPOINT_URL) with any static
// credentials.
//
// It speaks the wire protocols the SDK speaks: JSON 1.1 for CodeDeploy
// (X-Amz-Target CodeDeploy_20141006.*), ECS
// (AmazonEC2ContainerServiceV20141113.*) and CloudWatch Logs
// (Logs_20140328.*), and the query protocols with XML answers for ELBv2
// (Version 2015-12-01), Auto Scaling (2011-01-01), EC2 (2016-11-15) and IAM
// (2010-05-08). It records every request for tests to assert field by
// field.
//
// The live wiring of a blue/green service (deployment group, listeners,
// target groups, load balancer, service, cluster, capacity provider, Auto
// Scaling group, launch template, security groups) is installed with
// AddStack; DevStack is the dev stack's, consistent, for a test to bend.
//
// Deployments are scripted: each CreateDeployment takes the next script
// queued with Script, a list of Steps. Every GetDeployment of a deployment
// serves its next step (a step with a Hold stays until ContinueDeployment or
// StopDeployment releases it); GetDeploymentTarget and DescribeTargetHealth
// answer from the step served last. StopDeployment switches the deployment
// to its OnStop steps (which keep its lifecycle events unless they say
// otherwise). Time is virtual: the first step is served at Start, each
// next one five seconds later.
//
// Faults are injected per action (Inject): an AWS error code, a 5xx, a
// dropped connection, before or after the call takes effect (an answer lost
// after CreateDeployment created the deployment).
package fakeaws

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
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
	// HookReason, when set, is the reason the hook of an event that
	// failed in this step logs (the AppSpec's Hooks name the function):
	// when the step is first served, its verdict line goes to the
	// function's log group, missed by the next HookLogLate
	// FilterLogEvents calls.
	HookReason  string
	HookLogLate int
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

// TaskDefinition is a registered task definition revision.
type TaskDefinition struct {
	ARN, Status, NetworkMode string
	// CPU and Memory are the task-level sizes ("" for none).
	CPU, Memory string
	Containers  []Container
}

// Container is a container definition.
type Container struct {
	Name, Image string
	// Ports maps container ports to host ports.
	Ports [][2]int
	// CPU, Memory and MemoryReservation are its sizes (0: not set).
	CPU, Memory, MemoryReservation int
	// Environment is its environment, in order.
	Environment [][2]string
}

// Request is one API call the fake received.
type Request struct {
	// Service is codedeploy, ecs, elbv2, autoscaling or ec2.
	Service string
	// Action is the operation: CreateDeployment, DescribeTargetHealth, ...
	Action string
	// Body is the decoded JSON body (CodeDeploy, ECS).
	Body map[string]any
	// Form is the decoded query body (ELBv2, Auto Scaling, EC2).
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

// Fault is an injected failure of one call.
type Fault struct {
	// Status is the HTTP status of the error answer: 400 (the default) for
	// an AWS error code such as ThrottlingException, 500 or 503 for a
	// server error.
	Status int
	// Code and Message are the AWS error. Code defaults to InternalFailure
	// for a 5xx.
	Code, Message string
	// AfterEffect lets the call take effect before it fails: the answer is
	// lost, not the request.
	AfterEffect bool
	// Reset closes the connection instead of answering.
	Reset bool
}

// Server is the fake. Create it with New; it stops with the test.
type Server struct {
	// URL is the base URL to point the SDK clients at.
	URL string
	// OnServe, when set, is called (without the fake's lock held) each time
	// GetDeployment serves a step.
	OnServe func(deploymentID string, step Step)
	// OnRequest, when set, is called (without the fake's lock held) with
	// each request before it is handled: a test may inject faults or
	// change the fake there, for this request or later ones.
	OnRequest func(Request)
	// Delay, when set before the first request, holds every answer this
	// long after the call took effect: a round trip to AWS from afar.
	Delay time.Duration

	srv         *httptest.Server
	mu          sync.Mutex
	functions   map[string]bool       // Lambda functions, by name
	simulations map[string]Simulation // IAM's policy simulator, by role ARN
	requests    []Request
	groups      []*Group
	deployments []*Deployment
	scripts     [][]Step
	stopScripts [][]Step
	taskDefs    []TaskDefinition
	health      map[string][]Target
	now         time.Time
	nextID      int
	faults      map[string][]Fault
	wiring
	// A domainName's certificates, zones and records.
	certificates map[string]Certificate
	zones        map[string]bool
	records      []AliasRecord
	// CloudWatch Logs' log groups (PutLogEvent, a failing hook).
	logs logStore
}

// Start is the fake's clock at the start.
var Start = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// Cleaner is the part of testing.TB that New needs.
type Cleaner interface{ Cleanup(func()) }

// New starts a fake that stops when t's test ends.
func New(t Cleaner) *Server {
	s := &Server{
		health: map[string][]Target{},
		now:    Start,
		wiring: newWiring(),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
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
	s.Inject(action, times, Fault{Code: code, Message: message})
}

// Inject makes the next times calls of action fail as f says.
func (s *Server) Inject(action string, times int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Status == 0 {
		f.Status = http.StatusBadRequest
	}
	if f.Code == "" && f.Status >= 500 {
		f.Code = "InternalFailure"
	}
	if f.Message == "" {
		f.Message = "fakeaws: injected " + f.Code
	}
	if s.faults == nil {
		s.faults = map[string][]Fault{}
	}
	for range times {
		s.faults[action] = append(s.faults[action], f)
	}
}

// fault takes the next injected fault of action, if any.
func (s *Server) fault(action string) *Fault {
	if len(s.faults[action]) == 0 {
		return nil
	}
	f := s.faults[action][0]
	s.faults[action] = s.faults[action][1:]
	return &f
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

// Deployments returns copies of the deployments of a group, oldest first.
func (s *Server) Deployments(app, group string) []Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Deployment
	for _, d := range s.deployments {
		if d.Application == app && d.Group == group {
			out = append(out, *d)
		}
	}
	return out
}

// apiError is an AWS error answer.
type apiError struct {
	code, message string
	status        int
}

func errorf(code, message string) *apiError { return &apiError{code: code, message: message} }

// Handler serves the fake's API, for a test that brings its own transport
// (an in-memory network in a testing/synctest bubble) instead of URL.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	region := signedRegion(r.Header.Get("Authorization"))
	if strings.HasPrefix(r.URL.Path, lambdaFunctionsPath) {
		s.serveLambda(w, r, region)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/2013-04-01/") {
		s.serveRoute53(w, r, region)
		return
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		s.serveJSON(w, target, body, region)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("Action") == "" {
		http.Error(w, "fakeaws: neither an X-Amz-Target nor a query Action", http.StatusBadRequest)
		return
	}
	s.serveQuery(w, form, region)
}

// answer runs handle under the lock, unless a fault says otherwise, and
// returns what to send: out, an error, or neither with reset.
func (s *Server) answer(req Request, handle func() (any, []func(), *apiError)) (out any, aerr *apiError, reset bool) {
	if s.OnRequest != nil {
		s.OnRequest(req)
	}
	var hooks []func()
	s.mu.Lock()
	s.requests = append(s.requests, req)
	f := s.fault(req.Action)
	if f == nil || f.AfterEffect {
		out, hooks, aerr = handle()
	}
	s.mu.Unlock()
	time.Sleep(s.Delay)
	for _, h := range hooks {
		h()
	}
	if f != nil {
		return nil, &apiError{code: f.Code, message: f.Message, status: f.Status}, f.Reset
	}
	return out, aerr, false
}

// resetConnection closes the client's connection without an answer.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "fakeaws: cannot drop the connection", http.StatusInternalServerError)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = conn.Close()
}

func (s *Server) serveJSON(w http.ResponseWriter, target string, body []byte, region string) {
	service, action, _ := strings.Cut(target, ".")
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSONError(w, apiError{code: "SerializationException", message: err.Error()})
		return
	}
	var name string
	var handle func() (any, []func(), *apiError)
	switch service {
	case "CodeDeploy_20141006":
		name = "codedeploy"
		handle = func() (any, []func(), *apiError) { return s.codeDeploy(action, in) }
	case "AmazonEC2ContainerServiceV20141113":
		name = "ecs"
		handle = func() (any, []func(), *apiError) {
			out, aerr := s.ecs(action, in)
			return out, nil, aerr
		}
	case "CertificateManager":
		name = "acm"
		handle = func() (any, []func(), *apiError) {
			out, aerr := s.acm(action, in)
			return out, nil, aerr
		}
	case "Logs_20140328":
		name = "logs"
		handle = func() (any, []func(), *apiError) {
			out, aerr := s.logsAPI(action, in)
			return out, nil, aerr
		}
	default:
		writeJSONError(w, apiError{code: "UnknownOperationException", message: "fakeaws: no service " + service})
		return
	}
	out, aerr, reset := s.answer(Request{Service: name, Action: action, Body: in, Region: region}, handle)
	switch {
	case reset:
		resetConnection(w)
	case aerr != nil:
		writeJSONError(w, *aerr)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	}
}

func (s *Server) serveQuery(w http.ResponseWriter, form url.Values, region string) {
	action := form.Get("Action")
	var name string
	var handle func() (any, *apiError)
	switch form.Get("Version") {
	case "2011-01-01":
		name, handle = "autoscaling", func() (any, *apiError) { return s.autoScaling(action, form) }
	case "2016-11-15":
		name, handle = "ec2", func() (any, *apiError) { return s.ec2(action, form) }
	case iamVersion:
		name, handle = "iam", func() (any, *apiError) { return s.iam(action, form) }
	default:
		name, handle = "elbv2", func() (any, *apiError) { return s.elb(action, form) }
	}
	out, aerr, reset := s.answer(Request{Service: name, Action: action, Form: form, Region: region}, func() (any, []func(), *apiError) {
		out, aerr := handle()
		return out, nil, aerr
	})
	switch {
	case reset:
		resetConnection(w)
	case aerr != nil && name == "ec2":
		writeEC2Error(w, *aerr)
	case aerr != nil:
		writeXMLError(w, *aerr)
	default:
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, xml.Header)
		_ = xml.NewEncoder(w).Encode(out)
	}
}

func status(e apiError) int {
	if e.status == 0 {
		return http.StatusBadRequest
	}
	return e.status
}

func writeJSONError(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status(e))
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
	w.WriteHeader(status(e))
	kind := "Sender"
	if status(e) >= 500 {
		kind = "Receiver"
	}
	_ = xml.NewEncoder(w).Encode(xmlError{Type: kind, Code: e.code, Message: e.message, ID: "fake"})
}

type ec2Error struct {
	XMLName xml.Name `xml:"Response"`
	Code    string   `xml:"Errors>Error>Code"`
	Message string   `xml:"Errors>Error>Message"`
	ID      string   `xml:"RequestID"`
}

func writeEC2Error(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status(e))
	_ = xml.NewEncoder(w).Encode(ec2Error{Code: e.code, Message: e.message, ID: "fake"})
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

// members are the values of a query list parameter: prefix.1, prefix.2, ...
// (prefix "Names.member" for ELBv2 and Auto Scaling, "GroupId" for EC2).
func members(form url.Values, prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		key := prefix + "." + itoa(i)
		if !form.Has(key) {
			return out
		}
		out = append(out, form.Get(key))
	}
}

func epoch(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.UnixMilli()) / 1000
}
