package registry

import (
	"encoding/json"
	"fmt"
)

// The lifecycle policy's JSON, in the field names of ECR's
// PutLifecyclePolicy (lifecyclePolicyText).
type (
	lifecycleDocument struct {
		Rules []lifecycleRule `json:"rules"`
	}
	lifecycleRule struct {
		RulePriority int                `json:"rulePriority"`
		Description  string             `json:"description"`
		Selection    lifecycleSelection `json:"selection"`
		Action       lifecycleAction    `json:"action"`
	}
	lifecycleSelection struct {
		TagStatus      string   `json:"tagStatus"`
		TagPatternList []string `json:"tagPatternList,omitempty"`
		CountType      string   `json:"countType"`
		CountUnit      string   `json:"countUnit,omitempty"`
		CountNumber    int      `json:"countNumber"`
	}
	lifecycleAction struct {
		Type string `json:"type"`
	}
)

// LifecyclePolicy returns the repository's lifecycle policy document, two
// rules that ECR evaluates in priority order:
//
//  1. untagged images (layers of overwritten builds, manifests left behind)
//     expire untaggedExpiryDays days after they were pushed;
//  2. of the tagged images, the keepTagged most recently pushed are kept and
//     older ones expire, whatever their tags.
//
// Both counts must be at least 1; RepositoryArgs validates them. A task
// definition revision whose image has expired cannot be started again, so
// keepTagged bounds how far back a rollback can go.
func LifecyclePolicy(untaggedExpiryDays, keepTagged int) string {
	doc := lifecycleDocument{Rules: []lifecycleRule{
		{
			RulePriority: 1,
			Description:  fmt.Sprintf("Expire untagged images %d days after push", untaggedExpiryDays),
			Selection: lifecycleSelection{
				TagStatus:   "untagged",
				CountType:   "sinceImagePushed",
				CountUnit:   "days",
				CountNumber: untaggedExpiryDays,
			},
			Action: lifecycleAction{Type: "expire"},
		},
		{
			RulePriority: 2,
			Description:  fmt.Sprintf("Keep the %d most recently pushed tagged images", keepTagged),
			Selection: lifecycleSelection{
				TagStatus:      "tagged",
				TagPatternList: []string{"*"}, // every tag: "tagged" needs a tag list or prefix list
				CountType:      "imageCountMoreThan",
				CountNumber:    keepTagged,
			},
			Action: lifecycleAction{Type: "expire"},
		},
	}}
	b, _ := json.Marshal(doc) // cannot fail: strings, ints and slices
	return string(b)
}
