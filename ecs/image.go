package ecs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Image references, after the grammar of the Docker distribution project:
// [domain[:port]/]path[:tag][@digest]. Pure: no pulumi import.
var (
	imageDomainPattern = regexp.MustCompile(`^(localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:[0-9]+)?$`)
	imagePathPattern   = regexp.MustCompile(`^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$`)
	imageTagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	imageDigestPattern = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

// imageNameMax is the longest image name (registry and path) Docker accepts.
const imageNameMax = 255

// imageProblem says what is wrong with an image reference ECS is to pull
// (lower-case repository path, optional registry, tag and digest), nil when
// nothing is. The message follows the reference itself.
func imageProblem(s string) error {
	if s == "" {
		return errors.New("is empty: give an image reference such as registry/repository:tag")
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return errors.New("contains white space: give an image reference such as registry/repository:tag")
	}
	rest := s
	if name, digest, ok := strings.Cut(rest, "@"); ok {
		if !imageDigestPattern.MatchString(digest) {
			return fmt.Errorf("has digest %q: a digest is sha256: and 64 lower-case hex digits", digest)
		}
		rest = name
	}
	// A tag follows the last colon after the last slash.
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		if tag := rest[i+1:]; !imageTagPattern.MatchString(tag) {
			return fmt.Errorf("has tag %q: a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'", tag)
		}
		rest = rest[:i]
	}
	path := rest
	if first, after, ok := strings.Cut(rest, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		if !imageDomainPattern.MatchString(first) {
			return fmt.Errorf("has registry %q, which is not a host name with an optional port", first)
		}
		path = after
	}
	if len(rest) > imageNameMax {
		return fmt.Errorf("is too long: the name may have %d characters at most", imageNameMax)
	}
	if !imagePathPattern.MatchString(path) {
		return fmt.Errorf("has repository path %q: use lower-case letters, digits and separators ('.', '_', '-') between '/'-separated parts", path)
	}
	return nil
}

// ImageIsPinned reports whether an image reference names a tag or a
// digest. Without either, ECS pulls :latest, and a release can neither be
// repeated nor rolled back to the same image.
func ImageIsPinned(s string) bool {
	return strings.Contains(s, "@") || strings.LastIndex(s, ":") > strings.LastIndex(s, "/")
}
