package constructs_test

import (
	"slices"
	"testing"

	"github.com/forma-iac/forma/constructs"
)

// thing embeds Problems as an L2 does.
type thing struct {
	constructs.Base
	constructs.Problems
}

func TestProblemsAreValidations(t *testing.T) {
	app := newApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	th := &thing{}
	th.Base = constructs.NewBase(th, stack, "Thing")
	if got := th.Node().Validate(); len(got) != 0 {
		t.Fatalf("Validate before any problem = %q", got)
	}
	th.Errorf("Port %d is not a port; use 1 to 65535", 70000)
	th.Errorf("Name is required")
	want := []string{"Port 70000 is not a port; use 1 to 65535", "Name is required"}
	if got := th.Node().Validate(); !slices.Equal(got, want) {
		t.Errorf("Node().Validate() = %q, want %q", got, want)
	}
	got := th.Validate()
	got[0] = "changed"
	if th.Validate()[0] != want[0] {
		t.Errorf("Validate returned the list itself; it must return a copy")
	}
}
