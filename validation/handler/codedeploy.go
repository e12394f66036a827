package handler

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
)

// CodeDeploy is the Reporter that calls CodeDeploy's API.
type CodeDeploy struct {
	// Client is the CodeDeploy client.
	Client *codedeploy.Client
}

// Report sends Succeeded or Failed with
// PutLifecycleEventHookExecutionStatus.
func (c CodeDeploy) Report(ctx context.Context, e Event, succeeded bool) error {
	status := types.LifecycleEventStatusFailed
	if succeeded {
		status = types.LifecycleEventStatusSucceeded
	}
	_, err := c.Client.PutLifecycleEventHookExecutionStatus(ctx, &codedeploy.PutLifecycleEventHookExecutionStatusInput{
		DeploymentId:                  aws.String(e.DeploymentID),
		LifecycleEventHookExecutionId: aws.String(e.LifecycleEventHookExecutionID),
		Status:                        status,
	})
	return err
}
