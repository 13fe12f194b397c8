package specfiles_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFlagshipBuildsLess checks that the flagship example compiles nothing
// it does not use because the CLI links it: the construct packages of the
// buildspec and AppSpec checks (the CLI needs only this package) and the
// SDK's ECR client (one signed call, internal/awscall). Each costs seconds
// of every forma program's clean build.
func TestFlagshipBuildsLess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/forma-iac/forma/examples/bonjour").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	banned := []string{"github.com/forma-iac/forma/constructs/codebuild", "github.com/forma-iac/forma/constructs/codedeploy",
		"github.com/aws/aws-sdk-go-v2/service/ecr"}
	for _, pkg := range strings.Fields(string(out)) {
		for _, b := range banned {
			if pkg == b {
				t.Errorf("examples/bonjour links %s", pkg)
			}
		}
	}
}
