// Package ecs runs a containerised web service on Amazon ECS on EC2, behind
// an Application Load Balancer, released blue/green by AWS CodeDeploy. It has
// two components:
//
//   - NewCluster creates the ECS cluster and its EC2 capacity: a launch
//     template for ECS-optimized Amazon Linux 2023 instances (arm64 for
//     Graviton types), the instances' security group, an Auto Scaling group
//     across the private subnets, and a capacity provider with managed
//     scaling, termination protection and draining, associated with the
//     cluster as its default strategy.
//   - NewService creates the service on that cluster: its task definition
//     (one container in bridge mode on a dynamic host port), log group, the
//     ECS service with the CODE_DEPLOY deployment controller in the blue
//     target group, optional service auto scaling, rollback alarms, and the
//     CodeDeploy application and deployment group that move traffic between
//     the blue and green target groups.
//
// # Usage
//
// The cluster's outputs feed the service; the network, IAM and load balancer
// inputs come from the caller (this package does not import the network,
// iam or alb packages). The load balancer's listeners and target groups
// arrive as one bluegreen.Traffic value, which alb.LoadBalancer.Traffic
// returns and a caller with its own load balancer fills by hand:
//
//	// vpc, roles and lb stand for the caller's network, IAM and load balancer.
//	svcArgs := ecs.ServiceArgs{
//		Image:        "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
//		DesiredCount: 2,
//	}
//	if err := svcArgs.Validate(); err != nil { // before anything is created
//		return err
//	}
//	it, err := ecs.LookupInstanceType(ctx, "t3.small") // vCPUs, memory, architecture
//	...
//	cluster, err := ecs.NewCluster(ctx, "web", &ecs.ClusterArgs{
//		VPCID:                        vpc.VPCID,
//		SubnetIDs:                    vpc.PrivateSubnetIDs,
//		AZCount:                      2,
//		InstanceType:                 it,
//		Services:                     []ecs.ServiceTasks{svcArgs.Tasks()},
//		InstanceProfileARN:           roles.InstanceProfileARN,
//		LoadBalancerSecurityGroupIDs: []pulumi.StringInput{lb.SecurityGroupID},
//	})
//	...
//	svcArgs.ClusterName = cluster.ClusterName
//	svcArgs.CapacityProviderName = cluster.CapacityProviderName
//	svcArgs.Traffic = lb.Traffic() // listeners and target groups, one value
//	...
//	svc, err := ecs.NewService(ctx, "web", &svcArgs)
//
// # Capacity
//
// At rest the group runs MinInstances instances, by default one per zone.
// ECS managed scaling (target capacity 100%) grows it towards MaxInstances
// when tasks do not fit: during a release both task sets run, so the
// cluster needs room for twice the services' tasks. MaxInstances defaults to
// what that takes, from the instance type's vCPUs and memory and the
// Services' task sizes, and at least twice MinInstances; NewCluster refuses
// a task that fits no instance, and a MaxInstances no release fits in. Managed
// termination protection and draining keep scale-in and instance refreshes
// from killing running tasks. A change to the launch template rolls the
// instances through an instance refresh; a new ECS-optimized image reaches
// them as they are replaced, since the image id is resolved at each launch.
//
// Containers run in bridge mode on host ports Docker picks from
// DynamicHostPortFrom-DynamicHostPortTo. The instances admit exactly that
// range, from the load balancers' security groups only, and send only HTTPS
// unless ClusterArgs.AllowAllEgress is set. Containers cannot reach the
// instance role's credentials: the metadata service needs a token and allows
// one network hop, and an iptables rule drops traffic from Docker bridges to
// it. Tasks use their own task role.
//
// The container's root file system is read-only by default
// (ServiceArgs.ReadonlyRootFilesystem), with DefaultTmpfsPaths writable in
// memory; it is never privileged and mounts nothing of the host; it runs as
// ServiceArgs.User, or the image's own non-root USER. With a
// NotificationTopicARN, the rollback alarms notify the topic when they fire
// and recover, and the deployment group publishes every release's outcome.
//
// # Releases
//
// After the first `pulumi up`, releases belong to CodeDeploy, which swaps
// the service's task definition, target groups and listener weights behind
// Pulumi's back. The service ignores those changes (the listeners, wherever
// they are created, must ignore their default actions too), as the Auto
// Scaling group ignores the desired capacity ECS manages, so a later
// `pulumi up` does not undo a release or a scaling action.
package ecs
