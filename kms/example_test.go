package kms_test

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/kms"
	awscloudwatch "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func ExampleNewLogKey() {
	program := func(ctx *pulumi.Context) error {
		key, err := kms.NewLogKey(ctx, "logs", &kms.LogKeyArgs{Tags: map[string]string{"team": "web"}})
		if err != nil {
			return err
		}
		// Any log group of the stack's account and region may use it.
		_, err = awscloudwatch.NewLogGroup(ctx, "audit", &awscloudwatch.LogGroupArgs{
			RetentionInDays: pulumi.Int(365),
			KmsKeyId:        key.KeyARN,
		})
		return err
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
