package specgen

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codedeploy"
)

// File is one generated schema file.
type File struct {
	// Path is relative to the module root, with slashes.
	Path string
	// Data is the schema indented by two spaces, with a final newline: the
	// bytes `forma schema` prints.
	Data []byte
}

// Files returns every generated schema file, in a fixed order.
func Files() ([]File, error) {
	server, ecs, lambda := AppSpec(codedeploy.AppSpecServer), AppSpec(codedeploy.AppSpecECS), AppSpec(codedeploy.AppSpecLambda)
	all := &jsonschema.Schema{
		Version: jsonschema.Version,
		Title:   "AWS CodeDeploy AppSpec",
		OneOf:   []*jsonschema.Schema{server, ecs, lambda},
	}
	var out []File
	for _, f := range []struct {
		path string
		s    *jsonschema.Schema
	}{
		{"internal/specfiles/buildspec.schema.json", BuildSpec()},
		{"internal/specfiles/appspec.schema.json", all},
		{"internal/specfiles/appspec-server.schema.json", server},
		{"internal/specfiles/appspec-ecs.schema.json", ecs},
		{"internal/specfiles/appspec-lambda.schema.json", lambda},
	} {
		data, err := json.MarshalIndent(f.s, "", "  ")
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: f.path, Data: append(data, '\n')})
	}
	return out, nil
}

// reflectType returns the schema of v's type, edited by edit (nil for
// none).
func reflectType(v any, edit func(*jsonschema.Schema)) *jsonschema.Schema {
	r := &jsonschema.Reflector{
		DoNotReference:             true,
		ExpandedStruct:             true,
		RequiredFromJSONSchemaTags: true,
		Mapper:                     mapBool,
	}
	s := r.Reflect(v)
	s.ID = ""
	if edit != nil {
		edit(s)
	}
	return s
}

// boolSchema is the schema of a boolean: true/false, or yes/no as
// CodeBuild's YAML reads them.
func boolSchema() *jsonschema.Schema {
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{{Type: "boolean"}, {Type: "string", Enum: []any{"yes", "no"}}}}
}

func mapBool(t reflect.Type) *jsonschema.Schema {
	if t.Kind() == reflect.Bool {
		return boolSchema()
	}
	return nil
}

// property returns the schema of the property at path (keys separated by
// dots) of an object schema, or nil.
func property(s *jsonschema.Schema, path string) *jsonschema.Schema {
	for _, k := range strings.Split(path, ".") {
		if s == nil || s.Properties == nil {
			return nil
		}
		s, _ = s.Properties.Get(k)
	}
	return s
}

// BuildSpec returns the JSON Schema of buildspec files (version 0.2),
// derived from codebuild.BuildSpec.
func BuildSpec() *jsonschema.Schema {
	return reflectType(codebuild.BuildSpec{}, func(s *jsonschema.Schema) {
		s.Title = "AWS CodeBuild buildspec"
		s.Required = []string{"version", "phases"}
		v := property(s, "version")
		v.Type = ""
		v.Enum = []any{"0.2", 0.2, "0.1", 0.1}
		v.Description = "0.2; 0.1 runs each command in its own shell and is deprecated"
		// CodeBuild accepts, and ignores, the artifact type of old buildspecs.
		a := property(s, "artifacts")
		a.Properties.Set("type", &jsonschema.Schema{Type: "string", Deprecated: true,
			Description: "no longer read: the artifact's type comes from the project (CodeBuild ignores it); remove it"})
		// The phases of 0.2, and nothing else.
		property(s, "phases").MinProperties = new(uint64(1))
	})
}

// AppSpec returns the JSON Schema of the AppSpec files of platform,
// derived from its Go type, or nil for an unknown platform.
func AppSpec(platform codedeploy.AppSpecPlatform) *jsonschema.Schema {
	switch platform {
	case codedeploy.AppSpecServer:
		return reflectType(codedeploy.ServerAppSpec{}, func(s *jsonschema.Schema) {
			s.Title = "AWS CodeDeploy AppSpec (EC2/on-premises)"
			appSpecVersion(s)
			mode := property(s, "permissions")
			if mode != nil && mode.Items != nil {
				m, _ := mode.Items.Properties.Get("mode")
				// An octal mode, written as a number (644) or a string.
				*m = jsonschema.Schema{Pattern: "^[0-7]{3,4}$", Description: "octal mode, e.g. 644"}
				t, _ := mode.Items.Properties.Get("type")
				t.Items.Enum = []any{"file", "directory"}
			}
		})
	case codedeploy.AppSpecECS:
		return reflectType(codedeploy.ECSAppSpec{}, func(s *jsonschema.Schema) {
			s.Title = "AWS CodeDeploy AppSpec (Amazon ECS)"
			appSpecVersion(s)
			oneHook(s)
		})
	case codedeploy.AppSpecLambda:
		return reflectType(codedeploy.LambdaAppSpec{}, func(s *jsonschema.Schema) {
			s.Title = "AWS CodeDeploy AppSpec (AWS Lambda)"
			appSpecVersion(s)
			oneHook(s)
		})
	}
	return nil
}

func appSpecVersion(s *jsonschema.Schema) {
	v := property(s, "version")
	v.Type = ""
	v.Enum = []any{"0.0", 0.0}
}

// oneHook makes each item of Hooks name exactly one event.
func oneHook(s *jsonschema.Schema) {
	h := property(s, "Hooks")
	h.Items.MinProperties = new(uint64(1))
	h.Items.MaxProperties = new(uint64(1))
}
