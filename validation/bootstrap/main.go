// Command bootstrap is the validation hook's Lambda function (runtime
// provided.al2023): it reads its check from the environment
// (handler.FromEnv) and, for each CodeDeploy AfterAllowTestTraffic
// invocation, probes the test listener and reports the result
// (handler.Handle). Package validation builds it and deploys it.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/handler"
)

func main() {
	check, err := handler.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap: AWS configuration:", err)
		os.Exit(1)
	}
	reporter := handler.CodeDeploy{Client: codedeploy.NewFromConfig(cfg)}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lambda.Start(func(ctx context.Context, e handler.Event) error {
		return handler.Handle(ctx, e, check, client, reporter, os.Stdout)
	})
}
