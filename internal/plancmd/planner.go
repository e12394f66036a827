package plancmd

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/capacity"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/plan"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Planner plans the stacks of one project: it runs the program under
// Pulumi's mocks with a stack's configuration, and models what the
// program registered.
type Planner struct {
	// Dir is the project's directory, with Pulumi.yaml, the stack files and
	// README.md.
	Dir string
	// Program is the Pulumi program: the function `pulumi up` runs.
	Program pulumi.RunFunc
	// ReleasesPerMonth is the N of "a month of N releases". Default:
	// plan.DefaultReleasesPerMonth.
	ReleasesPerMonth int
	// RunAt runs the plan command of the project in dir with args and
	// returns what it printed: how --compare-commit plans an older
	// program. Default: GoRunPlan.
	RunAt func(dir string, args ...string) ([]byte, error)
}

// Plan runs the program for a stack under mocks and models it.
func (p Planner) Plan(stack string) (plan.Document, error) {
	if p.Program == nil {
		return plan.Document{}, errNoProgram
	}
	s, err := stackfile.Read(p.Dir, stack)
	if err != nil {
		return plan.Document{}, err
	}
	region := s.Config["aws:region"]
	m := &recordingMocks{Mocks: &awsmock.Mocks{Zones: regionZones(region)}, answers: map[string]mockAnswer{}, sizes: map[string]sizes{}}
	rs, err := m.registered(p.Program, s.Project, stack, s.Config)
	if err != nil {
		return plan.Document{}, fmt.Errorf("stack %s: %w", stack, err)
	}
	doc, err := plan.Build(s.Project, stack, region, rs, plan.Options{ReleasesPerMonth: p.ReleasesPerMonth, Capacity: instanceSizes(m.instanceTypes())})
	if err != nil {
		return plan.Document{}, fmt.Errorf("stack %s: %w", stack, err)
	}
	return doc, nil
}

// regionZones are the availability zones the mocks report for a region:
// the region's zone names for the regions the price table has, three
// zones otherwise (the plan cannot ask AWS; `pulumi up` checks the real
// number), and the mocks' default without a region.
func regionZones(region string) []string {
	letters := "abc"
	switch region {
	case "":
		return nil
	case "us-east-1":
		letters = "abcdef"
	case "ap-northeast-2":
		letters = "abcd"
	}
	var zones []string
	for _, l := range letters {
		zones = append(zones, region+string(l))
	}
	return zones
}

// recordingMocks are awsmock's mocks, also keeping the id and
// outputs each resource got, so that the plan can follow an input holding
// an id or ARN back to its resource, and the instance types' sizes the
// program was told, for the capacity model.
type recordingMocks struct {
	*awsmock.Mocks
	mu      sync.Mutex
	answers map[string]mockAnswer
	sizes   map[string]sizes
}

// sizes are what AWS says of an instance type that decides what it holds.
type sizes struct{ vcpus, memoryMiB int }

type mockAnswer struct {
	id      string
	outputs resource.PropertyMap
}

func answerKey(typ, name, parent string) string { return typ + "\x00" + name + "\x00" + parent }

// NewResource implements pulumi.MockResourceMonitor.
func (m *recordingMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id, outs, err := m.Mocks.NewResource(args)
	if err == nil {
		parent := ""
		if args.RegisterRPC != nil {
			parent = args.RegisterRPC.GetParent()
		}
		m.mu.Lock()
		m.answers[answerKey(args.TypeToken, args.Name, parent)] = mockAnswer{id: id, outputs: outs}
		m.mu.Unlock()
	}
	return id, outs, err
}

// Call implements pulumi.MockResourceMonitor, keeping the instance types'
// sizes the mocks answer.
func (m *recordingMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, err := m.Mocks.Call(args)
	if err == nil && args.Token == "aws:ec2/getInstanceType:getInstanceType" {
		v := out.Mappable()
		name, _ := v["instanceType"].(string)
		vcpus, _ := v["defaultVcpus"].(float64)
		mem, _ := v["memorySize"].(float64)
		m.mu.Lock()
		m.sizes[name] = sizes{vcpus: int(vcpus), memoryMiB: int(mem)}
		m.mu.Unlock()
	}
	return out, err
}

func (m *recordingMocks) instanceTypes() instanceSizes {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(instanceSizes, len(m.sizes))
	for k, v := range m.sizes {
		out[k] = v
	}
	return out
}

// registered runs program under the mocks as an update with the given
// configuration and returns what it registered.
func (m *recordingMocks) registered(program pulumi.RunFunc, project, stack string, cfg map[string]string) ([]plan.Resource, error) {
	err := pulumi.RunErr(program, pulumi.WithMocks(project, stack, m), func(info *pulumi.RunInfo) {
		info.Config = cfg
		info.DryRun = false
	})
	if err != nil {
		return nil, err
	}
	// The mocks name URNs after their own test stack and project; the
	// engine's (parents, dependencies) are this stack's.
	mockPrefix := "urn:pulumi:" + awsmock.Stack + "::" + awsmock.Project + "::"
	prefix := "urn:pulumi:" + stack + "::" + project + "::"
	var out []plan.Resource
	for _, r := range m.Resources() {
		a := m.answers[answerKey(r.Type, r.Name, r.Parent)]
		urn, ok := strings.CutPrefix(r.URN, mockPrefix)
		if !ok {
			return nil, fmt.Errorf("%s %s: URN %s does not start with %s", r.Type, r.Name, r.URN, mockPrefix)
		}
		pr := plan.Resource{URN: prefix + urn, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom,
			Dependencies: slices.Clone(r.Dependencies), Inputs: r.Inputs.Mappable(), ID: a.id}
		if a.outputs != nil {
			pr.Outputs = a.outputs.Mappable()
		}
		out = append(out, pr)
	}
	return out, nil
}

// instanceSizes are the instance types whose sizes the program was told,
// for the plan's capacity model: internal/capacity's, which the cluster
// sizes itself with.
type instanceSizes map[string]sizes

// PerInstance implements plan.Capacity.
func (c instanceSizes) PerInstance(instanceType string, cpu, memoryMiB int) (int, bool) {
	t, ok := c[instanceType]
	if !ok {
		return 0, false
	}
	return capacity.TasksPerInstance(cpu, memoryMiB, t.vcpus, t.memoryMiB), true
}

// Instances implements plan.Capacity.
func (c instanceSizes) Instances(instanceType string, zones, cpu, memoryMiB, count int) (int, bool) {
	per, ok := c.PerInstance(instanceType, cpu, memoryMiB)
	if !ok {
		return 0, false
	}
	return capacity.InstancesFor(per, zones, count), true
}
