package alb

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// minTestListenerBits is the widest CIDR block (the smallest prefix length)
// the test listener may be opened to.
const minTestListenerBits = 8

// certificateARN matches an ACM certificate ARN in any partition.
var certificateARN = regexp.MustCompile(`^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:certificate/[0-9a-zA-Z-]+$`)

// parseCIDR parses one IPv4 CIDR block of field, named as field (with the
// index when the field is a list), and says how to fix it.
func parseCIDR(field, s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		return p, fmt.Errorf("%s %q is not a CIDR block: write address/bits, e.g. 203.0.113.0/24", field, s)
	case !p.Addr().Is4():
		return p, fmt.Errorf("%s %q is IPv6: the load balancer has IPv4 addresses only, give an IPv4 block", field, s)
	case p != p.Masked():
		return p, fmt.Errorf("%s %q has host bits set: write %s", field, s, p.Masked())
	}
	return p, nil
}

// checkCIDRList parses every block of a list field and reports each bad
// one and each duplicate. minBits > 0 rejects blocks wider than /minBits
// with why, the reason for the limit. skip names a value already reported
// elsewhere (a default copied from another field).
func checkCIDRList(field string, list []string, minBits int, why, skip string) []error {
	var errs []error
	seen := map[netip.Prefix]bool{}
	for i, s := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		p, err := parseCIDR(f, s)
		if err != nil {
			if s != skip {
				errs = append(errs, err)
			}
			continue
		}
		if p.Bits() < minBits {
			what := "is wider than /" + strconv.Itoa(minBits)
			if p.Bits() == 0 {
				what = "admits the whole internet"
			}
			errs = append(errs, fmt.Errorf("%s %q %s: %s", f, s, what, why))
		}
		if seen[p] {
			errs = append(errs, fmt.Errorf("%s %q appears twice in %s: list each block once", f, s, field))
		}
		seen[p] = true
	}
	return errs
}

// checkRange reports a value outside lo..hi, naming the field and its unit.
func checkRange(field string, v, lo, hi int, unit string) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s %d is out of range: use %d to %d%s", field, v, lo, hi, unit)
	}
	return nil
}

// checkMatcher reports a health-check matcher that an Application Load
// Balancer refuses: it takes HTTP codes from 200 to 499, as one code, a
// comma-separated list ("200,202") or a range ("200-299").
func checkMatcher(m string) error {
	bad := func(why string) error {
		return fmt.Errorf("HealthCheckMatcher %q %s: give HTTP codes from 200 to 499 as one code (200), a list (200,202) or a range (200-399)", m, why)
	}
	if m == "" {
		return bad("is empty")
	}
	code := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 200 && n <= 499 && len(s) == 3
	}
	for part := range strings.SplitSeq(m, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, ok := code(lo)
		if !ok {
			return bad(fmt.Sprintf("has %q, not a code from 200 to 499", lo))
		}
		if isRange {
			b, ok := code(hi)
			if !ok {
				return bad(fmt.Sprintf("has %q, not a code from 200 to 499", hi))
			}
			if b < a {
				return bad(fmt.Sprintf("has the range %s backwards", part))
			}
		}
	}
	return nil
}
