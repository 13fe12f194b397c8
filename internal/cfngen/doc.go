// Package cfngen generates forma's L1 code from the CloudFormation registry
// schemas bundled with cfn-lint (version [CfnLintVersion]): one package per
// service under constructs/ with one *.generated.go file per resource type
// and typenames.generated.go, which declares the type-name constants
// (CfnBucketType) in one group so that go doc lists a package's constructs
// before them; the data set of internal/cfnspec (data/<service>.json and
// types.generated.go), and the registry of every type used by
// internal/alltypes.
//
// Invariants: the output depends only on the schemas, never on map order or
// the machine (files are sorted and gofmt'ed, every one starting with
// [Header]); every resource type yields a type that compiles against
// constructs/cfn; a property whose shape has alternatives of different Go
// types becomes an any field whose comment names every form; a package's
// doc.go is written only when it has none.
//
// Run it with `go generate ./internal/cfngen` (or
// `go run ./internal/cfngen/cmd/cfngen`) from the module.
package cfngen

//go:generate go run ./cmd/cfngen -root ../..
