package tagging

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestFor(t *testing.T) {
	t.Parallel()
	got := For("vpc-public-0", map[string]string{"team": "web", "Name": "ignored"})
	want := pulumi.StringMap{"team": pulumi.String("web"), "Name": pulumi.String("vpc-public-0")}
	if len(got) != len(want) || got["team"] != want["team"] || got["Name"] != want["Name"] {
		t.Errorf("For = %v, want %v", got, want)
	}
	if got := For("x", nil); len(got) != 1 || got["Name"] != pulumi.String("x") {
		t.Errorf("For(x, nil) = %v, want only Name=x", got)
	}
}
