package validation

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildIsReproducible builds the function twice: the same source must
// give the same archive, or every preview would propose a new one. One of
// the two is the archive NewHook stores, named by its hash.
func TestBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the function twice")
	}
	// The archive NewHook uses (built once a process, perhaps already by
	// another test), and a second build beside it.
	var second []byte
	var secondErr error
	built := make(chan struct{})
	go func() {
		defer close(built)
		second, secondErr = buildZip(string(ARM64))
	}()
	p, err := buildArchive(string(ARM64))
	<-built
	if err != nil {
		t.Fatal(err)
	}
	if secondErr != nil {
		t.Fatal(secondErr)
	}
	first, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(first); filepath.Base(p) != hex.EncodeToString(sum[:])+".zip" {
		t.Errorf("buildArchive stored %s: want it named by the archive's SHA-256", p)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("two builds of the same source differ (%d and %d bytes)", len(first), len(second))
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" {
		t.Fatalf("archive holds %v, want bootstrap alone", zr.File)
	}
	f := zr.File[0]
	if f.Mode()&0o111 == 0 || !f.Modified.Equal(zipTime) {
		t.Errorf("bootstrap has mode %v and time %v, want executable and %v", f.Mode(), f.Modified, zipTime)
	}
}
