// Command two-services is a Pulumi program that imports this repository's
// components the way another Go stack would, and composes them differently
// from the main program: two services, api and web, each behind its own
// load balancer with its own blue/green deployment, share one VPC, one set
// of IAM roles and one ECS cluster.
//
// Each service needs its own load balancer (the blue/green deployment group
// owns its listeners' default actions), so there are two. The cluster's
// instances admit the dynamic host ports from one load balancer's security
// group (ClusterArgs.LoadBalancerSecurityGroupID); this program adds the
// same rule for the second one on Cluster.InstanceSecurityGroupID.
//
//	pulumi stack init dev && pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"maps"
	"slices"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	awsvpc "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vpcCIDR is the shared VPC's block; the load balancers need it as a plain
// value (their egress and test-listener rules).
const vpcCIDR = "10.20.0.0/16"

// zones is how many availability zones the VPC and the cluster span.
const zones = 2

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

	azs, err := network.LookupAvailabilityZones(ctx, zones)
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

	cluster, err := ecs.NewCluster(ctx, "shared", &ecs.ClusterArgs{
		VPCID:                       vpc.VPCID,
		SubnetIDs:                   vpc.PrivateSubnetIDs,
		AZCount:                     zones,
		InstanceProfileARN:          roles.InstanceProfileARN,
		LoadBalancerSecurityGroupID: lbs[0].SecurityGroupID,
		// Two services of two tasks, and twice that during releases.
		MaxInstances: 2 * zones * len(services),
		Tags:         tags,
	})
	if err != nil {
		return err
	}
	// The other load balancers reach the instances' dynamic host ports too.
	for i, lb := range lbs[1:] {
		rn := services[i+1].name + "-to-instances"
		if _, err := awsvpc.NewSecurityGroupIngressRule(ctx, rn, &awsvpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           cluster.InstanceSecurityGroupID,
			ReferencedSecurityGroupId: lb.SecurityGroupID,
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(ecs.DynamicHostPortFrom),
			ToPort:                    pulumi.Int(ecs.DynamicHostPortTo),
			Description:               pulumi.String("Dynamic host ports of bridge-mode containers, from load balancer " + services[i+1].name),
			Tags:                      nameTags(rn, tags),
		}); err != nil {
			return err
		}
	}

	for i, s := range services {
		lb := lbs[i]
		svc, err := ecs.NewService(ctx, s.name, &ecs.ServiceArgs{
			ClusterName:               cluster.ClusterName,
			CapacityProviderName:      cluster.CapacityProviderName,
			Image:                     s.image,
			DesiredCount:              zones,
			ExecutionRoleARN:          roles.TaskExecutionRoleARN,
			TaskRoleARN:               roles.TaskRoleARN,
			CodeDeployRoleARN:         roles.CodeDeployRoleARN,
			ProductionListenerARN:     lb.ProductionListenerARN,
			TestListenerARN:           lb.TestListenerARN,
			BlueTargetGroupARN:        lb.BlueTargetGroupARN, // resolves once the listener forwards to it
			BlueTargetGroupName:       lb.BlueTargetGroupName,
			GreenTargetGroupName:      lb.GreenTargetGroupName,
			BlueTargetGroupARNSuffix:  lb.BlueTargetGroupARNSuffix,
			GreenTargetGroupARNSuffix: lb.GreenTargetGroupARNSuffix,
			LoadBalancerARNSuffix:     lb.LoadBalancerARNSuffix,
			Tags:                      tags,
		})
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

// nameTags returns tags plus a Name tag, as the components tag their
// children.
func nameTags(name string, tags map[string]string) pulumi.StringMap {
	out := pulumi.StringMap{"Name": pulumi.String(name)}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out[k] = pulumi.String(tags[k])
	}
	return out
}
