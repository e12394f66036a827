package argcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ARN is the parts of an Amazon Resource Name:
// arn:<partition>:<service>:<region>:<account>:<resource>.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// arnPattern is an ARN's shape: a partition of AWS's (aws, aws-cn,
// aws-us-gov, ...), a service, an optional region and account, and a
// resource.
var arnPattern = regexp.MustCompile(`^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}|aws|):(.+)$`)

// ParseARN splits s into its parts; false when s is not an ARN.
func ParseARN(s string) (ARN, bool) {
	m := arnPattern.FindStringSubmatch(s)
	if m == nil {
		return ARN{}, false
	}
	return ARN{Partition: m[1], Service: m[2], Region: m[3], Account: m[4], Resource: m[5]}, true
}

// Place is where an ARN must point for a stack to use it: the stack's
// partition, and, where AWS requires it, its region and its account.
type Place struct {
	// Partition is the stack's partition (aws, aws-cn, aws-us-gov).
	Partition string
	// Region is the stack's region when the resource must be in it, ""
	// when any region (or none, as for IAM) will do.
	Region string
	// Accounts are the accounts the resource may belong to (the stack's,
	// and "aws" for AWS managed policies), nil when any will do.
	Accounts []string
}

// ARNIn records a problem with field when arn (already checked for its
// shape) is not in place. what names the resource and why AWS wants it
// there ("a load balancer uses an ACM certificate of its own account and
// region"); the problem says what is allowed and how to fix it.
func (l *List) ARNIn(field, arn string, place Place, what string) {
	a, ok := ParseARN(arn)
	if !ok {
		return // the shape is the field's own check
	}
	var wrong []string
	if a.Partition != place.Partition {
		wrong = append(wrong, fmt.Sprintf("is in partition %s, but the stack is in %s", a.Partition, place.Partition))
	}
	if place.Region != "" && a.Region != place.Region {
		wrong = append(wrong, fmt.Sprintf("is in region %s, but the stack is in %s", a.Region, place.Region))
	}
	if place.Accounts != nil && !slices.Contains(place.Accounts, a.Account) {
		wrong = append(wrong, fmt.Sprintf("belongs to account %s, but the stack is in account %s", a.Account, place.Accounts[0]))
	}
	if len(wrong) == 0 {
		return
	}
	where := "partition " + place.Partition
	if place.Region != "" {
		where += ", region " + place.Region
	}
	if place.Accounts != nil {
		where += ", account " + strings.Join(place.Accounts, " or ")
	}
	l.Add(field, arn, nil, "%s: %s; give the ARN of one in %s", strings.Join(wrong, " and "), what, where)
}
