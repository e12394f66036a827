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
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/ecs-bluegreen/ecs-bluegreen/waf"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Run is the program: read and check the configuration, then compose the
// components in order, each step wiring the earlier ones' outputs into its
// inputs, and export the stack's outputs (package outputs names them).
func Run(ctx *pulumi.Context) error {
	cfg, err := configure(ctx)
	if err != nil {
		return err
	}
	s := &stack{cfg: cfg, tags: map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}}
	for _, step := range []func(*pulumi.Context) error{
		s.newLogKey, s.newNetwork, s.newRoles, s.newNotifications, s.newLoadBalancer, s.newWAF,
		s.newCluster, s.newRepository, s.newService, s.newValidation,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	warnImageDrift(ctx, s.cluster.ClusterARN, s.svc.ServiceName, s.svc.ContainerName, cfg.imageReference())
	s.export(ctx)
	return nil
}

// stack is what Run composes: the configuration, the tags every component
// gets (Project and Stack), and the components, as each step creates them.
type stack struct {
	cfg  stackConfig
	tags map[string]string

	logKeyARN               pulumi.StringInput  // nil without encryptLogs
	logKeyExport, webACLARN pulumi.StringOutput // "" for what the stack leaves off
	vpc                     *network.VPC
	roles                   *iam.Roles
	topic                   *notify.Topic
	lb                      *alb.LoadBalancer
	cluster                 *ecs.Cluster
	repo                    *registry.Repository
	svc                     *ecs.Service
	hookName, hookARN       pulumi.StringOutput // "" without validation
}

// newLogKey creates, with encryptLogs, one key for every log group of the
// stack.
func (s *stack) newLogKey(ctx *pulumi.Context) error {
	s.logKeyExport = pulumi.String("").ToStringOutput()
	if !s.cfg.EncryptLogs {
		return nil
	}
	args := s.cfg.LogKey
	args.Tags = s.tags
	key, err := kms.NewLogKey(ctx, "logs", &args)
	if err != nil {
		return err
	}
	s.logKeyARN, s.logKeyExport = key.KeyARN, key.KeyARN
	return nil
}

func (s *stack) newNetwork(ctx *pulumi.Context) (err error) {
	args := s.cfg.VPC
	args.FlowLogKMSKeyARN = s.logKeyARN
	args.Tags = s.tags
	s.vpc, err = network.NewVPC(ctx, "vpc", &args)
	return err
}

// newRoles creates the stack's roles, with the permissions boundary, as
// the network's flow-log role has it.
func (s *stack) newRoles(ctx *pulumi.Context) (err error) {
	args := s.cfg.Roles
	args.Tags = s.tags
	s.roles, err = iam.NewRoles(ctx, "roles", &args)
	return err
}

// newNotifications creates the stack's topic: the rollback alarms and the
// deployment group publish there, the group with its CodeDeploy role.
func (s *stack) newNotifications(ctx *pulumi.Context) (err error) {
	args := s.cfg.Notifications
	args.PublisherRoleARNs = []pulumi.StringInput{s.roles.CodeDeployRoleARN}
	args.Tags = s.tags
	s.topic, err = notify.NewTopic(ctx, "notifications", &args)
	return err
}

func (s *stack) newLoadBalancer(ctx *pulumi.Context) (err error) {
	args := s.cfg.LoadBalancer
	args.VPCID = s.vpc.VPCID
	// These resolve only once the public subnets route to the internet
	// gateway: an internet-facing load balancer needs it attached.
	args.SubnetIDs = s.vpc.PublicSubnetIDs
	// Clients in the VPC (a CI runner, a smoke test) reach the test
	// listener from the NAT addresses.
	args.TestListenerSourceIPs = s.vpc.NATPublicIPs
	args.Tags = s.tags
	s.lb, err = alb.NewLoadBalancer(ctx, "web", &args)
	return err
}

// newWAF puts the web ACL on the load balancer, with waf.
func (s *stack) newWAF(ctx *pulumi.Context) error {
	s.webACLARN = pulumi.String("").ToStringOutput()
	if !s.cfg.WAFEnabled {
		return nil
	}
	args := s.cfg.WAF
	args.LoadBalancerARN = s.lb.LoadBalancerARN
	args.LogKMSKeyARN = s.logKeyARN
	args.Tags = s.tags
	acl, err := waf.NewWebACL(ctx, "waf", &args)
	if err != nil {
		return err
	}
	s.webACLARN = acl.WebACLARN
	return nil
}

func (s *stack) newCluster(ctx *pulumi.Context) (err error) {
	args := s.cfg.Cluster
	args.VPCID = s.vpc.VPCID
	args.SubnetIDs = s.vpc.PrivateSubnetIDs
	args.InstanceProfileARN = s.roles.InstanceProfileARN
	args.LoadBalancerSecurityGroupIDs = []pulumi.StringInput{s.lb.SecurityGroupID}
	args.Tags = s.tags
	s.cluster, err = ecs.NewCluster(ctx, "cluster", &args)
	return err
}

// newRepository creates the stack's own image repository: releases push
// the images they deploy there (the image key may name any registry). With
// buildImage, the stack builds the bundled sample service into it (Docker
// needed) and runs that.
func (s *stack) newRepository(ctx *pulumi.Context) (err error) {
	args := s.cfg.Repository
	if s.cfg.LogKey.ECRRepositories { // repositoryEncryption KMS, no key given: the log key
		args.KMSKeyARN = s.logKeyARN
	}
	args.Tags = s.tags
	s.repo, err = registry.NewRepository(ctx, "app", &args)
	return err
}

func (s *stack) newService(ctx *pulumi.Context) (err error) {
	args := s.cfg.Service
	if s.cfg.BuildImage {
		args.ImageURI = s.repo.ImageURI
	}
	args.ClusterName = s.cluster.ClusterName
	// Resolves after the cluster's capacity-provider association: a service
	// with a capacity provider strategy needs it.
	args.CapacityProviderName = s.cluster.CapacityProviderName
	args.ExecutionRoleARN = s.roles.TaskExecutionRoleARN
	args.TaskRoleARN = s.roles.TaskRoleARN
	args.CodeDeployRoleARN = s.roles.CodeDeployRoleARN
	// The listeners and target groups; the blue group's ARN resolves after
	// the production listener forwards to it: ECS needs the target group
	// attached to a listener first.
	args.Traffic = s.lb.Traffic()
	args.NotificationTopicARN = s.topic.TopicARN
	args.LogKMSKeyARN = s.logKeyARN
	args.Tags = s.tags
	s.svc, err = ecs.NewService(ctx, "app", &args)
	return err
}

// newValidation creates, with the validation key, the hook that releases
// name at AfterAllowTestTraffic: a function in the private subnets that
// probes the test listener, which admits it through the NAT addresses.
func (s *stack) newValidation(ctx *pulumi.Context) error {
	s.hookName = pulumi.String("").ToStringOutput()
	s.hookARN = s.hookName
	if !s.cfg.ValidationEnabled {
		return nil
	}
	if s.cfg.LoadBalancer.CertificateARN != "" && s.cfg.Validation.TLSServerName == "" {
		// Not refused: the stack still deploys, and each release's
		// validation fails safely (rolled back) with the TLS error.
		_ = ctx.Log.Warn("validation with certificateArn: the HTTPS test listener answers with your site's certificate, which does not name the load balancer the probe connects to, so every validation would fail; set the name it holds: pulumi config set validationServerName www.example.com", nil)
	}
	args := s.cfg.Validation
	args.TestURL = s.lb.TestURL
	args.VPCID = s.vpc.VPCID
	args.SubnetIDs = s.vpc.PrivateSubnetIDs
	args.LogKMSKeyARN = s.logKeyARN
	args.Tags = s.tags
	hook, err := validation.NewHook(ctx, "validate", &args)
	if err != nil {
		return err
	}
	s.hookName, s.hookARN = hook.FunctionName, hook.FunctionARN
	return nil
}

// export exports the stack's outputs.
func (s *stack) export(ctx *pulumi.Context) {
	// The network.
	ctx.Export(outputs.VPCID, s.vpc.VPCID)
	ctx.Export(outputs.VPCCIDR, s.vpc.CIDR)
	ctx.Export(outputs.AvailabilityZones, s.vpc.AvailabilityZones)
	ctx.Export(outputs.PublicSubnetIDs, s.vpc.PublicSubnetIDs)
	ctx.Export(outputs.PrivateSubnetIDs, s.vpc.PrivateSubnetIDs)
	ctx.Export(outputs.NATPublicIPs, s.vpc.NATPublicIPs)
	// What a user opens and a release pipeline needs.
	ctx.Export(outputs.URL, s.lb.URL)
	ctx.Export(outputs.TestURL, s.lb.TestURL)
	ctx.Export(outputs.LoadBalancerDNSName, s.lb.DNSName)
	ctx.Export(outputs.ClusterName, s.cluster.ClusterName)
	ctx.Export(outputs.ServiceName, s.svc.ServiceName)
	ctx.Export(outputs.TaskDefinitionFamily, s.svc.TaskDefinitionFamily)
	ctx.Export(outputs.TaskDefinitionARN, s.svc.TaskDefinitionARN)
	ctx.Export(outputs.ContainerName, s.svc.ContainerName)
	ctx.Export(outputs.ContainerPort, s.svc.ContainerPort)
	ctx.Export(outputs.CapacityProviderName, s.svc.CapacityProviderName)
	ctx.Export(outputs.LogGroupName, s.svc.LogGroupName)
	ctx.Export(outputs.CodeDeployApplicationName, s.svc.CodeDeployApplicationName)
	ctx.Export(outputs.DeploymentGroupName, s.svc.DeploymentGroupName)
	ctx.Export(outputs.ProductionListenerARN, s.lb.ProductionListenerARN)
	ctx.Export(outputs.TestListenerARN, s.lb.TestListenerARN)
	ctx.Export(outputs.BlueTargetGroupName, s.lb.BlueTargetGroupName)
	ctx.Export(outputs.GreenTargetGroupName, s.lb.GreenTargetGroupName)
	ctx.Export(outputs.AlarmNames, s.svc.AlarmNames)
	ctx.Export(outputs.RepositoryURL, s.repo.RepositoryURL)
	ctx.Export(outputs.RepositoryName, s.repo.RepositoryName)
	// A service at its own name.
	ctx.Export(outputs.DomainName, pulumi.String(s.cfg.LoadBalancer.DomainName).ToStringOutput())
	ctx.Export(outputs.HostedZoneID, pulumi.String(s.cfg.LoadBalancer.HostedZoneID).ToStringOutput())
	ctx.Export(outputs.CertificateARN, s.lb.CertificateARN)
	// The security baseline: "" for what the stack leaves off.
	ctx.Export(outputs.NotificationTopicARN, s.topic.TopicARN)
	ctx.Export(outputs.NotificationTopicName, s.topic.TopicName)
	ctx.Export(outputs.WebACLARN, s.webACLARN)
	ctx.Export(outputs.LogKeyARN, s.logKeyExport)
	ctx.Export(outputs.ValidationFunctionName, s.hookName)
	ctx.Export(outputs.ValidationFunctionARN, s.hookARN)
}
