// Command ecs-bluegreen is the Pulumi program that puts a containerised web
// service on AWS: ECS on EC2 in private subnets across availability zones,
// behind an internet-facing Application Load Balancer, released blue/green
// through CodeDeploy. `pulumi up` builds and runs it; the program itself is
// the package program, which the offline plan (cmd/plan) and the tests run
// under Pulumi's mocks. This binary links no mocks.
package main

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/program"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() { pulumi.Run(program.Run) }
