package tagging

import (
	"maps"
	"testing"
)

func TestFor(t *testing.T) {
	t.Parallel()
	common := map[string]string{"team": "web", "Name": "ignored"}
	got := For("vpc-public-0", common)
	if want := map[string]string{"team": "web", "Name": "vpc-public-0"}; !maps.Equal(got, want) {
		t.Errorf("For = %v, want %v", got, want)
	}
	if common["Name"] != "ignored" {
		t.Errorf("For changed the caller's map: Name = %q", common["Name"])
	}
	if got := For("x", nil); !maps.Equal(got, map[string]string{"Name": "x"}) {
		t.Errorf("For(x, nil) = %v, want only Name=x", got)
	}
}
