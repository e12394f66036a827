package registry

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLifecyclePolicy(t *testing.T) {
	t.Parallel()
	rules := func(days, keep int) map[string]any {
		return map[string]any{"rules": []any{
			map[string]any{
				"rulePriority": 1.0,
				"description":  "Expire untagged images " + itoa(days) + " days after push",
				"selection":    map[string]any{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": float64(days)},
				"action":       map[string]any{"type": "expire"},
			},
			map[string]any{
				"rulePriority": 2.0,
				"description":  "Keep the " + itoa(keep) + " most recently pushed tagged images",
				"selection":    map[string]any{"tagStatus": "tagged", "tagPatternList": []any{"*"}, "countType": "imageCountMoreThan", "countNumber": float64(keep)},
				"action":       map[string]any{"type": "expire"},
			},
		}}
	}
	tests := map[string]struct{ days, keep int }{
		"defaults":      {DefaultUntaggedImageExpiryDays, DefaultKeepTaggedImages},
		"smallest":      {1, 1},
		"long and many": {365, 500},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := LifecyclePolicy(tc.days, tc.keep)
			var got map[string]any
			if err := json.Unmarshal([]byte(doc), &got); err != nil {
				t.Fatalf("LifecyclePolicy(%d, %d) is not JSON: %v\n%s", tc.days, tc.keep, err, doc)
			}
			if diff := cmp.Diff(rules(tc.days, tc.keep), got); diff != "" {
				t.Errorf("LifecyclePolicy(%d, %d) (-want +got):\n%s", tc.days, tc.keep, diff)
			}
			if again := LifecyclePolicy(tc.days, tc.keep); again != doc {
				t.Errorf("LifecyclePolicy(%d, %d) differs between calls:\n%s\n%s", tc.days, tc.keep, doc, again)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
