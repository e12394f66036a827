package network_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	typVPC     = "aws:ec2/vpc:Vpc"
	typSubnet  = "aws:ec2/subnet:Subnet"
	typRoute   = "aws:ec2/route:Route"
	typRT      = "aws:ec2/routeTable:RouteTable"
	typRTA     = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typNAT     = "aws:ec2/natGateway:NatGateway"
	typEIP     = "aws:ec2/eip:Eip"
	typIGW     = "aws:ec2/internetGateway:InternetGateway"
	typDefSG   = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typVPCE    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typFlowLog = "aws:ec2/flowLog:FlowLog"
	typLogs    = "aws:cloudwatch/logGroup:LogGroup"
	typRole    = "aws:iam/role:Role"
	typPolicy  = "aws:iam/rolePolicy:RolePolicy"
	typAttach  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typProfile = "aws:iam/instanceProfile:InstanceProfile"
	typSG      = "aws:ec2/securityGroup:SecurityGroup"
	typIn      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typOut     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typENI     = "aws:ec2/networkInterface:NetworkInterface"
	typLT      = "aws:ec2/launchTemplate:LaunchTemplate"
	typASG     = "aws:autoscaling/group:Group"
)

var threeZones = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

type result struct {
	mocks *awsmock.Mocks
	vpc   *network.VPC
	out   map[string]*awsmock.Value
}

func runVPC(t *testing.T, args *network.VPCArgs, dryRun bool) (result, error) {
	t.Helper()
	r := result{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := awsmock.Run(r.mocks, nil, func(ctx *pulumi.Context) error {
		vpc, err := network.NewVPC(ctx, "net", args)
		if err != nil {
			return err
		}
		r.vpc = vpc
		for k, o := range map[string]pulumi.Output{
			"vpcId": vpc.VPCID, "cidr": vpc.CIDR, "zones": vpc.AvailabilityZones,
			"public": vpc.PublicSubnetIDs, "private": vpc.PrivateSubnetIDs,
			"privateRTs": vpc.PrivateRouteTableIDs, "natIPs": vpc.NATPublicIPs,
		} {
			r.out[k] = awsmock.Watch(ctx, o)
		}
		return nil
	})
	return r, err
}

func mustRunVPC(t *testing.T, args *network.VPCArgs) result {
	t.Helper()
	r, err := runVPC(t, args, false)
	if err != nil {
		t.Fatalf("NewVPC(%+v): %v", args, err)
	}
	return r
}

func TestNewVPCCountsPerStrategy(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *network.VPCArgs
		want map[string]int
	}{
		"single NAT, two zones": {
			args: &network.VPCArgs{AvailabilityZones: threeZones[:2], NATGateways: network.NATSingle},
			want: map[string]int{typVPC: 1, typDefSG: 1, typIGW: 1, typSubnet: 4, typRT: 3, typRoute: 3, typRTA: 4, typEIP: 1, typNAT: 1, typVPCE: 1},
		},
		"NAT per zone, three zones": {
			args: &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATOnePerAZ},
			want: map[string]int{typVPC: 1, typDefSG: 1, typIGW: 1, typSubnet: 6, typRT: 4, typRoute: 4, typRTA: 6, typEIP: 3, typNAT: 3, typVPCE: 1},
		},
		"defaults are one NAT per zone": {
			args: &network.VPCArgs{AvailabilityZones: threeZones[:2]},
			want: map[string]int{typVPC: 1, typDefSG: 1, typIGW: 1, typSubnet: 4, typRT: 3, typRoute: 3, typRTA: 4, typEIP: 2, typNAT: 2, typVPCE: 1},
		},
		"NAT instance, three zones": {
			args: &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance},
			want: map[string]int{typVPC: 1, typDefSG: 1, typIGW: 1, typSubnet: 6, typRT: 4, typRoute: 4, typRTA: 6, typEIP: 1, typVPCE: 1,
				typSG: 1, typIn: 1, typOut: 1, typRole: 1, typPolicy: 1, typProfile: 1, typENI: 1, typLT: 1, typASG: 1},
		},
		"flow logs": {
			args: &network.VPCArgs{AvailabilityZones: threeZones[:2], NATGateways: network.NATSingle, FlowLogs: true},
			want: map[string]int{typVPC: 1, typDefSG: 1, typIGW: 1, typSubnet: 4, typRT: 3, typRoute: 3, typRTA: 4, typEIP: 1, typNAT: 1, typVPCE: 1,
				typFlowLog: 1, typLogs: 1, typRole: 1, typPolicy: 1},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunVPC(t, tc.args)
			got := r.mocks.CountByType()
			delete(got, network.VPCType)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewVPCSubnetsSpreadAcrossZones(t *testing.T) {
	t.Parallel()
	r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones, CIDR: "10.20.0.0/16"})
	want := map[string][2]string{
		"net-private-0": {"us-east-1a", "10.20.0.0/20"},
		"net-private-1": {"us-east-1b", "10.20.16.0/20"},
		"net-private-2": {"us-east-1c", "10.20.32.0/20"},
		"net-public-0":  {"us-east-1a", "10.20.128.0/20"},
		"net-public-1":  {"us-east-1b", "10.20.144.0/20"},
		"net-public-2":  {"us-east-1c", "10.20.160.0/20"},
	}
	got := map[string][2]string{}
	for _, s := range r.mocks.OfType(typSubnet) {
		got[s.Name] = [2]string{s.String("availabilityZone"), s.String("cidrBlock")}
		if v := s.Inputs["mapPublicIpOnLaunch"]; !v.IsBool() || v.BoolValue() {
			t.Errorf("subnet %s: mapPublicIpOnLaunch = %v, want false", s.Name, v)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("subnets (-want +got):\n%s", diff)
	}
	if got := r.out["zones"].Strings(); !slices.Equal(got, threeZones) {
		t.Errorf("AvailabilityZones = %v, want %v", got, threeZones)
	}
	if got := r.out["public"].Strings(); len(got) != 3 || !strings.HasPrefix(got[0], "subnet-") {
		t.Errorf("PublicSubnetIDs = %v, want 3 subnet ids", got)
	}
	if got := r.out["cidr"].String(); got != "10.20.0.0/16" {
		t.Errorf("CIDR = %q, want 10.20.0.0/16", got)
	}
	vpc, _ := r.mocks.Named(typVPC, "net")
	for _, k := range []string{"enableDnsSupport", "enableDnsHostnames"} {
		if v := vpc.Inputs[resource.PropertyKey(k)]; !v.IsBool() || !v.BoolValue() {
			t.Errorf("VPC %s = %v, want true", k, v)
		}
	}
}

// idsByURN maps each registered resource's URN to its name.
func idsByURN(r result) map[string]string {
	ids := map[string]string{}
	for _, res := range r.mocks.Resources() {
		ids[res.URN] = res.Name
	}
	return ids
}

func TestNewVPCRoutes(t *testing.T) {
	t.Parallel()
	for _, strategy := range network.NATStrategies {
		t.Run(string(strategy), func(t *testing.T) {
			t.Parallel()
			r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: strategy})
			names := idsByURN(r)
			// Which resource does each route depend on? Routes name their
			// target by id, so the dependency shows the target's name.
			target := func(route awsmock.Resource, typ string) string {
				for _, d := range route.Dependencies {
					if strings.Contains(d, "::"+typ) || strings.Contains(d, "$"+typ) {
						return names[d]
					}
				}
				return ""
			}
			pub, ok := r.mocks.Named(typRoute, "net-public-internet")
			if !ok {
				t.Fatal("no public default route")
			}
			if got := target(pub, typIGW); got != "net-igw" || pub.String("destinationCidrBlock") != "0.0.0.0/0" {
				t.Errorf("public route targets %q for %q, want net-igw for 0.0.0.0/0", got, pub.String("destinationCidrBlock"))
			}
			if target(pub, typNAT) != "" {
				t.Errorf("public route depends on a NAT gateway: %v", pub.Dependencies)
			}
			for i := range threeZones {
				route, ok := r.mocks.Named(typRoute, fmt.Sprintf("net-private-%d-nat", i))
				if !ok {
					t.Fatalf("no default route for private subnet %d", i)
				}
				want, typ := "net-nat-0", typNAT
				switch strategy {
				case network.NATOnePerAZ:
					want = fmt.Sprintf("net-nat-%d", i)
				case network.NATInstance:
					// Every zone's route goes to the NAT instance's fixed
					// interface, once its group has an instance.
					want, typ = "net-nat", typENI
					if target(route, typASG) != "net-nat" || route.Get("networkInterfaceId").IsNull() || !route.Get("natGatewayId").IsNull() {
						t.Errorf("private route %d: networkInterfaceId %v, natGatewayId %v, dependencies %v; want the interface, after the group",
							i, route.Get("networkInterfaceId"), route.Get("natGatewayId"), route.Dependencies)
					}
				case network.NATSingle:
				}
				if got := target(route, typ); got != want || route.String("destinationCidrBlock") != "0.0.0.0/0" {
					t.Errorf("private route %d targets %q for %q, want %s for 0.0.0.0/0", i, got, route.String("destinationCidrBlock"), want)
				}
				if target(route, typIGW) != "" {
					t.Errorf("private route %d depends on the internet gateway: %v", i, route.Dependencies)
				}
				if got := target(route, typRT); got != fmt.Sprintf("net-private-%d", i) {
					t.Errorf("private route %d is in route table %q", i, got)
				}
			}
			// Every subnet is associated with its tier's table.
			for _, a := range r.mocks.OfType(typRTA) {
				wantRT := "net-public"
				if strings.Contains(a.Name, "private") {
					wantRT = a.Name
				}
				if got := target(a, typRT); got != wantRT {
					t.Errorf("association %s uses route table %q, want %q", a.Name, got, wantRT)
				}
			}
			// NAT gateways sit in public subnets, zone by zone, after the IGW.
			for _, nat := range r.mocks.OfType(typNAT) {
				var i int
				if _, err := fmt.Sscanf(nat.Name, "net-nat-%d", &i); err != nil {
					t.Fatalf("NAT gateway name %q: %v", nat.Name, err)
				}
				if got := target(nat, typSubnet); got != fmt.Sprintf("net-public-%d", i) {
					t.Errorf("NAT %s is in subnet %q, want net-public-%d", nat.Name, got, i)
				}
				if target(nat, typIGW) != "net-igw" {
					t.Errorf("NAT %s does not wait for the internet gateway: %v", nat.Name, nat.Dependencies)
				}
			}
		})
	}
}

func TestNewVPCSecureDefaults(t *testing.T) {
	t.Parallel()
	r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones[:2]})
	sg, ok := r.mocks.Named(typDefSG, "net-default")
	if !ok {
		t.Fatal("the default security group is not taken over")
	}
	for _, k := range []string{"ingress", "egress"} {
		if v, has := sg.Inputs[resource.PropertyKey(k)]; has && (!v.IsArray() || len(v.ArrayValue()) != 0) {
			t.Errorf("default security group has %s rules: %v", k, v)
		}
	}
	ep, _ := r.mocks.Named(typVPCE, "net-s3")
	if got := ep.String("serviceName"); got != "com.amazonaws.us-east-1.s3" || ep.String("vpcEndpointType") != "Gateway" {
		t.Errorf("S3 endpoint = %q (%s), want com.amazonaws.us-east-1.s3 (Gateway)", got, ep.String("vpcEndpointType"))
	}
	if got := len(ep.Inputs["routeTableIds"].ArrayValue()); got != 2 {
		t.Errorf("S3 endpoint is on %d route tables, want the 2 private ones", got)
	}
	if got := r.out["natIPs"].Strings(); len(got) != 2 {
		t.Errorf("NATPublicIPs = %v, want 2 addresses", got)
	}
}

func TestNewVPCFlowLogs(t *testing.T) {
	t.Parallel()
	r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones[:2], FlowLogs: true, FlowLogRetentionDays: 30})
	fl, _ := r.mocks.Named(typFlowLog, "net-flow-logs")
	if fl.String("trafficType") != "ALL" || fl.String("logDestinationType") != "cloud-watch-logs" {
		t.Errorf("flow log = %v", fl.Inputs)
	}
	if !strings.Contains(strings.Join(fl.Dependencies, " "), "net-flow-logs") {
		t.Errorf("flow log does not wait for its role policy: %v", fl.Dependencies)
	}
	lg, _ := r.mocks.Named(typLogs, "net-flow-logs")
	if v := lg.Inputs["retentionInDays"]; !v.IsNumber() || v.NumberValue() != 30 {
		t.Errorf("log group retention = %v, want 30", v)
	}
	role, _ := r.mocks.Named(typRole, "net-flow-logs")
	trust := role.String("assumeRolePolicy")
	for _, want := range []string{`"vpc-flow-logs.amazonaws.com"`, `"aws:SourceAccount":["` + awsmock.Account + `"]`, "arn:aws:ec2:us-east-1:" + awsmock.Account + ":vpc-flow-log/*"} {
		if !strings.Contains(trust, want) {
			t.Errorf("trust policy %s lacks %s", trust, want)
		}
	}
	pol, _ := r.mocks.Named(typPolicy, "net-flow-logs")
	doc := pol.String("policy")
	if strings.Contains(doc, `"*"`) || !strings.Contains(doc, "log-group:") {
		t.Errorf("delivery policy is not scoped to the log group: %s", doc)
	}
	if v, has := role.Inputs["permissionsBoundary"]; has && !v.IsNull() {
		t.Errorf("role has a permissions boundary %v, want none", v)
	}
	if v, has := lg.Inputs["kmsKeyId"]; has && !v.IsNull() {
		t.Errorf("log group has a KMS key %v, want none", v)
	}
}

// TestNewVPCFlowLogsKeyAndBoundary: the flow logs' group takes the KMS key,
// every role of the component (the flow logs', the NAT instance's) the
// permissions boundary.
func TestNewVPCFlowLogsKeyAndBoundary(t *testing.T) {
	t.Parallel()
	const key, boundary = "arn:aws:kms:us-east-1:123456789012:key/0e1f", "arn:aws:iam::123456789012:policy/Boundary"
	r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones[:2], NATGateways: network.NATInstance, FlowLogs: true,
		FlowLogKMSKeyARN: pulumi.String(key), PermissionsBoundaryARN: boundary})
	lg, _ := r.mocks.Named(typLogs, "net-flow-logs")
	if lg.String("kmsKeyId") != key {
		t.Errorf("log group kmsKeyId %q, want %s", lg.String("kmsKeyId"), key)
	}
	roles := r.mocks.OfType(typRole)
	if len(roles) != 2 {
		t.Errorf("%d roles, want the flow logs' and the NAT instance's", len(roles))
	}
	for _, role := range roles {
		if role.String("permissionsBoundary") != boundary {
			t.Errorf("role %s boundary %q, want %s", role.Name, role.String("permissionsBoundary"), boundary)
		}
	}
}

func TestNewVPCParentsAndTags(t *testing.T) {
	t.Parallel()
	for _, nat := range network.NATStrategies {
		testParentsAndTags(t, nat)
	}
}

func testParentsAndTags(t *testing.T, nat network.NATStrategy) {
	t.Helper()
	r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones[:2], NATGateways: nat, FlowLogs: true, Tags: map[string]string{"team": "web", "env": "test"}})
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == network.VPCType {
			comp = res.URN
		}
	}
	for _, res := range r.mocks.Resources() {
		if res.Type == network.VPCType {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		if res.Type == typRTA || res.Type == typRoute || res.Type == typPolicy || res.Type == typAttach {
			continue // not taggable
		}
		if res.Type == typDefSG {
			if res.Inputs.HasValue("tags") {
				t.Errorf("%s %s is tagged %v: it stays untagged (a pipeline role must not adopt groups by tag)", res.Type, res.Name, res.Inputs["tags"])
			}
			continue
		}
		if res.Type == typASG { // a list of tags, each propagated to the instance
			got := map[string]string{}
			for _, tag := range res.Get("tags").ArrayValue() {
				o := tag.ObjectValue()
				if !o["propagateAtLaunch"].BoolValue() {
					t.Errorf("%s %s: tag %v is not propagated to the instance", res.Type, res.Name, o)
				}
				got[o["key"].StringValue()] = o["value"].StringValue()
			}
			if want := map[string]string{"team": "web", "env": "test", "Name": res.Name}; !cmp.Equal(got, want) {
				t.Errorf("%s %s tags = %v, want %v", res.Type, res.Name, got, want)
			}
			continue
		}
		tags := res.Inputs["tags"]
		if !tags.IsObject() {
			t.Errorf("%s %s has no tags", res.Type, res.Name)
			continue
		}
		m := tags.ObjectValue()
		if m["team"].StringValue() != "web" || m["env"].StringValue() != "test" || m["Name"].StringValue() != res.Name {
			t.Errorf("%s %s tags = %v, want team, env and Name=%s", res.Type, res.Name, m, res.Name)
		}
	}
}

// TestNewVPCGrowingZonesKeepsSubnets registers the VPC with 2 and then 3
// zones: every subnet, route table, route and NAT resource of the first run
// stands unchanged in the second, so `pulumi up` only adds.
func TestNewVPCGrowingZonesKeepsSubnets(t *testing.T) {
	t.Parallel()
	for _, strategy := range network.NATStrategies {
		small := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones[:2], NATGateways: strategy})
		big := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: strategy})
		bigByKey := map[string]awsmock.Resource{}
		for _, res := range big.mocks.Resources() {
			bigByKey[res.Type+"/"+res.Name] = res
		}
		for _, res := range small.mocks.Resources() {
			// The subnets, their routing, and every NAT resource: the NAT
			// instance too stays as it is when zones are added.
			if !slices.Contains([]string{typSubnet, typRT, typRoute, typNAT, typEIP, typSG, typIn, typOut, typRole, typPolicy, typProfile, typENI, typLT, typASG}, res.Type) {
				continue
			}
			after, ok := bigByKey[res.Type+"/"+res.Name]
			if !ok {
				t.Errorf("%s: growing to 3 zones removes %s %s", strategy, res.Type, res.Name)
				continue
			}
			if diff := cmp.Diff(res.Inputs.Mappable(), after.Inputs.Mappable()); diff != "" {
				t.Errorf("%s: growing to 3 zones changes %s %s (-before +after):\n%s", strategy, res.Type, res.Name, diff)
			}
		}
		if got, want := len(big.mocks.OfType(typSubnet))-len(small.mocks.OfType(typSubnet)), 2; got != want {
			t.Errorf("%s: growing to 3 zones adds %d subnets, want %d", strategy, got, want)
		}
	}
}

func TestNewVPCRejectsBadArgs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *network.VPCArgs
		want []string
	}{
		"nil args have no zones": {args: nil, want: []string{"len(AvailabilityZones) 0 is out of range: use 2 to 8 zones (a load balancer needs two; the subnet plan has room for 8)"}},
		"one zone":               {args: &network.VPCArgs{AvailabilityZones: threeZones[:1]}, want: []string{"len(AvailabilityZones) 1 is out of range: use 2 to 8 zones"}},
		"bad strategy": {args: &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: "many"},
			want: []string{`NATGateways "many" is not a NAT strategy: use "single" (one NAT gateway, cheaper), "perAz" (one per zone, survives a zone outage) or "instance" (one NAT instance, cheapest)`}},
		"bad cidr":       {args: &network.VPCArgs{AvailabilityZones: threeZones, CIDR: "10.0.0.0/8"}, want: []string{`CIDR "10.0.0.0/8" has prefix length /8: the VPC must be /16 to /23`}},
		"reserved cidr":  {args: &network.VPCArgs{AvailabilityZones: threeZones, CIDR: "169.254.0.0/16"}, want: []string{`CIDR "169.254.0.0/16" overlaps 169.254.0.0/16 (link-local`}},
		"bad retention":  {args: &network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true, FlowLogRetentionDays: 10}, want: []string{"FlowLogRetentionDays 10 is not a CloudWatch Logs retention period: use one of [1 3 5 7 14"}},
		"duplicate zone": {args: &network.VPCArgs{AvailabilityZones: []string{"us-east-1a", "us-east-1a"}}, want: []string{`AvailabilityZones [us-east-1a us-east-1a] is not a list of zones: availability zone "us-east-1a" is listed twice`}},
		"every problem at once": {
			args: &network.VPCArgs{AvailabilityZones: threeZones[:1], NATGateways: "x", CIDR: "nope"},
			want: []string{"len(AvailabilityZones) 1", `NATGateways "x"`, `CIDR "nope" is not a CIDR block`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := runVPC(t, tc.args, false)
			if err == nil {
				t.Fatalf("NewVPC(%+v) succeeded, want an error", tc.args)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NewVPC error %q lacks %q", err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewVPC registered %d resources before failing, want 0", n)
			}
		})
	}
}

func TestNewVPCDryRun(t *testing.T) {
	t.Parallel()
	r, err := runVPC(t, &network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, known := r.out["vpcId"].Get(); known {
		t.Error("VPCID is known in a preview")
	}
	if got := r.out["zones"].Strings(); !slices.Equal(got, threeZones) {
		t.Errorf("AvailabilityZones in a preview = %v, want %v", got, threeZones)
	}
	if n := len(r.mocks.OfType(typSubnet)); n != 6 {
		t.Errorf("preview registers %d subnets, want 6", n)
	}
}

func TestLookupAvailabilityZones(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		region []string
		count  int
		want   []string
		err    string
	}{
		"first two, sorted": {region: []string{"r-c", "r-a", "r-b"}, count: 2, want: []string{"r-a", "r-b"}},
		"all":               {region: []string{"r-a", "r-b"}, count: 2, want: []string{"r-a", "r-b"}},
		"too few":           {region: []string{"r-a", "r-b"}, count: 3, err: "want 3 availability zones, the region reports 2 available: [r-a r-b]"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := &awsmock.Mocks{Zones: tc.region}
			var got []string
			err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
				var err error
				got, err = network.LookupAvailabilityZones(ctx, tc.count)
				return err
			})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("LookupAvailabilityZones(%d) = %v, want error %q", tc.count, err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("LookupAvailabilityZones(%d) = %v, %v; want %v", tc.count, got, err, tc.want)
			}
		})
	}
}

func ExampleNewVPC() {
	program := func(ctx *pulumi.Context) error {
		zones, err := network.LookupAvailabilityZones(ctx, 2)
		if err != nil {
			return err
		}
		vpc, err := network.NewVPC(ctx, "web", &network.VPCArgs{
			AvailabilityZones: zones,
			CIDR:              "10.1.0.0/16",
			NATGateways:       network.NATSingle,
			Tags:              map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		ctx.Export("vpcId", vpc.VPCID)
		ctx.Export("privateSubnetIds", vpc.PrivateSubnetIDs)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}

// ExampleNewVPC_natInstance puts one NAT instance in front of every zone's
// private subnet: the cheapest outbound path, for a development stack.
func ExampleNewVPC_natInstance() {
	program := func(ctx *pulumi.Context) error {
		vpc, err := network.NewVPC(ctx, "dev", &network.VPCArgs{
			AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
			NATGateways:       network.NATInstance,
			NATInstanceType:   "t4g.micro",
			// Clients in the VPC reach an internet-facing load balancer's
			// listeners through the NAT: forward their ports besides 443.
			NATInstancePorts: []int{80, 8080},
		})
		if err != nil {
			return err
		}
		ctx.Export("natPublicIps", vpc.NATPublicIPs)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
