package kms_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/kms"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func run(t *testing.T, args *kms.LogKeyArgs, names ...string) (*awsmock.Mocks, map[string]*awsmock.Value, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	out := map[string]*awsmock.Value{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			k, err := kms.NewLogKey(ctx, n, args)
			if err != nil {
				return err
			}
			out[n+".keyArn"] = awsmock.Watch(ctx, k.KeyARN)
			out[n+".aliasName"] = awsmock.Watch(ctx, k.AliasName)
		}
		return nil
	})
	return m, out, err
}

func TestLogKeyTypeToken(t *testing.T) {
	t.Parallel()
	if kms.LogKeyType != "ecs-bluegreen:kms:LogKey" {
		t.Errorf("LogKeyType = %q: changing the type token replaces the key; add an alias instead", kms.LogKeyType)
	}
}

// TestLogKeyChildNamesAreStable pins the children's types and names, and
// checks that two keys coexist in one stack.
func TestLogKeyChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m, _, err := run(t, nil, "logs", "other")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:kms/alias:Alias logs", "aws:kms/alias:Alias other",
		"aws:kms/key:Key logs", "aws:kms/key:Key other",
		"ecs-bluegreen:kms:LogKey logs", "ecs-bluegreen:kms:LogKey other",
	}
	if diff := cmp.Diff(want, m.Shape()); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs %v", dups)
	}
}

func TestNewLogKey(t *testing.T) {
	t.Parallel()
	m, out, err := run(t, &kms.LogKeyArgs{Tags: map[string]string{"Stack": "test"}}, "logs")
	if err != nil {
		t.Fatal(err)
	}
	key := m.OfType("aws:kms/key:Key")[0]
	if !key.True("enableKeyRotation") || key.Number("deletionWindowInDays") != 30 {
		t.Errorf("key rotation %v, deletion window %v: want rotation on and 30 days", key.True("enableKeyRotation"), key.Number("deletionWindowInDays"))
	}
	if !strings.Contains(key.String("policy"), `"logs.us-east-1.amazonaws.com"`) || !strings.Contains(key.String("policy"), "arn:aws:logs:us-east-1:"+awsmock.Account+":log-group:*") {
		t.Errorf("key policy %s does not admit CloudWatch Logs of the stack's account and region", key.String("policy"))
	}
	if key.String("tags", "Name") != "logs" || key.String("tags", "Stack") != "test" {
		t.Errorf("key tags %v", key.Get("tags"))
	}
	alias := m.OfType("aws:kms/alias:Alias")[0]
	if !alias.DependsOn(key.URN) || !strings.HasPrefix(alias.String("namePrefix"), "alias/"+awsmock.Project+"/"+awsmock.Stack+"/logs-") {
		t.Errorf("alias %v does not name the key under the stack's prefix", alias.Inputs)
	}
	if got := out["logs.keyArn"].String(); !strings.HasPrefix(got, "arn:aws:kms:us-east-1:"+awsmock.Account+":key/") {
		t.Errorf("KeyARN = %q", got)
	}
	if got := out["logs.aliasName"].String(); !strings.HasPrefix(got, "alias/") {
		t.Errorf("AliasName = %q", got)
	}
	for _, tok := range []string{"aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion", "aws:index/getCallerIdentity:getCallerIdentity"} {
		if !slices.Contains(m.Calls(), tok) {
			t.Errorf("%s not called", tok)
		}
	}
}

func TestLogKeyValidate(t *testing.T) {
	t.Parallel()
	for days, want := range map[int][]argchecktest.Problem{
		0: nil, 7: nil, 30: nil,
		6:  {{Field: "DeletionWindowDays", Value: 6, Fix: 7}},
		31: {{Field: "DeletionWindowDays", Value: 31, Fix: 30}},
	} {
		args := kms.LogKeyArgs{DeletionWindowDays: days}
		if diff := cmp.Diff(want, argchecktest.Problems(t, args, args.Validate())); diff != "" {
			t.Errorf("DeletionWindowDays %d (-want +got):\n%s", days, diff)
		}
	}
	m, _, err := run(t, &kms.LogKeyArgs{DeletionWindowDays: 3}, "logs")
	if err == nil || !strings.Contains(err.Error(), "kms: logs: DeletionWindowDays 3 is out of range: use 7 to 30 days") || len(m.Resources()) != 0 {
		t.Errorf("NewLogKey(3 days) = %v with %d resources, want the field named and nothing registered", err, len(m.Resources()))
	}
}
