package handler

import (
	"context"
	"crypto/tls"
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
	client := Client(check)
	lambda.Start(func(ctx context.Context, e Event) error {
		return Handle(ctx, e, check, client, reporter, os.Stdout)
	})
	return nil
}

// Client is the HTTP client the function probes with: it follows no
// redirect (a redirect is an answer to judge), and checks an HTTPS
// certificate against c.TLSServerName when set.
func Client(c Check) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if c.TLSServerName != "" {
		transport.TLSClientConfig = &tls.Config{ServerName: c.TLSServerName, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
