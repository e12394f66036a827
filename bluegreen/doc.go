// Package bluegreen is the seam between a load balancer and an ECS service
// that CodeDeploy releases blue/green: Traffic, the listeners and target
// groups a release moves traffic between, as one value.
//
// The alb package produces it (alb.LoadBalancer.Traffic) and the ecs
// package consumes it (ecs.ServiceArgs.Traffic). Neither imports the other:
// both import this package, which imports only the Pulumi SDK, so that a
// caller with a load balancer of its own fills a Traffic by hand from its
// resources' outputs (or plain ARNs and names) and passes it to the service
// the same way.
//
// Which fields are required, and the orderings their outputs must carry, are
// the consumer's to say: ecs.ServiceArgs.Traffic documents them.
package bluegreen
