package iam

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/google/go-cmp/cmp"
)

type conditions = map[string]map[string][]string

func TestTrustPolicies(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		doc           string
		wantPrincipal string
		wantCondition conditions
	}{
		"codedeploy": {
			doc:           codeDeployTrustPolicy("111122223333"),
			wantPrincipal: "codedeploy.amazonaws.com",
			wantCondition: conditions{"StringEquals": {"aws:SourceAccount": {"111122223333"}}},
		},
		"instance has no condition EC2 would not satisfy": {
			doc:           instanceTrustPolicy(),
			wantPrincipal: "ec2.amazonaws.com",
		},
		"task, commercial partition": {
			doc:           taskTrustPolicy("aws", "eu-west-1", "111122223333"),
			wantPrincipal: "ecs-tasks.amazonaws.com",
			wantCondition: conditions{
				"StringEquals": {"aws:SourceAccount": {"111122223333"}},
				"ArnLike":      {"aws:SourceArn": {"arn:aws:ecs:eu-west-1:111122223333:*"}},
			},
		},
		"task, China partition": {
			doc:           taskTrustPolicy("aws-cn", "cn-north-1", "444455556666"),
			wantPrincipal: "ecs-tasks.amazonaws.com",
			wantCondition: conditions{
				"StringEquals": {"aws:SourceAccount": {"444455556666"}},
				"ArnLike":      {"aws:SourceArn": {"arn:aws-cn:ecs:cn-north-1:444455556666:*"}},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc, err := iampolicy.Parse(tc.doc)
			if err != nil {
				t.Fatalf("Parse(%s): %v", tc.doc, err)
			}
			if doc.Version != iampolicy.Version || len(doc.Statement) != 1 {
				t.Fatalf("trust policy %s: want version %s and one statement", tc.doc, iampolicy.Version)
			}
			s := doc.Statement[0]
			want := iampolicy.Statement{
				Effect:    "Allow",
				Principal: &iampolicy.Principal{Service: []string{tc.wantPrincipal}},
				Action:    []string{"sts:AssumeRole"},
				Condition: tc.wantCondition,
			}
			if diff := cmp.Diff(want, s); diff != "" {
				t.Errorf("trust statement (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAWSManagedPolicyARN(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		partition, policy, want string
	}{
		"codedeploy has no service-role path": {"aws", codeDeployForECSPolicy, "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"},
		"container instance":                  {"aws", containerInstancePolicy, "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"},
		"task execution":                      {"aws-cn", taskExecutionPolicy, "arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := awsManagedPolicyARN(tc.partition, tc.policy)
			if got != tc.want {
				t.Errorf("awsManagedPolicyARN(%q, %q) = %q, want %q", tc.partition, tc.policy, got, tc.want)
			}
			var errs argcheck.List
			if !checkPolicyARN(&errs, "built-in", got) {
				t.Errorf("a built-in policy ARN fails validation: %v", errs.Err())
			}
		})
	}
}

func TestCheckPolicyARN(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		arn string
		ok  bool
	}{
		"aws managed":                 {"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", true},
		"aws managed with path":       {"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", true},
		"customer managed":            {"arn:aws:iam::123456789012:policy/app-read", true},
		"customer managed, deep path": {"arn:aws:iam::123456789012:policy/teams/web/app+read=1,2.x@y_z", true},
		"gov cloud":                   {"arn:aws-us-gov:iam::123456789012:policy/p", true},
		"iso-b":                       {"arn:aws-iso-b:iam::aws:policy/p", true},
		"empty":                       {"", false},
		"policy name only":            {"AmazonS3ReadOnlyAccess", false},
		"role, not policy":            {"arn:aws:iam::123456789012:role/app", false},
		"short account":               {"arn:aws:iam::12345678901:policy/p", false},
		"account with letters":        {"arn:aws:iam::12345678901x:policy/p", false},
		"region in an iam arn":        {"arn:aws:iam:us-east-1:123456789012:policy/p", false},
		"not iam":                     {"arn:aws:s3:::bucket/policy/p", false},
		"no name":                     {"arn:aws:iam::aws:policy/", false},
		"empty path segment":          {"arn:aws:iam::aws:policy//p", false},
		"wildcard name":               {"arn:aws:iam::aws:policy/*", false},
		"space in name":               {"arn:aws:iam::aws:policy/my policy", false},
		"other partition word":        {"arn:azure:iam::aws:policy/p", false},
		"trailing newline":            {"arn:aws:iam::aws:policy/p\n", false},
		"name too long":               {"arn:aws:iam::aws:policy/" + strings.Repeat("a", 129), false},
		"name at the limit":           {"arn:aws:iam::aws:policy/" + strings.Repeat("a", 128), true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var errs argcheck.List
			ok := checkPolicyARN(&errs, "TaskRolePolicyARNs[0]", tc.arn)
			err := errs.Err()
			if tc.ok != (err == nil) || ok != tc.ok {
				t.Fatalf("checkPolicyARN(%q) = %v, want ok %v", tc.arn, err, tc.ok)
			}
			if err != nil {
				for _, w := range []string{"TaskRolePolicyARNs[0]", strconv.Quote(tc.arn), "arn:<partition>:iam::"} {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("checkPolicyARN(%q) error %q lacks %q", tc.arn, err, w)
					}
				}
			}
		})
	}
}

func TestCheckExtraPolicies(t *testing.T) {
	t.Parallel()
	const s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	tests := map[string]struct {
		extras  []string
		builtIn []string
		want    []string // substrings, one error each
	}{
		"none":     {},
		"distinct": {extras: []string{s3, "arn:aws:iam::123456789012:policy/app"}},
		"bad and good": {
			extras: []string{s3, "nope"},
			want:   []string{`F[1] "nope" is not an IAM managed policy ARN`},
		},
		"duplicate": {
			extras: []string{s3, s3},
			want:   []string{`F[1] "` + s3 + `" has the policy name "AmazonS3ReadOnlyAccess", already taken by F[0]: remove the duplicate`},
		},
		"same name, other owner": {
			extras: []string{s3, "arn:aws:iam::123456789012:policy/x/AmazonS3ReadOnlyAccess"},
			want:   []string{`F[1]`},
		},
		"repeats a built-in": {
			extras:  []string{"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
			builtIn: []string{taskExecutionPolicy},
			want:    []string{`F[0] "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" has the policy name "AmazonECSTaskExecutionRolePolicy", already taken by service-role/AmazonECSTaskExecutionRolePolicy, which the role always gets`},
		},
		"every problem": {
			extras: []string{"a", s3, "b", s3},
			want:   []string{`F[0] "a"`, `F[2] "b"`, `F[3]`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var list argcheck.List
			checkExtraPolicies(&list, "F", tc.extras, tc.builtIn...)
			errs := argcheck.Errors(list.Err())
			if len(errs) != len(tc.want) {
				t.Fatalf("checkExtraPolicies(%q) = %v, want %d error(s)", tc.extras, errs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("checkExtraPolicies(%q) error %d = %q, want it to contain %q", tc.extras, i, errs[i], w)
				}
			}
		})
	}
}

func TestPlanAttachments(t *testing.T) {
	t.Parallel()
	exec := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	secrets := "arn:aws:iam::123456789012:policy/app/ReadSecrets"
	ecr := "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
	tests := map[string]struct {
		builtIn, extras []string
		want            []attachment
	}{
		"nothing": {want: []attachment{}},
		"built-in and extras, sorted by name": {
			builtIn: []string{exec},
			extras:  []string{secrets, ecr},
			want: []attachment{
				{Name: "web-execution-AmazonEC2ContainerRegistryReadOnly", PolicyARN: ecr},
				{Name: "web-execution-AmazonECSTaskExecutionRolePolicy", PolicyARN: exec},
				{Name: "web-execution-ReadSecrets", PolicyARN: secrets},
			},
		},
		"caller order does not matter": {
			builtIn: []string{exec},
			extras:  []string{ecr, secrets},
			want: []attachment{
				{Name: "web-execution-AmazonEC2ContainerRegistryReadOnly", PolicyARN: ecr},
				{Name: "web-execution-AmazonECSTaskExecutionRolePolicy", PolicyARN: exec},
				{Name: "web-execution-ReadSecrets", PolicyARN: secrets},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := planAttachments("web-execution", tc.builtIn, tc.extras)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("planAttachments(%q, %q) (-want +got):\n%s", tc.builtIn, tc.extras, diff)
			}
		})
	}
}

// TestPlanAttachmentsKeepsNames: removing one policy leaves every other
// attachment's name and ARN as it was, so `pulumi up` deletes exactly one.
func TestPlanAttachmentsKeepsNames(t *testing.T) {
	t.Parallel()
	all := []string{
		"arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B",
		"arn:aws:iam::123456789012:policy/C", "arn:aws:iam::aws:policy/D",
	}
	before := map[string]string{}
	for _, a := range planAttachments("r", nil, all) {
		before[a.Name] = a.PolicyARN
	}
	for i := range all {
		fewer := append(append([]string(nil), all[:i]...), all[i+1:]...)
		after := planAttachments("r", nil, fewer)
		if len(after) != len(fewer) {
			t.Fatalf("without %s: %d attachments, want %d", all[i], len(after), len(fewer))
		}
		for _, a := range after {
			if before[a.Name] != a.PolicyARN {
				t.Errorf("without %s: %s attaches %s, was %s", all[i], a.Name, a.PolicyARN, before[a.Name])
			}
		}
	}
}
