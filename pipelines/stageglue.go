package pipelines

import (
	"sort"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// isStage reports whether c is a stage (a nested cloud assembly).
func isStage(c constructs.Construct) bool {
	_, ok := c.(interface{ StageEnv() constructs.Environment })
	return ok
}

// stageEnv is the stage's environment.
func stageEnv(c constructs.Construct) constructs.Environment {
	if s, ok := c.(interface{ StageEnv() constructs.Environment }); ok {
		return s.StageEnv()
	}
	return constructs.Environment{}
}

// stageName is the stage's name: its construct id.
func stageName(c constructs.Construct) string { return c.Node().ID() }

// assemblyDir is the directory of the stage's nested assembly, relative to
// the top-level assembly.
func assemblyDir(c constructs.Construct) string {
	var ids []string
	for _, s := range c.Node().Scopes()[1:] {
		if isStage(s) {
			ids = append(ids, s.Node().ID())
		}
	}
	return "assembly-" + strings.Join(ids, "-")
}

// stageStacks returns the stacks of the stage itself (not of stages inside
// it), in tree order.
func stageStacks(stage constructs.Construct) []*constructs.Stack {
	var out []*constructs.Stack
	var walk func(c constructs.Construct)
	walk = func(c constructs.Construct) {
		for _, ch := range c.Node().Children() {
			if isStage(ch) {
				continue
			}
			if st, ok := ch.(*constructs.Stack); ok {
				out = append(out, st)
			}
			walk(ch)
		}
	}
	walk(stage)
	return out
}

// enclosingStage returns the nearest stage above c, nil when none.
func enclosingStage(c constructs.Construct) constructs.Construct {
	for x := c.Node().Scope(); x != nil; x = x.Node().Scope() {
		if isStage(x) {
			return x
		}
	}
	return nil
}

// stackArtifactID is the stack's artifact ID in its assembly, as the AWS
// CDK names it: the unique ID of its path.
func stackArtifactID(s *constructs.Stack) string { return constructs.UniqueID(s) }

// stackEnv is the stack's environment, inherited from its stage when the
// stack sets none.
func stackEnv(s *constructs.Stack) constructs.Environment {
	env := s.Env()
	if st := enclosingStage(s); st != nil {
		se := stageEnv(st)
		if env.Account == "" {
			env.Account = se.Account
		}
		if env.Region == "" {
			env.Region = se.Region
		}
	}
	return env
}

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
// (which synthesis turns into exports and imports).
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
		for _, d := range s.Node().Dependencies() {
			if ds := constructs.TryStackOf(d); ds != nil {
				deps[ds] = true
			}
		}
		for _, c := range s.Node().FindAll() {
			if cs := constructs.TryStackOf(c); cs != s {
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
		sort.Slice(list, func(i, j int) bool { return stackArtifactID(list[i]) < stackArtifactID(list[j]) })
		out[s] = list
	}
	return out
}
