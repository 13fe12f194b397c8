package pipelines

import (
	"sort"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// refRecorder resolves a template body only to learn which stacks it
// references.
type refRecorder struct {
	from *constructs.Stack
	to   map[*constructs.Stack]bool
}

func (r *refRecorder) ResolveReference(_ *token.Context, ref *cfn.Reference) (any, error) {
	if t := constructs.TryStackOf(ref.Target); t != nil && t != r.from {
		r.to[t] = true
	}
	return ref.Intrinsic(), nil
}

// stackDependencies returns, for each stack, the stacks among stacks it
// depends on: explicit stack dependencies, construct dependencies and
// DependsOn that cross stacks, and references to another stack's elements
// (which synthesis turns into exports and imports). Synthesis finds the
// same edges later; the pipeline needs them first, to order its actions.
func stackDependencies(stacks []*constructs.Stack) map[*constructs.Stack][]*constructs.Stack {
	in := map[*constructs.Stack]bool{}
	for _, s := range stacks {
		in[s] = true
	}
	out := map[*constructs.Stack][]*constructs.Stack{}
	for _, s := range stacks {
		deps := map[*constructs.Stack]bool{}
		for _, d := range s.Dependencies() {
			deps[d] = true
		}
		for _, c := range s.Node().FindAll() {
			if cs := constructs.TryStackOf(c); cs != s && c != constructs.Construct(s) {
				continue
			}
			for _, d := range c.Node().Dependencies() {
				if ds := constructs.TryStackOf(d); ds != nil {
					deps[ds] = true
				}
			}
		}
		rec := &refRecorder{from: s, to: deps}
		for _, e := range cfn.ElementsOf(s) {
			if r := cfn.ResourceOf(e); r != nil {
				for _, d := range r.DependsOn() {
					if ds := constructs.TryStackOf(d); ds != nil {
						deps[ds] = true
					}
				}
			}
			body, err := e.Render()
			if err != nil {
				continue
			}
			_, _ = token.Resolve(&token.Context{Scope: e, Resolver: rec}, body)
		}
		delete(deps, s)
		var list []*constructs.Stack
		for d := range deps {
			if in[d] {
				list = append(list, d)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].ArtifactID() < list[j].ArtifactID() })
		out[s] = list
	}
	return out
}
