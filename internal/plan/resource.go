package plan

import (
	"fmt"
	"slices"
	"strings"
)

// Resource is one resource a program registered, as the plan reads it.
type Resource struct {
	// URN is the resource's URN, unique in the stack.
	URN string
	// Type is the type token, such as "aws:ec2/subnet:Subnet" or a
	// component's "ecs-bluegreen:network:VPC".
	Type string
	// Name is the logical name.
	Name string
	// Parent is the parent's URN; empty or a URN not among the records
	// (the stack) for a top-level resource.
	Parent string
	// Custom is true for a cloud resource, false for a component.
	Custom bool
	// Dependencies are the URNs the resource waits for: explicit dependsOn
	// and the resources its inputs came from.
	Dependencies []string
	// Inputs are the registered inputs as plain values: string, float64,
	// bool, []any and map[string]any (Pulumi's PropertyMap.Mappable).
	Inputs map[string]any
	// ID is the id the mocks answered, "" for a component.
	ID string
	// Outputs are the outputs the mocks answered, as plain values.
	Outputs map[string]any
}

// Type tokens the models read.
const (
	typeVPC               = "aws:ec2/vpc:Vpc"
	typeSubnet            = "aws:ec2/subnet:Subnet"
	typeInternetGateway   = "aws:ec2/internetGateway:InternetGateway"
	typeRoute             = "aws:ec2/route:Route"
	typeRouteTable        = "aws:ec2/routeTable:RouteTable"
	typeRouteTableAssoc   = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeEIP               = "aws:ec2/eip:Eip"
	typeNATGateway        = "aws:ec2/natGateway:NatGateway"
	typeNetworkInterface  = "aws:ec2/networkInterface:NetworkInterface"
	typeVPCEndpoint       = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeFlowLog           = "aws:ec2/flowLog:FlowLog"
	typeLaunchTemplate    = "aws:ec2/launchTemplate:LaunchTemplate"
	typeInstance          = "aws:ec2/instance:Instance"
	typeLoadBalancer      = "aws:lb/loadBalancer:LoadBalancer"
	typeLoadBalancerALB   = "aws:alb/loadBalancer:LoadBalancer"
	typeListener          = "aws:lb/listener:Listener"
	typeListenerALB       = "aws:alb/listener:Listener"
	typeTargetGroup       = "aws:lb/targetGroup:TargetGroup"
	typeTargetGroupALB    = "aws:alb/targetGroup:TargetGroup"
	typeCertificate       = "aws:acm/certificate:Certificate"
	typeCertValidation    = "aws:acm/certificateValidation:CertificateValidation"
	typeRecord            = "aws:route53/record:Record"
	typeAutoScalingGroup  = "aws:autoscaling/group:Group"
	typeAutoScalingPolicy = "aws:autoscaling/policy:Policy"
	typeECSCluster        = "aws:ecs/cluster:Cluster"
	typeECSService        = "aws:ecs/service:Service"
	typeTaskDefinition    = "aws:ecs/taskDefinition:TaskDefinition"
	typeCapacityProvider  = "aws:ecs/capacityProvider:CapacityProvider"
	typeAppAutoScalingPol = "aws:appautoscaling/policy:Policy"
	typeMetricAlarm       = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeLogGroup          = "aws:cloudwatch/logGroup:LogGroup"
	typeDeploymentGroup   = "aws:codedeploy/deploymentGroup:DeploymentGroup"
	typeDeploymentConfig  = "aws:codedeploy/deploymentConfig:DeploymentConfig"
	typeS3Bucket          = "aws:s3/bucket:Bucket"
	typeS3BucketV2        = "aws:s3/bucketV2:BucketV2"
	// The security baseline (issue 11).
	typeKMSKey = "aws:kms/key:Key"
	typeWebACL = "aws:wafv2/webAcl:WebAcl"
	// typeLambdaFunction is the validation hook's function.
	typeLambdaFunction = "aws:lambda/function:Function"
	typeSNSTopic       = "aws:sns/topic:Topic"
)

func isType(r *Resource, types ...string) bool { return slices.Contains(types, r.Type) }

// graph indexes a stack's resources by URN, by parent and by the ids and
// ARNs the mocks answered, so that an input holding an id or ARN leads
// back to its resource.
type graph struct {
	all      []*Resource // sorted by URN
	byURN    map[string]*Resource
	children map[string][]*Resource // by parent URN, sorted by URN
	byRef    map[string][]*Resource // by id and by ARN: ids of different types may repeat
}

func newGraph(rs []Resource) (*graph, error) {
	g := &graph{byURN: map[string]*Resource{}, children: map[string][]*Resource{}, byRef: map[string][]*Resource{}}
	for i := range rs {
		r := &rs[i]
		if r.URN == "" {
			return nil, fmt.Errorf("plan: %s %s has no URN", r.Type, r.Name)
		}
		if _, dup := g.byURN[r.URN]; dup {
			return nil, fmt.Errorf("plan: URN %s is registered twice", r.URN)
		}
		g.byURN[r.URN] = r
		g.all = append(g.all, r)
	}
	slices.SortFunc(g.all, func(a, b *Resource) int { return strings.Compare(a.URN, b.URN) })
	for _, r := range g.all {
		g.children[r.Parent] = append(g.children[r.Parent], r)
		if r.ID != "" {
			g.byRef[r.ID] = append(g.byRef[r.ID], r)
		}
		if arn := getString(r.Outputs, "arn"); arn != "" && arn != r.ID {
			g.byRef[arn] = append(g.byRef[arn], r)
		}
	}
	return g, nil
}

// ofType returns the resources of the given types, sorted by URN.
func (g *graph) ofType(types ...string) []*Resource {
	var out []*Resource
	for _, r := range g.all {
		if isType(r, types...) {
			out = append(out, r)
		}
	}
	return out
}

// ref returns the resource whose id or ARN is v, the first in URN order
// of the given types (of any type without types).
func (g *graph) ref(v any, types ...string) *Resource {
	s, _ := v.(string)
	for _, r := range g.byRef[s] {
		if len(types) == 0 || isType(r, types...) {
			return r
		}
	}
	return nil
}

// deps returns r's dependencies of the given types, sorted by URN.
func (g *graph) deps(r *Resource, types ...string) []*Resource {
	var out []*Resource
	for _, u := range slices.Sorted(slices.Values(r.Dependencies)) {
		if d := g.byURN[u]; d != nil && (len(types) == 0 || isType(d, types...)) {
			out = append(out, d)
		}
	}
	return out
}

// dependents returns the resources of the given types that depend on r.
func (g *graph) dependents(r *Resource, types ...string) []*Resource {
	var out []*Resource
	for _, o := range g.ofType(types...) {
		if slices.Contains(o.Dependencies, r.URN) {
			out = append(out, o)
		}
	}
	return out
}

// launchTemplateOf returns the launch template an Auto Scaling group
// launches from: the one its launchTemplate input names, or its only
// launch template dependency; nil when neither is found.
func (g *graph) launchTemplateOf(asg *Resource) *Resource {
	if lt := g.ref(getString(asg.Inputs, "launchTemplate", "id"), typeLaunchTemplate); lt != nil {
		return lt
	}
	if lts := g.deps(asg, typeLaunchTemplate); len(lts) == 1 {
		return lts[0]
	}
	return nil
}

// natInterface returns the network interface a launch template boots its
// instances on when that interface forwards traffic for others (its
// source/destination check is off): a NAT instance's. nil otherwise.
func (g *graph) natInterface(lt *Resource) *Resource {
	for _, nic := range getList(lt.Inputs, "networkInterfaces") {
		eni := g.ref(getString(nic, "networkInterfaceId"), typeNetworkInterface)
		if eni == nil {
			continue
		}
		if check, ok := lookup(eni.Inputs, "sourceDestCheck").(bool); ok && !check {
			return eni
		}
	}
	return nil
}

// lookup follows a path of map keys and list indexes through plain values.
func lookup(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k < 0 || k >= len(l) {
				return nil
			}
			v = l[k]
		default:
			return nil
		}
	}
	return v
}

// getString returns the string at path in v, or "".
func getString(v any, path ...any) string {
	s, _ := lookup(v, path...).(string)
	return s
}

// getInt returns the whole number at path in v, and whether there is one.
func getInt(v any, path ...any) (int, bool) {
	switch n := lookup(v, path...).(type) {
	case float64:
		return int(n), n == float64(int(n))
	case int:
		return n, true
	}
	return 0, false
}

// getList returns the list at path in v, or nil.
func getList(v any, path ...any) []any {
	l, _ := lookup(v, path...).([]any)
	return l
}

// ShortType returns a type token without its package and file module:
// "aws:ec2/subnet:Subnet" is "ec2:Subnet", "ecs-bluegreen:network:VPC" is
// "network:VPC". Tokens of another shape are returned as they are.
func ShortType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	module, _, _ := strings.Cut(parts[1], "/")
	return module + ":" + parts[2]
}
