// Package program is this project's Pulumi program as a package: it reads
// the stack's configuration once (config.go), checks all of it with the
// components' own rules before anything is registered, and composes the
// components of the network, iam, alb, ecs and registry packages, and the
// security baseline's kms, notify and waf, which do not import each other:
// Run wires their IDs and ARNs together and exports the stack's outputs.
//
// The command `pulumi up` runs (the module's root package) only calls Run;
// the offline plan (cmd/plan) and the tests run it under Pulumi's mocks.
package program

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/kms"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/notify"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Run is the program: read and check the configuration, then compose the
// components, wiring each one's outputs into the next one's inputs.
func Run(ctx *pulumi.Context) error {
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
	// The listeners and target groups; the blue group's ARN resolves after
	// the production listener forwards to it: ECS needs the target group
	// attached to a listener first.
	svcArgs.Traffic = lb.Traffic()
	svcArgs.NotificationTopicARN = topic.TopicARN
	svcArgs.LogKMSKeyARN = logKeyARN
	svcArgs.Tags = tags
	svc, err := ecs.NewService(ctx, "app", &svcArgs)
	if err != nil {
		return err
	}
	warnImageDrift(ctx, cluster.ClusterARN, svc.ServiceName, svc.ContainerName, cfg.imageReference())

	// The network.
	ctx.Export(outputs.VPCID, vpc.VPCID)
	ctx.Export(outputs.VPCCIDR, vpc.CIDR)
	ctx.Export(outputs.AvailabilityZones, vpc.AvailabilityZones)
	ctx.Export(outputs.PublicSubnetIDs, vpc.PublicSubnetIDs)
	ctx.Export(outputs.PrivateSubnetIDs, vpc.PrivateSubnetIDs)
	ctx.Export(outputs.NATPublicIPs, vpc.NATPublicIPs)
	// What a user opens and a release pipeline needs.
	ctx.Export(outputs.URL, lb.URL)
	ctx.Export(outputs.TestURL, lb.TestURL)
	ctx.Export(outputs.LoadBalancerDNSName, lb.DNSName)
	ctx.Export(outputs.ClusterName, cluster.ClusterName)
	ctx.Export(outputs.ServiceName, svc.ServiceName)
	ctx.Export(outputs.TaskDefinitionFamily, svc.TaskDefinitionFamily)
	ctx.Export(outputs.TaskDefinitionARN, svc.TaskDefinitionARN)
	ctx.Export(outputs.ContainerName, svc.ContainerName)
	ctx.Export(outputs.ContainerPort, svc.ContainerPort)
	ctx.Export(outputs.CapacityProviderName, svc.CapacityProviderName)
	ctx.Export(outputs.LogGroupName, svc.LogGroupName)
	ctx.Export(outputs.CodeDeployApplicationName, svc.CodeDeployApplicationName)
	ctx.Export(outputs.DeploymentGroupName, svc.DeploymentGroupName)
	ctx.Export(outputs.ProductionListenerARN, lb.ProductionListenerARN)
	ctx.Export(outputs.TestListenerARN, lb.TestListenerARN)
	ctx.Export(outputs.BlueTargetGroupName, lb.BlueTargetGroupName)
	ctx.Export(outputs.GreenTargetGroupName, lb.GreenTargetGroupName)
	ctx.Export(outputs.AlarmNames, svc.AlarmNames)
	ctx.Export(outputs.RepositoryURL, repo.RepositoryURL)
	ctx.Export(outputs.RepositoryName, repo.RepositoryName)
	// The security baseline: "" for what the stack leaves off.
	ctx.Export(outputs.NotificationTopicARN, topic.TopicARN)
	ctx.Export(outputs.NotificationTopicName, topic.TopicName)
	ctx.Export(outputs.WebACLARN, webACLExport)
	ctx.Export(outputs.LogKeyARN, logKeyExport)
	return nil
}
