package ecs

import (
	"slices"
	"strings"
)

// awsCredentialVariables are the environment variables AWS SDKs read
// credentials from: a container gets its credentials from the task role.
var awsCredentialVariables = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}

// credentialSuffixes end the names of variables that hold a credential, as
// names go by convention (DB_PASSWORD, STRIPE_API_KEY, GITHUB_TOKEN). A
// name that is only the suffix without its '_' (PASSWORD, TOKEN) is one
// too.
var credentialSuffixes = []string{"_PASSWORD", "_PASSWD", "_SECRET", "_SECRET_KEY", "_TOKEN", "_API_KEY", "_PRIVATE_KEY"}

// credentialEnvProblem says why the container may not have the environment
// variable name, which looks like it holds a credential, and what to do
// instead; "" when it does not look like one. Names are compared
// case-insensitively. An environment variable's value is written in plain
// text in the task definition, which whoever may call
// ecs:DescribeTaskDefinition reads (and every revision keeps).
func credentialEnvProblem(name string) string {
	upper := strings.ToUpper(name)
	if slices.Contains(awsCredentialVariables, upper) {
		return "is an AWS credential, which a task definition would hold in plain text: the container gets AWS credentials from the task role; give it permissions with iam.RolesArgs.TaskRolePolicyARNs (or policies on Roles.TaskRoleName) and remove the variable"
	}
	for _, suffix := range credentialSuffixes {
		if strings.HasSuffix(upper, suffix) || upper == suffix[1:] {
			return "looks like a credential, which a task definition would hold in plain text for anyone allowed ecs:DescribeTaskDefinition: " +
				"keep the value in Secrets Manager or an SSM SecureString parameter and pass it as a secret of the container definition " +
				"(secrets: name and valueFrom, the secret's ARN), which the task execution role reads at start " +
				"(grant secretsmanager:GetSecretValue or ssm:GetParameters on it with iam.RolesArgs.ExecutionRolePolicyARNs); remove the variable"
		}
	}
	return ""
}
