// Package widget is a fixture for docgen's tests: it is parsed, never built.
package widget

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// WidgetType is the component's type token.
const WidgetType = "ecs-bluegreen:widget:Widget"

// Defaults of WidgetArgs.
const (
	DefaultSize  = 3
	DefaultColor = "blue"
)

// WidgetArgs configures NewWidget. The zero value of every field but Name
// is a working default.
type WidgetArgs struct {
	// Name names the widget.
	Name string
	// Size is the widget's size, 1 to 9. Default: DefaultSize.
	Size int
	// Color is the widget's color. Default: DefaultColor ("blue", the
	// house color). It shows in the UI.
	Color string
	// Delay is how long it waits, in seconds. Zero means the default,
	// DefaultSize (3; AWS's is 5); a negative value means none.
	Delay int
	// Parent is the widget's parent, a|b. Required.
	Parent pulumi.StringInput
	hidden int
}

// Widget is a fixture component.
//
// It has a second paragraph with <angle> brackets.
type Widget struct {
	pulumi.ResourceState

	// ID is the widget's id.
	ID pulumi.StringOutput `pulumi:"id"`
	// Sizes are 2*Size values.
	Sizes  pulumi.IntArrayOutput `json:"x" pulumi:"sizes"`
	secret pulumi.StringOutput
}

// NewWidget registers a widget.
func NewWidget(ctx *pulumi.Context, name string, args *WidgetArgs, opts ...pulumi.ResourceOption) (*Widget, error) {
	c := &Widget{}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"id": c.ID, "sizes": c.Sizes}); err != nil {
		return nil, err
	}
	return c, nil
}

// Gadget is a component with nothing around it: no token, constructor or
// Args, and an undocumented, untagged output.
type Gadget struct {
	pulumi.ResourceState

	Out pulumi.StringOutput
}

// helper is no component.
type helper struct{ pulumi.ResourceState }
