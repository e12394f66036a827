// Command ecs-bluegreen is the Pulumi program that puts a containerised web
// service on AWS: ECS on EC2 in private subnets across availability zones,
// behind an internet-facing Application Load Balancer, released blue/green
// through CodeDeploy.
//
// It reads the stack's configuration once (config.go), validates all of it,
// and composes the components of the network, iam, alb, ecs and registry packages,
// which do not import each other: main wires their IDs and ARNs together.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// sampleAppDir is the bundled sample service, built when buildImage is set.
const sampleAppDir = "sampleapp"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "plan" { // the offline plan: plan.go
		os.Exit(planCommand(os.Args[2:], os.Stdout, os.Stderr))
	}
	pulumi.Run(run)
}

// run is the program: read and validate configuration, then compose.
func run(ctx *pulumi.Context) error {
	cfg, err := loadConfig(contextConfig(ctx))
	if err != nil {
		return fmt.Errorf("invalid stack configuration:\n%w", err)
	}
	if img := cfg.imageReference(); img != "" && !imageIsPinned(img) {
		if err := ctx.Log.Warn(fmt.Sprintf("image %q has no tag or digest: ECS pulls :latest, so a release cannot be repeated or rolled back to the same image", img), nil); err != nil {
			return err
		}
	}
	tags := map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}

	zones, err := network.LookupAvailabilityZones(ctx, cfg.AZCount)
	if err != nil {
		var short *network.NotEnoughZonesError
		if errors.As(err, &short) {
			return fmt.Errorf("invalid stack configuration:\nazCount: %d is more than the %d availability zones the region has available %v; for example: pulumi config set azCount %d",
				cfg.AZCount, len(short.Available), short.Available, len(short.Available))
		}
		return err
	}
	vpc, err := network.NewVPC(ctx, "vpc", &network.VPCArgs{
		AvailabilityZones: zones,
		CIDR:              cfg.VPCCIDR,
		NATGateways:       cfg.NATGateways,
		FlowLogs:          cfg.FlowLogs,
		Tags:              tags,
	})
	if err != nil {
		return err
	}

	roles, err := iam.NewRoles(ctx, "roles", &iam.RolesArgs{Tags: tags})
	if err != nil {
		return err
	}

	deregistration := cfg.DeregistrationDelaySeconds
	if deregistration == 0 {
		deregistration = -1 // alb: a negative delay is "no draining"; zero would mean its default
	}
	lb, err := alb.NewLoadBalancer(ctx, "web", &alb.LoadBalancerArgs{
		VPCID:   vpc.VPCID,
		VPCCIDR: cfg.VPCCIDR,
		// These resolve only once the public subnets route to the internet
		// gateway: an internet-facing load balancer needs it attached.
		SubnetIDs:                  vpc.PublicSubnetIDs,
		ListenerPort:               cfg.ListenerPort,
		TestListenerPort:           cfg.TestListenerPort,
		TestListenerCIDRs:          cfg.TestListenerCIDRs,
		CertificateARN:             cfg.CertificateARN,
		TargetPort:                 cfg.ContainerPort,
		HealthCheckPath:            cfg.HealthCheckPath,
		HealthCheckIntervalSeconds: cfg.HealthCheckIntervalSeconds,
		HealthCheckTimeoutSeconds:  min(alb.DefaultHealthCheckTimeoutSeconds, cfg.HealthCheckIntervalSeconds-1),
		HealthyThresholdCount:      cfg.HealthyThresholdCount,
		DeregistrationDelaySeconds: deregistration,
		DeletionProtection:         cfg.DeletionProtection,
		AccessLogs:                 cfg.AccessLogs,
		Tags:                       tags,
	})
	if err != nil {
		return err
	}

	cluster, err := ecs.NewCluster(ctx, "cluster", &ecs.ClusterArgs{
		VPCID:                       vpc.VPCID,
		SubnetIDs:                   vpc.PrivateSubnetIDs,
		AZCount:                     cfg.AZCount,
		InstanceType:                cfg.InstanceType,
		InstanceProfileARN:          roles.InstanceProfileARN,
		LoadBalancerSecurityGroupID: lb.SecurityGroupID,
		Tags:                        tags,
	})
	if err != nil {
		return err
	}

	// The stack's own image repository: releases push the images they deploy
	// here (the image key may name any registry). With buildImage, the stack
	// builds the bundled sample service into it (Docker needed) and runs that.
	repoArgs := &registry.RepositoryArgs{Tags: tags}
	var imageURI pulumi.StringInput
	if cfg.BuildImage {
		repoArgs.BuildContext = sampleAppDir
	}
	repo, err := registry.NewRepository(ctx, "app", repoArgs)
	if err != nil {
		return err
	}
	if cfg.BuildImage {
		imageURI = repo.ImageURI
	}

	svc, err := ecs.NewService(ctx, "app", &ecs.ServiceArgs{
		ClusterName: cluster.ClusterName,
		// Resolves after the cluster's capacity-provider association: a
		// service with a capacity provider strategy needs it.
		CapacityProviderName:          cluster.CapacityProviderName,
		Image:                         cfg.imageReference(),
		ImageURI:                      imageURI,
		ContainerName:                 cfg.ContainerName,
		ContainerPort:                 cfg.ContainerPort,
		CPU:                           cfg.CPU,
		MemoryMiB:                     cfg.MemoryMiB,
		DesiredCount:                  cfg.DesiredCount,
		MaxCount:                      cfg.MaxCount,
		HealthCheckGracePeriodSeconds: cfg.HealthCheckGracePeriodSeconds,
		LogRetentionDays:              cfg.LogRetentionDays,
		ExecutionRoleARN:              roles.TaskExecutionRoleARN,
		TaskRoleARN:                   roles.TaskRoleARN,
		CodeDeployRoleARN:             roles.CodeDeployRoleARN,
		ProductionListenerARN:         lb.ProductionListenerARN,
		TestListenerARN:               lb.TestListenerARN,
		// Resolves after the production listener forwards to it: ECS needs
		// the target group attached to a listener first.
		BlueTargetGroupARN:        lb.BlueTargetGroupARN,
		BlueTargetGroupName:       lb.BlueTargetGroupName,
		GreenTargetGroupName:      lb.GreenTargetGroupName,
		BlueTargetGroupARNSuffix:  lb.BlueTargetGroupARNSuffix,
		GreenTargetGroupARNSuffix: lb.GreenTargetGroupARNSuffix,
		LoadBalancerARNSuffix:     lb.LoadBalancerARNSuffix,
		DeploymentConfig:          cfg.DeploymentConfig,
		TerminationWaitMinutes:    new(cfg.TerminationWaitMinutes),
		ApprovalWaitMinutes:       cfg.ApprovalWaitMinutes,
		Tags:                      tags,
	})
	if err != nil {
		return err
	}
	warnImageDrift(ctx, cluster.ClusterARN, svc.ServiceName, svc.ContainerName, cfg.imageReference())

	// The network.
	ctx.Export("vpcId", vpc.VPCID)
	ctx.Export("vpcCidr", vpc.CIDR)
	ctx.Export("availabilityZones", vpc.AvailabilityZones)
	ctx.Export("publicSubnetIds", vpc.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", vpc.PrivateSubnetIDs)
	ctx.Export("natPublicIps", vpc.NATPublicIPs)
	// What a user opens and a release pipeline needs.
	ctx.Export("url", lb.URL)
	ctx.Export("testUrl", lb.TestURL)
	ctx.Export("loadBalancerDnsName", lb.DNSName)
	ctx.Export("clusterName", cluster.ClusterName)
	ctx.Export("serviceName", svc.ServiceName)
	ctx.Export("taskDefinitionFamily", svc.TaskDefinitionFamily)
	ctx.Export("taskDefinitionArn", svc.TaskDefinitionARN)
	ctx.Export("containerName", svc.ContainerName)
	ctx.Export("containerPort", svc.ContainerPort)
	ctx.Export("capacityProviderName", svc.CapacityProviderName)
	ctx.Export("logGroupName", svc.LogGroupName)
	ctx.Export("codeDeployApplicationName", svc.CodeDeployApplicationName)
	ctx.Export("deploymentGroupName", svc.DeploymentGroupName)
	ctx.Export("productionListenerArn", lb.ProductionListenerARN)
	ctx.Export("testListenerArn", lb.TestListenerARN)
	ctx.Export("blueTargetGroupName", lb.BlueTargetGroupName)
	ctx.Export("greenTargetGroupName", lb.GreenTargetGroupName)
	ctx.Export("alarmNames", svc.AlarmNames)
	ctx.Export("repositoryUrl", repo.RepositoryURL)
	ctx.Export("repositoryName", repo.RepositoryName)
	return nil
}
