package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/cloudformation/cloudformationcfn"
	"github.com/forma-iac/forma/internal/logicalid"
)

// Nested stacks, as the AWS CDK's NestedStack (core/lib/nested-stack.ts,
// core/lib/private/refs.ts):
//
//   - before aspects run, each nested stack gets its AWS::CloudFormation::Stack
//     resource in its parent, at <parent>/<id>.NestedStack/<id>.NestedStackResource;
//   - a reference from a stack nested (at any depth) in the producer becomes a
//     parameter "reference-to-<unique id of the target><attribute>" of the
//     consumer, whose value the parent's resource passes down, resolved in
//     the parent the same way (so through every level);
//   - a reference to an element of a nested stack from outside it becomes
//     an output "<unique id of the target><attribute>" of the nested stack,
//     read in its parent as Fn::GetAtt <resource>.Outputs.<output>, which is
//     then resolved from the consumer like any reference of the parent:
//     siblings get it as a parameter, other top-level stacks as an import;
//   - stacks render deepest first, so that a nested template's hash is known
//     when its parent renders: the parent's TemplateURL names the template
//     as a file asset of the top-level stack (the bootstrap bucket, key
//     <sha256>.json), published by deploy before the top-level stack.

// addNestedStackResources adds the AWS::CloudFormation::Stack resource of
// each nested stack that has none yet, in tree order.
func addNestedStackResources(app *constructs.App) {
	if !app.HasNestedStacks() {
		return
	}
	for _, st := range app.Stacks() {
		ns := st.NestedStack()
		if ns == nil || ns.ResourceScope() == nil || ns.Resource() != nil {
			continue
		}
		props := ns.Props()
		p := cloudformationcfn.CfnStackProps{NotificationARNs: props.NotificationARNs}
		if props.Timeout >= time.Minute {
			p.TimeoutInMinutes = new(int(props.Timeout / time.Minute))
		}
		if len(props.Parameters) > 0 {
			p.Parameters = make(map[string]any, len(props.Parameters))
			for k, v := range props.Parameters {
				p.Parameters[k] = v
			}
		}
		r := cloudformationcfn.NewCfnStack(ns.ResourceScope(), ns.ResourceID(), p)
		policy := props.RemovalPolicy
		if policy == "" {
			policy = constructs.RemovalPolicyDestroy
		}
		r.ApplyRemovalPolicy(cfn.Policy(policy))
	}
}

// nestedResource returns the AWS::CloudFormation::Stack resource of a
// nested stack, nil when there is none.
func nestedResource(st *constructs.Stack) *cloudformationcfn.CfnStack {
	ns := st.NestedStack()
	if ns == nil {
		return nil
	}
	r, _ := ns.Resource().(*cloudformationcfn.CfnStack)
	return r
}

// nestedResources returns the AWS::CloudFormation::Stack resources of the
// nested stacks: render resolves them again, after the parameters and the
// template URL are set.
func nestedResources(stacks []*constructs.Stack) map[cfn.Element]bool {
	var out map[cfn.Element]bool
	for _, st := range stacks {
		if r := nestedResource(st); r != nil {
			if out == nil {
				out = map[cfn.Element]bool{}
			}
			out[r] = true
		}
	}
	return out
}

// nestedTemplateFile is the file name of a nested stack's template, as the
// AWS CDK names it: the stack's unique id (from its path) and
// ".nested.template.json".
func nestedTemplateFile(st *constructs.Stack) string {
	return uniqueID(st) + ".nested.template.json"
}

// uniqueID is the AWS CDK's Names.nodeUniqueId: the logical ID rule applied
// to the ids of c's path below the app.
func uniqueID(c constructs.Construct) string {
	var ids []string
	for _, x := range c.Node().Scopes() {
		if id := x.Node().ID(); id != "" {
			ids = append(ids, id)
		}
	}
	return logicalid.FromPath(ids)
}

// isNestedIn reports whether st is nested, at any depth, in ancestor.
func isNestedIn(st, ancestor *constructs.Stack) bool {
	for p := st.NestedStackParent(); p != nil; p = p.NestedStackParent() {
		if p == ancestor {
			return true
		}
	}
	return false
}

// nestedOp is a parameter or output a reference to or from a nested stack
// needs, created after the prepare pass that found it.
type nestedOp struct {
	stack *constructs.Stack
	id    string
	// value is a parameter's value in the parent's resource, resolved in
	// the parent; ref is an output's value.
	value any
	ref   *cfn.Reference
	// target is the element of the parent a parameter's value references
	// there, when it is one: the nested stack's resource depends on it,
	// so that a cycle through sibling nested stacks is reported.
	target cfn.Element
}

// targetIn returns the element of stack in that a reference to target
// (in stack producer), consumed in stack in, names there (Ref or
// Fn::GetAtt), as resolveAcross resolves it: target, or the resource of
// the nested stack holding it; nil when it becomes a parameter or an
// import.
func targetIn(in, producer *constructs.Stack, target cfn.Element) cfn.Element {
	for {
		switch {
		case in == producer:
			return target
		case isNestedIn(in, producer) || producer.NestedStackParent() == nil:
			return nil
		}
		res := nestedResource(producer)
		if res == nil {
			return nil
		}
		target, producer = res, producer.NestedStackParent()
	}
}

// resolveAcross resolves ref, whose producer and consumer are different
// stacks, for the consumer, as the AWS CDK's resolveValue. Parameters,
// outputs and exports it needs are appended to pending when pending is
// set. The caller holds s.mu.
func (s *synthesizer) resolveAcross(consumer, producer *constructs.Stack, ref *cfn.Reference, pending *[]pendingExport) (any, error) {
	if consumer == producer {
		return ref.Intrinsic(), nil
	}
	// The consumer is nested in the producer: a parameter of the consumer,
	// given the value the consumer's parent resolves.
	if parent := consumer.NestedStackParent(); parent != nil && isNestedIn(consumer, producer) {
		value, err := s.resolveAcross(parent, producer, ref, pending)
		if err != nil {
			return nil, err
		}
		id := "reference-to-" + uniqueID(ref.Target) + displayName(ref)
		if pending != nil {
			*pending = append(*pending, pendingExport{nested: &nestedOp{stack: consumer, id: id, value: value, target: targetIn(parent, producer, ref.Target)}})
		}
		return map[string]any{"Ref": logicalid.FromPath([]string{id})}, nil
	}
	// The producer is nested: an output of the producer, read in its parent
	// with Fn::GetAtt, and resolved from there.
	if producer.NestedStackParent() != nil {
		res := nestedResource(producer)
		if res == nil {
			return nil, fmt.Errorf("%s is in nested stack %s, which has no parent stack to read it from", ref.Target.Node().Path(), producer.Node().Path())
		}
		id := uniqueID(ref.Target) + displayName(ref)
		if pending != nil {
			*pending = append(*pending, pendingExport{nested: &nestedOp{stack: producer, id: id, ref: ref}})
		}
		out := res.GetAtt("Outputs." + logicalid.FromPath([]string{id}))
		return s.resolveAcross(consumer, producer.NestedStackParent(), out, pending)
	}
	// Both are top-level stacks, in one environment (resolveReference
	// checked it; a nested stack is in its parent's).
	exportName, _ := s.export(producer, ref, false)
	if pending != nil {
		*pending = append(*pending, pendingExport{producer: producer, ref: ref})
	}
	consumer.AddDependency(producer)
	return map[string]any{"Fn::ImportValue": exportName}, nil
}

// displayName is the AWS CDK's name of a reference in the ids it derives
// from it: "Ref", or the attribute.
func displayName(ref *cfn.Reference) string {
	if ref.Attribute == "" {
		return "Ref"
	}
	return ref.Attribute
}

// applyNested creates the parameter or output op asks for, unless it
// exists, and reports whether it created it.
func (s *synthesizer) applyNested(op *nestedOp) bool {
	if op.stack.Node().TryFindChild(op.id) != nil {
		return false
	}
	if op.ref != nil {
		cfn.NewOutput(op.stack, op.id, cfn.OutputProps{Value: op.ref.String()})
		return true
	}
	p := cfn.NewParameter(op.stack, op.id, cfn.ParameterProps{Type: "String"})
	if res := nestedResource(op.stack); res != nil {
		if res.Props.Parameters == nil {
			res.Props.Parameters = map[string]any{}
		}
		res.Props.Parameters[p.LogicalID()] = op.value
		if op.target != nil {
			st := constructs.TryStackOf(res)
			if s.stackRefs[st] == nil {
				s.stackRefs[st] = map[cfn.Element][]cfn.Element{}
			}
			s.stackRefs[st][res] = append(s.stackRefs[st][res], op.target)
		}
	}
	return true
}

// renderLevels groups the stacks' indices by height: stacks with no nested
// stack below them first, then their parents, and so on, so that each
// nested template is rendered before its parent. Without nested stacks
// there is one level holding every stack, in tree order.
func renderLevels(stacks []*constructs.Stack) [][]int {
	height := map[*constructs.Stack]int{}
	max := 0
	// Stacks() lists parents before children: walk it backwards so that a
	// child's height is known before its parent's.
	for i := len(stacks) - 1; i >= 0; i-- {
		st := stacks[i]
		h := height[st]
		if p := st.NestedStackParent(); p != nil && height[p] < h+1 {
			height[p] = h + 1
			if h+1 > max {
				max = h + 1
			}
		}
	}
	levels := make([][]int, max+1)
	for i, st := range stacks {
		levels[height[st]] = append(levels[height[st]], i)
	}
	return levels
}

// templateHash is the SHA-256 of a template's bytes, the source hash of a
// nested template's asset.
func templateHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// setTemplateURL points the resource of the nested stack st at its
// template, published under hash. A nested stack that was not rendered
// (an error stops synthesis) gets a stand-in, so that its parent is still
// checked.
func setTemplateURL(st *constructs.Stack, hash string) {
	res := nestedResource(st)
	if res == nil {
		return
	}
	parent := st.NestedStackParent()
	key := hash + ".json"
	if hash == "" {
		key = "unrendered.json"
	}
	res.Props.TemplateURL = "https://s3." + parent.Region() + "." + parent.URLSuffix() + "/" + cfn.Sub(assets.BucketName) + "/" + key
}

// setTemplateURLs points the resources of the nested stacks of a render
// level at their templates, and reports whether one of them was not
// rendered, so that their parents are only checked.
func setTemplateURLs(stacks []*constructs.Stack, level []int, outs []*Stack, errs []constructs.Errors) (failed bool) {
	for _, i := range level {
		if stacks[i].NestedStack() == nil {
			continue
		}
		hash := ""
		if outs[i] != nil && len(errs[i]) == 0 {
			hash = outs[i].TemplateHash
		} else {
			failed = true
		}
		setTemplateURL(stacks[i], hash)
	}
	return failed
}

// addNestedTemplateAssets adds each rendered nested template as a file
// asset of its top-level stack, in the AWS CDK's order (children before
// their parents, siblings in tree order); the template is in the assembly
// already, so the asset is not staged.
func addNestedTemplateAssets(stacks []*constructs.Stack, outs map[*constructs.Stack]*Stack) {
	children := map[*constructs.Stack][]*constructs.Stack{}
	for _, st := range stacks {
		if p := st.NestedStackParent(); p != nil {
			children[p] = append(children[p], st)
		}
	}
	if len(children) == 0 {
		return
	}
	var visit func(st *constructs.Stack)
	visit = func(st *constructs.Stack) {
		for _, c := range children[st] {
			visit(c)
		}
		out := outs[st]
		if st.NestedStack() == nil || out == nil {
			return
		}
		top := st.TopLevel()
		display := strings.TrimPrefix(st.Node().Path(), top.Node().Path()+"/") + " Nested Stack Template"
		assets.AddFileAsset(top, assets.FileAsset{
			SourceHash:  out.TemplateHash,
			Path:        out.TemplateFile(),
			Packaging:   assets.PackagingFile,
			DisplayName: display,
			InAssembly:  true,
		})
	}
	for _, st := range stacks {
		if st.NestedStack() == nil {
			visit(st)
		}
	}
}

// withinOneTopLevel reports whether two different stacks, one of them at
// least nested, are deployed with the same top-level stack.
func withinOneTopLevel(a, b *constructs.Stack) bool {
	return a != b && (a.NestedStack() != nil || b.NestedStack() != nil) && a.TopLevel() == b.TopLevel()
}

// nestedDependency makes source deploy after target when they are in
// different stacks of one top-level stack, as the AWS CDK's addDependency:
// in the deepest stack holding both, the resource standing for source's
// side (source itself, or the AWS::CloudFormation::Stack of the nested
// stack it is in) depends on the one standing for target's. A nested
// stack cannot depend on its own parent: that is reported.
func (s *synthesizer) nestedDependency(source, target *cfn.Resource) {
	ss, ts := constructs.TryStackOf(source), constructs.TryStackOf(target)
	common := commonStack(ss, ts)
	if common == nil {
		return
	}
	if common == ts && ss != ts {
		if source.Node().Scope() != nil && isNestedIn(ss, ts) && !s.reportedParentDep(source) {
			s.errorf(source, "depends on %s of a stack it is nested in (%s); CloudFormation deploys a nested stack before its parent's other resources, so it cannot wait for them — pass the value as a parameter, or move one of them", target.Node().Path(), ts.Node().Path())
		}
		return
	}
	sr, tr := resourceIn(common, source), resourceIn(common, target)
	if sr != nil && tr != nil && sr != tr {
		sr.AddDependency(tr)
	}
}

// reportedParentDep reports whether a dependency of source on its own
// parent stack was reported already, and records it.
func (s *synthesizer) reportedParentDep(source *cfn.Resource) bool {
	for _, e := range s.errs {
		if e.Path == source.Node().Path() && strings.Contains(e.Message, "of a stack it is nested in") {
			return true
		}
	}
	return false
}

// commonStack returns the deepest stack that is, or holds (nested at any
// depth), both a and b; nil when they are in different top-level stacks.
func commonStack(a, b *constructs.Stack) *constructs.Stack {
	for x := a; x != nil; x = x.NestedStackParent() {
		if x == b || isNestedIn(b, x) {
			return x
		}
	}
	return nil
}

// resourceIn returns the resource of stack common that stands for r: r
// itself when it is in common, or the AWS::CloudFormation::Stack resource
// of the nested stack, directly in common, that r is nested in.
func resourceIn(common *constructs.Stack, r *cfn.Resource) *cfn.Resource {
	st := constructs.TryStackOf(r)
	for st != nil && st != common {
		if st.NestedStackParent() == common {
			if res := nestedResource(st); res != nil {
				return &res.Resource
			}
			return nil
		}
		st = st.NestedStackParent()
	}
	if st == common {
		return r
	}
	return nil
}

// Path is the construct path of the stack.
func (s *Stack) Path() string { return s.construct.Node().Path() }

// WithNested returns s and every stack nested in it, at any depth,
// parents before children.
func (s *Stack) WithNested() []*Stack {
	out := []*Stack{s}
	for _, n := range s.Nested {
		out = append(out, n.WithNested()...)
	}
	return out
}
