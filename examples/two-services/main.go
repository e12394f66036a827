// Command two-services is a Pulumi program that imports this repository's
// components the way another Go stack would, and composes them differently
// from the main program: two services, api and web, each behind its own
// load balancer with its own blue/green deployment, share one VPC, one set
// of IAM roles and one ECS cluster.
//
// Each service needs its own load balancer (the blue/green deployment group
// owns its listeners' default actions), so there are two. The cluster's
// instances admit the dynamic host ports from both load balancers' security
// groups (ClusterArgs.LoadBalancerSecurityGroupIDs), and its Auto Scaling
// group is sized for both services' releases (ClusterArgs.Services, from
// each service's ServiceArgs.Tasks).
//
//	pulumi stack init dev && pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vpcCIDR is the shared VPC's block; the load balancers need it as a plain
// value (their egress and test-listener rules).
const vpcCIDR = "10.20.0.0/16"

// zones is how many availability zones the VPC and the cluster span.
const zones = 2

// instanceType is the shared instances' type; AWS is asked for its sizes.
const instanceType = "t3.small"

// service is one of the services the stack runs.
type service struct {
	name  string // component names: load balancer, service
	image string
	path  string // health-check path
}

// services are the stack's services, in a fixed order: ranging over a slice,
// never a map, keeps every run's registrations identical.
var services = []service{
	{name: "api", image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", path: "/"},
	{name: "web", image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", path: "/"},
}

func main() {
	pulumi.Run(program)
}

// program composes the stack.
func program(ctx *pulumi.Context) error {
	tags := map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}

	// The services' arguments first: their task sizes size the cluster.
	// Validate checks each before anything is created.
	svcArgs := make([]ecs.ServiceArgs, len(services))
	demand := make([]ecs.ServiceTasks, len(services))
	for i, s := range services {
		svcArgs[i] = ecs.ServiceArgs{Image: s.image, DesiredCount: zones, Tags: tags}
		if err := svcArgs[i].Validate(); err != nil {
			return err
		}
		demand[i] = svcArgs[i].Tasks()
	}

	azs, err := network.LookupAvailabilityZones(ctx, zones)
	if err != nil {
		return err
	}
	it, err := ecs.LookupInstanceType(ctx, instanceType)
	if err != nil {
		return err
	}
	vpc, err := network.NewVPC(ctx, "shared", &network.VPCArgs{
		AvailabilityZones: azs,
		CIDR:              vpcCIDR,
		NATGateways:       network.NATSingle,
		Tags:              tags,
	})
	if err != nil {
		return err
	}
	// One set of roles for both services: one instance profile for the
	// shared instances, one CodeDeploy role. Give each service its own
	// iam.NewRoles (or its own task role) when their AWS permissions differ.
	roles, err := iam.NewRoles(ctx, "shared", &iam.RolesArgs{Tags: tags})
	if err != nil {
		return err
	}

	lbs := make([]*alb.LoadBalancer, len(services))
	for i, s := range services {
		lbs[i], err = alb.NewLoadBalancer(ctx, s.name, &alb.LoadBalancerArgs{
			VPCID:           vpc.VPCID,
			VPCCIDR:         vpcCIDR,
			SubnetIDs:       vpc.PublicSubnetIDs, // resolve once the internet gateway routes
			HealthCheckPath: s.path,
			Tags:            tags,
		})
		if err != nil {
			return err
		}
	}

	lbGroups := make([]pulumi.StringInput, len(lbs))
	for i, lb := range lbs {
		lbGroups[i] = lb.SecurityGroupID
	}
	cluster, err := ecs.NewCluster(ctx, "shared", &ecs.ClusterArgs{
		VPCID:              vpc.VPCID,
		SubnetIDs:          vpc.PrivateSubnetIDs,
		AZCount:            zones,
		InstanceType:       it,
		InstanceProfileARN: roles.InstanceProfileARN,
		// Both load balancers reach the instances' dynamic host ports.
		LoadBalancerSecurityGroupIDs: lbGroups,
		// MaxInstances is sized for both services' releases.
		Services: demand,
		Tags:     tags,
	})
	if err != nil {
		return err
	}

	for i, s := range services {
		lb := lbs[i]
		a := svcArgs[i]
		a.ClusterName = cluster.ClusterName
		a.CapacityProviderName = cluster.CapacityProviderName
		a.ExecutionRoleARN = roles.TaskExecutionRoleARN
		a.TaskRoleARN = roles.TaskRoleARN
		a.CodeDeployRoleARN = roles.CodeDeployRoleARN
		a.Traffic = lb.Traffic() // its blue ARN resolves once the listener forwards to it
		svc, err := ecs.NewService(ctx, s.name, &a)
		if err != nil {
			return err
		}
		ctx.Export(s.name+"Url", lb.URL)
		ctx.Export(s.name+"DeploymentGroup", svc.DeploymentGroupName)
		ctx.Export(s.name+"CodeDeployApplication", svc.CodeDeployApplicationName)
	}
	ctx.Export("vpcId", vpc.VPCID)
	ctx.Export("clusterName", cluster.ClusterName)
	return nil
}
