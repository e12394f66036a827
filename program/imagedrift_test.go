package program

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// driftMocks answers the two data sources the image check reads, and the
// rest as the project's mocks do.
type driftMocks struct {
	awsmock.Mocks
	taskDefinition, running string
	fail                    error

	mu   sync.Mutex
	args []resource.PropertyMap
}

func (m *driftMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:ecs/getService:getService":
		m.record(args.Args)
		if m.fail != nil {
			return nil, m.fail
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": "svc", "serviceName": args.Args["serviceName"].StringValue(), "clusterArn": args.Args["clusterArn"].StringValue(),
			"taskDefinition": m.taskDefinition, "desiredCount": 2,
		}), nil
	case "aws:ecs/getContainerDefinition:getContainerDefinition":
		m.record(args.Args)
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": "cd", "containerName": args.Args["containerName"].StringValue(), "taskDefinition": args.Args["taskDefinition"].StringValue(),
			"image": m.running,
		}), nil
	}
	return m.Mocks.Call(args)
}

func (m *driftMocks) record(args resource.PropertyMap) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.args = append(m.args, args)
}

func TestImageDrift(t *testing.T) {
	const (
		cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/cluster-da68bf3"
		td      = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-bluegreen-dev-app:3"
	)
	for name, tc := range map[string]struct {
		image, running string
		fail           error
		want           []string // in the warning; nil: none
		wantCalls      int
	}{
		"agree":   {image: "registry/app:v3", running: "registry/app:v3", wantCalls: 2},
		"behind":  {image: "registry/app:v1", running: "registry/app:v3", wantCalls: 2, want: []string{"service app-7d10434 runs registry/app:v3 (ecs-bluegreen-dev-app:3), not the stack's image registry/app:v1", "pulumi config set image registry/app:v3"}},
		"no read": {image: "registry/app:v1", fail: errors.New("AccessDeniedException: not authorized to perform ecs:DescribeServices"), wantCalls: 1, want: []string{"image check skipped: could not read what service app-7d10434 runs", "AccessDeniedException"}},
		"built":   {image: "", running: "registry/app:v3", wantCalls: 0},
	} {
		t.Run(name, func(t *testing.T) {
			m := &driftMocks{taskDefinition: td, running: tc.running, fail: tc.fail}
			var warnings []string
			var result *awsmock.Value
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				out := imageDrift(ctx, pulumi.String(cluster).ToStringOutput(), pulumi.String("app-7d10434").ToStringOutput(), pulumi.String("app").ToStringOutput(), tc.image,
					func(msg string) { warnings = append(warnings, msg) })
				result = awsmock.Watch(ctx, out)
				return nil
			}, pulumi.WithMocks(awsmock.Project, awsmock.Stack, m))
			if err != nil {
				t.Fatalf("the program failed: %v (a failed lookup must not fail pulumi up)", err)
			}
			if len(m.args) != tc.wantCalls {
				t.Errorf("data source calls = %d, want %d", len(m.args), tc.wantCalls)
			}
			if tc.wantCalls > 0 {
				if got := m.args[0]["clusterArn"].StringValue(); got != cluster {
					t.Errorf("getService clusterArn = %q, want %q", got, cluster)
				}
			}
			if tc.wantCalls > 1 {
				if got := m.args[1]["taskDefinition"].StringValue(); got != td {
					t.Errorf("getContainerDefinition taskDefinition = %q, want the service's %q", got, td)
				}
				if got := m.args[1]["containerName"].StringValue(); got != "app" {
					t.Errorf("getContainerDefinition containerName = %q, want app", got)
				}
			}
			if tc.want == nil {
				if len(warnings) != 0 || result.String() != "" {
					t.Errorf("warnings = %q, want none", warnings)
				}
				return
			}
			if len(warnings) != 1 || result.String() != warnings[0] {
				t.Fatalf("warnings = %q (output %q), want one", warnings, result.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(warnings[0], w) {
					t.Errorf("warning %q lacks %q", warnings[0], w)
				}
			}
		})
	}
}
