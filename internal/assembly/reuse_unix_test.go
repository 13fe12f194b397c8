//go:build unix

package assembly

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWriteKeepsAndReusesThePreviousAssembly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cdk.out")
	write := func(files Files) {
		t.Helper()
		if err := Write(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	inode := func(p string) uint64 {
		t.Helper()
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	write(Files{"a.json": []byte("first, long"), "gone.json": []byte("1"), "sub/x.json": []byte("x1")})
	firstA := inode("a.json")
	write(Files{"a.json": []byte("second"), "sub/x.json": []byte("x2")})
	if got := read(PreviousDir + "/a.json"); got != "first, long" {
		t.Errorf("previous a.json = %q, want the first assembly's", got)
	}
	if _, err := os.Stat(filepath.Join(dir, PreviousDir, PreviousDir)); !os.IsNotExist(err) {
		t.Error("the previous assembly keeps one of its own")
	}
	// A file outside the assembly linked to one of the previous assembly's
	// files, and a symbolic link in it, are not written through.
	outside := filepath.Join(t.TempDir(), "kept.json")
	if err := os.Link(filepath.Join(dir, PreviousDir, "sub/x.json"), outside); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "target.json")
	os.WriteFile(target, []byte("target"), 0o644)
	if err := os.Symlink(target, filepath.Join(dir, PreviousDir, "link.json")); err != nil {
		t.Fatal(err)
	}
	write(Files{"a.json": []byte("3"), "sub/x.json": []byte("x3"), "link.json": []byte("L")})
	if got := read("a.json"); got != "3" {
		t.Errorf("a.json = %q, want %q (the old content cut)", got, "3")
	}
	if inode("a.json") != firstA {
		t.Error("a.json was not written over the first assembly's file")
	}
	if got := read(PreviousDir + "/a.json"); got != "second" {
		t.Errorf("previous a.json = %q, want the second assembly's", got)
	}
	for _, p := range []string{"gone.json", PreviousDir + "/gone.json"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !os.IsNotExist(err) {
			t.Errorf("%s is left behind", p)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "x1" {
		t.Errorf("a file linked to the previous assembly's became %q", b)
	}
	if b, _ := os.ReadFile(target); string(b) != "target" {
		t.Errorf("a symbolic link's target became %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "link.json")); err != nil || !fi.Mode().IsRegular() || read("link.json") != "L" {
		t.Errorf("link.json: %v, %v", fi, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("temporary directories left: %v", entries)
	}
}

func TestWriterReusedCreateCutsOldContent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cdk.out")
	for _, content := range []string{"a long first tree", "second tree", "3"} {
		w, err := NewWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.Create("tree.json")
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "tree.json")); string(b) != content {
			t.Errorf("tree.json = %q, want %q", b, content)
		}
	}
}
