package network

import (
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// ValidateLocation reports the ARNs of args that a stack in partition and
// account cannot use, one *FieldError each, joined: the roles' permissions
// boundary must be a managed policy of that partition, AWS's or the
// account's own. A caller that knows the partition and account (the
// program looks them up before it registers anything) calls it with
// Validate.
func (args VPCArgs) ValidateLocation(partition, account string) error {
	var errs argcheck.List
	if args.PermissionsBoundaryARN != "" {
		iampolicy.CheckManagedPolicyIn(&errs, "PermissionsBoundaryARN", args.PermissionsBoundaryARN, partition, account)
	}
	return errs.Err()
}
