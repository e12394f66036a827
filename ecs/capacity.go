package ecs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/capacity"
)

// What the cluster's instances can hold: instance types as AWS describes
// them, the tasks a service asks for, and how many instances a release
// needs. Pure: no pulumi import.

// Processor architectures of container instances, as EC2 names them.
const (
	ArchitectureX86 = "x86_64"
	ArchitectureArm = "arm64"
)

// InstanceType is an EC2 instance type with the sizes that decide what it
// can run, as AWS describes it. LookupInstanceType asks AWS.
type InstanceType struct {
	// Name is the type's name, such as "t3.small".
	Name string
	// VCPUs is its number of vCPUs: ECS registers 1024 CPU units for each.
	VCPUs int
	// MemoryMiB is its memory, in MiB.
	MemoryMiB int
	// Architecture is ArchitectureX86 or ArchitectureArm (Graviton): the
	// image the instances boot, and the platform the tasks' images must be
	// built for.
	Architecture string
}

// DefaultInstanceType is ClusterArgs.InstanceType when that is zero: 2
// vCPUs (burstable), 2 GiB, x86_64.
var DefaultInstanceType = InstanceType{Name: "t3.small", VCPUs: 2, MemoryMiB: 2048, Architecture: ArchitectureX86}

// ReservedMemoryMiB is the memory each container instance keeps from tasks
// for the ECS agent, Docker, the SSM agent and the system: the user data
// sets ECS_RESERVED_MEMORY to it.
const ReservedMemoryMiB = capacity.ReservedMemoryMiB

// CPUUnits is what ECS registers of the type's CPU: 1024 units a vCPU.
func (t InstanceType) CPUUnits() int { return t.VCPUs * capacity.CPUUnitsPerVCPU }

// TaskMemoryMiB is the memory ECS can place tasks in on one instance: its
// memory, less what the kernel keeps (2 % and 96 MiB), less
// ReservedMemoryMiB. A model: the memory ECS registers for a running
// instance is in the console.
func (t InstanceType) TaskMemoryMiB() int { return capacity.TaskMemoryMiB(t.MemoryMiB) }

// Platform is the container platform of images the type runs:
// "linux/arm64" for Graviton, "linux/amd64" otherwise.
func (t InstanceType) Platform() string {
	if t.Architecture == ArchitectureArm {
		return "linux/arm64"
	}
	return "linux/amd64"
}

// String describes the type: "t3.small (2 vCPU, 2048 MiB)".
func (t InstanceType) String() string {
	return fmt.Sprintf("%s (%d vCPU, %d MiB)", t.Name, t.VCPUs, t.MemoryMiB)
}

// instanceTypeNamePattern is the shape of an EC2 instance type: family.size
// in lowercase, such as t3.small, c7i-flex.large, u-6tb1.metal.
var instanceTypeNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$`)

// CheckInstanceTypeName reports, as a *FieldError naming InstanceType, a
// name that cannot be an EC2 instance type the ECS-optimized Amazon Linux
// image runs on, without asking AWS: LookupInstanceType checks it first.
func CheckInstanceTypeName(name string) error {
	var errs argcheck.List
	checkInstanceTypeName(&errs, name)
	return errs.Err()
}

func checkInstanceTypeName(errs *argcheck.List, name string) {
	switch {
	case !instanceTypeNamePattern.MatchString(name):
		errs.Add("InstanceType", name, DefaultInstanceType.Name, "is not an EC2 instance type: use family.size in lowercase, such as t3.small or t4g.small")
	case strings.HasPrefix(name, "mac"):
		errs.Add("InstanceType", name, DefaultInstanceType.Name, "is a Mac instance, which runs macOS, not the ECS-optimized Amazon Linux image: use a Linux type such as t3.small")
	}
}

// architecture picks the instances' architecture from the ones AWS says a
// type supports, "" when the ECS-optimized Amazon Linux image runs on none
// (Mac instances: x86_64_mac, arm64_mac).
func architecture(supported []string) string {
	for _, a := range []string{ArchitectureX86, ArchitectureArm} {
		if slices.Contains(supported, a) {
			return a
		}
	}
	return ""
}

// ServiceTasks is what one service asks of the cluster: the size of its
// tasks and how many it runs at most. Service.Tasks gives a service's.
type ServiceTasks struct {
	// CPU is the CPU units one task reserves (1024 to a vCPU).
	CPU int
	// MemoryMiB is the memory one task reserves, in MiB: its soft limit
	// when it has one, else its hard limit.
	MemoryMiB int
	// MaxCount is the most tasks the service runs: its desired count, or
	// the auto scaling maximum. A blue/green release runs twice as many for
	// a while.
	MaxCount int
}

// perInstance returns how many of the service's tasks one instance of t
// holds.
func (s ServiceTasks) perInstance(t InstanceType) int {
	if s.CPU <= 0 || s.MemoryMiB <= 0 {
		return 0
	}
	return capacity.TasksPerInstance(s.CPU, s.MemoryMiB, t.VCPUs, t.MemoryMiB)
}

// instancesFor returns how many instances of t hold count of the service's
// tasks spread evenly over zones (capacity.InstancesFor).
func (s ServiceTasks) instancesFor(t InstanceType, zones, count int) int {
	return capacity.InstancesFor(s.perInstance(t), zones, count)
}

// releaseInstances returns how many instances a release of every service
// at once needs at its peak, when each runs twice its MaxCount. Services
// are sized apart, which never undercounts: they can share an instance's
// spare room, not need more.
func releaseInstances(t InstanceType, zones int, services []ServiceTasks) int {
	n := 0
	for _, s := range services {
		n += s.instancesFor(t, zones, 2*s.MaxCount)
	}
	return n
}

// MaxInstancesLimit is the most container instances a cluster may have
// (ECS's quota), and so the largest Auto Scaling group NewCluster sizes.
const MaxInstancesLimit = 5000

// checkCapacity reports each service whose task does not fit one instance
// of t, and, when the services' releases need more than limit instances,
// each service's MaxCount with the largest that fits. limitName says what
// the limit is, in a Problem ("{MaxInstances} 10").
func checkCapacity(errs *argcheck.List, t InstanceType, zones, limit int, limitName string, services []ServiceTasks) {
	fits := true
	for i, s := range services {
		f := func(field string) string { return fmt.Sprintf("Services[%d].%s", i, field) }
		if s.CPU > t.CPUUnits() {
			errs.Add(f("CPU"), s.CPU, t.CPUUnits(), "CPU units do not fit one instance of {InstanceType} %s, which has %d: the task could never be placed; use at most %d, or a larger instance type",
				t, t.CPUUnits(), t.CPUUnits())
			fits = false
		}
		if s.MemoryMiB > t.TaskMemoryMiB() {
			errs.Add(f("MemoryMiB"), s.MemoryMiB, t.TaskMemoryMiB(), "MiB do not fit one instance of {InstanceType} %s, which has %d MiB for tasks (less the kernel's share and %d MiB kept for the ECS agent and the system): the task could never be placed; use at most %d, or a larger instance type",
				t, t.TaskMemoryMiB(), ReservedMemoryMiB, t.TaskMemoryMiB())
			fits = false
		}
	}
	if !fits {
		return
	}
	total := releaseInstances(t, zones, services)
	if total <= limit {
		return
	}
	// Each service that alone can shrink the total below the limit is
	// named with the most tasks it may run; when none can, all are.
	type cut struct {
		i, need, best int
	}
	var cuts []cut
	for i, s := range services {
		need := s.instancesFor(t, zones, 2*s.MaxCount)
		best := 0
		for c := s.MaxCount - 1; c >= 1; c-- {
			if total-need+s.instancesFor(t, zones, 2*c) <= limit {
				best = c
				break
			}
		}
		cuts = append(cuts, cut{i, need, best})
	}
	anyFits := slices.ContainsFunc(cuts, func(c cut) bool { return c.best > 0 })
	for _, c := range cuts {
		s := services[c.i]
		field := fmt.Sprintf("Services[%d].MaxCount", c.i)
		switch {
		case c.best > 0:
			errs.Add(field, s.MaxCount, c.best,
				"tasks need %d instances of {InstanceType} %s during a release, which runs %d of them (%d to an instance, spread over %d zones); that is more than %s: run at most %d tasks, or a larger instance type",
				total, t.Name, 2*s.MaxCount, s.perInstance(t), zones, limitName, c.best)
		case !anyFits:
			errs.Add(field, s.MaxCount, nil,
				"tasks, with the other services', need %d instances of {InstanceType} %s during a release, more than %s: run fewer tasks, or a larger instance type",
				total, t.Name, limitName)
		}
	}
}
