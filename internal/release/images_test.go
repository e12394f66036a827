package release_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release/fakeaws"
	"github.com/google/go-cmp/cmp"
)

// A release shows the image it is about to deploy beside production's and
// refuses, without being told to go back, a task definition older than the
// one production runs: a lower revision (stale outputs), or a newer
// revision of an older image (`pulumi up` from a checkout whose stack file
// has the image before CI's release).
func TestReleaseRefusesADowngrade(t *testing.T) {
	for name, tc := range map[string]struct {
		running        int
		outputs        int
		image          string
		allowDowngrade bool
		wantImages     release.Images
		wantRefused    bool
	}{
		"a new image": {
			running: 1, outputs: 2,
			wantImages: release.Images{TaskDefinitionARN: tdARN("2"), Image: imageV2, ProductionTaskDefinitionARN: tdARN("1"), ProductionImage: imageV1, Comparison: release.ImagesNew},
		},
		"stale outputs, an older revision": {
			running: 2, outputs: 1, wantRefused: true,
			wantImages: release.Images{TaskDefinitionARN: tdARN("1"), Image: imageV1, ProductionTaskDefinitionARN: tdARN("2"), ProductionImage: imageV2, Comparison: release.ImagesOlder, Reason: "revision 1 is older than production's 2"},
		},
		"a new revision of an older image": {
			running: 2, outputs: 3, wantRefused: true,
			wantImages: release.Images{TaskDefinitionARN: tdARN("3"), Image: imageV1, ProductionTaskDefinitionARN: tdARN("2"), ProductionImage: imageV2, Comparison: release.ImagesOlder, Reason: "its image was first registered in revision 1, before production's image (revision 2)"},
		},
		"told to go back": {
			running: 2, outputs: 1, allowDowngrade: true,
			wantImages: release.Images{TaskDefinitionARN: tdARN("1"), Image: imageV1, ProductionTaskDefinitionARN: tdARN("2"), ProductionImage: imageV2, Comparison: release.ImagesOlder, Reason: "revision 1 is older than production's 2"},
		},
		"the older image asked for": {
			running: 2, outputs: 3, image: imageV1,
			wantImages: release.Images{TaskDefinitionARN: tdARN("3"), Image: imageV1, ProductionTaskDefinitionARN: tdARN("2"), ProductionImage: imageV2, Comparison: release.ImagesOlder, Reason: "its image was first registered in revision 1, before production's image (revision 2)"},
		},
		"the same image again": {
			running: 2, outputs: 4,
			wantImages: release.Images{TaskDefinitionARN: tdARN("4"), Image: imageV2, ProductionTaskDefinitionARN: tdARN("2"), ProductionImage: imageV2, Comparison: release.ImagesSameImage},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			e.fake.AddTaskDefinition(taskDefinition(3, imageV1))
			e.fake.AddTaskDefinition(taskDefinition(4, imageV2))
			e.fake.AddService(cluster, service, fakeaws.DevTaskDefinitionARN(tc.running))
			e.fake.Script(fakeaws.Steps(plan(fakeaws.Plan{})), nil)
			rec := e.record()
			o := e.outputs
			o.TaskDefinitionARN = fakeaws.DevTaskDefinitionARN(tc.outputs)

			res, err := e.r.Release(context.Background(), release.Request{Outputs: o, Image: tc.image, AllowDowngrade: tc.allowDowngrade}, nil)
			if diff := cmp.Diff([]release.Images{tc.wantImages}, ofType[release.Images](rec)); diff != "" {
				t.Errorf("Images (-want +got):\n%s", diff)
			}
			creates := len(e.fake.RequestsFor("CreateDeployment"))
			var downgrade *release.DowngradeError
			if tc.wantRefused {
				if !errors.As(err, &downgrade) || creates != 0 {
					t.Fatalf("Release = %s, %v with %d CreateDeployment; want a *DowngradeError and nothing deployed", res.Outcome, err, creates)
				}
				for _, want := range []string{"refusing to go back", "`release rollback`", "--allow-downgrade", "older image"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
				return
			}
			if err != nil || creates != 1 {
				t.Fatalf("Release = %s, %v with %d CreateDeployment; want it deployed", res.Outcome, err, creates)
			}
		})
	}
}

// `release diff` shows the AppSpec and how the container definitions
// differ from production's, and deploys nothing.
func TestDiff(t *testing.T) {
	e := newEnv(t, envOptions{})
	td := taskDefinition(3, "registry.example/app:v3")
	td.Containers[0].Environment = [][2]string{{"VERSION", "v3"}}
	td.Containers[0].Memory = 1024
	e.fake.AddTaskDefinition(td)
	rec := e.record()
	o := e.outputs
	o.TaskDefinitionARN = tdARN("3")

	res, err := e.r.Diff(context.Background(), release.DiffRequest{Outputs: o})
	if err != nil || res.Outcome != release.OutcomeChecked {
		t.Fatalf("Diff = %s, %v; want %s", res.Outcome, err, release.OutcomeChecked)
	}
	specs := ofType[release.AppSpecShown](rec)
	wantSpec, sum, _ := release.NewAppSpec(release.TargetFromOutputs(o)).Content()
	if len(specs) != 1 || specs[0].Content != wantSpec || specs[0].SHA256 != sum {
		t.Errorf("AppSpecShown = %+v, want %s", specs, wantSpec)
	}
	diffs := ofType[release.ContainerDiff](rec)
	if len(diffs) != 1 {
		t.Fatalf("ContainerDiff events = %d, want 1", len(diffs))
	}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	want := release.ContainerDiff{From: tdARN("1"), To: tdARN("3"), Changes: []release.FieldChange{
		{Path: "app.environment[VERSION]", Change: release.ChangeAdded, To: raw(map[string]string{"name": "VERSION", "value": "v3"})},
		{Path: "app.image", Change: release.ChangeChanged, From: raw(imageV1), To: raw("registry.example/app:v3")},
		{Path: "app.memory", Change: release.ChangeChanged, From: raw(512), To: raw(1024)},
	}}
	if diff := cmp.Diff(want, diffs[0]); diff != "" {
		t.Errorf("ContainerDiff (-want +got):\n%s", diff)
	}
	out := e.out.String()
	for _, line := range []string{
		"AppSpec (sha256 " + sum + "):",
		`  "TaskDefinition": "` + tdARN("3") + `",`,
		"container definitions, ecs-bluegreen-dev-app:1 (production) → ecs-bluegreen-dev-app:3:",
		`  + app.environment[VERSION]: {"name":"VERSION","value":"v3"}`,
		`  ~ app.image: "registry.example/app:v1" → "registry.example/app:v3"`,
		"  ~ app.memory: 512 → 1024",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("output lacks %q:\n%s", line, out)
		}
	}
	for _, r := range e.fake.Requests() {
		if r.Service == "codedeploy" && r.Action != "GetDeploymentGroup" && !strings.HasPrefix(r.Action, "Get") && !strings.HasPrefix(r.Action, "List") && !strings.HasPrefix(r.Action, "Batch") {
			t.Errorf("diff sent %s", r.Action)
		}
	}
}

// With --stack and --image, diff shows the stack's task definition with
// the image replaced: what `pulumi up` would register.
func TestDiffPreviewsAnImage(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record()
	o := e.outputs
	o.TaskDefinitionARN = tdARN("1") // pulumi up has not run: the outputs are production's
	_, err := e.r.Diff(context.Background(), release.DiffRequest{Outputs: o, Image: "registry.example/app:v9", Preview: true})
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	diffs := ofType[release.ContainerDiff](rec)
	if len(diffs) != 1 || len(diffs[0].Changes) != 1 || diffs[0].Changes[0].Path != "app.image" || string(diffs[0].Changes[0].To) != `"registry.example/app:v9"` {
		t.Errorf("ContainerDiff = %+v, want only the image changed to v9", diffs)
	}
	if specs := ofType[release.AppSpecShown](rec); len(specs) != 1 || specs[0].Note == "" {
		t.Errorf("AppSpecShown = %+v, want a note that pulumi up registers the revision", specs)
	}
}

// --image with --outputs is checked against the task definition, as in a
// release.
func TestDiffRejectsAnotherImage(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := e.r.Diff(context.Background(), release.DiffRequest{Outputs: e.outputs, Image: "registry.example/app:v9"})
	var invalid *release.InvalidError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "not the image to release registry.example/app:v9") {
		t.Fatalf("Diff error = %v, want the image mismatch", err)
	}
}
