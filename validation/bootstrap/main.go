// Command bootstrap is the validation hook's Lambda function (runtime
// provided.al2023): for each CodeDeploy AfterAllowTestTraffic invocation
// it probes the test listener and reports the result (handler.Main).
// Package validation builds it and deploys it.
package main

import (
	"fmt"
	"os"

	"github.com/ecs-bluegreen/ecs-bluegreen/validation/handler"
)

func main() {
	if err := handler.Main(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
