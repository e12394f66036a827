package plan

import (
	"encoding/json"
	"fmt"
)

// What a blue/green release costs beyond the fixed month. During a release
// both task sets run: CodeDeploy starts the replacement tasks at the start
// of the deployment and stops the original ones only when the termination
// wait and the deregistration delay are over (Release.CompleteSeconds).
// When the instances at rest cannot hold both sets, ECS managed scaling
// launches more, and keeps them until its scale-in has waited
// ScaleInSeconds after the original tasks stopped:
//
//	overlap              = release complete (Release.CompleteSeconds)
//	extra task-hours     = tasks × overlap
//	instances in release = instances that hold 2 × tasks spread over the
//	                       zones (the cluster's capacity model), at least
//	                       the instances at rest
//	extra instances      = instances in release − instances at rest
//	extra instance-hours = extra instances × (overlap + ScaleInSeconds)
//	per release          = extra instance-hours × the instance's price
//	                       + their volumes' GiB × the gp3 price × extra
//	                         instance-hours ÷ hours a month
//	a month of N         = N × per release
//
// On EC2 capacity, tasks have no price of their own (the instances are
// priced), so extra task-hours cost nothing unless they need instances;
// the model counts the extra instances from the deployment's start, which
// leaves out the minute or two managed scaling takes to launch them (and
// which the release then waits: the release times assume room on running
// instances). Tasks are the service's desired count; with service auto
// scaling, a release at a higher count may need more.

// ScaleInSeconds is how long ECS managed scaling keeps the instances it
// added after they run no more tasks: its target tracking policy scales in
// after 15 consecutive one-minute data points below its target (the
// scale-in alarm CloudWatch keeps for target tracking; AWS's documentation
// of ECS cluster auto scaling and of target tracking policies). Draining
// and terminating the instance (a minute or so) is not modelled.
const ScaleInSeconds = 15 * 60

// DefaultReleasesPerMonth is how many releases a month the plan prices
// when not told otherwise: one a working day.
const DefaultReleasesPerMonth = 20

// Capacity answers how many instances hold a service's tasks: the
// cluster's own capacity model, which the caller supplies, so that the
// plan does not state the placement rules a second time.
type Capacity interface {
	// PerInstance returns how many tasks of cpu units and memoryMiB one
	// instance of instanceType holds; ok is false when the type's sizes are
	// unknown.
	PerInstance(instanceType string, cpu, memoryMiB int) (n int, ok bool)
	// Instances returns how many instances of instanceType hold count tasks
	// spread evenly over zones.
	Instances(instanceType string, zones, cpu, memoryMiB, count int) (n int, ok bool)
}

// Options are what Build needs besides the registered resources.
type Options struct {
	// ReleasesPerMonth is the N of "a month of N releases". Default:
	// DefaultReleasesPerMonth.
	ReleasesPerMonth int
	// Capacity is the cluster's capacity model. Without it, release costs
	// are unknown.
	Capacity Capacity
}

// ReleaseUsage is what one deployment group's release adds to the fixed
// month: tasks and instances running beside the stack at rest, and their
// price in each region of the price table. See the formulas above.
type ReleaseUsage struct {
	// DeploymentGroup and Service name the release and the service it
	// deploys.
	DeploymentGroup string `json:"deploymentGroup"`
	Service         string `json:"service"`
	// Tasks is the service's desired count: the replacement set runs as
	// many.
	Tasks int `json:"tasks"`
	// OverlapSeconds is how long both task sets run: the release's
	// expected complete time.
	OverlapSeconds int `json:"overlapSeconds"`
	// TaskSeconds is Tasks × OverlapSeconds.
	TaskSeconds int `json:"taskSeconds"`
	// InstanceType, Zones and InstancesAtRest describe the capacity
	// provider's Auto Scaling group; TasksPerInstance is what one of its
	// instances holds of the service's tasks.
	InstanceType     string `json:"instanceType"`
	Zones            int    `json:"zones"`
	InstancesAtRest  int    `json:"instancesAtRest"`
	TasksPerInstance int    `json:"tasksPerInstance"`
	// InstancesInRelease hold both task sets; ExtraInstances are those
	// beyond the instances at rest, for ExtraInstanceSeconds in all.
	InstancesInRelease   int `json:"instancesInRelease"`
	ExtraInstances       int `json:"extraInstances"`
	ExtraInstanceSeconds int `json:"extraInstanceSeconds"`
	// ScaleInSeconds is the scale-in wait the model used.
	ScaleInSeconds int `json:"scaleInSeconds"`
	// VolumeGiB is the gp3 storage of one instance.
	VolumeGiB int `json:"volumeGiB"`
	// Known is false when the usage could not be modelled; Why says why.
	Known bool   `json:"known"`
	Why   string `json:"why,omitempty"`
	// Costs price the usage in each region of the price table.
	Costs []ReleaseCost `json:"costs"`
}

// ReleaseCost is a release's price in one region.
type ReleaseCost struct {
	Region string `json:"region"`
	// PerRelease is one release's extra instances and their volumes;
	// Month is ReleasesPerMonth of them.
	PerRelease Money `json:"perRelease"`
	Month      Money `json:"month"`
	// Quantity shows the arithmetic of PerRelease.
	Quantity string `json:"quantity"`
	// Known is false when the table has no price for the instance type.
	Known bool `json:"known"`
}

// ModelReleaseUsage models what each deployment group's release adds, for
// the releases given (ModelRelease of ReleaseSettingsOf), and prices it
// for releasesPerMonth releases in every region of the table.
func ModelReleaseUsage(rs []Resource, releases []Release, capacity Capacity, table PriceTable, releasesPerMonth int) ([]ReleaseUsage, error) {
	g, err := newGraph(rs)
	if err != nil {
		return nil, err
	}
	var out []ReleaseUsage
	for _, rel := range releases {
		u := ReleaseUsage{DeploymentGroup: rel.DeploymentGroup, OverlapSeconds: rel.CompleteSeconds, ScaleInSeconds: ScaleInSeconds}
		u.Why = usage(g, &u, capacity)
		u.Known = u.Why == ""
		if u.Known {
			u.Costs = priceUsage(u, table, releasesPerMonth)
		}
		out = append(out, u)
	}
	return out, nil
}

// usage fills u from the registered resources and returns why it cannot,
// "" when it can.
func usage(g *graph, u *ReleaseUsage, capacity Capacity) string {
	var dg *Resource
	for _, r := range g.ofType(typeDeploymentGroup) {
		if r.Name == u.DeploymentGroup {
			dg = r
		}
	}
	if dg == nil {
		return "no deployment group " + u.DeploymentGroup
	}
	svcs := g.deps(dg, typeECSService)
	if len(svcs) != 1 {
		return fmt.Sprintf("deployment group %s deploys %d ECS services, want 1", dg.Name, len(svcs))
	}
	svc := svcs[0]
	u.Service = svc.Name
	u.Tasks, _ = getInt(svc.Inputs, "desiredCount")
	u.TaskSeconds = u.Tasks * u.OverlapSeconds
	td := g.ref(getString(svc.Inputs, "taskDefinition"), typeTaskDefinition)
	if td == nil {
		return "service " + svc.Name + ": its task definition is not among the stack's resources"
	}
	cpu, mem, err := taskSize(td)
	if err != nil {
		return err.Error()
	}
	asg := capacityGroup(g, svc)
	if asg == nil {
		return "service " + svc.Name + ": no Auto Scaling group behind its capacity provider"
	}
	lt := g.launchTemplateOf(asg)
	if lt == nil {
		return "Auto Scaling group " + asg.Name + ": no single launch template"
	}
	u.InstanceType = getString(lt.Inputs, "instanceType")
	u.Zones = len(getList(asg.Inputs, "vpcZoneIdentifiers"))
	u.InstancesAtRest, _ = getInt(asg.Inputs, "minSize")
	for _, bd := range getList(lt.Inputs, "blockDeviceMappings") {
		if size, ok := getInt(bd, "ebs", "volumeSize"); ok && getString(bd, "ebs", "volumeType") == "gp3" {
			u.VolumeGiB += size
		}
	}
	if capacity == nil {
		return "no capacity model"
	}
	per, ok := capacity.PerInstance(u.InstanceType, cpu, mem)
	need, ok2 := capacity.Instances(u.InstanceType, u.Zones, cpu, mem, 2*u.Tasks)
	if !ok || !ok2 || per < 1 {
		return fmt.Sprintf("instance type %s: sizes unknown, or the task (%d CPU units, %d MiB) does not fit it", u.InstanceType, cpu, mem)
	}
	u.TasksPerInstance = per
	u.InstancesInRelease = max(need, u.InstancesAtRest)
	u.ExtraInstances = u.InstancesInRelease - u.InstancesAtRest
	u.ExtraInstanceSeconds = u.ExtraInstances * (u.OverlapSeconds + u.ScaleInSeconds)
	return ""
}

// taskSize returns what one task reserves on an instance, as ECS places
// it: the containers' CPU units, and each container's soft memory limit
// (memoryReservation) or else its hard one.
func taskSize(td *Resource) (cpu, memoryMiB int, err error) {
	var containers []struct {
		CPU               int `json:"cpu"`
		Memory            int `json:"memory"`
		MemoryReservation int `json:"memoryReservation"`
	}
	if err := json.Unmarshal([]byte(getString(td.Inputs, "containerDefinitions")), &containers); err != nil {
		return 0, 0, fmt.Errorf("task definition %s: container definitions: %w", td.Name, err)
	}
	for _, c := range containers {
		cpu += c.CPU
		if c.MemoryReservation > 0 {
			memoryMiB += c.MemoryReservation
		} else {
			memoryMiB += c.Memory
		}
	}
	return cpu, memoryMiB, nil
}

// capacityGroup returns the Auto Scaling group behind a service's capacity
// provider: the one its strategy names, or the one it depends on.
func capacityGroup(g *graph, svc *Resource) *Resource {
	name := getString(svc.Inputs, "capacityProviderStrategies", 0, "capacityProvider")
	for _, cp := range g.ofType(typeCapacityProvider) {
		if name == "" || getString(cp.Outputs, "name") == name || cp.ID == name {
			if asg := g.ref(getString(cp.Inputs, "autoScalingGroupProvider", "autoScalingGroupArn"), typeAutoScalingGroup); asg != nil {
				return asg
			}
		}
	}
	return nil
}

// priceUsage prices a release's extra instances and their volumes in each
// region.
func priceUsage(u ReleaseUsage, table PriceTable, releasesPerMonth int) []ReleaseCost {
	var out []ReleaseCost
	secondsPerMonth := table.HoursPerMonth * 3600
	for _, p := range table.Regions {
		c := ReleaseCost{Region: p.Region}
		price, ok := p.EC2Hour[u.InstanceType]
		switch {
		case u.ExtraInstanceSeconds == 0:
			c.Known, c.Quantity = true, "no extra instance"
		case !ok:
			c.Quantity = fmt.Sprintf("%s: price unknown in %s", u.InstanceType, p.Region)
		default:
			secs := int64(u.ExtraInstanceSeconds)
			ec2 := divRound(Money(secs)*price, 3600)
			ebs := divRound(Money(secs*int64(u.VolumeGiB))*p.GP3GBMonth, secondsPerMonth)
			c.Known, c.PerRelease = true, ec2+ebs
			c.Quantity = fmt.Sprintf("%s h × %s/h + %d GiB × %s × %s h ÷ %d h", hours(u.ExtraInstanceSeconds), price.Exact(),
				u.VolumeGiB, p.GP3GBMonth.Exact(), hours(u.ExtraInstanceSeconds), table.HoursPerMonth)
		}
		c.Month = Money(releasesPerMonth) * c.PerRelease
		out = append(out, c)
	}
	return out
}

// divRound divides m by d, rounding half away from zero.
func divRound(m Money, d int64) Money {
	if m < 0 {
		return -divRound(-m, d)
	}
	return (m + Money(d/2)) / Money(d)
}

// hours formats seconds as hours with up to four decimals: "0.7056".
func hours(seconds int) string {
	s := fmt.Sprintf("%.4f", float64(seconds)/3600)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
