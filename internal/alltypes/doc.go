// Package alltypes lists every generated L1 resource type (registry.generated.go)
// so that one test can add each of them to an app, fill its required
// properties with values the schema accepts, synthesize and check the
// templates with cfn-lint.
//
// Invariants: Registry holds exactly the types of internal/cfnspec, sorted
// by type name; this package is imported by tests only, because it links
// every service package.
package alltypes

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
)

// Entry is one resource type and a function that adds one with empty props
// to scope, returning its embedded cfn.Resource (whose Properties() points
// to the props struct).
type Entry struct {
	Type string
	New  func(scope constructs.Construct, id string) *cfn.Resource
}
