package synth

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/cfnspec"
	"github.com/forma-iac/forma/internal/logicalid"
	"github.com/forma-iac/forma/synth/template"
)

// Limits CloudFormation enforces, checked at synthesis.
const (
	MaxResources     = 500
	MaxTemplateBytes = 1_048_576
)

// Assembly is the synthesized cloud assembly, in memory.
type Assembly struct {
	Stacks   []*Stack // in tree order, those of stages included
	Manifest *assembly.Manifest
	// Nested are the nested assemblies of the app's stages, parents before
	// children, in tree order.
	Nested []*NestedAssembly
	Tree   []byte
	// Warnings are the warning annotations, "path: message", sorted.
	Warnings []string
	// Assets are the asset sources that WriteTo copies into the assembly.
	Assets []StagedAsset
}

// Stack is one synthesized stack.
type Stack struct {
	ID        string // artifact id
	StackName string
	// DisplayName is the stack's construct path ("Stage/Stack"), by which
	// the command line selects it.
	DisplayName string
	// Dir is the directory of the stack's assembly relative to the app's,
	// "/"-separated: "" for a stack outside every stage, the stage's
	// nested assembly ("assembly-Test") otherwise.
	Dir          string
	Env          constructs.Environment
	Template     *template.Template
	TemplateJSON []byte
	// ResourceLines maps the logical IDs of the resources to the line of
	// TemplateJSON where each starts (counted from 1).
	ResourceLines         map[string]int
	Dependencies          []string // artifact ids
	Tags                  map[string]string
	TerminationProtection bool
	// LogicalIDs maps construct paths of elements to their logical IDs.
	LogicalIDs map[string]string
	// AssetManifest is <ID>.assets.json, nil when the stack has no assets.
	AssetManifest []byte
	construct     *constructs.Stack

	// Nested are the stacks nested directly in this one, in tree order. A
	// nested stack is no artifact of the assembly: its ID names its
	// template file (<unique id>.nested, as the AWS CDK names the file),
	// it has no dependencies, and LogicalID is that of its
	// AWS::CloudFormation::Stack resource in this stack's template.
	Nested    []*Stack
	LogicalID string
	// TemplateHash is the SHA-256 of a nested stack's template, the key
	// of its asset; "" for a top-level stack.
	TemplateHash string
}

// TemplateFile is the stack template's file name in its assembly (the
// nested assembly of its stage, for a stack in a stage).
func (s *Stack) TemplateFile() string { return s.ID + ".template.json" }

// TemplatePath is the stack template's path relative to the app's assembly
// directory, "/"-separated: TemplateFile, under Dir.
func (s *Stack) TemplatePath() string { return s.inDir(s.TemplateFile()) }

func (s *Stack) inDir(name string) string {
	if s.Dir == "" {
		return name
	}
	return s.Dir + "/" + name
}

// NestedAssembly is the nested cloud assembly of a stage.
type NestedAssembly struct {
	// ID is the artifact ID in the parent's manifest, also the directory's
	// name ("assembly-Test-Inner").
	ID string
	// DisplayName is the stage's path ("Test/Inner").
	DisplayName string
	// Dir is the directory relative to the app's assembly directory,
	// "/"-separated ("assembly-Test/assembly-Test-Inner").
	Dir      string
	Manifest *assembly.Manifest
}

// StackByDisplayName returns the stack whose display name (its construct
// path, "Stage/Stack") is name, or nil.
func (a *Assembly) StackByDisplayName(name string) *Stack {
	for _, s := range a.Stacks {
		if s.DisplayName == name {
			return s
		}
	}
	return nil
}

// Stack returns the stack with the artifact id or stack name, or nil.
func (a *Assembly) Stack(name string) *Stack {
	for _, s := range a.Stacks {
		if s.ID == name || s.StackName == name {
			return s
		}
	}
	return nil
}

type synthesizer struct {
	app     *constructs.App
	errs    constructs.Errors
	exports map[*constructs.Stack]constructs.Construct
	// rendered holds the resolved bodies of the elements of the stack
	// being validated (render gives each stack a synthesizer of its own).
	rendered map[cfn.Element]resolved
	// refs holds the elements each element of the stack being checked
	// references (a stack's synthesizer of finishStack).
	refs map[cfn.Element][]cfn.Element
	// stackRefs holds refs for each stack, from prepare: each stack's
	// recorder's, kept as it is (an element is in one stack).
	stackRefs map[*constructs.Stack]map[cfn.Element][]cfn.Element
	// kept holds the bodies prepare resolved, when the app is small enough
	// to keep them (keepBodies); render resolves the others again.
	kept map[cfn.Element]resolved
	// failed holds the constructs that reported an error of their own, from
	// validate.
	failed map[constructs.Construct]bool
	opts   Options
	// mu guards exports and stack dependencies while stacks resolve in
	// parallel.
	mu sync.Mutex
	// workers is how many stacks resolve and render at once.
	workers int
	// sink is given each stack as soon as it is rendered.
	sink func(*Stack) error
	// early holds, for an app without nested stacks, each stack finished
	// (checked, rendered and handed to sink) by prepare's first pass, right
	// after its elements resolved, so that their bodies need not be kept
	// or resolved again; nil for a stack that a later pass changed.
	early []*finished
	// streamTree leaves tree.json out of the Assembly: the caller writes
	// it with writeTree.
	streamTree bool
}

func (s *synthesizer) errorf(c constructs.Construct, format string, args ...any) {
	s.errs = append(s.errs, constructs.Errorf(c, format, args...))
}

// Synthesize runs aspects, prepare, validate and render on the app and
// returns the assembly, or every error found, sorted by construct path, as
// constructs.Errors.
func Synthesize(app *constructs.App) (*Assembly, error) { return synthesize(app, Options{}) }

func synthesize(app *constructs.App, opts Options) (*Assembly, error) {
	return synthesizeStreaming(app, opts, nil)
}

// streaming is how synthesizeStreaming hands its output over as it goes.
type streaming struct {
	// stack is given each stack as soon as its template is rendered.
	stack func(*Stack) error
	// tree, when set, leaves tree.json out of the Assembly.
	tree bool
	// prepared, when set, is called once prepare is done and the tree is
	// locked: from then on it only reads the tree, as synthesis does.
	prepared func()
}

// synthesizeStreaming synthesizes the app, handing its output to out, when
// set, as it is rendered.
func synthesizeStreaming(app *constructs.App, opts Options, out *streaming) (*Assembly, error) {
	var sink func(*Stack) error
	if out != nil {
		sink = out.stack
	}
	s := &synthesizer{opts: opts, app: app, exports: map[*constructs.Stack]constructs.Construct{}, stackRefs: map[*constructs.Stack]map[cfn.Element][]cfn.Element{}, workers: Workers(), streamTree: out != nil && out.tree, sink: sink}
	for _, msg := range app.ContextErrors {
		s.errorf(app, "%s", msg)
	}
	if flags := constructs.UnhonouredFeatureFlags(app); len(flags) > 0 && !app.Node().Locked() {
		constructs.AnnotationsOf(app).AddWarning("the context sets AWS CDK feature flags that forma does not honour yet, so the templates of the constructs they affect differ from the AWS CDK's (docs/feature-flags.md): " + strings.Join(flags, ", "))
	}
	addNestedStackResources(app)
	if err := constructs.ApplyAspects(app); err != nil {
		var ve *constructs.ValidationError
		if errors.As(err, &ve) {
			s.errs = append(s.errs, ve)
		} else {
			s.errorf(app, "%v", err)
		}
		// The tree may be incomplete or huge: report what is known.
		s.errs = append(s.errs, app.Errors()...)
		return nil, s.errs.Sort()
	}
	s.prepare()
	app.Node().Lock()
	if out != nil && out.prepared != nil {
		out.prepared()
	}
	s.validate()
	// render also checks each stack's elements, and renders none when an
	// error is known.
	asm := s.render()
	if len(s.errs) > 0 {
		return nil, s.errs.Sort()
	}
	return asm, nil
}

// resourcesBelow returns the resources in c's subtree.
func resourcesBelow(c constructs.Construct) []*cfn.Resource {
	var out []*cfn.Resource
	for _, x := range c.Node().FindAll() {
		if r := asResource(x); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func asResource(c constructs.Construct) *cfn.Resource { return cfn.ResourceOf(c) }

// constructDependencies turns the dependencies between constructs
// (Node().AddDependency) into DependsOn between their resources and
// dependencies between their stacks. Without nested stacks, what a
// construct's dependencies change is in its own top-level stack, so each
// top-level stack's constructs are done on their own goroutine, in tree
// order; the constructs outside every stack add nothing.
func (s *synthesizer) constructDependencies() {
	if s.app.HasNestedStacks() || s.workers <= 1 {
		for c := range s.app.Node().All() {
			s.constructDependency(c, &s.errs)
		}
		return
	}
	var tops []*constructs.Stack
	var walk func(c constructs.Construct)
	walk = func(c constructs.Construct) {
		if st, ok := c.(*constructs.Stack); ok {
			tops = append(tops, st)
			return
		}
		s.constructDependency(c, &s.errs)
		for ch := range c.Node().ChildrenSeq() {
			walk(ch)
		}
	}
	walk(s.app)
	errs := make([]constructs.Errors, len(tops))
	s.forEach(len(tops), func(i int) {
		for c := range tops[i].Node().All() {
			s.constructDependency(c, &errs[i])
		}
	})
	for _, e := range errs {
		s.errs = append(s.errs, e...)
	}
}

// constructDependency applies the dependencies of the construct c,
// appending to errs those on constructs of another app.
func (s *synthesizer) constructDependency(c constructs.Construct, errs *constructs.Errors) {
	deps := c.Node().Dependencies()
	if len(deps) == 0 {
		return
	}
	local := deps[:0:0]
	for _, d := range deps {
		if s.inApp(d) {
			local = append(local, d)
		} else {
			*errs = append(*errs, constructs.Errorf(c, "a dependency (Node().AddDependency) %s", foreignAppError(d)))
		}
	}
	deps = local
	if st, ok := c.(*constructs.Stack); ok {
		for _, d := range deps {
			if ds, ok := d.(*constructs.Stack); ok {
				if a, b := nestedResource(st), nestedResource(ds); a != nil && b != nil && withinOneTopLevel(st, ds) {
					s.nestedDependency(&a.Resource, &b.Resource)
					continue
				}
				st.AddDependency(ds)
				continue
			}
			if ds := constructs.TryStackOf(d); ds != nil {
				st.AddDependency(ds)
			}
		}
		return
	}
	src := constructs.TryStackOf(c)
	if src == nil {
		return
	}
	sources := resourcesBelow(c)
	for _, d := range deps {
		dst := constructs.TryStackOf(d)
		if dst == nil {
			continue
		}
		if dst != src && !withinOneTopLevel(src, dst) {
			src.AddDependency(dst)
			continue
		}
		if dst != src {
			for _, target := range resourcesBelow(d) {
				for _, source := range sources {
					s.nestedDependency(source, target)
				}
			}
			continue
		}
		for _, target := range resourcesBelow(d) {
			for _, source := range sources {
				if source != target {
					source.AddDependency(target)
				}
			}
		}
	}
}

func (s *synthesizer) prepare() {
	s.constructDependencies()
	// The elements of each stack, with the logical IDs their paths give
	// them, found stack by stack in parallel: each element belongs to one
	// stack, and nothing reads another stack's yet.
	stacks := s.app.Stacks()
	elems := make([][]cfn.Element, len(stacks))
	s.forEach(len(stacks), func(i int) {
		elems[i] = cfn.ElementsOf(stacks[i])
		cfn.CacheLogicalIDs(elems[i])
	})
	// Explicit cross-stack DependsOn becomes a stack dependency.
	for i, st := range stacks {
		for _, e := range elems[i] {
			r := asResource(e)
			if r == nil {
				continue
			}
			for _, d := range r.DependsOn() {
				if ds := constructs.TryStackOf(d); ds != nil && ds != st && s.inApp(d) {
					if withinOneTopLevel(st, ds) {
						s.nestedDependency(r, d)
						continue
					}
					st.AddDependency(ds)
				}
			}
		}
	}
	// References: record cross-stack ones and create exports. Exports may
	// themselves be rendered, so repeat until no new export appears.
	// Stacks resolve in parallel: a pass only records the exports it needs,
	// and they are created after it, in tree order, as one sequential pass
	// over the stacks would create them. The bodies are not kept: render
	// resolves each stack again, so that the resolved bodies of only the
	// stacks being rendered are in memory at once.
	// A small app keeps them (up to keepBodies elements), saving the second
	// resolution.
	//
	// An app too large to keep its bodies, without nested stacks (whose
	// parents render after them), has its first pass finish each stack as
	// soon as its elements are resolved (finishStack): checked, rendered
	// and handed over while its bodies are at hand. A stack a later pass
	// adds to (an export's output) is finished again by render.
	s.app.Node().Unlock()
	total := 0
	for _, es := range elems {
		total += len(es)
	}
	done := make(map[cfn.Element]bool, total)
	s.kept = map[cfn.Element]resolved{}
	keep := true
	early := finishEarly && !s.app.HasNestedStacks() && total > keepBodies
	if early {
		keep, s.kept = false, nil
		s.early = make([]*finished, len(stacks))
	}
	for pass := 0; ; pass++ {
		first := early && pass == 0
		work := make([][]cfn.Element, len(stacks))
		if pass == 0 {
			// The elements found above: none is done yet.
			for i := range stacks {
				for _, e := range elems[i] {
					done[e] = true
				}
				work[i] = elems[i]
			}
		} else {
			for i, st := range stacks {
				for _, e := range cfn.ElementsOf(st) {
					if !done[e] {
						e.LogicalID() // computed once, before readers run in parallel
						done[e] = true
						work[i] = append(work[i], e)
					}
				}
			}
		}
		if len(done) > keepBodies {
			keep, s.kept = false, nil
		}
		pending := make([][]pendingExport, len(stacks))
		results := make([][]resolved, len(stacks))
		recs := make([]*recorder, len(stacks))
		s.forEach(len(stacks), func(i int) {
			rec := &recorder{s: s, pending: &pending[i], refs: map[cfn.Element][]cfn.Element{}}
			recs[i] = rec
			var bodies []resolved
			if keep || first {
				bodies = make([]resolved, len(work[i]))
			}
			for j, e := range work[i] {
				res := s.resolveElement(e, rec)
				if bodies != nil {
					bodies[j] = res
				}
			}
			if keep {
				results[i] = bodies
			}
			if first {
				// The first pass resolves every element of the stack,
				// in the order ElementsOf gives them.
				s.early[i] = s.finishStack(stacks[i], work[i], bodies, rec.refs, nil)
			}
		})
		if early && pass > 0 {
			for i := range work {
				if len(work[i]) > 0 {
					s.early[i] = nil
				}
			}
		}
		if keep {
			for i := range work {
				for j, e := range work[i] {
					s.kept[e] = results[i][j]
				}
			}
		}
		for i, rec := range recs {
			if have := s.stackRefs[stacks[i]]; have == nil {
				s.stackRefs[stacks[i]] = rec.refs
			} else {
				for _, e := range work[i] {
					if t, ok := rec.refs[e]; ok {
						have[e] = append(have[e], t...)
					}
				}
			}
			s.errs = append(s.errs, rec.errs...)
		}
		created := false
		for _, p := range pending {
			for _, x := range p {
				if x.nested != nil {
					if s.applyNested(x.nested) {
						created = true
					}
					continue
				}
				if _, c := s.export(x.producer, x.ref, true); c {
					created = true
				}
			}
		}
		if !created {
			break
		}
	}
}

// finishEarly lets prepare finish stacks in its first pass; tests turn it
// off to compare with synthesis that renders every stack in render.
var finishEarly = true

// keepBodies is the number of elements up to which prepare keeps their
// resolved bodies for render: a few tens of megabytes at most; beyond it,
// holding every body would dominate the memory synthesis needs. Tests
// lower it.
var keepBodies = 16_384

// pendingExport is an export a reference needs, created after the pass that
// found it.
type pendingExport struct {
	producer *constructs.Stack
	ref      *cfn.Reference
	// nested, when set, is a parameter or output of a nested stack
	// instead.
	nested *nestedOp
}

// resolved is an element's resolved body, or the error resolving it.
type resolved struct {
	body any
	err  error
}

func (s *synthesizer) resolveElement(e cfn.Element, r cfn.ReferenceResolver) resolved {
	body, err := e.Render()
	if err != nil {
		return resolved{err: err}
	}
	v, err := token.Resolve(&token.Context{Scope: e, Resolver: r}, body)
	return resolved{body: v, err: err}
}

// recorder resolves references during prepare, recording the exports of
// cross-stack ones, the elements each element references and the GetAtt
// attributes the target's type lacks. Each stack has its own: prepare
// merges what they record in tree order.
type recorder struct {
	s       *synthesizer
	pending *[]pendingExport
	refs    map[cfn.Element][]cfn.Element
	errs    constructs.Errors
}

func (r *recorder) ResolveReference(ctx *token.Context, ref *cfn.Reference) (any, error) {
	if e, ok := ctx.Scope.(cfn.Element); ok && r.s.inApp(ref.Target) {
		r.refs[e] = append(r.refs[e], ref.Target)
		if err := attributeError(e, ref); err != nil {
			r.errs = append(r.errs, err)
		}
	}
	return r.s.resolveReference(ctx, ref, r.pending)
}

// renderer resolves references during render.
type renderer struct{ s *synthesizer }

func (r *renderer) ResolveReference(ctx *token.Context, ref *cfn.Reference) (any, error) {
	return r.s.resolveReference(ctx, ref, nil)
}

// resolveReference resolves ref for the consumer in ctx: an intrinsic in
// the same stack, an Fn::ImportValue of the producer's export across
// stacks. The export a cross-stack reference needs is appended to pending
// when it is not nil. It may run in parallel for several stacks.
func (s *synthesizer) resolveReference(ctx *token.Context, ref *cfn.Reference, pending *[]pendingExport) (any, error) {
	consumerC, ok := ctx.Scope.(constructs.Construct)
	if !ok {
		return ref.ResolvedIntrinsic(), nil
	}
	if !s.inApp(ref.Target) {
		return nil, fmt.Errorf("%s", foreignAppError(ref.Target))
	}
	consumer := constructs.TryStackOf(consumerC)
	producer := constructs.TryStackOf(ref.Target)
	if consumer == nil || producer == nil || consumer == producer {
		return ref.ResolvedIntrinsic(), nil
	}
	if cs, ps := constructs.StageOf(consumer), constructs.StageOf(producer); cs != ps {
		return nil, fmt.Errorf("%s references %s in stack %s, %s: a reference cannot cross stage boundaries, as stages deploy separately — pass the value as a parameter or move the stacks into one stage",
			consumer.Node().Path(), ref.Target.Node().Path(), producer.Node().Path(), stageWords(ps, cs, "the consumer"))
	}
	ce, pe := consumer.Env(), producer.Env()
	if ce != pe {
		return nil, fmt.Errorf("%s references %s in stack %s, which is in another environment (%s vs %s); cross-stack references work only within one account and region — pass the value as a parameter instead",
			consumer.Node().Path(), ref.Target.Node().Path(), producer.StackName(), envString(pe), envString(ce))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resolveAcross(consumer, producer, ref, pending)
}

func envString(e constructs.Environment) string { return assembly.Environment(e.Account, e.Region) }

// export returns the export name for ref, creating the Output in the
// producer when create is set, named as the AWS CDK names it.
func (s *synthesizer) export(producer *constructs.Stack, ref *cfn.Reference, create bool) (string, bool) {
	data, _ := json.Marshal(ref.Intrinsic())
	id := "Output" + string(data)
	scope := s.exports[producer]
	if scope == nil {
		scope = producer.Node().TryFindChild("Exports")
		if scope == nil && create {
			scope = constructs.New(producer, "Exports")
		}
		if scope != nil {
			s.exports[producer] = scope
		}
	}
	local := logicalid.FromPath([]string{"Exports", id})
	prefix := producer.StackName() + ":"
	if len(prefix)+len(local) > 255 {
		local = local[len(local)-(255-len(prefix)):]
	}
	name := prefix + local
	if scope == nil {
		return name, false
	}
	if scope.Node().TryFindChild(id) != nil {
		return name, false
	}
	if !create {
		return name, false
	}
	cfn.NewOutput(scope, id, cfn.OutputProps{Value: ref.String(), ExportName: name})
	return name, true
}

func (s *synthesizer) validate() {
	s.errs = append(s.errs, s.app.Errors()...)
	s.checkOutsideStacks(s.app)
	// failed holds the constructs that reported an error of their own: the
	// L1s below them are not checked against their schemas, so that a
	// mistake is reported once, by the construct the user wrote.
	failed := map[constructs.Construct]bool{}
	for c := range s.app.Node().All() {
		if st, ok := c.(*constructs.Stage); ok && constructs.TryStackOf(st) != nil {
			s.checkOutsideStacks(st) // a stage inside a stack
		}
		n := len(s.errs)
		for _, msg := range c.Node().Validate() {
			s.errorf(c, "%s", msg)
		}
		for _, md := range c.Node().Metadata() {
			if md.Type == constructs.MetadataError {
				s.errorf(c, "%v", md.Data)
			}
		}
		if len(s.errs) > n {
			failed[c] = true
		}
	}
	// The checks across stacks run here; those of each stack's elements
	// run in render, stacks in parallel (validateStack).
	s.checkStageDependencies()
	s.checkCycles()
	s.checkStackNames()
	s.checkExportNames()
	s.failed = failed
}

// validateStack checks the elements of one stack, elems: logical IDs, resolution
// errors, tokens left in the resolved bodies, undefined Fn::Sub variables,
// Ref and GetAtt of logical IDs that name nothing, required properties and
// schemas, dependency cycles between resources, the stack's settings and
// the resource limit. It runs on a synthesizer of the stack's own, in
// parallel with the other stacks': it only reads what they share.
func (s *synthesizer) validateStack(st *constructs.Stack, elems []cfn.Element, failed map[constructs.Construct]bool) {
	type sectionID struct{ section, id string }
	seen := make(map[sectionID]cfn.Element, len(elems))
	n := 0
	tpl := s.schemaTemplate(elems)
	around := map[constructs.Construct]bool{}
	// kinds says what each logical ID names: isResource, isParameter.
	kinds := make(map[string]uint8, len(elems))
	for _, e := range elems {
		switch e.Section() {
		case "Resources":
			kinds[e.LogicalID()] |= isResource
		case "Parameters":
			kinds[e.LogicalID()] |= isParameter
		}
	}
	for _, e := range elems {
		sec := e.Section()
		id := e.LogicalID()
		if id == "" {
			s.errorf(e, "the element has no logical ID: its path below the stack is only \"Default\"; give it another id")
			continue
		}
		key := sectionID{sec, id}
		if prev, dup := seen[key]; dup {
			s.errorf(e, "logical ID %s is already used by %s in %s; rename one of the constructs or override a logical ID", id, prev.Node().Path(), sec)
		}
		seen[key] = e
		if res, ok := s.rendered[e]; ok && res.err != nil {
			s.errorf(e, "%v", res.err)
		} else if ok {
			// One walk checks the Refs and GetAtts and finds whether a
			// token is left or an Fn::Sub is there, which are rare and
			// looked at again.
			marker, sub := s.scanBody(e, res.body, kinds)
			if marker {
				if where, what := locateMarker(res.body, ""); where != "" {
					s.errorf(e, "%s", describeLeftover(where, what))
				}
			}
			if sub {
				s.checkSubs(e, res.body, kinds)
			}
		}
		if sec == "Resources" {
			n++
			if len(failed) == 0 || !underFailed(e, failed) && !failedAround(e, failed, around) {
				s.checkRequired(e)
				s.checkSchema(tpl, e)
			}
		}
	}
	s.checkDependencies(elems)
	s.checkStackSettings(st, n)
	if n > MaxResources {
		s.errorf(st, "the stack has %d resources; CloudFormation allows at most %d in one stack — move some of them into a nested stack (constructs.NewNestedStack(stack, id, constructs.NestedStackProps{}) as their scope), whose resources count apart, or split the stack into several stacks", n, MaxResources)
	}
}

// What a logical ID of a stack names, in validateStack's kinds.
const (
	isResource uint8 = 1 << iota
	isParameter
)

// scanBody walks a resolved body once: it reports a Ref that names no
// resource or parameter of the stack, and a GetAtt that names no resource,
// and returns whether a token marker is left in a string or key and
// whether an Fn::Sub is there.
func (s *synthesizer) scanBody(e cfn.Element, body any, kinds map[string]uint8) (marker, sub bool) {
	switch x := body.(type) {
	case string:
		return hasMarker(x), false
	case map[string]any:
		if len(x) == 1 {
			if id, ok := x["Ref"].(string); ok {
				if kinds[id] == 0 && !strings.HasPrefix(id, "AWS::") {
					s.errorf(e, "Ref %q names no resource or parameter of the stack; reference the construct itself (its Ref method) instead of a logical ID", id)
				}
			} else if args, ok := x["Fn::GetAtt"]; ok {
				var id string
				switch a := args.(type) {
				case []any:
					if len(a) > 0 {
						id, _ = a[0].(string)
					}
				case string:
					id, _, _ = strings.Cut(a, ".")
				}
				if id != "" && kinds[id]&isResource == 0 {
					s.errorf(e, "Fn::GetAtt of %q names no resource of the stack; use the resource's Attr methods instead of a logical ID", id)
				}
			} else if _, ok := x["Fn::Sub"]; ok {
				sub = true
			}
		}
		for k, v := range x {
			m, sb := s.scanBody(e, v, kinds)
			marker = marker || m || hasMarker(k)
			sub = sub || sb
		}
	case []any:
		for _, v := range x {
			m, sb := s.scanBody(e, v, kinds)
			marker, sub = marker || m, sub || sb
		}
	}
	return marker, sub
}

// failedAround reports whether a construct in the subtree of c's topmost
// scope below its stack (the construct the user wrote there) failed: an L2
// that reported an error may have passed a value it refused to its L1s, or
// to sibling L2s it made (a listener's port to its load balancer's security
// group), and the schema would report the same mistake again.
// The answer for each topmost construct is kept in memo.
func failedAround(c constructs.Construct, failed, memo map[constructs.Construct]bool) bool {
	top := c
	for x := c; x != nil; x = x.Node().Scope() {
		if _, ok := x.(*constructs.Stack); ok {
			break
		}
		top = x
	}
	if v, ok := memo[top]; ok {
		return v
	}
	memo[top] = false
	for _, x := range top.Node().FindAll() {
		if failed[x] {
			memo[top] = true
			break
		}
	}
	return memo[top]
}

// underFailed reports whether c or one of its scopes is in failed.
func underFailed(c constructs.Construct, failed map[constructs.Construct]bool) bool {
	if len(failed) == 0 {
		return false
	}
	for x := c.Node().Host(); x != nil; x = x.Node().Scope() {
		if failed[x] {
			return true
		}
	}
	return false
}

// warnOnce adds the warning msg to c unless c has it: a stack's checks may
// run twice (finishStack).
func warnOnce(c constructs.Construct, msg string) {
	for _, md := range c.Node().Metadata() {
		if md.Type == constructs.MetadataWarning && md.Data == msg {
			return
		}
	}
	constructs.AnnotationsOf(c).AddWarning(msg)
}

func (s *synthesizer) checkRequired(e cfn.Element) {
	r := cfn.ResourceOf(e)
	if r == nil {
		return
	}
	spec, ok := cfnspec.Lookup(r.CfnType())
	if !ok {
		if !strings.HasPrefix(r.CfnType(), "Custom::") && r.CfnType() != "AWS::CloudFormation::CustomResource" && r.CfnType() != "AWS::CDK::Metadata" {
			warnOnce(e, fmt.Sprintf("%s is not a CloudFormation type known to forma (%s); check the spelling", r.CfnType(), cfnspec.Source))
		}
		return
	}
	req := spec.Required
	if len(req) == 0 {
		return
	}
	res := s.rendered[e]
	if res.err != nil {
		return // reported by render
	}
	body, _ := res.body.(map[string]any)
	props, _ := body["Properties"].(map[string]any)
	var missing []string
	for _, p := range req {
		if _, ok := props[p]; !ok {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		s.errorf(e, "%s requires the propert%s %s; set %s in its props", r.CfnType(), plural(len(missing), "y", "ies"), strings.Join(missing, ", "), strings.Join(missing, ", "))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checkCycles reports each stack dependency cycle once, from its smallest
// artifact id.
func (s *synthesizer) checkCycles() {
	stacks := s.app.Stacks()
	sort.Slice(stacks, func(i, j int) bool { return stacks[i].ArtifactID() < stacks[j].ArtifactID() })
	state := map[*constructs.Stack]int{}
	reported := map[string]bool{}
	var visit func(st *constructs.Stack, path []*constructs.Stack)
	visit = func(st *constructs.Stack, path []*constructs.Stack) {
		if state[st] == 2 {
			return
		}
		if state[st] == 1 {
			var names []string
			start := 0
			for i, p := range path {
				if p == st {
					start = i
				}
			}
			for _, p := range path[start:] {
				names = append(names, p.StackName())
			}
			names = append(names, st.StackName())
			msg := strings.Join(names, " -> ")
			if !reported[msg] {
				reported[msg] = true
				s.errorf(st, "stack dependency cycle: %s; a stack cannot use values of a stack that uses its own — move the shared resources into one stack or pass values as parameters", msg)
			}
			return
		}
		state[st] = 1
		for _, d := range st.Dependencies() {
			visit(d, append(path, st))
		}
		state[st] = 2
	}
	for _, st := range stacks {
		visit(st, nil)
	}
}

// checkOutsideStacks reports, below root (the app or a stage), each
// topmost construct outside every stack and stage that holds elements
// outside every stack.
func (s *synthesizer) checkOutsideStacks(root constructs.Construct) {
	for _, c := range root.Node().Children() {
		switch x := c.(type) {
		case *constructs.Stack:
			continue
		case *constructs.Stage:
			s.checkOutsideStacks(x)
			continue
		}
		if elementOutsideStacks(c) {
			s.errs = append(s.errs, &constructs.ValidationError{Path: c.Node().Path(), Message: constructs.MsgOutsideStack})
		}
		s.checkStagesBelow(c)
	}
}

// elementOutsideStacks reports whether c's subtree holds an element that
// is in no stack.
func elementOutsideStacks(c constructs.Construct) bool {
	if _, ok := c.(cfn.Element); ok {
		return true
	}
	for _, ch := range c.Node().Children() {
		switch ch.(type) {
		case *constructs.Stack, *constructs.Stage:
			continue
		}
		if elementOutsideStacks(ch) {
			return true
		}
	}
	return false
}

// checkStagesBelow checks the stages in c's subtree outside every stack.
func (s *synthesizer) checkStagesBelow(c constructs.Construct) {
	for _, ch := range c.Node().Children() {
		switch x := ch.(type) {
		case *constructs.Stack:
		case *constructs.Stage:
			s.checkOutsideStacks(x)
		default:
			s.checkStagesBelow(x)
		}
	}
}

// checkStageDependencies refuses a stack dependency between stacks of
// different stages, or of a stage and outside every stage, as the AWS CDK
// does.
func (s *synthesizer) checkStageDependencies() {
	for _, st := range s.app.Stacks() {
		for _, d := range st.Dependencies() {
			if cs, ds := constructs.StageOf(st), constructs.StageOf(d); cs != ds {
				s.errorf(st, "the stack depends on stack %s %s: a dependency cannot cross stage boundaries, as stages deploy separately — move the stacks into one stage or remove the dependency", d.Node().Path(), stageWords(ds, cs, "this stack"))
			}
		}
	}
}

// stageWords says where the producer stage is, and where the consumer's
// (named who) is.
func stageWords(producer, consumer *constructs.Stage, who string) string {
	where := func(st *constructs.Stage) string {
		if st == nil {
			return "outside every stage"
		}
		return "in stage " + st.Node().Path()
	}
	return where(producer) + " (" + who + " is " + where(consumer) + ")"
}
