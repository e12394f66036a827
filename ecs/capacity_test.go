package ecs

import (
	"strconv"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/google/go-cmp/cmp"
)

var (
	t3nano  = InstanceType{Name: "t3.nano", VCPUs: 2, MemoryMiB: 512, Architecture: ArchitectureX86}
	t3small = DefaultInstanceType
	m5large = InstanceType{Name: "m5.large", VCPUs: 2, MemoryMiB: 8192, Architecture: ArchitectureX86}
	m7gmed  = InstanceType{Name: "m7g.medium", VCPUs: 1, MemoryMiB: 4096, Architecture: ArchitectureArm}
)

func TestInstanceTypeSizes(t *testing.T) {
	t.Parallel()
	type sizes struct {
		CPUUnits, TaskMemoryMiB int
		Platform, String        string
	}
	tests := map[string]struct {
		in   InstanceType
		want sizes
	}{
		// 2048 less 2 % (40), the kernel's 96 and the agent's 256.
		"t3.small": {t3small, sizes{2048, 1656, "linux/amd64", "t3.small (2 vCPU, 2048 MiB)"}},
		"t3.nano":  {t3nano, sizes{2048, 150, "linux/amd64", "t3.nano (2 vCPU, 512 MiB)"}},
		"m5.large": {m5large, sizes{2048, 7677, "linux/amd64", "m5.large (2 vCPU, 8192 MiB)"}},
		"Graviton": {m7gmed, sizes{1024, 3663, "linux/arm64", "m7g.medium (1 vCPU, 4096 MiB)"}},
		"no memory left": {InstanceType{Name: "x.tiny", VCPUs: 1, MemoryMiB: 300, Architecture: ArchitectureX86},
			sizes{1024, 0, "linux/amd64", "x.tiny (1 vCPU, 300 MiB)"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := sizes{tc.in.CPUUnits(), tc.in.TaskMemoryMiB(), tc.in.Platform(), tc.in.String()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s sizes (-want +got):\n%s", tc.in.Name, diff)
			}
		})
	}
	if DefaultInstanceType != (InstanceType{Name: "t3.small", VCPUs: 2, MemoryMiB: 2048, Architecture: "x86_64"}) {
		t.Errorf("DefaultInstanceType = %+v, want t3.small as AWS describes it", DefaultInstanceType)
	}
	if ReservedMemoryMiB != 256 {
		t.Errorf("ReservedMemoryMiB = %d, want 256", ReservedMemoryMiB)
	}
}

func TestServiceTasksPerInstance(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		it   InstanceType
		s    ServiceTasks
		want int
	}{
		"memory decides":          {t3small, ServiceTasks{CPU: 256, MemoryMiB: 512}, 3},
		"CPU decides":             {m5large, ServiceTasks{CPU: 512, MemoryMiB: 512}, 4},
		"exactly the task memory": {t3small, ServiceTasks{CPU: 256, MemoryMiB: 1656}, 1},
		"one MiB too much":        {t3small, ServiceTasks{CPU: 256, MemoryMiB: 1657}, 0},
		"all the CPU":             {t3small, ServiceTasks{CPU: 2048, MemoryMiB: 256}, 1},
		"too much CPU":            {t3small, ServiceTasks{CPU: 2049, MemoryMiB: 256}, 0},
		"no size":                 {t3small, ServiceTasks{}, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.perInstance(tc.it); got != tc.want {
				t.Errorf("%+v.perInstance(%s) = %d, want %d", tc.s, tc.it, got, tc.want)
			}
		})
	}
}

func TestServiceTasksInstancesFor(t *testing.T) {
	t.Parallel()
	small := ServiceTasks{CPU: 256, MemoryMiB: 512} // 3 on a t3.small
	tests := map[string]struct {
		s            ServiceTasks
		zones, count int
		want         int
	}{
		"one task still takes an instance per zone": {small, 2, 1, 2},
		"fills one instance per zone":               {small, 2, 6, 2},
		"one more needs one more per zone":          {small, 2, 7, 4},
		"uneven zones round up":                     {small, 3, 4, 3},
		"three zones, many tasks":                   {small, 3, 20, 9}, // 7 a zone: 3 instances each
		"one task an instance":                      {ServiceTasks{CPU: 1024, MemoryMiB: 1024}, 2, 8, 8},
		"no tasks":                                  {small, 2, 0, 0},
		"task fits nowhere":                         {ServiceTasks{CPU: 4096, MemoryMiB: 512}, 2, 4, 0},
		"no zones":                                  {small, 0, 4, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.instancesFor(t3small, tc.zones, tc.count); got != tc.want {
				t.Errorf("%+v.instancesFor(t3.small, %d zones, %d tasks) = %d, want %d", tc.s, tc.zones, tc.count, got, tc.want)
			}
		})
	}
}

func TestReleaseInstances(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		services []ServiceTasks
		want     int
	}{
		"none": {nil, 0},
		// 2 × 2 tasks, 2 a zone, 3 to an instance: 1 a zone.
		"one small service": {[]ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 2}}, 2},
		// 2 × 10 tasks, 10 a zone: 4 a zone.
		"one larger service": {[]ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 10}}, 8},
		// Sized apart: 2 + 4 (2 × 2 one-instance tasks, 2 a zone).
		"two services add up": {[]ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 2}, {CPU: 1024, MemoryMiB: 1024, MaxCount: 2}}, 6},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := releaseInstances(t3small, 2, tc.services); got != tc.want {
				t.Errorf("releaseInstances(t3.small, 2, %+v) = %d, want %d", tc.services, got, tc.want)
			}
		})
	}
}

func TestCheckCapacity(t *testing.T) {
	t.Parallel()
	type problem struct {
		Field      string
		Value, Fix any
		Message    string // fields marked <Field> as Render names them
	}
	tests := map[string]struct {
		it       InstanceType
		limit    int
		services []ServiceTasks
		want     []problem
	}{
		"fits":         {t3small, 4, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 3}}, nil},
		"fits exactly": {t3small, 8, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 12}}, nil},
		"no services":  {t3small, 1, nil, nil},
		"CPU bigger than an instance": {t3small, 4, []ServiceTasks{{CPU: 4096, MemoryMiB: 512, MaxCount: 1}}, []problem{{
			"Services[0].CPU", 4096, 2048,
			"<Services[0].CPU> 4096 CPU units do not fit one instance of <InstanceType> t3.small (2 vCPU, 2048 MiB), which has 2048: the task could never be placed; use at most 2048, or a larger instance type",
		}}},
		"memory bigger than an instance": {t3small, 4, []ServiceTasks{{CPU: 256, MemoryMiB: 2048, MaxCount: 1}}, []problem{{
			"Services[0].MemoryMiB", 2048, 1656,
			"<Services[0].MemoryMiB> 2048 MiB do not fit one instance of <InstanceType> t3.small (2 vCPU, 2048 MiB), which has 1656 MiB for tasks (less the kernel's share and 256 MiB kept for the ECS agent and the system): the task could never be placed; use at most 1656, or a larger instance type",
		}}},
		// A task that fits nowhere makes the release's count meaningless.
		"both, and no count problem": {t3small, 1, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 50}, {CPU: 3000, MemoryMiB: 4000, MaxCount: 50}}, []problem{
			{"Services[1].CPU", 3000, 2048, ""},
			{"Services[1].MemoryMiB", 4000, 1656, ""},
		}},
		// 2 × 10 tasks need 4 instances a zone, 8 in all; 6 tasks (12 in
		// a release, 6 a zone, 2 instances each) fit 4.
		"release needs more than MaxInstances": {t3small, 4, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 10}}, []problem{{
			"Services[0].MaxCount", 10, 6,
			"<Services[0].MaxCount> 10 tasks need 8 instances of <InstanceType> t3.small during a release, which runs 20 of them (3 to an instance, spread over 2 zones); that is more than <MaxInstances> 4: run at most 6 tasks, or a larger instance type",
		}}},
		"one task too many": {t3small, 4, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 7}}, []problem{
			{"Services[0].MaxCount", 7, 6, ""},
		}},
		// Each service's fix assumes the others stay: service 1 needs 8,
		// service 0 2; with 6 instances service 1 may have 4 (2 tasks).
		"the largest count that fits beside the others": {t3small, 6, []ServiceTasks{
			{CPU: 256, MemoryMiB: 512, MaxCount: 3},
			{CPU: 1024, MemoryMiB: 1024, MaxCount: 4},
		}, []problem{
			// Only the service whose cut makes the release fit is named.
			{"Services[1].MaxCount", 4, 2, ""},
		}},
		"even one task is too many": {t3small, 1, []ServiceTasks{{CPU: 256, MemoryMiB: 512, MaxCount: 1}}, []problem{
			{"Services[0].MaxCount", 1, nil, ""},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var errs argcheck.List
			checkCapacity(&errs, tc.it, 2, tc.limit, "{MaxInstances} "+strconv.Itoa(tc.limit), tc.services)
			var got []problem
			for i, fe := range argcheck.Errors(errs.Err()) {
				p := problem{fe.Field, fe.Value, fe.Fix, fe.Render(func(f string) string { return "<" + f + ">" })}
				if i < len(tc.want) && tc.want[i].Message == "" {
					p.Message = "" // not asserted
				}
				got = append(got, p)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("checkCapacity(%s, 2 zones, limit %d, %+v) (-want +got):\n%s", tc.it.Name, tc.limit, tc.services, diff)
			}
		})
	}
}

// TestCheckCapacityFixFits checks the law behind every MaxCount fix: the
// suggested count fits beside the other services, and one more does not.
func TestCheckCapacityFixFits(t *testing.T) {
	t.Parallel()
	for _, it := range []InstanceType{t3nano, t3small, m5large, m7gmed} {
		for zones := 2; zones <= 4; zones++ {
			for limit := 1; limit <= 12; limit++ {
				for count := 1; count <= 15; count++ {
					services := []ServiceTasks{{CPU: 128, MemoryMiB: 128, MaxCount: 2}, {CPU: 256, MemoryMiB: 100, MaxCount: count}}
					var errs argcheck.List
					checkCapacity(&errs, it, zones, limit, "{MaxInstances}", services)
					for _, fe := range argcheck.Errors(errs.Err()) {
						if fe.Field != "Services[1].MaxCount" {
							continue
						}
						fix, _ := fe.Fix.(int) // nil: no count fits
						if fix == 0 {
							one := []ServiceTasks{services[0], {CPU: 256, MemoryMiB: 100, MaxCount: 1}}
							if n := releaseInstances(it, zones, one); n <= limit {
								t.Errorf("%s, %d zones, limit %d, count %d: no fix, but 1 task fits in %d", it.Name, zones, limit, count, n)
							}
							continue
						}
						fixed := []ServiceTasks{services[0], {CPU: 256, MemoryMiB: 100, MaxCount: fix}}
						more := []ServiceTasks{services[0], {CPU: 256, MemoryMiB: 100, MaxCount: fix + 1}}
						if n := releaseInstances(it, zones, fixed); n > limit {
							t.Errorf("%s, %d zones, limit %d, count %d: fix %d needs %d instances", it.Name, zones, limit, count, fix, n)
						}
						if n := releaseInstances(it, zones, more); fix+1 < count && n <= limit {
							t.Errorf("%s, %d zones, limit %d, count %d: fix %d is not the largest (%d fits in %d)", it.Name, zones, limit, count, fix, fix+1, n)
						}
					}
				}
			}
		}
	}
}

func TestArchitecture(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   []string
		want string
	}{
		"x86 with i386": {[]string{"i386", "x86_64"}, ArchitectureX86},
		"arm64":         {[]string{"arm64"}, ArchitectureArm},
		"both":          {[]string{"arm64", "x86_64"}, ArchitectureX86},
		"Mac, Apple":    {[]string{"arm64_mac"}, ""},
		"Mac, Intel":    {[]string{"x86_64_mac"}, ""},
		"none":          {nil, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := architecture(tc.in); got != tc.want {
				t.Errorf("architecture(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCheckInstanceTypeName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{ // name: what the problem starts with, "" when none
		"t3.small":       "",
		"c7i-flex.large": "",
		"u-6tb1.metal":   "",
		"r8g.metal-24xl": "",
		"m5.2xlarge":     "",
		"t4g.nano":       "",
		"":               "is not an EC2 instance type",
		"t3":             "is not an EC2 instance type",
		"T3.small":       "is not an EC2 instance type",
		"t3.":            "is not an EC2 instance type",
		".small":         "is not an EC2 instance type",
		"t3 .small":      "is not an EC2 instance type",
		"t3.small\n":     "is not an EC2 instance type",
		"t3..small":      "is not an EC2 instance type",
		"mac2.metal":     "is a Mac instance",
		"mac1.metal":     "is a Mac instance",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := CheckInstanceTypeName(name)
			fes := argcheck.Errors(err)
			if want == "" {
				if err != nil {
					t.Errorf("CheckInstanceTypeName(%q) = %v, want nil", name, err)
				}
				return
			}
			if len(fes) != 1 {
				t.Fatalf("CheckInstanceTypeName(%q) = %v, want one field error", name, err)
			}
			fe := fes[0]
			if fe.Field != "InstanceType" || fe.Value != name || fe.Fix != "t3.small" || len(fe.Problem) < len(want) || fe.Problem[:len(want)] != want {
				t.Errorf("CheckInstanceTypeName(%q) = %+v, want InstanceType %q, fix t3.small, a problem starting %q", name, fe, name, want)
			}
		})
	}
}
