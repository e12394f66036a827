package release

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Verify checks, read-only, that the live account fits a CodeDeploy
// blue/green release of the stack (CheckWiring), reporting each check. The
// reads that do not wait for each other run at once.
func (r *Releaser) Verify(ctx context.Context, o Outputs) (res Result, err error) {
	res = Result{Command: "verify", URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now(), TaskDefinitionARN: o.TaskDefinitionARN}
	defer func() { res.Ended = r.clock().Now() }()
	if err := TargetFromOutputs(o).Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // reads left running after an error
	if res.Checks, err = r.verify(o, r.startReads(ctx, o, true)); err != nil {
		return res, err
	}
	var failedChecks []Check
	for _, c := range res.Checks {
		if c.Status == CheckFailed {
			failedChecks = append(failedChecks, c)
		}
	}
	if len(failedChecks) > 0 {
		return res, &VerifyError{Failed: failedChecks}
	}
	res.Outcome = OutcomeChecked
	return res, nil
}

// verify waits for the wiring rd reads, reports every check, and returns
// them; a deployment in flight is returned as an *InFlightError when it is
// the only failure.
func (r *Releaser) verify(o Outputs, rd *reads) ([]Check, error) {
	w, err := rd.wiring.wait()
	if err != nil {
		return nil, err
	}
	checks := CheckWiring(w)
	events := make([]Event, 0, len(checks))
	for _, c := range checks {
		events = append(events, c)
	}
	r.Reporter.Report(events...)
	if verifyError(checks) == nil && w.InFlightID != "" {
		return checks, &InFlightError{Group: o.DeploymentGroupName, DeploymentID: w.InFlightID, Status: w.InFlightStatus}
	}
	return checks, nil
}

// reads are the AWS reads of a stack that Release and Verify judge, each
// started at once on its own goroutine and waiting only for the reads it
// needs.
type reads struct {
	group    *future[*cdtypes.DeploymentGroupInfo]
	service  *future[*ecstypes.Service]
	taskDef  *future[TaskDefinition]
	inFlight *future[inFlightDeployment]
	// wiring is what Verify's checks judge; nil when not checking.
	wiring *future[Wiring]
}

// inFlightDeployment is a deployment of the group that has not ended; zero
// when none has.
type inFlightDeployment struct{ id, status string }

// startReads starts reading o's deployment group, service, task definition
// and deployment in flight, and with checks the rest of the wiring.
func (r *Releaser) startReads(ctx context.Context, o Outputs, checks bool) *reads {
	rd := &reads{
		group: async(func() (*cdtypes.DeploymentGroupInfo, error) {
			return r.deploymentGroup(ctx, o.ApplicationName, o.DeploymentGroupName)
		}),
		service: async(func() (*ecstypes.Service, error) { return r.service(ctx, o.ClusterName, o.ServiceName) }),
		taskDef: async(func() (TaskDefinition, error) { return r.describeTaskDefinition(ctx, o.TaskDefinitionARN) }),
		inFlight: async(func() (inFlightDeployment, error) {
			id, status, err := r.inFlight(ctx, o.ApplicationName, o.DeploymentGroupName)
			return inFlightDeployment{id: id, status: status}, err
		}),
	}
	if checks {
		rd.wiring = async(func() (Wiring, error) { return r.wiring(ctx, o, rd) })
	}
	return rd
}

// wiring reads what CheckWiring judges, each read as soon as what it needs
// is known: the load balancing after the deployment group names it, the
// capacity provider's chain, the cluster, the domain and the hook at once.
// Things that do not exist are left out for the checks to name; of the
// other AWS errors, it returns the first in the order of the checks.
func (r *Releaser) wiring(ctx context.Context, o Outputs, rd *reads) (Wiring, error) {
	lb := async(func() (Wiring, error) {
		g, err := rd.group.wait()
		if err != nil {
			return Wiring{}, err
		}
		lb := wiringOf(o, g)
		return lb, r.readLoadBalancing(ctx, &lb)
	})
	clusters := async(func() ([]string, error) { return r.clusterCapacityProviders(ctx, o.ClusterName) })
	instances := async(func() (Wiring, error) {
		c := Wiring{CapacityProvider: o.CapacityProviderName}
		return c, r.readCapacity(ctx, &c)
	})
	domain := async(func() (Domain, error) { return r.readDomain(ctx, o) })
	hook := async(func() (Wiring, error) { return r.readHook(ctx, o.ValidationFunctionName, rd.group) })
	g, err := rd.group.wait()
	if err != nil {
		return Wiring{}, err
	}
	w := wiringOf(o, g)
	l, err := lb.wait()
	if err != nil {
		return w, err
	}
	w.TargetGroupARNs, w.Listeners, w.LoadBalancerSecurityGroups = l.TargetGroupARNs, l.Listeners, l.LoadBalancerSecurityGroups
	svc, err := rd.service.wait()
	if err != nil {
		return w, err
	}
	w.setService(svc)
	if w.TaskDefinition, err = rd.taskDef.wait(); err != nil {
		return w, err
	}
	if w.ClusterCapacityProviders, err = clusters.wait(); err != nil {
		return w, err
	}
	c, err := instances.wait()
	if err != nil {
		return w, err
	}
	w.setCapacity(c)
	f, err := rd.inFlight.wait()
	if err != nil {
		return w, err
	}
	w.InFlightID, w.InFlightStatus = f.id, f.status
	if w.Domain, err = domain.wait(); err != nil {
		return w, err
	}
	h, err := hook.wait()
	w.HookState, w.HookARN, w.HookInvoke = h.HookState, h.HookARN, h.HookInvoke
	return w, err
}

// wiringOf is the wiring the stack's outputs and its deployment group g
// state, before anything else is read.
func wiringOf(o Outputs, g *cdtypes.DeploymentGroupInfo) Wiring {
	w := Wiring{
		Cluster: o.ClusterName, Service: o.ServiceName, ContainerName: o.ContainerName, ContainerPort: o.ContainerPort,
		CapacityProvider: o.CapacityProviderName, ProductionListenerARN: o.ProductionListenerARN, TestListenerARN: o.TestListenerARN,
		DeploymentGroupName: aws.ToString(g.DeploymentGroupName),
		HookFunction:        o.ValidationFunctionName, ServiceRole: aws.ToString(g.ServiceRoleArn),
		TargetGroupARNs: map[string]string{}, Listeners: map[string]Listener{},
	}
	for _, s := range g.EcsServices {
		w.DeploymentGroupServices = append(w.DeploymentGroupServices, aws.ToString(s.ClusterName)+":"+aws.ToString(s.ServiceName))
	}
	if st := g.DeploymentStyle; st != nil {
		w.DeploymentStyle = string(st.DeploymentType) + " " + string(st.DeploymentOption)
	}
	if lb := g.LoadBalancerInfo; lb != nil && len(lb.TargetGroupPairInfoList) > 0 {
		pair := lb.TargetGroupPairInfoList[0]
		for _, tg := range pair.TargetGroups {
			w.TargetGroups = append(w.TargetGroups, aws.ToString(tg.Name))
		}
		if pair.ProdTrafficRoute != nil {
			w.ProductionListeners = pair.ProdTrafficRoute.ListenerArns
		}
		if pair.TestTrafficRoute != nil {
			w.TestListeners = pair.TestTrafficRoute.ListenerArns
		}
	}
	return w
}

// readLoadBalancing reads the deployment group's target groups and
// listeners, all at once, then the security groups of the listeners' load
// balancer.
func (r *Releaser) readLoadBalancing(ctx context.Context, w *Wiring) error {
	tgs := make([]*future[string], len(w.TargetGroups))
	for i, name := range w.TargetGroups {
		tgs[i] = async(func() (string, error) { return r.targetGroupARN(ctx, name) })
	}
	arns := dedupe(append(slices.Clone(w.ProductionListeners), w.TestListeners...))
	listeners := make([]*future[*Listener], len(arns))
	for i, arn := range arns {
		listeners[i] = async(func() (*Listener, error) { return r.listener(ctx, arn) })
	}
	for i, f := range tgs {
		arn, err := f.wait()
		if err != nil {
			return err
		}
		if arn != "" {
			w.TargetGroupARNs[w.TargetGroups[i]] = arn
		}
	}
	var loadBalancer string
	for i, f := range listeners {
		l, err := f.wait()
		if err != nil {
			return err
		}
		if l != nil {
			w.Listeners[arns[i]] = *l
			loadBalancer = cmp.Or(loadBalancer, l.LoadBalancerARN)
		}
	}
	if loadBalancer == "" {
		return nil
	}
	out, err := r.Clients.ELB.DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{loadBalancer}})
	if err != nil && apiErrorCode(err) != "LoadBalancerNotFound" {
		return fmt.Errorf("elbv2: describing load balancer %s: %w", loadBalancer, err)
	}
	if err == nil && len(out.LoadBalancers) > 0 {
		w.LoadBalancerSecurityGroups = out.LoadBalancers[0].SecurityGroups
	}
	return nil
}

// targetGroupARN is the ARN of the target group name, "" when it does not
// exist.
func (r *Releaser) targetGroupARN(ctx context.Context, name string) (string, error) {
	out, err := r.Clients.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{name}})
	if apiErrorCode(err) == "TargetGroupNotFound" {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("elbv2: describing target group %s: %w", name, err)
	}
	arn := ""
	for _, tg := range out.TargetGroups {
		arn = aws.ToString(tg.TargetGroupArn)
	}
	return arn, nil
}

// listener is the listener arn, nil when it does not exist.
func (r *Releaser) listener(ctx context.Context, arn string) (*Listener, error) {
	out, err := r.Clients.ELB.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{arn}})
	if apiErrorCode(err) == "ListenerNotFound" {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("elbv2: describing listener %s: %w", arn, err)
	}
	if len(out.Listeners) == 0 {
		return nil, nil
	}
	l := listenerOf(out.Listeners[0].ListenerArn, out.Listeners[0].LoadBalancerArn, out.Listeners[0].DefaultActions)
	return &l, nil
}

// setService records the ECS service's controller, load balancers,
// capacity providers and desired count.
func (w *Wiring) setService(svc *ecstypes.Service) {
	if svc.DeploymentController != nil {
		w.ServiceController = string(svc.DeploymentController.Type)
	}
	for _, lb := range svc.LoadBalancers {
		w.ServiceLoadBalancers = append(w.ServiceLoadBalancers, ServiceLoadBalancer{
			TargetGroupARN: aws.ToString(lb.TargetGroupArn), ContainerName: aws.ToString(lb.ContainerName), ContainerPort: int(aws.ToInt32(lb.ContainerPort)),
		})
	}
	for _, cp := range svc.CapacityProviderStrategy {
		w.ServiceCapacityProviders = append(w.ServiceCapacityProviders, aws.ToString(cp.CapacityProvider))
	}
	w.DesiredCount = int(svc.DesiredCount)
}

// clusterCapacityProviders are the cluster's capacity providers.
func (r *Releaser) clusterCapacityProviders(ctx context.Context, cluster string) ([]string, error) {
	out, err := r.Clients.ECS.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{cluster}})
	if err != nil {
		return nil, fmt.Errorf("ecs: describing cluster %s: %w", cluster, err)
	}
	var providers []string
	for _, c := range out.Clusters {
		providers = c.CapacityProviders
	}
	return providers, nil
}

// listenerOf reads a listener's default forward.
func listenerOf(arn, lb *string, actions []elbtypes.Action) Listener {
	l := Listener{ARN: aws.ToString(arn), LoadBalancerARN: aws.ToString(lb), Forwards: map[string]int{}}
	for _, a := range actions {
		if a.Type != "forward" {
			continue
		}
		if a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
			for _, t := range a.ForwardConfig.TargetGroups {
				weight := 1
				if t.Weight != nil {
					weight = int(*t.Weight)
				}
				l.Forwards[aws.ToString(t.TargetGroupArn)] += weight
			}
		} else if a.TargetGroupArn != nil {
			l.Forwards[aws.ToString(a.TargetGroupArn)] = 1
		}
	}
	return l
}

// setCapacity records what readCapacity read into c.
func (w *Wiring) setCapacity(c Wiring) {
	w.CapacityProviderFound, w.AutoScalingGroup, w.MaxInstances = c.CapacityProviderFound, c.AutoScalingGroup, c.MaxInstances
	w.InstanceType, w.InstanceCPU, w.InstanceMemoryMiB = c.InstanceType, c.InstanceCPU, c.InstanceMemoryMiB
	w.InstanceSecurityGroups, w.Ingress = c.InstanceSecurityGroups, c.Ingress
}

// readCapacity follows the capacity provider to its Auto Scaling group, the
// group's launch template, its instance type and security groups.
func (r *Releaser) readCapacity(ctx context.Context, w *Wiring) error {
	asg, err := r.capacityGroup(ctx, w)
	if err != nil || asg == nil {
		return err
	}
	w.AutoScalingGroup, w.MaxInstances = aws.ToString(asg.AutoScalingGroupName), int(aws.ToInt32(asg.MaxSize))
	spec := asg.LaunchTemplate
	if spec == nil && asg.MixedInstancesPolicy != nil && asg.MixedInstancesPolicy.LaunchTemplate != nil {
		spec = asg.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
	}
	if spec == nil {
		return nil
	}
	data, err := r.launchTemplateData(ctx, spec)
	if err != nil || data == nil {
		return err
	}
	return r.readInstances(ctx, w, data)
}

// capacityGroup is the Auto Scaling group of the capacity provider; nil
// when the provider or its group does not exist.
func (r *Releaser) capacityGroup(ctx context.Context, w *Wiring) (*astypes.AutoScalingGroup, error) {
	cps, err := r.Clients.ECS.DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{CapacityProviders: []string{w.CapacityProvider}})
	if err != nil {
		return nil, fmt.Errorf("ecs: describing capacity provider %s: %w", w.CapacityProvider, err)
	}
	var asgARN string
	for _, cp := range cps.CapacityProviders {
		w.CapacityProviderFound = true
		if p := cp.AutoScalingGroupProvider; p != nil {
			asgARN = aws.ToString(p.AutoScalingGroupArn)
		}
	}
	if asgARN == "" {
		return nil, nil
	}
	name := asgARN
	if i := strings.Index(asgARN, ":autoScalingGroupName/"); i >= 0 {
		name = asgARN[i+len(":autoScalingGroupName/"):]
	}
	groups, err := r.Clients.AutoScaling.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil {
		return nil, fmt.Errorf("autoscaling: describing group %s: %w", name, err)
	}
	if len(groups.AutoScalingGroups) == 0 {
		return nil, nil
	}
	return &groups.AutoScalingGroups[0], nil
}

// launchTemplateData is what the launch template version spec names
// (default: $Default) launches; nil when the version has none.
func (r *Releaser) launchTemplateData(ctx context.Context, spec *astypes.LaunchTemplateSpecification) (*ec2types.ResponseLaunchTemplateData, error) {
	version := aws.ToString(spec.Version)
	if version == "" {
		version = "$Default"
	}
	in := &ec2.DescribeLaunchTemplateVersionsInput{Versions: []string{version}}
	if spec.LaunchTemplateId != nil {
		in.LaunchTemplateId = spec.LaunchTemplateId
	} else {
		in.LaunchTemplateName = spec.LaunchTemplateName
	}
	lts, err := r.Clients.EC2.DescribeLaunchTemplateVersions(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("ec2: describing launch template %s version %s: %w", aws.ToString(spec.LaunchTemplateId)+aws.ToString(spec.LaunchTemplateName), version, err)
	}
	if len(lts.LaunchTemplateVersions) == 0 {
		return nil, nil
	}
	return lts.LaunchTemplateVersions[0].LaunchTemplateData, nil
}

// readInstances reads the instances' type (its CPU and memory) and their
// security groups' inbound rules, at once, from the launch template's data.
func (r *Releaser) readInstances(ctx context.Context, w *Wiring, data *ec2types.ResponseLaunchTemplateData) error {
	w.InstanceType = string(data.InstanceType)
	w.InstanceSecurityGroups = slices.Clone(data.SecurityGroupIds)
	for _, ni := range data.NetworkInterfaces {
		w.InstanceSecurityGroups = append(w.InstanceSecurityGroups, ni.Groups...)
	}
	w.InstanceSecurityGroups = dedupe(w.InstanceSecurityGroups)
	sgs := slices.Clone(w.InstanceSecurityGroups)
	ingress := async(func() ([]IngressRule, error) { return r.ingress(ctx, sgs) })
	size := async(func() (instanceSize, error) { return r.instanceSize(ctx, data.InstanceType) })
	var err error
	if w.Ingress, err = ingress.wait(); err != nil {
		return err
	}
	it, err := size.wait()
	w.InstanceCPU, w.InstanceMemoryMiB = it.cpu, it.memoryMiB
	return err
}

// ingress are the inbound rules from other groups of security groups sgs;
// nil without groups.
func (r *Releaser) ingress(ctx context.Context, sgs []string) ([]IngressRule, error) {
	if len(sgs) == 0 {
		return nil, nil
	}
	out, err := r.Clients.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: sgs})
	if err != nil {
		return nil, fmt.Errorf("ec2: describing security groups %s: %w", strings.Join(sgs, ", "), err)
	}
	return ingressOf(out.SecurityGroups), nil
}

// instanceSize is an instance type's CPU units and memory; zero when not
// known.
type instanceSize struct{ cpu, memoryMiB int }

// instanceSize describes instance type it; zero when it is "".
func (r *Releaser) instanceSize(ctx context.Context, it ec2types.InstanceType) (instanceSize, error) {
	var size instanceSize
	if it == "" {
		return size, nil
	}
	its, err := r.Clients.EC2.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []ec2types.InstanceType{it}})
	if err != nil {
		return size, fmt.Errorf("ec2: describing instance type %s: %w", it, err)
	}
	for _, t := range its.InstanceTypes {
		if t.VCpuInfo != nil {
			size.cpu = int(aws.ToInt32(t.VCpuInfo.DefaultVCpus)) * 1024
		}
		if t.MemoryInfo != nil {
			size.memoryMiB = int(aws.ToInt64(t.MemoryInfo.SizeInMiB))
		}
	}
	return size, nil
}

// ingressOf flattens security groups' inbound rules from other groups.
func ingressOf(sgs []ec2types.SecurityGroup) []IngressRule {
	var rules []IngressRule
	for _, sg := range sgs {
		for _, p := range sg.IpPermissions {
			from, to := int(aws.ToInt32(p.FromPort)), int(aws.ToInt32(p.ToPort))
			for _, pair := range p.UserIdGroupPairs {
				rules = append(rules, IngressRule{
					SecurityGroup: aws.ToString(sg.GroupId), SourceGroup: aws.ToString(pair.GroupId),
					Protocol: aws.ToString(p.IpProtocol), From: from, To: to,
				})
			}
		}
	}
	return rules
}

// readHook reads the validation hook's function name, when the outputs
// name one: its state and ARN ("" when it does not exist), then, once
// group is read, whether the group's role may invoke it.
func (r *Releaser) readHook(ctx context.Context, name string, group *future[*cdtypes.DeploymentGroupInfo]) (Wiring, error) {
	h := Wiring{HookFunction: name}
	if name == "" {
		return h, nil
	}
	if r.Clients.Lambda == nil {
		return h, errors.New("lambda: no client to read the validation hook's function")
	}
	out, err := r.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	var notFound *lambdatypes.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return h, nil
	case err != nil:
		return h, fmt.Errorf("lambda: reading function %s: %w", name, err)
	case out.Configuration == nil:
		return h, nil
	}
	h.HookState, h.HookARN = string(out.Configuration.State), aws.ToString(out.Configuration.FunctionArn)
	g, err := group.wait()
	if err != nil {
		return h, err
	}
	h.ServiceRole = aws.ToString(g.ServiceRoleArn)
	h.HookInvoke, err = r.simulateInvoke(ctx, h.ServiceRole, h.HookARN)
	return h, err
}
