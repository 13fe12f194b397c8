package constructs_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
)

// Vectors from the AWS CDK's logical-ID tests: UniqueID hashes the path
// below the app, the stack's id included.
func TestUniqueID(t *testing.T) {
	app := newApp()
	parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
	leaf := constructs.New(constructs.New(constructs.New(parent, "Child"), "Resource"), "HeyThere")
	if got, want := constructs.UniqueID(leaf), "ParentChildHeyThere35220347"; got != want {
		t.Errorf("UniqueID(%s) = %q, want %q", leaf.Node().Path(), got, want)
	}
	if got, want := constructs.UniqueID(parent), "Parent"; got != want {
		t.Errorf("UniqueID(%s) = %q, want %q", parent.Node().Path(), got, want)
	}
	def := constructs.New(constructs.New(parent, "Default"), "Bucket")
	if got := constructs.UniqueID(def); !strings.HasPrefix(got, "ParentBucket") || len(got) != len("ParentBucket")+8 {
		t.Errorf("UniqueID(%s) = %q, want ParentBucket and a hash", def.Node().Path(), got)
	}
}
