package network

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/logretention"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awscloudwatch "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VPCType is the component's type token. It is part of every child's URN:
// changing it replaces the whole network unless an alias says otherwise.
const VPCType = "ecs-bluegreen:network:VPC"

// NATStrategy says how many NAT gateways carry the private subnets' traffic
// to the internet.
type NATStrategy string

const (
	// NATSingle is one NAT gateway, in the first zone's public subnet, shared
	// by every private subnet. Cheapest; an outage of that zone cuts every
	// zone's outbound traffic (image pulls, the ECS agent's connection).
	NATSingle NATStrategy = "single"
	// NATOnePerAZ is one NAT gateway in each zone, each private subnet
	// routing to its own zone's gateway: the private tier survives the loss
	// of a zone, and no traffic crosses zones to reach a NAT.
	NATOnePerAZ NATStrategy = "perAz"
	// NATInstance is one NAT instance for every zone (the fck-nat pattern),
	// a tenth of a NAT gateway's price and no per-GB charge: a Graviton
	// instance (NATInstanceType) running Amazon Linux 2023, in an Auto
	// Scaling group of one in the first zone's public subnet. The private
	// subnets route to a network interface that outlives the instance: the
	// group launches every replacement on it, so the routes and the Elastic
	// IP stay valid, and outbound traffic stops only while a replacement
	// boots (a minute or two). One instance's bandwidth (t4g.nano: up to 5
	// Gbps in bursts) carries every zone; it forwards TCP on 443 and
	// NATInstancePorts only; and, as with NATSingle, an outage of the first
	// zone cuts every zone's outbound traffic (the interface cannot move to
	// another zone).
	NATInstance NATStrategy = "instance"
)

// NATStrategies lists the accepted NAT strategies.
var NATStrategies = []NATStrategy{NATSingle, NATOnePerAZ, NATInstance}

// DefaultCIDR is the VPC's CIDR block when VPCArgs.CIDR is empty.
const DefaultCIDR = "10.0.0.0/16"

// DefaultFlowLogRetentionDays is how long flow-log records are kept when
// VPCArgs.FlowLogRetentionDays is zero.
const DefaultFlowLogRetentionDays = 90

// VPCArgs configures NewVPC. The zero value of every field but
// AvailabilityZones is a working default.
type VPCArgs struct {
	// AvailabilityZones the VPC spans, in order: zone i gets public and
	// private subnet i (see PlanSubnets). At least 2 (a load balancer needs
	// two zones), at most MaxAZs. Append zones to grow the VPC; reordering or
	// removing one replaces subnets. LookupAvailabilityZones picks them from
	// the region.
	AvailabilityZones []string
	// CIDR is the VPC's IPv4 CIDR block, /16 to /23. Default: DefaultCIDR.
	// Changing it replaces the VPC and everything in it.
	CIDR string
	// NATGateways chooses one NAT gateway for the VPC (NATSingle), one per
	// zone (NATOnePerAZ), or one NAT instance for the VPC (NATInstance).
	// Default: NATOnePerAZ.
	NATGateways NATStrategy
	// NATInstanceType is the NAT instance's EC2 instance type, a Graviton
	// (arm64) type: the instance boots the arm64 Amazon Linux 2023 image.
	// A larger type has more network bandwidth. Changing it replaces the
	// instance (an instance refresh: outbound traffic stops while the new
	// one boots). Default: DefaultNATInstanceType. Ignored unless
	// NATGateways is NATInstance.
	NATInstanceType string
	// NATInstancePorts are the TCP ports, besides 443, that the NAT instance
	// forwards from the VPC to the internet: its security group admits them
	// from the VPC's block only and sends only them (and 443, which the
	// instance itself needs for Session Manager and its packages). List
	// what the private subnets send: a load balancer's listener ports, for
	// clients in the VPC that reach an internet-facing load balancer
	// through the NAT. 1 to 65535, each once. Default: none, 443 only.
	// Ignored unless NATGateways is NATInstance.
	NATInstancePorts []int
	// FlowLogs records all accepted and rejected traffic of the VPC to a
	// CloudWatch Logs group the component creates. Default: off.
	FlowLogs bool
	// FlowLogRetentionDays is how long flow-log records are kept, in days:
	// one of the periods CloudWatch Logs accepts. Default:
	// DefaultFlowLogRetentionDays. Ignored without FlowLogs.
	FlowLogRetentionDays int
	// FlowLogKMSKeyARN encrypts the flow logs' group with a customer
	// managed KMS key (kms.LogKey.KeyARN), whose policy must let CloudWatch
	// Logs use it. Ignored without FlowLogs. Default: none, CloudWatch Logs'
	// own encryption.
	FlowLogKMSKeyARN pulumi.StringInput
	// PermissionsBoundaryARN is the ARN of a managed policy set as the
	// permissions boundary of the roles the component creates (the flow
	// logs' delivery role, the NAT instance's), as landing zones require of
	// every role a pipeline creates. Default: no boundary.
	PermissionsBoundaryARN string
	// Tags are applied to every taggable resource of the component, beside
	// the Name tag it sets itself.
	Tags map[string]string
}

// VPC is a VPC with public and private subnets across availability zones.
type VPC struct {
	pulumi.ResourceState

	// VPCID is the VPC's id.
	VPCID pulumi.StringOutput `pulumi:"vpcId"`
	// CIDR is the VPC's IPv4 CIDR block.
	CIDR pulumi.StringOutput `pulumi:"cidr"`
	// AvailabilityZones are the zones the VPC spans, in subnet order.
	AvailabilityZones pulumi.StringArrayOutput `pulumi:"availabilityZones"`
	// PublicSubnetIDs are the public subnets' ids, in zone order. They
	// resolve once the subnets route to the internet gateway, so an
	// internet-facing load balancer placed in them waits for the gateway, as
	// AWS requires.
	PublicSubnetIDs pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// PrivateSubnetIDs are the private subnets' ids, in zone order.
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// PrivateRouteTableIDs are the private subnets' route tables, in zone
	// order, for gateway endpoints or peering routes a caller adds.
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// NATPublicIPs are the Elastic IPs of the NAT gateways or the NAT
	// instance: the addresses the private subnets' outbound traffic comes
	// from, for allow-lists. The NAT instance's address survives its
	// replacements; switching NATGateways changes the addresses.
	NATPublicIPs pulumi.StringArrayOutput `pulumi:"natPublicIps"`
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args VPCArgs) withDefaults() VPCArgs {
	if args.CIDR == "" {
		args.CIDR = DefaultCIDR
	}
	if args.NATGateways == "" {
		args.NATGateways = NATOnePerAZ
	}
	if args.NATInstanceType == "" {
		args.NATInstanceType = DefaultNATInstanceType
	}
	if args.FlowLogRetentionDays == 0 {
		args.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	return args
}

// FieldError is the error Validate and NewVPC report for each bad field:
// it names the field, the value, what is allowed and a value that works.
type FieldError = argcheck.Error

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewVPC calls it
// before it registers anything; a caller may call it earlier, before it
// creates anything else.
func (args VPCArgs) Validate() error {
	_, err := args.withDefaults().validate()
	return err
}

// validate is Validate on args with defaults, also returning the subnet
// plan.
func (args VPCArgs) validate() (SubnetPlan, error) {
	var errs argcheck.List
	if n := len(args.AvailabilityZones); n < 2 || n > MaxAZs {
		errs.Add("len(AvailabilityZones)", n, min(max(n, 2), MaxAZs),
			"is out of range: use 2 to %d zones (a load balancer needs two; the subnet plan has room for %d)", MaxAZs, MaxAZs)
	} else if err := checkZones(args.AvailabilityZones); err != nil {
		errs.Add("AvailabilityZones", args.AvailabilityZones, nil, "is not a list of zones: %v", err)
	}
	if b := args.PermissionsBoundaryARN; b != "" && !iampolicy.IsManagedPolicyARN(b) {
		errs.Add("PermissionsBoundaryARN", b, nil, "is not an IAM managed policy ARN: want %s", iampolicy.ManagedPolicyARNShape)
	}
	if !slices.Contains(NATStrategies, args.NATGateways) {
		errs.Add("NATGateways", string(args.NATGateways), string(NATOnePerAZ),
			"is not a NAT strategy: use %q (one NAT gateway, cheaper), %q (one per zone, survives a zone outage) or %q (one NAT instance, cheapest)",
			NATSingle, NATOnePerAZ, NATInstance)
	}
	checkNATInstanceType(&errs, args.NATInstanceType)
	checkNATInstancePorts(&errs, args.NATInstancePorts)
	if args.FlowLogs && !logretention.Valid(args.FlowLogRetentionDays) {
		errs.Add("FlowLogRetentionDays", args.FlowLogRetentionDays, logretention.Nearest(args.FlowLogRetentionDays),
			"is not a CloudWatch Logs retention period: use one of %v", logretention.Days)
	}
	cidr, problem := vpcCIDRProblem(args.CIDR)
	if problem != "" {
		errs.Add("CIDR", args.CIDR, DefaultCIDR, "%s", problem)
	}
	if err := errs.Err(); err != nil {
		return SubnetPlan{}, err
	}
	plan, err := PlanSubnets(cidr.String(), args.AvailabilityZones)
	if err != nil { // checked above: a bug if it happens
		return SubnetPlan{}, fmt.Errorf("CIDR and AvailabilityZones: %w", err)
	}
	return plan, nil
}

// NewVPC creates the VPC, its subnets, gateways and routes. It validates args
// before it registers anything: on error, nothing is created.
func NewVPC(ctx *pulumi.Context, name string, args *VPCArgs, opts ...pulumi.ResourceOption) (*VPC, error) {
	if args == nil {
		args = &VPCArgs{}
	}
	a := args.withDefaults()
	plan, err := a.validate()
	if err != nil {
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}

	c := &VPC{}
	if err := ctx.RegisterComponentResource(VPCType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return pulumi.ToStringMap(tagging.For(child, a.Tags)) }

	vpc, igw, err := newVPCAndGateway(ctx, name, plan, tags, parent)
	if err != nil {
		return nil, err
	}
	public, err := newPublicTier(ctx, name, plan, vpc, igw, tags, parent)
	if err != nil {
		return nil, err
	}
	// Invokes run with the component as parent so that they use its provider
	// (and so its region), as the children do.
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("network: %s: looking up the region: %w", name, err)
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("network: %s: looking up the partition: %w", name, err)
	}
	nat, err := newNAT(ctx, name, a, plan, vpc, igw, public.subnetIDs, tags, parent)
	if err != nil {
		return nil, err
	}
	private, err := newPrivateTier(ctx, name, a.NATGateways, plan, vpc, nat, tags, parent)
	if err != nil {
		return nil, err
	}
	// A gateway endpoint for S3 is free and keeps ECR image-layer pulls
	// (served from S3) off the NAT gateways' per-GB processing charge.
	if _, err := awsec2.NewVpcEndpoint(ctx, name+"-s3", s3EndpointArgs(name, vpc, private, partition.ReverseDnsPrefix, region.Name, tags), parent); err != nil {
		return nil, err
	}
	if a.FlowLogs {
		if err := newFlowLogs(ctx, name, vpc, a, region.Name, partition.Partition, tags, parent); err != nil {
			return nil, err
		}
	}

	c.VPCID = vpc.ID().ToStringOutput()
	c.CIDR = vpc.CidrBlock
	c.AvailabilityZones = pulumi.ToStringArray(a.AvailabilityZones).ToStringArrayOutput()
	// The public subnet ids carry a dependency on the default route to the
	// internet gateway (and so on the gateway itself).
	c.PublicSubnetIDs = pulumi.All(public.route.ID(), pulumi.ToStringArrayOutput(public.subnetIDs)).ApplyT(func(all []any) []string {
		return all[1].([]string)
	}).(pulumi.StringArrayOutput)
	c.PrivateSubnetIDs = private.subnetIDs.ToStringArrayOutput()
	c.PrivateRouteTableIDs = private.routeTableIDs.ToStringArrayOutput()
	c.NATPublicIPs = nat.publicIPs.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vpcId":                c.VPCID,
		"cidr":                 c.CIDR,
		"availabilityZones":    c.AvailabilityZones,
		"publicSubnetIds":      c.PublicSubnetIDs,
		"privateSubnetIds":     c.PrivateSubnetIDs,
		"privateRouteTableIds": c.PrivateRouteTableIDs,
		"natPublicIps":         c.NATPublicIPs,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// s3EndpointArgs is the S3 gateway endpoint of the private route tables.
func s3EndpointArgs(name string, vpc *awsec2.Vpc, private privateTier, reverseDNSPrefix, region string,
	tags func(string) pulumi.StringMap,
) *awsec2.VpcEndpointArgs {
	return &awsec2.VpcEndpointArgs{
		VpcId:           vpc.ID(),
		ServiceName:     pulumi.String(reverseDNSPrefix + "." + region + ".s3"),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   private.routeTableIDs,
		Tags:            tags(name + "-s3"),
	}
}

// newVPCAndGateway creates the VPC, takes over its default security group,
// and attaches an internet gateway.
func newVPCAndGateway(ctx *pulumi.Context, name string, plan SubnetPlan,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (*awsec2.Vpc, *awsec2.InternetGateway, error) {
	vpc, err := awsec2.NewVpc(ctx, name, &awsec2.VpcArgs{
		CidrBlock:          pulumi.String(plan.VPC.String()),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true), // ECS and SSM endpoints, and private DNS of interface endpoints, need it
		Tags:               tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	// Taking over the default security group with no rules leaves it
	// denying everything, so nothing lands in an open group by accident.
	// It stays untagged: it exists before anything could tag it, and a
	// pipeline role that may tag an existing group into the project could
	// adopt any other group so (pipelineroles empties it untagged).
	if _, err := awsec2.NewDefaultSecurityGroup(ctx, name+"-default", &awsec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
	}, parent); err != nil {
		return nil, nil, err
	}
	igw, err := awsec2.NewInternetGateway(ctx, name+"-igw", &awsec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  tags(name + "-igw"),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return vpc, igw, nil
}

// publicTier is the public subnets, in zone order, and their default route
// to the internet gateway.
type publicTier struct {
	subnetIDs []pulumi.StringOutput
	route     *awsec2.Route
}

// newPublicTier creates one route table shared by every public subnet, its
// default route to the internet gateway, and a public subnet per zone.
func newPublicTier(ctx *pulumi.Context, name string, plan SubnetPlan, vpc *awsec2.Vpc, igw *awsec2.InternetGateway,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (publicTier, error) {
	publicRT, err := awsec2.NewRouteTable(ctx, name+"-public", &awsec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  tags(name + "-public"),
	}, parent)
	if err != nil {
		return publicTier{}, err
	}
	publicRoute, err := awsec2.NewRoute(ctx, name+"-public-internet", &awsec2.RouteArgs{
		RouteTableId:         publicRT.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID(),
	}, parent)
	if err != nil {
		return publicTier{}, err
	}
	publicIDs := make([]pulumi.StringOutput, len(plan.Public))
	for i, s := range plan.Public {
		sn := name + "-public-" + strconv.Itoa(i)
		subnet, err := awsec2.NewSubnet(ctx, sn, &awsec2.SubnetArgs{
			VpcId:            vpc.ID(),
			CidrBlock:        pulumi.String(s.CIDR.String()),
			AvailabilityZone: pulumi.String(s.AvailabilityZone),
			// Only the load balancer and the NAT gateways (with Elastic IPs)
			// live here: nothing launched in a public subnet gets a public IP.
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tags(sn),
		}, parent)
		if err != nil {
			return publicTier{}, err
		}
		if _, err := awsec2.NewRouteTableAssociation(ctx, sn, &awsec2.RouteTableAssociationArgs{
			SubnetId:     subnet.ID(),
			RouteTableId: publicRT.ID(),
		}, parent); err != nil {
			return publicTier{}, err
		}
		publicIDs[i] = subnet.ID().ToStringOutput()
	}
	return publicTier{subnetIDs: publicIDs, route: publicRoute}, nil
}

// natTargets carry the private tier's outbound traffic: NAT gateways (one,
// or one per zone) or the NAT instance.
type natTargets struct {
	gatewayIDs []pulumi.IDOutput
	instance   *natInstance
	// publicIPs are the addresses the traffic leaves from.
	publicIPs pulumi.StringArray
}

// newNAT creates what carries the private tier's outbound traffic: NAT
// gateways in the first zone only or in every zone, or a NAT instance in
// the first zone.
func newNAT(ctx *pulumi.Context, name string, a VPCArgs, plan SubnetPlan, vpc *awsec2.Vpc, igw *awsec2.InternetGateway,
	publicIDs []pulumi.StringOutput, tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (natTargets, error) {
	var nat natTargets
	switch a.NATGateways {
	case NATInstance:
		natInst, err := newNATInstance(ctx, name, a, natInstanceInputs{
			vpcID: vpc.ID(), vpcCIDR: plan.VPC.String(), subnetID: publicIDs[0], igw: igw,
		}, tags, parent)
		if err != nil {
			return nat, err
		}
		nat.instance, nat.publicIPs = natInst, pulumi.StringArray{natInst.eip.PublicIp}
	case NATSingle, NATOnePerAZ:
		nats := 1
		if a.NATGateways == NATOnePerAZ {
			nats = len(plan.Public)
		}
		for i := range nats {
			nn := name + "-nat-" + strconv.Itoa(i)
			eip, err := awsec2.NewEip(ctx, nn, &awsec2.EipArgs{
				Domain: pulumi.String("vpc"),
				Tags:   tags(nn),
			}, parent)
			if err != nil {
				return nat, err
			}
			gw, err := awsec2.NewNatGateway(ctx, nn, &awsec2.NatGatewayArgs{
				AllocationId: eip.ID(),
				SubnetId:     publicIDs[i],
				Tags:         tags(nn),
				// A NAT gateway needs the VPC's internet gateway attached before
				// it can reach the internet (AWS's and the provider's advice).
			}, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
			if err != nil {
				return nat, err
			}
			nat.gatewayIDs = append(nat.gatewayIDs, gw.ID())
			nat.publicIPs = append(nat.publicIPs, eip.PublicIp)
		}
	}
	return nat, nil
}

// privateTier is the private subnets and their route tables, in zone order.
type privateTier struct {
	subnetIDs, routeTableIDs pulumi.StringArray
}

// newPrivateTier creates a private subnet per zone, each with its own
// route table (even with a single NAT gateway, so that switching to
// NATOnePerAZ changes routes, not tables) and a default route to nat.
func newPrivateTier(ctx *pulumi.Context, name string, strategy NATStrategy, plan SubnetPlan, vpc *awsec2.Vpc, nat natTargets,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (privateTier, error) {
	private := privateTier{
		subnetIDs:     make(pulumi.StringArray, len(plan.Private)),
		routeTableIDs: make(pulumi.StringArray, len(plan.Private)),
	}
	for i, s := range plan.Private {
		sn := name + "-private-" + strconv.Itoa(i)
		subnet, err := awsec2.NewSubnet(ctx, sn, &awsec2.SubnetArgs{
			VpcId:               vpc.ID(),
			CidrBlock:           pulumi.String(s.CIDR.String()),
			AvailabilityZone:    pulumi.String(s.AvailabilityZone),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tags(sn),
		}, parent)
		if err != nil {
			return private, err
		}
		rt, err := awsec2.NewRouteTable(ctx, sn, &awsec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  tags(sn),
		}, parent)
		if err != nil {
			return private, err
		}
		if err := newNATRoute(ctx, sn, i, strategy, rt, nat, parent); err != nil {
			return private, err
		}
		if _, err := awsec2.NewRouteTableAssociation(ctx, sn, &awsec2.RouteTableAssociationArgs{
			SubnetId:     subnet.ID(),
			RouteTableId: rt.ID(),
		}, parent); err != nil {
			return private, err
		}
		private.subnetIDs[i] = subnet.ID()
		private.routeTableIDs[i] = rt.ID()
	}
	return private, nil
}

// newNATRoute creates the default route of zone i's private route table rt,
// named sn+"-nat". It is the same route (its name, table and destination)
// for every strategy: switching strategies changes its target in place.
func newNATRoute(ctx *pulumi.Context, sn string, i int, strategy NATStrategy, rt *awsec2.RouteTable, nat natTargets,
	parent pulumi.ResourceOrInvokeOption,
) error {
	route := &awsec2.RouteArgs{
		RouteTableId:         rt.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
	}
	routeOpts := []pulumi.ResourceOption{parent}
	switch {
	case nat.instance != nil:
		// The fixed interface, once the group has an instance on it.
		route.NetworkInterfaceId = nat.instance.eni.ID()
		routeOpts = append(routeOpts, pulumi.DependsOn([]pulumi.Resource{nat.instance.group}))
	case strategy == NATOnePerAZ:
		route.NatGatewayId = nat.gatewayIDs[i]
	default:
		route.NatGatewayId = nat.gatewayIDs[0]
	}
	_, err := awsec2.NewRoute(ctx, sn+"-nat", route, routeOpts...)
	return err
}

// newFlowLogs sends the VPC's flow logs to a CloudWatch Logs group, through
// a role that may write to that group only.
func newFlowLogs(ctx *pulumi.Context, name string, vpc *awsec2.Vpc, a VPCArgs, region, partition string,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) error {
	fn := name + "-flow-logs"
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return fmt.Errorf("network: %s: looking up the account: %w", name, err)
	}
	group, err := awscloudwatch.NewLogGroup(ctx, fn, &awscloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.FlowLogRetentionDays),
		KmsKeyId:        a.FlowLogKMSKeyARN,
		Tags:            tags(fn),
	}, parent)
	if err != nil {
		return err
	}
	var boundary pulumi.StringPtrInput
	if a.PermissionsBoundaryARN != "" {
		boundary = pulumi.String(a.PermissionsBoundaryARN)
	}
	role, err := awsiam.NewRole(ctx, fn, &awsiam.RoleArgs{
		Description:         pulumi.String("Delivers the flow logs of VPC " + name + " to CloudWatch Logs."),
		AssumeRolePolicy:    pulumi.String(flowLogTrustPolicy(partition, region, account.AccountId)),
		PermissionsBoundary: boundary,
		Tags:                tags(fn),
	}, parent)
	if err != nil {
		return err
	}
	policy, err := awsiam.NewRolePolicy(ctx, fn, &awsiam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: group.Arn.ApplyT(flowLogDeliveryPolicy).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return err
	}
	_, err = awsec2.NewFlowLog(ctx, fn, &awsec2.FlowLogArgs{
		VpcId:                  vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60), // one-minute records; the default is ten
		Tags:                   tags(fn),
		// The role must be allowed to write before the first delivery, or
		// the flow log starts with a delivery error.
	}, parent, pulumi.DependsOn([]pulumi.Resource{policy}))
	return err
}

// LookupAvailabilityZones returns the first count availability zones that
// the region reports as available, sorted by name. Local and Wavelength
// zones are left out. It fails, naming what the region has, when there are
// fewer than count. Pass pulumi.Provider to look up another region.
func LookupAvailabilityZones(ctx *pulumi.Context, count int, opts ...pulumi.InvokeOption) ([]string, error) {
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State:   pulumi.StringRef("available"),
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "zone-type", Values: []string{"availability-zone"}}},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("network: looking up availability zones: %w", err)
	}
	names := slices.Sorted(slices.Values(res.Names))
	if len(names) < count {
		return nil, &NotEnoughZonesError{Want: count, Available: names}
	}
	return names[:count], nil
}

// NotEnoughZonesError is LookupAvailabilityZones' error when the region has
// fewer available zones than asked for.
type NotEnoughZonesError struct {
	Want      int      // zones asked for
	Available []string // the zones the region has available
}

func (e *NotEnoughZonesError) Error() string {
	return fmt.Sprintf("network: want %d availability zones, the region reports %d available: %v", e.Want, len(e.Available), e.Available)
}
