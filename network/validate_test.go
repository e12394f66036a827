package network_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/google/go-cmp/cmp"
)

// problem is what a test asserts of one *FieldError.
type problem struct {
	Field      string
	Value, Fix any
}

// problems returns err's field errors (see argchecktest.Problems).
func problems(t *testing.T, err error) []problem {
	t.Helper()
	var out []problem
	for _, p := range argchecktest.Problems(t, network.VPCArgs{}, err) {
		out = append(out, problem(p))
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Parallel()
	eight := []string{"z-a", "z-b", "z-c", "z-d", "z-e", "z-f", "z-g", "z-h"}
	tests := map[string]struct {
		args network.VPCArgs
		want []problem
	}{
		"two zones":                       {args: network.VPCArgs{AvailabilityZones: threeZones[:2]}},
		"as many zones as the plan holds": {args: network.VPCArgs{AvailabilityZones: eight}},
		"smallest VPC":                    {args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "192.168.0.0/23"}},
		"single NAT":                      {args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATSingle}},
		"flow logs, default retention":    {args: network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true}},
		"flow logs, ten years":            {args: network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true, FlowLogRetentionDays: 3653}},
		"retention ignored without logs":  {args: network.VPCArgs{AvailabilityZones: threeZones, FlowLogRetentionDays: 10}},
		"a permissions boundary":          {args: network.VPCArgs{AvailabilityZones: threeZones, PermissionsBoundaryARN: "arn:aws:iam::123456789012:policy/Boundary"}},
		"boundary not a policy": {
			args: network.VPCArgs{AvailabilityZones: threeZones, PermissionsBoundaryARN: "Boundary"},
			want: []problem{{"PermissionsBoundaryARN", "Boundary", nil}},
		},

		"no zones":   {args: network.VPCArgs{}, want: []problem{{"len(AvailabilityZones)", 0, 2}}},
		"one zone":   {args: network.VPCArgs{AvailabilityZones: threeZones[:1]}, want: []problem{{"len(AvailabilityZones)", 1, 2}}},
		"nine zones": {args: network.VPCArgs{AvailabilityZones: append(eight[:8:8], "z-i")}, want: []problem{{"len(AvailabilityZones)", 9, 8}}},
		"a zone twice": {
			args: network.VPCArgs{AvailabilityZones: []string{"z-a", "z-b", "z-a"}},
			want: []problem{{"AvailabilityZones", []string{"z-a", "z-b", "z-a"}, nil}},
		},
		"an empty zone": {
			args: network.VPCArgs{AvailabilityZones: []string{"z-a", ""}},
			want: []problem{{"AvailabilityZones", []string{"z-a", ""}, nil}},
		},
		"NAT strategy": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: "many"},
			want: []problem{{"NATGateways", "many", "perAz"}},
		},
		"retention between periods": {
			args: network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true, FlowLogRetentionDays: 500},
			want: []problem{{"FlowLogRetentionDays", 500, 545}},
		},
		"retention below the shortest": {
			args: network.VPCArgs{AvailabilityZones: threeZones, FlowLogs: true, FlowLogRetentionDays: -3},
			want: []problem{{"FlowLogRetentionDays", -3, 1}},
		},
		"VPC too large": {
			args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "10.0.0.0/8"},
			want: []problem{{"CIDR", "10.0.0.0/8", "10.0.0.0/16"}},
		},
		"VPC too small": {
			args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "10.0.0.0/24"},
			want: []problem{{"CIDR", "10.0.0.0/24", "10.0.0.0/16"}},
		},
		"loopback": {
			args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "127.0.0.0/16"},
			want: []problem{{"CIDR", "127.0.0.0/16", "10.0.0.0/16"}},
		},
		"multicast": {
			args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "230.1.0.0/16"},
			want: []problem{{"CIDR", "230.1.0.0/16", "10.0.0.0/16"}},
		},
		"Docker's bridge": {
			args: network.VPCArgs{AvailabilityZones: threeZones, CIDR: "172.17.0.0/16"},
			want: []problem{{"CIDR", "172.17.0.0/16", "10.0.0.0/16"}},
		},
		"NAT instance":                 {args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance}},
		"NAT instance, a larger type":  {args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstanceType: "c7gn.medium"}},
		"NAT instance, listener ports": {args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstancePorts: []int{80, 8080, 443}}},
		"NAT instance, ports ignored":  {args: network.VPCArgs{AvailabilityZones: threeZones, NATInstancePorts: []int{80}}},
		"NAT instance, an x86 type": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstanceType: "t3.nano"},
			want: []problem{{"NATInstanceType", "t3.nano", "t4g.nano"}},
		},
		"NAT instance, Graviton 1": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstanceType: "a1.medium"},
			want: []problem{{"NATInstanceType", "a1.medium", "t4g.nano"}},
		},
		"NAT instance, not a type": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstanceType: "t4g"},
			want: []problem{{"NATInstanceType", "t4g", "t4g.nano"}},
		},
		"NAT instance, bad ports": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstancePorts: []int{0, 8080, 70000, 8080}},
			want: []problem{{"NATInstancePorts[0]", 0, 1}, {"NATInstancePorts[2]", 70000, 65535}, {"NATInstancePorts[3]", 8080, nil}},
		},
		"NAT instance, too many ports": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstancePorts: ports(1000, 60)},
			want: []problem{{"len(NATInstancePorts)", 60, 59}},
		},
		"NAT instance, as many ports as the group holds": {
			args: network.VPCArgs{AvailabilityZones: threeZones, NATGateways: network.NATInstance, NATInstancePorts: append(ports(1000, 59), 443)},
		},
		"every problem at once": {
			args: network.VPCArgs{AvailabilityZones: threeZones[:1], NATGateways: "x", CIDR: "nope", FlowLogs: true, FlowLogRetentionDays: 2},
			want: []problem{{"len(AvailabilityZones)", 1, 2}, {"NATGateways", "x", "perAz"}, {"FlowLogRetentionDays", 2, 1}, {"CIDR", "nope", "10.0.0.0/16"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, err)); diff != "" {
				t.Errorf("Validate() = %v; field errors (-want +got):\n%s", err, diff)
			}
		})
	}
}

// ports returns n consecutive ports from first.
func ports(first, n int) []int {
	var out []int
	for i := range n {
		out = append(out, first+i)
	}
	return out
}

// TestVPCValidateLocation: the roles' boundary must be a managed policy of
// the stack's partition, AWS's or the stack's account's.
func TestVPCValidateLocation(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		boundary string
		want     string // in the error; "": accepted
	}{
		"none":              {},
		"the account's":     {boundary: "arn:aws:iam::123456789012:policy/B"},
		"AWS managed":       {boundary: "arn:aws:iam::aws:policy/PowerUserAccess"},
		"another account":   {boundary: "arn:aws:iam::210987654321:policy/B", want: `PermissionsBoundaryARN "arn:aws:iam::210987654321:policy/B" belongs to account 210987654321, but the stack is in account 123456789012`},
		"another partition": {boundary: "arn:aws-cn:iam::aws:policy/PowerUserAccess", want: "is in partition aws-cn, but the stack is in aws"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := network.VPCArgs{PermissionsBoundaryARN: tc.boundary}.ValidateLocation("aws", "123456789012")
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("ValidateLocation = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("ValidateLocation = %v, want it to hold %q", err, tc.want)
			}
		})
	}
}
