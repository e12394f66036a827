package validation

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"
)

// TestBuildIsReproducible builds the function twice: the same source must
// give the same archive, or every preview would propose a new one.
func TestBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the function twice")
	}
	first, err := buildZip(string(ARM64))
	if err != nil {
		t.Fatal(err)
	}
	second, err := buildZip(string(ARM64))
	if err != nil {
		t.Fatal(err)
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
	p, err := buildArchive(string(ARM64))
	if err != nil {
		t.Fatal(err)
	}
	stored, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(stored, first) {
		t.Errorf("buildArchive stored %s (%v), want the same archive", p, err)
	}
}
