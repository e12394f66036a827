package fakeaws

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (s *Server) find(id string) *Deployment {
	for _, d := range s.deployments {
		if d.ID == id {
			return d
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
	first := !d.served
	if d.served && d.pos < len(d.Steps)-1 && (st.Hold == HoldNone || d.released) {
		first = true
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
	if first {
		s.logHook(d, st)
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
		return s.listDeployments(in)
	case "GetDeployment":
		return s.getDeployment(in)
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
			return nil, nil, errorf("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "+str(in, "deploymentGroupName"))
		}
		return map[string]any{"deploymentGroupInfo": groupJSON(g)}, nil, nil
	case "GetDeploymentConfig":
		c, ok := s.deploymentConfig(str(in, "deploymentConfigName"))
		if !ok {
			return nil, nil, errorf("DeploymentConfigDoesNotExistException", "The deployment config "+str(in, "deploymentConfigName")+" does not exist")
		}
		return map[string]any{"deploymentConfigInfo": deploymentConfigJSON(c)}, nil, nil
	case "GetDeploymentTarget":
		return s.deploymentTarget(in)
	case "CreateDeployment":
		return s.createDeployment(in)
	case "StopDeployment":
		return s.stopDeployment(in)
	case "ContinueDeployment":
		return s.continueDeployment(in)
	case "PutLifecycleEventHookExecutionStatus":
		// A lifecycle hook's report: recorded (Requests) and acknowledged.
		return map[string]any{"lifecycleEventHookExecutionId": str(in, "lifecycleEventHookExecutionId")}, nil, nil
	default:
		return nil, nil, errorf("UnknownOperationException", "fakeaws: CodeDeploy "+action+" is not faked")
	}
}

// noDeployment is CodeDeploy's error for a deployment id it does not know.
func noDeployment(in map[string]any) *apiError {
	return errorf("DeploymentDoesNotExistException", "The deployment "+str(in, "deploymentId")+" could not be found.")
}

// listDeployments is ListDeployments: the group's deployments, filtered by
// includeOnlyStatuses.
func (s *Server) listDeployments(in map[string]any) (any, []func(), *apiError) {
	app, name := str(in, "applicationName"), str(in, "deploymentGroupName")
	if s.group(app, name) == nil {
		return nil, nil, errorf("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "+name)
	}
	statuses := strs(in, "includeOnlyStatuses")
	ids := []string{}
	for _, d := range s.deployments {
		if d.Application == app && d.Group == name && (len(statuses) == 0 || slices.Contains(statuses, d.current().Status)) {
			ids = append(ids, d.ID)
		}
	}
	return map[string]any{"deployments": ids}, nil, nil
}

// getDeployment is GetDeployment: it serves the deployment's next step and
// runs OnServe after answering.
func (s *Server) getDeployment(in map[string]any) (any, []func(), *apiError) {
	d := s.find(str(in, "deploymentId"))
	if d == nil {
		return nil, nil, noDeployment(in)
	}
	st := s.serve(d)
	if d.repeats > MaxRepeats {
		return nil, nil, errorf("FakeStuckException", fmt.Sprintf("fakeaws: deployment %s served its held step %d times; nothing released it", d.ID, d.repeats))
	}
	var hooks []func()
	if s.OnServe != nil {
		f, id := s.OnServe, d.ID
		hooks = append(hooks, func() { f(id, st) })
	}
	return map[string]any{"deploymentInfo": s.deploymentInfo(d)}, hooks, nil
}

// stopDeployment is StopDeployment: the deployment goes on with its OnStop
// steps (default: Stopped), keeping the lifecycle events it reached.
func (s *Server) stopDeployment(in map[string]any) (any, []func(), *apiError) {
	d := s.find(str(in, "deploymentId"))
	if d == nil {
		return nil, nil, noDeployment(in)
	}
	if terminal(d.current().Status) {
		return nil, nil, errorf("DeploymentAlreadyCompletedException", "The deployment "+d.ID+" has already completed.")
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
}

// continueDeployment is ContinueDeployment: it releases the hold of the
// wait named (default: READY_WAIT).
func (s *Server) continueDeployment(in map[string]any) (any, []func(), *apiError) {
	d := s.find(str(in, "deploymentId"))
	if d == nil {
		return nil, nil, noDeployment(in)
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
	return nil, nil, errorf("DeploymentIsNotInReadyStateException", fmt.Sprintf("The deployment %s is not in a %s state.", d.ID, wait))
}

func (s *Server) deploymentTarget(in map[string]any) (any, []func(), *apiError) {
	d := s.find(str(in, "deploymentId"))
	if d == nil {
		return nil, nil, noDeployment(in)
	}
	g := s.group(d.Application, d.Group)
	targetID := str(in, "targetId")
	if g == nil || targetID != g.Cluster+":"+g.Service {
		return nil, nil, errorf("DeploymentTargetDoesNotExistException", "The provided target ID does not belong to the deployment: "+targetID)
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
		return nil, nil, errorf("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "+name)
	}
	rev, _ := in["revision"].(map[string]any)
	if str(rev, "revisionType") != "AppSpecContent" {
		return nil, nil, errorf("InvalidRevisionException", "fakeaws: want revisionType AppSpecContent")
	}
	content, _ := rev["appSpecContent"].(map[string]any)
	if content == nil || str(content, "content") == "" {
		return nil, nil, errorf("InvalidRevisionException", "The revision content is missing.")
	}
	for _, d := range s.deployments {
		if d.Application == app && d.Group == name && !terminal(d.current().Status) {
			return nil, nil, errorf("DeploymentLimitExceededException", "The Deployment Group '"+name+"' already has an active Deployment '"+d.ID+"'")
		}
	}
	if len(s.scripts) == 0 {
		return nil, nil, errorf("FakeNotScriptedException", "fakeaws: no scripted deployment left for CreateDeployment")
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
