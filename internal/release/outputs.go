package release

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
)

// Outputs are the stack outputs a release needs, as `pulumi stack output
// --json` prints them: the keys the program exports, named in package
// program/outputs.
type Outputs struct {
	// TaskDefinitionARN is the full ARN, with revision, of the task
	// definition the release deploys (output taskDefinitionArn). Required.
	TaskDefinitionARN string
	// ContainerName is the container the load balancer sends traffic to
	// (output containerName). Required.
	ContainerName string
	// ContainerPort is the port that container listens on (output
	// containerPort), 1..65535. Required.
	ContainerPort int
	// CapacityProviderName is the capacity provider the service places its
	// tasks with (output capacityProviderName). Required: CodeDeploy drops the
	// service's strategy unless the AppSpec names it.
	CapacityProviderName string
	// ClusterName is the ECS cluster (output clusterName). Required.
	ClusterName string
	// ServiceName is the ECS service (output serviceName). Required.
	ServiceName string
	// ApplicationName is the CodeDeploy application (output
	// codeDeployApplicationName). Required.
	ApplicationName string
	// DeploymentGroupName is the CodeDeploy deployment group (output
	// deploymentGroupName). Required.
	DeploymentGroupName string
	// BlueTargetGroupName and GreenTargetGroupName name the two target
	// groups (outputs blueTargetGroupName, greenTargetGroupName). Optional:
	// the replacement task set names its own target group; these are the
	// fallback for the target-health display.
	BlueTargetGroupName, GreenTargetGroupName string
	// ProductionListenerARN and TestListenerARN are the load balancer's
	// listeners (outputs productionListenerArn, testListenerArn). Optional:
	// Verify checks them against the deployment group's when present.
	ProductionListenerARN, TestListenerARN string
	// URL is the production URL (output url). Optional, for display.
	URL string
	// TestURL is the test listener's URL (output testUrl). Optional, shown
	// while the deployment allows test traffic.
	TestURL string
	// ValidationFunctionName is the validation hook's Lambda function
	// (output validationFunctionName). Optional: when set, the AppSpec
	// names it at AfterAllowTestTraffic.
	ValidationFunctionName string

	// DomainName, HostedZoneID and CertificateARN are the service's own
	// name, its zone and its certificate (outputs domainName, hostedZoneId,
	// certificateArn), and LoadBalancerDNSName the load balancer's name
	// (output loadBalancerDnsName). Optional: with a DomainName, Verify
	// checks the certificate is issued and the name points at the load
	// balancer.
	DomainName, HostedZoneID, CertificateARN, LoadBalancerDNSName string
}

// outputKey describes one stack output: its key, whether a release needs it,
// and where its value goes.
type outputKey struct {
	key      string
	required bool
	str      *string
	num      *int
}

func (o *Outputs) keys() []outputKey {
	return []outputKey{
		{key: outputs.TaskDefinitionARN, required: true, str: &o.TaskDefinitionARN},
		{key: outputs.ContainerName, required: true, str: &o.ContainerName},
		{key: outputs.ContainerPort, required: true, num: &o.ContainerPort},
		{key: outputs.CapacityProviderName, required: true, str: &o.CapacityProviderName},
		{key: outputs.ClusterName, required: true, str: &o.ClusterName},
		{key: outputs.ServiceName, required: true, str: &o.ServiceName},
		{key: outputs.CodeDeployApplicationName, required: true, str: &o.ApplicationName},
		{key: outputs.DeploymentGroupName, required: true, str: &o.DeploymentGroupName},
		{key: outputs.BlueTargetGroupName, str: &o.BlueTargetGroupName},
		{key: outputs.GreenTargetGroupName, str: &o.GreenTargetGroupName},
		{key: outputs.ProductionListenerARN, str: &o.ProductionListenerARN},
		{key: outputs.TestListenerARN, str: &o.TestListenerARN},
		{key: outputs.URL, str: &o.URL},
		{key: outputs.ValidationFunctionName, str: &o.ValidationFunctionName},
		{key: outputs.TestURL, str: &o.TestURL},
		{key: outputs.DomainName, str: &o.DomainName},
		{key: outputs.HostedZoneID, str: &o.HostedZoneID},
		{key: outputs.CertificateARN, str: &o.CertificateARN},
		{key: outputs.LoadBalancerDNSName, str: &o.LoadBalancerDNSName},
	}
}

// ParseOutputs reads the JSON object `pulumi stack output --json` prints.
// It reports every missing or mistyped key at once; keys it does not use
// are ignored.
func ParseOutputs(data []byte) (Outputs, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return Outputs{}, fmt.Errorf("outputs: not the JSON object `pulumi stack output --json` prints: %w", err)
	}
	if m == nil {
		return Outputs{}, errors.New("outputs: not the JSON object `pulumi stack output --json` prints: got null")
	}
	return OutputsFromMap(m)
}

// OutputsFromMap reads stack outputs from decoded JSON values (strings,
// float64 numbers), as ParseOutputs and the Automation API give them.
func OutputsFromMap(m map[string]any) (Outputs, error) {
	var o Outputs
	var errs []error
	for _, k := range o.keys() {
		v, ok := m[k.key]
		if !ok || v == nil {
			if k.required {
				errs = append(errs, fmt.Errorf("outputs: %s: missing; the stack exports it (is this the stack's `pulumi stack output --json`?)", k.key))
			}
			continue
		}
		if s, isString := v.(string); isString && s == "[secret]" {
			errs = append(errs, fmt.Errorf("outputs: %s: is a secret shown as [secret]; run `pulumi stack output --json --show-secrets`", k.key))
			continue
		}
		switch {
		case k.str != nil:
			s, isString := v.(string)
			if !isString {
				errs = append(errs, fmt.Errorf("outputs: %s: %v is a %s, want a string", k.key, v, jsonKind(v)))
				continue
			}
			if k.required && strings.TrimSpace(s) == "" {
				errs = append(errs, fmt.Errorf("outputs: %s: is empty, want a value", k.key))
				continue
			}
			*k.str = s
		case k.num != nil:
			f, isNumber := v.(float64)
			if !isNumber || f != math.Trunc(f) || f < 1 || f > 65535 {
				errs = append(errs, fmt.Errorf("outputs: %s: %v is not a port number, want an integer 1..65535", k.key, quoteIfString(v)))
				continue
			}
			*k.num = int(f)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Outputs{}, err
	}
	return o, nil
}

// jsonKind names a decoded JSON value's type as JSON does.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", v)
	}
}

func quoteIfString(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// Region is the AWS region in the task definition's ARN, or "" when the ARN
// does not parse.
func (o Outputs) Region() string {
	id, err := ParseTaskDefinitionARN(o.TaskDefinitionARN)
	if err != nil {
		return ""
	}
	return id.Region
}

// TargetID is the CodeDeploy deployment target of the stack's service,
// "<cluster>:<service>".
func (o Outputs) TargetID() string { return o.ClusterName + ":" + o.ServiceName }

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
