package fakeaws

import (
	"slices"
	"strconv"
	"strings"
)

// Group is a deployment group of an ECS service.
type Group struct {
	Application, Name string
	Cluster, Service  string
	// ReadyWait makes the group wait for approval (deploymentReadyOption
	// STOP_DEPLOYMENT) for ReadyWaitMinutes (default 60).
	ReadyWait        bool
	ReadyWaitMinutes int
	// TerminationWaitMinutes is the original task set's termination wait.
	TerminationWaitMinutes int
	// DeploymentConfig is its configuration's name. Default:
	// CodeDeployDefault.ECSAllAtOnce.
	DeploymentConfig string
	// TargetGroups names the target group pair; ProductionListeners and
	// TestListeners are its listeners' ARNs.
	TargetGroups                       []string
	ProductionListeners, TestListeners []string
	// Style is "deploymentType deploymentOption". Default: BLUE_GREEN
	// WITH_TRAFFIC_CONTROL.
	Style string
	// ServiceRole is the group's role's ARN ("" for none).
	ServiceRole string
}

// DeploymentConfig is a CodeDeploy deployment configuration for ECS.
type DeploymentConfig struct {
	Name string
	// Type is AllAtOnce, TimeBasedCanary or TimeBasedLinear.
	Type                        string
	Percentage, IntervalMinutes int
}

// Service is an ECS service.
type Service struct {
	Cluster, Name, TaskDefinition string
	DesiredCount                  int
	// Controller is its deployment controller. Default: CODE_DEPLOY.
	Controller        string
	LoadBalancers     []ServiceLoadBalancer
	CapacityProviders []string
}

// ServiceLoadBalancer is one load balancer of a Service.
type ServiceLoadBalancer struct {
	TargetGroupARN, ContainerName string
	ContainerPort                 int
}

// TargetGroup is a target group.
type TargetGroup struct {
	Name, ARN        string
	LoadBalancerARNs []string
}

// Listener is a load balancer listener whose default action forwards to
// target groups: Forward maps their ARNs to weights.
type Listener struct {
	ARN, LoadBalancerARN string
	Port                 int
	Forward              map[string]int
}

// LoadBalancer is an Application Load Balancer.
type LoadBalancer struct {
	ARN            string
	SecurityGroups []string
}

// Cluster is an ECS cluster.
type Cluster struct {
	Name              string
	CapacityProviders []string
}

// CapacityProvider is an ECS capacity provider over an Auto Scaling group.
type CapacityProvider struct {
	Name, AutoScalingGroupARN string
}

// AutoScalingGroup is an EC2 Auto Scaling group launching from a launch
// template version ("$Default" when empty).
type AutoScalingGroup struct {
	Name, ARN                 string
	MinSize, MaxSize          int
	LaunchTemplateID, Version string
}

// LaunchTemplate is a launch template's version.
type LaunchTemplate struct {
	ID, InstanceType string
	SecurityGroups   []string
}

// SecurityGroup is a security group and its inbound rules.
type SecurityGroup struct {
	ID      string
	Ingress []Ingress
}

// Ingress admits Protocol (tcp, -1) ports From..To from SourceGroup.
type Ingress struct {
	Protocol    string
	From, To    int
	SourceGroup string
}

// InstanceType is an EC2 instance type's size.
type InstanceType struct {
	Name             string
	VCPUs, MemoryMiB int
}

// wiring is the fake's live resources besides deployments.
type wiring struct {
	services          map[string]*Service
	targetGroups      map[string]*TargetGroup
	listeners         map[string]*Listener
	loadBalancers     map[string]*LoadBalancer
	clusters          map[string]*Cluster
	capacityProviders map[string]*CapacityProvider
	autoScalingGroups map[string]*AutoScalingGroup
	launchTemplates   map[string]*LaunchTemplate
	securityGroups    map[string]*SecurityGroup
	instanceTypes     map[string]InstanceType
	configs           map[string]DeploymentConfig
}

func newWiring() wiring {
	w := wiring{
		services: map[string]*Service{}, targetGroups: map[string]*TargetGroup{}, listeners: map[string]*Listener{},
		loadBalancers: map[string]*LoadBalancer{}, clusters: map[string]*Cluster{}, capacityProviders: map[string]*CapacityProvider{},
		autoScalingGroups: map[string]*AutoScalingGroup{}, launchTemplates: map[string]*LaunchTemplate{}, securityGroups: map[string]*SecurityGroup{},
		instanceTypes: map[string]InstanceType{}, configs: map[string]DeploymentConfig{},
	}
	for _, c := range []DeploymentConfig{
		{Name: "CodeDeployDefault.ECSAllAtOnce", Type: "AllAtOnce"},
		{Name: "CodeDeployDefault.ECSCanary10Percent5Minutes", Type: "TimeBasedCanary", Percentage: 10, IntervalMinutes: 5},
		{Name: "CodeDeployDefault.ECSCanary10Percent15Minutes", Type: "TimeBasedCanary", Percentage: 10, IntervalMinutes: 15},
		{Name: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", Type: "TimeBasedLinear", Percentage: 10, IntervalMinutes: 1},
		{Name: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", Type: "TimeBasedLinear", Percentage: 10, IntervalMinutes: 3},
	} {
		w.configs[c.Name] = c
	}
	return w
}

// Stack is the live wiring of a blue/green service, as AddStack installs
// it.
type Stack struct {
	Group                             Group
	Service                           Service
	BlueTargetGroup, GreenTargetGroup TargetGroup
	LoadBalancer                      LoadBalancer
	ProductionListener, TestListener  Listener
	Cluster                           Cluster
	CapacityProvider                  CapacityProvider
	AutoScalingGroup                  AutoScalingGroup
	LaunchTemplate                    LaunchTemplate
	InstanceSecurityGroup             SecurityGroup
	InstanceType                      InstanceType
}

// The dev stack's names, as its `pulumi stack output --json` prints them
// (internal/release/testdata/dev-outputs.json).
const (
	DevAccount              = "123456789012"
	DevApplication          = "app-7d10434"
	DevGroup                = "app"
	DevCluster              = "cluster-da68bf3"
	DevService              = "app-7d10434"
	DevFamily               = "ecs-bluegreen-dev-app"
	DevContainer            = "app"
	DevContainerPort        = 8080
	DevCapacityProvider     = "cluster-cp-4beec67"
	DevBlueTargetGroup      = "blue-e3a2302"
	DevGreenTargetGroup     = "green-f0ea8ad"
	DevBlueTargetGroupARN   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue-e3a2302/1d0e9a2d5c7e4f10"
	DevGreenTargetGroupARN  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green-f0ea8ad/73e2d6bc24d8a067"
	DevLoadBalancerARN      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/3395793"
	DevProductionListener   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/3395793/774f34a"
	DevTestListener         = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/f4f217e/dccd8d4"
	DevLoadBalancerSG       = "sg-0web5a1b2c3"
	DevInstanceSG           = "sg-0cluster4d5e6"
	DevAutoScalingGroup     = "cluster-8c1e2f3"
	DevLaunchTemplate       = "lt-0cluster7f8a9"
	DevURL                  = "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com"
	DevTestURL              = "http://web-ca84d13-1234567890.us-east-1.elb.amazonaws.com:8080"
	DevAutoScalingGroupARN  = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/cluster-8c1e2f3"
	DevInstanceTypeName     = "t3.small"
	DevDesiredCount         = 2
	DevMaxInstances         = 4
	DevTerminationWaitMins  = 5
	DevServiceRole          = "arn:aws:iam::123456789012:role/web-codedeploy-5e1f0c2"
	devDeploymentConfigName = "CodeDeployDefault.ECSAllAtOnce"
)

// DevTaskDefinitionARN is the dev stack's task definition revision rev.
func DevTaskDefinitionARN(rev int) string {
	return "arn:aws:ecs:us-east-1:" + DevAccount + ":task-definition/" + DevFamily + ":" + strconv.Itoa(rev)
}

// DevStack is the dev stack's wiring, consistent for a blue/green release:
// the service on revision 1 with two tasks in the blue target group, where
// both listeners forward; the instances admit the dynamic ports from the
// load balancer; the group may grow to four t3.small instances.
func DevStack() Stack {
	return Stack{
		Group: Group{
			Application: DevApplication, Name: DevGroup, Cluster: DevCluster, Service: DevService,
			TerminationWaitMinutes: DevTerminationWaitMins, DeploymentConfig: devDeploymentConfigName,
			TargetGroups:        []string{DevBlueTargetGroup, DevGreenTargetGroup},
			ProductionListeners: []string{DevProductionListener}, TestListeners: []string{DevTestListener},
			ServiceRole: DevServiceRole,
		},
		Service: Service{
			Cluster: DevCluster, Name: DevService, TaskDefinition: DevTaskDefinitionARN(1), DesiredCount: DevDesiredCount,
			LoadBalancers:     []ServiceLoadBalancer{{TargetGroupARN: DevBlueTargetGroupARN, ContainerName: DevContainer, ContainerPort: DevContainerPort}},
			CapacityProviders: []string{DevCapacityProvider},
		},
		BlueTargetGroup:    TargetGroup{Name: DevBlueTargetGroup, ARN: DevBlueTargetGroupARN, LoadBalancerARNs: []string{DevLoadBalancerARN}},
		GreenTargetGroup:   TargetGroup{Name: DevGreenTargetGroup, ARN: DevGreenTargetGroupARN, LoadBalancerARNs: []string{DevLoadBalancerARN}},
		LoadBalancer:       LoadBalancer{ARN: DevLoadBalancerARN, SecurityGroups: []string{DevLoadBalancerSG}},
		ProductionListener: Listener{ARN: DevProductionListener, LoadBalancerARN: DevLoadBalancerARN, Port: 80, Forward: map[string]int{DevBlueTargetGroupARN: 1}},
		TestListener:       Listener{ARN: DevTestListener, LoadBalancerARN: DevLoadBalancerARN, Port: 8080, Forward: map[string]int{DevBlueTargetGroupARN: 1}},
		Cluster:            Cluster{Name: DevCluster, CapacityProviders: []string{DevCapacityProvider}},
		CapacityProvider:   CapacityProvider{Name: DevCapacityProvider, AutoScalingGroupARN: DevAutoScalingGroupARN},
		AutoScalingGroup:   AutoScalingGroup{Name: DevAutoScalingGroup, ARN: DevAutoScalingGroupARN, MinSize: 2, MaxSize: DevMaxInstances, LaunchTemplateID: DevLaunchTemplate},
		LaunchTemplate:     LaunchTemplate{ID: DevLaunchTemplate, InstanceType: DevInstanceTypeName, SecurityGroups: []string{DevInstanceSG}},
		InstanceSecurityGroup: SecurityGroup{ID: DevInstanceSG, Ingress: []Ingress{
			{Protocol: "tcp", From: 32768, To: 65535, SourceGroup: DevLoadBalancerSG},
		}},
		InstanceType: InstanceType{Name: DevInstanceTypeName, VCPUs: 2, MemoryMiB: 2048},
	}
}

// AddStack installs st's resources, replacing any of the same names.
func (s *Server) AddStack(st Stack) {
	s.AddGroup(st.Group)
	s.PutService(st.Service)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tg := range []TargetGroup{st.BlueTargetGroup, st.GreenTargetGroup} {
		put(s.targetGroups, tg.Name, tg)
	}
	for _, l := range []Listener{st.ProductionListener, st.TestListener} {
		put(s.listeners, l.ARN, l)
	}
	put(s.loadBalancers, st.LoadBalancer.ARN, st.LoadBalancer)
	put(s.clusters, st.Cluster.Name, st.Cluster)
	put(s.capacityProviders, st.CapacityProvider.Name, st.CapacityProvider)
	put(s.autoScalingGroups, st.AutoScalingGroup.Name, st.AutoScalingGroup)
	put(s.launchTemplates, st.LaunchTemplate.ID, st.LaunchTemplate)
	put(s.securityGroups, st.InstanceSecurityGroup.ID, st.InstanceSecurityGroup)
	if st.InstanceType.Name != "" {
		s.instanceTypes[st.InstanceType.Name] = st.InstanceType
	}
}

// AddGroup registers a deployment group, replacing one of the same name.
func (s *Server) AddGroup(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, old := range s.groups {
		if old.Application == g.Application && old.Name == g.Name {
			s.groups[i] = &g
			return
		}
	}
	s.groups = append(s.groups, &g)
}

// PutService registers an ECS service, replacing one of the same name.
func (s *Server) PutService(svc Service) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if svc.Controller == "" {
		svc.Controller = "CODE_DEPLOY"
	}
	s.services[svc.Cluster+"/"+svc.Name] = &svc
}

// AddService makes the ECS service run taskDefinition, registering it
// (without load balancers) when it does not exist.
func (s *Server) AddService(cluster, service, taskDefinition string) {
	s.mu.Lock()
	if svc, ok := s.services[cluster+"/"+service]; ok {
		svc.TaskDefinition = taskDefinition
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.PutService(Service{Cluster: cluster, Name: service, TaskDefinition: taskDefinition, DesiredCount: 2})
}

func (s *Server) group(app, name string) *Group {
	for _, g := range s.groups {
		if g.Application == app && g.Name == name {
			return g
		}
	}
	return nil
}

func (s *Server) deploymentConfig(name string) (DeploymentConfig, bool) {
	c, ok := s.configs[name]
	return c, ok
}

func groupJSON(g *Group) map[string]any {
	ready := map[string]any{"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0}
	if g.ReadyWait {
		minutes := g.ReadyWaitMinutes
		if minutes == 0 {
			minutes = 60
		}
		ready = map[string]any{"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": minutes}
	}
	config := g.DeploymentConfig
	if config == "" {
		config = devDeploymentConfigName
	}
	style := g.Style
	if style == "" {
		style = "BLUE_GREEN WITH_TRAFFIC_CONTROL"
	}
	kind, option, _ := strings.Cut(style, " ")
	info := map[string]any{
		"applicationName":      g.Application,
		"deploymentGroupName":  g.Name,
		"computePlatform":      "ECS",
		"deploymentConfigName": config,
		"ecsServices":          []any{map[string]any{"clusterName": g.Cluster, "serviceName": g.Service}},
		"blueGreenDeploymentConfiguration": map[string]any{
			"deploymentReadyOption": ready,
			"terminateBlueInstancesOnDeploymentSuccess": map[string]any{
				"action": "TERMINATE", "terminationWaitTimeInMinutes": g.TerminationWaitMinutes,
			},
		},
		"deploymentStyle":           map[string]any{"deploymentType": kind, "deploymentOption": option},
		"autoRollbackConfiguration": map[string]any{"enabled": true, "events": []string{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"}},
	}
	if g.ServiceRole != "" {
		info["serviceRoleArn"] = g.ServiceRole
	}
	if len(g.TargetGroups) > 0 || len(g.ProductionListeners) > 0 {
		var tgs []any
		for _, name := range g.TargetGroups {
			tgs = append(tgs, map[string]any{"name": name})
		}
		pair := map[string]any{
			"targetGroups":     tgs,
			"prodTrafficRoute": map[string]any{"listenerArns": slices.Clone(g.ProductionListeners)},
		}
		if len(g.TestListeners) > 0 {
			pair["testTrafficRoute"] = map[string]any{"listenerArns": slices.Clone(g.TestListeners)}
		}
		info["loadBalancerInfo"] = map[string]any{"targetGroupPairInfoList": []any{pair}}
	}
	return info
}

func deploymentConfigJSON(c DeploymentConfig) map[string]any {
	routing := map[string]any{"type": c.Type}
	switch c.Type {
	case "TimeBasedCanary":
		routing["timeBasedCanary"] = map[string]any{"canaryPercentage": c.Percentage, "canaryInterval": c.IntervalMinutes}
	case "TimeBasedLinear":
		routing["timeBasedLinear"] = map[string]any{"linearPercentage": c.Percentage, "linearInterval": c.IntervalMinutes}
	}
	return map[string]any{"deploymentConfigName": c.Name, "computePlatform": "ECS", "trafficRoutingConfig": routing}
}

func itoa(n int) string { return strconv.Itoa(n) }

// put stores a copy of v under key, unless key is "": the stack leaves that
// resource out.
func put[T any](m map[string]*T, key string, v T) {
	if key != "" {
		m[key] = &v
	}
}
