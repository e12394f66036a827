package alb

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
)

// FieldError is the error Validate and NewLoadBalancer report for each bad
// field: it names the field, the value, what is allowed and a value that
// works.
type FieldError = argcheck.Error

// minTestListenerBits is the widest CIDR block (the smallest prefix length)
// the test listener may be opened to.
const minTestListenerBits = 8

// maxHealthCheckPath is the longest health-check path ELB accepts.
const maxHealthCheckPath = 1024

// certificateARN matches an ACM certificate ARN in any partition.
var certificateARN = regexp.MustCompile(`^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:certificate/[0-9a-zA-Z-]+$`)

// healthCheckPathPattern is what a target group's health-check path may be:
// a "/" and printable ASCII without spaces.
var healthCheckPathPattern = regexp.MustCompile(`^/[\x21-\x7e]*$`)

// cidrProblem parses one IPv4 CIDR block and says what is wrong with it, ""
// when nothing is, with the block it probably meant.
func cidrProblem(s string) (netip.Prefix, string, string) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		return p, "is not an IPv4 CIDR block: write address/bits, e.g. 203.0.113.0/24", ""
	case !p.Addr().Is4():
		return p, "is IPv6: the load balancer has IPv4 addresses only, give an IPv4 block", ""
	case p != p.Masked():
		return p, fmt.Sprintf("has host bits set: write %s", p.Masked()), p.Masked().String()
	}
	return p, "", ""
}

// checkCIDRList checks every block of a list field and reports each bad
// one and each duplicate, also of a block in taken (blocks the component
// admits anyway, by name). minBits > 0 refuses blocks wider than
// /minBits, with why, the reason for the limit.
func checkCIDRList(errs *argcheck.List, field string, list []string, minBits int, why string, taken map[netip.Prefix]string) {
	seen := map[netip.Prefix]int{}
	for i, s := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		p, problem, fix := cidrProblem(s)
		if problem != "" {
			errs.Add(f, s, nilIfEmpty(fix), "%s", problem)
			continue
		}
		if p.Bits() < minBits {
			what := "is wider than /" + strconv.Itoa(minBits)
			if p.Bits() == 0 {
				what = "admits the whole internet"
			}
			errs.Add(f, s, nil, "%s: %s", what, why)
			continue
		}
		if j, dup := seen[p]; dup {
			errs.Add(f, s, nil, "is also {%s[%d]}: list each block once", field, j)
			continue
		}
		if by, dup := taken[p]; dup {
			errs.Add(f, s, nil, "is %s, which is admitted anyway: remove it", by)
			continue
		}
		seen[p] = i
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// checkMatcher reports a health-check matcher that an Application Load
// Balancer refuses: it takes HTTP codes from 200 to 499, as one code, a
// comma-separated list ("200,202") or a range ("200-299").
func checkMatcher(errs *argcheck.List, m string) {
	bad := func(why string) {
		errs.Add("HealthCheckMatcher", m, DefaultHealthCheckMatcher,
			"%s: give HTTP codes from 200 to 499 as one code (200), a list (200,202) or a range (200-399)", why)
	}
	if m == "" {
		bad("is empty")
		return
	}
	code := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 200 && n <= 499 && len(s) == 3
	}
	for part := range strings.SplitSeq(m, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, ok := code(lo)
		if !ok {
			bad(fmt.Sprintf("has %q, not a code from 200 to 499", lo))
			return
		}
		if isRange {
			b, ok := code(hi)
			if !ok {
				bad(fmt.Sprintf("has %q, not a code from 200 to 499", hi))
				return
			}
			if b < a {
				bad(fmt.Sprintf("has the range %s backwards", part))
				return
			}
		}
	}
}
