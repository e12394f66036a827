package program

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/stackfile"
	"github.com/ecs-bluegreen/ecs-bluegreen/network"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// root is the project's root, where Pulumi.yaml, the stack files and the
// README are. TestMain makes it the working directory, as it is for
// `pulumi up`: the program finds the sample service's build context there.
const root = "."

func TestMain(m *testing.M) {
	if err := os.Chdir(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// projectFile is the part of Pulumi.yaml the tests read.
type projectFile struct {
	Name string `yaml:"name"`
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestPulumiYAMLProject: the project file names the project the mocks run.
func TestPulumiYAMLProject(t *testing.T) {
	t.Parallel()
	var p projectFile
	readYAML(t, root+"/Pulumi.yaml", &p)
	if p.Name != awsmock.Project {
		t.Errorf("Pulumi.yaml name = %q, want %q", p.Name, awsmock.Project)
	}
}

// stackFiles returns the project's stacks, each with its
// Pulumi.<stack>.yaml.
func stackFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range stackfile.Stacks(root) {
		out[s] = root + "/Pulumi." + s + ".yaml"
	}
	if len(out) < 2 {
		t.Fatalf("found stacks %v, want at least dev and prod", out)
	}
	return out
}

// stackConfigMap reads a stack's configuration as the CLI hands it to the
// program, "project:key" to the value's string form: Pulumi.yaml's
// defaults and the stack file's values, read as the offline plan reads
// them (internal/stackfile).
func stackConfigMap(t *testing.T, stack string) map[string]string {
	t.Helper()
	s, err := stackfile.Read(root, stack)
	if err != nil {
		t.Fatal(err)
	}
	if s.EncryptionSalt != "" {
		t.Errorf("Pulumi.%s.yaml has an encryptionsalt: it binds every user to one passphrase", stack)
	}
	return s.Config
}

type programRun struct {
	mocks   *awsmock.Mocks
	exports map[string]*awsmock.Value
	err     error
}

// runProgram runs the whole program under mocks with the given config.
func runProgram(m *awsmock.Mocks, cfg map[string]string) programRun {
	r := programRun{mocks: m, exports: map[string]*awsmock.Value{}}
	r.err = awsmock.Run(m, cfg, func(ctx *pulumi.Context) error {
		if err := Run(ctx); err != nil {
			return err
		}
		for name, v := range ctx.GetCurrentExportMap() {
			if o, ok := v.(pulumi.Output); ok {
				r.exports[name] = awsmock.Watch(ctx, o)
			}
		}
		return nil
	})
	return r
}

// TestStackFiles runs the program under mocks with each stack file's
// configuration, as an update and as a preview.
func TestStackFiles(t *testing.T) {
	t.Parallel()
	for stack, path := range stackFiles(t) {
		cfg := stackConfigMap(t, stack)
		declared := projectKeys(t)
		for k := range cfg {
			ns, key, _ := strings.Cut(k, ":")
			if ns == awsmock.Project && !slices.ContainsFunc(declared, func(d stackfile.Key) bool { return d.Name == key }) {
				t.Errorf("%s sets %s, which Pulumi.yaml does not declare", path, k)
			}
		}
		want, err := loadConfig(func(key string) (string, bool) { v, ok := cfg[awsmock.Project+":"+key]; return v, ok })
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, dryRun := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/dryRun=%v", stack, dryRun), func(t *testing.T) {
				t.Parallel()
				r := runProgram(&awsmock.Mocks{DryRun: dryRun}, cfg)
				if r.err != nil {
					t.Fatalf("program failed: %v", r.err)
				}
				counts := r.mocks.CountByType()
				zones := want.Cluster.AZCount
				if got := counts["aws:ec2/subnet:Subnet"]; got != 2*zones {
					t.Errorf("subnets = %d, want %d (azCount %d)", got, 2*zones, zones)
				}
				wantNATs, wantInstances := 1, 0
				switch want.VPC.NATGateways {
				case network.NATOnePerAZ:
					wantNATs = zones
				case network.NATInstance:
					wantNATs, wantInstances = 0, 1
				case network.NATSingle:
				}
				if got := counts["aws:ec2/natGateway:NatGateway"]; got != wantNATs {
					t.Errorf("NAT gateways = %d, want %d (%s)", got, wantNATs, want.VPC.NATGateways)
				}
				if got := counts["aws:ec2/networkInterface:NetworkInterface"]; got != wantInstances {
					t.Errorf("NAT instances' interfaces = %d, want %d (%s)", got, wantInstances, want.VPC.NATGateways)
				}
				if got := counts["aws:ec2/flowLog:FlowLog"] == 1; got != want.VPC.FlowLogs {
					t.Errorf("flow logs on = %v, want %v", got, want.VPC.FlowLogs)
				}
				for _, name := range []string{"vpcId", "vpcCidr", "availabilityZones", "publicSubnetIds", "privateSubnetIds", "natPublicIps"} {
					v, ok := r.exports[name]
					if !ok {
						t.Errorf("output %s is not exported", name)
						continue
					}
					if _, known := v.Get(); !known && !dryRun {
						t.Errorf("output %s is unknown after an update", name)
					}
				}
				if got := r.exports[outputs.AvailabilityZones].Strings(); len(got) != zones {
					t.Errorf("availabilityZones = %v, want %d zones", got, zones)
				}
				for _, res := range r.mocks.Resources() {
					tags := res.Inputs["tags"]
					if tags.IsObject() && tags.ObjectValue()["Stack"].StringValue() != awsmock.Stack {
						t.Errorf("%s %s lacks the Stack tag: %v", res.Type, res.Name, tags)
					}
				}
			})
		}
	}
}

// TestProgramRejectsBadConfig runs the whole program with each bad value:
// the error names the key and the value, and nothing is registered.
func TestProgramRejectsBadConfig(t *testing.T) {
	t.Parallel()
	for name, tc := range badConfigs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runProgram(&awsmock.Mocks{}, map[string]string{awsmock.Project + ":" + tc.key: tc.value})
			if r.err == nil {
				t.Fatalf("program accepted %s=%q", tc.key, tc.value)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.err.Error(), w) {
					t.Errorf("error\n%v\nlacks %q", r.err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error, want 0", n)
			}
			if n := len(r.mocks.Calls()); n != 0 {
				t.Errorf("%d data sources called before the error, want 0", n)
			}
		})
	}
}

func TestProgramRejectsMoreZonesThanTheRegionHas(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{Zones: []string{"us-west-1a", "us-west-1c"}}
	r := runProgram(m, map[string]string{awsmock.Project + ":azCount": "3"})
	if r.err == nil {
		t.Fatal("program accepted azCount 3 in a region with 2 zones")
	}
	for _, w := range []string{"azCount: 3 is more than the 2 availability zones", "[us-west-1a us-west-1c]", "pulumi config set azCount 2"} {
		if !strings.Contains(r.err.Error(), w) {
			t.Errorf("error %q lacks %q", r.err, w)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered before the error, want 0", n)
	}
}

// TestGrowingAZCountOnlyAdds runs the program with azCount 2 and 3: every
// resource of the first run is registered again, and every one of the
// network's (subnets, route tables, routes, NAT gateways) with identical
// inputs, so `pulumi up` adds subnets and moves none.
func TestGrowingAZCountOnlyAdds(t *testing.T) {
	t.Parallel()
	for _, nat := range []string{"single", "perAz", "instance"} {
		cfg := func(n string) map[string]string {
			return map[string]string{awsmock.Project + ":azCount": n, awsmock.Project + ":natGateways": nat}
		}
		small := runProgram(&awsmock.Mocks{}, cfg("2"))
		big := runProgram(&awsmock.Mocks{}, cfg("3"))
		if small.err != nil || big.err != nil {
			t.Fatal(small.err, big.err)
		}
		after := map[string]awsmock.Resource{}
		for _, r := range big.mocks.Resources() {
			after[r.URN] = r
		}
		for _, r := range small.mocks.Resources() {
			a, ok := after[r.URN]
			if !ok {
				t.Errorf("%s: azCount 2→3 removes %s", nat, r.URN)
				continue
			}
			if !strings.Contains(r.URN, "network:VPC") || r.Type == "aws:ec2/vpcEndpoint:VpcEndpoint" {
				// Sizes elsewhere (instances, tasks) and the S3 endpoint's
				// route tables follow the zone count: in-place updates.
				continue
			}
			if diff := cmp.Diff(r.Inputs.Mappable(), a.Inputs.Mappable()); diff != "" {
				t.Errorf("%s: azCount 2→3 changes %s (-before +after):\n%s", nat, r.URN, diff)
			}
		}
	}
}

// TestProgramIsDeterministic registers each stack twice: the same
// resources (URNs), each with the same parent, dependencies and inputs,
// every list input in the same order, so a second `pulumi up` proposes
// nothing. The order of registration itself is not compared: the Go SDK
// registers from concurrent callbacks, and the engine matches resources by
// URN.
func TestProgramIsDeterministic(t *testing.T) {
	t.Parallel()
	for stack := range stackFiles(t) {
		checkDeterministic(t, stack)
	}
}

func checkDeterministic(t *testing.T, stack string) {
	t.Helper()
	cfg := stackConfigMap(t, stack)
	a, b := runProgram(&awsmock.Mocks{}, cfg), runProgram(&awsmock.Mocks{}, cfg)
	if a.err != nil || b.err != nil {
		t.Fatal(a.err, b.err)
	}
	type registration struct {
		Parent       string
		Dependencies []string
		Inputs       map[string]any
	}
	byURN := func(m *awsmock.Mocks) map[string]registration {
		out := map[string]registration{}
		for _, r := range m.Resources() {
			// Dependencies are a set: the SDK lists them in no fixed order.
			out[r.URN] = registration{r.Parent, slices.Sorted(slices.Values(r.Dependencies)), r.Inputs.Mappable()}
		}
		return out
	}
	if diff := cmp.Diff(byURN(a.mocks), byURN(b.mocks)); diff != "" {
		t.Errorf("%s: two runs register different resources, parents, dependencies or inputs (-first +second):\n%s", stack, diff)
	}
}
