package network_test

import (
	"encoding/base64"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/google/go-cmp/cmp"
)

// natInstanceRun registers a VPC with a NAT instance over three zones.
func natInstanceRun(t *testing.T, args network.VPCArgs) (result, map[string]string) {
	t.Helper()
	args.AvailabilityZones = threeZones
	args.NATGateways = network.NATInstance
	r := mustRunVPC(t, &args)
	return r, idsByURN(r)
}

// dependsOnNamed reports whether res depends on the resource of type typ
// named name.
func dependsOnNamed(res awsmock.Resource, names map[string]string, typ, name string) bool {
	for _, d := range res.Dependencies {
		if names[d] == name && (strings.Contains(d, "$"+typ+"::") || strings.Contains(d, "::"+typ+"::")) {
			return true
		}
	}
	return false
}

func named(t *testing.T, r result, typ, name string) awsmock.Resource {
	t.Helper()
	res, ok := r.mocks.Named(typ, name)
	if !ok {
		t.Fatalf("no %s %s", typ, name)
	}
	return res
}

// TestNATInstanceInterface: the private subnets route to a network
// interface in the first zone's public subnet, with the source/destination
// check off, the NAT's security group, and the Elastic IP that is the
// VPC's outbound address.
func TestNATInstanceInterface(t *testing.T) {
	t.Parallel()
	r, names := natInstanceRun(t, network.VPCArgs{})
	eni := named(t, r, typENI, "net-nat")
	if v := eni.Get("sourceDestCheck"); !v.IsBool() || v.BoolValue() {
		t.Errorf("sourceDestCheck = %v, want false: a NAT forwards packets that are not its own", v)
	}
	if !dependsOnNamed(eni, names, typSubnet, "net-public-0") || !dependsOnNamed(eni, names, typSG, "net-nat") {
		t.Errorf("interface depends on %v, want the first public subnet and the NAT's security group", eni.Dependencies)
	}
	if got := len(eni.Get("securityGroups").ArrayValue()); got != 1 {
		t.Errorf("interface has %d security groups, want the NAT's only", got)
	}
	eip := named(t, r, typEIP, "net-nat")
	if !dependsOnNamed(eip, names, typENI, "net-nat") || !dependsOnNamed(eip, names, typIGW, "net-igw") || eip.String("domain") != "vpc" {
		t.Errorf("Elastic IP = %v, dependencies %v; want it on the interface, after the internet gateway", eip.Inputs, eip.Dependencies)
	}
	if got := r.out["natIPs"].Strings(); len(got) != 1 || got[0] == "" {
		t.Errorf("NATPublicIPs = %v, want the NAT instance's one address", got)
	}
	// No NAT gateway, and no other address.
	if n, e := len(r.mocks.OfType(typNAT)), len(r.mocks.OfType(typEIP)); n != 0 || e != 1 {
		t.Errorf("%d NAT gateways and %d Elastic IPs, want none and one", n, e)
	}
}

// TestNATInstanceLaunchTemplate: Amazon Linux 2023 for arm64 by SSM
// parameter, the Graviton type, IMDSv2 at one hop, an encrypted gp3 root
// volume, no key pair, Session Manager's role, and the fixed interface as
// device 0 (so no security groups of its own).
func TestNATInstanceLaunchTemplate(t *testing.T) {
	t.Parallel()
	for typ, want := range map[string]string{"": "t4g.nano", "t4g.micro": "t4g.micro"} {
		r, names := natInstanceRun(t, network.VPCArgs{NATInstanceType: typ})
		lt := named(t, r, typLT, "net-nat")
		if got := lt.String("imageId"); got != "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" {
			t.Errorf("imageId = %q, want the AL2023 arm64 image's SSM parameter", got)
		}
		if got := lt.String("instanceType"); got != want {
			t.Errorf("NATInstanceType %q: instanceType = %q, want %q", typ, got, want)
		}
		if lt.String("metadataOptions", "httpTokens") != "required" || lt.Number("metadataOptions", "httpPutResponseHopLimit") != 1 {
			t.Errorf("metadata options = %v, want IMDSv2 only, one hop", lt.Get("metadataOptions"))
		}
		ebs := lt.Get("blockDeviceMappings", "0", "ebs")
		if lt.String("blockDeviceMappings", "0", "deviceName") != "/dev/xvda" || ebs.ObjectValue()["encrypted"].StringValue() != "true" ||
			ebs.ObjectValue()["volumeType"].StringValue() != "gp3" || ebs.ObjectValue()["volumeSize"].NumberValue() != 8 {
			t.Errorf("root volume = %v, want an encrypted 8 GiB gp3 /dev/xvda", lt.Get("blockDeviceMappings"))
		}
		for _, k := range []string{"keyName", "vpcSecurityGroupIds", "tagSpecifications"} {
			if !lt.Get(k).IsNull() {
				t.Errorf("launch template sets %s = %v", k, lt.Get(k))
			}
		}
		nics := lt.Get("networkInterfaces").ArrayValue()
		if len(nics) != 1 || lt.Number("networkInterfaces", "0", "deviceIndex") != 0 || lt.String("networkInterfaces", "0", "deleteOnTermination") != "false" ||
			!dependsOnNamed(lt, names, typENI, "net-nat") || lt.String("networkInterfaces", "0", "networkInterfaceId") == "" {
			t.Errorf("network interfaces = %v, want the fixed interface as device 0, kept on termination", nics)
		}
		if !dependsOnNamed(lt, names, typProfile, "net-nat") || !dependsOnNamed(lt, names, typPolicy, "net-nat-session-manager") {
			t.Errorf("launch template depends on %v, want the instance profile and the Session Manager policy", lt.Dependencies)
		}
	}
}

// TestNATInstanceUserData: the script forwards IPv4, masquerades the VPC's
// block on the primary interface, forwards only from the VPC to outside
// it, restores its rules at boot, and is valid bash.
func TestNATInstanceUserData(t *testing.T) {
	t.Parallel()
	r, _ := natInstanceRun(t, network.VPCArgs{CIDR: "10.20.0.0/16"})
	raw, err := base64.StdEncoding.DecodeString(named(t, r, typLT, "net-nat").String("userData"))
	if err != nil {
		t.Fatalf("userData is not base64: %v", err)
	}
	script := string(raw)
	for _, want := range []string{
		"#!/bin/bash\n",
		"set -euo pipefail",
		"vpc=10.20.0.0/16\n",
		"net.ipv4.ip_forward = 1",
		"sysctl --quiet --load /etc/sysctl.d/90-nat-instance.conf",
		"iface=$(ip -o -4 route show to default | awk '{print $5; exit}')",
		"dnf install -y iptables-services",
		"-A POSTROUTING -o $iface -s $vpc ! -d $vpc -j MASQUERADE",
		":FORWARD DROP [0:0]",
		"-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
		"-A FORWARD -i $iface -o $iface -s $vpc ! -d $vpc -j ACCEPT",
		"systemctl enable iptables",
		"shutdown -h now' ERR",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("user data lacks %q:\n%s", want, script)
		}
	}
	if strings.Contains(script, "{{") {
		t.Errorf("user data has an unfilled placeholder:\n%s", script)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to check the script's syntax")
	}
	cmd := exec.Command(bash, "-n")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("bash -n: %v: %s", err, out)
	}
}

// TestNATInstanceGroup: one instance, in the interface's zone, replaced
// old-first (the interface takes one instance at a time) when unhealthy or
// when the template changes; `pulumi up` waits for it, after its address.
func TestNATInstanceGroup(t *testing.T) {
	t.Parallel()
	r, names := natInstanceRun(t, network.VPCArgs{})
	g := named(t, r, typASG, "net-nat")
	for _, k := range []string{"minSize", "maxSize", "desiredCapacity"} {
		if g.Number(k) != 1 {
			t.Errorf("%s = %v, want 1", k, g.Number(k))
		}
	}
	if zones := g.Get("vpcZoneIdentifiers").ArrayValue(); len(zones) != 1 || !dependsOnNamed(g, names, typSubnet, "net-public-0") {
		t.Errorf("vpcZoneIdentifiers = %v, want the first public subnet only", zones)
	}
	if g.Number("instanceMaintenancePolicy", "minHealthyPercentage") != 0 || g.Number("instanceMaintenancePolicy", "maxHealthyPercentage") != 100 ||
		g.Number("instanceRefresh", "preferences", "minHealthyPercentage") != 0 || g.Number("instanceRefresh", "preferences", "maxHealthyPercentage") != 100 {
		t.Errorf("maintenance %v, refresh %v: want the old instance terminated before its replacement launches", g.Get("instanceMaintenancePolicy"), g.Get("instanceRefresh"))
	}
	if g.String("healthCheckType") != "EC2" || g.String("waitForCapacityTimeout") == "0" {
		t.Errorf("health check %q, waitForCapacityTimeout %q", g.String("healthCheckType"), g.String("waitForCapacityTimeout"))
	}
	if !dependsOnNamed(g, names, typLT, "net-nat") || !dependsOnNamed(g, names, typEIP, "net-nat") {
		t.Errorf("group depends on %v, want the launch template and the Elastic IP", g.Dependencies)
	}
	if len(g.IgnoreChanges) != 0 {
		t.Errorf("group ignores %v: nothing outside Pulumi changes it", g.IgnoreChanges)
	}
}

// TestNATInstanceSecurityGroup: the NAT admits the forwarded ports from
// the VPC's block only and sends only them; 443 always.
func TestNATInstanceSecurityGroup(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		ports []int
		want  []float64
	}{
		"default":             {nil, []float64{443}},
		"the listener ports":  {[]int{8080, 80}, []float64{80, 443, 8080}},
		"443 listed, once":    {[]int{443, 8443}, []float64{443, 8443}},
		"https listener only": {[]int{443}, []float64{443}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, names := natInstanceRun(t, network.VPCArgs{CIDR: "10.9.0.0/16", NATInstancePorts: tc.ports})
			check := func(typ, dir, cidr string) {
				var got []float64
				for _, rule := range r.mocks.OfType(typ) {
					port := rule.Number("fromPort")
					got = append(got, port)
					if rule.Number("toPort") != port || rule.String("ipProtocol") != "tcp" || rule.String("cidrIpv4") != cidr ||
						!dependsOnNamed(rule, names, typSG, "net-nat") || !strings.HasPrefix(rule.Name, "net-nat-"+dir+"-") {
						t.Errorf("rule %s = %v, want TCP %v %s %s on the NAT's group", rule.Name, rule.Inputs, port, dir, cidr)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s rules on ports %v, want %v", dir, got, tc.want)
				}
			}
			check(typIn, "in", "10.9.0.0/16")
			check(typOut, "out", "0.0.0.0/0")
			sg := named(t, r, typSG, "net-nat")
			for _, k := range []string{"ingress", "egress"} {
				if v := sg.Get(k); !v.IsNull() {
					t.Errorf("security group has inline %s rules %v: the rule resources must be its only ones", k, v)
				}
			}
		})
	}
}

// TestNATInstanceRole: Session Manager only, for EC2: the user data calls
// no AWS API, so the role needs no ssm:GetParameter(s).
func TestNATInstanceRole(t *testing.T) {
	t.Parallel()
	r, names := natInstanceRun(t, network.VPCArgs{})
	doc, err := iampolicy.Parse(named(t, r, typRole, "net-nat").String("assumeRolePolicy"))
	if err != nil || len(doc.Statement) != 1 || !slices.Equal(doc.Statement[0].Principal.Service, []string{"ec2.amazonaws.com"}) ||
		!slices.Equal(doc.Statement[0].Action, []string{"sts:AssumeRole"}) {
		t.Errorf("trust policy = %+v, %v; want EC2 only", doc, err)
	}
	pol := named(t, r, typPolicy, "net-nat-session-manager")
	if !dependsOnNamed(pol, names, typRole, "net-nat") {
		t.Errorf("role policy %s depends on %v, want the NAT's role", pol.Name, pol.Dependencies)
	}
	// The policy iam's instance role has too (its test pins the actions).
	if got, want := pol.String("policy"), iampolicy.SessionManagerInstance().JSON(); got != want || strings.Contains(got, "GetParameter") {
		t.Errorf("NAT role's policy %s, want Session Manager only %s", got, want)
	}
	if n := len(r.mocks.OfType(typAttach)); n != 0 {
		t.Errorf("%d policy attachments, want none (AmazonSSMManagedInstanceCore grants ssm:GetParameter(s) on every parameter)", n)
	}
	if p := named(t, r, typProfile, "net-nat"); !dependsOnNamed(p, names, typRole, "net-nat") {
		t.Errorf("instance profile depends on %v, want the NAT's role", p.Dependencies)
	}
}

// TestNATStrategiesKeepSubnets registers the VPC with each strategy:
// the subnets, route tables and associations are the same, and so are the
// private routes' names, so that switching NATGateways changes NAT
// resources and route targets only.
func TestNATStrategiesKeepSubnets(t *testing.T) {
	t.Parallel()
	runs := map[network.NATStrategy]map[string]awsmock.Resource{}
	for _, s := range network.NATStrategies {
		r := mustRunVPC(t, &network.VPCArgs{AvailabilityZones: threeZones, NATGateways: s})
		runs[s] = map[string]awsmock.Resource{}
		for _, res := range r.mocks.Resources() {
			runs[s][res.Type+" "+res.Name] = res
		}
	}
	natTypes := []string{typNAT, typEIP, typSG, typIn, typOut, typRole, typPolicy, typProfile, typENI, typLT, typASG}
	for _, from := range network.NATStrategies {
		for _, to := range network.NATStrategies {
			for key, before := range runs[from] {
				after, ok := runs[to][key]
				switch {
				case slices.Contains(natTypes, before.Type):
					continue // NAT resources come and go
				case !ok:
					t.Errorf("%s → %s removes %s", from, to, key)
				case before.Type == typRoute && strings.HasSuffix(before.Name, "-nat"):
					if before.String("routeTableId") != after.String("routeTableId") || before.String("destinationCidrBlock") != after.String("destinationCidrBlock") {
						t.Errorf("%s → %s moves route %s to another table or destination", from, to, before.Name)
					}
				default:
					if diff := cmp.Diff(before.Inputs.Mappable(), after.Inputs.Mappable()); diff != "" {
						t.Errorf("%s → %s changes %s (-before +after):\n%s", from, to, key, diff)
					}
				}
			}
		}
	}
}
