package ociimage

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// TestExecutableLoadsAndPrintsTheName runs the executable source as the AWS
// CDK CLI does (in the assembly directory), with a docker that records its
// arguments: it loads the archive and prints only the image's name.
func TestExecutableLoadsAndPrintsTheName(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	bin := t.TempDir()
	asm := t.TempDir()
	fake := "#!/bin/sh\necho \"$@\" > " + filepath.Join(asm, "docker.args") + "\necho 'Loaded image: whatever'\n"
	if err := os.WriteFile(filepath.Join(bin, "docker"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	d := v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("ab", 32)}
	exe := Executable("asset."+d.Hex+".tar", d)
	cmd := exec.Command(exe[0], exe[1:]...)
	cmd.Dir = asm
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != TarballTag(d) {
		t.Errorf("printed %q, want %q", got, TarballTag(d))
	}
	args, _ := os.ReadFile(filepath.Join(asm, "docker.args"))
	if got := strings.TrimSpace(string(args)); got != "load --quiet --input asset."+d.Hex+".tar" {
		t.Errorf("docker %s", got)
	}
	if a, ok := ArchiveOf(exe); !ok || a != "asset."+d.Hex+".tar" {
		t.Errorf("ArchiveOf: %q %v", a, ok)
	}
}
