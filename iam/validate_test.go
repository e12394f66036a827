package iam_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/iam"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestRolesValidate: every problem with the plain fields is a field error
// naming the field and the value, reported at once.
func TestRolesValidate(t *testing.T) {
	t.Parallel()
	const s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	tests := map[string]struct {
		args iam.RolesArgs
		want []argchecktest.Problem
	}{
		"zero value":           {},
		"a boundary":           {args: iam.RolesArgs{PermissionsBoundaryARN: boundaryARN}},
		"an AWS managed bound": {args: iam.RolesArgs{PermissionsBoundaryARN: "arn:aws:iam::aws:policy/PowerUserAccess"}},
		"boundary is a role": {
			args: iam.RolesArgs{PermissionsBoundaryARN: "arn:aws:iam::123456789012:role/boundary"},
			want: []argchecktest.Problem{{Field: "PermissionsBoundaryARN", Value: "arn:aws:iam::123456789012:role/boundary"}},
		},
		"boundary is a name": {
			args: iam.RolesArgs{PermissionsBoundaryARN: "Workloads"},
			want: []argchecktest.Problem{{Field: "PermissionsBoundaryARN", Value: "Workloads"}},
		},
		"every problem at once": {
			args: iam.RolesArgs{
				PermissionsBoundaryARN:  "x",
				TaskRolePolicyARNs:      []string{s3, s3},
				ExecutionRolePolicyARNs: []string{"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "y"},
			},
			want: []argchecktest.Problem{
				{Field: "PermissionsBoundaryARN", Value: "x"},
				{Field: "TaskRolePolicyARNs[1]", Value: s3},
				{Field: "ExecutionRolePolicyARNs[0]", Value: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
				{Field: "ExecutionRolePolicyARNs[1]", Value: "y"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := argchecktest.Problems(t, tc.args, tc.args.Validate())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNewRolesRefusesBadArgs: NewRoles reports Validate's problems and the
// name's, and registers nothing.
func TestNewRolesRefusesBadArgs(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		_, err := iam.NewRoles(ctx, "bad name", &iam.RolesArgs{PermissionsBoundaryARN: "Workloads"})
		return err
	})
	for _, w := range []string{`iam: bad name: name "bad name"`, `PermissionsBoundaryARN "Workloads" is not an IAM managed policy ARN`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("NewRoles error %v lacks %q", err, w)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered, want none", n)
	}
}

// TestRolesValidateLocation: a role takes managed policies of its own
// partition, AWS's or its own account's; others name the field, the value
// and where the policy must be.
func TestRolesValidateLocation(t *testing.T) {
	t.Parallel()
	const other = "arn:aws:iam::210987654321:policy/boundaries/Workloads"
	tests := map[string]struct {
		partition string
		args      iam.RolesArgs
		want      []argchecktest.Problem
	}{
		"zero value":               {partition: "aws"},
		"boundary of the account":  {partition: "aws", args: iam.RolesArgs{PermissionsBoundaryARN: boundaryARN}},
		"AWS managed boundary":     {partition: "aws", args: iam.RolesArgs{PermissionsBoundaryARN: "arn:aws:iam::aws:policy/PowerUserAccess"}},
		"GovCloud boundary in gov": {partition: "aws-us-gov", args: iam.RolesArgs{PermissionsBoundaryARN: "arn:aws-us-gov:iam::123456789012:policy/B"}},
		"China policy in China":    {partition: "aws-cn", args: iam.RolesArgs{TaskRolePolicyARNs: []string{"arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess"}}},
		"boundary of another account": {
			partition: "aws", args: iam.RolesArgs{PermissionsBoundaryARN: other},
			want: []argchecktest.Problem{{Field: "PermissionsBoundaryARN", Value: other}},
		},
		"boundary of another partition": {
			partition: "aws-cn", args: iam.RolesArgs{PermissionsBoundaryARN: boundaryARN},
			want: []argchecktest.Problem{{Field: "PermissionsBoundaryARN", Value: boundaryARN}},
		},
		"task and execution policies of another account": {
			partition: "aws", args: iam.RolesArgs{TaskRolePolicyARNs: []string{policyS3Read, other}, ExecutionRolePolicyARNs: []string{other}},
			want: []argchecktest.Problem{{Field: "TaskRolePolicyARNs[1]", Value: other}, {Field: "ExecutionRolePolicyARNs[0]", Value: other}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.ValidateLocation(tc.partition, awsmock.Account)
			got := argchecktest.Problems(t, tc.args, err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ValidateLocation(%q, %q) problems (-want +got):\n%s", tc.partition, awsmock.Account, diff)
			}
		})
	}
	err := iam.RolesArgs{PermissionsBoundaryARN: other}.ValidateLocation("aws", awsmock.Account)
	for _, w := range []string{
		`PermissionsBoundaryARN "` + other + `" belongs to account 210987654321, but the stack is in account 123456789012`,
		"a role takes managed policies of its own account or AWS's",
		"give the ARN of one in partition aws, account 123456789012 or aws",
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("ValidateLocation error %v lacks %q", err, w)
		}
	}
}

// TestNewRolesRefusesAnotherAccountsBoundary: NewRoles checks the boundary
// against the account it looked up, and creates no role when it is
// another's.
func TestNewRolesRefusesAnotherAccountsBoundary(t *testing.T) {
	t.Parallel()
	m := &awsmock.Mocks{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		_, err := iam.NewRoles(ctx, "svc", &iam.RolesArgs{PermissionsBoundaryARN: "arn:aws:iam::210987654321:policy/B"})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `iam: svc: PermissionsBoundaryARN "arn:aws:iam::210987654321:policy/B" belongs to account 210987654321`) {
		t.Errorf("NewRoles error %v, want the boundary's account named", err)
	}
	for _, r := range m.Resources() {
		if r.Custom {
			t.Errorf("%s %s registered, want no child", r.Type, r.Name)
		}
	}
}
