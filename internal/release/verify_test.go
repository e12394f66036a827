package release_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

const otherTGARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/legacy/0a0b0c0d0e0f0a0b"

// Verify against the dev stack's wiring: every check passes, and it only
// reads.
func TestVerifyPasses(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.outputs.ValidationFunctionName = "CodeDeployHook_ecs-bluegreen-dev-validate"
	e.fake.AddFunction(e.outputs.ValidationFunctionName)
	rec := e.record()
	res, err := e.r.Verify(context.Background(), e.outputs)
	if err != nil {
		t.Fatalf("Verify: %v\n%s", err, e.out)
	}
	if res.Outcome != release.OutcomeChecked {
		t.Errorf("Outcome = %s, want %s", res.Outcome, release.OutcomeChecked)
	}
	checks := ofType[release.Check](rec)
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
		if c.Status != release.CheckOK {
			t.Errorf("check %s = %s: %s", c.Name, c.Status, c.Detail)
		}
	}
	// The dev stack has no domainName: no domain check; these outputs name a
	// validation hook.
	want := append(slices.Clone(release.Checks[:len(release.Checks)-2]), release.CheckValidationHook)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("checks = %v, want %v", names, want)
	}
	for _, r := range e.fake.Requests() {
		switch r.Action {
		case "CreateDeployment", "StopDeployment", "ContinueDeployment":
			t.Errorf("verify sent %s: it must only read", r.Action)
		}
	}
	if got, want := release.Explain(res), "verify: 9 of 9 checks passed: the live wiring fits a blue/green release"; got != want {
		t.Errorf("Explain() = %q, want %q", got, want)
	}
}

// Each way the live wiring can stop fitting a blue/green release is named,
// with its fix, and nothing is deployed.
func TestVerifyMismatches(t *testing.T) {
	for name, tc := range map[string]struct {
		stack     func(*fakeaws.Stack)
		outputs   func(*release.Outputs)
		taskDef   *fakeaws.TaskDefinition
		check     string
		detail    string
		fix       string
		alsoFails []string
	}{
		"group deploys another service": {
			stack:  func(st *fakeaws.Stack) { st.Group.Service = "old-service" },
			check:  release.CheckDeploymentGroup,
			detail: "deployment group app deploys cluster-da68bf3:old-service, not the stack's service cluster-da68bf3:app-7d10434",
			fix:    "pulumi up restores the stack's deployment group",
		},
		"in-place deployment style": {
			stack:  func(st *fakeaws.Stack) { st.Group.Style = "IN_PLACE WITHOUT_TRAFFIC_CONTROL" },
			check:  release.CheckDeploymentGroup,
			detail: `its deployment style is "IN_PLACE WITHOUT_TRAFFIC_CONTROL", want BLUE_GREEN WITH_TRAFFIC_CONTROL`,
		},
		"service not on CODE_DEPLOY": {
			stack:  func(st *fakeaws.Stack) { st.Service.Controller = "ECS" },
			check:  release.CheckDeploymentGroup,
			detail: "service cluster-da68bf3:app-7d10434's deployment controller is ECS, not CODE_DEPLOY",
			fix:    "recreate the service with CODE_DEPLOY",
		},
		"production forwards outside the pair": {
			stack: func(st *fakeaws.Stack) {
				st.ProductionListener.Forward = map[string]int{otherTGARN: 1}
				st.TestListener.Forward = map[string]int{otherTGARN: 1}
			},
			check:  release.CheckListeners,
			detail: "production listener " + fakeaws.DevProductionListener + " forwards to " + otherTGARN + ", not one of the deployment group's target groups blue-e3a2302, green-f0ea8ad",
			fix:    "aws elbv2 modify-listener --listener-arn " + fakeaws.DevProductionListener + " --default-actions Type=forward,TargetGroupArn=" + fakeaws.DevBlueTargetGroupARN,
		},
		"test listener on the other group": {
			stack:  func(st *fakeaws.Stack) { st.TestListener.Forward = map[string]int{fakeaws.DevGreenTargetGroupARN: 1} },
			check:  release.CheckListeners,
			detail: "test listener " + fakeaws.DevTestListener + " does not forward to blue-e3a2302, where production is",
			fix:    "aws elbv2 modify-listener --listener-arn " + fakeaws.DevTestListener + " --default-actions Type=forward,TargetGroupArn=" + fakeaws.DevBlueTargetGroupARN,
		},
		"group names a listener that is gone": {
			stack: func(st *fakeaws.Stack) {
				st.Group.TestListeners = []string{"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/gone/0"}
			},
			outputs: func(o *release.Outputs) { o.TestListenerARN = "" },
			check:   release.CheckListeners,
			detail:  "the deployment group's test listener arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/gone/0 does not exist",
			fix:     "pulumi up recreates the stack's listeners",
		},
		"stack's listener is not the group's": {
			outputs: func(o *release.Outputs) {
				o.ProductionListenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/y/1/2"
			},
			check:  release.CheckListeners,
			detail: "the stack's production listener arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/y/1/2 is not the deployment group's",
			fix:    "pulumi up points the deployment group at the stack's listeners",
		},
		"both target groups on the service": {
			stack: func(st *fakeaws.Stack) {
				st.Service.LoadBalancers = append(st.Service.LoadBalancers, fakeaws.ServiceLoadBalancer{TargetGroupARN: fakeaws.DevGreenTargetGroupARN, ContainerName: "app", ContainerPort: 8080})
			},
			check:  release.CheckTargetGroup,
			detail: "names 2 load balancers: with both target groups attached, CodeDeploy hangs in Install",
			fix:    "recreate the service with one load balancer",
		},
		"production serves the idle group": {
			stack: func(st *fakeaws.Stack) {
				st.ProductionListener.Forward = map[string]int{fakeaws.DevGreenTargetGroupARN: 1}
				st.TestListener.Forward = map[string]int{fakeaws.DevGreenTargetGroupARN: 1}
			},
			check:  release.CheckTargetGroup,
			detail: "production forwards to green-f0ea8ad but service app-7d10434's tasks are in blue-e3a2302",
			fix:    "--default-actions Type=forward,TargetGroupArn=" + fakeaws.DevBlueTargetGroupARN,
		},
		"service's load balancer names another container": {
			stack: func(st *fakeaws.Stack) {
				st.Service.LoadBalancers[0].ContainerName, st.Service.LoadBalancers[0].ContainerPort = "web", 80
			},
			check:  release.CheckContainer,
			detail: "service app-7d10434's load balancer sends traffic to container web port 80, but the AppSpec names app port 8080",
			fix:    "pulumi config set containerName web; pulumi config set containerPort 80",
		},
		"task definition maps a fixed host port": {
			taskDef: &fakeaws.TaskDefinition{NetworkMode: "bridge", Containers: []fakeaws.Container{{Name: "app", Image: imageV2, Ports: [][2]int{{8080, 8080}}, CPU: 256, Memory: 512}}},
			check:   release.CheckContainer,
			detail:  "maps port 8080 to host port 8080, want 0 (dynamic)",
		},
		"capacity provider not in the cluster": {
			stack:  func(st *fakeaws.Stack) { st.Cluster.CapacityProviders = []string{"FARGATE"} },
			check:  release.CheckCapacityProvider,
			detail: "capacity provider cluster-cp-4beec67 is not one of cluster cluster-da68bf3's (FARGATE)",
			fix:    "aws ecs put-cluster-capacity-providers --cluster cluster-da68bf3 --capacity-providers FARGATE cluster-cp-4beec67",
		},
		"instances admit part of the dynamic ports": {
			stack: func(st *fakeaws.Stack) {
				st.InstanceSecurityGroup.Ingress = []fakeaws.Ingress{{Protocol: "tcp", From: 32768, To: 60999, SourceGroup: fakeaws.DevLoadBalancerSG}}
			},
			check:  release.CheckSecurityGroup,
			detail: "the instances' sg-0cluster4d5e6 do not admit TCP 61000-65535 from the load balancer's sg-0web5a1b2c3",
			fix:    "aws ec2 authorize-security-group-ingress --group-id sg-0cluster4d5e6 --protocol tcp --port 32768-65535 --source-group sg-0web5a1b2c3",
		},
		"instances admit another group": {
			stack: func(st *fakeaws.Stack) {
				st.InstanceSecurityGroup.Ingress = []fakeaws.Ingress{{Protocol: "tcp", From: 32768, To: 65535, SourceGroup: "sg-0bastion"}}
			},
			check:  release.CheckSecurityGroup,
			detail: "do not admit TCP 32768-65535 from the load balancer's sg-0web5a1b2c3",
		},
		"group too small for both task sets": {
			stack:  func(st *fakeaws.Stack) { st.AutoScalingGroup.MaxSize = 1 },
			check:  release.CheckCapacity,
			detail: "Auto Scaling group cluster-8c1e2f3 holds at most 1 t3.small × 3 tasks (256 CPU units, 512 MiB each) = 3; a deployment runs both task sets, 2 × 2 = 4 tasks",
			fix:    "let the group grow to at least 2 instances",
		},
		"task too big for the instance type": {
			stack: func(st *fakeaws.Stack) {
				st.LaunchTemplate.InstanceType = "t3.nano"
				st.InstanceType = fakeaws.InstanceType{Name: "t3.nano", VCPUs: 2, MemoryMiB: 512}
			},
			check:  release.CheckCapacity,
			detail: "a task of ecs-bluegreen-dev-app:2 (256 CPU units, 512 MiB) does not fit on a t3.nano (2048 CPU units, 512 MiB, 150 MiB of it for tasks)",
			fix:    "use a larger instanceType",
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{stack: tc.stack})
			o := e.outputs
			if tc.outputs != nil {
				tc.outputs(&o)
			}
			if tc.taskDef != nil {
				o.TaskDefinitionARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/other:1"
				td := *tc.taskDef
				td.ARN = o.TaskDefinitionARN
				e.fake.AddTaskDefinition(td)
			}
			rec := e.record()
			_, err := e.r.Verify(context.Background(), o)
			var verr *release.VerifyError
			if !errors.As(err, &verr) {
				t.Fatalf("Verify error = %v, want a *VerifyError\n%s", err, e.out)
			}
			var failed []string
			var got release.Check
			for _, c := range ofType[release.Check](rec) {
				if c.Status == release.CheckFailed {
					failed = append(failed, c.Name)
					if c.Name == tc.check {
						got = c
					}
				}
			}
			if len(failed) != 1 || failed[0] != tc.check {
				t.Errorf("failed checks = %v, want only %s\n%s", failed, tc.check, e.out)
			}
			if !strings.Contains(got.Detail, tc.detail) {
				t.Errorf("%s detail =\n%s\nwant it to contain\n%s", tc.check, got.Detail, tc.detail)
			}
			if got.Fix == "" || !strings.Contains(got.Fix, tc.fix) {
				t.Errorf("%s fix = %q, want it to contain %q", tc.check, got.Fix, tc.fix)
			}
			if !strings.Contains(e.out.String(), "FAILED  "+tc.check+": ") || !strings.Contains(e.out.String(), "        fix: ") {
				t.Errorf("output does not show the failure and its fix:\n%s", e.out)
			}
			for _, r := range e.fake.Requests() {
				if r.Action == "CreateDeployment" || r.Action == "StopDeployment" {
					t.Errorf("verify sent %s", r.Action)
				}
			}
		})
	}
}

// A deployment in flight is the in-flight check's failure, and the error
// names it as a release's refusal does.
func TestVerifyInFlight(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.AddDeployment(&fakeaws.Deployment{ID: "d-BUSY1", Application: app, Group: group, Steps: []fakeaws.Step{{Status: "InProgress"}}})
	rec := e.record()
	_, err := e.r.Verify(context.Background(), e.outputs)
	var inflight *release.InFlightError
	if !errors.As(err, &inflight) || inflight.DeploymentID != "d-BUSY1" {
		t.Fatalf("Verify error = %v, want an *InFlightError naming d-BUSY1", err)
	}
	for _, c := range ofType[release.Check](rec) {
		if (c.Status == release.CheckFailed) != (c.Name == release.CheckInFlight) {
			t.Errorf("check %s = %s", c.Name, c.Status)
		}
		if c.Name == release.CheckInFlight && !strings.Contains(c.Fix, "release rollback d-BUSY1") {
			t.Errorf("in-flight fix = %q, want the rollback command", c.Fix)
		}
	}
}

// A release runs verify first and deploys nothing when it fails, unless
// told to skip it.
func TestReleaseVerifiesFirst(t *testing.T) {
	broken := func(st *fakeaws.Stack) { st.AutoScalingGroup.MaxSize = 1 }
	e := newEnv(t, envOptions{stack: broken})
	e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
	res, err := e.r.Release(context.Background(), release.Request{Outputs: e.outputs}, nil)
	var verr *release.VerifyError
	if !errors.As(err, &verr) || len(verr.Failed) != 1 || verr.Failed[0].Name != release.CheckCapacity {
		t.Fatalf("Release error = %v, want a *VerifyError for capacity", err)
	}
	if n := len(e.fake.RequestsFor("CreateDeployment")); n != 0 {
		t.Errorf("CreateDeployment calls = %d, want 0", n)
	}
	if len(res.Checks) != len(release.Checks)-2 { // no domain or hook check: the dev stack has neither
		t.Errorf("Result.Checks = %d, want %d", len(res.Checks), len(release.Checks)-2)
	}

	res, err = e.r.Release(context.Background(), release.Request{Outputs: e.outputs, SkipVerify: true}, nil)
	if err != nil || res.Outcome != release.OutcomeReleased {
		t.Fatalf("Release with SkipVerify = %s, %v; want %s", res.Outcome, err, release.OutcomeReleased)
	}
	if len(res.Checks) != 0 {
		t.Errorf("Result.Checks = %v, want none with SkipVerify", res.Checks)
	}
}

// What verify cannot read (a capacity provider with no Auto Scaling group
// it can see) is skipped and said so, not failed.
func TestVerifySkips(t *testing.T) {
	e := newEnv(t, envOptions{stack: func(st *fakeaws.Stack) { st.CapacityProvider.AutoScalingGroupARN = "" }})
	rec := e.record()
	res, err := e.r.Verify(context.Background(), e.outputs)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	var skipped []string
	for _, c := range ofType[release.Check](rec) {
		if c.Status == release.CheckSkipped {
			skipped = append(skipped, c.Name)
		}
	}
	if strings.Join(skipped, ",") != "security-group,capacity" {
		t.Errorf("skipped = %v, want security-group, capacity", skipped)
	}
	if got := release.Explain(res); got != "verify: 6 of 8 checks passed, 2 skipped: the live wiring fits a blue/green release" {
		t.Errorf("Explain() = %q", got)
	}
}

// TestVerifyValidationHook: the hook the outputs name must exist, and the
// deployment group's role may invoke it by IAM's policy simulator (the
// fake's role holds AWSCodeDeployRoleForECS: CodeDeployHook_* functions
// only); a caller that may not ask the simulator fails the check, with the
// way to learn the answer. Without a hook, there is no such check.
func TestVerifyValidationHook(t *testing.T) {
	const hook = "CodeDeployHook_app-dev-validate"
	for name, tc := range map[string]struct {
		function, registered string
		sim                  *fakeaws.Simulation
		simulateFails        string
		status, want, fix    string
	}{
		"none": {},
		"ok": {function: hook, registered: hook, status: release.CheckOK,
			want: "may invoke it at AfterAllowTestTraffic (IAM's policy simulator: allowed by AWSCodeDeployRoleForECS (aws-managed))"},
		"missing": {function: hook, status: release.CheckFailed, want: "Lambda has no function " + hook},
		"other prefix": {function: "validate-app", registered: "validate-app", status: release.CheckFailed,
			want: "may not invoke validate-app: no policy of the role allows lambda:InvokeFunction on it", fix: "name the function CodeDeployHook_"},
		"boundary without the hooks": {function: hook, registered: hook, sim: &fakeaws.Simulation{Decision: "implicitDeny", BoundaryDenies: true,
			Statements: []fakeaws.MatchedStatement{{PolicyID: "AWSCodeDeployRoleForECS", PolicyType: "aws-managed"}}},
			status: release.CheckFailed, want: "its permissions boundary does not allow lambda:InvokeFunction on it", fix: "on arn:aws:lambda:*:*:function:CodeDeployHook_* in the role's permissions boundary"},
		"explicit deny": {function: hook, registered: hook, sim: &fakeaws.Simulation{Decision: "explicitDeny",
			Statements: []fakeaws.MatchedStatement{{PolicyID: "no-lambda", PolicyType: "role"}}},
			status: release.CheckFailed, want: "explicitly denied by no-lambda (role)", fix: "remove the Deny"},
		"caller may not simulate": {function: hook, registered: hook, simulateFails: "AccessDenied", status: release.CheckFailed,
			want: "could not ask IAM whether the deployment group's role " + fakeaws.DevServiceRole + " may invoke " + hook + ": AccessDenied",
			fix:  "aws iam simulate-principal-policy --policy-source-arn " + fakeaws.DevServiceRole + " --action-names lambda:InvokeFunction --resource-arns arn:aws:lambda:us-east-1:123456789012:function:" + hook},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			e.outputs.ValidationFunctionName = tc.function
			if tc.registered != "" {
				e.fake.AddFunction(tc.registered)
			}
			if tc.sim != nil {
				e.fake.SetSimulation(fakeaws.DevServiceRole, *tc.sim)
			}
			if tc.simulateFails != "" {
				e.fake.Fail("SimulatePrincipalPolicy", 1, tc.simulateFails, "not authorized to perform: iam:SimulatePrincipalPolicy")
			}
			rec := e.record()
			_, _ = e.r.Verify(context.Background(), e.outputs)
			var got *release.Check
			for _, c := range ofType[release.Check](rec) {
				if c.Name == release.CheckValidationHook {
					got = &c
				}
			}
			if tc.status == "" {
				if got != nil {
					t.Errorf("check = %+v, want none without a hook", got)
				}
			} else if got == nil || got.Status != tc.status || !strings.Contains(got.Detail, tc.want) || !strings.Contains(got.Fix, tc.fix) {
				t.Errorf("check = %+v\nwant %s with %q, fix %q", got, tc.status, tc.want, tc.fix)
			}
			if calls := len(e.fake.RequestsFor("GetFunction")); (tc.function == "") != (calls == 0) {
				t.Errorf("%d GetFunction calls for function %q", calls, tc.function)
			}
			checkSimulations(t, e.fake.RequestsFor("SimulatePrincipalPolicy"), tc.registered)
		})
	}
}

// checkSimulations: IAM is asked once whether the deployment group's role
// may invoke the function, by its ARN, when the function exists.
func checkSimulations(t *testing.T, reqs []fakeaws.Request, function string) {
	t.Helper()
	if function == "" {
		if len(reqs) != 0 {
			t.Errorf("SimulatePrincipalPolicy sent %d times without a function", len(reqs))
		}
		return
	}
	if len(reqs) != 1 {
		t.Fatalf("SimulatePrincipalPolicy sent %d times, want once", len(reqs))
	}
	want := url.Values{
		"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"}, "PolicySourceArn": {fakeaws.DevServiceRole},
		"ActionNames.member.1": {"lambda:InvokeFunction"}, "ResourceArns.member.1": {"arn:aws:lambda:us-east-1:123456789012:function:" + function},
	}
	if diff := cmp.Diff(want, reqs[0].Form); diff != "" {
		t.Errorf("SimulatePrincipalPolicy (-want +got):\n%s", diff)
	}
}
