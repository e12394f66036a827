package capacity

import "testing"

func TestTaskMemoryMiB(t *testing.T) {
	t.Parallel()
	for mem, want := range map[int]int{
		512:  150,  // t3.nano: 512 - 10 - 96 - 256
		1024: 652,  // t3.micro, t4g.micro
		2048: 1656, // t3.small: three tasks of 512 MiB
		4096: 3663, // t3.medium
		8192: 7677, // m5.large; ECS registers about 7985 before ECS_RESERVED_MEMORY
		300:  0,    // less than what is kept: nothing, not a negative
	} {
		if got := TaskMemoryMiB(mem); got != want {
			t.Errorf("TaskMemoryMiB(%d) = %d, want %d", mem, got, want)
		}
	}
}

func TestTasksPerInstance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ cpu, mem, vcpus, imem, want int }{
		{256, 512, 2, 2048, 3},  // memory bound: 1656 / 512
		{1024, 128, 2, 8192, 2}, // CPU bound
		{0, 512, 2, 2048, 3},    // no CPU reservation
		{256, 0, 2, 2048, 8},    // no memory reservation
		{256, 4096, 2, 2048, 0}, // does not fit
		{0, 0, 2, 2048, 0},      // reserves nothing: no bound
		{2048, 1656, 2, 2048, 1},
		{2048, 1657, 2, 2048, 0},
	} {
		if got := TasksPerInstance(tc.cpu, tc.mem, tc.vcpus, tc.imem); got != tc.want {
			t.Errorf("TasksPerInstance(%d, %d, %d vCPU, %d MiB) = %d, want %d", tc.cpu, tc.mem, tc.vcpus, tc.imem, got, tc.want)
		}
	}
}

func TestInstancesFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ per, zones, count, want int }{
		{3, 2, 4, 2},  // 2 a zone: one instance each
		{3, 2, 12, 4}, // 6 a zone: two each
		{3, 2, 7, 4},  // 4 a zone (rounded up): two each
		{7, 3, 6, 3},  // 2 a zone
		{3, 2, 0, 0},  // nothing to hold
		{0, 2, 4, 0},  // an instance holds none
		{3, 0, 4, 0},  // no zone
	} {
		if got := InstancesFor(tc.per, tc.zones, tc.count); got != tc.want {
			t.Errorf("InstancesFor(%d a instance, %d zones, %d tasks) = %d, want %d", tc.per, tc.zones, tc.count, got, tc.want)
		}
	}
}
