package widget_test

import "fmt"

// ExampleNewWidget_blue makes a blue widget.
func ExampleNewWidget_blue() {
	program := func(ctx *pulumi.Context) error {
		// A comment stays.
		w, err := widget.NewWidget(ctx, "w", &widget.WidgetArgs{
			Name: "w",
		})
		if err != nil {
			return err
		}

		ctx.Export("id", w.ID)
		return nil
	}
	fmt.Println(awsmock.Run(nil, nil, program))
	// Output: <nil>
}

func ExampleNewWidget() {
	fmt.Println(widget.DefaultSize)
	// Output: 3
}

// ExampleNewGizmo is no component's.
func ExampleNewGizmo() {}
