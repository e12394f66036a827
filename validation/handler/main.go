package handler

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
)

// Main is the function's command (package validation/bootstrap): it reads
// the Check from the environment, then serves the Lambda runtime, one
// Handle per invocation. It returns only when it cannot start.
func Main() error {
	check, err := FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return fmt.Errorf("handler: AWS configuration: %w", err)
	}
	reporter := CodeDeploy{Client: codedeploy.NewFromConfig(cfg)}
	// A redirect is an answer to judge, not one to follow.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lambda.Start(func(ctx context.Context, e Event) error {
		return Handle(ctx, e, check, client, reporter, os.Stdout)
	})
	return nil
}
