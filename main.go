// Command ecs-bluegreen is the Pulumi program that puts a containerised web
// service on AWS: ECS on EC2 in private subnets across availability zones,
// behind an internet-facing Application Load Balancer, released blue/green
// through CodeDeploy.
//
// It reads the stack's configuration once (config.go), validates all of it,
// and composes the components of the network, iam and ecs packages.
package main

import (
	"errors"
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(run)
}

// run is the program: read and validate configuration, then compose.
func run(ctx *pulumi.Context) error {
	cfg, err := loadConfig(contextConfig(ctx))
	if err != nil {
		return fmt.Errorf("invalid stack configuration:\n%w", err)
	}
	if !imageIsPinned(cfg.Image) {
		if err := ctx.Log.Warn(fmt.Sprintf("image %q has no tag or digest: ECS pulls :latest, so a release cannot be repeated or rolled back to the same image", cfg.Image), nil); err != nil {
			return err
		}
	}
	tags := map[string]string{"Project": ctx.Project(), "Stack": ctx.Stack()}

	zones, err := network.LookupAvailabilityZones(ctx, cfg.AZCount)
	if err != nil {
		var short *network.NotEnoughZonesError
		if errors.As(err, &short) {
			return fmt.Errorf("invalid stack configuration:\nazCount: %d is more than the %d availability zones the region has available %v; for example: pulumi config set azCount %d",
				cfg.AZCount, len(short.Available), short.Available, len(short.Available))
		}
		return err
	}
	vpc, err := network.NewVPC(ctx, "vpc", &network.VPCArgs{
		AvailabilityZones: zones,
		CIDR:              cfg.VPCCIDR,
		NATGateways:       cfg.NATGateways,
		FlowLogs:          cfg.FlowLogs,
		Tags:              tags,
	})
	if err != nil {
		return err
	}

	ctx.Export("vpcId", vpc.VPCID)
	ctx.Export("vpcCidr", vpc.CIDR)
	ctx.Export("availabilityZones", vpc.AvailabilityZones)
	ctx.Export("publicSubnetIds", vpc.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", vpc.PrivateSubnetIDs)
	ctx.Export("natPublicIps", vpc.NATPublicIPs)
	return nil
}
