package bluegreen

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// DefaultContainerPort is the port a container listens on and the target
// groups' port when neither is set: ecs.DefaultContainerPort and
// alb.DefaultTargetPort are this value, so the two components agree without
// importing each other.
const DefaultContainerPort = 8080

// Traffic is the load balancer side of a blue/green deployment: the
// listeners CodeDeploy points at the new version, the two target groups it
// moves the service between, and the load balancer's ARN suffix for the
// rollback alarms' metrics. Fields are Inputs: outputs of the load balancer's
// resources, or plain strings for one created elsewhere.
type Traffic struct {
	// ProductionListenerARN is the listener that carries production traffic
	// and that CodeDeploy shifts from one target group to the other.
	ProductionListenerARN pulumi.StringInput
	// TestListenerARN is the listener on which CodeDeploy shows the new
	// version before production traffic moves; nil for none.
	TestListenerARN pulumi.StringInput
	// Blue is the target group the service starts in. Its ARN should
	// resolve only once the production listener forwards to it: ECS refuses
	// a service whose target group no listener uses (alb's Traffic carries
	// that ordering).
	Blue TargetGroup
	// Green is the other target group, where CodeDeploy starts the first
	// new version.
	Green TargetGroup
	// LoadBalancerARNSuffix is the load balancer's ARN suffix
	// ("app/<name>/<id>"): the LoadBalancer dimension of its CloudWatch
	// metrics.
	LoadBalancerARNSuffix pulumi.StringInput
}

// TargetGroup is one of the two target groups of a blue/green deployment.
type TargetGroup struct {
	// ARN is the target group's ARN.
	ARN pulumi.StringInput
	// Name is the target group's name: CodeDeploy's deployment group names
	// its target groups by name.
	Name pulumi.StringInput
	// ARNSuffix is the ARN's last part ("targetgroup/<name>/<id>"): the
	// TargetGroup dimension of CloudWatch metrics.
	ARNSuffix pulumi.StringInput
}
