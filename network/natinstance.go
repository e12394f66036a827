package network

import (
	"maps"
	"slices"
	"strconv"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	awsautoscaling "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	awsvpc "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// natInstance is what the VPC wires of its NAT instance: the network
// interface the private routes target, its Elastic IP, and the Auto Scaling
// group that keeps an instance on the interface.
type natInstance struct {
	eni   *awsec2.NetworkInterface
	eip   *awsec2.Eip
	group *awsautoscaling.Group
}

// natInstanceInputs are the VPC's resources and facts the NAT instance
// needs.
type natInstanceInputs struct {
	vpcID    pulumi.IDOutput
	vpcCIDR  string
	subnetID pulumi.StringOutput // the first zone's public subnet
	igw      *awsec2.InternetGateway
}

// newNATInstance creates the NAT instance, every resource named
// name+"-nat": a security group that admits the forwarded ports from the
// VPC only and sends only them; a role whose inline policy allows Session
// Manager only, and its instance profile; a network interface in the first
// zone's public subnet with the source/destination check off, and its
// Elastic IP; a
// launch template that boots the arm64 Amazon Linux 2023 image on that
// interface (device index 0), with IMDSv2 at one hop, an encrypted root
// volume, no key pair, and the user data that sets up forwarding and
// masquerading; and an Auto Scaling group of one that replaces an unhealthy
// instance on the same interface.
//
// The interface outlives every instance, so the private routes and the
// Elastic IP, which point at it, stay valid across replacements; an
// interface lives in one zone, so the group does too. Nothing here depends
// on the zone count or on other components: only the NAT instance type
// and the VPC's block change the launch template (and so start an instance
// refresh), and the ports change only security group rules.
func newNATInstance(ctx *pulumi.Context, name string, a VPCArgs, in natInstanceInputs,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*natInstance, error) {
	n := natBuilder{ctx: ctx, vpc: name, nn: name + "-nat", a: a, in: in, tags: tags, parent: parent}
	sg, err := n.newSecurityGroup()
	if err != nil {
		return nil, err
	}
	profile, sessionManager, err := n.newRole()
	if err != nil {
		return nil, err
	}
	eni, eip, err := n.newInterface(sg)
	if err != nil {
		return nil, err
	}
	lt, err := n.newLaunchTemplate(profile, sessionManager, eni)
	if err != nil {
		return nil, err
	}
	group, err := n.newGroup(lt, eip)
	if err != nil {
		return nil, err
	}
	return &natInstance{eni: eni, eip: eip, group: group}, nil
}

// natBuilder creates the NAT instance's resources, each named nn or after
// it, as children of the VPC.
type natBuilder struct {
	ctx    *pulumi.Context
	vpc    string // the VPC component's name
	nn     string // the VPC's name + "-nat"
	a      VPCArgs
	in     natInstanceInputs
	tags   func(string) pulumi.StringMap
	parent pulumi.ResourceOption
}

// newSecurityGroup creates the security group that admits the forwarded
// ports from the VPC only and sends only them to the internet.
func (n natBuilder) newSecurityGroup() (*awsec2.SecurityGroup, error) {
	// No inline rules: the provider then removes the allow-all egress rule
	// AWS adds to a new group, and the rules below are the group's only ones.
	sg, err := awsec2.NewSecurityGroup(n.ctx, n.nn, &awsec2.SecurityGroupArgs{
		Description: pulumi.String("NAT instance: forwarded ports from the VPC only"),
		VpcId:       n.in.vpcID,
		Tags:        n.tags(n.nn),
	}, n.parent)
	if err != nil {
		return nil, err
	}
	for _, port := range natInstancePorts(n.a.NATInstancePorts) {
		p := strconv.Itoa(port)
		if _, err := awsvpc.NewSecurityGroupIngressRule(n.ctx, n.nn+"-in-"+p, &awsvpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("TCP " + p + " from the VPC, to forward"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String(n.in.vpcCIDR),
			Tags:            n.tags(n.nn + "-in-" + p),
		}, n.parent); err != nil {
			return nil, err
		}
		if _, err := awsvpc.NewSecurityGroupEgressRule(n.ctx, n.nn+"-out-"+p, &awsvpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("TCP " + p + " to the internet, forwarded from the VPC"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String("0.0.0.0/0"),
			Tags:            n.tags(n.nn + "-out-" + p),
		}, n.parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// newRole creates the instance's role, its Session Manager policy and its
// instance profile: Session Manager instead of SSH, since the image runs
// the SSM agent. The user data calls no AWS API, so the role needs nothing
// else (the image id is resolved by EC2 at launch, with the launching
// caller's permissions).
func (n natBuilder) newRole() (*awsiam.InstanceProfile, *awsiam.RolePolicy, error) {
	var boundary pulumi.StringPtrInput
	if n.a.PermissionsBoundaryARN != "" {
		boundary = pulumi.String(n.a.PermissionsBoundaryARN)
	}
	role, err := awsiam.NewRole(n.ctx, n.nn, &awsiam.RoleArgs{
		Description:         pulumi.String("The NAT instance of VPC " + n.vpc + ": Session Manager only."),
		AssumeRolePolicy:    pulumi.String(natInstanceTrustPolicy()),
		PermissionsBoundary: boundary,
		Tags:                n.tags(n.nn),
	}, n.parent)
	if err != nil {
		return nil, nil, err
	}
	sessionManager, err := awsiam.NewRolePolicy(n.ctx, n.nn+"-session-manager", &awsiam.RolePolicyArgs{
		Role:   role.Name,
		Policy: pulumi.String(iampolicy.SessionManagerInstance().JSON()),
	}, n.parent)
	if err != nil {
		return nil, nil, err
	}
	profile, err := awsiam.NewInstanceProfile(n.ctx, n.nn, &awsiam.InstanceProfileArgs{
		Role: role.Name,
		Tags: n.tags(n.nn),
	}, n.parent)
	if err != nil {
		return nil, nil, err
	}
	return profile, sessionManager, nil
}

// newInterface creates the network interface in the first zone's public
// subnet, with the source/destination check off, and its Elastic IP.
func (n natBuilder) newInterface(sg *awsec2.SecurityGroup) (*awsec2.NetworkInterface, *awsec2.Eip, error) {
	eni, err := awsec2.NewNetworkInterface(n.ctx, n.nn, &awsec2.NetworkInterfaceArgs{
		Description:    pulumi.String("NAT instance of VPC " + n.vpc + ": the private subnets' default route; outlives the instances"),
		SubnetId:       n.in.subnetID,
		SecurityGroups: pulumi.StringArray{sg.ID()},
		// A NAT forwards packets that are neither from nor to itself.
		SourceDestCheck: pulumi.Bool(false),
		Tags:            n.tags(n.nn),
	}, n.parent)
	if err != nil {
		return nil, nil, err
	}
	eip, err := awsec2.NewEip(n.ctx, n.nn, &awsec2.EipArgs{
		Domain:           pulumi.String("vpc"),
		NetworkInterface: eni.ID(),
		Tags:             n.tags(n.nn),
		// An address is associated only in a VPC with an internet gateway.
	}, n.parent, pulumi.DependsOn([]pulumi.Resource{n.in.igw}))
	if err != nil {
		return nil, nil, err
	}
	return eni, eip, nil
}

// newLaunchTemplate creates the launch template that boots the arm64
// Amazon Linux 2023 image on the interface, with IMDSv2 at one hop, an
// encrypted root volume, no key pair, and the NAT's user data.
func (n natBuilder) newLaunchTemplate(profile *awsiam.InstanceProfile, sessionManager *awsiam.RolePolicy, eni *awsec2.NetworkInterface) (*awsec2.LaunchTemplate, error) {
	return awsec2.NewLaunchTemplate(n.ctx, n.nn, &awsec2.LaunchTemplateArgs{
		Description:  pulumi.String("NAT instance of VPC " + n.vpc),
		ImageId:      pulumi.String("resolve:ssm:" + NATInstanceImageParameter),
		InstanceType: pulumi.String(n.a.NATInstanceType),
		IamInstanceProfile: awsec2.LaunchTemplateIamInstanceProfileArgs{
			Arn: profile.Arn,
		},
		MetadataOptions: awsec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		BlockDeviceMappings: awsec2.LaunchTemplateBlockDeviceMappingArray{awsec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String("/dev/xvda"), // the image's root device
			Ebs: awsec2.LaunchTemplateBlockDeviceMappingEbsArgs{
				VolumeSize:          pulumi.Int(natInstanceRootVolumeGiB),
				VolumeType:          pulumi.String("gp3"),
				Encrypted:           pulumi.String("true"),
				DeleteOnTermination: pulumi.String("true"),
			},
		}},
		// Every instance boots on the fixed interface, as its primary one:
		// the security group is the interface's, and the interface stays
		// when the instance goes. No KeyName: Session Manager.
		NetworkInterfaces: awsec2.LaunchTemplateNetworkInterfaceArray{awsec2.LaunchTemplateNetworkInterfaceArgs{
			DeviceIndex:         pulumi.Int(0),
			NetworkInterfaceId:  eni.ID(),
			DeleteOnTermination: pulumi.String("false"),
		}},
		UserData:             pulumi.String(natInstanceUserData(n.in.vpcCIDR)),
		UpdateDefaultVersion: pulumi.Bool(true),
		// No tag specifications: the group tags its instance, and a tag
		// change then does not make a new version that replaces it.
		Tags: n.tags(n.nn),
		// The role can register with Session Manager from the first boot.
	}, n.parent, pulumi.DependsOn([]pulumi.Resource{sessionManager}))
}

// newGroup creates the Auto Scaling group of one that keeps an instance on
// the interface, replacing an unhealthy one.
func (n natBuilder) newGroup(lt *awsec2.LaunchTemplate, eip *awsec2.Eip) (*awsautoscaling.Group, error) {
	// The group's tags, in key order (a list input), with the Name tag
	// last; the instance gets them at launch.
	var groupTags awsautoscaling.GroupTagArray
	for _, k := range slices.Sorted(maps.Keys(n.a.Tags)) {
		if k != "Name" {
			groupTags = append(groupTags, awsautoscaling.GroupTagArgs{Key: pulumi.String(k), Value: pulumi.String(n.a.Tags[k]), PropagateAtLaunch: pulumi.Bool(true)})
		}
	}
	groupTags = append(groupTags, awsautoscaling.GroupTagArgs{Key: pulumi.String("Name"), Value: pulumi.String(n.nn), PropagateAtLaunch: pulumi.Bool(true)})
	return awsautoscaling.NewGroup(n.ctx, n.nn, &awsautoscaling.GroupArgs{
		// The interface's zone: an instance can only boot on an interface
		// in its own zone.
		VpcZoneIdentifiers: pulumi.StringArray{n.in.subnetID},
		// The group pins the template's latest version: a change of the
		// instance type (or the VPC's block) changes the group, and the
		// instance refresh below replaces the instance.
		LaunchTemplate: awsautoscaling.GroupLaunchTemplateArgs{
			Id:      lt.ID(),
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
		MinSize:         pulumi.Int(1),
		MaxSize:         pulumi.Int(1),
		DesiredCapacity: pulumi.Int(1),
		// Replacements terminate the old instance first: the interface can
		// be attached to one instance at a time.
		InstanceMaintenancePolicy: awsautoscaling.GroupInstanceMaintenancePolicyArgs{
			MinHealthyPercentage: pulumi.Int(0),
			MaxHealthyPercentage: pulumi.Int(100),
		},
		InstanceRefresh: awsautoscaling.GroupInstanceRefreshArgs{
			Strategy: pulumi.String("Rolling"),
			Preferences: awsautoscaling.GroupInstanceRefreshPreferencesArgs{
				MinHealthyPercentage: pulumi.Int(0),
				MaxHealthyPercentage: pulumi.Int(100),
			},
		},
		// An impaired or stopped instance is replaced (the user data stops
		// the instance when its setup fails).
		HealthCheckType: pulumi.String("EC2"),
		// `pulumi up` waits for the instance to be InService, and the
		// routes for the group: switching NATGateways to NATInstance moves
		// the routes once an instance runs on the interface.
		WaitForCapacityTimeout: pulumi.String("10m"),
		Tags:                   groupTags,
		// The instance reaches its package repositories through the
		// interface's Elastic IP at its first boot.
	}, n.parent, pulumi.DependsOn([]pulumi.Resource{eip}))
}
