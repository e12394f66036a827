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
