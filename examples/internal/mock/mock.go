// Package mock is a small recording implementation of Pulumi's mocks for the
// examples' tests, written as an importer of the components would write it
// (the repository's own test doubles are internal to its module).
//
// It answers as AWS would just enough for the components: every created
// resource gets an id, a physical name, an ARN and the few computed outputs
// the components read (load balancer and target group ARN suffixes, DNS
// names, bucket names), and the data sources the components call
// (region, partition, account, availability zones) get fixed answers. Every
// registered resource is recorded with its parent and dependencies.
package mock

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Fixed answers of the data sources, and the stack the mocks run.
const (
	Region  = "us-east-1"
	Account = "123456789012"
	Stack   = "test"
)

// Zones are the availability zones getAvailabilityZones reports.
var Zones = []string{Region + "a", Region + "b", Region + "c"}

// Resource is one registered resource, as the engine would have seen it.
type Resource struct {
	Type         string
	Name         string
	URN          string
	Parent       string // the parent's URN
	Inputs       resource.PropertyMap
	Dependencies []string // URNs of explicit and input dependencies
	Custom       bool     // false for component resources
}

// Mocks records every registered resource and answers data-source calls.
// NewResource is called concurrently, so the record is kept under a mutex.
type Mocks struct {
	// Project is the project name the URNs carry; set by Run.
	Project string
	// DryRun answers as a preview does: inputs only, no ids, computed
	// outputs unknown.
	DryRun bool

	mu        sync.Mutex
	resources []Resource
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := Resource{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, Custom: args.Custom}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = rpc.GetDependencies()
	}
	r.URN = m.urn(r.Parent, r.Type, r.Name)
	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()

	outs := args.Inputs.Copy()
	if m.DryRun {
		return "", outs, nil
	}
	id, computed := fake(args.TypeToken, args.Name, args.Inputs)
	for k, v := range computed {
		if _, set := outs[resource.PropertyKey(k)]; !set {
			outs[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	return id, outs, nil
}

// Call implements pulumi.MockResourceMonitor for the data sources the
// components call; any other fails the run by name.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	var out map[string]any
	switch args.Token {
	case "aws:index/getRegion:getRegion":
		out = map[string]any{"name": Region, "id": Region}
	case "aws:index/getPartition:getPartition":
		out = map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws", "id": "aws"}
	case "aws:index/getCallerIdentity:getCallerIdentity":
		out = map[string]any{"accountId": Account, "arn": "arn:aws:iam::" + Account + ":user/test", "userId": "AIDATEST", "id": Account}
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		out = map[string]any{"names": Zones, "id": Region}
	case "aws:ec2/getInstanceType:getInstanceType":
		if t := args.Args["instanceType"]; !t.IsString() || t.StringValue() != "t3.small" {
			return nil, fmt.Errorf("mock: InvalidInstanceType: only t3.small is known, not %v", t)
		}
		out = map[string]any{"id": "t3.small", "instanceType": "t3.small", "defaultVcpus": 2, "memorySize": 2048, "supportedArchitectures": []string{"i386", "x86_64"}}
	default:
		return nil, fmt.Errorf("mock: no answer for data source %s", args.Token)
	}
	return resource.NewPropertyMapFromMap(out), nil
}

// urn builds a URN as Pulumi's mock monitor does: the parent's type
// qualifies the child's.
func (m *Mocks) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(Stack), tokens.PackageName(m.Project), parentType, tokens.Type(typ), name))
}

// Resources returns what was registered, in registration order.
func (m *Mocks) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.resources)
}

// OfType returns the resources of one type token, sorted by name.
func (m *Mocks) OfType(typ string) []Resource {
	var out []Resource
	for _, r := range m.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Resource) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Named returns the resource of type typ and name, and whether there is one.
func (m *Mocks) Named(typ, name string) (Resource, bool) {
	for _, r := range m.Resources() {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// DuplicateURNs returns the URNs registered more than once, sorted: the
// engine refuses a program that registers a URN twice.
func (m *Mocks) DuplicateURNs() []string {
	seen := map[string]int{}
	for _, r := range m.Resources() {
		seen[r.URN]++
	}
	var out []string
	for urn, n := range seen {
		if n > 1 {
			out = append(out, urn)
		}
	}
	slices.Sort(out)
	return out
}

// DependsOn says whether r depends on the resource of type typ and name.
func (m *Mocks) DependsOn(r Resource, typ, name string) bool {
	dep, ok := m.Named(typ, name)
	return ok && slices.Contains(r.Dependencies, dep.URN)
}

// Run executes program as project's stack under m, with the stack
// configuration config (keys as "project:key", values as the CLI passes
// them: arrays as JSON).
func Run(m *Mocks, project string, config map[string]string, program pulumi.RunFunc) error {
	m.Project = project
	return pulumi.RunErr(program, pulumi.WithMocks(project, Stack, m), func(info *pulumi.RunInfo) {
		info.Config = config
		info.DryRun = m.DryRun
	})
}

// fake returns the id and the computed outputs AWS would report for a
// created resource.
func fake(typ, name string, in resource.PropertyMap) (string, map[string]any) {
	physical := name + "-" + hash7(typ+name)
	if v := in["name"]; v.IsString() {
		physical = v.StringValue()
	} else if v := in["namePrefix"]; v.IsString() {
		physical = v.StringValue() + hash7(typ+name)
	}
	service, _, _ := strings.Cut(strings.TrimPrefix(typ, "aws:"), "/")
	out := map[string]any{
		"name": physical,
		"arn":  fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, Region, Account, physical),
	}
	id := physical
	switch typ {
	case "aws:lb/loadBalancer:LoadBalancer":
		out["arnSuffix"] = "app/" + physical + "/" + hash7(physical)
		out["dnsName"] = physical + "." + Region + ".elb.amazonaws.com"
		out["zoneId"] = "Z35SXDOTRQ7X7K"
	case "aws:lb/targetGroup:TargetGroup":
		out["arnSuffix"] = "targetgroup/" + physical + "/" + hash7(physical)
	case "aws:s3/bucketV2:BucketV2":
		out["bucket"] = physical
		out["arn"] = "arn:aws:s3:::" + physical
	case "aws:ecs/taskDefinition:TaskDefinition":
		family := name
		if v := in["family"]; v.IsString() {
			family = v.StringValue()
		}
		out["arn"] = fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:1", Region, Account, family)
		out["revision"] = 1
	case "aws:ec2/launchTemplate:LaunchTemplate":
		out["latestVersion"] = 1
	}
	if strings.HasPrefix(typ, "aws:ec2/") || strings.HasPrefix(typ, "aws:vpc/") {
		id = "id-" + hash7(typ+name)
	}
	return id, out
}

func hash7(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])[:7]
}
