// Package alb builds the internet-facing Application Load Balancer of an
// ECS-on-EC2 service released blue/green by CodeDeploy: the load balancer in
// public subnets with its own security group, a production listener, a test
// listener, and two target groups (blue and green) for bridge-mode tasks
// with dynamic host ports.
//
// The service starts on the blue target group behind both listeners.
// Every release, CodeDeploy starts the new tasks in the other group, points
// the test listener at them, then shifts the production listener; the
// listeners' default actions therefore belong to CodeDeploy after the first
// deployment, and the component ignores changes to them.
//
// With a certificate, production is HTTPS on 443 and the production port
// (80 by default) only redirects to it; the test listener is then HTTPS too.
// The test listener serves a version not yet released: it is open to the
// VPC by default and never to the whole internet.
//
// Optional access logs go to an S3 bucket the component creates (SSE-S3,
// no public access, TLS only, expiring objects).
//
// The package imports none of this module's components: it takes the VPC
// and subnets as inputs and exports the ARNs and names that the ECS service
// and the CodeDeploy deployment group need, together as one
// bluegreen.Traffic value (LoadBalancer.Traffic) for ecs.ServiceArgs.
package alb
