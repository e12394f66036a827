package alb

import (
	"strconv"
	"strings"
)

// maxNamePrefix is the longest name prefix AWS accepts for a load balancer
// or a target group: the provider appends a 26-character unique id, and the
// name may have at most 32 characters.
const maxNamePrefix = 6

// maxBucketPrefix is the longest bucket-name prefix: the provider appends a
// 26-character unique id, and a bucket name may have at most 63 characters.
const maxBucketPrefix = 37

// Target group name prefixes. Each fits maxNamePrefix; the physical names
// (output as BlueTargetGroupName and GreenTargetGroupName) are these plus
// AWS's unique id, and CodeDeploy's deployment group names them.
const (
	bluePrefix  = "blue-"
	greenPrefix = "green-"
)

// namePrefix derives a physical-name prefix from a component name: the name
// lowercased, every run of characters other than letters and digits turned
// into one hyphen, cut so that the result (ending in suffix) has at most
// limit characters. A name with no letters or digits gives fallback.
// The result never starts with a hyphen and never has two in a row.
func namePrefix(name, suffix, fallback string, limit int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	base := b.String()
	if room := limit - len(suffix); len(base) > room {
		base = base[:max(room, 0)]
	}
	base = strings.TrimRight(base, "-")
	if base == "" {
		return fallback
	}
	return base + suffix
}

// listenerURL returns the URL a listener answers on, leaving out the
// scheme's default port.
func listenerURL(scheme, host string, port int) string {
	u := scheme + "://" + host
	if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) {
		return u
	}
	return u + ":" + strconv.Itoa(port)
}
