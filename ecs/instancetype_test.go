package ecs_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/ecs"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const getInstanceType = "aws:ec2/getInstanceType:getInstanceType"

// lookup runs LookupInstanceType(name) under m and returns its result as
// the program sees it (RunErr would wrap the error).
func lookup(m pulumi.MockResourceMonitor, name string) (ecs.InstanceType, error) {
	var it ecs.InstanceType
	var lookupErr error
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		it, lookupErr = ecs.LookupInstanceType(ctx, name)
		return nil
	}, pulumi.WithMocks(awsmock.Project, awsmock.Stack, m))
	if err != nil {
		return it, errors.Join(lookupErr, err)
	}
	return it, lookupErr
}

func TestLookupInstanceType(t *testing.T) {
	t.Parallel()
	tests := map[string]ecs.InstanceType{
		"t3.small":     ecs.DefaultInstanceType,
		"t3.micro":     {Name: "t3.micro", VCPUs: 2, MemoryMiB: 1024, Architecture: "x86_64"},
		"t4g.small":    {Name: "t4g.small", VCPUs: 2, MemoryMiB: 2048, Architecture: "arm64"},
		"m7g.medium":   {Name: "m7g.medium", VCPUs: 1, MemoryMiB: 4096, Architecture: "arm64"},
		"r6i.large":    {Name: "r6i.large", VCPUs: 2, MemoryMiB: 16384, Architecture: "x86_64"},
		"m7i.48xlarge": {Name: "m7i.48xlarge", VCPUs: 192, MemoryMiB: 786432, Architecture: "x86_64"},
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := &awsmock.Mocks{}
			got, err := lookup(m, name)
			if err != nil {
				t.Fatalf("LookupInstanceType(%q): %v", name, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("LookupInstanceType(%q) (-want +got):\n%s", name, diff)
			}
			if diff := cmp.Diff([]string{getInstanceType}, m.Calls()); diff != "" {
				t.Errorf("LookupInstanceType(%q) calls (-want +got):\n%s", name, diff)
			}
		})
	}
}

func TestLookupInstanceTypeRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		problem string // what the problem starts with
		asksAWS bool
	}{
		"t3.huge":    {"does not exist in this region (AWS: InvalidInstanceType)", true},
		"z9.large":   {"does not exist in this region", true},
		"T3.small":   {"is not an EC2 instance type", false},
		"t3":         {"is not an EC2 instance type", false},
		"":           {"is not an EC2 instance type", false},
		"mac2.metal": {"is a Mac instance", false}, // the mocks know it (arm64_mac): refused by name first
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := &awsmock.Mocks{}
			got, err := lookup(m, name)
			var fe *ecs.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("LookupInstanceType(%q) = %+v, %v; want a *FieldError", name, got, err)
			}
			if fe.Field != "InstanceType" || fe.Value != name || fe.Fix != "t3.small" || !strings.HasPrefix(fe.Problem, tc.problem) {
				t.Errorf("LookupInstanceType(%q) error = %+v, want InstanceType %q, fix t3.small, a problem starting %q", name, fe, name, tc.problem)
			}
			// The program reads it with argcheck.Errors.
			if fes := argcheck.Errors(err); len(fes) != 1 || fes[0] != fe {
				t.Errorf("argcheck.Errors(LookupInstanceType(%q)) = %v, want the one field error", name, fes)
			}
			if asked := slices.Contains(m.Calls(), getInstanceType); asked != tc.asksAWS {
				t.Errorf("LookupInstanceType(%q) asked AWS: %v, want %v", name, asked, tc.asksAWS)
			}
		})
	}
}

// instanceTypeMocks answers getInstanceType with a fixed result or error.
type instanceTypeMocks struct {
	awsmock.Mocks
	architectures []string
	err           error
}

func (m *instanceTypeMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if args.Token != getInstanceType {
		return m.Mocks.Call(args)
	}
	if m.err != nil {
		return nil, m.err
	}
	return resource.NewPropertyMapFromMap(map[string]any{
		"id": "x", "instanceType": args.Args["instanceType"].StringValue(), "defaultVcpus": 4, "memorySize": 16384,
		"supportedArchitectures": m.architectures,
	}), nil
}

// TestLookupInstanceTypeArchitectures checks the types AWS describes with
// architectures the ECS-optimized image does not run on, whatever their
// name.
func TestLookupInstanceTypeArchitectures(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		architectures []string
		want          string // "": refused
	}{
		"x86_64":      {[]string{"i386", "x86_64"}, "x86_64"},
		"arm64":       {[]string{"arm64"}, "arm64"},
		"Apple Mac":   {[]string{"arm64_mac"}, ""},
		"Intel Mac":   {[]string{"x86_64_mac"}, ""},
		"no answer":   {nil, ""},
		"both, x86 1": {[]string{"arm64", "x86_64"}, "x86_64"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := lookup(&instanceTypeMocks{architectures: tc.architectures}, "x1.large")
			if tc.want != "" {
				if err != nil || got != (ecs.InstanceType{Name: "x1.large", VCPUs: 4, MemoryMiB: 16384, Architecture: tc.want}) {
					t.Errorf("LookupInstanceType with architectures %q = %+v, %v; want x1.large, 4 vCPU, 16384 MiB, %s", tc.architectures, got, err, tc.want)
				}
				return
			}
			var fe *ecs.FieldError
			if !errors.As(err, &fe) || fe.Field != "InstanceType" || fe.Value != "x1.large" || fe.Fix != "t3.small" || !strings.HasPrefix(fe.Problem, "supports only ") {
				t.Errorf("LookupInstanceType with architectures %q = %+v, %v; want a field error naming InstanceType, fix t3.small", tc.architectures, got, err)
			}
		})
	}
}

// TestLookupInstanceTypeOtherErrors checks that a failure other than an
// unknown type (throttling, credentials) is no field error: the fix is not
// in the configuration.
func TestLookupInstanceTypeOtherErrors(t *testing.T) {
	t.Parallel()
	_, err := lookup(&instanceTypeMocks{err: errors.New("RequestLimitExceeded: slow down")}, "t3.small")
	if err == nil || !strings.Contains(err.Error(), `ecs: looking up instance type "t3.small"`) || !strings.Contains(err.Error(), "RequestLimitExceeded") {
		t.Errorf("LookupInstanceType with a throttled call = %v, want an error with the origin and the cause", err)
	}
	var fe *ecs.FieldError
	if errors.As(err, &fe) {
		t.Errorf("LookupInstanceType with a throttled call = %+v, a field error; want a plain error", fe)
	}
}
