package release

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/capacity"
)

// Names of Verify's checks, in the order they run.
const (
	CheckDeploymentGroup  = "deployment-group"
	CheckListeners        = "listeners"
	CheckTargetGroup      = "target-group"
	CheckContainer        = "container"
	CheckCapacityProvider = "capacity-provider"
	CheckSecurityGroup    = "security-group"
	CheckCapacity         = "capacity"
	CheckInFlight         = "in-flight"
	CheckDomain           = "domain"
	CheckValidationHook   = "validation-hook"
)

// Checks are the names of Verify's checks, in order; CheckDomain runs for
// a stack with a domainName only, CheckValidationHook for outputs that name
// a validation hook only.
var Checks = []string{CheckDeploymentGroup, CheckListeners, CheckTargetGroup, CheckContainer, CheckCapacityProvider, CheckSecurityGroup, CheckCapacity, CheckInFlight, CheckDomain, CheckValidationHook}

// The host ports Docker picks for a container whose host port is 0 in bridge
// mode; the instances must admit them from the load balancer.
const (
	DynamicPortFrom = 32768
	DynamicPortTo   = 65535
)

// Wiring is what Verify reads of the live account: the stack's deployment
// group, listeners, target groups, service, task definition, cluster,
// capacity provider, Auto Scaling group, launch template and security
// groups. CheckWiring judges it.
type Wiring struct {
	// The stack's side (its outputs: what the AppSpec names).
	Cluster, Service        string
	ContainerName           string
	ContainerPort           int
	CapacityProvider        string
	ProductionListenerARN   string
	TestListenerARN         string
	TaskDefinition          TaskDefinition
	DeploymentGroupName     string
	DeploymentGroupServices []string // "cluster:service"
	DeploymentStyle         string   // "BLUE_GREEN WITH_TRAFFIC_CONTROL"
	// TargetGroups are the names of the group's target group pair.
	TargetGroups []string
	// ProductionListeners and TestListeners are the pair's listener ARNs.
	ProductionListeners, TestListeners []string
	// TargetGroupARNs maps the pair's target group names to ARNs; a name
	// that does not exist is absent.
	TargetGroupARNs map[string]string
	// Listeners are the listeners by ARN; one that does not exist is absent.
	Listeners map[string]Listener

	// The service.
	ServiceController        string
	ServiceLoadBalancers     []ServiceLoadBalancer
	ServiceCapacityProviders []string
	DesiredCount             int

	// The cluster's capacity providers.
	ClusterCapacityProviders []string
	// CapacityProviderFound says the AppSpec's capacity provider exists.
	CapacityProviderFound bool

	// The capacity provider's Auto Scaling group; "" when it has none.
	AutoScalingGroup string
	MaxInstances     int
	InstanceType     string
	// InstanceCPU and InstanceMemoryMiB are the instance type's; 0 unknown.
	InstanceCPU, InstanceMemoryMiB int
	// InstanceSecurityGroups are the launch template's security groups, and
	// Ingress their inbound rules.
	InstanceSecurityGroups []string
	Ingress                []IngressRule
	// LoadBalancerSecurityGroups are the production listener's load
	// balancer's security groups.
	LoadBalancerSecurityGroups []string

	// InFlightID and InFlightStatus are a deployment of the group that has
	// not ended.
	InFlightID, InFlightStatus string

	// Domain is the service's own name and what points it at the load
	// balancer; zero without a domainName.
	Domain Domain

	// HookFunction is the validation hook the AppSpec names ("" without);
	// HookState is its state as Lambda describes it and HookARN its ARN,
	// "" when it does not exist. ServiceRole is the deployment group's
	// role, which invokes it.
	HookFunction, HookState, HookARN, ServiceRole string
	// HookInvoke is whether ServiceRole may invoke the hook's function, by
	// IAM's policy simulator; zero when the function does not exist.
	HookInvoke Permission
}

// Listener is a listener's default forward: target group ARN to weight.
type Listener struct {
	ARN             string
	LoadBalancerARN string
	Forwards        map[string]int
}

// ServiceLoadBalancer is one load balancer entry of an ECS service.
type ServiceLoadBalancer struct {
	TargetGroupARN string
	ContainerName  string
	ContainerPort  int
}

// IngressRule admits Protocol (tcp, -1 for all) ports From..To of
// SecurityGroup from SourceGroup.
type IngressRule struct {
	SecurityGroup, SourceGroup string
	Protocol                   string
	From, To                   int
}

// CheckWiring judges w: one Check per name in Checks (CheckDomain only
// with a domain, CheckValidationHook only with a hook), each failure named
// with its fix.
func CheckWiring(w Wiring) []Check {
	checks := []Check{
		checkDeploymentGroup(w), checkListeners(w), checkTargetGroup(w), checkContainer(w),
		checkCapacityProvider(w), checkSecurityGroup(w), checkCapacity(w), checkInFlight(w),
	}
	if w.Domain.Name != "" {
		checks = append(checks, checkDomain(w))
	}
	if w.HookFunction != "" {
		checks = append(checks, checkValidationHook(w))
	}
	return checks
}

func ok(name, detail string) Check { return Check{Name: name, Status: CheckOK, Detail: detail} }

func failed(name, fix string, problems ...string) Check {
	return Check{Name: name, Status: CheckFailed, Detail: strings.Join(problems, "; "), Fix: fix}
}

func checkDeploymentGroup(w Wiring) Check {
	target := w.Cluster + ":" + w.Service
	var problems []string
	fix := "pulumi up restores the stack's deployment group"
	if !slices.Contains(w.DeploymentGroupServices, target) {
		problems = append(problems, fmt.Sprintf("deployment group %s deploys %s, not the stack's service %s", w.DeploymentGroupName, listOrNone(w.DeploymentGroupServices), target))
	}
	if w.DeploymentStyle != "BLUE_GREEN WITH_TRAFFIC_CONTROL" {
		problems = append(problems, fmt.Sprintf("its deployment style is %q, want BLUE_GREEN WITH_TRAFFIC_CONTROL", w.DeploymentStyle))
	}
	if len(w.TargetGroups) != 2 || len(w.ProductionListeners) == 0 {
		problems = append(problems, fmt.Sprintf("its load balancer info names %d target groups and %d production listeners, want a pair of target groups and a production listener", len(w.TargetGroups), len(w.ProductionListeners)))
	}
	if w.ServiceController != "CODE_DEPLOY" {
		problems = append(problems, fmt.Sprintf("service %s's deployment controller is %s, not CODE_DEPLOY", target, orNone(w.ServiceController)))
		fix = "the deployment controller is fixed when a service is created: recreate the service with CODE_DEPLOY (this stack creates it so)"
	}
	if len(problems) > 0 {
		return failed(CheckDeploymentGroup, fix, problems...)
	}
	return ok(CheckDeploymentGroup, fmt.Sprintf("%s deploys %s blue/green with traffic control between %s", w.DeploymentGroupName, target, strings.Join(w.TargetGroups, " and ")))
}

// liveTargetGroup is the target group production forwards to, by ARN.
func (w Wiring) liveTargetGroup() string {
	for _, arn := range w.ProductionListeners {
		if l, found := w.Listeners[arn]; found {
			for tg, weight := range l.Forwards {
				if weight > 0 {
					return tg
				}
			}
		}
	}
	return ""
}

// targetGroupName is the pair's name for arn, or arn.
func (w Wiring) targetGroupName(arn string) string {
	for name, a := range w.TargetGroupARNs {
		if a == arn {
			return name
		}
	}
	return arn
}

func (w Wiring) pairARNs() []string {
	var arns []string
	for _, name := range w.TargetGroups {
		if arn, found := w.TargetGroupARNs[name]; found {
			arns = append(arns, arn)
		}
	}
	return arns
}

func checkListeners(w Wiring) Check {
	var problems, fixes []string
	pair := w.pairARNs()
	for _, name := range w.TargetGroups {
		if _, found := w.TargetGroupARNs[name]; !found {
			problems = append(problems, fmt.Sprintf("the deployment group's target group %s does not exist", name))
			fixes = append(fixes, "pulumi up recreates the stack's target groups")
		}
	}
	check := func(role, want string, arns []string) {
		if want != "" && len(arns) > 0 && !slices.Contains(arns, want) {
			problems = append(problems, fmt.Sprintf("the stack's %s listener %s is not the deployment group's (%s)", role, want, strings.Join(arns, ", ")))
			fixes = append(fixes, "pulumi up points the deployment group at the stack's listeners")
		}
		for _, arn := range arns {
			l, found := w.Listeners[arn]
			if !found {
				problems = append(problems, fmt.Sprintf("the deployment group's %s listener %s does not exist", role, arn))
				fixes = append(fixes, "pulumi up recreates the stack's listeners")
				continue
			}
			var outside []string
			for _, tg := range sortedKeys(l.Forwards) {
				if l.Forwards[tg] > 0 && !slices.Contains(pair, tg) {
					outside = append(outside, tg)
				}
			}
			if len(outside) > 0 {
				problems = append(problems, fmt.Sprintf("%s listener %s forwards to %s, not one of the deployment group's target groups %s", role, arn, strings.Join(outside, ", "), strings.Join(w.TargetGroups, ", ")))
				fixes = append(fixes, fmt.Sprintf("aws elbv2 modify-listener --listener-arn %s --default-actions Type=forward,TargetGroupArn=%s", arn, orNone(w.serviceTargetGroup())))
			}
		}
	}
	check("production", w.ProductionListenerARN, w.ProductionListeners)
	check("test", w.TestListenerARN, w.TestListeners)
	live := w.liveTargetGroup()
	for _, arn := range w.TestListeners {
		l, found := w.Listeners[arn]
		if !found || live == "" || !slices.Contains(pair, live) {
			continue
		}
		if l.Forwards[live] == 0 {
			problems = append(problems, fmt.Sprintf("test listener %s does not forward to %s, where production is: the next deployment would test beside the wrong task set", arn, w.targetGroupName(live)))
			fixes = append(fixes, fmt.Sprintf("aws elbv2 modify-listener --listener-arn %s --default-actions Type=forward,TargetGroupArn=%s", arn, live))
		}
	}
	if len(problems) > 0 {
		return failed(CheckListeners, strings.Join(dedupe(fixes), "; "), problems...)
	}
	return ok(CheckListeners, fmt.Sprintf("production and test listeners forward to %s, of the deployment group's pair", w.targetGroupName(live)))
}

// serviceTargetGroup is the service's one load balancer's target group.
func (w Wiring) serviceTargetGroup() string {
	if len(w.ServiceLoadBalancers) == 1 {
		return w.ServiceLoadBalancers[0].TargetGroupARN
	}
	return ""
}

func checkTargetGroup(w Wiring) Check {
	recreate := "ECS changes a CODE_DEPLOY service's load balancers only through a deployment: recreate the service with one load balancer, on the target group production forwards to"
	switch n := len(w.ServiceLoadBalancers); {
	case n == 0:
		return failed(CheckTargetGroup, recreate, fmt.Sprintf("service %s has no load balancer: CodeDeploy has no traffic to shift", w.Service))
	case n > 1:
		return failed(CheckTargetGroup, recreate, fmt.Sprintf("service %s names %d load balancers: with both target groups attached, CodeDeploy hangs in Install", w.Service, n))
	}
	tg := w.serviceTargetGroup()
	if !slices.Contains(w.pairARNs(), tg) {
		return failed(CheckTargetGroup, recreate, fmt.Sprintf("service %s's target group %s is not one of the deployment group's %s", w.Service, tg, strings.Join(w.TargetGroups, ", ")))
	}
	// Production forwarding outside the pair is the listeners check's.
	if live := w.liveTargetGroup(); live != "" && live != tg && slices.Contains(w.pairARNs(), live) {
		return failed(CheckTargetGroup,
			fmt.Sprintf("point production back at the service's target group: aws elbv2 modify-listener --listener-arn %s --default-actions Type=forward,TargetGroupArn=%s", firstOr(w.ProductionListeners, "<production listener>"), tg),
			fmt.Sprintf("production forwards to %s but service %s's tasks are in %s: a deployment would start the new tasks in the group production serves", w.targetGroupName(live), w.Service, w.targetGroupName(tg)))
	}
	return ok(CheckTargetGroup, fmt.Sprintf("service %s's tasks are in %s, where production forwards", w.Service, w.targetGroupName(tg)))
}

func checkContainer(w Wiring) Check {
	var problems []string
	fix := ""
	if lb := w.serviceLoadBalancer(); lb != nil && (lb.ContainerName != w.ContainerName || lb.ContainerPort != w.ContainerPort) {
		problems = append(problems, fmt.Sprintf("service %s's load balancer sends traffic to container %s port %d, but the AppSpec names %s port %d", w.Service, lb.ContainerName, lb.ContainerPort, w.ContainerName, w.ContainerPort))
		fix = fmt.Sprintf("the service's load balancer cannot change under CODE_DEPLOY: name the same container and port in the stack (pulumi config set containerName %s; pulumi config set containerPort %d), then pulumi up", lb.ContainerName, lb.ContainerPort)
	}
	if err := CheckTaskDefinition(Target{TaskDefinitionARN: w.TaskDefinition.ARN, ContainerName: w.ContainerName, ContainerPort: w.ContainerPort}, w.TaskDefinition, ""); err != nil {
		problems = append(problems, strings.ReplaceAll(err.Error(), "\n", "; "))
		if fix == "" {
			fix = "the task definition must run the container and port the service's load balancer names, in bridge mode on a dynamic host port: fix the stack's containerName, containerPort, and pulumi up"
		}
	}
	if len(problems) > 0 {
		return failed(CheckContainer, fix, problems...)
	}
	return ok(CheckContainer, fmt.Sprintf("the service's load balancer and %s name container %s port %d (dynamic host port)", shortARN(w.TaskDefinition.ARN), w.ContainerName, w.ContainerPort))
}

func (w Wiring) serviceLoadBalancer() *ServiceLoadBalancer {
	if len(w.ServiceLoadBalancers) == 1 {
		return &w.ServiceLoadBalancers[0]
	}
	return nil
}

func checkCapacityProvider(w Wiring) Check {
	var missing []string
	for _, cp := range dedupe(append([]string{w.CapacityProvider}, w.ServiceCapacityProviders...)) {
		if !slices.Contains(w.ClusterCapacityProviders, cp) {
			missing = append(missing, cp)
		}
	}
	if len(missing) > 0 {
		return failed(CheckCapacityProvider,
			fmt.Sprintf("pulumi up restores the stack's cluster capacity providers; by hand: aws ecs put-cluster-capacity-providers --cluster %s --capacity-providers %s --default-capacity-provider-strategy capacityProvider=%s,weight=1",
				w.Cluster, strings.Join(dedupe(append(slices.Clone(w.ClusterCapacityProviders), missing...)), " "), w.CapacityProvider),
			fmt.Sprintf("capacity provider %s is not one of cluster %s's (%s): the replacement tasks could not be placed", strings.Join(missing, ", "), w.Cluster, listOrNone(w.ClusterCapacityProviders)))
	}
	return ok(CheckCapacityProvider, fmt.Sprintf("capacity provider %s is one of cluster %s's", w.CapacityProvider, w.Cluster))
}

func checkSecurityGroup(w Wiring) Check {
	if len(w.InstanceSecurityGroups) == 0 || len(w.LoadBalancerSecurityGroups) == 0 {
		return Check{Name: CheckSecurityGroup, Status: CheckSkipped, Detail: "the instances' or the load balancer's security groups are not known (no Auto Scaling group with a launch template behind the capacity provider, or no load balancer)"}
	}
	gaps := PortGaps(w.Ingress, w.InstanceSecurityGroups, w.LoadBalancerSecurityGroups, DynamicPortFrom, DynamicPortTo)
	if len(gaps) == 0 {
		return ok(CheckSecurityGroup, fmt.Sprintf("the instances' %s admit TCP %d-%d from the load balancer's %s", strings.Join(w.InstanceSecurityGroups, ", "), DynamicPortFrom, DynamicPortTo, strings.Join(w.LoadBalancerSecurityGroups, ", ")))
	}
	return failed(CheckSecurityGroup,
		fmt.Sprintf("pulumi up restores the stack's rule; by hand: aws ec2 authorize-security-group-ingress --group-id %s --protocol tcp --port %d-%d --source-group %s",
			w.InstanceSecurityGroups[0], DynamicPortFrom, DynamicPortTo, w.LoadBalancerSecurityGroups[0]),
		fmt.Sprintf("the instances' %s do not admit TCP %s from the load balancer's %s: tasks on those dynamic host ports would fail their health checks",
			strings.Join(w.InstanceSecurityGroups, ", "), strings.Join(gaps, ", "), strings.Join(w.LoadBalancerSecurityGroups, ", ")))
}

// PortGaps are the ports from..to (as "a-b" ranges) that no rule of
// groups admits over TCP from one of sources.
func PortGaps(rules []IngressRule, groups, sources []string, from, to int) []string {
	type span struct{ a, b int }
	var spans []span
	for _, r := range rules {
		if !slices.Contains(groups, r.SecurityGroup) || !slices.Contains(sources, r.SourceGroup) {
			continue
		}
		switch r.Protocol {
		case "-1", "all":
			spans = append(spans, span{0, 65535})
		case "tcp", "6":
			spans = append(spans, span{r.From, r.To})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a < spans[j].a })
	var gaps []string
	next := from
	for _, s := range spans {
		if s.b < next {
			continue
		}
		if s.a > next {
			gaps = append(gaps, portRange(next, min(s.a-1, to)))
		}
		next = s.b + 1
		if next > to {
			break
		}
	}
	if next <= to {
		gaps = append(gaps, portRange(next, to))
	}
	return gaps
}

func portRange(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d-%d", a, b)
}

// TaskSize is what one task reserves: CPU units and MiB, the task-level
// values when set, else the sum of its containers' (the memory reservation
// where there is one, else the hard limit).
func TaskSize(td TaskDefinition) (cpu, memoryMiB int) {
	for _, c := range td.Containers {
		cpu += c.CPU
		if c.MemoryReservationMiB > 0 {
			memoryMiB += c.MemoryReservationMiB
		} else {
			memoryMiB += c.MemoryMiB
		}
	}
	if td.CPU > 0 {
		cpu = td.CPU
	}
	if td.MemoryMiB > 0 {
		memoryMiB = td.MemoryMiB
	}
	return cpu, memoryMiB
}

func checkCapacity(w Wiring) Check {
	if w.AutoScalingGroup == "" || w.InstanceCPU == 0 || w.InstanceMemoryMiB == 0 {
		return Check{Name: CheckCapacity, Status: CheckSkipped, Detail: "the capacity provider's Auto Scaling group or its instance type is not known"}
	}
	cpu, mem := TaskSize(w.TaskDefinition)
	if cpu == 0 && mem == 0 {
		return Check{Name: CheckCapacity, Status: CheckSkipped, Detail: fmt.Sprintf("%s reserves no CPU or memory", shortARN(w.TaskDefinition.ARN))}
	}
	per := capacity.TasksPerInstance(cpu, mem, w.InstanceCPU/capacity.CPUUnitsPerVCPU, w.InstanceMemoryMiB)
	need := 2 * w.DesiredCount
	room := per * w.MaxInstances
	what := fmt.Sprintf("Auto Scaling group %s holds at most %d %s × %d tasks (%d CPU units, %d MiB each) = %d; a deployment runs both task sets, 2 × %d = %d tasks",
		w.AutoScalingGroup, w.MaxInstances, w.InstanceType, per, cpu, mem, room, w.DesiredCount, need)
	if per == 0 {
		return failed(CheckCapacity, "use a larger instanceType, or give the task less CPU or memory, then pulumi up",
			fmt.Sprintf("a task of %s (%d CPU units, %d MiB) does not fit on a %s (%d CPU units, %d MiB, %d MiB of it for tasks)", shortARN(w.TaskDefinition.ARN), cpu, mem, w.InstanceType, w.InstanceCPU, w.InstanceMemoryMiB, capacity.TaskMemoryMiB(w.InstanceMemoryMiB)))
	}
	if room < need {
		want := (need + per - 1) / per
		return failed(CheckCapacity,
			fmt.Sprintf("let the group grow to at least %d instances (aws autoscaling update-auto-scaling-group --auto-scaling-group-name %s --max-size %d; this project's stacks size it for a release on every pulumi up, capped by the maxInstances key), or run fewer or smaller tasks, or a larger instanceType", want, w.AutoScalingGroup, want),
			what)
	}
	return ok(CheckCapacity, what)
}

func checkInFlight(w Wiring) Check {
	if w.InFlightID != "" {
		return failed(CheckInFlight, fmt.Sprintf("wait for it (`release watch %s`) or stop it (`release rollback %s`)", w.InFlightID, w.InFlightID),
			fmt.Sprintf("deployment %s of %s is in flight (%s): CodeDeploy runs one at a time", w.InFlightID, w.DeploymentGroupName, w.InFlightStatus))
	}
	return ok(CheckInFlight, fmt.Sprintf("no deployment of %s is in flight", w.DeploymentGroupName))
}

func dedupe(items []string) []string {
	var out []string
	for _, s := range items {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func firstOr(items []string, def string) string {
	if len(items) > 0 {
		return items[0]
	}
	return def
}

// VerifyError says Verify found problems; each failed check has its fix.
type VerifyError struct {
	Failed []Check
}

func (e *VerifyError) Error() string {
	names := make([]string, 0, len(e.Failed))
	for _, c := range e.Failed {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("verify: %d %s failed (%s): the live wiring does not fit a blue/green release; each failure is printed above with its fix; nothing was deployed",
		len(e.Failed), plural(len(e.Failed), "check", "checks"), strings.Join(names, ", "))
}

// verifyError is nil when every check passed or was skipped, an
// *InFlightError when only CheckInFlight failed, else a *VerifyError.
func verifyError(checks []Check) error {
	var failedChecks []Check
	for _, c := range checks {
		if c.Status == CheckFailed {
			failedChecks = append(failedChecks, c)
		}
	}
	switch {
	case len(failedChecks) == 0:
		return nil
	case len(failedChecks) == 1 && failedChecks[0].Name == CheckInFlight:
		return nil // the caller's in-flight error says it better; see verify
	default:
		return &VerifyError{Failed: failedChecks}
	}
}

// checkValidationHook: the function the AppSpec names at
// AfterAllowTestTraffic exists, is Active, and the deployment group's role
// may invoke it, by IAM's policy simulator (see Permission for what the
// simulator weighs and what it leaves out: the function's own policy,
// resource control policies). When the caller may not ask the simulator,
// the check fails: whether CodeDeploy can run the hook is not known, and
// the fix says how to learn it.
func checkValidationHook(w Wiring) Check {
	var problems []string
	fix := "run `pulumi up` with the validation key, or remove validationFunctionName from the outputs"
	switch w.HookState {
	case "":
		problems = append(problems, fmt.Sprintf("Lambda has no function %s", w.HookFunction))
	case "Active":
	default:
		problems = append(problems, fmt.Sprintf("function %s is %s, not Active", w.HookFunction, w.HookState))
		fix = "wait for the function to become Active, or run `pulumi up` again"
	}
	if w.HookState != "" {
		if problem, invokeFix := invokeProblem(w); problem != "" {
			problems = append(problems, problem)
			fix = invokeFix
		}
	}
	if len(problems) > 0 {
		return failed(CheckValidationHook, fix, problems...)
	}
	return ok(CheckValidationHook, fmt.Sprintf("%s is Active; the deployment group's role %s may invoke it at %s (IAM's policy simulator: %s)",
		w.HookFunction, orNone(w.ServiceRole), ValidationEvent, w.HookInvoke.allowedBy()))
}
