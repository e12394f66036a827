package ecs

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// containerDefSpec is what the service's one container is made of, as plain
// values.
type containerDefSpec struct {
	Name                 string
	Image                string
	ContainerPort        int
	CPU                  int // CPU units, 1024 to a vCPU
	MemoryMiB            int // hard limit: the container is killed above it
	MemoryReservationMiB int // soft limit; 0 leaves it out
	Environment          map[string]string
	LogGroup             string
	Region               string
	LogStreamPrefix      string
}

// The container definition's JSON, in the field names of the ECS API
// (RegisterTaskDefinition's containerDefinitions).
type (
	containerDefDocument struct {
		Name              string                   `json:"name"`
		Image             string                   `json:"image"`
		Essential         bool                     `json:"essential"`
		CPU               int                      `json:"cpu"`
		Memory            int                      `json:"memory"`
		MemoryReservation int                      `json:"memoryReservation,omitempty"`
		PortMappings      []containerDefPort       `json:"portMappings"`
		Environment       []containerDefVariable   `json:"environment,omitempty"`
		LogConfiguration  containerDefLogConfig    `json:"logConfiguration"`
		LinuxParameters   containerDefLinuxOptions `json:"linuxParameters"`
	}
	containerDefPort struct {
		ContainerPort int    `json:"containerPort"`
		HostPort      int    `json:"hostPort"`
		Protocol      string `json:"protocol"`
	}
	containerDefVariable struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	containerDefLogConfig struct {
		LogDriver string            `json:"logDriver"`
		Options   map[string]string `json:"options"` // encoding/json writes map keys sorted
	}
	containerDefLinuxOptions struct {
		InitProcessEnabled bool `json:"initProcessEnabled"`
	}
)

// containerDefJSON renders the task definition's containerDefinitions: one
// essential container, its port published on a dynamic host port (0: Docker
// picks one from the ephemeral range and the target group learns it from
// ECS), logging to CloudWatch Logs, and an init process as PID 1 that
// forwards signals and reaps zombies, so that a stop is graceful.
// Environment variables are sorted by name, so the same map always renders
// the same document (and never proposes a new revision). privileged is left
// out: ECS's default, false, applies.
func containerDefJSON(s containerDefSpec) string {
	def := containerDefDocument{
		Name:              s.Name,
		Image:             s.Image,
		Essential:         true,
		CPU:               s.CPU,
		Memory:            s.MemoryMiB,
		MemoryReservation: s.MemoryReservationMiB,
		PortMappings:      []containerDefPort{{ContainerPort: s.ContainerPort, HostPort: 0, Protocol: "tcp"}},
		LogConfiguration: containerDefLogConfig{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         s.LogGroup,
				"awslogs-region":        s.Region,
				"awslogs-stream-prefix": s.LogStreamPrefix,
			},
		},
		LinuxParameters: containerDefLinuxOptions{InitProcessEnabled: true},
	}
	for _, k := range slices.Sorted(maps.Keys(s.Environment)) {
		def.Environment = append(def.Environment, containerDefVariable{Name: k, Value: s.Environment[k]})
	}
	b, _ := json.Marshal([]containerDefDocument{def}) // cannot fail: strings, ints, bools, slices and a string map
	return string(b)
}

// containerDefFamilyMax is the longest task definition family ECS accepts.
const containerDefFamilyMax = 255

// containerDefFamilyInvalid matches what a family may not contain.
var containerDefFamilyInvalid = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// containerDefFamily returns the task definition family of component name in
// a project's stack: "<project>-<stack>-<name>". Families are per account and
// region, so the project and stack keep two stacks in one account (dev and
// staging, say) from registering revisions into the same family. Characters
// ECS does not accept become '-'; the result is cut to 255 characters.
func containerDefFamily(project, stack, name string) string {
	f := containerDefFamilyInvalid.ReplaceAllString(project+"-"+stack+"-"+name, "-")
	f = strings.Trim(f, "-")
	if len(f) > containerDefFamilyMax {
		f = strings.TrimRight(f[:containerDefFamilyMax], "-")
	}
	return f
}

// containerDefNamePattern matches the container names ECS accepts.
var containerDefNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// containerDefBadEnvName reports whether an environment variable name cannot
// be passed to a process: empty, or with '=' or NUL in it.
func containerDefBadEnvName(name string) bool {
	return name == "" || strings.ContainsAny(name, "=\x00")
}
