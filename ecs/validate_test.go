package ecs_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// problem is what a test asserts of one *FieldError.
type problem struct {
	Field      string
	Value, Fix any
}

// problems returns err's field errors (see argchecktest.Problems); args is
// the ClusterArgs or ServiceArgs validated.
func problems(t *testing.T, args any, err error) []problem {
	t.Helper()
	var out []problem
	for _, p := range argchecktest.Problems(t, args, err) {
		out = append(out, problem(p))
	}
	return out
}

func TestClusterValidate(t *testing.T) {
	t.Parallel()
	small := func(n int) ecs.ServiceTasks { return ecs.ServiceTasks{CPU: 256, MemoryMiB: 512, MaxCount: n} }
	with := func(f func(*ecs.ClusterArgs)) *ecs.ClusterArgs {
		a := clusterArgs(2)
		f(a)
		return a
	}
	tests := map[string]struct {
		args *ecs.ClusterArgs
		want []problem
	}{
		"defaults":                    {args: clusterArgs(2)},
		"inputs are not Validate's":   {args: &ecs.ClusterArgs{AZCount: 3}},
		"services sized by default":   {args: with(func(a *ecs.ClusterArgs) { a.Services = []ecs.ServiceTasks{small(10), small(1)} })},
		"MaxInstances exactly enough": {args: with(func(a *ecs.ClusterArgs) { a.Services, a.MaxInstances = []ecs.ServiceTasks{small(12)}, 8 })},
		"one instance at rest":        {args: with(func(a *ecs.ClusterArgs) { a.MinInstances = 1 })},
		"the largest root volume":     {args: with(func(a *ecs.ClusterArgs) { a.RootVolumeSizeGiB = 16384 })},
		"Graviton": {args: with(func(a *ecs.ClusterArgs) {
			a.InstanceType = ecs.InstanceType{Name: "t4g.small", VCPUs: 2, MemoryMiB: 2048, Architecture: "arm64"}
		})},
		"the most instances ECS allows": {args: with(func(a *ecs.ClusterArgs) { a.MaxInstances = ecs.MaxInstancesLimit })},

		"zero args": {args: &ecs.ClusterArgs{}, want: []problem{{"AZCount", 0, 2}}},
		// Sized by default up to ECS's limit, the service's count is what
		// to fix, not a MaxInstances the caller never set.
		"more than ECS allows, by default": {
			args: with(func(a *ecs.ClusterArgs) { a.Services = []ecs.ServiceTasks{small(20000)} }),
			want: []problem{{"Services[0].MaxCount", 20000, 7500}},
		},
		// An instance type without sizes hides nothing else.
		"no sizes, and other problems": {
			args: with(func(a *ecs.ClusterArgs) {
				a.InstanceType = ecs.InstanceType{Name: "t3.large"}
				a.RootVolumeSizeGiB = 1
			}),
			want: []problem{{"InstanceType", "t3.large", nil}, {"RootVolumeSizeGiB", 1, 30}},
		},
		"one zone": {args: with(func(a *ecs.ClusterArgs) { a.AZCount = 1; a.SubnetIDs = pulumi.ToStringArray(clusterSubnets[:1]) }), want: []problem{{"AZCount", 1, 2}}},
		"negative minimum": {
			args: with(func(a *ecs.ClusterArgs) { a.MinInstances = -1 }),
			want: []problem{{"MinInstances", -1, 2}},
		},
		"maximum below minimum": {
			args: with(func(a *ecs.ClusterArgs) { a.MinInstances, a.MaxInstances = 3, 2 }),
			want: []problem{{"MaxInstances", 2, 3}},
		},
		"more instances than ECS allows": {
			args: with(func(a *ecs.ClusterArgs) { a.MaxInstances = ecs.MaxInstancesLimit + 1 }),
			want: []problem{{"MaxInstances", 5001, 5000}},
		},
		"instance type name": {
			args: with(func(a *ecs.ClusterArgs) {
				a.InstanceType = ecs.InstanceType{Name: "T3.small", VCPUs: 2, MemoryMiB: 2048, Architecture: "x86_64"}
			}),
			want: []problem{{"InstanceType", "T3.small", "t3.small"}},
		},
		"Mac": {
			args: with(func(a *ecs.ClusterArgs) {
				a.InstanceType = ecs.InstanceType{Name: "mac2.metal", VCPUs: 12, MemoryMiB: 16384, Architecture: "arm64"}
			}),
			want: []problem{{"InstanceType", "mac2.metal", "t3.small"}},
		},
		"instance type without sizes": {
			args: with(func(a *ecs.ClusterArgs) { a.InstanceType = ecs.InstanceType{Name: "t3.large"} }),
			want: []problem{{"InstanceType", "t3.large", nil}},
		},
		"instance type of another architecture": {
			args: with(func(a *ecs.ClusterArgs) {
				a.InstanceType = ecs.InstanceType{Name: "t3.large", VCPUs: 2, MemoryMiB: 8192, Architecture: "arm64_mac"}
			}),
			want: []problem{{"InstanceType", "t3.large", nil}},
		},
		"service without sizes": {
			args: with(func(a *ecs.ClusterArgs) { a.Services = []ecs.ServiceTasks{small(1), {}} }),
			want: []problem{{"Services[1].CPU", 0, 256}, {"Services[1].MemoryMiB", 0, 512}, {"Services[1].MaxCount", 0, 1}},
		},
		"task bigger than an instance": {
			args: with(func(a *ecs.ClusterArgs) { a.Services = []ecs.ServiceTasks{{CPU: 4096, MemoryMiB: 2048, MaxCount: 1}} }),
			want: []problem{{"Services[0].CPU", 4096, 2048}, {"Services[0].MemoryMiB", 2048, 1656}},
		},
		"release bigger than MaxInstances": {
			args: with(func(a *ecs.ClusterArgs) { a.Services, a.MaxInstances = []ecs.ServiceTasks{small(10)}, 4 }),
			want: []problem{{"Services[0].MaxCount", 10, 6}},
		},
		"root volume too small": {
			args: with(func(a *ecs.ClusterArgs) { a.RootVolumeSizeGiB = 20 }),
			want: []problem{{"RootVolumeSizeGiB", 20, 30}},
		},
		"root volume too large": {
			args: with(func(a *ecs.ClusterArgs) { a.RootVolumeSizeGiB = 20000 }),
			want: []problem{{"RootVolumeSizeGiB", 20000, 16384}},
		},
		"Container Insights level": {
			args: with(func(a *ecs.ClusterArgs) { a.ContainerInsights = "on" }),
			want: []problem{{"ContainerInsights", "on", "enabled"}},
		},
		"reserved tags, in key order": {
			args: with(func(a *ecs.ClusterArgs) {
				a.Tags = map[string]string{"Name": "x", "aws:owner": "y", "AmazonECSManaged": "z", "AWS:Team": "w", "team": "ok"}
			}),
			want: []problem{{"Tags", "AWS:Team", nil}, {"Tags", "AmazonECSManaged", nil}, {"Tags", "Name", nil}, {"Tags", "aws:owner", nil}},
		},
		"every problem at once": {
			args: with(func(a *ecs.ClusterArgs) {
				a.AZCount, a.RootVolumeSizeGiB, a.ContainerInsights = 1, 1, "x"
				a.InstanceType = ecs.InstanceType{Name: "big", VCPUs: 2, MemoryMiB: 2048, Architecture: "x86_64"}
			}),
			want: []problem{{"AZCount", 1, 2}, {"InstanceType", "big", "t3.small"}, {"RootVolumeSizeGiB", 1, 30}, {"ContainerInsights", "x", "enabled"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, *tc.args, err)); diff != "" {
				t.Errorf("Validate() = %v; field errors (-want +got):\n%s", err, diff)
			}
		})
	}
}

func TestServiceValidate(t *testing.T) {
	t.Parallel()
	with := func(f func(*ecs.ServiceArgs)) *ecs.ServiceArgs {
		a := servicePlainArgs()
		f(a)
		return a
	}
	tests := map[string]struct {
		args *ecs.ServiceArgs
		want []problem
	}{
		"defaults": {args: servicePlainArgs()},
		// The suggested MaxCount is one Validate takes.
		"maximum below a large desired count": {args: with(func(a *ecs.ServiceArgs) { a.DesiredCount, a.MaxCount = 3000, 2000 }),
			want: []problem{{"MaxCount", 2000, 5000}}},
		"inputs are not Validate's":                 {args: &ecs.ServiceArgs{Image: "nginx:1.27", DesiredCount: 1}},
		"image by digest":                           {args: with(func(a *ecs.ServiceArgs) { a.Image = "nginx@sha256:" + strings.Repeat("0f", 32) })},
		"unpinned image is a warning, not an error": {args: with(func(a *ecs.ServiceArgs) { a.Image = "nginx" })},
		"image built by the stack":                  {args: with(func(a *ecs.ServiceArgs) { a.Image, a.ImageURI = "", pulumi.String("x") })},
		"soft memory limit":                         {args: with(func(a *ecs.ServiceArgs) { a.MemoryReservationMiB = 511 })},
		"no grace period":                           {args: with(func(a *ecs.ServiceArgs) { a.HealthCheckGracePeriodSeconds = new(0) })},
		"longest grace period":                      {args: with(func(a *ecs.ServiceArgs) { a.HealthCheckGracePeriodSeconds = new(7200) })},
		"most tasks":                                {args: with(func(a *ecs.ServiceArgs) { a.DesiredCount, a.MaxCount = 5000, 5000 })},
		"auto scaling to the most tasks":            {args: with(func(a *ecs.ServiceArgs) { a.MaxCount = 5000 })},
		"created deployment configuration":          {args: with(func(a *ecs.ServiceArgs) { a.DeploymentConfig = "Linear25PercentEvery2Minutes" })},
		"existing deployment configuration":         {args: with(func(a *ecs.ServiceArgs) { a.DeploymentConfig = "existing:team" })},
		"no termination wait":                       {args: with(func(a *ecs.ServiceArgs) { a.TerminationWaitMinutes = new(0) })},
		"longest waits":                             {args: with(func(a *ecs.ServiceArgs) { a.TerminationWaitMinutes, a.ApprovalWaitMinutes = new(2880), 2880 })},
		"longest log retention":                     {args: with(func(a *ecs.ServiceArgs) { a.LogRetentionDays = 3653 })},
		"writable root, tmpfs not checked":          {args: with(func(a *ecs.ServiceArgs) { a.ReadonlyRootFilesystem, a.TmpfsPaths = new(false), []string{"tmp"} })},
		"two writable paths":                        {args: with(func(a *ecs.ServiceArgs) { a.TmpfsPaths = []string{"/tmp", "/var/cache/nginx"} })},
		"tmpfs sized by a small memory":             {args: with(func(a *ecs.ServiceArgs) { a.MemoryMiB = 6 })},
		"tmpfs of all the memory":                   {args: with(func(a *ecs.ServiceArgs) { a.TmpfsSizeMiB = 256; a.TmpfsPaths = []string{"/a", "/b"} })},
		"a non-root user":                           {args: with(func(a *ecs.ServiceArgs) { a.User = "101:101" })},

		"tmpfs paths": {
			args: with(func(a *ecs.ServiceArgs) { a.TmpfsPaths = []string{"tmp", "/var/run/", "/", "/tmp", "/tmp"} }),
			want: []problem{{"TmpfsPaths[0]", "tmp", "/tmp"}, {"TmpfsPaths[1]", "/var/run/", "/var/run"}, {"TmpfsPaths[2]", "/", nil}, {"TmpfsPaths[4]", "/tmp", nil}},
		},
		"tmpfs larger than the memory": {
			args: with(func(a *ecs.ServiceArgs) { a.TmpfsSizeMiB = 300; a.TmpfsPaths = []string{"/a", "/b"} }),
			want: []problem{{"TmpfsSizeMiB", 300, 64}},
		},
		"negative tmpfs": {
			args: with(func(a *ecs.ServiceArgs) { a.TmpfsSizeMiB = -1 }),
			want: []problem{{"TmpfsSizeMiB", -1, 64}},
		},
		"root user": {
			args: with(func(a *ecs.ServiceArgs) { a.User = "0:0" }),
			want: []problem{{"User", "0:0", nil}},
		},
		"user with a space": {
			args: with(func(a *ecs.ServiceArgs) { a.User = "web user" }),
			want: []problem{{"User", "web user", nil}},
		},

		"no image": {
			args: with(func(a *ecs.ServiceArgs) { a.Image = "" }),
			want: []problem{{"Image", "", nil}},
		},
		"image and image URI": {
			args: with(func(a *ecs.ServiceArgs) { a.ImageURI = pulumi.String("x") }),
			want: []problem{{"Image", "public.ecr.aws/nginx/nginx-unprivileged:1.27", nil}},
		},
		"upper-case repository": {
			args: with(func(a *ecs.ServiceArgs) { a.Image = "Nginx:1" }),
			want: []problem{{"Image", "Nginx:1", nil}},
		},
		"container name": {
			args: with(func(a *ecs.ServiceArgs) { a.ContainerName = "my.app" }),
			want: []problem{{"ContainerName", "my.app", "app"}},
		},
		"ports": {
			args: with(func(a *ecs.ServiceArgs) { a.ContainerPort = 70000 }),
			want: []problem{{"ContainerPort", 70000, 65535}},
		},
		"CPU too small": {
			args: with(func(a *ecs.ServiceArgs) { a.CPU = 1 }),
			want: []problem{{"CPU", 1, 2}},
		},
		"CPU too large": {
			args: with(func(a *ecs.ServiceArgs) { a.CPU = 200000 }),
			want: []problem{{"CPU", 200000, 196608}},
		},
		"memory": {
			args: with(func(a *ecs.ServiceArgs) { a.MemoryMiB = 4 }),
			want: []problem{{"MemoryMiB", 4, 6}},
		},
		"soft limit not below the hard one": {
			args: with(func(a *ecs.ServiceArgs) { a.MemoryReservationMiB = 512 }),
			want: []problem{{"MemoryReservationMiB", 512, nil}},
		},
		"soft limit too small": {
			args: with(func(a *ecs.ServiceArgs) { a.MemoryReservationMiB = 5 }),
			want: []problem{{"MemoryReservationMiB", 5, nil}},
		},
		"environment names, in order": {
			args: with(func(a *ecs.ServiceArgs) { a.Environment = map[string]string{"OK": "1", "A=B": "2", "": "3"} }),
			want: []problem{{"Environment", "", nil}, {"Environment", "A=B", nil}},
		},
		"no tasks": {
			args: with(func(a *ecs.ServiceArgs) { a.DesiredCount = 0 }),
			want: []problem{{"DesiredCount", 0, 1}},
		},
		"too many tasks": {
			args: with(func(a *ecs.ServiceArgs) { a.DesiredCount = 5001 }),
			want: []problem{{"DesiredCount", 5001, 5000}},
		},
		"maximum below desired": {
			args: with(func(a *ecs.ServiceArgs) { a.MaxCount = 1 }),
			want: []problem{{"MaxCount", 1, 4}},
		},
		"auto scaling beyond the quota": {
			args: with(func(a *ecs.ServiceArgs) { a.MaxCount = 5001 }),
			want: []problem{{"MaxCount", 5001, 5000}},
		},
		"CPU target": {
			args: with(func(a *ecs.ServiceArgs) { a.TargetCPUUtilizationPercent = 150 }),
			want: []problem{{"TargetCPUUtilizationPercent", 150, 100}},
		},
		"negative grace period": {
			args: with(func(a *ecs.ServiceArgs) { a.HealthCheckGracePeriodSeconds = new(-5) }),
			want: []problem{{"HealthCheckGracePeriodSeconds", -5, 0}},
		},
		"grace period too long": {
			args: with(func(a *ecs.ServiceArgs) { a.HealthCheckGracePeriodSeconds = new(7201) }),
			want: []problem{{"HealthCheckGracePeriodSeconds", 7201, 7200}},
		},
		"retention between two periods": {
			args: with(func(a *ecs.ServiceArgs) { a.LogRetentionDays = 10 }),
			want: []problem{{"LogRetentionDays", 10, 7}},
		},
		"retention on a tie takes the shorter": {
			args: with(func(a *ecs.ServiceArgs) { a.LogRetentionDays = 2 }),
			want: []problem{{"LogRetentionDays", 2, 1}},
		},
		"retention too long": {
			args: with(func(a *ecs.ServiceArgs) { a.LogRetentionDays = 4000 }),
			want: []problem{{"LogRetentionDays", 4000, 3653}},
		},
		"EC2 deployment configuration": {
			args: with(func(a *ecs.ServiceArgs) { a.DeploymentConfig = "CodeDeployDefault.OneAtATime" }),
			want: []problem{{"DeploymentConfig", "CodeDeployDefault.OneAtATime", "AllAtOnce"}},
		},
		"deployment configuration typo": {
			args: with(func(a *ecs.ServiceArgs) { a.DeploymentConfig = "Canary10Percent5Minuts" }),
			want: []problem{{"DeploymentConfig", "Canary10Percent5Minuts", "Canary10Percent5Minutes"}},
		},
		"deployment configuration out of range": {
			args: with(func(a *ecs.ServiceArgs) { a.DeploymentConfig = "Linear100PercentEvery3Minutes" }),
			want: []problem{{"DeploymentConfig", "Linear100PercentEvery3Minutes", "Linear99PercentEvery3Minutes"}},
		},
		"approval wait": {
			args: with(func(a *ecs.ServiceArgs) { a.ApprovalWaitMinutes = 2881 }),
			want: []problem{{"ApprovalWaitMinutes", 2881, 2880}},
		},
		"termination wait": {
			args: with(func(a *ecs.ServiceArgs) { a.TerminationWaitMinutes = new(-1) }),
			want: []problem{{"TerminationWaitMinutes", -1, 0}},
		},
		"5XX threshold": {
			args: with(func(a *ecs.ServiceArgs) { a.Target5XXAlarmThreshold = -1 }),
			want: []problem{{"Target5XXAlarmThreshold", -1, 10}},
		},
		"every problem at once": {
			args: with(func(a *ecs.ServiceArgs) {
				a.Image, a.ContainerPort, a.LogRetentionDays, a.DeploymentConfig = "", -1, 2, "AllAtOnse"
			}),
			want: []problem{{"Image", "", nil}, {"ContainerPort", -1, 1}, {"LogRetentionDays", 2, 1}, {"DeploymentConfig", "AllAtOnse", "AllAtOnce"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, *tc.args, err)); diff != "" {
				t.Errorf("Validate() = %v; field errors (-want +got):\n%s", err, diff)
			}
		})
	}
}
