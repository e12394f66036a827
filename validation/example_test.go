package validation_test

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A team's own stack validates its service on its test listener: its
// deployment's AppSpec names hook.FunctionName at AfterAllowTestTraffic.
func ExampleNewHook() {
	program := func(ctx *pulumi.Context) error {
		hook, err := validation.NewHook(ctx, "validate", &validation.HookArgs{
			TestURL:              pulumi.String("http://orders-123.eu-west-1.elb.amazonaws.com:8080"),
			Path:                 "/orders/health",
			BodySubstring:        `"status":"up"`,
			ConsecutiveSuccesses: 10,
			VPCID:                pulumi.String("vpc-0abc"),
			SubnetIDs:            pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
		})
		if err != nil {
			return err
		}
		ctx.Export("hookFunctionName", hook.FunctionName)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
