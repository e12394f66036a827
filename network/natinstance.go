package network

import (
	"maps"
	"slices"
	"strconv"

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
	vpcID     pulumi.IDOutput
	vpcCIDR   string
	subnetID  pulumi.StringOutput // the first zone's public subnet
	igw       *awsec2.InternetGateway
	partition string
}

// newNATInstance creates the NAT instance, every resource named
// name+"-nat": a security group that admits the forwarded ports from the
// VPC only and sends only them; a role with Session Manager's policy and
// its instance profile; a network interface in the first zone's public
// subnet with the source/destination check off, and its Elastic IP; a
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
	nn := name + "-nat"

	// No inline rules: the provider then removes the allow-all egress rule
	// AWS adds to a new group, and the rules below are the group's only ones.
	sg, err := awsec2.NewSecurityGroup(ctx, nn, &awsec2.SecurityGroupArgs{
		Description: pulumi.String("NAT instance: forwarded ports from the VPC only"),
		VpcId:       in.vpcID,
		Tags:        tags(nn),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, port := range natInstancePorts(a.NATInstancePorts) {
		p := strconv.Itoa(port)
		if _, err := awsvpc.NewSecurityGroupIngressRule(ctx, nn+"-in-"+p, &awsvpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("TCP " + p + " from the VPC, to forward"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String(in.vpcCIDR),
			Tags:            tags(nn + "-in-" + p),
		}, parent); err != nil {
			return nil, err
		}
		if _, err := awsvpc.NewSecurityGroupEgressRule(ctx, nn+"-out-"+p, &awsvpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("TCP " + p + " to the internet, forwarded from the VPC"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String("0.0.0.0/0"),
			Tags:            tags(nn + "-out-" + p),
		}, parent); err != nil {
			return nil, err
		}
	}

	// Session Manager instead of SSH: the image runs the SSM agent.
	var boundary pulumi.StringPtrInput
	if a.PermissionsBoundaryARN != "" {
		boundary = pulumi.String(a.PermissionsBoundaryARN)
	}
	role, err := awsiam.NewRole(ctx, nn, &awsiam.RoleArgs{
		Description:         pulumi.String("The NAT instance of VPC " + name + ": Session Manager only."),
		AssumeRolePolicy:    pulumi.String(natInstanceTrustPolicy()),
		PermissionsBoundary: boundary,
		Tags:                tags(nn),
	}, parent)
	if err != nil {
		return nil, err
	}
	ssm, err := awsiam.NewRolePolicyAttachment(ctx, nn+"-ssm", &awsiam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(natInstanceSSMPolicyARN(in.partition)),
	}, parent)
	if err != nil {
		return nil, err
	}
	profile, err := awsiam.NewInstanceProfile(ctx, nn, &awsiam.InstanceProfileArgs{
		Role: role.Name,
		Tags: tags(nn),
	}, parent)
	if err != nil {
		return nil, err
	}

	eni, err := awsec2.NewNetworkInterface(ctx, nn, &awsec2.NetworkInterfaceArgs{
		Description:    pulumi.String("NAT instance of VPC " + name + ": the private subnets' default route; outlives the instances"),
		SubnetId:       in.subnetID,
		SecurityGroups: pulumi.StringArray{sg.ID()},
		// A NAT forwards packets that are neither from nor to itself.
		SourceDestCheck: pulumi.Bool(false),
		Tags:            tags(nn),
	}, parent)
	if err != nil {
		return nil, err
	}
	eip, err := awsec2.NewEip(ctx, nn, &awsec2.EipArgs{
		Domain:           pulumi.String("vpc"),
		NetworkInterface: eni.ID(),
		Tags:             tags(nn),
		// An address is associated only in a VPC with an internet gateway.
	}, parent, pulumi.DependsOn([]pulumi.Resource{in.igw}))
	if err != nil {
		return nil, err
	}

	lt, err := awsec2.NewLaunchTemplate(ctx, nn, &awsec2.LaunchTemplateArgs{
		Description:  pulumi.String("NAT instance of VPC " + name),
		ImageId:      pulumi.String("resolve:ssm:" + NATInstanceImageParameter),
		InstanceType: pulumi.String(a.NATInstanceType),
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
		UserData:             pulumi.String(natInstanceUserData(in.vpcCIDR)),
		UpdateDefaultVersion: pulumi.Bool(true),
		// No tag specifications: the group tags its instance, and a tag
		// change then does not make a new version that replaces it.
		Tags: tags(nn),
		// The role can register with Session Manager from the first boot.
	}, parent, pulumi.DependsOn([]pulumi.Resource{ssm}))
	if err != nil {
		return nil, err
	}

	// The group's tags, in key order (a list input), with the Name tag
	// last; the instance gets them at launch.
	var groupTags awsautoscaling.GroupTagArray
	for _, k := range slices.Sorted(maps.Keys(a.Tags)) {
		if k != "Name" {
			groupTags = append(groupTags, awsautoscaling.GroupTagArgs{Key: pulumi.String(k), Value: pulumi.String(a.Tags[k]), PropagateAtLaunch: pulumi.Bool(true)})
		}
	}
	groupTags = append(groupTags, awsautoscaling.GroupTagArgs{Key: pulumi.String("Name"), Value: pulumi.String(nn), PropagateAtLaunch: pulumi.Bool(true)})
	group, err := awsautoscaling.NewGroup(ctx, nn, &awsautoscaling.GroupArgs{
		// The interface's zone: an instance can only boot on an interface
		// in its own zone.
		VpcZoneIdentifiers: pulumi.StringArray{in.subnetID},
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
	}, parent, pulumi.DependsOn([]pulumi.Resource{eip}))
	if err != nil {
		return nil, err
	}
	return &natInstance{eni: eni, eip: eip, group: group}, nil
}
