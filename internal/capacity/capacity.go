// Package capacity is the one model of what an ECS container instance can
// hold, for the ecs component (which sizes the cluster for a release), the
// release command (whose verify checks the live cluster) and the offline
// plan (which prices the instances a release adds).
//
// ECS places a task on an instance whose free CPU units (1024 a vCPU) and
// memory hold the task's reservation. Of an instance's memory, ECS registers
// what the system reports (m4.large: 7985 of 8192 MiB, in ECS's
// documentation), less ECS_RESERVED_MEMORY, which the ecs component's user
// data sets to ReservedMemoryMiB.
//
// Pure: no pulumi import.
package capacity

// ReservedMemoryMiB is the memory each container instance keeps from tasks
// for the ECS agent, Docker, the SSM agent and the system
// (ECS_RESERVED_MEMORY): without it, tasks that fill an instance make the
// kernel kill one of those.
const ReservedMemoryMiB = 256

// The kernel's share of an instance's memory, which the system never
// reports as available: a fixed part and a proportional one, generous for
// small types.
const (
	KernelMemoryMiB     = 96
	KernelMemoryPercent = 2
)

// CPUUnitsPerVCPU is what ECS registers of each vCPU.
const CPUUnitsPerVCPU = 1024

// TaskMemoryMiB is the memory ECS can place tasks in on an instance with
// memoryMiB: less the kernel's share and ReservedMemoryMiB. A model: ECS
// shows the registered memory of a running instance.
func TaskMemoryMiB(memoryMiB int) int {
	return max(memoryMiB-memoryMiB*KernelMemoryPercent/100-KernelMemoryMiB-ReservedMemoryMiB, 0)
}

// TasksPerInstance is how many tasks reserving taskCPU units and
// taskMemoryMiB fit one instance with vcpus and memoryMiB. A task that
// reserves nothing of one kind is bounded by the other; one that reserves
// nothing at all gives 0, no meaningful bound.
func TasksPerInstance(taskCPU, taskMemoryMiB, vcpus, memoryMiB int) int {
	n := -1
	if taskCPU > 0 {
		n = vcpus * CPUUnitsPerVCPU / taskCPU
	}
	if taskMemoryMiB > 0 {
		if m := TaskMemoryMiB(memoryMiB) / taskMemoryMiB; n < 0 || m < n {
			n = m
		}
	}
	return max(n, 0)
}

// InstancesFor is how many instances, each holding perInstance tasks, hold
// count tasks spread evenly over zones: each zone holds its share, rounded
// up, on whole instances of its own (ECS spreads tasks by zone first, and
// the Auto Scaling group balances instances across zones). 0 when an
// instance holds none or there is no zone.
func InstancesFor(perInstance, zones, count int) int {
	if perInstance < 1 || zones < 1 {
		return 0
	}
	perZone := (count + zones - 1) / zones
	return zones * ((perZone + perInstance - 1) / perInstance)
}
