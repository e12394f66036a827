package program

import (
	"fmt"
	"strings"

	awsecs "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// warnImageDrift warns, in `pulumi preview` and `pulumi up`, when the ECS
// service runs another image than the stack's image key names. CodeDeploy,
// not Pulumi, changes what the service runs (the service ignores its task
// definition), so a stack file that is behind production, because a release
// set the image on a CI runner without committing it, makes `pulumi up`
// register a task definition with an older image, which `release --outputs`
// would then deploy. image is the stack's configured image; "" (the stack
// builds its image) checks nothing. What the service runs is read with the
// aws:ecs getService and getContainerDefinition data sources once the
// service's name is known; when they cannot be read (a new stack in
// preview, missing permissions, a provider without them) the check is
// skipped with a warning and `pulumi up` goes on.
func warnImageDrift(ctx *pulumi.Context, clusterARN, serviceName, containerName pulumi.StringOutput, image string) {
	imageDrift(ctx, clusterARN, serviceName, containerName, image, func(msg string) {
		_ = ctx.Log.Warn(msg, nil)
	})
}

// imageDrift compares what the service runs with image and reports a
// warning, if any; the output is the warning, "" for none.
func imageDrift(ctx *pulumi.Context, clusterARN, serviceName, containerName pulumi.StringOutput, image string, warn func(string)) pulumi.StringOutput {
	if image == "" {
		return pulumi.String("").ToStringOutput()
	}
	return pulumi.All(clusterARN, serviceName, containerName).ApplyT(func(v []any) string {
		cluster, service, container := v[0].(string), v[1].(string), v[2].(string)
		running, taskDefinition, err := runningImage(ctx, cluster, service, container)
		msg := ""
		switch {
		case err != nil:
			msg = fmt.Sprintf("image check skipped: could not read what service %s runs: %v", service, err)
		default:
			msg = imageDriftMessage(image, running, taskDefinition, service)
		}
		if msg != "" {
			warn(msg)
		}
		return msg
	}).(pulumi.StringOutput)
}

// runningImage is the image of container in the task definition service
// runs, and that task definition.
func runningImage(ctx *pulumi.Context, cluster, service, container string) (image, taskDefinition string, err error) {
	svc, err := awsecs.LookupService(ctx, &awsecs.LookupServiceArgs{ClusterArn: cluster, ServiceName: service})
	if err != nil {
		return "", "", err
	}
	if svc.TaskDefinition == "" {
		return "", "", fmt.Errorf("service %s names no task definition", service)
	}
	def, err := awsecs.GetContainerDefinition(ctx, &awsecs.GetContainerDefinitionArgs{TaskDefinition: svc.TaskDefinition, ContainerName: container})
	if err != nil {
		return "", "", err
	}
	return def.Image, svc.TaskDefinition, nil
}

// imageDriftMessage is the warning when service runs another image than the
// stack's, "" when they agree (or nothing is known of what runs).
func imageDriftMessage(stackImage, running, taskDefinition, service string) string {
	if running == "" || running == stackImage {
		return ""
	}
	revision := taskDefinition
	if i := strings.LastIndex(taskDefinition, "/"); i >= 0 {
		revision = taskDefinition[i+1:]
	}
	return fmt.Sprintf("image: service %s runs %s (%s), not the stack's image %s. "+
		"If this up is a release of %s, the release deploys it next. "+
		"If the stack file is behind production (a release set the image on a CI runner without committing it), "+
		"this up registers a task definition with the older image, which `release --outputs` refuses (--allow-downgrade deploys it): "+
		"set the stack's image to what runs (pulumi config set image %s) and commit it. "+
		"Where the image lives: docs/releasing.md, \"Where the stack's image lives\"",
		service, running, revision, stackImage, stackImage, running)
}
