package registry_test

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func ExampleNewRepository() {
	program := func(ctx *pulumi.Context) error {
		repo, err := registry.NewRepository(ctx, "app", &registry.RepositoryArgs{
			KeepTaggedImages: 50, // releases a rollback may go back to
			// BuildContext: "sampleapp", // build and push at `pulumi up` (needs Docker)
			Tags: map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		ctx.Export("repositoryUrl", repo.RepositoryURL)
		ctx.Export("repositoryArn", repo.RepositoryARN)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
