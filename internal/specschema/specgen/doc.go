// Package specgen generates the JSON Schemas of forma's build and
// deployment specifications: it reflects the Go types of
// codebuild.BuildSpec and the codedeploy AppSpecs with
// github.com/invopop/jsonschema, applies each specification's own edits
// (such as keys CodeBuild accepts for old files, marked deprecated) and
// writes the indented JSON files that internal/specfiles embeds.
//
// Generation happens here, once, so that no forma program links the
// reflector: at run time internal/specschema decodes the embedded files.
// The package's test fails when a committed file differs from a fresh
// generation; `go generate ./internal/specschema/specgen` (or `go test
// ./internal/specschema/specgen -update`) rewrites them.
//
// Invariants: a schema comes from reflection over the Go type plus its
// edits only; the same types give the same bytes.
package specgen

//go:generate go test . -count=1 -run TestFiles -update
