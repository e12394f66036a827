// Command existing-vpc is a Pulumi program that puts a blue/green ECS
// service into a VPC the user already has: it imports this repository's
// iam, alb and ecs packages the way another Go stack would, and not its
// network package. The VPC, its CIDR block and its subnets come from the
// stack's configuration:
//
//	pulumi config set vpcId vpc-0123456789abcdef0
//	pulumi config set vpcCidr 10.0.0.0/16
//	pulumi config set --path 'publicSubnetIds[0]' subnet-0aaa   # one per zone, at least two zones
//	pulumi config set --path 'publicSubnetIds[1]' subnet-0bbb
//	pulumi config set --path 'privateSubnetIds[0]' subnet-0ccc  # same zones, same order
//	pulumi config set --path 'privateSubnetIds[1]' subnet-0ddd
//	pulumi up
//
// The public subnets must route to an internet gateway (the load balancer is
// internet-facing) and the private ones to a NAT gateway or to VPC endpoints
// for ECS, ECR, S3 and CloudWatch Logs (the instances have no public IP).
package main

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// defaultImage is the container image when the image key is not set.
const defaultImage = "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine"

// settings is the stack's configuration, validated.
type settings struct {
	VPCID            string
	VPCCIDR          string
	PublicSubnetIDs  []string
	PrivateSubnetIDs []string
	Image            string
}

func main() {
	pulumi.Run(program)
}

// program reads the configuration and composes the service.
func program(ctx *pulumi.Context) error {
	s, err := load(config.New(ctx, ""))
	if err != nil {
		return fmt.Errorf("invalid stack configuration:\n%w", err)
	}
	tags := map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}
	zones := len(s.PrivateSubnetIDs)

	svcArgs := ecs.ServiceArgs{Image: s.Image, DesiredCount: zones, Tags: tags}
	if err := svcArgs.Validate(); err != nil {
		return err
	}
	it, err := ecs.LookupInstanceType(ctx, ecs.DefaultInstanceType.Name)
	if err != nil {
		return err
	}
	roles, err := iam.NewRoles(ctx, "app", &iam.RolesArgs{Tags: tags})
	if err != nil {
		return err
	}
	lb, err := alb.NewLoadBalancer(ctx, "app", &alb.LoadBalancerArgs{
		VPCID:     pulumi.String(s.VPCID),
		VPCCIDR:   s.VPCCIDR,
		SubnetIDs: pulumi.ToStringArray(s.PublicSubnetIDs),
		Tags:      tags,
	})
	if err != nil {
		return err
	}
	cluster, err := ecs.NewCluster(ctx, "app", &ecs.ClusterArgs{
		VPCID:                        pulumi.String(s.VPCID),
		SubnetIDs:                    pulumi.ToStringArray(s.PrivateSubnetIDs),
		AZCount:                      zones,
		InstanceType:                 it,
		InstanceProfileARN:           roles.InstanceProfileARN,
		LoadBalancerSecurityGroupIDs: []pulumi.StringInput{lb.SecurityGroupID},
		Services:                     []ecs.ServiceTasks{svcArgs.Tasks()},
		Tags:                         tags,
	})
	if err != nil {
		return err
	}
	svcArgs.ClusterName = cluster.ClusterName
	svcArgs.CapacityProviderName = cluster.CapacityProviderName
	svcArgs.ExecutionRoleARN = roles.TaskExecutionRoleARN
	svcArgs.TaskRoleARN = roles.TaskRoleARN
	svcArgs.CodeDeployRoleARN = roles.CodeDeployRoleARN
	// The listeners and target groups as one value. With a load balancer
	// of your own, fill a bluegreen.Traffic from its outputs instead (see
	// ecs.ServiceArgs.Traffic for what the service needs of it).
	svcArgs.Traffic = lb.Traffic()
	svc, err := ecs.NewService(ctx, "app", &svcArgs)
	if err != nil {
		return err
	}
	ctx.Export("url", lb.URL)
	ctx.Export("clusterName", cluster.ClusterName)
	ctx.Export("serviceName", svc.ServiceName)
	ctx.Export("deploymentGroupName", svc.DeploymentGroupName)
	return nil
}

// load reads and validates the configuration, reporting every problem at
// once with the key, the bad value and the fix.
func load(cfg *config.Config) (settings, error) {
	var errs []error
	s := settings{Image: cfg.Get("image")}
	if s.Image == "" {
		s.Image = defaultImage
	}

	s.VPCID = cfg.Get("vpcId")
	if !strings.HasPrefix(s.VPCID, "vpc-") {
		errs = append(errs, fmt.Errorf("vpcId: %q is not a VPC id; for example: pulumi config set vpcId vpc-0123456789abcdef0", s.VPCID))
	}
	s.VPCCIDR = cfg.Get("vpcCidr")
	if p, err := netip.ParsePrefix(s.VPCCIDR); err != nil || !p.Addr().Is4() || p.Masked() != p {
		errs = append(errs, fmt.Errorf("vpcCidr: %q is not the VPC's IPv4 CIDR block; for example: pulumi config set vpcCidr 10.0.0.0/16", s.VPCCIDR))
	}

	subnets := func(key string) []string {
		var ids []string
		if err := cfg.TryObject(key, &ids); err != nil && !errors.Is(err, config.ErrMissingVar) {
			errs = append(errs, fmt.Errorf("%s: not a list of subnet ids (%w); for example: pulumi config set --path '%s[0]' subnet-0123456789abcdef0", key, err, key))
			return nil
		}
		if len(ids) < 2 {
			errs = append(errs, fmt.Errorf("%s: %d subnet(s) %v: give one per availability zone, at least 2; for example: pulumi config set --path '%s[1]' subnet-0123456789abcdef0", key, len(ids), ids, key))
		}
		for _, id := range ids {
			if !strings.HasPrefix(id, "subnet-") {
				errs = append(errs, fmt.Errorf("%s: %q is not a subnet id (subnet-...)", key, id))
			}
		}
		if dup := duplicate(ids); dup != "" {
			errs = append(errs, fmt.Errorf("%s: %q is listed twice: give one subnet per availability zone", key, dup))
		}
		return ids
	}
	s.PublicSubnetIDs = subnets("publicSubnetIds")
	s.PrivateSubnetIDs = subnets("privateSubnetIds")
	if np, nq := len(s.PublicSubnetIDs), len(s.PrivateSubnetIDs); np >= 2 && nq >= 2 && np != nq {
		errs = append(errs, fmt.Errorf("publicSubnetIds and privateSubnetIds: %d public and %d private subnets: give one of each per availability zone", np, nq))
	}
	return s, errors.Join(errs...)
}

// duplicate returns an id listed twice, or "".
func duplicate(ids []string) string {
	sorted := slices.Sorted(slices.Values(ids))
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return sorted[i]
		}
	}
	return ""
}
