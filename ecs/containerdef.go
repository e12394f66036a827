package ecs

import (
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
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
	ReadonlyRoot         bool     // root file system read-only, TmpfsPaths writable
	TmpfsPaths           []string // with ReadonlyRoot
	TmpfsSizeMiB         int
	User                 string // "" leaves the image's USER
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
		ReadonlyRoot      bool                     `json:"readonlyRootFilesystem,omitempty"`
		User              string                   `json:"user,omitempty"`
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
		InitProcessEnabled bool                `json:"initProcessEnabled"`
		Tmpfs              []containerDefTmpfs `json:"tmpfs,omitempty"`
	}
	containerDefTmpfs struct {
		ContainerPath string   `json:"containerPath"`
		Size          int      `json:"size"` // MiB
		MountOptions  []string `json:"mountOptions"`
	}
)

// containerDefJSON renders the task definition's containerDefinitions: one
// essential container, its port published on a dynamic host port (0: Docker
// picks one from the ephemeral range and the target group learns it from
// ECS), logging to CloudWatch Logs, and an init process as PID 1 that
// forwards signals and reaps zombies, so that a stop is graceful.
// Environment variables are sorted by name, so the same map always renders
// the same document (and never proposes a new revision). With ReadonlyRoot
// the root file system is read-only and each of TmpfsPaths is a writable
// tmpfs (nosuid, nodev; Docker's mode 1777, so any user may write), in the
// order given. privileged is left out: ECS's default, false, applies; so
// are volumes and mount points: nothing of the host is mounted.
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
		User:            s.User,
	}
	if s.ReadonlyRoot {
		def.ReadonlyRoot = true
		for _, p := range s.TmpfsPaths {
			def.LinuxParameters.Tmpfs = append(def.LinuxParameters.Tmpfs, containerDefTmpfs{ContainerPath: p, Size: s.TmpfsSizeMiB, MountOptions: tmpfsMountOptions})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Environment)) {
		def.Environment = append(def.Environment, containerDefVariable{Name: k, Value: s.Environment[k]})
	}
	b, _ := json.Marshal([]containerDefDocument{def}) // cannot fail: strings, ints, bools, slices and a string map
	return string(b)
}

// tmpfsMountOptions are the mount options of every tmpfs: no set-uid
// programs, no device files.
var tmpfsMountOptions = []string{"nosuid", "nodev"}

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

// checkTmpfs records problems with the writable paths of a read-only
// container and their size.
func checkTmpfs(errs *argcheck.List, paths []string, sizeMiB, memoryMiB int) {
	seen := map[string]int{}
	for i, p := range paths {
		f := fmt.Sprintf("TmpfsPaths[%d]", i)
		switch {
		case !strings.HasPrefix(p, "/") || path.Clean(p) != p:
			errs.Add(f, p, nilIfEmpty(cleanPath(p)), "is not a clean absolute path: write it as /dir/sub, without . or .. or a trailing /")
		case p == "/":
			errs.Add(f, p, nil, "is the root file system: with it writable, set ReadonlyRootFilesystem to false instead")
		default:
			if j, dup := seen[p]; dup {
				errs.Add(f, p, nil, "is also {TmpfsPaths[%d]}: list each path once", j)
				continue
			}
			seen[p] = i
		}
	}
	if sizeMiB < 1 || (len(paths) > 0 && sizeMiB*len(paths) > memoryMiB) {
		errs.Add("TmpfsSizeMiB", sizeMiB, max(1, min(DefaultTmpfsSizeMiB, memoryMiB/max(1, len(paths))/4)),
			"is out of range: use 1 to %d MiB, so that the %d tmpfs mounts together stay within {MemoryMiB} %d", memoryMiB/max(1, len(paths)), len(paths), memoryMiB)
	}
}

// cleanPath returns the clean absolute form of p, "" when it has none.
func cleanPath(p string) string {
	c := path.Clean("/" + p)
	if c == "/" {
		return ""
	}
	return c
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// userPattern matches a container user ECS accepts: a user and an optional
// group, each a name or a number.
var userPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$`)

// userProblem says what is wrong with a container user, "" when nothing is
// (the empty user leaves the image's own).
func userProblem(u string) string {
	if u == "" {
		return ""
	}
	if !userPattern.MatchString(u) {
		return "is not a user: give a name or uid, optionally with a group (uid:gid), such as 1000 or 1000:1000"
	}
	name, _, _ := strings.Cut(u, ":")
	if name == "root" || strings.Trim(name, "0") == "" {
		return "runs the container as root: give a non-root user the image has (a uid such as 1000), or leave it empty for the image's own USER"
	}
	return ""
}
