package specfiles

import (
	_ "embed"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/specschema"
)

// buildSpecSchemaJSON is the JSON Schema of buildspec files, generated
// from codebuild.BuildSpec by internal/specschema/specgen.
//
//go:embed buildspec.schema.json
var buildSpecSchemaJSON []byte

// BuildSpecSchema returns the JSON Schema of buildspec files (version 0.2):
// `forma schema buildspec` prints it.
func BuildSpecSchema() []byte { return slices.Clone(buildSpecSchemaJSON) }

// buildSpecSchema is BuildSpecSchema decoded for the checker, once.
var buildSpecSchema = sync.OnceValue(func() *specschema.Schema { return specschema.MustLoad(buildSpecSchemaJSON) })

// CheckBuildSpecFile checks the text of a buildspec file and returns its
// problems with their lines, errors and warnings in document order.
func CheckBuildSpecFile(data []byte) []specschema.Problem {
	n, ps := specschema.Parse(data)
	if n == nil {
		return ps
	}
	return CheckBuildSpec(n)
}

// CheckBuildSpec checks a buildspec's node against the schema, and warns of
// what CodeBuild accepts but does not do what it seems to.
func CheckBuildSpec(n *yaml.Node) []specschema.Problem {
	ps := specschema.Check(n, buildSpecSchema())
	if v := specschema.At(n, "version"); v != nil && v.Value == "0.1" {
		ps = append(ps, specschema.Warn(v, "version", "version 0.1 is deprecated: it runs each command in its own shell; use 0.2"))
	}
	for _, phase := range []string{"pre_build", "build", "post_build"} {
		if rv := specschema.At(n, "phases", phase, "runtime-versions"); rv != nil {
			ps = append(ps, specschema.Warn(rv, "phases."+phase+".runtime-versions", "runtime-versions is only read in the install phase"))
		}
	}
	return specschema.Sorted(ps)
}
