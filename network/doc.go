// Package network builds the VPC an ECS service on EC2 lives in: one public
// and one private subnet in each of two or more availability zones, an
// internet gateway for the public tier, NAT gateways (or one NAT instance)
// for the private tier, a free S3 gateway endpoint, the default security
// group emptied, and optional flow logs.
//
// The NAT instance (NATInstance) is an Auto Scaling group of one Graviton
// instance that boots on a network interface the private routes target:
// the interface, its Elastic IP and the routes outlive every instance. Its
// user data, image parameter and rules are pure (natscript.go).
//
// The subnet plan (PlanSubnets) is pure and stable: growing the zone count
// adds subnets and never moves an existing one. NewVPC registers the
// resources; LookupAvailabilityZones picks the zones a region reports as
// available.
//
// The package does not import this module's other packages: it exports IDs
// that a caller wires into them.
package network
