package codedeploy

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/specfiles"
	"github.com/forma-iac/forma/internal/specschema"
)

// AppSpecPlatform is the compute platform an AppSpec deploys to.
type AppSpecPlatform = specfiles.Platform

// The compute platforms of CodeDeploy.
const (
	AppSpecServer = specfiles.Server // EC2 and on-premises instances
	AppSpecECS    = specfiles.ECS
	AppSpecLambda = specfiles.Lambda
)

// AppSpec is one of ServerAppSpec, ECSAppSpec and LambdaAppSpec.
type AppSpec interface {
	// Platform is the compute platform the AppSpec deploys to.
	Platform() AppSpecPlatform
	// YAML renders the AppSpec as an appspec.yml file holds it, after
	// checking it.
	YAML() ([]byte, error)
}

// Platform returns AppSpecServer.
func (ServerAppSpec) Platform() AppSpecPlatform { return AppSpecServer }

// Platform returns AppSpecECS.
func (ECSAppSpec) Platform() AppSpecPlatform { return AppSpecECS }

// Platform returns AppSpecLambda.
func (LambdaAppSpec) Platform() AppSpecPlatform { return AppSpecLambda }

// YAML renders the AppSpec after checking it.
func (a ServerAppSpec) YAML() ([]byte, error) {
	if a.Version == "" {
		a.Version = "0.0"
	}
	return renderAppSpec(a, AppSpecServer)
}

// YAML renders the AppSpec after checking it.
func (a ECSAppSpec) YAML() ([]byte, error) {
	if a.Version == "" {
		a.Version = "0.0"
	}
	return renderAppSpec(a, AppSpecECS)
}

// YAML renders the AppSpec after checking it.
func (a LambdaAppSpec) YAML() ([]byte, error) {
	if a.Version == "" {
		a.Version = "0.0"
	}
	return renderAppSpec(a, AppSpecLambda)
}

func renderAppSpec(v any, p AppSpecPlatform) ([]byte, error) {
	n, err := specschema.Encode(v)
	if err != nil {
		return nil, err
	}
	var errs []string
	for _, pr := range specschema.Errors(specschema.NoLines(specfiles.CheckAppSpec(n, p))) {
		errs = append(errs, pr.Path+": "+pr.Message)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("appspec: %s", strings.Join(errs, "; "))
	}
	return yaml.Marshal(v)
}

// AppSpecSchema returns the JSON Schema of the AppSpec files of platform,
// derived from its Go type, or nil for an unknown platform: `forma schema
// appspec --platform` prints it.
func AppSpecSchema(platform AppSpecPlatform) []byte { return specfiles.AppSpecSchema(platform) }

// AppSpecSchemas returns one schema for the AppSpec files of every platform
// (oneOf the three): `forma schema appspec` prints it.
func AppSpecSchemas() []byte { return specfiles.AppSpecSchemas() }

// DetectAppSpecPlatform tells the platform of an AppSpec document: os or
// files make it an EC2/on-premises one; otherwise the Type of its resource.
func DetectAppSpecPlatform(n *yaml.Node) (AppSpecPlatform, bool) {
	return specfiles.DetectAppSpecPlatform(n)
}

// CheckAppSpecFile checks the text of an appspec file for platform (""
// tells it from the file) and returns its problems with their lines.
func CheckAppSpecFile(data []byte, platform AppSpecPlatform) []specschema.Problem {
	return specfiles.CheckAppSpecFile(data, platform)
}
