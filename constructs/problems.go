package constructs

import (
	"fmt"
	"slices"
)

// Problems collects what a construct finds wrong while it is built (bad
// props, a selection that matches nothing), for synthesis to report as
// errors with the construct's path. Embed it in a construct and call Errorf:
//
//	type Thing struct {
//		constructs.Base
//		constructs.Problems
//	}
//
//	if props.Port > 65535 {
//		t.Errorf("Port %d is not a port; use 1 to 65535", props.Port)
//	}
//
// The embedding type is then a Validation: synthesis calls its Validate
// (see Node.Validate). A type with more checks defines its own Validate and
// starts from Problems.Validate.
type Problems struct {
	list []string
}

// Errorf records a problem; the message should say how to fix it.
func (p *Problems) Errorf(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// Validate returns the problems recorded, in order.
func (p *Problems) Validate() []string { return slices.Clone(p.list) }
