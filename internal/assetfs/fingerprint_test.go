package assetfs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The hashes are the AWS CDK 2.276.0's for the same sources
// (aws_s3_assets.Asset and lambda.Code.fromAsset).
func TestFingerprintMatchesTheCDK(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"index.js": "hello\n", "sub/b.txt": "x\n"})
	got, err := Fingerprint(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "3e51120ded9ea48ceb352395b8e3553f0c5d69af06c11745a8d247245f373e20"; got != want {
		t.Errorf("directory: got %s, want %s", got, want)
	}
	got, err = Fingerprint(filepath.Join(dir, "index.js"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "549b144eccd7807d632712b653e30c42e8747617c2d8d4d083a75a701b0837b9"; got != want {
		t.Errorf("file: got %s, want %s", got, want)
	}
}

func TestFingerprintIgnoresCRLFAndExcluded(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write(t, a, map[string]string{"index.js": "hello\n", "sub/b.txt": "x\n"})
	write(t, b, map[string]string{"index.js": "hello\r\n", "sub/b.txt": "x\n", "node_modules/m/x.js": "1", "c.log": "l", "sub/keep.log": "k"})
	ha, _ := Fingerprint(a, nil)
	hb, err := Fingerprint(b, []string{"node_modules", "*.log"})
	if err != nil {
		t.Fatal(err)
	}
	if ha != hb {
		t.Errorf("exclusions and CRLF changed the hash: %s vs %s", ha, hb)
	}
	hc, _ := Fingerprint(b, []string{"node_modules/", "*.log", "!sub/keep.log"})
	if hc == ha {
		t.Error("a re-included file did not change the hash")
	}
	write(t, a, map[string]string{"index.js": "hello!\n"})
	if h, _ := Fingerprint(a, nil); h == ha {
		t.Error("changed content kept the hash")
	}
}

func TestMissingAndBrokenLinks(t *testing.T) {
	_, err := Fingerprint(filepath.Join(t.TempDir(), "nope"), nil)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing path: %v", err)
	}
	dir := t.TempDir()
	write(t, dir, map[string]string{"a": "a"})
	os.Symlink("missing", filepath.Join(dir, "l"))
	if _, err := Fingerprint(dir, nil); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("dangling link: %v", err)
	}
	loop := t.TempDir()
	os.Symlink(".", filepath.Join(loop, "self"))
	if _, err := Fingerprint(loop, nil); err == nil || !strings.Contains(err.Error(), "leads back") {
		t.Errorf("link loop: %v", err)
	}
}

func TestLinksAreFollowed(t *testing.T) {
	a, b, out := t.TempDir(), t.TempDir(), t.TempDir()
	write(t, a, map[string]string{"index.js": "hello\n", "sub/b.txt": "x\n"})
	write(t, out, map[string]string{"b.txt": "x\n"})
	write(t, b, map[string]string{"index.js": "hello\n"})
	os.Symlink(out, filepath.Join(b, "sub"))
	ha, _ := Fingerprint(a, nil)
	hb, err := Fingerprint(b, nil)
	if err != nil || ha != hb {
		t.Errorf("a linked directory hashes as its content: %s vs %s (%v)", ha, hb, err)
	}
}

func TestZipIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"z": "z", "a/b": "b", "bootstrap": "bin"})
	os.Chmod(filepath.Join(dir, "bootstrap"), 0o700)
	var one, two bytes.Buffer
	if err := Zip(&one, dir); err != nil {
		t.Fatal(err)
	}
	now := filepath.Join(dir, "z")
	os.Chtimes(now, time0, time0)
	if err := Zip(&two, dir); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Error("zipping twice gave different bytes")
	}
	names, modes := zipEntries(t, one.Bytes())
	if strings.Join(names, ",") != "a/b,bootstrap,z" {
		t.Errorf("entries %v", names)
	}
	if modes["bootstrap"] != 0o755 || modes["z"] != 0o644 {
		t.Errorf("modes %v", modes)
	}
}
