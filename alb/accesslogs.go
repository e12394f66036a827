package alb

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awss3 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newAccessLogs creates the access-log bucket and returns its name as an
// output that resolves only once the bucket policy lets ELB write: AWS
// checks that permission when a load balancer's access logs are turned on.
func newAccessLogs(ctx *pulumi.Context, name string, expirationDays int, forceDestroy bool,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption,
) (pulumi.StringOutput, error) {
	none := pulumi.StringOutput{}
	where, err := lookUpLogDelivery(ctx, name, parent)
	if err != nil {
		return none, err
	}
	bn := name + "-access-logs"
	bucket, err := awss3.NewBucketV2(ctx, bn, &awss3.BucketV2Args{
		// Bucket names are lowercase, at most 63 characters: a derived
		// prefix fits any component name. It starts with the project's
		// name, which the deploy role's S3 permissions match
		// (pipelineroles: <project>-...alb-logs-...).
		BucketPrefix: pulumi.String(namePrefix(ctx.Project()+"-"+name, "-alb-logs-", "alb-logs-", maxBucketPrefix)),
		// Deleting the bucket deletes its logs too, unless the load balancer
		// is protected. Logs keep arriving for a few minutes after the load
		// balancer goes, so a destroy right after may still find one.
		ForceDestroy: pulumi.Bool(forceDestroy),
		Tags:         tags(bn),
	}, parent)
	if err != nil {
		return none, err
	}
	closed, err := accessLogsClosed(ctx, bn, bucket, parent)
	if err != nil {
		return none, err
	}
	if err := accessLogsStorage(ctx, bn, bucket, expirationDays, parent); err != nil {
		return none, err
	}
	policy, err := awss3.NewBucketPolicy(ctx, bn, &awss3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: bucket.Arn.ApplyT(func(arn string) string {
			return accessLogsPolicy(where.partition, where.region, where.account, arn, AccessLogsPrefix)
		}).(pulumi.StringOutput),
		// S3 refuses concurrent configuration changes to one bucket
		// (OperationAborted): the policy waits for the ownership controls
		// and the public access block.
	}, parent, pulumi.DependsOn(closed))
	if err != nil {
		return none, err
	}
	return pulumi.All(policy.ID(), bucket.Bucket).ApplyT(func(all []any) string {
		b, _ := all[1].(string)
		return b
	}).(pulumi.StringOutput), nil
}

// logDelivery is where ELB delivers the logs from: the bucket policy names
// the region's log-delivery principal, the partition and the account.
type logDelivery struct {
	partition, region, account string
}

// lookUpLogDelivery asks AWS for the partition, region and account. The
// invokes run with the component as parent so that they use its provider,
// and so its region, as the children do.
func lookUpLogDelivery(ctx *pulumi.Context, name string, parent pulumi.ResourceOrInvokeOption) (logDelivery, error) {
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return logDelivery{}, fmt.Errorf("alb: %s: looking up the region: %w", name, err)
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return logDelivery{}, fmt.Errorf("alb: %s: looking up the partition: %w", name, err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return logDelivery{}, fmt.Errorf("alb: %s: looking up the account: %w", name, err)
	}
	return logDelivery{partition: partition.Partition, region: region.Name, account: account.AccountId}, nil
}

// accessLogsClosed turns the bucket's ACLs off (ELB writes objects the
// bucket owner then owns) and blocks public access. It returns both
// resources: S3 takes one configuration change of a bucket at a time.
func accessLogsClosed(ctx *pulumi.Context, bn string, bucket *awss3.BucketV2, parent pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	ownership, err := awss3.NewBucketOwnershipControls(ctx, bn, &awss3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &awss3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent)
	if err != nil {
		return nil, err
	}
	publicBlock, err := awss3.NewBucketPublicAccessBlock(ctx, bn, &awss3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{ownership, publicBlock}, nil
}

// accessLogsStorage encrypts the bucket with SSE-S3 and expires its log
// objects after expirationDays.
func accessLogsStorage(ctx *pulumi.Context, bn string, bucket *awss3.BucketV2, expirationDays int, parent pulumi.ResourceOrInvokeOption) error {
	// ELB log delivery supports SSE-S3 only: a KMS key stops delivery.
	if _, err := awss3.NewBucketServerSideEncryptionConfigurationV2(ctx, bn, &awss3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: awss3.BucketServerSideEncryptionConfigurationV2RuleArray{&awss3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &awss3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent); err != nil {
		return err
	}
	_, err := awss3.NewBucketLifecycleConfigurationV2(ctx, bn, &awss3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: awss3.BucketLifecycleConfigurationV2RuleArray{&awss3.BucketLifecycleConfigurationV2RuleArgs{
			Id:         pulumi.String("expire-access-logs"),
			Status:     pulumi.String("Enabled"),
			Filter:     &awss3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(AccessLogsPrefix + "/")},
			Expiration: &awss3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(expirationDays)},
		}},
	}, parent)
	return err
}
