package codedeploy

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/specschema"
)

// AppSpecPlatform is the compute platform an AppSpec deploys to.
type AppSpecPlatform string

// The compute platforms of CodeDeploy.
const (
	AppSpecServer AppSpecPlatform = "server" // EC2 and on-premises instances
	AppSpecECS    AppSpecPlatform = "ecs"
	AppSpecLambda AppSpecPlatform = "lambda"
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
	for _, pr := range specschema.Errors(specschema.NoLines(checkAppSpec(n, p))) {
		errs = append(errs, pr.Path+": "+pr.Message)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("appspec: %s", strings.Join(errs, "; "))
	}
	return yaml.Marshal(v)
}

// The JSON Schemas of AppSpec files, generated from the Go types by
// internal/specschema/specgen.
var (
	//go:embed appspec.schema.json
	appSpecSchemasJSON []byte
	//go:embed appspec-server.schema.json
	serverAppSpecSchemaJSON []byte
	//go:embed appspec-ecs.schema.json
	ecsAppSpecSchemaJSON []byte
	//go:embed appspec-lambda.schema.json
	lambdaAppSpecSchemaJSON []byte
)

func appSpecSchemaJSON(platform AppSpecPlatform) []byte {
	switch platform {
	case AppSpecServer:
		return serverAppSpecSchemaJSON
	case AppSpecECS:
		return ecsAppSpecSchemaJSON
	case AppSpecLambda:
		return lambdaAppSpecSchemaJSON
	}
	return nil
}

// AppSpecSchema returns the JSON Schema of the AppSpec files of platform,
// derived from its Go type, or nil for an unknown platform: `forma schema
// appspec --platform` prints it.
func AppSpecSchema(platform AppSpecPlatform) []byte {
	return slices.Clone(appSpecSchemaJSON(platform))
}

// AppSpecSchemas returns one schema for the AppSpec files of every platform
// (oneOf the three): `forma schema appspec` prints it.
func AppSpecSchemas() []byte { return slices.Clone(appSpecSchemasJSON) }

// appSpecSchemas are the AppSpec schemas decoded for the checker, by
// platform, decoded once on first use.
var appSpecSchemas = sync.OnceValue(func() map[AppSpecPlatform]*specschema.Schema {
	m := map[AppSpecPlatform]*specschema.Schema{}
	for _, p := range []AppSpecPlatform{AppSpecServer, AppSpecECS, AppSpecLambda} {
		m[p] = specschema.MustLoad(appSpecSchemaJSON(p))
	}
	return m
})

// reservedHooks are the lifecycle events CodeDeploy runs itself.
var reservedHooks = []string{"DownloadBundle", "Install", "BlockTraffic", "AllowTraffic", "Start", "End", "TestTraffic"}

// DetectAppSpecPlatform tells the platform of an AppSpec document: os or
// files make it an EC2/on-premises one; otherwise the Type of its resource.
func DetectAppSpecPlatform(n *yaml.Node) (AppSpecPlatform, bool) {
	if specschema.At(n, "os") != nil || specschema.At(n, "files") != nil || specschema.At(n, "hooks") != nil {
		return AppSpecServer, true
	}
	res := specschema.At(n, "Resources")
	if res != nil && res.Kind == yaml.SequenceNode && len(res.Content) > 0 {
		item := res.Content[0]
		if item.Kind == yaml.MappingNode && len(item.Content) == 2 {
			switch t := specschema.At(item.Content[1], "Type"); {
			case t == nil:
			case t.Value == "AWS::ECS::Service":
				return AppSpecECS, true
			case t.Value == "AWS::Lambda::Function":
				return AppSpecLambda, true
			}
		}
	}
	return "", false
}

// CheckAppSpecFile checks the text of an appspec file for platform (""
// tells it from the file) and returns its problems with their lines.
func CheckAppSpecFile(data []byte, platform AppSpecPlatform) []specschema.Problem {
	n, ps := specschema.Parse(data)
	if n == nil {
		return ps
	}
	if platform == "" {
		p, ok := DetectAppSpecPlatform(n)
		if !ok {
			return []specschema.Problem{{Line: 1, Column: 1, Message: "cannot tell the compute platform: an EC2/on-premises AppSpec has os and files, an ECS or Lambda one has Resources with a Type of AWS::ECS::Service or AWS::Lambda::Function"}}
		}
		platform = p
	}
	return checkAppSpec(n, platform)
}

func checkAppSpec(n *yaml.Node, platform AppSpecPlatform) []specschema.Problem {
	s := appSpecSchemas()[platform]
	if s == nil {
		return []specschema.Problem{{Message: fmt.Sprintf("unknown compute platform %q: want server, ecs or lambda", platform)}}
	}
	ps := specschema.Check(n, s)
	hooksKey := "hooks."
	if platform != AppSpecServer {
		hooksKey = "Hooks["
	}
	for i, p := range ps {
		if !strings.HasPrefix(p.Path, hooksKey) || !strings.HasPrefix(p.Message, "unknown key") {
			continue
		}
		name := p.Path[strings.LastIndexAny(p.Path, ".]")+1:]
		if slices.Contains(reservedHooks, name) {
			ps[i].Message = fmt.Sprintf("%s is a lifecycle event CodeDeploy runs itself: it cannot have a hook (the %s platform's hooks: %s)", name, platform, strings.Join(hookNames(s, platform), ", "))
		}
	}
	return specschema.Sorted(ps)
}

func hookNames(s *specschema.Schema, platform AppSpecPlatform) []string {
	h := specschema.Property(s, "hooks")
	if platform != AppSpecServer {
		h = specschema.Property(s, "Hooks").Items
	}
	return slices.Clone(h.Properties.Keys())
}
