package alb

import "github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"

// ValidateLocation reports the ARNs of args that a load balancer in
// partition, region and account cannot use, one *FieldError each, joined:
// ELB takes an ACM certificate of its own account and region only. A
// caller that knows where the stack is (the program looks it up before it
// registers anything) calls it with Validate.
func (args LoadBalancerArgs) ValidateLocation(partition, region, account string) error {
	var errs argcheck.List
	if args.https() {
		errs.ARNIn("CertificateARN", args.CertificateARN,
			argcheck.Place{Partition: partition, Region: region, Accounts: []string{account}},
			"a load balancer uses an ACM certificate of its own account and region (request or import it in ACM there)")
	}
	return errs.Err()
}
