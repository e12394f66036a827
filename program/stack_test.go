package program

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The tests in this file check what only the composition decides: how the
// components are wired together in program.go.

// stackRun runs the program under mocks with a committed stack's
// configuration and the extra keys, failing the test if it fails.
func stackRun(t *testing.T, stack string, extra map[string]string) programRun {
	t.Helper()
	cfg := stackConfigMap(t, stack)
	for k, v := range extra {
		cfg[awsmock.Project+":"+k] = v
	}
	r := runProgram(&awsmock.Mocks{}, cfg)
	if r.err != nil {
		t.Fatalf("program: %v", r.err)
	}
	return r
}

// devRun is stackRun of the dev stack.
func devRun(t *testing.T, extra map[string]string) programRun {
	t.Helper()
	return stackRun(t, "dev", extra)
}

func one(t *testing.T, m *awsmock.Mocks, typ string) awsmock.Resource {
	t.Helper()
	rs := m.OfType(typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(rs), typ)
	}
	return rs[0]
}

// named returns the resource of a type and name, failing t without one.
func named(t *testing.T, m *awsmock.Mocks, typ, name string) awsmock.Resource {
	t.Helper()
	r, ok := m.Named(typ, name)
	if !ok {
		t.Fatalf("no %s %s", typ, name)
	}
	return r
}

func urnOf(t *testing.T, m *awsmock.Mocks, typ, name string) string {
	t.Helper()
	r, ok := m.Named(typ, name)
	if !ok {
		t.Fatalf("no %s %s", typ, name)
	}
	return r.URN
}

func TestCompositionOrdering(t *testing.T) {
	t.Parallel()
	r := devRun(t, nil)
	m := r.mocks
	lb := one(t, m, "aws:lb/loadBalancer:LoadBalancer")
	// The load balancer waits for the public default route, which waits
	// for the internet gateway.
	route, _ := m.Named("aws:ec2/route:Route", "vpc-public-internet")
	if igw := urnOf(t, m, "aws:ec2/internetGateway:InternetGateway", "vpc-igw"); !lb.DependsOn(route.URN) || !route.DependsOn(igw) {
		t.Errorf("the load balancer does not wait for the internet gateway: %v", lb.Dependencies)
	}
	svc := one(t, m, "aws:ecs/service:Service")
	if l := urnOf(t, m, "aws:lb/listener:Listener", "web-prod"); !svc.DependsOn(l) {
		t.Errorf("the service does not wait for the production listener: %v", svc.Dependencies)
	}
	assoc := one(t, m, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")
	if !svc.DependsOn(assoc.URN) {
		t.Errorf("the service does not wait for the capacity provider association: %v", svc.Dependencies)
	}
	// Nothing on the service's path waits for a NAT gateway or for
	// instances: those are not needed to create it.
	for _, d := range svc.Dependencies {
		if strings.Contains(d, "natGateway") || strings.Contains(d, "autoscaling/group") {
			t.Errorf("the service depends on %s", d)
		}
	}
}

func TestCompositionWiring(t *testing.T) {
	t.Parallel()
	r := devRun(t, nil)
	m := r.mocks
	str := func(v resource.PropertyValue) string {
		if v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	exp := func(name string) string { return r.exports[name].String() }

	// The deployment group names both target groups by their physical
	// names, and the listeners by ARN, as the load balancer exports them.
	dg := one(t, m, "aws:codedeploy/deploymentGroup:DeploymentGroup")
	pair := dg.Inputs["loadBalancerInfo"].ObjectValue()["targetGroupPairInfo"].ObjectValue()
	var tgs []string
	for _, tg := range pair["targetGroups"].ArrayValue() {
		tgs = append(tgs, str(tg.ObjectValue()["name"]))
	}
	if want := []string{exp("blueTargetGroupName"), exp("greenTargetGroupName")}; strings.Join(tgs, ",") != strings.Join(want, ",") || want[0] == "" {
		t.Errorf("deployment group target groups = %v, want %v", tgs, want)
	}
	prod := str(pair["prodTrafficRoute"].ObjectValue()["listenerArns"].ArrayValue()[0])
	test := str(pair["testTrafficRoute"].ObjectValue()["listenerArns"].ArrayValue()[0])
	if prod != exp("productionListenerArn") || test != exp("testListenerArn") || prod == test {
		t.Errorf("deployment group listeners = %s, %s; want production %s and test %s", prod, test, exp("productionListenerArn"), exp("testListenerArn"))
	}

	// The service starts on the blue group with the configured container.
	svc := one(t, m, "aws:ecs/service:Service")
	lbs := svc.Inputs["loadBalancers"].ArrayValue()
	if len(lbs) != 1 {
		t.Fatalf("service load balancers = %d, want 1 (blue only)", len(lbs))
	}
	lbIn := lbs[0].ObjectValue()
	if str(lbIn["containerName"]) != "app" || lbIn["containerPort"].NumberValue() != 8080 || !strings.Contains(str(lbIn["targetGroupArn"]), "targetgroup/"+exp("blueTargetGroupName")+"/") {
		t.Errorf("service load balancer = %v, want the blue group %s with app:8080", lbIn, exp("blueTargetGroupName"))
	}

	// The instances admit the dynamic port range only from the load
	// balancer's security group.
	albSG := urnOf(t, m, "aws:ec2/securityGroup:SecurityGroup", "web-sg")
	var fromALB int
	for _, rule := range m.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if !strings.HasPrefix(rule.Name, "cluster") {
			continue
		}
		if !rule.DependsOn(albSG) || rule.Inputs["fromPort"].NumberValue() != 32768 || rule.Inputs["toPort"].NumberValue() != 65535 {
			t.Errorf("instance ingress rule %s = %v", rule.Name, rule.Inputs)
		}
		if _, has := rule.Inputs["cidrIpv4"]; has {
			t.Errorf("instance ingress rule %s admits a CIDR block", rule.Name)
		}
		fromALB++
	}
	if fromALB != 1 {
		t.Errorf("instance ingress rules = %d, want 1", fromALB)
	}

	// The instances run in the private subnets.
	asg := named(t, m, "aws:autoscaling/group:Group", "cluster")
	var subnets []string
	for _, s := range asg.Inputs["vpcZoneIdentifiers"].ArrayValue() {
		subnets = append(subnets, s.StringValue())
	}
	if strings.Join(subnets, ",") != strings.Join(r.exports[outputs.PrivateSubnetIDs].Strings(), ",") {
		t.Errorf("instances in %v, want the private subnets %v", subnets, r.exports[outputs.PrivateSubnetIDs].Strings())
	}
	lb := one(t, m, "aws:lb/loadBalancer:LoadBalancer")
	var lbSubnets []string
	for _, s := range lb.Inputs["subnets"].ArrayValue() {
		lbSubnets = append(lbSubnets, s.StringValue())
	}
	if strings.Join(lbSubnets, ",") != strings.Join(r.exports[outputs.PublicSubnetIDs].Strings(), ",") {
		t.Errorf("load balancer in %v, want the public subnets %v", lbSubnets, r.exports[outputs.PublicSubnetIDs].Strings())
	}
}

// TestOutputs checks that everything a user and a release pipeline need is
// exported and known after an update.
func TestOutputs(t *testing.T) {
	t.Parallel()
	r := devRun(t, nil)
	for _, name := range []string{
		outputs.URL, outputs.TestURL, outputs.LoadBalancerDNSName, outputs.ClusterName, outputs.ServiceName,
		outputs.TaskDefinitionFamily, outputs.TaskDefinitionARN, outputs.ContainerName, outputs.ContainerPort,
		outputs.CapacityProviderName, outputs.LogGroupName, outputs.CodeDeployApplicationName,
		outputs.DeploymentGroupName, outputs.ProductionListenerARN, outputs.TestListenerARN,
		outputs.BlueTargetGroupName, outputs.GreenTargetGroupName, outputs.AlarmNames, outputs.RepositoryURL,
		outputs.RepositoryName,
	} {
		v, ok := r.exports[name]
		if !ok {
			t.Errorf("output %s is not exported", name)
			continue
		}
		if got, known := v.Get(); !known || got == "" {
			t.Errorf("output %s = %v (known %v) after an update", name, got, known)
		}
	}
	if got := r.exports[outputs.URL].String(); !strings.HasPrefix(got, "http://") || strings.Contains(got, ":80") {
		t.Errorf("url = %q, want http://<dns> without the default port", got)
	}
	if got := r.exports[outputs.TestURL].String(); !strings.HasSuffix(got, ":8080") {
		t.Errorf("testUrl = %q, want the test listener's port 8080", got)
	}
	if got := r.exports[outputs.TaskDefinitionARN].String(); !strings.Contains(got, ":task-definition/") || !strings.HasSuffix(got, ":1") {
		t.Errorf("taskDefinitionArn = %q, want an ARN with a revision", got)
	}
}

// TestConfigBoundsFitTheComponents runs the program at the edges of every
// ranged key: what the configuration accepts, the components accept too, so
// a valid stack never fails half-way through registration.
func TestConfigBoundsFitTheComponents(t *testing.T) {
	t.Parallel()
	for name, extra := range map[string]map[string]string{
		"lowest": {
			"healthCheckIntervalSeconds": "5", "healthyThresholdCount": "2", "deregistrationDelaySeconds": "0",
			"cpu": "2", "memory": "6", "logRetentionDays": "1", "healthCheckGracePeriodSeconds": "0",
			"terminationWaitMinutes": "0", "containerPort": "1", "listenerPort": "1", "testListenerPort": "2",
			"desiredCount": "1", "maxCount": "1", "containerName": "a", "healthCheckPath": "/", "testListenerCidrs": `["10.0.0.0/8"]`,
		},
		"highest": {
			"healthCheckIntervalSeconds": "300", "healthyThresholdCount": "10", "deregistrationDelaySeconds": "3600",
			"instanceType": "m7i.48xlarge", "cpu": "196608", "memory": "770352", "logRetentionDays": "3653", "healthCheckGracePeriodSeconds": "7200",
			"terminationWaitMinutes": "2880", "approvalWaitMinutes": "2880", "containerPort": "65535", "listenerPort": "65535", "testListenerPort": "65534",
			"desiredCount": "40", "maxCount": "1000", "containerName": strings.Repeat("c", 255), "healthCheckPath": "/" + strings.Repeat("h", 1023),
			"deploymentConfig": "existing:my-custom-config", "vpcCidr": "192.168.0.0/23", "natGateways": "perAz",
		},
		"https": {
			"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
			"accessLogs":     "true", "deletionProtection": "true", "flowLogs": "true",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			devRun(t, extra)
		})
	}
}

// TestImageRepository checks the stack's ECR repository: scanned on push,
// immutable tags, encrypted, with a lifecycle policy.
func TestImageRepository(t *testing.T) {
	t.Parallel()
	r := devRun(t, nil)
	repo := one(t, r.mocks, "aws:ecr/repository:Repository")
	if v := repo.Inputs["imageTagMutability"]; !v.IsString() || v.StringValue() != "IMMUTABLE" {
		t.Errorf("imageTagMutability = %v, want IMMUTABLE", v)
	}
	scan := repo.Inputs["imageScanningConfiguration"]
	if !scan.IsObject() || !scan.ObjectValue()["scanOnPush"].BoolValue() {
		t.Errorf("imageScanningConfiguration = %v, want scanOnPush", scan)
	}
	if enc := repo.Inputs["encryptionConfigurations"]; !enc.IsArray() || len(enc.ArrayValue()) != 1 {
		t.Errorf("encryptionConfigurations = %v, want one", enc)
	}
	one(t, r.mocks, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
	if got := r.exports[outputs.RepositoryURL].String(); !strings.Contains(got, ".dkr.ecr.") {
		t.Errorf("repositoryUrl = %q", got)
	}
}

// TestBuildImage: with buildImage the stack builds the bundled service into
// its own repository and the task definition runs exactly that image.
func TestBuildImage(t *testing.T) {
	t.Parallel()
	r := devRun(t, map[string]string{"buildImage": "true"})
	img := one(t, r.mocks, "awsx:ecr:Image")
	if v := img.Inputs["context"]; !v.IsString() || v.StringValue() != sampleAppDir {
		t.Errorf("image build context = %v, want %s", v, sampleAppDir)
	}
	td := one(t, r.mocks, "aws:ecs/taskDefinition:TaskDefinition")
	var defs []struct {
		Image string `json:"image"`
	}
	if err := json.Unmarshal([]byte(td.Inputs["containerDefinitions"].StringValue()), &defs); err != nil || len(defs) != 1 {
		t.Fatalf("container definitions: %v, %v", defs, err)
	}
	repo := r.exports[outputs.RepositoryURL].String()
	if !strings.HasPrefix(defs[0].Image, repo+"@sha256:") || repo == "" {
		t.Errorf("task runs %q, want the image built into %s", defs[0].Image, repo)
	}
	if r := devRun(t, nil); len(r.mocks.OfType("awsx:ecr:Image")) != 0 {
		t.Error("the dev stack builds an image: it must deploy without Docker")
	}
}

// TestNATInstanceForwardsTheListenerPorts: with natGateways instance, the
// NAT forwards HTTPS and the load balancer's listener ports, so that a
// client in the private subnets reaches the test URL through it; a NAT
// gateway needs no such list.
func TestNATInstanceForwardsTheListenerPorts(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		extra map[string]string
		want  []float64
	}{
		"default ports": {nil, []float64{80, 443, 8080}},
		"other ports":   {map[string]string{"listenerPort": "8000", "testListenerPort": "9000"}, []float64{443, 8000, 9000}},
		"HTTPS":         {map[string]string{"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"}, []float64{80, 443, 8080}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			extra := map[string]string{"natGateways": "instance"}
			for k, v := range tc.extra {
				extra[k] = v
			}
			r := devRun(t, extra)
			var in, out []float64
			for _, rule := range r.mocks.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
				if strings.HasPrefix(rule.Name, "vpc-nat-") {
					in = append(in, rule.Number("fromPort"))
				}
			}
			for _, rule := range r.mocks.OfType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
				if strings.HasPrefix(rule.Name, "vpc-nat-") {
					out = append(out, rule.Number("fromPort"))
				}
			}
			slices.Sort(in)
			slices.Sort(out)
			if !slices.Equal(in, tc.want) || !slices.Equal(out, tc.want) {
				t.Errorf("NAT instance forwards ports in %v, out %v; want %v", in, out, tc.want)
			}
		})
	}
}
