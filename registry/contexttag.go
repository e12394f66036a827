package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
)

// ContextTagPrefix starts every tag ContextTag returns.
const ContextTagPrefix = "ctx-"

// ContextTag returns an image tag derived from the content of a build
// context: ContextTagPrefix and 20 hex digits of a SHA-256 over every file's
// path, executable bit and content, and every symbolic link's target, in
// lexical order. Any change in the context (a source file, the Dockerfile,
// a file .dockerignore leaves out) gives a new tag; an unchanged context
// gives the same tag on every machine.
//
// The repository's tags are immutable, so a build must never push an
// existing tag with new content: a tag of the content itself guarantees it.
// It fails on irregular files (sockets, devices) and unreadable ones.
func ContextTag(fsys fs.FS) (string, error) {
	sum := sha256.New()
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch typ := d.Type(); {
		case typ.IsDir():
			return nil
		case typ&fs.ModeSymlink != 0:
			target, err := fs.ReadLink(fsys, path)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(sum, "link\x00%s\x00%s\n", path, target)
			return err
		case typ.IsRegular():
			kind := "file"
			info, err := d.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm()&0o111 != 0 {
				kind = "exec"
			}
			content, err := fileSum(fsys, path)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(sum, "%s\x00%s\x00%s\n", kind, path, content)
			return err
		default:
			return fmt.Errorf("%s is not a regular file, directory or symbolic link (mode %s): remove it from the build context", path, typ)
		}
	})
	if err != nil {
		return "", err
	}
	return ContextTagPrefix + hex.EncodeToString(sum.Sum(nil))[:20], nil
}

// fileSum returns the hex SHA-256 of a file's content.
func fileSum(fsys fs.FS, path string) (string, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
