package plan

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// CreateSeconds is the modelled time, in seconds, from the moment Pulumi
// asks the AWS provider to create a resource of a type until the provider
// reports it created: what the next resource waits for.
//
// Sources and assumptions. The figures are typical create times of the
// Terraform AWS provider (which pulumi-aws v6 wraps) in a region without
// throttling, rounded: they are what `pulumi up` shows per resource in a
// fresh stack, not API latencies. The slow ones are the ones the provider
// waits on: a NAT gateway until it is "available" (AWS documents one to a
// few minutes; 90 s), an Application Load Balancer until it is "active"
// (two to four minutes; 180 s), a VPC endpoint until "available". An Auto
// Scaling group is 10 s when it sets waitForCapacityTimeout "0", as the
// cluster's does: the provider does not wait for instances. Otherwise it
// waits until MinSize instances are InService, which the model adds as an
// instance's time to run (createSeconds): the NAT instance's group waits,
// so that the private routes move to it once it runs. An ECS service is 10 s
// because the provider does not wait for a steady state unless asked
// (waitForSteadyState). IAM roles include the provider's short wait for
// propagation. Components take no time of their own. A type missing here
// takes DefaultCreateSeconds, and the plan names it.
var CreateSeconds = map[string]int{
	"aws:ec2/vpc:Vpc":                                           2,
	"aws:ec2/subnet:Subnet":                                     2,
	"aws:ec2/internetGateway:InternetGateway":                   2, // create and attach
	"aws:ec2/routeTable:RouteTable":                             2,
	"aws:ec2/route:Route":                                       2,
	"aws:ec2/routeTableAssociation:RouteTableAssociation":       1,
	"aws:ec2/eip:Eip":                                           1,
	"aws:ec2/natGateway:NatGateway":                             90,
	"aws:ec2/networkInterface:NetworkInterface":                 3,
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":         2,
	"aws:ec2/securityGroup:SecurityGroup":                       3, // create, then revoke AWS's default egress rule
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   1,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           5,
	"aws:ec2/flowLog:FlowLog":                                   2,
	"aws:ec2/launchTemplate:LaunchTemplate":                     2,
	"aws:ec2/instance:Instance":                                 30, // until "running"; booting and joining the cluster take longer
	"aws:cloudwatch/logGroup:LogGroup":                          1,
	"aws:cloudwatch/metricAlarm:MetricAlarm":                    1,
	"aws:iam/role:Role":                                         2,
	"aws:iam/rolePolicy:RolePolicy":                             1,
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":         1,
	"aws:iam/instanceProfile:InstanceProfile":                   5,
	"aws:lb/loadBalancer:LoadBalancer":                          180,
	"aws:alb/loadBalancer:LoadBalancer":                         180,
	"aws:lb/targetGroup:TargetGroup":                            2,
	"aws:alb/targetGroup:TargetGroup":                           2,
	"aws:lb/listener:Listener":                                  2,
	"aws:alb/listener:Listener":                                 2,
	"aws:ecr/repository:Repository":                             2,
	"aws:ecr/lifecyclePolicy:LifecyclePolicy":                   1,
	"aws:s3/bucketV2:BucketV2":                                  3,
	"aws:s3/bucket:Bucket":                                      3,
	"aws:s3/bucketPolicy:BucketPolicy":                          1,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":    1,
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":    1,
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": 1,
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       2,
	"aws:ecs/cluster:Cluster":                                   3,
	"aws:ecs/capacityProvider:CapacityProvider":                 3,
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": 3,
	"aws:ecs/taskDefinition:TaskDefinition":                     1,
	"aws:ecs/service:Service":                                   10,
	"aws:autoscaling/group:Group":                               10,
	"aws:appautoscaling/target:Target":                          2,
	"aws:appautoscaling/policy:Policy":                          2,
	"aws:codedeploy/application:Application":                    1,
	"aws:codedeploy/deploymentGroup:DeploymentGroup":            2,
	"aws:codedeploy/deploymentConfig:DeploymentConfig":          1,
	"aws:ec2/managedPrefixList:ManagedPrefixList":               3, // until "create-complete"
	// The security baseline (issue 11). A key waits for its policy to
	// propagate; an association, for the load balancer to be active.
	"aws:kms/key:Key":                                                 10,
	"aws:kms/alias:Alias":                                             1,
	"aws:sns/topic:Topic":                                             2,
	"aws:sns/topicPolicy:TopicPolicy":                                 2,
	"aws:sns/topicSubscription:TopicSubscription":                     1,
	"aws:wafv2/webAcl:WebAcl":                                         2,
	"aws:wafv2/webAclAssociation:WebAclAssociation":                   5,
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 2,
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":              1,
	// A function in a VPC waits for Lambda's network interface (Active).
	"aws:lambda/function:Function": 60,
	// A service at its own name (issue 17). A record waits until Route 53
	// reports the change INSYNC (under a minute); the validation waits
	// until ACM has seen its records and issued the certificate, a few
	// minutes once the zone answers for the name (the component's timeout
	// is 30 minutes).
	"aws:acm/certificate:Certificate":                     5,
	"aws:acm/certificateValidation:CertificateValidation": 240,
	"aws:route53/record:Record":                           45,
}

// DefaultCreateSeconds is the create time of a type CreateSeconds does not
// list.
const DefaultCreateSeconds = 5

// createSeconds is r's create time: CreateSeconds of its type, and for an
// Auto Scaling group that waits for capacity (waitForCapacityTimeout not
// "0", the provider's default of 10 minutes when absent) the time an
// instance takes to run as well, CreateSeconds of an EC2 instance.
func createSeconds(r *Resource, seconds map[string]int) (int, bool) {
	s, known := seconds[r.Type]
	if !known {
		s = DefaultCreateSeconds
	}
	if r.Type == typeAutoScalingGroup && getString(r.Inputs, "waitForCapacityTimeout") != "0" {
		s += seconds[typeInstance]
	}
	return s, known
}

// Step is one resource on the critical path.
type Step struct {
	// Type and Name identify the resource.
	Type string `json:"type"`
	Name string `json:"name"`
	// StartSeconds is when its creation starts, from the start of `pulumi
	// up`; Seconds is how long it takes; FinishSeconds is their sum.
	StartSeconds  int `json:"startSeconds"`
	Seconds       int `json:"seconds"`
	FinishSeconds int `json:"finishSeconds"`
	// Assumed is true when the type has no entry in the duration table and
	// DefaultCreateSeconds was used.
	Assumed bool `json:"assumed,omitempty"`
}

// CriticalPath is the longest chain of creations `pulumi up` must run one
// after the other: nothing can make an update of an empty stack faster than
// its total.
type CriticalPath struct {
	// Steps run from the first creation to the last.
	Steps []Step `json:"steps"`
	// TotalSeconds is the last step's finish.
	TotalSeconds int `json:"totalSeconds"`
	// AssumedTypes lists the stack's types the duration table lacks.
	AssumedTypes []string `json:"assumedTypes,omitempty"`
	// Findings name slow resources on the path that an update of this
	// program is not expected to wait for (NAT gateways, instances, Auto
	// Scaling groups that wait for capacity).
	Findings []string `json:"findings,omitempty"`
}

// ComputeCriticalPath models `pulumi up` of an empty stack as Pulumi runs
// it: every resource starts as soon as everything it waits for is done,
// and takes seconds[type] (DefaultCreateSeconds when missing). A resource
// waits for each of its Dependencies and for its parent: for a component
// parent only until the component is registered (it takes no time), for a
// cloud resource parent until it is created. A dependency on a component
// waits for everything under it. It returns the longest chain; among equal
// chains, the one through the resources first in URN order.
func ComputeCriticalPath(rs []Resource, seconds map[string]int) (CriticalPath, error) {
	g, err := newGraph(rs)
	if err != nil {
		return CriticalPath{}, err
	}
	m := &pathModel{g: g, seconds: seconds, memo: map[string]timing{}, state: map[string]int{}}
	var last *Resource
	lastFinish := -1
	for _, r := range g.all {
		t, err := m.timing(r)
		if err != nil {
			return CriticalPath{}, err
		}
		if r.Custom && t.finish > lastFinish {
			last, lastFinish = r, t.finish
		}
	}
	var cp CriticalPath
	assumed := map[string]bool{}
	for _, r := range g.all {
		if _, ok := seconds[r.Type]; r.Custom && !ok {
			assumed[r.Type] = true
		}
	}
	cp.AssumedTypes = slices.Sorted(maps.Keys(assumed))
	for r := last; r != nil; r = m.memo[r.URN].pred {
		if !r.Custom {
			continue
		}
		t := m.memo[r.URN]
		_, known := createSeconds(r, seconds)
		cp.Steps = append(cp.Steps, Step{Type: r.Type, Name: r.Name, StartSeconds: t.start, Seconds: t.finish - t.start, FinishSeconds: t.finish, Assumed: !known})
	}
	slices.Reverse(cp.Steps)
	if last != nil {
		cp.TotalSeconds = lastFinish
	}
	for _, s := range cp.Steps {
		switch s.Type {
		case typeNATGateway:
			cp.Findings = append(cp.Findings, fmt.Sprintf("the path waits for NAT gateway %s: nothing the service needs to be created should", s.Name))
		case typeInstance:
			cp.Findings = append(cp.Findings, fmt.Sprintf("the path waits for instance %s to run", s.Name))
		case typeAutoScalingGroup:
			cp.Findings = append(cp.Findings, fmt.Sprintf("the path goes through Auto Scaling group %s: if it waits for capacity (waitForCapacityTimeout not \"0\"), instance boot joins the path", s.Name))
		}
	}
	return cp, nil
}

// timing is a resource's modelled start and finish, and the resource that
// decided its start.
type timing struct {
	start, finish int
	pred          *Resource
}

type pathModel struct {
	g       *graph
	seconds map[string]int
	memo    map[string]timing
	state   map[string]int // 1 while being computed, 2 when done
}

// errCycle reports a dependency cycle, which Pulumi would refuse too.
var errCycle = errors.New("plan: the resources' dependencies form a cycle")

func (m *pathModel) duration(r *Resource) int {
	if !r.Custom {
		return 0
	}
	s, _ := createSeconds(r, m.seconds)
	return s
}

// timing returns when r starts and finishes being created.
func (m *pathModel) timing(r *Resource) (timing, error) {
	switch m.state[r.URN] {
	case 2:
		return m.memo[r.URN], nil
	case 1:
		return timing{}, fmt.Errorf("%w through %s", errCycle, r.URN)
	}
	m.state[r.URN] = 1
	var t timing
	wait := func(at int, by *Resource) {
		if at > t.start {
			t.start, t.pred = at, by
		}
	}
	if p := m.g.byURN[r.Parent]; p != nil {
		pt, err := m.timing(p)
		if err != nil {
			return timing{}, err
		}
		wait(pt.finish, p)
	}
	for _, d := range m.g.deps(r) {
		at, by, err := m.doneAt(d)
		if err != nil {
			return timing{}, err
		}
		wait(at, by)
	}
	t.finish = t.start + m.duration(r)
	m.memo[r.URN] = t
	m.state[r.URN] = 2
	return t, nil
}

// doneAt returns when a dependency on r is satisfied and the resource that
// decides it: r's own finish for a cloud resource, and for a component the
// last finish in its subtree.
func (m *pathModel) doneAt(r *Resource) (int, *Resource, error) {
	t, err := m.timing(r)
	if err != nil {
		return 0, nil, err
	}
	at, by := t.finish, r
	if r.Custom {
		return at, by, nil
	}
	for _, c := range m.g.children[r.URN] {
		ct, cby, err := m.doneAt(c)
		if err != nil {
			return 0, nil, err
		}
		if ct > at {
			at, by = ct, cby
		}
	}
	return at, by, nil
}
