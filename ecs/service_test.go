package ecs_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/bluegreen"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/google/go-cmp/cmp"
	awsecs "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	awslb "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	serviceTypLogGroup = "aws:cloudwatch/logGroup:LogGroup"
	serviceTypTaskDef  = "aws:ecs/taskDefinition:TaskDefinition"
	serviceTypService  = "aws:ecs/service:Service"
	serviceTypTarget   = "aws:appautoscaling/target:Target"
	serviceTypPolicy   = "aws:appautoscaling/policy:Policy"
	serviceTypAlarm    = "aws:cloudwatch/metricAlarm:MetricAlarm"
	serviceTypApp      = "aws:codedeploy/application:Application"
	serviceTypGroup    = "aws:codedeploy/deploymentGroup:DeploymentGroup"

	serviceTypCluster     = "aws:ecs/cluster:Cluster"
	serviceTypProvider    = "aws:ecs/capacityProvider:CapacityProvider"
	serviceTypAssociation = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
	serviceTypListener    = "aws:lb/listener:Listener"
	serviceTypTargetGroup = "aws:lb/targetGroup:TargetGroup"
)

// serviceARNs are the plain values servicePlainArgs passes.
const (
	serviceExecRole   = "arn:aws:iam::123456789012:role/exec"
	serviceTaskRole   = "arn:aws:iam::123456789012:role/task"
	serviceDeployRole = "arn:aws:iam::123456789012:role/codedeploy"
	serviceProdARN    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/prod"
	serviceTestARN    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/test"
	serviceBlueARN    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1"
	serviceLBSuffix   = "app/lb/0123456789abcdef"
	serviceBlueSuffix = "targetgroup/blue/1"
	serviceGreenSfx   = "targetgroup/green/2"
)

// servicePlainArgs returns valid arguments whose Inputs are plain values, so
// that a run registers nothing but the component.
func servicePlainArgs() *ecs.ServiceArgs {
	return &ecs.ServiceArgs{
		ClusterName:          pulumi.String("main"),
		CapacityProviderName: pulumi.String("main-cp"),
		Image:                "public.ecr.aws/nginx/nginx-unprivileged:1.27",
		DesiredCount:         2,
		ExecutionRoleARN:     pulumi.String(serviceExecRole),
		TaskRoleARN:          pulumi.String(serviceTaskRole),
		CodeDeployRoleARN:    pulumi.String(serviceDeployRole),
		Traffic: bluegreen.Traffic{
			ProductionListenerARN: pulumi.String(serviceProdARN),
			TestListenerARN:       pulumi.String(serviceTestARN),
			Blue:                  bluegreen.TargetGroup{ARN: pulumi.String(serviceBlueARN), Name: pulumi.String("blue"), ARNSuffix: pulumi.String(serviceBlueSuffix)},
			Green:                 bluegreen.TargetGroup{Name: pulumi.String("green"), ARNSuffix: pulumi.String(serviceGreenSfx)},
			LoadBalancerARNSuffix: pulumi.String(serviceLBSuffix),
		},
	}
}

type serviceResult struct {
	mocks *awsmock.Mocks
	out   map[string]*awsmock.Value
}

// serviceRun runs NewService("web", args) under fresh mocks. With standIns,
// the cluster, capacity provider association, target groups and listeners
// are registered first and args takes its Inputs from them, as main.go
// would wire them.
func serviceRun(t *testing.T, args *ecs.ServiceArgs, standIns, dryRun bool) (serviceResult, error) {
	t.Helper()
	r := serviceResult{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		if standIns {
			if err := serviceStandIns(ctx, args); err != nil {
				return err
			}
		}
		svc, err := ecs.NewService(ctx, "web", args)
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.Output{
			"serviceName": svc.ServiceName, "serviceArn": svc.ServiceARN,
			"family": svc.TaskDefinitionFamily, "taskDefinitionArn": svc.TaskDefinitionARN,
			"containerName": svc.ContainerName, "containerPort": svc.ContainerPort,
			"capacityProvider": svc.CapacityProviderName, "logGroup": svc.LogGroupName,
			"application": svc.CodeDeployApplicationName, "deploymentGroup": svc.DeploymentGroupName,
			"alarms": svc.AlarmNames,
		} {
			r.out[k] = awsmock.Watch(ctx, o)
		}
		return nil
	})
	return r, err
}

func serviceMustRun(t *testing.T, args *ecs.ServiceArgs, standIns bool) serviceResult {
	t.Helper()
	r, err := serviceRun(t, args, standIns, false)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return r
}

// serviceStandIns registers what the cluster and load balancer components
// would, and points args at their outputs: the capacity provider's name
// resolves after the association, the blue group's ARN after the production
// listener.
func serviceStandIns(ctx *pulumi.Context, args *ecs.ServiceArgs) error {
	second := func(all []any) string { return all[1].(string) }
	cluster, err := awsecs.NewCluster(ctx, "main", &awsecs.ClusterArgs{})
	if err != nil {
		return err
	}
	cp, err := awsecs.NewCapacityProvider(ctx, "main-cp", &awsecs.CapacityProviderArgs{
		AutoScalingGroupProvider: awsecs.CapacityProviderAutoScalingGroupProviderArgs{AutoScalingGroupArn: pulumi.String("asg")},
	})
	if err != nil {
		return err
	}
	assoc, err := awsecs.NewClusterCapacityProviders(ctx, "main", &awsecs.ClusterCapacityProvidersArgs{
		ClusterName:       cluster.Name,
		CapacityProviders: pulumi.StringArray{cp.Name},
	})
	if err != nil {
		return err
	}
	blue, err := awslb.NewTargetGroup(ctx, "blue", &awslb.TargetGroupArgs{})
	if err != nil {
		return err
	}
	green, err := awslb.NewTargetGroup(ctx, "green", &awslb.TargetGroupArgs{})
	if err != nil {
		return err
	}
	// Each listener forwards to the blue group, as the load balancer
	// component's would before the first release.
	forward := awslb.ListenerDefaultActionArray{awslb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: blue.Arn}}
	prod, err := awslb.NewListener(ctx, "prod", &awslb.ListenerArgs{LoadBalancerArn: pulumi.String("lb"), DefaultActions: forward})
	if err != nil {
		return err
	}
	test, err := awslb.NewListener(ctx, "test", &awslb.ListenerArgs{LoadBalancerArn: pulumi.String("lb"), DefaultActions: forward})
	if err != nil {
		return err
	}
	args.ClusterName = cluster.Name
	args.CapacityProviderName = pulumi.All(assoc.ID(), cp.Name).ApplyT(second).(pulumi.StringOutput)
	args.Traffic = bluegreen.Traffic{
		ProductionListenerARN: prod.Arn,
		TestListenerARN:       test.Arn,
		Blue:                  bluegreen.TargetGroup{ARN: pulumi.All(prod.Arn, blue.Arn).ApplyT(second).(pulumi.StringOutput), Name: blue.Name, ARNSuffix: blue.ArnSuffix},
		Green:                 bluegreen.TargetGroup{ARN: green.Arn, Name: green.Name, ARNSuffix: green.ArnSuffix},
		LoadBalancerARNSuffix: args.Traffic.LoadBalancerARNSuffix,
	}
	return nil
}

// serviceAt walks a resource's inputs: string keys into objects, int
// indexes into arrays. It returns nil where the path leads nowhere.
func serviceAt(r awsmock.Resource, path ...any) any {
	var v any = r.Inputs.Mappable()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// serviceNamed returns the resource or fails the test.
func serviceNamed(t *testing.T, r serviceResult, typ, name string) awsmock.Resource {
	t.Helper()
	res, ok := r.mocks.Named(typ, name)
	if !ok {
		t.Fatalf("no %s named %s; registered: %v", typ, name, r.mocks.CountByType())
	}
	return res
}

func TestNewServiceCountsPerType(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args func(*ecs.ServiceArgs)
		want map[string]int
	}{
		"no auto scaling": {
			args: func(*ecs.ServiceArgs) {},
			want: map[string]int{ecs.ServiceType: 1, serviceTypLogGroup: 1, serviceTypTaskDef: 1, serviceTypService: 1, serviceTypAlarm: 4, serviceTypApp: 1, serviceTypGroup: 1},
		},
		"MaxCount equal to DesiredCount is no auto scaling": {
			args: func(a *ecs.ServiceArgs) { a.MaxCount = 2 },
			want: map[string]int{ecs.ServiceType: 1, serviceTypLogGroup: 1, serviceTypTaskDef: 1, serviceTypService: 1, serviceTypAlarm: 4, serviceTypApp: 1, serviceTypGroup: 1},
		},
		"auto scaling": {
			args: func(a *ecs.ServiceArgs) { a.MaxCount = 6 },
			want: map[string]int{ecs.ServiceType: 1, serviceTypLogGroup: 1, serviceTypTaskDef: 1, serviceTypService: 1, serviceTypAlarm: 4, serviceTypApp: 1, serviceTypGroup: 1,
				serviceTypTarget: 1, serviceTypPolicy: 1},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			tc.args(args)
			r := serviceMustRun(t, args, false)
			if diff := cmp.Diff(tc.want, r.mocks.CountByType()); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewServiceTaskDefinition(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.ContainerPort = 3000
	args.MemoryReservationMiB = 384
	args.Environment = map[string]string{"SPRING_PROFILES_ACTIVE": "prod", "APP_MODE": "web", "LOG_LEVEL": "info"}
	r := serviceMustRun(t, args, false)
	td := serviceNamed(t, r, serviceTypTaskDef, "web")

	for key, want := range map[string]any{
		"family":                  "ecs-bluegreen-test-web",
		"networkMode":             "bridge",
		"requiresCompatibilities": []any{"EC2"},
		"executionRoleArn":        serviceExecRole,
		"taskRoleArn":             serviceTaskRole,
		"skipDestroy":             true,
	} {
		if diff := cmp.Diff(want, serviceAt(td, key)); diff != "" {
			t.Errorf("task definition %s (-want +got):\n%s", key, diff)
		}
	}
	for _, key := range []string{"cpu", "memory"} {
		if v := serviceAt(td, key); v != nil {
			t.Errorf("task definition sets task-level %s = %v; the container's limits apply", key, v)
		}
	}

	var defs []map[string]any
	if err := json.Unmarshal([]byte(serviceAt(td, "containerDefinitions").(string)), &defs); err != nil {
		t.Fatalf("containerDefinitions is not JSON: %v", err)
	}
	if len(defs) != 1 {
		t.Fatalf("task definition has %d containers, want 1", len(defs))
	}
	c := defs[0]
	logGroup := r.out["logGroup"].String()
	want := map[string]any{
		"name":              "app",
		"image":             "public.ecr.aws/nginx/nginx-unprivileged:1.27",
		"essential":         true,
		"cpu":               256.0,
		"memory":            512.0,
		"memoryReservation": 384.0,
		"portMappings":      []any{map[string]any{"containerPort": 3000.0, "hostPort": 0.0, "protocol": "tcp"}},
		"environment": []any{
			map[string]any{"name": "APP_MODE", "value": "web"},
			map[string]any{"name": "LOG_LEVEL", "value": "info"},
			map[string]any{"name": "SPRING_PROFILES_ACTIVE", "value": "prod"},
		},
		"logConfiguration": map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": logGroup, "awslogs-region": awsmock.Region, "awslogs-stream-prefix": "web",
		}},
		// Read-only by default, /tmp writable in memory (a quarter of 512
		// MiB would be more than the 64 MiB default).
		"readonlyRootFilesystem": true,
		"linuxParameters": map[string]any{"initProcessEnabled": true, "tmpfs": []any{
			map[string]any{"containerPath": "/tmp", "size": 64.0, "mountOptions": []any{"nosuid", "nodev"}},
		}},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("container definition (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(logGroup, "web-") {
		t.Errorf("LogGroupName = %q, want the log group's name", logGroup)
	}
	lg := serviceNamed(t, r, serviceTypLogGroup, "web")
	if got := serviceAt(lg, "retentionInDays"); got != 30.0 {
		t.Errorf("log retention = %v days, want the default 30", got)
	}
}

func TestNewServiceService(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		maxCount   int
		wantIgnore []string
	}{
		"fixed count": {
			wantIgnore: []string{"taskDefinition", "loadBalancers", "capacityProviderStrategies"},
		},
		"auto scaling owns the count": {
			maxCount:   5,
			wantIgnore: []string{"taskDefinition", "loadBalancers", "capacityProviderStrategies", "desiredCount"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.MaxCount = tc.maxCount
			r := serviceMustRun(t, args, false)
			svc := serviceNamed(t, r, serviceTypService, "web")
			want := map[string]any{
				"cluster":                       "main",
				"schedulingStrategy":            "REPLICA",
				"desiredCount":                  2.0,
				"deploymentController":          map[string]any{"type": "CODE_DEPLOY"},
				"capacityProviderStrategies":    []any{map[string]any{"capacityProvider": "main-cp", "weight": 1.0}},
				"loadBalancers":                 []any{map[string]any{"targetGroupArn": serviceBlueARN, "containerName": "app", "containerPort": 8080.0}},
				"healthCheckGracePeriodSeconds": 60.0,
				"propagateTags":                 "SERVICE",
				"enableEcsManagedTags":          true,
				"orderedPlacementStrategies": []any{
					map[string]any{"type": "spread", "field": "attribute:ecs.availability-zone"},
					map[string]any{"type": "spread", "field": "instanceId"},
				},
				"taskDefinition": fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/ecs-bluegreen-test-web:1", awsmock.Region, awsmock.Account),
			}
			for key, w := range want {
				if diff := cmp.Diff(w, serviceAt(svc, key)); diff != "" {
					t.Errorf("service %s (-want +got):\n%s", key, diff)
				}
			}
			for _, key := range []string{"launchType", "forceNewDeployment", "deploymentCircuitBreaker"} {
				if v := serviceAt(svc, key); v != nil {
					t.Errorf("service sets %s = %v, which a CODE_DEPLOY service with a capacity provider strategy must not", key, v)
				}
			}
			if diff := cmp.Diff(tc.wantIgnore, svc.IgnoreChanges); diff != "" {
				t.Errorf("service ignoreChanges (-want +got):\n%s", diff)
			}
			for _, res := range r.mocks.Resources() {
				if res.Type != serviceTypService && len(res.IgnoreChanges) > 0 {
					t.Errorf("%s %s ignores %v; only the service should", res.Type, res.Name, res.IgnoreChanges)
				}
			}
		})
	}
}

func TestNewServiceWaitsForAssociationAndListener(t *testing.T) {
	t.Parallel()
	r := serviceMustRun(t, servicePlainArgs(), true)
	svc := serviceNamed(t, r, serviceTypService, "web")
	for _, dep := range []struct{ typ, name, why string }{
		{serviceTypAssociation, "main", "the cluster's capacity provider association"},
		{serviceTypListener, "prod", "the production listener"},
		{serviceTypTaskDef, "web", "its task definition"},
		// After a release the service uses green: `pulumi destroy` must
		// delete it before either target group.
		{serviceTypTargetGroup, "blue", "the blue target group"},
		{serviceTypTargetGroup, "green", "the green target group"},
	} {
		res := serviceNamed(t, r, dep.typ, dep.name)
		if !slices.Contains(svc.Dependencies, res.URN) {
			t.Errorf("service does not depend on %s (%s); it depends on %v", dep.why, res.URN, svc.Dependencies)
		}
	}
	group := serviceNamed(t, r, serviceTypGroup, "web")
	if !slices.Contains(group.Dependencies, svc.URN) {
		t.Errorf("deployment group does not depend on the service: %v", group.Dependencies)
	}
	// With real target groups the deployment group names them by name.
	if got := serviceAt(group, "loadBalancerInfo", "targetGroupPairInfo", "targetGroups"); !strings.Contains(fmt.Sprint(got), "blue-") || !strings.Contains(fmt.Sprint(got), "green-") {
		t.Errorf("deployment group target groups = %v, want the blue and green groups' names", got)
	}
}

func TestNewServiceDeploymentGroup(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args     func(*ecs.ServiceArgs)
		config   string
		wait     float64
		testPath bool
		ready    map[string]any // the deployment ready option; nil: continue at once
	}{
		"defaults": {
			args:   func(*ecs.ServiceArgs) {},
			config: "CodeDeployDefault.ECSAllAtOnce", wait: 5, testPath: true,
		},
		"short canary name, no wait": {
			args: func(a *ecs.ServiceArgs) {
				a.DeploymentConfig = "Canary10Percent5Minutes"
				a.TerminationWaitMinutes = new(0)
			},
			config: "CodeDeployDefault.ECSCanary10Percent5Minutes", wait: 0, testPath: true,
		},
		"existing custom config, two days, no test listener": {
			args: func(a *ecs.ServiceArgs) {
				a.DeploymentConfig = "existing:team-canary"
				a.TerminationWaitMinutes = new(2880)
				a.Traffic.TestListenerARN = nil
			},
			config: "team-canary", wait: 2880, testPath: false,
		},
		"full predefined name": {
			args:   func(a *ecs.ServiceArgs) { a.DeploymentConfig = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" },
			config: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", wait: 5, testPath: true,
		},
		"approval wait": {
			args: func(a *ecs.ServiceArgs) {
				a.ApprovalWaitMinutes = 60
			},
			config: "CodeDeployDefault.ECSAllAtOnce", wait: 5, testPath: true,
			ready: map[string]any{"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": float64(60)},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			tc.args(args)
			r := serviceMustRun(t, args, false)
			g := serviceNamed(t, r, serviceTypGroup, "web")
			alarmNames := r.out["alarms"].Strings()
			ready := tc.ready
			if ready == nil {
				ready = map[string]any{"actionOnTimeout": "CONTINUE_DEPLOYMENT"}
			}
			want := map[string]any{
				"appName":              r.out["application"].String(),
				"deploymentGroupName":  "web",
				"serviceRoleArn":       serviceDeployRole,
				"deploymentConfigName": tc.config,
				"ecsService":           map[string]any{"clusterName": "main", "serviceName": r.out["serviceName"].String()},
				"deploymentStyle":      map[string]any{"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
				"blueGreenDeploymentConfig": map[string]any{
					"deploymentReadyOption":                     ready,
					"terminateBlueInstancesOnDeploymentSuccess": map[string]any{"action": "TERMINATE", "terminationWaitTimeInMinutes": tc.wait},
				},
				"autoRollbackConfiguration": map[string]any{"enabled": true, "events": []any{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"}},
			}
			for key, w := range want {
				if diff := cmp.Diff(w, serviceAt(g, key)); diff != "" {
					t.Errorf("deployment group %s (-want +got):\n%s", key, diff)
				}
			}
			pair := map[string]any{
				"prodTrafficRoute": map[string]any{"listenerArns": []any{serviceProdARN}},
				"targetGroups":     []any{map[string]any{"name": "blue"}, map[string]any{"name": "green"}},
			}
			if tc.testPath {
				pair["testTrafficRoute"] = map[string]any{"listenerArns": []any{serviceTestARN}}
			}
			if diff := cmp.Diff(map[string]any{"targetGroupPairInfo": pair}, serviceAt(g, "loadBalancerInfo")); diff != "" {
				t.Errorf("deployment group loadBalancerInfo (-want +got):\n%s", diff)
			}

			// The group watches exactly the alarms the component created.
			var created []string
			for _, a := range r.mocks.OfType(serviceTypAlarm) {
				created = append(created, a.Name)
			}
			if len(alarmNames) != 4 || len(created) != 4 {
				t.Fatalf("AlarmNames = %v for alarms %v, want 4", alarmNames, created)
			}
			for i, suffix := range []string{"-blue-5xx", "-blue-unhealthy", "-green-5xx", "-green-unhealthy"} {
				if !strings.HasPrefix(alarmNames[i], "web"+suffix+"-") || !slices.Contains(created, "web"+suffix) {
					t.Errorf("AlarmNames[%d] = %q, want the name of alarm web%s", i, alarmNames[i], suffix)
				}
			}
			wantAlarms := map[string]any{"enabled": true, "alarms": []any{alarmNames[0], alarmNames[1], alarmNames[2], alarmNames[3]}}
			if diff := cmp.Diff(wantAlarms, serviceAt(g, "alarmConfiguration")); diff != "" {
				t.Errorf("deployment group alarmConfiguration (-want +got):\n%s", diff)
			}
			app := serviceNamed(t, r, serviceTypApp, "web")
			if got := serviceAt(app, "computePlatform"); got != "ECS" {
				t.Errorf("application computePlatform = %v, want ECS", got)
			}
		})
	}
}

const serviceTypConfig = "aws:codedeploy/deploymentConfig:DeploymentConfig"

// TestNewServiceCreatesDeploymentConfig checks the canary and linear
// configurations CodeDeploy does not predefine: the component creates one,
// and the deployment group names it and depends on it.
func TestNewServiceCreatesDeploymentConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		config  string
		routing map[string]any
	}{
		"Canary20Percent3Minutes": {"Canary20Percent3Minutes", map[string]any{
			"type": "TimeBasedCanary", "timeBasedCanary": map[string]any{"percentage": 20.0, "interval": 3.0},
		}},
		"Linear25PercentEvery2Minutes": {"Linear25PercentEvery2Minutes", map[string]any{
			"type": "TimeBasedLinear", "timeBasedLinear": map[string]any{"percentage": 25.0, "interval": 2.0},
		}},
		"one minute, singular": {"Canary50Percent1Minutes", map[string]any{
			"type": "TimeBasedCanary", "timeBasedCanary": map[string]any{"percentage": 50.0, "interval": 1.0},
		}},
		"widest": {"Linear99PercentEvery2880Minutes", map[string]any{
			"type": "TimeBasedLinear", "timeBasedLinear": map[string]any{"percentage": 99.0, "interval": 2880.0},
		}},
		// The predefined one's numbers with another interval.
		"near a predefined one": {"Canary10Percent6Minutes", map[string]any{
			"type": "TimeBasedCanary", "timeBasedCanary": map[string]any{"percentage": 10.0, "interval": 6.0},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.DeploymentConfig = tc.config
			r := serviceMustRun(t, args, false)
			configs := r.mocks.OfType(serviceTypConfig)
			if len(configs) != 1 {
				t.Fatalf("DeploymentConfig %q creates %d configurations, want 1", tc.config, len(configs))
			}
			c := configs[0]
			if c.Name != "web-"+tc.config {
				t.Errorf("configuration's logical name = %q, want %q", c.Name, "web-"+tc.config)
			}
			want := map[string]any{"computePlatform": "ECS", "trafficRoutingConfig": tc.routing}
			if diff := cmp.Diff(want, c.Inputs.Mappable()); diff != "" {
				t.Errorf("configuration inputs (-want +got):\n%s", diff)
			}
			comp := serviceNamed(t, r, ecs.ServiceType, "web")
			if c.Parent != comp.URN {
				t.Errorf("configuration's parent = %q, want the component", c.Parent)
			}
			group := serviceNamed(t, r, serviceTypGroup, "web")
			// The mocks name it as Pulumi would: logical name and a suffix.
			if got := group.String("deploymentConfigName"); !strings.HasPrefix(got, "web-"+tc.config+"-") {
				t.Errorf("deployment group's configuration = %q, want the created one's name", got)
			}
			if !group.DependsOn(c.URN) {
				t.Errorf("deployment group does not depend on its configuration %s: %v", c.URN, group.Dependencies)
			}
		})
	}
}

// TestNewServicePredefinedDeploymentConfig checks that a predefined or
// existing configuration is named as it is and nothing is created.
func TestNewServicePredefinedDeploymentConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                                 "CodeDeployDefault.ECSAllAtOnce",
		"AllAtOnce":                        "CodeDeployDefault.ECSAllAtOnce",
		"Canary10Percent5Minutes":          "CodeDeployDefault.ECSCanary10Percent5Minutes",
		"Canary10Percent15Minutes":         "CodeDeployDefault.ECSCanary10Percent15Minutes",
		"Linear10PercentEvery1Minutes":     "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
		"Linear10PercentEvery3Minutes":     "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
		"CodeDeployDefault.ECSAllAtOnce":   "CodeDeployDefault.ECSAllAtOnce",
		"existing:team-linear-5":           "team-linear-5",
		"existing:Canary20Percent3Minutes": "Canary20Percent3Minutes",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.DeploymentConfig = in
			r := serviceMustRun(t, args, false)
			if n := len(r.mocks.OfType(serviceTypConfig)); n != 0 {
				t.Errorf("DeploymentConfig %q creates %d configurations, want none", in, n)
			}
			if got := serviceNamed(t, r, serviceTypGroup, "web").String("deploymentConfigName"); got != want {
				t.Errorf("DeploymentConfig %q: deployment group's configuration = %q, want %q", in, got, want)
			}
		})
	}
}

func TestNewServiceHealthCheckGracePeriod(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   *int
		want float64
	}{
		"nil is the default": {nil, 60},
		"zero is none":       {new(0), 0},
		"two minutes":        {new(120), 120},
		"the longest":        {new(ecs.MaxHealthCheckGracePeriodSeconds), 7200},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.HealthCheckGracePeriodSeconds = tc.in
			r := serviceMustRun(t, args, false)
			if got := serviceNamed(t, r, serviceTypService, "web").Number("healthCheckGracePeriodSeconds"); got != tc.want {
				t.Errorf("HealthCheckGracePeriodSeconds %v: service's grace period = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// logRecorder records what a program logs: the mocks drop it.
type logRecorder struct {
	mu    sync.Mutex
	warns []string
	pulumi.Log
}

func (l *logRecorder) Warn(msg string, _ *pulumi.LogArgs) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.warns = append(l.warns, msg)
	return nil
}

func TestNewServiceWarnsOfUnpinnedImage(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		image    string
		imageURI pulumi.StringInput
		want     []string
	}{
		"no tag": {image: "public.ecr.aws/nginx/nginx-unprivileged", want: []string{
			`image "public.ecr.aws/nginx/nginx-unprivileged" has no tag or digest: ECS pulls :latest, so a release cannot be repeated or rolled back to the same image`,
		}},
		"registry port, no tag": {image: "localhost:5000/app", want: []string{
			`image "localhost:5000/app" has no tag or digest: ECS pulls :latest, so a release cannot be repeated or rolled back to the same image`,
		}},
		"tag":                   {image: "nginx:1.27"},
		"latest is a tag":       {image: "nginx:latest"},
		"digest":                {image: "nginx@sha256:" + strings.Repeat("ab", 32)},
		"registry port and tag": {image: "localhost:5000/app:v1"},
		"built by the stack":    {imageURI: pulumi.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + strings.Repeat("ab", 32))},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.Image, args.ImageURI = tc.image, tc.imageURI
			logs := &logRecorder{}
			err := awsmock.Run(&awsmock.Mocks{}, nil, func(ctx *pulumi.Context) error {
				logs.Log = ctx.Log
				ctx.Log = logs
				_, err := ecs.NewService(ctx, "web", args)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, logs.warns); diff != "" {
				t.Errorf("NewService with Image %q warns (-want +got):\n%s", tc.image, diff)
			}
		})
	}
}

func TestServiceArgsTasks(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		edit func(*ecs.ServiceArgs)
		want ecs.ServiceTasks
	}{
		"defaults":                       {func(*ecs.ServiceArgs) {}, ecs.ServiceTasks{CPU: 256, MemoryMiB: 512, MaxCount: 2}},
		"placed by the soft limit":       {func(a *ecs.ServiceArgs) { a.MemoryReservationMiB = 384 }, ecs.ServiceTasks{CPU: 256, MemoryMiB: 384, MaxCount: 2}},
		"own sizes":                      {func(a *ecs.ServiceArgs) { a.CPU, a.MemoryMiB = 1024, 2048 }, ecs.ServiceTasks{CPU: 1024, MemoryMiB: 2048, MaxCount: 2}},
		"auto scaling: its maximum":      {func(a *ecs.ServiceArgs) { a.MaxCount = 10 }, ecs.ServiceTasks{CPU: 256, MemoryMiB: 512, MaxCount: 10}},
		"soft limit with its own memory": {func(a *ecs.ServiceArgs) { a.MemoryMiB, a.MemoryReservationMiB = 1024, 700 }, ecs.ServiceTasks{CPU: 256, MemoryMiB: 700, MaxCount: 2}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			tc.edit(args)
			if diff := cmp.Diff(tc.want, args.Tasks()); diff != "" {
				t.Errorf("Tasks() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewServiceAlarms(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.Target5XXAlarmThreshold = 25
	r := serviceMustRun(t, args, false)
	tests := map[string]struct {
		metric, statistic, operator, group string
		threshold                          float64
	}{
		"web-blue-5xx":        {"HTTPCode_Target_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", serviceBlueSuffix, 25},
		"web-blue-unhealthy":  {"UnHealthyHostCount", "Maximum", "GreaterThanThreshold", serviceBlueSuffix, 0},
		"web-green-5xx":       {"HTTPCode_Target_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", serviceGreenSfx, 25},
		"web-green-unhealthy": {"UnHealthyHostCount", "Maximum", "GreaterThanThreshold", serviceGreenSfx, 0},
	}
	for name, tc := range tests {
		a := serviceNamed(t, r, serviceTypAlarm, name)
		want := map[string]any{
			"namespace":          "AWS/ApplicationELB",
			"metricName":         tc.metric,
			"statistic":          tc.statistic,
			"comparisonOperator": tc.operator,
			"threshold":          tc.threshold,
			"period":             60.0,
			"evaluationPeriods":  3.0,
			"datapointsToAlarm":  2.0,
			"treatMissingData":   "notBreaching",
			"dimensions":         map[string]any{"LoadBalancer": serviceLBSuffix, "TargetGroup": tc.group},
		}
		for key, w := range want {
			if diff := cmp.Diff(w, serviceAt(a, key)); diff != "" {
				t.Errorf("alarm %s %s (-want +got):\n%s", name, key, diff)
			}
		}
		// CodeDeploy polls the alarms; without a topic nobody else hears.
		if v := serviceAt(a, "alarmActions"); v != nil {
			t.Errorf("alarm %s has actions %v without a notification topic", name, v)
		}
	}
	dg := serviceNamed(t, r, serviceTypGroup, "web")
	if v := serviceAt(dg, "triggerConfigurations"); v != nil {
		t.Errorf("deployment group triggers %v without a notification topic", v)
	}
}

// TestNewServiceNotifications: with a topic, every rollback alarm notifies
// it when it fires and when it recovers, and the deployment group tells it
// how each release ended.
func TestNewServiceNotifications(t *testing.T) {
	t.Parallel()
	const topic = "arn:aws:sns:us-east-1:123456789012:notifications-abc1234"
	args := servicePlainArgs()
	args.NotificationTopicARN = pulumi.String(topic)
	r := serviceMustRun(t, args, false)
	alarms := r.mocks.OfType(serviceTypAlarm)
	if len(alarms) != 4 {
		t.Fatalf("%d alarms, want 4", len(alarms))
	}
	for _, a := range alarms {
		for _, key := range []string{"alarmActions", "okActions"} {
			if diff := cmp.Diff([]any{topic}, serviceAt(a, key)); diff != "" {
				t.Errorf("alarm %s %s (-want +got):\n%s", a.Name, key, diff)
			}
		}
	}
	dg := serviceNamed(t, r, serviceTypGroup, "web")
	want := []any{map[string]any{
		"triggerName":      "web-releases",
		"triggerEvents":    []any{"DeploymentFailure", "DeploymentRollback", "DeploymentStop", "DeploymentSuccess"},
		"triggerTargetArn": topic,
	}}
	if diff := cmp.Diff(want, serviceAt(dg, "triggerConfigurations")); diff != "" {
		t.Errorf("deployment group triggers (-want +got):\n%s", diff)
	}
	// The deployment group publishes with its service role: the one the
	// topic must admit.
	if got := serviceAt(dg, "serviceRoleArn"); got != serviceDeployRole {
		t.Errorf("deployment group role %v", got)
	}
}

// TestNewServiceLogKey: a KMS key encrypts the container's log group; none
// leaves CloudWatch Logs' own encryption.
func TestNewServiceLogKey(t *testing.T) {
	t.Parallel()
	const key = "arn:aws:kms:us-east-1:123456789012:key/0e1f"
	for _, k := range []string{"", key} {
		args := servicePlainArgs()
		if k != "" {
			args.LogKMSKeyARN = pulumi.String(k)
		}
		r := serviceMustRun(t, args, false)
		lg := serviceNamed(t, r, serviceTypLogGroup, "web")
		if got, _ := serviceAt(lg, "kmsKeyId").(string); got != k {
			t.Errorf("LogKMSKeyARN %q: log group kmsKeyId = %v", k, serviceAt(lg, "kmsKeyId"))
		}
	}
}

// TestNewServiceWritableRoot: ReadonlyRootFilesystem new(false) leaves the
// root writable and mounts no tmpfs; User is the container's user.
func TestNewServiceWritableRoot(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.ReadonlyRootFilesystem = new(false)
	args.User = "101"
	r := serviceMustRun(t, args, false)
	td := serviceNamed(t, r, serviceTypTaskDef, "web")
	var defs []map[string]any
	if err := json.Unmarshal([]byte(serviceAt(td, "containerDefinitions").(string)), &defs); err != nil {
		t.Fatal(err)
	}
	c := defs[0]
	if _, has := c["readonlyRootFilesystem"]; has || c["user"] != "101" {
		t.Errorf("container %v: want a writable root (key left out) and user 101", c)
	}
	if lp := c["linuxParameters"].(map[string]any); lp["tmpfs"] != nil {
		t.Errorf("writable root mounts tmpfs %v", lp["tmpfs"])
	}
}

func TestNewServiceAutoScaling(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.MaxCount = 8
	args.TargetCPUUtilizationPercent = 45
	r := serviceMustRun(t, args, false)
	target := serviceNamed(t, r, serviceTypTarget, "web")
	resourceID := "service/main/" + r.out["serviceName"].String()
	for key, w := range map[string]any{
		"serviceNamespace": "ecs", "scalableDimension": "ecs:service:DesiredCount",
		"resourceId": resourceID, "minCapacity": 2.0, "maxCapacity": 8.0,
	} {
		if diff := cmp.Diff(w, serviceAt(target, key)); diff != "" {
			t.Errorf("scaling target %s (-want +got):\n%s", key, diff)
		}
	}
	policy := serviceNamed(t, r, serviceTypPolicy, "web-cpu")
	for key, w := range map[string]any{
		"policyType": "TargetTrackingScaling", "resourceId": resourceID,
		"serviceNamespace": "ecs", "scalableDimension": "ecs:service:DesiredCount",
	} {
		if diff := cmp.Diff(w, serviceAt(policy, key)); diff != "" {
			t.Errorf("scaling policy %s (-want +got):\n%s", key, diff)
		}
	}
	tt := "targetTrackingScalingPolicyConfiguration"
	if got := serviceAt(policy, tt, "predefinedMetricSpecification", "predefinedMetricType"); got != "ECSServiceAverageCPUUtilization" {
		t.Errorf("scaling policy metric = %v, want ECSServiceAverageCPUUtilization", got)
	}
	if got := serviceAt(policy, tt, "targetValue"); got != 45.0 {
		t.Errorf("scaling policy target = %v, want 45", got)
	}

	args = servicePlainArgs()
	args.MaxCount = 3
	r = serviceMustRun(t, args, false)
	policy = serviceNamed(t, r, serviceTypPolicy, "web-cpu")
	if got := serviceAt(policy, tt, "targetValue"); got != 60.0 {
		t.Errorf("scaling policy default target = %v, want 60", got)
	}
}

func TestNewServiceParentsAndTags(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.MaxCount = 4
	args.Tags = map[string]string{"team": "web", "env": "test"}
	r := serviceMustRun(t, args, false)
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == ecs.ServiceType {
			comp = res.URN
		}
	}
	for _, res := range r.mocks.Resources() {
		if res.Type == ecs.ServiceType {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		if res.Type == serviceTypPolicy {
			continue // not taggable
		}
		m, ok := serviceAt(res, "tags").(map[string]any)
		if !ok {
			t.Errorf("%s %s has no tags", res.Type, res.Name)
			continue
		}
		if diff := cmp.Diff(map[string]any{"team": "web", "env": "test", "Name": res.Name}, m); diff != "" {
			t.Errorf("%s %s tags (-want +got):\n%s", res.Type, res.Name, diff)
		}
	}
}

func TestNewServiceOutputs(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.ContainerName = "api"
	args.ContainerPort = 9000
	r := serviceMustRun(t, args, false)
	svcName := r.out["serviceName"].String()
	want := map[string]any{
		"serviceArn":        fmt.Sprintf("arn:aws:ecs:%s:%s:service/cluster/%s", awsmock.Region, awsmock.Account, svcName),
		"family":            "ecs-bluegreen-test-web",
		"taskDefinitionArn": fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/ecs-bluegreen-test-web:1", awsmock.Region, awsmock.Account),
		"containerName":     "api",
		"containerPort":     9000,
		"capacityProvider":  "main-cp",
		"deploymentGroup":   "web",
	}
	for k, w := range want {
		got, known := r.out[k].Get()
		if !known || !cmp.Equal(w, got) {
			t.Errorf("output %s = %v (known %v), want %v", k, got, known, w)
		}
	}
	for _, k := range []string{"serviceName", "logGroup", "application"} {
		if got := r.out[k].String(); !strings.HasPrefix(got, "web-") {
			t.Errorf("output %s = %q, want the physical name of web", k, got)
		}
	}
}

// TestNewServiceIsDeterministic registers the same service twice: every
// input must be identical, or each `pulumi up` would propose changes (a new
// task definition revision, reordered alarms).
func TestNewServiceIsDeterministic(t *testing.T) {
	t.Parallel()
	args := func() *ecs.ServiceArgs {
		a := servicePlainArgs()
		a.MaxCount = 4
		a.Environment = map[string]string{"A": "1", "B": "2", "C": "3", "D": "4", "E": "5", "F": "6"}
		a.Tags = map[string]string{"x": "1", "y": "2", "z": "3"}
		return a
	}
	first := serviceMustRun(t, args(), false)
	for range 5 {
		again := serviceMustRun(t, args(), false)
		a, b := first.mocks.Resources(), again.mocks.Resources()
		key := func(r awsmock.Resource) string { return r.Type + "/" + r.Name }
		slices.SortFunc(a, func(x, y awsmock.Resource) int { return strings.Compare(key(x), key(y)) })
		slices.SortFunc(b, func(x, y awsmock.Resource) int { return strings.Compare(key(x), key(y)) })
		if len(a) != len(b) {
			t.Fatalf("runs register %d and %d resources", len(a), len(b))
		}
		for i := range a {
			if diff := cmp.Diff(a[i].Inputs.Mappable(), b[i].Inputs.Mappable()); diff != "" {
				t.Errorf("%s inputs differ between runs (-first +again):\n%s", key(a[i]), diff)
			}
		}
	}
}

// TestNewServiceRejectsBadArgs checks what only the constructor checks (the
// required inputs, the two target groups) and that Validate's problems reach
// its error; TestServiceValidate has the rules themselves.
func TestNewServiceRejectsBadArgs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args func(*ecs.ServiceArgs) *ecs.ServiceArgs
		want []string
	}{
		"nil args": {
			args: func(*ecs.ServiceArgs) *ecs.ServiceArgs { return nil },
			want: []string{"ClusterName is missing", "CapacityProviderName is missing", "ExecutionRoleARN is missing", "TaskRoleARN is missing",
				"CodeDeployRoleARN is missing", "Traffic.ProductionListenerARN is missing", "Traffic.Blue.ARN is missing", "Traffic.Blue.Name is missing",
				"Traffic.Green.Name is missing", "Traffic.Blue.ARNSuffix is missing", "Traffic.Green.ARNSuffix is missing",
				"Traffic.LoadBalancerARNSuffix is missing", `Image "" is empty`, "DesiredCount 0 is out of range: use 1 to 5000 tasks"},
		},
		"one missing input": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs { a.Traffic.Green.ARNSuffix = nil; return a },
			want: []string{"Traffic.Green.ARNSuffix is missing: it is required; pass the load balancer's Traffic()"},
		},
		"same target group twice": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs { a.Traffic.Green.Name = pulumi.String("blue"); return a },
			want: []string{`Traffic.Green.Name "blue" is also Traffic.Blue.Name`},
		},
		"image with spaces": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs { a.Image = "nginx latest"; return a },
			want: []string{`Image "nginx latest" contains white space`},
		},
		"reference to another field": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs { a.MaxCount = 1; return a },
			want: []string{"MaxCount 1 is below DesiredCount 2: use at least 2"},
		},
		"EC2 deployment config": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs {
				a.DeploymentConfig = "CodeDeployDefault.OneAtATime"
				return a
			},
			want: []string{`DeploymentConfig "CodeDeployDefault.OneAtATime" is not one of CodeDeploy's configurations for ECS`, "AllAtOnce, Linear10PercentEvery1Minutes"},
		},
		"every problem at once": {
			args: func(a *ecs.ServiceArgs) *ecs.ServiceArgs {
				a.ClusterName, a.ContainerPort, a.LogRetentionDays, a.DeploymentConfig = nil, -1, 2, "CodeDeployDefault.HalfAtATime"
				return a
			},
			want: []string{"ClusterName is missing", "ContainerPort -1", "LogRetentionDays 2", `"CodeDeployDefault.HalfAtATime"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := tc.args(servicePlainArgs())
			r, err := serviceRun(t, args, false, false)
			if err == nil {
				t.Fatalf("NewService(%+v) succeeded, want an error", args)
			}
			if !strings.Contains(err.Error(), "ecs: web: ") {
				t.Errorf("NewService error %q lacks the origin prefix \"ecs: web: \"", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NewService error %q lacks %q", err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewService registered %d resources before failing, want 0", n)
			}
		})
	}
}

func TestNewServiceRejectsLongName(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	long := strings.Repeat("w", ecs.MaxServiceNameLength+1)
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		_, err := ecs.NewService(ctx, long, servicePlainArgs())
		return err
	})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("has %d characters: use at most %d", len(long), ecs.MaxServiceNameLength)) {
		t.Errorf("NewService with a %d-character name: %v", len(long), err)
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("NewService registered %d resources before failing, want 0", n)
	}
}

func TestNewServiceDryRun(t *testing.T) {
	t.Parallel()
	args := servicePlainArgs()
	args.MaxCount = 4
	r, err := serviceRun(t, args, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, known := r.out["serviceArn"].Get(); known {
		t.Error("ServiceARN is known in a preview")
	}
	if got, _ := r.out["containerPort"].Get(); got != 8080 {
		t.Errorf("ContainerPort in a preview = %v, want 8080", got)
	}
	got := r.mocks.CountByType()
	for typ, n := range map[string]int{serviceTypTaskDef: 1, serviceTypService: 1, serviceTypAlarm: 4, serviceTypGroup: 1, serviceTypTarget: 1, serviceTypPolicy: 1} {
		if got[typ] != n {
			t.Errorf("preview registers %d %s, want %d", got[typ], typ, n)
		}
	}
}

func ExampleNewService() {
	program := func(ctx *pulumi.Context) error {
		// In a stack these come from the cluster, load balancer and iam
		// components' outputs (Traffic from alb.LoadBalancer.Traffic()).
		// Here the load balancer is one of the caller's own, created
		// elsewhere: Traffic is filled by hand.
		svc, err := ecs.NewService(ctx, "web", &ecs.ServiceArgs{
			ClusterName:          pulumi.String("main"),
			CapacityProviderName: pulumi.String("main-cp"),
			Image:                "public.ecr.aws/nginx/nginx-unprivileged:1.27",
			ContainerPort:        8080,
			DesiredCount:         2,
			MaxCount:             6,
			Environment:          map[string]string{"APP_ENV": "prod"},
			ExecutionRoleARN:     pulumi.String("arn:aws:iam::123456789012:role/web-exec"),
			TaskRoleARN:          pulumi.String("arn:aws:iam::123456789012:role/web-task"),
			CodeDeployRoleARN:    pulumi.String("arn:aws:iam::123456789012:role/web-codedeploy"),
			Traffic: bluegreen.Traffic{
				ProductionListenerARN: pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/80"),
				TestListenerARN:       pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/8080"),
				Blue: bluegreen.TargetGroup{
					// Already forwarded to by the production listener.
					ARN:       pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/1"),
					Name:      pulumi.String("web-blue"),
					ARNSuffix: pulumi.String("targetgroup/web-blue/1"),
				},
				Green: bluegreen.TargetGroup{
					ARN:       pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/2"),
					Name:      pulumi.String("web-green"),
					ARNSuffix: pulumi.String("targetgroup/web-green/2"),
				},
				LoadBalancerARNSuffix: pulumi.String("app/web/1"),
			},
			DeploymentConfig:       "Canary10Percent5Minutes",
			TerminationWaitMinutes: new(15),
			Tags:                   map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		ctx.Export("deploymentGroup", svc.DeploymentGroupName)
		ctx.Export("taskDefinitionArn", svc.TaskDefinitionARN)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
