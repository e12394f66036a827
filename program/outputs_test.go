package program

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/release"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/google/go-cmp/cmp"
)

// The outputs contract: what the program exports is what the release
// command reads. Each stack runs under mocks and its real exports, printed
// as `pulumi stack output --json` prints them, go to the release's reader.

// devOutputsFile is the example outputs file the release's tests read: the
// dev stack's outputs under mocks, written by -update (make docs).
const devOutputsFile = root + "/internal/release/testdata/dev-outputs.json"

// stackOutputsJSON prints a run's exports as `pulumi stack output --json`
// does: an object, keys sorted, two-space indents.
func stackOutputsJSON(t *testing.T, r programRun) []byte {
	t.Helper()
	m := map[string]any{}
	for name, v := range r.exports {
		got, known := v.Get()
		if !known {
			t.Fatalf("output %s is unknown after an update", name)
		}
		m[name] = got
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestReleaseReadsTheExports feeds every stack's exports to the release
// command's reader: a renamed or missing output fails here, not in a
// release.
func TestReleaseReadsTheExports(t *testing.T) {
	t.Parallel()
	for stack := range stackFiles(t) {
		r := runProgram(&awsmock.Mocks{Stack: stack}, stackConfigMap(t, stack))
		if r.err != nil {
			t.Fatalf("%s: %v", stack, r.err)
		}
		var exported []string
		for name := range r.exports {
			exported = append(exported, name)
		}
		slices.Sort(exported)
		want := slices.Sorted(slices.Values(outputs.All))
		if diff := cmp.Diff(want, exported); diff != "" {
			t.Errorf("%s: the program's exports differ from outputs.All (-outputs.All +exported):\n%s", stack, diff)
		}
		data := stackOutputsJSON(t, r)
		o, err := release.ParseOutputs(data)
		if err != nil {
			t.Errorf("%s: the release cannot read the stack's outputs: %v", stack, err)
			continue
		}
		if o.TaskDefinitionARN != r.exports[outputs.TaskDefinitionARN].String() || o.TargetID() != r.exports[outputs.ClusterName].String()+":"+r.exports[outputs.ServiceName].String() {
			t.Errorf("%s: the release read %+v from %s", stack, o, data)
		}
		if stack != "dev" {
			continue
		}
		if *update {
			if err := os.WriteFile(devOutputsFile, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if file, err := os.ReadFile(devOutputsFile); err != nil || !bytes.Equal(file, data) {
			t.Errorf("%s is not the dev stack's outputs under mocks (%v); run `make docs`:\n%s", devOutputsFile, err, cmp.Diff(string(file), string(data)))
		}
	}
}
