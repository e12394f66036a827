package release

import (
	"context"
	"fmt"
	"io"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

// ImageConfigKey is the stack configuration key (without the project's
// namespace) that holds the container image.
const ImageConfigKey = "image"

// Stack runs the Pulumi steps of a release through the Automation API: it
// selects an existing stack of the project in Dir, with the `pulumi` CLI on
// PATH and the backend and secrets settings of the environment
// (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...).
type Stack struct {
	// Dir is the project directory (where Pulumi.yaml is). Required.
	Dir string
	// Name is the stack's name ("dev", "org/project/dev"). Required.
	Name string
	// Progress receives `pulumi up`'s output. Default: discarded.
	Progress io.Writer
}

// Up sets the stack's image (<project>:image) to image, runs `pulumi up`,
// which registers a new task definition revision, and returns the stack's
// outputs.
func (s Stack) Up(ctx context.Context, image string) (Outputs, error) {
	st, err := s.selectStack(ctx)
	if err != nil {
		return Outputs{}, err
	}
	proj, err := st.Workspace().ProjectSettings(ctx)
	if err != nil {
		return Outputs{}, fmt.Errorf("pulumi: reading the project in %s: %w", s.Dir, err)
	}
	key := string(proj.Name) + ":" + ImageConfigKey
	if err := st.SetConfig(ctx, key, auto.ConfigValue{Value: image}); err != nil {
		return Outputs{}, fmt.Errorf("pulumi: setting %s on stack %s: %w", key, s.Name, err)
	}
	progress := s.Progress
	if progress == nil {
		progress = io.Discard
	}
	res, err := st.Up(ctx,
		optup.ProgressStreams(progress),
		optup.ErrorProgressStreams(progress),
		optup.Message("release "+image),
	)
	if err != nil {
		return Outputs{}, fmt.Errorf("pulumi: up of stack %s: %w", s.Name, err)
	}
	return OutputsFromAuto(res.Outputs)
}

// Outputs reads the stack's outputs without changing it.
func (s Stack) Outputs(ctx context.Context) (Outputs, error) {
	st, err := s.selectStack(ctx)
	if err != nil {
		return Outputs{}, err
	}
	out, err := st.Outputs(ctx)
	if err != nil {
		return Outputs{}, fmt.Errorf("pulumi: reading the outputs of stack %s: %w", s.Name, err)
	}
	return OutputsFromAuto(out)
}

func (s Stack) selectStack(ctx context.Context) (auto.Stack, error) {
	st, err := auto.SelectStackLocalSource(ctx, s.Name, s.Dir)
	if err != nil {
		return auto.Stack{}, fmt.Errorf("pulumi: selecting stack %s in %s: %w", s.Name, s.Dir, err)
	}
	return st, nil
}

// OutputsFromAuto reads the Automation API's stack outputs.
func OutputsFromAuto(m auto.OutputMap) (Outputs, error) {
	plain := make(map[string]any, len(m))
	for k, v := range m {
		plain[k] = normalizeNumber(v.Value)
	}
	return OutputsFromMap(plain)
}

// normalizeNumber turns the integer types a decoder may produce into the
// float64 that JSON numbers decode to.
func normalizeNumber(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	default:
		return v
	}
}
