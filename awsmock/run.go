package awsmock

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Project and Stack name the program the mocks run unless Mocks says
// otherwise.
const (
	Project = "ecs-bluegreen"
	Stack   = "test"
)

// Run executes program under m with the given stack configuration (keys as
// "project:key") and returns the program's error. m.DryRun selects a preview.
func Run(m *Mocks, config map[string]string, program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks(m.project(), m.stack(), m), func(info *pulumi.RunInfo) {
		info.Config = config
		info.DryRun = m.DryRun
	})
}

// Value holds what an output resolved to, once the run has ended.
type Value struct {
	mu    sync.Mutex
	v     any
	known bool
}

// Watch returns a Value that receives out's value. Call it inside the
// program: the run waits for the value before it returns, even when out was
// built from plain values and so belongs to no run of its own (it is joined
// to ctx through an output ctx made).
func Watch(ctx *pulumi.Context, out pulumi.Output) *Value {
	w := &Value{}
	anchor, resolve, _ := ctx.NewOutput()
	resolve(nil)
	pulumi.All(anchor, out).ApplyT(func(all []any) any {
		w.mu.Lock()
		w.v, w.known = all[1], true
		w.mu.Unlock()
		return nil
	})
	return w
}

// Get returns the value and whether it was known; in a dry run, outputs
// computed by the cloud stay unknown.
func (w *Value) Get() (any, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.v, w.known
}

// Strings returns a string-array output's value, or nil when unknown.
func (w *Value) Strings() []string {
	v, _ := w.Get()
	s, _ := v.([]string)
	return s
}

// String returns a string output's value, or "" when unknown.
func (w *Value) String() string {
	v, _ := w.Get()
	s, _ := v.(string)
	return s
}
