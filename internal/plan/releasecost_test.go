package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeCapacity holds perInstance tasks on an instance of each known type,
// and spreads tasks over zones as the cluster does: each zone its share,
// rounded up, on whole instances.
type fakeCapacity map[string]int

func (f fakeCapacity) PerInstance(typ string, _, _ int) (int, bool) {
	n, ok := f[typ]
	return n, ok
}

func (f fakeCapacity) Instances(typ string, zones, _, _, count int) (int, bool) {
	per, ok := f[typ]
	if !ok || per == 0 || zones == 0 {
		return 0, false
	}
	perZone := (count + zones - 1) / zones
	return zones * ((perZone + per - 1) / per), true
}

// usageStack is a deployment group over a service of tasks tasks (a
// container of 256 CPU units and 512 MiB, reserving 384), on a capacity
// provider whose group keeps two instances of instanceType at rest over
// two zones, with a 30 GiB gp3 volume each.
func usageStack(tasks int, instanceType string) []Resource {
	s := &stack{}
	lt := s.add(typeLaunchTemplate, "cluster", id("lt-1"), inputs(map[string]any{
		"instanceType":        instanceType,
		"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}}},
	}))
	asg := s.add(typeAutoScalingGroup, "cluster", deps(lt), inputs(map[string]any{
		"minSize": 2.0, "vpcZoneIdentifiers": []any{"subnet-a", "subnet-b"}, "launchTemplate": map[string]any{"id": "lt-1"},
	}), outputs(map[string]any{"arn": "arn:asg"}))
	cp := s.add(typeCapacityProvider, "cluster-cp", deps(asg), inputs(map[string]any{"autoScalingGroupProvider": map[string]any{"autoScalingGroupArn": "arn:asg"}}),
		outputs(map[string]any{"name": "cp-1"}))
	td := s.add(typeTaskDefinition, "app", outputs(map[string]any{"arn": "arn:td:1"}), inputs(map[string]any{
		"containerDefinitions": `[{"name":"app","cpu":256,"memory":512,"memoryReservation":384}]`,
	}))
	svc := s.add(typeECSService, "app", deps(td, cp), inputs(map[string]any{
		"desiredCount": float64(tasks), "taskDefinition": "arn:td:1",
		"capacityProviderStrategies": []any{map[string]any{"capacityProvider": "cp-1", "weight": 1.0}},
	}))
	s.add(typeDeploymentGroup, "app", deps(svc))
	return s.rs
}

// release370 is a release that completes in 370 s (dev's: 40 s to shift, 5
// min of termination wait, 30 s of draining).
var release370 = Release{ReleaseSettings: ReleaseSettings{DeploymentGroup: "app"}, CompleteSeconds: 370}

func TestModelReleaseUsage(t *testing.T) {
	t.Parallel()
	capacity := fakeCapacity{"t4g.small": 3, "t3.small": 3}
	for name, tc := range map[string]struct {
		tasks        int
		instanceType string
		want         ReleaseUsage
		perRelease   []Money // us-east-1, ap-northeast-2
	}{
		// 2 tasks: 4 in a release, 2 a zone, one instance a zone: the two at
		// rest hold them. 2 × 370 = 740 task-seconds.
		"fits at rest": {2, "t4g.small", ReleaseUsage{Tasks: 2, TaskSeconds: 740, TasksPerInstance: 3,
			InstancesAtRest: 2, InstancesInRelease: 2}, []Money{0, 0}},
		// 6 tasks: 12 in a release, 6 a zone, 2 instances a zone: 4, so 2
		// extra for 370 + 900 s each: 2540 s.
		//   us-east-1: 2540 × 0.0168 / 3600 = 0.011853; 2540 × 30 × 0.08 /
		//   (730 × 3600) = 0.002320: 0.014173.
		//   ap-northeast-2: 2540 × 0.0208 / 3600 = 0.014676; 2540 × 30 ×
		//   0.0912 / 2628000 = 0.002644: 0.017320.
		"scales out": {6, "t4g.small", ReleaseUsage{Tasks: 6, TaskSeconds: 2220, TasksPerInstance: 3,
			InstancesAtRest: 2, InstancesInRelease: 4, ExtraInstances: 2, ExtraInstanceSeconds: 2540},
			[]Money{USD(0, 14_173), USD(0, 17_320)}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			us, err := ModelReleaseUsage(usageStack(tc.tasks, tc.instanceType), []Release{release370}, capacity, Prices, 20)
			if err != nil {
				t.Fatal(err)
			}
			if len(us) != 1 {
				t.Fatalf("%d usages, want 1", len(us))
			}
			u := us[0]
			want := tc.want
			want.DeploymentGroup, want.Service, want.OverlapSeconds, want.InstanceType = "app", "app", 370, tc.instanceType
			want.Zones, want.ScaleInSeconds, want.VolumeGiB, want.Known = 2, 900, 30, true
			want.Costs = u.Costs
			if diff := cmp.Diff(want, u); diff != "" {
				t.Errorf("usage (-want +got):\n%s", diff)
			}
			if len(u.Costs) != 2 {
				t.Fatalf("costs %+v, want two regions", u.Costs)
			}
			for i, c := range u.Costs {
				if !c.Known || c.PerRelease != tc.perRelease[i] || c.Month != 20*tc.perRelease[i] {
					t.Errorf("%s: per release %s (%d), month %s; want %s and 20 times it", c.Region, c.PerRelease, c.PerRelease, c.Month, tc.perRelease[i])
				}
			}
		})
	}
}

func TestModelReleaseUsageUnknown(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		rs       []Resource
		capacity Capacity
		why      string
		price    bool // known but unpriced
	}{
		"no capacity model":   {usageStack(6, "t4g.small"), nil, "no capacity model", false},
		"unsized type":        {usageStack(6, "x9.huge"), fakeCapacity{}, "instance type x9.huge: sizes unknown", false},
		"unpriced extra type": {usageStack(6, "m7g.large"), fakeCapacity{"m7g.large": 3}, "", true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			us, err := ModelReleaseUsage(tc.rs, []Release{release370}, tc.capacity, Prices, 20)
			if err != nil {
				t.Fatal(err)
			}
			u := us[0]
			if tc.why != "" {
				if u.Known || !strings.Contains(u.Why, tc.why) || u.Costs != nil {
					t.Errorf("usage known %v, why %q, costs %v; want unknown: %q", u.Known, u.Why, u.Costs, tc.why)
				}
				return
			}
			if !u.Known || u.Costs[0].Known || !strings.Contains(u.Costs[0].Quantity, "m7g.large: price unknown in us-east-1") || u.Costs[0].Month != 0 {
				t.Errorf("usage %+v: want the extra instances counted and their price unknown", u)
			}
		})
	}
}

func TestReleaseCostsInTheDocument(t *testing.T) {
	t.Parallel()
	rs := usageStack(6, "t4g.small")
	d := Document{Region: "us-east-1", HoursPerMonth: 730, ReleasesPerMonth: 20}
	var err error
	if d.ReleaseUsage, err = ModelReleaseUsage(rs, []Release{release370}, fakeCapacity{"t4g.small": 3}, Prices, 20); err != nil {
		t.Fatal(err)
	}
	// Compared with runs of spaces as one: the columns' widths are the
	// table's business.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	text := squeeze(d.Text())
	for _, w := range []string{
		"== Release costs (modelled, a month of 20 releases)",
		"Deployment group app, service app: 6 tasks, 3 to an instance of t4g.small over 2 zones; 2 instances at rest.",
		"both task sets run          6 min 10 s",
		"extra task-hours           0.6167",
		"extra instance-hours       0.7056  2 extra × (6 min 10 s + scale-in wait 15 min)",
		"us-east-1 (the stack's)",
		"$0.01         $0.28  0.7056 h × $0.0168/h + 30 GiB × $0.08 × 0.7056 h ÷ 730 h",
	} {
		if !strings.Contains(text, squeeze(w)) {
			t.Errorf("text lacks %q:\n%s", w, d.Text())
		}
	}
}

// TestTaskSize: a task reserves its containers' CPU units and, for each
// container, its soft memory limit when it has one, else its hard one.
func TestTaskSize(t *testing.T) {
	t.Parallel()
	for defs, want := range map[string][2]int{
		`[{"cpu":256,"memory":512}]`:                                                 {256, 512},
		`[{"cpu":256,"memory":512,"memoryReservation":384}]`:                         {256, 384},
		`[{"cpu":128,"memory":256},{"cpu":64,"memory":512,"memoryReservation":128}]`: {192, 384},
	} {
		cpu, mem, err := taskSize(&Resource{Name: "td", Inputs: map[string]any{"containerDefinitions": defs}})
		if err != nil || cpu != want[0] || mem != want[1] {
			t.Errorf("taskSize(%s) = %d, %d, %v; want %d, %d", defs, cpu, mem, err, want[0], want[1])
		}
	}
	if _, _, err := taskSize(&Resource{Name: "td", Inputs: map[string]any{"containerDefinitions": "nope"}}); err == nil || !strings.Contains(err.Error(), "task definition td: container definitions") {
		t.Errorf("unreadable definitions: error = %v", err)
	}
}
