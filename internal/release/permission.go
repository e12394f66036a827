package release

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// Permission is IAM's policy simulator's answer to whether a role may make
// a call on a resource (SimulatePrincipalPolicy). The simulator weighs the
// role's own and attached policies, its permissions boundary and the
// organization's service control policies; it leaves out the resource's
// own policy (a Lambda function's), resource control policies and session
// policies, so "allowed" can still meet a deny there.
type Permission struct {
	// Decision is allowed, implicitDeny or explicitDeny; "" when IAM was
	// not asked or could not answer.
	Decision string
	// Statements are the policy statements that decided it, by policy and
	// type: "AWSCodeDeployRoleForECS (aws-managed)".
	Statements []string
	// BoundaryDenies says the role's permissions boundary does not allow
	// the call; OrganizationsDenies says an SCP does not.
	BoundaryDenies, OrganizationsDenies bool
	// Unknown is why IAM could not be asked (the caller may not simulate
	// the role's policies, the role does not exist); "" when it answered.
	Unknown string
}

// invokeAction is the call CodeDeploy makes of a lifecycle hook.
const invokeAction = "lambda:InvokeFunction"

// simulateInvoke asks IAM's policy simulator whether role may invoke the
// function arn. An answer of AccessDenied or NoSuchEntity is a Permission
// that says why it is not known; other errors are returned.
func (r *Releaser) simulateInvoke(ctx context.Context, role, function string) (Permission, error) {
	if role == "" {
		return Permission{Unknown: "the deployment group names no service role"}, nil
	}
	if r.Clients.IAM == nil {
		return Permission{}, errors.New("iam: no client to ask whether the deployment group's role may invoke the validation hook")
	}
	out, err := r.Clients.IAM.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(role), ActionNames: []string{invokeAction}, ResourceArns: []string{function},
	})
	switch apiErrorCode(err) {
	case "":
	case "AccessDenied", "AccessDeniedException", "NoSuchEntity":
		return Permission{Unknown: shortError(err)}, nil
	}
	if err != nil {
		return Permission{}, fmt.Errorf("iam: simulating %s calling %s on %s: %w", role, invokeAction, function, err)
	}
	for _, res := range out.EvaluationResults {
		if aws.ToString(res.EvalActionName) == invokeAction {
			return permissionOf(res), nil
		}
	}
	return Permission{}, fmt.Errorf("iam: simulating %s calling %s on %s: no result for the action in the answer", role, invokeAction, function)
}

// permissionOf reads the simulator's result for one action and resource.
func permissionOf(res iamtypes.EvaluationResult) Permission {
	p := Permission{Decision: string(res.EvalDecision)}
	for _, st := range res.MatchedStatements {
		p.Statements = append(p.Statements, fmt.Sprintf("%s (%s)", aws.ToString(st.SourcePolicyId), st.SourcePolicyType))
	}
	p.BoundaryDenies = res.PermissionsBoundaryDecisionDetail != nil && !res.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary
	p.OrganizationsDenies = res.OrganizationsDecisionDetail != nil && !res.OrganizationsDecisionDetail.AllowedByOrganizations
	return p
}

// invokeProblem is what keeps the deployment group's role from invoking the
// hook's function, by IAM's policy simulator, and its fix; "" when the role
// may invoke it.
func invokeProblem(w Wiring) (problem, fix string) {
	p, role, fn := w.HookInvoke, orNone(w.ServiceRole), w.HookFunction
	cannot := fmt.Sprintf("the deployment group's role %s may not invoke %s", role, fn)
	switch {
	case p.Decision == "allowed" && p.Unknown == "":
		return "", ""
	case p.Unknown != "" || p.Decision == "":
		return fmt.Sprintf("could not ask IAM whether the deployment group's role %s may invoke %s: %s", role, fn, cmp.Or(p.Unknown, "no answer")),
			fmt.Sprintf("let the caller call iam:SimulatePrincipalPolicy on %s (the pipeline's deploy role may), or check by hand: aws iam simulate-principal-policy --policy-source-arn %s --action-names %s --resource-arns %s; --skip-verify releases without the checks", role, role, invokeAction, cmp.Or(w.HookARN, "<the function's ARN>"))
	case p.OrganizationsDenies:
		return cannot + ": a service control policy of the organization does not allow " + invokeAction,
			"ask the organization's administrators to allow " + invokeAction + " on " + hookspec.FunctionPrefix + "* functions in this account"
	case p.Decision == "explicitDeny":
		return fmt.Sprintf("%s: explicitly denied by %s", cannot, listOrNone(p.Statements)),
			"remove the Deny of " + invokeAction + " on the function from that policy, or name the function so that it does not match"
	case p.BoundaryDenies:
		return cannot + ": its permissions boundary does not allow " + invokeAction + " on it",
			"allow " + invokeAction + " on arn:" + partitionOf(w.HookARN) + ":lambda:*:*:function:" + hookspec.FunctionPrefix + "* in the role's permissions boundary (pipelineroles' boundary does: pulumi up of pipeline-roles), then pulumi up"
	default:
		return fmt.Sprintf("%s: no policy of the role allows %s on it (AWSCodeDeployRoleForECS allows %s* only)", cannot, invokeAction, hookspec.FunctionPrefix),
			"name the function " + hookspec.FunctionPrefix + "..., or grant the deployment group's role " + invokeAction + " on it"
	}
}

// partitionOf is the partition of an ARN (aws, aws-cn, aws-us-gov), "aws"
// when it is not one.
func partitionOf(arn string) string {
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 && parts[0] == "arn" && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

// allowedBy says what allowed a call, for a passed check.
func (p Permission) allowedBy() string {
	if len(p.Statements) == 0 {
		return "allowed"
	}
	return "allowed by " + strings.Join(p.Statements, ", ")
}
