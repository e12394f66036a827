package kms

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

func TestLogKeyPolicy(t *testing.T) {
	t.Parallel()
	doc, err := iampolicy.Parse(logKeyPolicy("aws", "amazonaws.com", "ap-northeast-2", "111122223333", false))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 2 {
		t.Fatalf("%d statements, want 2: %+v", len(doc.Statement), doc.Statement)
	}
	admin, logs := doc.Statement[0], doc.Statement[1]
	if diff := cmp.Diff(&iampolicy.Principal{AWS: []string{"arn:aws:iam::111122223333:root"}}, admin.Principal); diff != "" {
		t.Errorf("administration principal (-want +got):\n%s", diff)
	}
	// The account administers the key; no IAM principal may use it.
	for _, a := range admin.Action {
		for _, use := range []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt", "kms:GenerateDataKey", "kms:*"} {
			if strings.HasPrefix(use, strings.TrimSuffix(a, "*")) || a == use {
				t.Errorf("the account's statement allows %s, which covers %s: only CloudWatch Logs may use the key", a, use)
			}
		}
	}
	if !slices.Contains(admin.Action, "kms:Put*") {
		t.Errorf("the account cannot put the key policy (%v): KMS refuses a policy that locks its creator out", admin.Action)
	}
	want := iampolicy.Statement{
		Sid:       "CloudWatchLogsOfThisAccountAndRegion",
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{"logs.ap-northeast-2.amazonaws.com"}},
		Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
		Resource:  []string{"*"},
		Condition: map[string]map[string][]string{
			"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {"arn:aws:logs:ap-northeast-2:111122223333:log-group:*"}},
		},
	}
	if diff := cmp.Diff(want, logs); diff != "" {
		t.Errorf("CloudWatch Logs statement (-want +got):\n%s", diff)
	}
	cn, _ := iampolicy.Parse(logKeyPolicy("aws-cn", "amazonaws.com.cn", "cn-north-1", "111122223333", false))
	if got := cn.Statement[1].Principal.Service[0]; got != "logs.cn-north-1.amazonaws.com.cn" {
		t.Errorf("China partition: logs principal %q", got)
	}
}

// TestLogKeyPolicyForECR: with ECRRepositories, the account's principals
// may use the key through ECR in the key's region only; the other
// statements stay as they are.
func TestLogKeyPolicyForECR(t *testing.T) {
	t.Parallel()
	without, _ := iampolicy.Parse(logKeyPolicy("aws", "amazonaws.com", "ap-northeast-2", "111122223333", false))
	with, err := iampolicy.Parse(logKeyPolicy("aws", "amazonaws.com", "ap-northeast-2", "111122223333", true))
	if err != nil {
		t.Fatal(err)
	}
	if len(with.Statement) != 3 {
		t.Fatalf("%d statements, want 3: %+v", len(with.Statement), with.Statement)
	}
	if diff := cmp.Diff(without.Statement, with.Statement[:2]); diff != "" {
		t.Errorf("ECR changes the other statements (-without +with):\n%s", diff)
	}
	want := iampolicy.Statement{
		Sid:       "ECRRepositoriesOfThisAccountAndRegion",
		Effect:    "Allow",
		Principal: &iampolicy.Principal{AWS: []string{"arn:aws:iam::111122223333:root"}},
		Action:    []string{"kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:RetireGrant"},
		Resource:  []string{"*"},
		Condition: map[string]map[string][]string{
			"StringEquals": {"kms:ViaService": {"ecr.ap-northeast-2.amazonaws.com"}, "kms:CallerAccount": {"111122223333"}},
		},
	}
	if diff := cmp.Diff(want, with.Statement[2]); diff != "" {
		t.Errorf("ECR statement (-want +got):\n%s", diff)
	}
	if d := logKeyDescription("p", "prod", "logs", false); strings.Contains(d, "ECR") {
		t.Errorf("description without ECR = %q", d)
	}
	if d := logKeyDescription("p", "prod", "logs", true); !strings.Contains(d, "ECR") {
		t.Errorf("description with ECR = %q, want it named", d)
	}
}

func TestAliasPrefix(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ecs-bluegreen prod logs": "alias/ecs-bluegreen/prod/logs-",
		"my.proj dev logs":        "alias/my-proj/dev/logs-",
		"aws dev logs":            "alias/stack-aws/dev/logs-",
	} {
		f := strings.Fields(in)
		if got := aliasPrefix(f[0], f[1], f[2]); got != want {
			t.Errorf("aliasPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}
