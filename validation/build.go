package validation

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// BootstrapPackage is the Go package NewHook builds into the function's
// bootstrap.
const BootstrapPackage = "github.com/ecs-bluegreen/ecs-bluegreen/validation/bootstrap"

// zipTime is every zip entry's modification time: a fixed one, so the
// archive depends on its content alone.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// builds holds the archive built per architecture in this process: a
// program (or a test) that creates several hooks builds once.
var builds = struct {
	sync.Mutex
	zips map[string]string
}{zips: map[string]string{}}

// buildArchive builds BootstrapPackage for linux/arch and returns the path
// of its zip, named by its content's hash under the user's cache directory
// (it outlives the program: the engine reads it after the program
// registered the function).
func buildArchive(arch string) (string, error) {
	builds.Lock()
	defer builds.Unlock()
	if p, ok := builds.zips[arch]; ok {
		return p, nil
	}
	data, err := buildZip(arch)
	if err != nil {
		return "", err
	}
	p, err := store(data)
	if err != nil {
		return "", err
	}
	builds.zips[arch] = p
	return p, nil
}

// buildZip builds BootstrapPackage for linux/arch, reproducibly, and
// returns its zip.
func buildZip(arch string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "validation-hook-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	bin := filepath.Join(dir, "bootstrap")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc",
		"-ldflags", "-s -w -buildid=", "-o", bin, BootstrapPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch, "GOFLAGS=-mod=readonly")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the hook's function (go build %s for linux/%s): %w\n%s", BootstrapPackage, arch, err, out)
	}
	return zipBootstrap(bin)
}

// zipBootstrap zips the binary as "bootstrap", executable, with zipTime.
func zipBootstrap(bin string) ([]byte, error) {
	exe, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: zipTime}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(exe); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// store writes data to the cache, named by its SHA-256, and returns the
// path.
func store(data []byte) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "ecs-bluegreen", "validation")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	p := filepath.Join(dir, hex.EncodeToString(sum[:])+".zip")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	tmp, err := os.CreateTemp(dir, "partial-")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return p, os.Rename(tmp.Name(), p)
}
