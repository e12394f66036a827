package network_test

// The component's public API beyond its Go signature: its type token and its
// children's logical names are part of every resource's URN, so changing one
// replaces cloud resources unless an alias says otherwise. These tests pin
// them, and check that two instances coexist in one stack.

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiVPCArgs exercises every optional child: flow logs, and a NAT gateway
// per zone.
func apiVPCArgs() *network.VPCArgs {
	return &network.VPCArgs{
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		NATGateways:       network.NATOnePerAZ,
		FlowLogs:          true,
	}
}

// apiRun registers one VPC per name in one stack.
func apiRun(t *testing.T, names ...string) *awsmock.Mocks {
	t.Helper()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			if _, err := network.NewVPC(ctx, n, apiVPCArgs()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("NewVPC(%v): %v", names, err)
	}
	return m
}

func TestVPCTypeToken(t *testing.T) {
	t.Parallel()
	if network.VPCType != "ecs-bluegreen:network:VPC" {
		t.Errorf("VPCType = %q: changing the type token replaces every deployed VPC; add an alias instead", network.VPCType)
	}
	m := apiRun(t, "net")
	if got := m.OfType("ecs-bluegreen:network:VPC"); len(got) != 1 || got[0].Name != "net" || got[0].Custom {
		t.Errorf("component resources of type ecs-bluegreen:network:VPC = %+v, want the one named net", got)
	}
}

// TestVPCChildNamesAreStable pins the children's types and logical names
// for a fixed input. A change here replaces those resources in every
// deployed stack: keep the names, or add aliases and update this list.
func TestVPCChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "net")
	want := []string{
		"aws:cloudwatch/logGroup:LogGroup net-flow-logs",
		"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup net-default",
		"aws:ec2/eip:Eip net-nat-0",
		"aws:ec2/eip:Eip net-nat-1",
		"aws:ec2/flowLog:FlowLog net-flow-logs",
		"aws:ec2/internetGateway:InternetGateway net-igw",
		"aws:ec2/natGateway:NatGateway net-nat-0",
		"aws:ec2/natGateway:NatGateway net-nat-1",
		"aws:ec2/route:Route net-private-0-nat",
		"aws:ec2/route:Route net-private-1-nat",
		"aws:ec2/route:Route net-public-internet",
		"aws:ec2/routeTable:RouteTable net-private-0",
		"aws:ec2/routeTable:RouteTable net-private-1",
		"aws:ec2/routeTable:RouteTable net-public",
		"aws:ec2/routeTableAssociation:RouteTableAssociation net-private-0",
		"aws:ec2/routeTableAssociation:RouteTableAssociation net-private-1",
		"aws:ec2/routeTableAssociation:RouteTableAssociation net-public-0",
		"aws:ec2/routeTableAssociation:RouteTableAssociation net-public-1",
		"aws:ec2/subnet:Subnet net-private-0",
		"aws:ec2/subnet:Subnet net-private-1",
		"aws:ec2/subnet:Subnet net-public-0",
		"aws:ec2/subnet:Subnet net-public-1",
		"aws:ec2/vpc:Vpc net",
		"aws:ec2/vpcEndpoint:VpcEndpoint net-s3",
		"aws:iam/role:Role net-flow-logs",
		"aws:iam/rolePolicy:RolePolicy net-flow-logs",
		"ecs-bluegreen:network:VPC net",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered resources (-want +got):\n%s", diff)
	}
	for _, r := range m.NotUnder(network.VPCType, "net") {
		t.Errorf("%s %s has parent %q, want the component", r.Type, r.Name, r.Parent)
	}
}

// TestVPCTwoInstancesCoexist registers two VPCs in one stack: no URN may
// repeat, and every child name derives from the component's name.
func TestVPCTwoInstancesCoexist(t *testing.T) {
	t.Parallel()
	m := apiRun(t, "first", "second")
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	one := apiRun(t, "first").Shape()
	var both []string
	for _, s := range one {
		both = append(both, s, strings.ReplaceAll(s, "first", "second"))
	}
	slices.Sort(both)
	if diff := cmp.Diff(both, m.Shape()); diff != "" {
		t.Errorf("two instances register (-want: each child once per instance, named after it; +got):\n%s", diff)
	}
}

// TestVPCNATInstanceChildNames pins the NAT instance's children: all named
// after the component plus "-nat", so that two VPCs coexist and switching
// strategies adds or removes exactly these.
func TestVPCNATInstanceChildNames(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range []string{"net", "other"} {
			if _, err := network.NewVPC(ctx, n, &network.VPCArgs{
				AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, NATGateways: network.NATInstance, NATInstancePorts: []int{8080},
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs: %v", dups)
	}
	var got []string
	for _, s := range m.Shape() {
		if strings.HasSuffix(s, " net-nat") || strings.Contains(s, " net-nat-") {
			got = append(got, s)
		}
	}
	want := []string{
		"aws:autoscaling/group:Group net-nat",
		"aws:ec2/eip:Eip net-nat",
		"aws:ec2/launchTemplate:LaunchTemplate net-nat",
		"aws:ec2/networkInterface:NetworkInterface net-nat",
		"aws:ec2/securityGroup:SecurityGroup net-nat",
		"aws:iam/instanceProfile:InstanceProfile net-nat",
		"aws:iam/role:Role net-nat",
		"aws:iam/rolePolicy:RolePolicy net-nat-session-manager",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule net-nat-out-443",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule net-nat-out-8080",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule net-nat-in-443",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule net-nat-in-8080",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NAT instance children (-want +got):\n%s", diff)
	}
}
