package release

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// DiffRequest is what `release diff` shows: the AppSpec a release of
// Outputs would send, and how its container definitions differ from
// production's.
type DiffRequest struct {
	// Outputs are the stack's outputs. Required.
	Outputs Outputs
	// Image is the image to release. Without Preview it must be the image
	// the outputs' task definition runs (as Request.Image); with Preview it
	// replaces that image.
	Image string
	// Preview shows the outputs' task definition with Image in place of the
	// container's image: what `pulumi up` of the stack with that image
	// would register (when nothing else in the stack changed).
	Preview bool
}

// Diff shows what a release would deploy, and deploys nothing: the AppSpec,
// the image beside production's, and the container definitions' changes.
func (r *Releaser) Diff(ctx context.Context, req DiffRequest) (res Result, err error) {
	o := req.Outputs
	res = Result{Command: "diff", URL: o.URL, TestURL: o.TestURL, Started: r.clock().Now(), TaskDefinitionARN: o.TaskDefinitionARN}
	defer func() { res.Ended = r.clock().Now() }()
	target := TargetFromOutputs(o)
	if err := target.Check(); err != nil {
		return res, &InvalidError{Err: err}
	}
	td, err := r.describeTaskDefinition(ctx, target.TaskDefinitionARN)
	if err != nil {
		return res, err
	}
	to := td.ARN
	if req.Preview && req.Image != "" {
		td = withImage(td, o.ContainerName, req.Image)
		to = fmt.Sprintf("%s with image %s", shortARN(td.ARN), req.Image)
	}
	check := req.Image
	if req.Preview {
		check = ""
	}
	if err := CheckTaskDefinition(target, td, check); err != nil {
		return res, &InvalidError{Err: err}
	}
	current, err := r.serviceTaskDefinition(ctx, o.ClusterName, o.ServiceName)
	if err != nil {
		return res, err
	}
	res.PreviousTaskDefinitionARN = current
	content, sum, err := NewAppSpec(target).Content()
	if err != nil {
		return res, err
	}
	shown := AppSpecShown{Content: content, SHA256: sum}
	if req.Preview && req.Image != "" {
		shown.Note = "TaskDefinition becomes the revision `pulumi up` registers with --image"
	}
	r.Reporter.Report(shown)
	prod, err := r.describeTaskDefinition(ctx, current)
	if err != nil {
		return res, err
	}
	if !req.Preview {
		images, err := r.compareImages(ctx, td, current, o.ContainerName)
		if err != nil {
			return res, err
		}
		r.Reporter.Report(images)
	}
	r.Reporter.Report(ContainerDiff{From: current, To: to, Changes: DiffContainers(prod.Containers, td.Containers)})
	res.Outcome = OutcomeChecked
	return res, nil
}

// withImage is td with the named container running image.
func withImage(td TaskDefinition, container, image string) TaskDefinition {
	td.Containers = slices.Clone(td.Containers)
	for i, c := range td.Containers {
		if c.Name == container {
			c.Image = image
			c.Definition = maps.Clone(c.Definition)
			if c.Definition == nil {
				c.Definition = map[string]any{}
			}
			c.Definition["image"] = image
			td.Containers[i] = c
		}
	}
	return td
}

// DiffContainers lists how the container definitions to differ from
// from's, container by container and field by field: paths are
// "<container>.<field>", list items are keyed by their name (environment,
// secrets), container port or index ("app.environment[VERSION]").
func DiffContainers(from, to []Container) []FieldChange {
	byName := func(cs []Container) map[string]map[string]any {
		m := map[string]map[string]any{}
		for _, c := range cs {
			def := c.Definition
			if def == nil {
				def = map[string]any{"name": c.Name, "image": c.Image}
			}
			m[c.Name] = def
		}
		return m
	}
	a, b := byName(from), byName(to)
	var out []FieldChange
	for _, name := range sortedKeys(mergeKeys(a, b)) {
		diffValue(name, valueOrNil(a, name), valueOrNil(b, name), &out)
	}
	return out
}

func mergeKeys[V any](a, b map[string]V) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

func valueOrNil(m map[string]map[string]any, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	return nil
}

// diffValue appends the differences between a and b (decoded JSON) at path.
func diffValue(path string, a, b any, out *[]FieldChange) {
	// A list that appears or goes, item by item when its items have keys.
	if la, ok := a.([]any); ok && b == nil && listKey(la) != "" {
		b = []any{}
	}
	if lb, ok := b.([]any); ok && a == nil && listKey(lb) != "" {
		a = []any{}
	}
	switch {
	case a == nil && b == nil:
		return
	case a == nil:
		*out = append(*out, FieldChange{Path: path, Change: ChangeAdded, To: rawJSON(b)})
		return
	case b == nil:
		*out = append(*out, FieldChange{Path: path, Change: ChangeRemoved, From: rawJSON(a)})
		return
	}
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if okA && okB {
		for _, k := range sortedKeys(mergeKeys(ma, mb)) {
			diffValue(path+"."+k, ma[k], mb[k], out)
		}
		return
	}
	la, okA := a.([]any)
	lb, okB := b.([]any)
	if okA && okB {
		if key := listKey(la, lb); key != "" {
			ka, kb := keyed(la, key), keyed(lb, key)
			for _, k := range sortedKeys(mergeKeys(ka, kb)) {
				diffValue(fmt.Sprintf("%s[%s]", path, k), ka[k], kb[k], out)
			}
			return
		}
		if len(la) == len(lb) {
			for i := range la {
				diffValue(fmt.Sprintf("%s[%d]", path, i), la[i], lb[i], out)
			}
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, FieldChange{Path: path, Change: ChangeChanged, From: rawJSON(a), To: rawJSON(b)})
	}
}

// listKeys are the fields that name the items of a container definition's
// lists.
var listKeys = []string{"name", "containerPort", "sourceVolume", "hostname", "namespace", "sourceContainer", "containerName", "value"}

// listKey is the field every item of both lists has, distinct within each
// list, by which to match them; "" when there is none.
func listKey(lists ...[]any) string {
	for _, key := range listKeys {
		good := true
		for _, l := range lists {
			seen := map[string]bool{}
			for _, item := range l {
				m, ok := item.(map[string]any)
				if !ok || m[key] == nil || seen[fmt.Sprint(m[key])] {
					good = false
					break
				}
				seen[fmt.Sprint(m[key])] = true
			}
		}
		if good {
			return key
		}
	}
	return ""
}

func keyed(l []any, key string) map[string]any {
	m := map[string]any{}
	for _, item := range l {
		m[fmt.Sprint(item.(map[string]any)[key])] = item
	}
	return m
}

func rawJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(fmt.Sprintf("%q", fmt.Sprint(v)))
	}
	return b
}

// containerDefinitionMap is c as JSON values with ECS's field names
// (lowerCamelCase), leaving out what is empty.
func containerDefinitionMap(c ecstypes.ContainerDefinition) map[string]any {
	b, err := json.Marshal(c)
	if err != nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil
	}
	m, _ := normalize(v).(map[string]any)
	return m
}

// normalize lowers the first letter of every key (the SDK's Go field names
// become ECS's JSON names) and drops nulls and empty lists, maps and
// strings.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if x = normalize(x); x != nil {
				out[lowerFirst(k)] = x
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		var out []any
		for _, x := range v {
			if x = normalize(x); x != nil {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		if v == "" {
			return nil
		}
		return v
	default:
		return v
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || strings.ToUpper(s) == s && len(s) > 1 {
		return strings.ToLower(s)
	}
	return string(unicode.ToLower(r)) + s[n:]
}
