package ecs

import (
	"fmt"
	"strings"

	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LookupInstanceType asks AWS (EC2 DescribeInstanceTypes, through the
// provider's aws.ec2.getInstanceType) for an instance type's vCPUs, memory
// and architecture, for ClusterArgs.InstanceType. It refuses, with a
// *FieldError naming InstanceType, a name that is not an instance type,
// a type that does not exist in the region, and one the ECS-optimized
// Amazon Linux image does not run on (Mac instances). Pass pulumi.Provider
// to ask another region.
func LookupInstanceType(ctx *pulumi.Context, name string, opts ...pulumi.InvokeOption) (InstanceType, error) {
	if err := CheckInstanceTypeName(name); err != nil {
		return InstanceType{}, err
	}
	res, err := awsec2.GetInstanceType(ctx, &awsec2.GetInstanceTypeArgs{InstanceType: name}, opts...)
	if err != nil {
		if strings.Contains(err.Error(), "InvalidInstanceType") {
			return InstanceType{}, &FieldError{Field: "InstanceType", Value: name, Fix: DefaultInstanceType.Name,
				Problem: "does not exist in this region (AWS: InvalidInstanceType): check the name, or pick a type the region offers"}
		}
		return InstanceType{}, fmt.Errorf("ecs: looking up instance type %q: %w", name, err)
	}
	arch := architecture(res.SupportedArchitectures)
	if arch == "" {
		return InstanceType{}, &FieldError{Field: "InstanceType", Value: name, Fix: DefaultInstanceType.Name,
			Problem: fmt.Sprintf("supports only %v: the ECS-optimized Amazon Linux image runs on x86_64 or arm64; use a type such as t3.small or t4g.small", res.SupportedArchitectures)}
	}
	return InstanceType{Name: name, VCPUs: res.DefaultVcpus, MemoryMiB: res.MemorySize, Architecture: arch}, nil
}
