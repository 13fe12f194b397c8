package iam_test

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCfnLint lints every golden template of this package in one cfn-lint
// process; errors fail, warnings are shown. It skips, loudly, when cfn-lint
// is not installed.
func TestCfnLint(t *testing.T) {
	lintTemplates(t, "testdata/*/*.template.json")
}

func lintTemplates(t *testing.T, glob string) {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates match %s: %v", glob, err)
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIP: cfn-lint is not installed; golden templates NOT linted (pip install cfn-lint==1.51.0)")
	}
	args := append([]string{"--non-zero-exit-code", "error"}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint reports errors in %v:\n%s", files, out)
	} else if len(out) > 0 {
		t.Logf("cfn-lint:\n%s", out)
	}
}
