package specfiles

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/specschema"
)

// Platform is the compute platform an AppSpec deploys to.
type Platform string

// The compute platforms of CodeDeploy.
const (
	Server Platform = "server" // EC2 and on-premises instances
	ECS    Platform = "ecs"
	Lambda Platform = "lambda"
)

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

func appSpecSchemaJSON(platform Platform) []byte {
	switch platform {
	case Server:
		return serverAppSpecSchemaJSON
	case ECS:
		return ecsAppSpecSchemaJSON
	case Lambda:
		return lambdaAppSpecSchemaJSON
	}
	return nil
}

// AppSpecSchema returns the JSON Schema of the AppSpec files of platform,
// derived from its Go type, or nil for an unknown platform: `forma schema
// appspec --platform` prints it.
func AppSpecSchema(platform Platform) []byte {
	return slices.Clone(appSpecSchemaJSON(platform))
}

// AppSpecSchemas returns one schema for the AppSpec files of every platform
// (oneOf the three): `forma schema appspec` prints it.
func AppSpecSchemas() []byte { return slices.Clone(appSpecSchemasJSON) }

// appSpecSchemas are the AppSpec schemas decoded for the checker, by
// platform, decoded once on first use.
var appSpecSchemas = sync.OnceValue(func() map[Platform]*specschema.Schema {
	m := map[Platform]*specschema.Schema{}
	for _, p := range []Platform{Server, ECS, Lambda} {
		m[p] = specschema.MustLoad(appSpecSchemaJSON(p))
	}
	return m
})

// reservedHooks are the lifecycle events CodeDeploy runs itself.
var reservedHooks = []string{"DownloadBundle", "Install", "BlockTraffic", "AllowTraffic", "Start", "End", "TestTraffic"}

// DetectAppSpecPlatform tells the platform of an AppSpec document: os or
// files make it an EC2/on-premises one; otherwise the Type of its resource.
func DetectAppSpecPlatform(n *yaml.Node) (Platform, bool) {
	if specschema.At(n, "os") != nil || specschema.At(n, "files") != nil || specschema.At(n, "hooks") != nil {
		return Server, true
	}
	res := specschema.At(n, "Resources")
	if res != nil && res.Kind == yaml.SequenceNode && len(res.Content) > 0 {
		item := res.Content[0]
		if item.Kind == yaml.MappingNode && len(item.Content) == 2 {
			switch t := specschema.At(item.Content[1], "Type"); {
			case t == nil:
			case t.Value == "AWS::ECS::Service":
				return ECS, true
			case t.Value == "AWS::Lambda::Function":
				return Lambda, true
			}
		}
	}
	return "", false
}

// CheckAppSpecFile checks the text of an appspec file for platform (""
// tells it from the file) and returns its problems with their lines.
func CheckAppSpecFile(data []byte, platform Platform) []specschema.Problem {
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
	return CheckAppSpec(n, platform)
}

// CheckAppSpec checks an AppSpec's node for platform against the schema,
// and explains a hook named after a lifecycle event CodeDeploy runs itself.
func CheckAppSpec(n *yaml.Node, platform Platform) []specschema.Problem {
	s := appSpecSchemas()[platform]
	if s == nil {
		return []specschema.Problem{{Message: fmt.Sprintf("unknown compute platform %q: want server, ecs or lambda", platform)}}
	}
	ps := specschema.Check(n, s)
	hooksKey := "hooks."
	if platform != Server {
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

func hookNames(s *specschema.Schema, platform Platform) []string {
	h := specschema.Property(s, "hooks")
	if platform != Server {
		h = specschema.Property(s, "Hooks").Items
	}
	return slices.Clone(h.Properties.Keys())
}
