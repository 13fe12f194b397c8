package synth

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/jsonstr"
	"github.com/forma-iac/forma/synth/template"
)

// render renders every stack, in parallel, and the manifest. s.sink, when
// set, is given each stack as soon as it is rendered (from the rendering
// goroutine); an error it returns is reported against the stack.
func (s *synthesizer) render() *Assembly {
	asm := &Assembly{Manifest: &assembly.Manifest{Version: assembly.Version, Artifacts: map[string]*assembly.Artifact{}}}
	stacks := s.app.Stacks()
	// Each stack is resolved, checked and rendered on its own goroutine;
	// its resolved bodies are dropped when it is done. The errors of the
	// checks come first: when there are any, those of rendering (which
	// assumes a valid stack) are not reported.
	checkOnly := len(s.errs) > 0
	outs := make([]*Stack, len(stacks))
	checkErrs := make([]constructs.Errors, len(stacks))
	renderErrs := make([]constructs.Errors, len(stacks))
	again := nestedResources(stacks)
	// What prepare finished holds unless a construct failed: the checks
	// then skip the schemas below it, and run again.
	early := s.early
	if len(s.failed) > 0 {
		early = nil
	}
	renderOne := func(i int) {
		st := stacks[i]
		f := (*finished)(nil)
		if early != nil {
			f = early[i]
		}
		if f == nil {
			elems := cfn.ElementsOf(st)
			bodies := make([]resolved, len(elems))
			for j, e := range elems {
				res, ok := s.kept[e]
				if !ok || again[e] {
					res = s.resolveElement(e, &renderer{s})
				}
				bodies[j] = res
			}
			f = s.finishStack(st, elems, bodies, s.stackRefs[st], s.failed)
		}
		checkErrs[i] = f.checkErrs
		if len(f.checkErrs) > 0 || checkOnly {
			return
		}
		outs[i], renderErrs[i] = f.out, f.renderErrs
	}
	// Nested stacks render before their parents, which name their
	// templates by hash (nested.go); without nested stacks there is one
	// level.
	for _, level := range renderLevels(stacks) {
		s.forEach(len(level), func(k int) { renderOne(level[k]) })
		checkOnly = setTemplateURLs(stacks, level, outs, renderErrs) || checkOnly
	}
	for _, es := range checkErrs {
		s.errs = append(s.errs, es...)
	}
	if len(s.errs) > 0 {
		return nil
	}
	byConstruct := map[*constructs.Stack]*Stack{}
	for i, out := range outs {
		s.errs = append(s.errs, renderErrs[i]...)
		if out == nil {
			continue
		}
		byConstruct[stacks[i]] = out
		if p := stacks[i].NestedStackParent(); p != nil {
			if po := byConstruct[p]; po != nil {
				po.Nested = append(po.Nested, out)
			}
			continue
		}
		asm.Stacks = append(asm.Stacks, out)
	}
	addNestedTemplateAssets(stacks, byConstruct)
	// Warnings and missing context are collected, and a stage's nested
	// assembly is named in its parent's manifest before the stacks, as the
	// AWS CDK registers it when the stage is created.
	missing := map[string]bool{}
	for c := range s.app.Node().All() {
		for _, md := range c.Node().Metadata() {
			switch md.Type {
			case constructs.MetadataWarning:
				asm.Warnings = append(asm.Warnings, fmt.Sprintf("%s: %v", c.Node().Path(), md.Data))
			case constructs.MetadataMissingContext:
				if m := md.Data.(constructs.MissingContext); !missing[m.Key] {
					missing[m.Key] = true
					asm.Manifest.Missing = append(asm.Manifest.Missing, m)
				}
			}
		}
		stage, ok := c.(*constructs.Stage)
		if !ok {
			continue
		}
		parent := ""
		if outer := constructs.StageOf(stage); outer != nil {
			parent = outer.AssemblyDir()
		}
		n := &NestedAssembly{ID: stage.ArtifactID(), DisplayName: stage.Node().Path(), Dir: stage.AssemblyDir(),
			Manifest: &assembly.Manifest{Version: assembly.Version, Artifacts: map[string]*assembly.Artifact{}}}
		asm.Nested = append(asm.Nested, n)
		pm := asm.manifestOf(parent)
		pm.Artifacts[n.ID] = &assembly.Artifact{Type: assembly.TypeNestedAssembly, Properties: &assembly.Properties{DirectoryName: n.ID, DisplayName: n.DisplayName}}
		pm.Order = append(pm.Order, n.ID)
	}
	sort.Slice(asm.Manifest.Missing, func(i, j int) bool {
		return asm.Manifest.Missing[i].(constructs.MissingContext).Key < asm.Manifest.Missing[j].(constructs.MissingContext).Key
	})
	sort.Strings(asm.Warnings)
	// Each stack's artifact is made on its own goroutine: it reads only the
	// stack and the constructs of its template.
	arts := make([]*assembly.Artifact, len(asm.Stacks))
	s.forEach(len(asm.Stacks), func(i int) {
		st := asm.Stacks[i]
		art := &assembly.Artifact{
			Type:        assembly.TypeStack,
			Environment: assembly.Environment(st.Env.Account, st.Env.Region),
			Properties: &assembly.Properties{
				TemplateFile:          st.TemplateFile(),
				TerminationProtection: st.TerminationProtection,
				Tags:                  st.Tags,
				ValidateOnSynth:       new(false),
			},
			Dependencies: st.Dependencies,
			Metadata:     make(map[string][]assembly.MetadataEntry, len(st.LogicalIDs)),
			DisplayName:  st.DisplayName,
		}
		if st.StackName != st.ID {
			art.Properties.StackName = st.StackName
		}
		for _, x := range st.WithNested() {
			for path, id := range x.LogicalIDs {
				k := "/" + path
				art.Metadata[k] = append(art.Metadata[k], assembly.MetadataEntry{Type: "aws:cdk:logicalId", Data: id})
			}
			if x != st {
				p := "/" + x.construct.Node().Path()
				art.Metadata[p] = append(art.Metadata[p], assembly.MetadataEntry{Type: "aws:cdk:templateFile", Data: x.TemplateFile()})
			}
		}
		for _, c := range constructsOf(st.construct) {
			for _, md := range c.Node().Metadata() {
				switch md.Type {
				case constructs.MetadataWarning, constructs.MetadataInfo:
					p := "/" + c.Node().Path()
					art.Metadata[p] = append(art.Metadata[p], assembly.MetadataEntry{Type: md.Type, Data: md.Data})
				}
			}
		}
		arts[i] = art
	})
	for i, st := range asm.Stacks {
		m := asm.manifestOf(st.Dir)
		m.Artifacts[st.ID] = arts[i]
		m.Order = append(m.Order, st.ID)
	}
	s.renderAssets(asm)
	asm.Manifest.Artifacts["Tree"] = &assembly.Artifact{Type: assembly.TypeTree, Properties: &assembly.Properties{File: "tree.json"}}
	asm.Manifest.Order = append(asm.Manifest.Order, "Tree")
	if !s.streamTree {
		asm.Tree = treeJSON(s.app)
	}
	return asm
}

// finished is a stack checked and, when the checks passed, rendered and
// handed over.
type finished struct {
	checkErrs  constructs.Errors
	out        *Stack
	renderErrs constructs.Errors
}

// finishStack checks the stack st, whose elements elems resolved to bodies,
// with the elements they reference in refs and the constructs that failed
// in failed; then, when the checks passed, renders it, and hands it to
// Options.Rendered and the sink. It runs on a synthesizer of the stack's
// own, in parallel with the other stacks'.
func (s *synthesizer) finishStack(st *constructs.Stack, elems []cfn.Element, bodies []resolved, refs map[cfn.Element][]cfn.Element, failed map[constructs.Construct]bool) *finished {
	sub := &synthesizer{app: s.app, opts: s.opts, refs: refs, rendered: make(map[cfn.Element]resolved, len(elems)), workers: 1}
	for j, e := range elems {
		sub.rendered[e] = bodies[j]
	}
	sub.validateStack(st, elems, failed)
	f := &finished{checkErrs: sub.errs}
	if len(sub.errs) > 0 {
		return f
	}
	out, es := s.renderStack(st, elems, bodies)
	if out != nil && len(es) == 0 && s.opts.Rendered != nil {
		s.opts.Rendered(out)
	}
	if out != nil && len(es) == 0 && s.sink != nil {
		if err := s.sink(out); err != nil {
			es = append(es, constructs.Errorf(st, "%v", err))
		}
	}
	f.out, f.renderErrs = out, es
	return f
}

// constructsOf returns the constructs of st's template: st and all below
// it but the stacks and stages inside it and their constructs.
func constructsOf(st *constructs.Stack) []constructs.Construct {
	var out []constructs.Construct
	var walk func(c constructs.Construct)
	walk = func(c constructs.Construct) {
		out = append(out, c)
		for ch := range c.Node().ChildrenSeq() {
			switch ch.(type) {
			case *constructs.Stack, *constructs.Stage:
				continue
			}
			walk(ch)
		}
	}
	walk(st)
	return out
}

// manifestOf returns the manifest of the assembly in dir ("" for the
// app's), nil when there is none.
func (a *Assembly) manifestOf(dir string) *assembly.Manifest {
	if dir == "" {
		return a.Manifest
	}
	for _, n := range a.Nested {
		if n.Dir == dir {
			return n.Manifest
		}
	}
	return nil
}

// renderStack renders one stack's template from its elements' resolved
// bodies, which validateStack checked. It runs in parallel with the other stacks': it writes only to
// the Stack it returns and to its errors.
func (s *synthesizer) renderStack(st *constructs.Stack, elems []cfn.Element, bodies []resolved) (*Stack, constructs.Errors) {
	var errs constructs.Errors
	errorf := func(c constructs.Construct, format string, args ...any) {
		errs = append(errs, constructs.Errorf(c, format, args...))
	}
	t := template.New()
	t.Description = st.Description()
	t.Transform = st.Transforms()
	t.TransformList = st.TransformsAsList()
	if md := st.TemplateMetadata(); len(md) > 0 {
		v, err := token.Resolve(&token.Context{Scope: st, Resolver: &renderer{s}}, md)
		if err != nil {
			errorf(st, "rendering the template metadata: %v", err)
		} else {
			t.Metadata = v.(map[string]any)
		}
	}
	dir := ""
	if stage := constructs.StageOf(st); stage != nil {
		dir = stage.AssemblyDir()
	}
	out := &Stack{
		Dir:                   dir,
		ID:                    st.ArtifactID(),
		StackName:             st.StackName(),
		DisplayName:           st.DisplayName(),
		Env:                   st.Env(),
		Template:              t,
		Tags:                  st.Tags(),
		TerminationProtection: st.TerminationProtection(),
		LogicalIDs:            make(map[string]string, len(elems)),
		construct:             st,
	}
	for _, d := range st.Dependencies() {
		out.Dependencies = append(out.Dependencies, d.ArtifactID())
	}
	if st.NestedStack() != nil {
		out.ID, out.StackName = strings.TrimSuffix(nestedTemplateFile(st), ".template.json"), ""
		if r := nestedResource(st); r != nil {
			out.LogicalID = r.LogicalID()
		}
	}
	// Room for each section's entries, the sections in the order of their
	// first element (the order the template writes them in).
	type count struct {
		section string
		n       int
	}
	var counts []count
	for _, e := range elems {
		k := slices.IndexFunc(counts, func(c count) bool { return c.section == e.Section() })
		if k < 0 {
			k = len(counts)
			counts = append(counts, count{section: e.Section()})
		}
		counts[k].n++
	}
	for _, c := range counts {
		t.Grow(c.section, c.n)
	}
	for j, e := range elems {
		res := bodies[j]
		if res.err != nil {
			errorf(e, "%v", res.err)
			continue
		}
		// validateStack found no token left in the body.
		t.Set(e.Section(), e.LogicalID(), res.body)
		out.LogicalIDs[e.Node().Path()] = e.LogicalID()
	}
	out.TemplateJSON, out.ResourceLines = t.AppendJSONLines(templateBuffer())
	if st.NestedStack() != nil {
		out.TemplateHash = templateHash(out.TemplateJSON)
	}
	if n := len(out.TemplateJSON); n > MaxTemplateBytes {
		errorf(st, "the template is %d bytes; CloudFormation accepts at most %d (1 MiB) — split the stack or move large inline content (policies, code) into assets", n, MaxTemplateBytes)
	}
	return out, errs
}

// locateMarker returns where the first marker in key order is left in v,
// and the string holding it.
func locateMarker(v any, path string) (string, string) {
	switch x := v.(type) {
	case string:
		if hasMarker(x) {
			return orRoot(path), x
		}
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		for _, k := range keys {
			if w, s := locateMarker(x[k], joinPath(path, k)); w != "" {
				return w, s
			}
			if w, s := locateMarker(k, joinPath(path, k)); w != "" {
				return w, s
			}
		}
	case []any:
		for i, e := range x {
			if w, s := locateMarker(e, fmt.Sprintf("%s[%d]", path, i)); w != "" {
				return w, s
			}
		}
	}
	return "", ""
}

func orRoot(p string) string {
	if p == "" {
		return "the top level"
	}
	return p
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// treeJSON renders tree.json as the AWS CDK does (schema "tree-0.1"),
// compact, keys sorted: the bytes encoding/json writes for the same
// document, written directly.
func treeJSON(app *constructs.App) []byte {
	var b []byte
	_ = writeTree(app, func(p []byte) ([]byte, error) { b = append(b, p...); return p[:0], nil })
	return b
}

// writeTree renders tree.json in pieces: flush is given the bytes written
// so far every few kilobytes and returns the buffer to continue in.
func writeTree(app *constructs.App, flush func([]byte) ([]byte, error)) error {
	t := &treeWriter{b: make([]byte, 0, 64<<10), flush: flush, fqns: map[reflect.Type]string{}}
	t.b = append(t.b, `{"tree":`...)
	t.node(app, "")
	t.b = append(t.b, `,"version":"tree-0.1"}`...)
	if t.err == nil {
		_, t.err = flush(t.b)
	}
	return t.err
}

// treeWriter writes tree.json's nodes into b, flushing it as it fills.
type treeWriter struct {
	b     []byte
	flush func([]byte) ([]byte, error)
	err   error
	// fqns holds the name written for each construct type.
	fqns map[reflect.Type]string
}

// node writes c, whose path is path ("" for the root).
func (t *treeWriter) node(c constructs.Construct, path string) {
	if t.err != nil {
		return
	}
	n := c.Node()
	id := n.ID()
	if id == "" {
		id = "App"
	}
	b := t.b
	b = append(b, '{')
	if r := cfn.ResourceOf(c); r != nil {
		b = append(b, `"attributes":{"aws:cdk:cloudformation:type":`...)
		b = appendJSONString(b, r.CfnType())
		b = append(b, "},"...)
	}
	if sorted := n.Children(); len(sorted) > 0 {
		slices.SortFunc(sorted, func(x, y constructs.Construct) int { return strings.Compare(x.Node().ID(), y.Node().ID()) })
		b = append(b, `"children":{`...)
		for i, k := range sorted {
			if i > 0 {
				b = append(b, ',')
			}
			kid := k.Node().ID()
			b = appendJSONString(b, kid)
			b = append(b, ':')
			t.b = b
			if path == "" {
				t.node(k, kid)
			} else {
				t.node(k, path+"/"+kid)
			}
			b = t.b
		}
		b = append(b, "},"...)
	}
	ty := reflect.TypeOf(c)
	fqn, ok := t.fqns[ty]
	if !ok {
		e := ty
		for e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		fqn = e.PkgPath() + "." + e.Name()
		t.fqns[ty] = fqn
	}
	b = append(b, `"constructInfo":{"fqn":`...)
	b = appendJSONString(b, fqn)
	b = append(b, `,"version":"0.0.0"},"id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, path)
	b = append(b, '}')
	if len(b) >= 32<<10 && t.err == nil {
		b, t.err = t.flush(b)
	}
	t.b = b
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping.
func appendJSONString(b []byte, s string) []byte { return jsonstr.Append(b, s, false) }

// Files returns the assembly's files: manifest.json, cdk.out, tree.json
// and one template per stack (JSON, or YAML when yaml is set). The
// templates of an assembly from SynthesizeTo are on disk only: Files
// fails for it.
func (a *Assembly) Files(yaml bool) (assembly.Files, error) {
	files, err := a.metaFiles(yaml)
	if err != nil {
		return nil, err
	}
	for _, st := range a.Stacks {
		if st.Template == nil {
			return nil, fmt.Errorf("the template of stack %s was written to the assembly directory and is no longer in memory", st.ID)
		}
		if yaml {
			files[st.inDir(st.ID+".template.yaml")] = st.Template.YAML()
		} else {
			files[st.TemplatePath()] = st.TemplateJSON
		}
		// Nested templates are file assets, published as they are
		// named in the asset manifest: always JSON.
		for _, x := range st.WithNested()[1:] {
			if x.TemplateJSON == nil {
				return nil, fmt.Errorf("the template of nested stack %s was written to the assembly directory and is no longer in memory", x.construct.Node().Path())
			}
			files[x.TemplatePath()] = x.TemplateJSON
		}
		if st.AssetManifest != nil {
			files[st.inDir(st.AssetManifestFile())] = st.AssetManifest
		}
	}
	return files, nil
}

// metaFiles returns the assembly's files but the templates: manifest.json,
// cdk.out and tree.json.
func (a *Assembly) metaFiles(yaml bool) (assembly.Files, error) {
	files := assembly.Files{}
	data, err := marshalManifest(a.Manifest, yaml)
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = data
	files["cdk.out"] = []byte(`{"version":"` + assembly.Version + `"}`)
	if a.Tree != nil {
		files["tree.json"] = a.Tree
	}
	for _, n := range a.Nested {
		data, err := marshalManifest(n.Manifest, yaml)
		if err != nil {
			return nil, err
		}
		files[n.Dir+"/manifest.json"] = data
		files[n.Dir+"/cdk.out"] = files["cdk.out"]
	}
	return files, nil
}

// marshalManifest renders m, naming YAML templates when yaml is set.
func marshalManifest(m *assembly.Manifest, yaml bool) ([]byte, error) {
	if yaml {
		cp := *m
		cp.Artifacts = map[string]*assembly.Artifact{}
		cp.Order = m.Order
		for k, v := range m.Artifacts {
			av := *v
			if v.Properties != nil && v.Properties.TemplateFile != "" {
				pv := *v.Properties
				pv.TemplateFile = k + ".template.yaml"
				av.Properties = &pv
			}
			cp.Artifacts[k] = &av
		}
		m = &cp
	}
	return assembly.MarshalManifest(m)
}

// WriteTo writes the assembly into dir atomically, with JSON templates.
func (a *Assembly) WriteTo(dir string) error {
	files, err := a.Files(false)
	if err != nil {
		return err
	}
	return assembly.WriteWith(dir, files, func(tmp string) error { return stageAssets(tmp, a.Assets) })
}

// templateBuffers holds the room of templates SynthesizeTo has written, for
// the next ones to be rendered in: a large app renders tens of megabytes of
// templates, one stack at a time on each core.
var templateBuffers sync.Pool

// templateBuffer returns an empty slice with the room of a template
// written before, or nil.
func templateBuffer() []byte {
	if p, ok := templateBuffers.Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return nil
}

// reuseTemplateBuffer hands back the bytes of a template that was written
// and is no longer referenced.
func reuseTemplateBuffer(b []byte) {
	if cap(b) > 0 {
		templateBuffers.Put(&b)
	}
}
