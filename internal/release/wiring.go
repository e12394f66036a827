package release

import (
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
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Verify checks, read-only, that the live account fits a CodeDeploy
// blue/green release of the stack (CheckWiring), reporting each check.
func (r *Releaser) Verify(ctx context.Context, o Outputs) (res Result, err error) {
	res = Result{Command: "verify", URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now(), TaskDefinitionARN: o.TaskDefinitionARN}
	defer func() { res.Ended = r.clock().Now() }()
	if err := TargetFromOutputs(o).Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	group, err := r.deploymentGroup(ctx, o.ApplicationName, o.DeploymentGroupName)
	if err != nil {
		return res, err
	}
	if res.Checks, err = r.verify(ctx, o, group); err != nil {
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

// verify reads the wiring, reports every check, and returns them; a
// deployment in flight is returned as an *InFlightError when it is the only
// failure.
func (r *Releaser) verify(ctx context.Context, o Outputs, group *cdtypes.DeploymentGroupInfo) ([]Check, error) {
	w, err := r.wiring(ctx, o, group)
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

// wiring reads what CheckWiring judges. Things that do not exist are left
// out for the checks to name; other AWS errors are returned.
func (r *Releaser) wiring(ctx context.Context, o Outputs, g *cdtypes.DeploymentGroupInfo) (Wiring, error) {
	w := wiringOf(o, g)
	if err := r.readLoadBalancing(ctx, &w); err != nil {
		return w, err
	}
	if err := r.readService(ctx, o, &w); err != nil {
		return w, err
	}
	clusters, err := r.Clients.ECS.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{o.ClusterName}})
	if err != nil {
		return w, fmt.Errorf("ecs: describing cluster %s: %w", o.ClusterName, err)
	}
	for _, c := range clusters.Clusters {
		w.ClusterCapacityProviders = c.CapacityProviders
	}
	if err := r.readCapacity(ctx, &w); err != nil {
		return w, err
	}
	if w.InFlightID, w.InFlightStatus, err = r.inFlight(ctx, o.ApplicationName, o.DeploymentGroupName); err != nil {
		return w, err
	}
	if w.Domain, err = r.readDomain(ctx, o); err != nil {
		return w, err
	}
	if err := r.readHook(ctx, &w); err != nil {
		return w, err
	}
	return w, nil
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
// listeners, and the security groups of the listeners' load balancer.
func (r *Releaser) readLoadBalancing(ctx context.Context, w *Wiring) error {
	for _, name := range w.TargetGroups {
		out, err := r.Clients.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{name}})
		if apiErrorCode(err) == "TargetGroupNotFound" {
			continue
		}
		if err != nil {
			return fmt.Errorf("elbv2: describing target group %s: %w", name, err)
		}
		for _, tg := range out.TargetGroups {
			w.TargetGroupARNs[name] = aws.ToString(tg.TargetGroupArn)
		}
	}
	var loadBalancer string
	for _, arn := range dedupe(append(slices.Clone(w.ProductionListeners), w.TestListeners...)) {
		out, err := r.Clients.ELB.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{arn}})
		if apiErrorCode(err) == "ListenerNotFound" {
			continue
		}
		if err != nil {
			return fmt.Errorf("elbv2: describing listener %s: %w", arn, err)
		}
		for _, l := range out.Listeners {
			w.Listeners[arn] = listenerOf(l.ListenerArn, l.LoadBalancerArn, l.DefaultActions)
			if loadBalancer == "" {
				loadBalancer = aws.ToString(l.LoadBalancerArn)
			}
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

// readService reads the ECS service (its controller, load balancers,
// capacity providers and desired count) and the stack's task definition.
func (r *Releaser) readService(ctx context.Context, o Outputs, w *Wiring) error {
	svc, err := r.service(ctx, o.ClusterName, o.ServiceName)
	if err != nil {
		return err
	}
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
	w.TaskDefinition, err = r.describeTaskDefinition(ctx, o.TaskDefinitionARN)
	return err
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
// security groups' inbound rules from the launch template's data.
func (r *Releaser) readInstances(ctx context.Context, w *Wiring, data *ec2types.ResponseLaunchTemplateData) error {
	w.InstanceType = string(data.InstanceType)
	w.InstanceSecurityGroups = slices.Clone(data.SecurityGroupIds)
	for _, ni := range data.NetworkInterfaces {
		w.InstanceSecurityGroups = append(w.InstanceSecurityGroups, ni.Groups...)
	}
	w.InstanceSecurityGroups = dedupe(w.InstanceSecurityGroups)
	if len(w.InstanceSecurityGroups) > 0 {
		sgs, err := r.Clients.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: w.InstanceSecurityGroups})
		if err != nil {
			return fmt.Errorf("ec2: describing security groups %s: %w", strings.Join(w.InstanceSecurityGroups, ", "), err)
		}
		w.Ingress = ingressOf(sgs.SecurityGroups)
	}
	if w.InstanceType == "" {
		return nil
	}
	its, err := r.Clients.EC2.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []ec2types.InstanceType{data.InstanceType}})
	if err != nil {
		return fmt.Errorf("ec2: describing instance type %s: %w", w.InstanceType, err)
	}
	for _, it := range its.InstanceTypes {
		if it.VCpuInfo != nil {
			w.InstanceCPU = int(aws.ToInt32(it.VCpuInfo.DefaultVCpus)) * 1024
		}
		if it.MemoryInfo != nil {
			w.InstanceMemoryMiB = int(aws.ToInt64(it.MemoryInfo.SizeInMiB))
		}
	}
	return nil
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

// readHook reads the validation hook's function, when the outputs name
// one: its state, or "" when it does not exist.
func (r *Releaser) readHook(ctx context.Context, w *Wiring) error {
	if w.HookFunction == "" {
		return nil
	}
	if r.Clients.Lambda == nil {
		return errors.New("lambda: no client to read the validation hook's function")
	}
	out, err := r.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(w.HookFunction)})
	var notFound *lambdatypes.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return nil
	case err != nil:
		return fmt.Errorf("lambda: reading function %s: %w", w.HookFunction, err)
	case out.Configuration != nil:
		w.HookState = string(out.Configuration.State)
	}
	return nil
}
