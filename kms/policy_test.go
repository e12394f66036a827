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
	doc, err := iampolicy.Parse(logKeyPolicy("aws", "amazonaws.com", "ap-northeast-2", "111122223333"))
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
	cn, _ := iampolicy.Parse(logKeyPolicy("aws-cn", "amazonaws.com.cn", "cn-north-1", "111122223333"))
	if got := cn.Statement[1].Principal.Service[0]; got != "logs.cn-north-1.amazonaws.com.cn" {
		t.Errorf("China partition: logs principal %q", got)
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
