package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// make test says loudly when the moto integration test did not run, and
// how to run it; the README names FORMA_TEST_MOTO_URL and moto's need for
// --method direct with cross-stack exports.
func TestMotoSkipIsLoud(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FORMA_TEST_MOTO_URL", "moto needs `--method direct` for stacks that import another stack's exports"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	cmd := exec.Command("make", "-s", "moto-notice")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "FORMA_TEST_MOTO_URL=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "SKIP: FORMA_TEST_MOTO_URL is not set") || !strings.Contains(string(out), "FORMA_TEST_MOTO_URL=http://127.0.0.1:5000 go test ./cli -run Moto") {
		t.Errorf("make moto-notice without FORMA_TEST_MOTO_URL: %v\n%s", err, out)
	}
	mk, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mk), "\n") {
		if strings.HasPrefix(line, "test:") && !strings.Contains(line, "moto-notice") {
			t.Errorf("make test does not run moto-notice: %s", line)
		}
	}
}
