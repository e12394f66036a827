package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// AppSpec is CodeDeploy's application specification for an Amazon ECS
// blue/green deployment: which service to update, to which task definition,
// and which container and port the load balancer sends traffic to. It is
// sent as JSON in CreateDeployment's revision (AppSpecContent).
type AppSpec struct {
	// Version is always 0.0, written as the JSON number AWS's examples use.
	Version json.Number `json:"version"`
	// Resources holds exactly one TargetService.
	Resources []AppSpecResource `json:"Resources"`
	// Hooks name a Lambda function per lifecycle event: the validation
	// hook at AfterAllowTestTraffic. Absent without one.
	Hooks []map[string]string `json:"Hooks,omitempty"`
}

// ValidationEvent is the lifecycle event the validation hook runs at:
// the test listener serves the replacement, production the original.
const ValidationEvent = "AfterAllowTestTraffic"

// AppSpecResource is one entry of AppSpec.Resources.
type AppSpecResource struct {
	// TargetService is the ECS service the deployment updates.
	TargetService TargetService `json:"TargetService"`
}

// TargetService names the resource type and its properties.
type TargetService struct {
	// Type is always AWS::ECS::Service.
	Type string `json:"Type"`
	// Properties say what the replacement task set runs.
	Properties TargetServiceProperties `json:"Properties"`
}

// TargetServiceProperties are the replacement task set's settings.
type TargetServiceProperties struct {
	// TaskDefinition is the full task definition ARN, with revision.
	TaskDefinition string `json:"TaskDefinition"`
	// LoadBalancerInfo is the container and port the target groups route to.
	LoadBalancerInfo AppSpecLoadBalancerInfo `json:"LoadBalancerInfo"`
	// CapacityProviderStrategy places the replacement tasks. CodeDeploy
	// replaces the service's strategy with this one, dropping it when absent.
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"CapacityProviderStrategy"`
}

// AppSpecLoadBalancerInfo is the container and port traffic goes to.
type AppSpecLoadBalancerInfo struct {
	// ContainerName is the container's name in the task definition.
	ContainerName string `json:"ContainerName"`
	// ContainerPort is the container's port (not the host port).
	ContainerPort int `json:"ContainerPort"`
}

// CapacityProviderStrategyItem is one capacity provider and its share.
type CapacityProviderStrategyItem struct {
	// CapacityProvider is the capacity provider's name.
	CapacityProvider string `json:"CapacityProvider"`
	// Weight is the relative share of tasks placed with it.
	Weight int `json:"Weight"`
	// Base is how many tasks are placed with it first.
	Base int `json:"Base"`
}

// ECSServiceType is the AppSpec resource type of an ECS service.
const ECSServiceType = "AWS::ECS::Service"

// Target is what a deployment puts where: the task definition revision, the
// container and port that take traffic, and the capacity provider.
type Target struct {
	// TaskDefinitionARN is the full ARN with revision.
	TaskDefinitionARN string
	// ContainerName is the container that takes the load balancer's traffic.
	ContainerName string
	// ContainerPort is that container's port, 1..65535.
	ContainerPort int
	// CapacityProvider is the service's capacity provider.
	CapacityProvider string
	// ValidationFunction, when set, is the Lambda function CodeDeploy
	// invokes at ValidationEvent.
	ValidationFunction string
}

// TargetFromOutputs is the Target of a release of the stack's task
// definition.
func TargetFromOutputs(o Outputs) Target {
	return Target{
		TaskDefinitionARN:  o.TaskDefinitionARN,
		ContainerName:      o.ContainerName,
		ContainerPort:      o.ContainerPort,
		CapacityProvider:   o.CapacityProviderName,
		ValidationFunction: o.ValidationFunctionName,
	}
}

// NewAppSpec builds the AppSpec that deploys t: version 0.0, one
// AWS::ECS::Service target with the task definition, the load balancer's
// container and port, and the capacity provider strategy (weight 1, base 0);
// and the validation hook at AfterAllowTestTraffic, when t has one.
func NewAppSpec(t Target) AppSpec {
	var hooks []map[string]string
	if t.ValidationFunction != "" {
		hooks = []map[string]string{{ValidationEvent: t.ValidationFunction}}
	}
	return AppSpec{
		Hooks:   hooks,
		Version: "0.0",
		Resources: []AppSpecResource{{
			TargetService: TargetService{
				Type: ECSServiceType,
				Properties: TargetServiceProperties{
					TaskDefinition: t.TaskDefinitionARN,
					LoadBalancerInfo: AppSpecLoadBalancerInfo{
						ContainerName: t.ContainerName,
						ContainerPort: t.ContainerPort,
					},
					CapacityProviderStrategy: []CapacityProviderStrategyItem{
						{CapacityProvider: t.CapacityProvider, Weight: 1, Base: 0},
					},
				},
			},
		}},
	}
}

// Content is the AppSpec as CreateDeployment takes it: the JSON text and the
// hex SHA-256 of exactly that text.
func (a AppSpec) Content() (content, sha256Hex string, err error) {
	b, err := json.Marshal(a)
	if err != nil {
		return "", "", fmt.Errorf("appspec: %w", err)
	}
	sum := sha256.Sum256(b)
	return string(b), hex.EncodeToString(sum[:]), nil
}

// TaskDefinitionID is a task definition ARN taken apart.
type TaskDefinitionID struct {
	Partition, Region, Account, Family string
	Revision                           int
}

// ParseTaskDefinitionARN takes apart
// arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>.
// A family without a revision is an error: CodeDeploy needs the revision.
func ParseTaskDefinitionARN(arn string) (TaskDefinitionID, error) {
	const want = "want arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>"
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "ecs" || parts[3] == "" || parts[4] == "" {
		return TaskDefinitionID{}, fmt.Errorf("%q is not a task definition ARN; %s", arn, want)
	}
	resource, ok := strings.CutPrefix(parts[5], "task-definition/")
	if !ok {
		return TaskDefinitionID{}, fmt.Errorf("%q is not a task definition ARN; %s", arn, want)
	}
	family, rev, ok := strings.Cut(resource, ":")
	if !ok || family == "" {
		return TaskDefinitionID{}, fmt.Errorf("%q has no revision; %s (CodeDeploy deploys one revision)", arn, want)
	}
	n, err := strconv.Atoi(rev)
	if err != nil || n < 1 {
		return TaskDefinitionID{}, fmt.Errorf("%q: revision %q is not a positive integer; %s", arn, rev, want)
	}
	return TaskDefinitionID{Partition: parts[1], Region: parts[3], Account: parts[4], Family: family, Revision: n}, nil
}

// Check reports every problem of t that needs no AWS call.
func (t Target) Check() error {
	var errs []error
	if _, err := ParseTaskDefinitionARN(t.TaskDefinitionARN); err != nil {
		errs = append(errs, fmt.Errorf("appspec: TaskDefinition: %w", err))
	}
	if t.ContainerName == "" {
		errs = append(errs, errors.New("appspec: LoadBalancerInfo.ContainerName: empty; want the container that serves traffic (output containerName)"))
	}
	if t.ContainerPort < 1 || t.ContainerPort > 65535 {
		errs = append(errs, fmt.Errorf("appspec: LoadBalancerInfo.ContainerPort: %d; want 1..65535 (output containerPort)", t.ContainerPort))
	}
	if t.CapacityProvider == "" {
		errs = append(errs, errors.New("appspec: CapacityProviderStrategy: no capacity provider; want the service's (output capacityProviderName), or CodeDeploy drops the service's strategy"))
	}
	return errors.Join(errs...)
}

// TaskDefinition is what a release checks of a registered task definition
// (ECS DescribeTaskDefinition).
type TaskDefinition struct {
	// ARN is the task definition's ARN, with revision.
	ARN string
	// Status is ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
	Status string
	// NetworkMode is bridge, host, awsvpc or none; empty means bridge.
	NetworkMode string
	// CPU and MemoryMiB are the task-level reservations; 0 when the task
	// definition sets none (the containers' then count).
	CPU, MemoryMiB int
	// Containers are the container definitions.
	Containers []Container
}

// Container is one container definition.
type Container struct {
	// Name is the container's name.
	Name string
	// Image is the image reference it runs.
	Image string
	// PortMappings are its container ports and the host ports they map to.
	PortMappings []PortMapping
	// CPU is its CPU units (1024 to a vCPU); 0: no reservation.
	CPU int
	// MemoryMiB and MemoryReservationMiB are its hard and soft memory
	// limits; 0 when not set.
	MemoryMiB, MemoryReservationMiB int
	// Definition is the whole container definition as ECS describes it
	// (JSON names, empty values left out), for DiffContainers.
	Definition map[string]any
}

// PortMapping maps a container port to a host port; HostPort 0 is a dynamic
// port from the instance's ephemeral range.
type PortMapping struct {
	ContainerPort, HostPort int
}

// CheckTaskDefinition reports every way t does not fit td: td must be the
// revision t names and ACTIVE, in bridge network mode, with a container named
// t.ContainerName that maps t.ContainerPort to a dynamic host port (0). When
// image is not empty, that container must run it (a stale outputs file
// otherwise goes unnoticed).
func CheckTaskDefinition(t Target, td TaskDefinition, image string) error {
	name := td.ARN
	if name == "" {
		name = t.TaskDefinitionARN
	}
	var errs []error
	if td.ARN != "" && td.ARN != t.TaskDefinitionARN {
		errs = append(errs, fmt.Errorf("appspec: TaskDefinition: ECS describes %s for %s", td.ARN, t.TaskDefinitionARN))
	}
	if td.Status != "" && td.Status != "ACTIVE" {
		errs = append(errs, fmt.Errorf("appspec: TaskDefinition: %s is %s, want ACTIVE (a deregistered revision cannot start tasks)", name, td.Status))
	}
	if mode := td.NetworkMode; mode != "" && mode != "bridge" {
		errs = append(errs, fmt.Errorf("appspec: TaskDefinition: %s uses network mode %s, want bridge (the target groups register instances on dynamic host ports)", name, mode))
	}
	var c *Container
	names := make([]string, 0, len(td.Containers))
	for i := range td.Containers {
		names = append(names, td.Containers[i].Name)
		if td.Containers[i].Name == t.ContainerName {
			c = &td.Containers[i]
		}
	}
	if c == nil {
		errs = append(errs, fmt.Errorf("appspec: LoadBalancerInfo.ContainerName: %s has no container %q (it has %s)", name, t.ContainerName, listOrNone(names)))
		return errors.Join(errs...)
	}
	var ports []string
	var mapping *PortMapping
	for i, pm := range c.PortMappings {
		ports = append(ports, strconv.Itoa(pm.ContainerPort))
		if pm.ContainerPort == t.ContainerPort {
			mapping = &c.PortMappings[i]
		}
	}
	switch {
	case mapping == nil:
		errs = append(errs, fmt.Errorf("appspec: LoadBalancerInfo.ContainerPort: container %q of %s maps no port %d (it maps %s)", t.ContainerName, name, t.ContainerPort, listOrNone(ports)))
	case mapping.HostPort != 0:
		errs = append(errs, fmt.Errorf("appspec: LoadBalancerInfo.ContainerPort: container %q of %s maps port %d to host port %d, want 0 (dynamic): a fixed host port lets only one task per instance, so the replacement tasks cannot start beside the original ones", t.ContainerName, name, t.ContainerPort, mapping.HostPort))
	}
	if image != "" && c.Image != image {
		errs = append(errs, fmt.Errorf("appspec: TaskDefinition: container %q of %s runs %s, not the image to release %s (are the outputs from before `pulumi up`?)", t.ContainerName, name, c.Image, image))
	}
	return errors.Join(errs...)
}

func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

// TaskDefinitionFromAppSpec returns the TaskDefinition an AppSpec names, in
// JSON or YAML, or "" when it names none.
func TaskDefinitionFromAppSpec(content string) string {
	var a AppSpec
	if err := json.Unmarshal([]byte(content), &a); err == nil {
		if len(a.Resources) > 0 {
			return a.Resources[0].TargetService.Properties.TaskDefinition
		}
		return ""
	}
	for line := range strings.SplitSeq(content, "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || strings.Trim(key, `"'`) != "TaskDefinition" {
			continue
		}
		value = strings.TrimSpace(value)
		if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
		return strings.Trim(value, `"'`)
	}
	return ""
}
