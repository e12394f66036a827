package awsmock

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Default answers of the mocks' data sources.
const (
	Region  = "us-east-1"
	Account = "123456789012"
)

// Resource is one resource the program registered, with the options the
// engine would have seen.
type Resource struct {
	Type          string
	Name          string
	URN           string
	Parent        string
	Inputs        resource.PropertyMap
	Dependencies  []string // URNs of explicit and implicit (input) dependencies
	IgnoreChanges []string
	CreateTimeout string // the customTimeouts option's create
	Protect       bool
	Custom        bool
}

// Get walks path (object keys, or decimal indexes into arrays) through the
// resource's inputs and returns the value there, null when absent.
func (r Resource) Get(path ...string) resource.PropertyValue {
	v := resource.NewObjectProperty(r.Inputs)
	for _, p := range path {
		switch {
		case v.IsObject():
			v = v.ObjectValue()[resource.PropertyKey(p)]
		case v.IsArray():
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(v.ArrayValue()) {
				return resource.NewNullProperty()
			}
			v = v.ArrayValue()[i]
		default:
			return resource.NewNullProperty()
		}
	}
	return v
}

// String returns the string input at path, or "" when it is not one.
func (r Resource) String(path ...string) string {
	if v := r.Get(path...); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Number returns the number input at path, or -1 when it is not one.
func (r Resource) Number(path ...string) float64 {
	if v := r.Get(path...); v.IsNumber() {
		return v.NumberValue()
	}
	return -1
}

// True reports whether the input at path is the boolean true.
func (r Resource) True(path ...string) bool {
	v := r.Get(path...)
	return v.IsBool() && v.BoolValue()
}

// DependsOn reports whether the resource lists urn among its dependencies.
func (r Resource) DependsOn(urn string) bool { return slices.Contains(r.Dependencies, urn) }

// NotUnder returns the custom resources whose parent is not the component
// of type typ named name (every custom resource when there is no such
// component): a component's children must all name it as their parent.
func (m *Mocks) NotUnder(typ, name string) []Resource {
	comp, _ := m.Named(typ, name)
	var out []Resource
	for _, r := range m.Resources() {
		if r.Custom && (comp.URN == "" || r.Parent != comp.URN) {
			out = append(out, r)
		}
	}
	return out
}

// DependsOnNamed reports whether r depends on the resource of type typ and
// name.
func (m *Mocks) DependsOnNamed(r Resource, typ, name string) bool {
	dep, ok := m.Named(typ, name)
	return ok && r.DependsOn(dep.URN)
}

// Mocks records every registered resource and answers data-source calls.
// NewResource is called concurrently, so the record is kept under a mutex.
type Mocks struct {
	// Zones is what aws:getAvailabilityZones reports as available; four zones
	// of Region when nil.
	Zones []string
	// DryRun makes NewResource answer as a preview does: inputs only, no ids,
	// every other output unknown.
	DryRun bool
	// HostedZones are the account's Route 53 zones, which
	// aws:route53/getZone finds by name or id; DefaultHostedZones when nil.
	HostedZones []HostedZone
	// Project and Stack name the project and stack Run runs; Project
	// ("ecs-bluegreen") and Stack ("test") when empty.
	Project, Stack string

	mu        sync.Mutex
	resources []Resource
	calls     []string
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := Resource{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, Custom: args.Custom}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = rpc.GetDependencies()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.Protect = rpc.GetProtect()
		r.CreateTimeout = rpc.GetCustomTimeouts().GetCreate()
		r.URN = newURN(m.project(), m.stack(), r.Parent, args.TypeToken, args.Name)
	}
	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()

	outs := args.Inputs.Copy()
	if m.DryRun {
		return "", outs, nil
	}
	id, extra := fakeOutputs(args.TypeToken, args.Name, args.Inputs)
	for k, v := range extra {
		if _, has := outs[resource.PropertyKey(k)]; !has {
			outs[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	return id, outs, nil
}

// Call implements pulumi.MockResourceMonitor for the data sources the
// components use. An unknown one fails the run by name.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.calls = append(m.calls, args.Token)
	m.mu.Unlock()
	switch args.Token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		zones := m.Zones
		if zones == nil {
			zones = []string{Region + "a", Region + "b", Region + "c", Region + "d"}
		}
		if s := args.Args["state"]; !s.IsString() || s.StringValue() != "available" {
			return nil, fmt.Errorf("getAvailabilityZones called without state=available: %v", args.Args)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"names": zones, "id": Region}), nil
	case "aws:index/getRegion:getRegion":
		return resource.NewPropertyMapFromMap(map[string]any{"name": Region, "id": Region}), nil
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws", "id": "aws"}), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{"accountId": Account, "arn": "arn:aws:iam::" + Account + ":user/test", "userId": "AIDATEST", "id": Account}), nil
	case "aws:route53/getZone:getZone":
		return m.getZone(args.Args)
	case "aws:ec2/getInstanceType:getInstanceType":
		name := ""
		if v := args.Args["instanceType"]; v.IsString() {
			name = v.StringValue()
		}
		t, ok := InstanceTypes[name]
		if !ok {
			// As the provider reports AWS's refusal.
			return nil, fmt.Errorf("reading EC2 Instance Type (%s): InvalidInstanceType: The following supplied instance types do not exist: [%s]", name, name)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": name, "instanceType": name, "defaultVcpus": t.VCPUs,
			"memorySize": t.MemoryMiB, "supportedArchitectures": t.Architectures}), nil
	}
	return nil, fmt.Errorf("awsmock: no mock for data source %s", args.Token)
}

// InstanceType is what aws:ec2/getInstanceType answers for a type.
type InstanceType struct {
	VCPUs         int
	MemoryMiB     int
	Architectures []string
}

// InstanceTypes are the types the mocks know, with AWS's sizes (EC2
// DescribeInstanceTypes); any other name is refused as AWS refuses a type
// that does not exist.
var InstanceTypes = map[string]InstanceType{
	"t3.nano": {2, 512, x86}, "t3.micro": {2, 1024, x86}, "t3.small": {2, 2048, x86}, "t3.medium": {2, 4096, x86},
	"t3.large": {2, 8192, x86}, "t3.xlarge": {4, 16384, x86}, "t3.2xlarge": {8, 32768, x86},
	"t3a.small": {2, 2048, x86}, "t3a.medium": {2, 4096, x86},
	"t4g.nano": {2, 512, arm}, "t4g.micro": {2, 1024, arm}, "t4g.small": {2, 2048, arm}, "t4g.medium": {2, 4096, arm}, "t4g.large": {2, 8192, arm},
	"m5.large": {2, 8192, x86}, "m6i.large": {2, 8192, x86}, "m6i.xlarge": {4, 16384, x86}, "m7i.large": {2, 8192, x86},
	"m7g.medium": {1, 4096, arm}, "m7g.large": {2, 8192, arm}, "c6i.large": {2, 4096, x86}, "c7g.large": {2, 4096, arm},
	"r6i.large": {2, 16384, x86}, "m7i.48xlarge": {192, 786432, x86},
	"mac2.metal": {12, 16384, []string{"arm64_mac"}},
}

var (
	x86 = []string{"i386", "x86_64"}
	arm = []string{"arm64"}
)

// project is the project the mocks run.
func (m *Mocks) project() string {
	if m.Project == "" {
		return Project
	}
	return m.Project
}

// stack is the stack the mocks run.
func (m *Mocks) stack() string {
	if m.Stack == "" {
		return Stack
	}
	return m.Stack
}

// Resources returns what was registered, in registration order.
func (m *Mocks) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.resources)
}

// Calls returns the data-source tokens called, in order.
func (m *Mocks) Calls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.calls)
}

// OfType returns the registered resources of one type token, sorted by name.
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

// CountByType returns how many resources of each type were registered.
func (m *Mocks) CountByType() map[string]int {
	out := map[string]int{}
	for _, r := range m.Resources() {
		out[r.Type]++
	}
	return out
}

// Shape lists every registered resource as "type name", sorted: what a
// test pins to keep type tokens and child names stable.
func (m *Mocks) Shape() []string {
	var out []string
	for _, r := range m.Resources() {
		out = append(out, r.Type+" "+r.Name)
	}
	slices.Sort(out)
	return out
}

// DuplicateURNs returns the URNs registered more than once, sorted: the
// engine refuses a program that registers one twice.
func (m *Mocks) DuplicateURNs() []string {
	seen := map[string]int{}
	for _, r := range m.Resources() {
		seen[r.URN]++
	}
	var dups []string
	for urn, n := range seen {
		if n > 1 {
			dups = append(dups, urn)
		}
	}
	slices.Sort(dups)
	return dups
}

// newURN builds a URN as Pulumi's mock monitor does: the parent's qualified
// type prefixes the child's type.
func newURN(project, stack, parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), parentType, tokens.Type(typ), name))
}

// namePrefixed returns the physical name AWS would give: the name input, or
// the namePrefix input plus a random-looking suffix, or the logical name plus
// Pulumi's autonaming suffix.
func namePrefixed(name string, in resource.PropertyMap) string {
	if v, ok := in["name"]; ok && v.IsString() {
		return v.StringValue()
	}
	if v, ok := in["namePrefix"]; ok && v.IsString() {
		return v.StringValue() + hash7(name)
	}
	return name + "-" + hash7(name)
}

func hash7(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])[:7]
}

// fakeOutputs returns the id and the provider-computed outputs AWS would
// report for a created resource: an ARN and a name of the resource's own
// shape, and what each type's answer adds.
func fakeOutputs(typ, name string, in resource.PropertyMap) (string, map[string]any) {
	nm := name + "-" + hash7(name)
	if v, ok := in["name"]; ok && v.IsString() {
		nm = v.StringValue()
	}
	_, kind, _ := strings.Cut(strings.TrimPrefix(typ, "aws:"), "/")
	kind, _, _ = strings.Cut(kind, ":")
	svc, _, _ := strings.Cut(strings.TrimPrefix(typ, "aws:"), "/")
	out := map[string]any{"arn": fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", svc, Region, Account, strings.ToLower(kind), nm)}
	for _, answer := range []func(typ, name, nm string, in resource.PropertyMap, out map[string]any) (string, bool){
		answerNetwork, answerIdentity, answerLoadbalancing, answerContainers, answerDelivery, answerSecurity, answerDomain,
	} {
		if id, ok := answer(typ, name, nm, in, out); ok {
			return id, out
		}
	}
	return nm, out
}

// shortID is an EC2-style id ("vpc-0…") of a resource.
func shortID(prefix, typ, name string) string { return prefix + "-0" + hash7(typ+name) + "0000000000" }

// answerNetwork answers for the VPC and its network: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerNetwork(typ, name, _ string, _ resource.PropertyMap, out map[string]any) (id string, ok bool) {
	short := func(prefix string) string { return shortID(prefix, typ, name) }
	switch typ {
	case "aws:ec2/vpc:Vpc":
		id = short("vpc")
		out["defaultSecurityGroupId"] = short("sg")
		out["mainRouteTableId"] = short("rtb")
	case "aws:ec2/subnet:Subnet":
		id = short("subnet")
	case "aws:ec2/internetGateway:InternetGateway":
		id = short("igw")
	case "aws:ec2/eip:Eip":
		id = short("eipalloc")
		out["allocationId"] = id
		out["publicIp"] = "198.51.100." + fmt.Sprint(len(name))
	case "aws:ec2/natGateway:NatGateway":
		id = short("nat")
	case "aws:ec2/networkInterface:NetworkInterface":
		id = short("eni")
		out["privateIp"] = "10.0.128.10"
		out["macAddress"] = "02:00:00:00:00:01"
	case "aws:ec2/routeTable:RouteTable":
		id = short("rtb")
	case "aws:ec2/route:Route":
		id = short("r")
	case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		id = short("sg")
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		id = short("vpce")
	case "aws:ec2/flowLog:FlowLog":
		id = short("fl")
	case "aws:ec2/managedPrefixList:ManagedPrefixList":
		id = short("pl")
		out["arn"] = fmt.Sprintf("arn:aws:ec2:%s:%s:prefix-list/%s", Region, Account, id)
	default:
		return "", false
	}
	return id, true
}

// answerIdentity answers for IAM and log groups: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerIdentity(typ, name, nm string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	id = nm
	switch typ {
	case "aws:cloudwatch/logGroup:LogGroup":
		nm = namePrefixed(name, in)
		out["arn"] = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", Region, Account, nm)
		out["name"] = nm
	case "aws:iam/role:Role":
		out["arn"] = fmt.Sprintf("arn:aws:iam::%s:role/%s", Account, nm)
		out["name"] = nm
	case "aws:iam/instanceProfile:InstanceProfile":
		out["arn"] = fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s", Account, nm)
		out["name"] = nm
	case "aws:iam/policy:Policy":
		out["arn"] = fmt.Sprintf("arn:aws:iam::%s:policy/%s", Account, nm)
		id = out["arn"].(string)
	default:
		return "", false
	}
	return id, true
}

// answerLoadbalancing answers for load balancers, target groups and listeners: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerLoadbalancing(typ, name, _ string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	var nm string
	switch typ {
	case "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer":
		nm = namePrefixed(name, in)
		out["arn"] = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/%s", Region, Account, nm, hash7(nm))
		out["arnSuffix"] = fmt.Sprintf("app/%s/%s", nm, hash7(nm))
		out["dnsName"] = fmt.Sprintf("%s-1234567890.%s.elb.amazonaws.com", nm, Region)
		out["zoneId"] = "Z35SXDOTRQ7X7K"
		out["name"] = nm
		id = out["arn"].(string)
	case "aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup":
		nm = namePrefixed(name, in)
		out["arn"] = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%s", Region, Account, nm, hash7(nm))
		out["arnSuffix"] = fmt.Sprintf("targetgroup/%s/%s", nm, hash7(nm))
		out["name"] = nm
		id = out["arn"].(string)
	case "aws:lb/listener:Listener", "aws:alb/listener:Listener", "aws:lb/listenerRule:ListenerRule":
		out["arn"] = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener/app/lb/%s/%s", Region, Account, hash7(name), hash7(name+"l"))
		id = out["arn"].(string)
	default:
		return "", false
	}
	return id, true
}

// answerContainers answers for ECS, launch templates and Auto Scaling: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerContainers(typ, name, nm string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	short := func(prefix string) string { return shortID(prefix, typ, name) }
	id = nm
	switch typ {
	case "aws:ecs/cluster:Cluster", "aws:ecs/capacityProvider:CapacityProvider":
		out["name"] = nm
		id = out["arn"].(string)
	case "aws:ecs/service:Service":
		out["name"] = nm
		id = fmt.Sprintf("arn:aws:ecs:%s:%s:service/cluster/%s", Region, Account, nm)
	case "aws:ecs/taskDefinition:TaskDefinition":
		fam := name
		if v, ok := in["family"]; ok && v.IsString() {
			fam = v.StringValue()
		}
		id = fam
		out["arn"] = fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:1", Region, Account, fam)
		out["arnWithoutRevision"] = fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s", Region, Account, fam)
		out["revision"] = 1
	case "aws:ec2/launchTemplate:LaunchTemplate":
		id = short("lt")
		out["latestVersion"] = 1
		out["defaultVersion"] = 1
	case "aws:autoscaling/group:Group":
		out["name"] = nm
		out["arn"] = fmt.Sprintf("arn:aws:autoscaling:%s:%s:autoScalingGroup:%s:autoScalingGroupName/%s", Region, Account, hash7(nm), nm)
	default:
		return "", false
	}
	return id, true
}

// answerDelivery answers for CodeDeploy, alarms, buckets and images: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerDelivery(typ, name, nm string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	id = nm
	switch typ {
	case "aws:codedeploy/application:Application":
		out["name"] = nm
		out["applicationId"] = hash7(nm)
	case "aws:codedeploy/deploymentGroup:DeploymentGroup":
		dg := name + "-" + hash7(name)
		if v, ok := in["deploymentGroupName"]; ok && v.IsString() {
			dg = v.StringValue()
		}
		out["deploymentGroupName"] = dg
		out["deploymentGroupId"] = hash7(dg)
		id = hash7(dg)
	case "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket":
		b := name + "-" + hash7(name)
		if v, ok := in["bucket"]; ok && v.IsString() {
			b = v.StringValue()
		} else if v, ok := in["bucketPrefix"]; ok && v.IsString() {
			b = v.StringValue() + hash7(name)
		}
		out["bucket"] = b
		out["arn"] = "arn:aws:s3:::" + b
		id = b
	case "aws:ecr/repository:Repository":
		out["name"] = nm
		out["registryId"] = Account
		out["repositoryUrl"] = fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", Account, Region, nm)
		out["arn"] = fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s", Region, Account, nm)
	case "awsx:ecr:Image":
		repo := ""
		if v, ok := in["repositoryUrl"]; ok && v.IsString() {
			repo = v.StringValue()
		}
		sum := sha1.Sum([]byte(name))
		out["imageUri"] = repo + "@sha256:" + strings.Repeat(hex.EncodeToString(sum[:])[:32], 2)
	case "aws:lambda/function:Function":
		out["arn"] = fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", Region, Account, nm)
		out["name"] = nm
		id = nm
	case "aws:codedeploy/deploymentConfig:DeploymentConfig":
		out["deploymentConfigName"] = nm
		out["deploymentConfigId"] = hash7(nm)
		id = nm
	case "aws:cloudwatch/metricAlarm:MetricAlarm":
		out["name"] = nm
		out["arn"] = fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", Region, Account, nm)
	default:
		return "", false
	}
	return id, true
}

// answerSecurity answers for keys, topics, WAF and the CI roles' OIDC provider: the id, or ok false for a
// type it does not know. out holds the ARN and name fakeOutputs guessed.
func answerSecurity(typ, name, nm string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	switch typ {
	case "aws:kms/key:Key":
		id = "0" + hash7(name) + "-" + hash7(name + "k")[:4] + "-4000-8000-" + hash7(name+"key") + "00000"
		out["keyId"] = id
		out["arn"] = fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", Region, Account, id)
	case "aws:kms/alias:Alias":
		a := namePrefixed(name, in)
		out["name"] = a
		out["arn"] = fmt.Sprintf("arn:aws:kms:%s:%s:%s", Region, Account, a)
		id = a
	case "aws:sns/topic:Topic":
		out["name"] = nm
		out["arn"] = fmt.Sprintf("arn:aws:sns:%s:%s:%s", Region, Account, nm)
		id = out["arn"].(string)
	case "aws:sns/topicSubscription:TopicSubscription":
		topic := ""
		if v, ok := in["topic"]; ok && v.IsString() {
			topic = v.StringValue()
		}
		out["arn"] = topic + ":" + hash7(name) + "-0000-0000-0000-000000000000"
		id = out["arn"].(string)
	case "aws:wafv2/webAcl:WebAcl":
		acl := namePrefixed(name, in)
		id = hash7(acl) + "-0000-0000-0000-000000000000"
		out["name"] = acl
		out["arn"] = fmt.Sprintf("arn:aws:wafv2:%s:%s:regional/webacl/%s/%s", Region, Account, acl, id)
		out["capacity"] = 1000
	case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
		host := "token.actions.githubusercontent.com"
		if v, ok := in["url"]; ok && v.IsString() {
			host = strings.TrimPrefix(v.StringValue(), "https://")
		}
		out["arn"] = fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", Account, host)
		id = out["arn"].(string)
	default:
		return "", false
	}
	return id, true
}

// HostedZone is one Route 53 hosted zone of the mocks' account.
type HostedZone struct {
	ID, Name string
	Private  bool
}

// DefaultHostedZones are the zones the offline engine knows too: example.com
// and example.org, public, and internal.example.com, private.
var DefaultHostedZones = []HostedZone{
	{ID: zoneID("example.com"), Name: "example.com"},
	{ID: zoneID("example.org"), Name: "example.org"},
	{ID: zoneID("internal.example.com"), Name: "internal.example.com", Private: true},
}

// zoneID is the id the offline engine gives the zone named name.
func zoneID(name string) string { return "Z0" + strings.ToUpper(hash7(name)) + "EXAMPLE" }

// getZone answers aws:route53/getZone as the provider does: the one zone
// of the id, or of the name (public unless privateZone says otherwise), and
// the provider's errors for none or several.
func (m *Mocks) getZone(args resource.PropertyMap) (resource.PropertyMap, error) {
	zones := m.HostedZones
	if zones == nil {
		zones = DefaultHostedZones
	}
	str := func(k string) string {
		if v := args[resource.PropertyKey(k)]; v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	private := false
	if v := args["privateZone"]; v.IsBool() {
		private = v.BoolValue()
	}
	var found []HostedZone
	for _, z := range zones {
		if id := str("zoneId"); id != "" && z.ID == id || id == "" && z.Name == strings.TrimSuffix(str("name"), ".") && z.Private == private {
			found = append(found, z)
		}
	}
	switch len(found) {
	case 0:
		return nil, errors.New("no matching Route 53 Hosted Zone found")
	case 1:
		z := found[0]
		return resource.NewPropertyMapFromMap(map[string]any{"id": z.ID, "zoneId": z.ID, "name": z.Name, "privateZone": z.Private,
			"arn": "arn:aws:route53:::hostedzone/" + z.ID, "nameServers": []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}}), nil
	}
	return nil, errors.New("multiple Route 53 Hosted Zones matched; use additional constraints to reduce matches to a single Route 53 Hosted Zone")
}

// answerDomain answers for ACM certificates and Route 53 records as the
// offline engine does: a certificate's DNS validation records, one CNAME a
// name; the id, or ok false for a type it does not know.
func answerDomain(typ, name, _ string, in resource.PropertyMap, out map[string]any) (id string, ok bool) {
	str := func(k string) string {
		if v := in[resource.PropertyKey(k)]; v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	switch typ {
	case "aws:acm/certificate:Certificate":
		id = fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s-1111-2222-3333-%s00000", Region, Account, hash7(name)+"0", hash7(name+"c"))
		out["arn"] = id
		names := []string{str("domainName")}
		if v := in["subjectAlternativeNames"]; v.IsArray() {
			for _, n := range v.ArrayValue() {
				if n.IsString() && n.StringValue() != names[0] {
					names = append(names, n.StringValue())
				}
			}
		}
		var options []any
		for _, n := range names {
			options = append(options, map[string]any{"domainName": n, "resourceRecordName": "_" + hash7(n) + "a1b2c3d4e5." + n + ".",
				"resourceRecordType": "CNAME", "resourceRecordValue": "_" + hash7(n+"v") + "f6e5d4c3b2.xlfgrmvvlj.acm-validations.aws."})
		}
		out["domainValidationOptions"] = options
		out["status"] = "PENDING_VALIDATION"
	case "aws:acm/certificateValidation:CertificateValidation":
		id = str("certificateArn")
		delete(out, "arn")
	case "aws:route53/record:Record":
		id = str("zoneId") + "_" + str("name") + "_" + str("type")
		out["fqdn"] = strings.TrimSuffix(str("name"), ".")
		delete(out, "arn")
	default:
		return "", false
	}
	return id, true
}
