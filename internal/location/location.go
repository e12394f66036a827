// Package location looks up where a stack's resources go: the partition,
// region and account the AWS provider deploys to. The components build
// their policies' ARNs and principals from it, and the program checks the
// ARNs of its configuration against it before it registers anything.
package location

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Location is where the provider deploys.
type Location struct {
	// Partition is aws, aws-cn, aws-us-gov, ...
	Partition string
	// DNSSuffix is the partition's service domain: amazonaws.com,
	// amazonaws.com.cn, ...
	DNSSuffix string
	// Region is the provider's region (aws:region).
	Region string
	// Account is the account of the provider's credentials.
	Account string
}

// Lookup asks the provider where it deploys. A component passes
// pulumi.Parent(itself), so that the invokes use its provider (and so its
// account and region), as its children do.
func Lookup(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (Location, error) {
	partition, err := aws.GetPartition(ctx, nil, opts...)
	if err != nil {
		return Location{}, fmt.Errorf("looking up the partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, opts...)
	if err != nil {
		return Location{}, fmt.Errorf("looking up the region: %w", err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return Location{}, fmt.Errorf("looking up the account: %w", err)
	}
	return Location{Partition: partition.Partition, DNSSuffix: partition.DnsSuffix, Region: region.Name, Account: account.AccountId}, nil
}
