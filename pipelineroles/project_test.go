package pipelineroles

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// projectDir is the pipeline-roles project, which runs Program.
const projectDir = "../pipeline-roles"

// project is what the tests read of Pulumi.yaml: the keys, in order, with
// their defaults.
type project struct {
	Name   string
	Keys   []string
	Values map[string]any
}

func readProject(t *testing.T) project {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Name   string    `yaml:"name"`
		Config yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	p := project{Name: f.Name, Values: map[string]any{}}
	for i := 0; i+1 < len(f.Config.Content); i += 2 {
		name := f.Config.Content[i].Value
		p.Keys = append(p.Keys, name)
		var decl struct {
			Default any `yaml:"default"`
		}
		if err := f.Config.Content[i+1].Decode(&decl); err != nil {
			t.Fatal(err)
		}
		p.Values[name] = decl.Default
	}
	return p
}

// stackConfig is the github stack's configuration with Pulumi.yaml's
// defaults, as the CLI passes it, plus extra.
func stackConfig(t *testing.T, extra map[string]string) map[string]string {
	t.Helper()
	p := readProject(t)
	cfg := map[string]string{}
	for k, v := range p.Values {
		switch v := v.(type) {
		case nil:
		case []any:
			var items []string
			for _, s := range v {
				items = append(items, fmt.Sprintf("%q", s))
			}
			cfg[p.Name+":"+k] = "[" + strings.Join(items, ",") + "]"
		default:
			cfg[p.Name+":"+k] = fmt.Sprint(v)
		}
	}
	b, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.github.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Config         map[string]string `yaml:"config"`
		EncryptionSalt string            `yaml:"encryptionsalt"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.EncryptionSalt != "" {
		t.Error("Pulumi.github.yaml has an encryptionsalt: it binds every user to one passphrase")
	}
	for k, v := range f.Config {
		cfg[k] = v
	}
	for k, v := range extra {
		cfg[p.Name+":"+k] = v
	}
	return cfg
}

func runCI(t *testing.T, cfg map[string]string) (*awsmock.Mocks, map[string]*awsmock.Value, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	out := map[string]*awsmock.Value{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := Program(ctx); err != nil {
			return err
		}
		for name, v := range ctx.GetCurrentExportMap() {
			if o, ok := v.(pulumi.Output); ok {
				out[name] = awsmock.Watch(ctx, o)
			}
		}
		return nil
	}, pulumi.WithMocks("ecs-bluegreen-ci", "github", m), func(info *pulumi.RunInfo) { info.Config = cfg })
	return m, out, err
}

// TestProgram runs the github stack: the roles of the repository it names,
// and the outputs the workflows and the stacks need.
func TestProgram(t *testing.T) {
	t.Parallel()
	m, out, err := runCI(t, stackConfig(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"previewRoleArn", "deployRoleArn", "oidcProviderArn", "boundaryArn"} {
		if v, ok := out[name]; !ok || v.String() == "" {
			t.Errorf("output %s missing or empty", name)
		}
	}
	deploy, _ := m.Named("aws:iam/role:Role", "ci-deploy")
	if !strings.Contains(deploy.String("assumeRolePolicy"), `"repo:ecs-bluegreen/ecs-bluegreen:environment:dev"`) || deploy.String("tags", "Purpose") != "ci" {
		t.Errorf("deploy role %v", deploy.Inputs)
	}
	if deploy.Get("tags", "Project").IsString() {
		t.Error("the CI roles carry the stacks' Project tag: the deploy role's tag-scoped statements would reach them")
	}
	bound, _ := m.Named("aws:iam/policy:Policy", "ci-boundary")
	if !strings.Contains(bound.String("policy"), `"Sid":"ECSAgent"`) || strings.Contains(bound.String("policy"), "Application0") {
		t.Errorf("boundary %s: want the stacks' roles and no application permissions by default", bound.String("policy"))
	}
	state, _ := m.Named("aws:iam/policy:Policy", "ci-state-write")
	if !strings.Contains(state.String("policy"), "arn:aws:s3:::ecs-bluegreen-pulumi-state/.pulumi/stacks/ecs-bluegreen/*") {
		t.Errorf("state policy %s", state.String("policy"))
	}
}

// TestApplicationPermissions: the key's statements are in the boundary,
// and the repository's ID binds the subject.
func TestApplicationPermissions(t *testing.T) {
	t.Parallel()
	m, _, err := runCI(t, stackConfig(t, map[string]string{
		"applicationPermissions": `[{"actions":["s3:GetObject"],"resources":["arn:aws:s3:::acme-assets/*"]}]`,
		"repositoryId":           "123456789",
	}))
	if err != nil {
		t.Fatal(err)
	}
	bound, _ := m.Named("aws:iam/policy:Policy", "ci-boundary")
	if !strings.Contains(bound.String("policy"), `{"Sid":"Application0","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::acme-assets/*"]}`) {
		t.Errorf("boundary %s: want the application's statement", bound.String("policy"))
	}
	deploy, _ := m.Named("aws:iam/role:Role", "ci-deploy")
	if !strings.Contains(deploy.String("assumeRolePolicy"), `"repository_id:123456789:environment:dev"`) {
		t.Errorf("deploy trust %s: want the repository's ID", deploy.String("assumeRolePolicy"))
	}
}

// TestBadConfiguration: a bad value is refused with its key and a fix, and
// nothing is registered.
func TestBadConfiguration(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		extra map[string]string
		want  string
	}{
		"repository":          {map[string]string{"repository": "ecs-bluegreen"}, `repository: "ecs-bluegreen" is not a GitHub repository`},
		"region":              {map[string]string{"regions": `["us-east-1","Seoul"]`}, `regions[1]: "Seoul" is not a region code: write it as us-east-1; remove it from regions`},
		"regions not a list":  {map[string]string{"regions": "us-east-1"}, `regions: "us-east-1" is not a list of strings`},
		"hosted zone":         {map[string]string{"hostedZoneIds": `["example.com"]`}, `hostedZoneIds[0]: "example.com" is not a Route 53 hosted zone id`},
		"pull requests":       {map[string]string{"deploySubjects": `["pull_request"]`}, `deploySubjects[0]: "pull_request" would let a pull request's code deploy`},
		"wildcard subject":    {map[string]string{"previewSubjects": `["ref:refs/heads/*"]`}, `previewSubjects[0]: "ref:refs/heads/*" has a wildcard`},
		"locking word":        {map[string]string{"stateLocking": "maybe"}, `stateLocking: "maybe" is not true or false`},
		"session":             {map[string]string{"maxSessionSeconds": "60"}, "maxSessionSeconds: 60 is out of range: use 3600 to 43200 seconds; for example: pulumi config set maxSessionSeconds 3600"},
		"bucket":              {map[string]string{"stateBucket": "s3://b"}, `stateBucket: "s3://b" is not an S3 bucket name`},
		"repository id":       {map[string]string{"repositoryId": "octo"}, `repositoryId: "octo" is not a whole number`},
		"permissions shape":   {map[string]string{"applicationPermissions": `[{"action":"s3:GetObject"}]`}, `applicationPermissions: "[{\"action\":\"s3:GetObject\"}]" is not a list of {actions: [...], resources: [...]}`},
		"permissions escape":  {map[string]string{"applicationPermissions": `[{"actions":["sts:AssumeRole"],"resources":["*"]}]`}, `applicationPermissions[0].Actions[0]: "sts:AssumeRole" is an action of sts`},
		"boundary not policy": {map[string]string{"permissionsBoundaryArn": "Workloads"}, `permissionsBoundaryArn: "Workloads" is not an IAM managed policy ARN: want arn:<partition>:iam::aws:policy/<path/><name>`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, _, err := runCI(t, stackConfig(t, tc.extra))
			if err == nil || !strings.Contains(err.Error(), "invalid stack configuration:") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if n := len(m.Resources()); n != 0 {
				t.Errorf("%d resources registered", n)
			}
		})
	}
}

// TestKeysAreDeclared: every key of Pulumi.yaml is read, in its order, and
// its defaults are the component's.
func TestKeysAreDeclared(t *testing.T) {
	t.Parallel()
	p := readProject(t)
	var bound []string
	for _, k := range configKeys {
		bound = append(bound, k.name)
	}
	if diff := cmp.Diff(p.Keys, bound); diff != "" {
		t.Errorf("Pulumi.yaml's keys and project.go's (-Pulumi.yaml +project.go):\n%s", diff)
	}
	for k, want := range map[string]any{
		"previewSubjects": DefaultPreviewSubjects, "deploySubjects": DefaultDeploySubjects,
		"maxSessionSeconds": DefaultMaxSessionSeconds,
	} {
		got := p.Values[k]
		if l, ok := got.([]any); ok {
			var s []string
			for _, v := range l {
				s = append(s, fmt.Sprint(v))
			}
			got = s
		}
		if !cmp.Equal(fmt.Sprint(got), fmt.Sprint(want)) {
			t.Errorf("Pulumi.yaml: %s defaults to %v, the component's default is %v", k, got, want)
		}
	}
	for _, required := range []string{"repository", "stateBucket"} {
		if p.Values[required] != nil || !slices.Contains(p.Keys, required) {
			t.Errorf("%s has a default: there is no sensible one, the CLI must ask for it", required)
		}
	}
}
