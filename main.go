// Command ecs-bluegreen is the Pulumi program that puts a containerised web
// service on AWS: ECS on EC2 in private subnets across availability zones,
// behind an internet-facing Application Load Balancer, released blue/green
// through CodeDeploy.
//
// It reads the stack's configuration once (config.go), checks all of it with
// the components' own rules before anything is registered, and composes the
// components of the network, iam, alb, ecs and registry packages, and the
// security baseline's kms, notify and waf, which do not import each other:
// main wires their IDs and ARNs together.
package main

import (
	"os"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/kms"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/notify"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "plan" { // the offline plan: internal/plancmd
		os.Exit(offlinePlan(os.Args[2:]))
	}
	pulumi.Run(run)
}

// run is the program: read and check the configuration, then compose the
// components, wiring each one's outputs into the next one's inputs.
func run(ctx *pulumi.Context) error {
	cfg, err := configure(ctx)
	if err != nil {
		return err
	}
	tags := map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}

	// With encryptLogs, one key for every log group of the stack.
	var logKeyARN pulumi.StringInput
	logKeyExport := pulumi.String("").ToStringOutput()
	if cfg.EncryptLogs {
		keyArgs := cfg.LogKey
		keyArgs.Tags = tags
		key, err := kms.NewLogKey(ctx, "logs", &keyArgs)
		if err != nil {
			return err
		}
		logKeyARN, logKeyExport = key.KeyARN, key.KeyARN
	}

	vpcArgs := cfg.VPC
	vpcArgs.FlowLogKMSKeyARN = logKeyARN
	vpcArgs.Tags = tags
	vpc, err := network.NewVPC(ctx, "vpc", &vpcArgs)
	if err != nil {
		return err
	}

	rolesArgs := cfg.Roles // with the permissions boundary, as the network's role
	rolesArgs.Tags = tags
	roles, err := iam.NewRoles(ctx, "roles", &rolesArgs)
	if err != nil {
		return err
	}

	// The stack's notifications: the rollback alarms and the deployment
	// group publish here; the group with its CodeDeploy role.
	topicArgs := cfg.Notifications
	topicArgs.PublisherRoleARNs = []pulumi.StringInput{roles.CodeDeployRoleARN}
	topicArgs.Tags = tags
	topic, err := notify.NewTopic(ctx, "notifications", &topicArgs)
	if err != nil {
		return err
	}

	lbArgs := cfg.LoadBalancer
	lbArgs.VPCID = vpc.VPCID
	// These resolve only once the public subnets route to the internet
	// gateway: an internet-facing load balancer needs it attached.
	lbArgs.SubnetIDs = vpc.PublicSubnetIDs
	// Clients in the VPC (a CI runner, a smoke test) reach the test
	// listener from the NAT addresses.
	lbArgs.TestListenerSourceIPs = vpc.NATPublicIPs
	lbArgs.Tags = tags
	lb, err := alb.NewLoadBalancer(ctx, "web", &lbArgs)
	if err != nil {
		return err
	}

	webACLExport := pulumi.String("").ToStringOutput()
	if cfg.WAFEnabled {
		wafArgs := cfg.WAF
		wafArgs.LoadBalancerARN = lb.LoadBalancerARN
		wafArgs.LogKMSKeyARN = logKeyARN
		wafArgs.Tags = tags
		acl, err := waf.NewWebACL(ctx, "waf", &wafArgs)
		if err != nil {
			return err
		}
		webACLExport = acl.WebACLARN
	}

	clusterArgs := cfg.Cluster
	clusterArgs.VPCID = vpc.VPCID
	clusterArgs.SubnetIDs = vpc.PrivateSubnetIDs
	clusterArgs.InstanceProfileARN = roles.InstanceProfileARN
	clusterArgs.LoadBalancerSecurityGroupIDs = []pulumi.StringInput{lb.SecurityGroupID}
	clusterArgs.Tags = tags
	cluster, err := ecs.NewCluster(ctx, "cluster", &clusterArgs)
	if err != nil {
		return err
	}

	// The stack's own image repository: releases push the images they deploy
	// here (the image key may name any registry). With buildImage, the stack
	// builds the bundled sample service into it (Docker needed) and runs that.
	repoArgs := cfg.Repository
	if cfg.LogKey.ECRRepositories { // repositoryEncryption KMS, no key given: the log key
		repoArgs.KMSKeyARN = logKeyARN
	}
	repoArgs.Tags = tags
	repo, err := registry.NewRepository(ctx, "app", &repoArgs)
	if err != nil {
		return err
	}

	svcArgs := cfg.Service
	if cfg.BuildImage {
		svcArgs.ImageURI = repo.ImageURI
	}
	svcArgs.ClusterName = cluster.ClusterName
	// Resolves after the cluster's capacity-provider association: a service
	// with a capacity provider strategy needs it.
	svcArgs.CapacityProviderName = cluster.CapacityProviderName
	svcArgs.ExecutionRoleARN = roles.TaskExecutionRoleARN
	svcArgs.TaskRoleARN = roles.TaskRoleARN
	svcArgs.CodeDeployRoleARN = roles.CodeDeployRoleARN
	svcArgs.ProductionListenerARN = lb.ProductionListenerARN
	svcArgs.TestListenerARN = lb.TestListenerARN
	// Resolves after the production listener forwards to it: ECS needs the
	// target group attached to a listener first.
	svcArgs.BlueTargetGroupARN = lb.BlueTargetGroupARN
	svcArgs.BlueTargetGroupName = lb.BlueTargetGroupName
	svcArgs.GreenTargetGroupName = lb.GreenTargetGroupName
	svcArgs.BlueTargetGroupARNSuffix = lb.BlueTargetGroupARNSuffix
	svcArgs.GreenTargetGroupARNSuffix = lb.GreenTargetGroupARNSuffix
	svcArgs.LoadBalancerARNSuffix = lb.LoadBalancerARNSuffix
	svcArgs.NotificationTopicARN = topic.TopicARN
	svcArgs.LogKMSKeyARN = logKeyARN
	svcArgs.Tags = tags
	svc, err := ecs.NewService(ctx, "app", &svcArgs)
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
	// The security baseline: "" for what the stack leaves off.
	ctx.Export("notificationTopicArn", topic.TopicARN)
	ctx.Export("notificationTopicName", topic.TopicName)
	ctx.Export("webAclArn", webACLExport)
	ctx.Export("logKeyArn", logKeyExport)
	return nil
}
