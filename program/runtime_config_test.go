package program

import (
	"maps"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// withKeys returns the prod stack's configuration with the keys set.
func withKeys(t *testing.T, keys map[string]string) map[string]string {
	t.Helper()
	cfg := maps.Clone(stackConfigMap(t, "prod"))
	for k, v := range keys {
		cfg[awsmock.Project+":"+k] = v
	}
	return cfg
}

// TestConfigureChecksARNLocations: an ARN from the configuration that the
// stack's partition, region or account cannot use is refused with its key,
// value, where it must be and the fix, before anything is registered. The
// mocks answer region us-east-1 and account 123456789012.
func TestConfigureChecksARNLocations(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		keys map[string]string
		want []string
	}{
		"certificate of another region": {
			keys: map[string]string{"certificateArn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"},
			want: []string{`certificateArn: "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc" is in region ap-northeast-2, but the stack is in us-east-1`, "give the ARN of one in partition aws, region us-east-1, account 123456789012", "then: pulumi config set certificateArn <value>"},
		},
		"certificate of another account": {
			keys: map[string]string{"certificateArn": "arn:aws:acm:us-east-1:210987654321:certificate/abc"},
			want: []string{"certificateArn:", "belongs to account 210987654321, but the stack is in account 123456789012"},
		},
		"boundary of another account, reported once": {
			keys: map[string]string{"permissionsBoundaryArn": "arn:aws:iam::210987654321:policy/Workloads"},
			want: []string{`permissionsBoundaryArn: "arn:aws:iam::210987654321:policy/Workloads" belongs to account 210987654321`, "a role takes managed policies of its own account or AWS's"},
		},
		"boundary of another partition": {
			keys: map[string]string{"permissionsBoundaryArn": "arn:aws-us-gov:iam::aws:policy/PowerUserAccess"},
			want: []string{"permissionsBoundaryArn:", "is in partition aws-us-gov, but the stack is in aws"},
		},
		"repository key of another region": {
			keys: map[string]string{"repositoryEncryption": "KMS", "repositoryKmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/k"},
			want: []string{`repositoryKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" is in region eu-west-1`, "ECR encrypts a repository with a KMS key of the repository's own region"},
		},
		"repository key without KMS": {
			keys: map[string]string{"repositoryKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k"},
			want: []string{`repositoryEncryption: "AES256" uses no KMS key, but repositoryKmsKeyArn is set`, "pulumi config set repositoryEncryption KMS"},
		},
		"repository key is an alias": {
			keys: map[string]string{"repositoryEncryption": "KMS", "repositoryKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:alias/ecr"},
			want: []string{`repositoryKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/ecr" is not a KMS key ARN`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runProgram(&awsmock.Mocks{}, withKeys(t, tc.keys))
			if r.err == nil {
				t.Fatalf("the program with %v succeeded, want an error", tc.keys)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.err.Error(), w) {
					t.Errorf("error\n%v\nlacks %q", r.err, w)
				}
			}
			if n := strings.Count(r.err.Error(), "pulumi config set"); n != 1 {
				t.Errorf("error reports %d problems, want 1:\n%v", n, r.err)
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered, want none", n)
			}
		})
	}
}

// TestRepositoryEncryption: the prod stack (encryptLogs on) keeps its
// AES256 repository and its log key's policy unless repositoryEncryption
// says KMS; then the repository uses the log key, and the key admits ECR.
func TestRepositoryEncryption(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		keys             map[string]string
		encryption       string
		kmsKey           string // "log key": the log key's ARN
		logKeyStatements int
	}{
		"prod as it is":        {keys: nil, encryption: "AES256", logKeyStatements: 2},
		"KMS with the log key": {keys: map[string]string{"repositoryEncryption": "KMS"}, encryption: "KMS", kmsKey: "log key", logKeyStatements: 3},
		"KMS with a key given": {
			keys:       map[string]string{"repositoryEncryption": "KMS", "repositoryKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k"},
			encryption: "KMS", kmsKey: "arn:aws:kms:us-east-1:123456789012:key/k", logKeyStatements: 2,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runProgram(&awsmock.Mocks{}, withKeys(t, tc.keys))
			if r.err != nil {
				t.Fatal(r.err)
			}
			repo, ok := r.mocks.Named("aws:ecr/repository:Repository", "app")
			if !ok {
				t.Fatal("no repository app")
			}
			if got := repo.String("encryptionConfigurations", "0", "encryptionType"); got != tc.encryption {
				t.Errorf("repository encryption %q, want %q", got, tc.encryption)
			}
			key, ok := r.mocks.Named("aws:kms/key:Key", "logs")
			if !ok {
				t.Fatal("no log key")
			}
			want := tc.kmsKey
			if want == "log key" {
				want = r.exports["logKeyArn"].String()
			}
			if got := repo.String("encryptionConfigurations", "0", "kmsKey"); got != want {
				t.Errorf("repository kmsKey %q, want %q", got, want)
			}
			doc, err := iampolicy.Parse(key.String("policy"))
			if err != nil || len(doc.Statement) != tc.logKeyStatements {
				t.Errorf("log key policy has %d statements (%v), want %d", len(doc.Statement), err, tc.logKeyStatements)
			}
		})
	}
}
