package release_test

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
)

func ExampleNewAppSpec() {
	spec := release.NewAppSpec(release.Target{
		TaskDefinitionARN: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
		ContainerName:     "app",
		ContainerPort:     8080,
		CapacityProvider:  "web-cp",
	})
	content, sha256, err := spec.Content()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(content)
	fmt.Println(sha256)
	// Output:
	// {"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:7","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},"CapacityProviderStrategy":[{"CapacityProvider":"web-cp","Weight":1,"Base":0}]}}}]}
	// 7f0f99fdc3127f68f1a490cb24fbcf6fbc8e1a0c0633a1648b861bb6631f786f
}

func ExampleCheckTaskDefinition() {
	target := release.Target{
		TaskDefinitionARN: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
		ContainerName:     "app",
		ContainerPort:     8080,
		CapacityProvider:  "web-cp",
	}
	td := release.TaskDefinition{
		ARN:         target.TaskDefinitionARN,
		Status:      "ACTIVE",
		NetworkMode: "bridge",
		Containers:  []release.Container{{Name: "app", Image: "app:v7", PortMappings: []release.PortMapping{{ContainerPort: 8080, HostPort: 8080}}}},
	}
	fmt.Println(release.CheckTaskDefinition(target, td, ""))
	// Output:
	// appspec: LoadBalancerInfo.ContainerPort: container "app" of arn:aws:ecs:us-east-1:123456789012:task-definition/web:7 maps port 8080 to host port 8080, want 0 (dynamic): a fixed host port lets only one task per instance, so the replacement tasks cannot start beside the original ones
}
