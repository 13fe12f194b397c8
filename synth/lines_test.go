package synth_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/rules"
	"github.com/forma-iac/forma/synth"
)

// TestResourceLines checks the lines the renderer records against those
// found by reading the template, for stacks with parameters, resources and
// outputs (exports).
func TestResourceLines(t *testing.T) {
	asm, err := synth.Synthesize(crossApp())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range asm.Stacks {
		want := rules.ResourceLines(st.TemplateJSON)
		if len(want) == 0 {
			t.Fatalf("%s: no resource found in the template", st.ID)
		}
		if diff := cmp.Diff(want, st.ResourceLines); diff != "" {
			t.Errorf("%s: resource lines (-read +recorded):\n%s", st.ID, diff)
		}
	}
}
