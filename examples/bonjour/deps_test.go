package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestProgramsLinkOnlyWhatTheyUse checks that neither the forma binary nor
// the flagship compiles packages it does not use, each of which would cost
// seconds of every forma program's clean build (the 60 s floor of
// TestBinaryFloors):
//   - the spec schemas come embedded (internal/specfiles): the reflector
//     that generates them and the Go parser it imports are linked only
//     into internal/specschema/specgen;
//   - the CLI checks buildspecs and AppSpecs with internal/specfiles, not
//     with the codebuild and codedeploy constructs;
//   - ECR's GetAuthorizationToken is one signed call (internal/awscall),
//     not the SDK's ECR client.
func TestProgramsLinkOnlyWhatTheyUse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	banned := map[string][]string{
		"github.com/forma-iac/forma/cli/forma": {"github.com/invopop/jsonschema", "go.yaml.in/yaml/v4", "github.com/pb33f/ordered-map/v2",
			"github.com/buger/jsonparser", "go/ast", "go/parser", "go/doc"},
		"github.com/forma-iac/forma/examples/bonjour": {"github.com/invopop/jsonschema", "go.yaml.in/yaml/v4", "github.com/pb33f/ordered-map/v2",
			"github.com/buger/jsonparser", "go/ast", "go/parser", "go/doc",
			"github.com/forma-iac/forma/constructs/codebuild", "github.com/forma-iac/forma/constructs/codedeploy",
			"github.com/aws/aws-sdk-go-v2/service/ecr"},
	}
	for program, pkgs := range banned {
		out, err := exec.Command(goTool, "list", "-deps", program).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", program, err)
		}
		deps := strings.Fields(string(out))
		for _, b := range pkgs {
			for _, d := range deps {
				if d == b {
					t.Errorf("%s links %s", program, b)
				}
			}
		}
	}
}
