package registry_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// problem is what a test asserts of one *FieldError.
type problem struct {
	Field      string
	Value, Fix any
}

// problems returns err's field errors (see argchecktest.Problems).
func problems(t *testing.T, err error) []problem {
	t.Helper()
	var out []problem
	for _, p := range argchecktest.Problems(t, registry.RepositoryArgs{}, err) {
		out = append(out, problem(p))
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Parallel()
	key := pulumi.String("arn:aws:kms:us-east-1:123456789012:key/x")
	tests := map[string]struct {
		args registry.RepositoryArgs
		want []problem
	}{
		"defaults":                     {},
		"namespaced repository name":   {args: registry.RepositoryArgs{RepositoryName: "team/sample-app"}},
		"longest repository name":      {args: registry.RepositoryArgs{RepositoryName: strings.Repeat("a", 256)}},
		"KMS by its key":               {args: registry.RepositoryArgs{KMSKeyARN: key}},
		"KMS with the AWS managed key": {args: registry.RepositoryArgs{Encryption: registry.EncryptionKMS}},
		"a build with a tag":           {args: registry.RepositoryArgs{BuildContext: "app", ImageTag: "v1.2.3", Platform: "linux/arm64"}},
		// The directory is the constructor's to check: it may not exist
		// where the arguments are validated.
		"a build context that is not here": {args: registry.RepositoryArgs{BuildContext: "/nonexistent"}},

		"upper-case repository name": {
			args: registry.RepositoryArgs{RepositoryName: "Sample_App"},
			want: []problem{{"RepositoryName", "Sample_App", nil}},
		},
		"repository name too short": {
			args: registry.RepositoryArgs{RepositoryName: "a"},
			want: []problem{{"RepositoryName", "a", nil}},
		},
		"repository name too long": {
			args: registry.RepositoryArgs{RepositoryName: strings.Repeat("a", 257)},
			want: []problem{{"RepositoryName", strings.Repeat("a", 257), nil}},
		},
		"encryption": {
			args: registry.RepositoryArgs{Encryption: "SSE"},
			want: []problem{{"Encryption", "SSE", "AES256"}},
		},
		"a key with AES256": {
			args: registry.RepositoryArgs{Encryption: registry.EncryptionAES256, KMSKeyARN: key},
			want: []problem{{"Encryption", "AES256", "KMS"}},
		},
		"expiry": {
			args: registry.RepositoryArgs{UntaggedImageExpiryDays: -1},
			want: []problem{{"UntaggedImageExpiryDays", -1, 7}},
		},
		"tagged images kept": {
			args: registry.RepositoryArgs{KeepTaggedImages: -5},
			want: []problem{{"KeepTaggedImages", -5, 30}},
		},
		"tag and platform without a build": {
			args: registry.RepositoryArgs{ImageTag: "v1", Platform: "linux/arm64"},
			want: []problem{{"ImageTag", "v1", nil}, {"Platform", "linux/arm64", nil}},
		},
		"tag": {
			args: registry.RepositoryArgs{BuildContext: "app", ImageTag: "-latest"},
			want: []problem{{"ImageTag", "-latest", nil}},
		},
		"platform": {
			args: registry.RepositoryArgs{BuildContext: "app", Platform: "windows/amd64"},
			want: []problem{{"Platform", "windows/amd64", "linux/amd64"}},
		},
		"every problem at once": {
			args: registry.RepositoryArgs{Encryption: "x", KeepTaggedImages: -1, UntaggedImageExpiryDays: -1, ImageTag: "v1"},
			want: []problem{{"Encryption", "x", "AES256"}, {"UntaggedImageExpiryDays", -1, 7}, {"KeepTaggedImages", -1, 30}, {"ImageTag", "v1", nil}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, err)); diff != "" {
				t.Errorf("Validate() = %v; field errors (-want +got):\n%s", err, diff)
			}
		})
	}
}

// TestValidateKMSKey: a known key must be a KMS key ARN of the
// repository's partition and region (ECR's rule); an output is not checked.
func TestValidateKMSKey(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		key       pulumi.StringInput
		shape     []problem
		elsewhere string // in ValidateLocation's error; "": accepted
	}{
		"none":              {},
		"an output":         {key: pulumi.String("x").ToStringOutput()},
		"key of the region": {key: pulumi.String("arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab")},
		"GovCloud key":      {key: pulumi.String("arn:aws-us-gov:kms:us-east-1:123456789012:key/k"), elsewhere: "is in partition aws-us-gov, but the stack is in aws"},
		"another region": {
			key:       pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/k"),
			elsewhere: `KMSKeyARN "arn:aws:kms:eu-west-1:123456789012:key/k" is in region eu-west-1, but the stack is in us-east-1: ECR encrypts a repository with a KMS key of the repository's own region; give the ARN of one in partition aws, region us-east-1`,
		},
		"an alias": {
			key:   pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/logs"),
			shape: []problem{{"KMSKeyARN", "arn:aws:kms:us-east-1:123456789012:alias/logs", nil}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := registry.RepositoryArgs{KMSKeyARN: tc.key}
			if diff := cmp.Diff(tc.shape, problems(t, args.Validate())); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
			err := args.ValidateLocation("aws", "us-east-1")
			switch {
			case tc.elsewhere == "" && err != nil:
				t.Errorf("ValidateLocation = %v, want nil", err)
			case tc.elsewhere != "" && (err == nil || !strings.Contains(err.Error(), tc.elsewhere)):
				t.Errorf("ValidateLocation = %v, want it to hold %q", err, tc.elsewhere)
			}
		})
	}
}
