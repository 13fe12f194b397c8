// Package specschema checks YAML documents against the JSON Schemas of
// forma's build and deployment specifications (codebuild.BuildSpec,
// codedeploy.AppSpec). Package specgen derives those schemas from the Go
// types with github.com/invopop/jsonschema and writes them to files that
// internal/specfiles embeds; at run time Schema decodes them, so that
// no forma program links the reflector (nor go/parser and go/doc, which it
// imports).
//
// One schema serves three uses: `forma schema` prints it for editors' YAML
// language servers, `forma validate` checks a file with it and names each
// problem's line, and synthesis checks a spec written in Go or read from a
// file with it, naming the construct path and the key path.
//
// Invariants: a schema comes from reflection over the Go type only (plus
// the spec's own edits, such as keys CodeBuild accepts for old files, marked
// deprecated: those are warnings, not errors), and the embedded files are
// the generator's bytes (specgen's test fails otherwise); problems are
// reported in document order; booleans accept YAML 1.1's yes/no/on/off, as
// CodeBuild and CodeDeploy read them.
package specschema
