package synth

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth/template"
)

func (s *synthesizer) render() *Assembly {
	asm := &Assembly{Manifest: &assembly.Manifest{Version: assembly.Version, Artifacts: map[string]*assembly.Artifact{}}}
	for _, st := range s.app.Stacks() {
		out := s.renderStack(st)
		if out == nil {
			continue
		}
		asm.Stacks = append(asm.Stacks, out)
	}
	missing := map[string]bool{}
	for _, c := range s.app.Node().FindAll() {
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
	}
	sort.Slice(asm.Manifest.Missing, func(i, j int) bool {
		return asm.Manifest.Missing[i].(constructs.MissingContext).Key < asm.Manifest.Missing[j].(constructs.MissingContext).Key
	})
	sort.Strings(asm.Warnings)
	for _, st := range asm.Stacks {
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
			Metadata:     map[string][]assembly.MetadataEntry{},
			DisplayName:  st.construct.Node().Path(),
		}
		if st.StackName != st.ID {
			art.Properties.StackName = st.StackName
		}
		for path, id := range st.LogicalIDs {
			art.Metadata["/"+path] = append(art.Metadata["/"+path], assembly.MetadataEntry{Type: "aws:cdk:logicalId", Data: id})
		}
		for _, c := range st.construct.Node().FindAll() {
			for _, md := range c.Node().Metadata() {
				switch md.Type {
				case constructs.MetadataWarning, constructs.MetadataInfo:
					p := "/" + c.Node().Path()
					art.Metadata[p] = append(art.Metadata[p], assembly.MetadataEntry{Type: md.Type, Data: md.Data})
				}
			}
		}
		asm.Manifest.Artifacts[st.ID] = art
		asm.Manifest.Order = append(asm.Manifest.Order, st.ID)
	}
	asm.Manifest.Artifacts["Tree"] = &assembly.Artifact{Type: assembly.TypeTree, Properties: &assembly.Properties{File: "tree.json"}}
	asm.Manifest.Order = append(asm.Manifest.Order, "Tree")
	asm.Tree = treeJSON(s.app)
	return asm
}

func (s *synthesizer) renderStack(st *constructs.Stack) *Stack {
	t := template.New()
	t.Description = st.Description()
	t.Transform = st.Transforms()
	t.TransformList = st.TransformsAsList()
	if md := st.TemplateMetadata(); len(md) > 0 {
		v, err := token.Resolve(&token.Context{Scope: st, Resolver: &renderer{s}}, md)
		if err != nil {
			s.errorf(st, "rendering the template metadata: %v", err)
		} else {
			t.Metadata = v.(map[string]any)
		}
	}
	out := &Stack{
		ID:                    st.ArtifactID(),
		StackName:             st.StackName(),
		Env:                   st.Env(),
		Template:              t,
		Tags:                  st.Tags(),
		TerminationProtection: st.TerminationProtection(),
		LogicalIDs:            map[string]string{},
		construct:             st,
	}
	for _, d := range st.Dependencies() {
		out.Dependencies = append(out.Dependencies, d.ArtifactID())
	}
	for _, e := range cfn.ElementsOf(st) {
		res, ok := s.rendered[e]
		if !ok {
			res = s.resolveElement(e, &renderer{s})
		}
		if res.err != nil {
			s.errorf(e, "%v", res.err)
			continue
		}
		v := res.body
		if where, what := findMarker(v, ""); where != "" {
			s.errorf(e, "%s", describeLeftover(where, what))
			continue
		}
		t.Set(e.Section(), e.LogicalID(), v)
		out.LogicalIDs[e.Node().Path()] = e.LogicalID()
	}
	out.TemplateJSON = t.JSON()
	if n := len(out.TemplateJSON); n > MaxTemplateBytes {
		s.errorf(st, "the template is %d bytes; CloudFormation accepts at most %d (1 MiB) — split the stack or move large inline content (policies, code) into assets", n, MaxTemplateBytes)
	}
	return out
}

// findMarker returns where a token marker (or the text of a number token)
// is left in v and the string holding it; "" when there is none.
func findMarker(v any, path string) (string, string) {
	switch x := v.(type) {
	case string:
		if hasMarker(x) {
			return orRoot(path), x
		}
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		for _, k := range keys {
			if w, s := findMarker(x[k], joinPath(path, k)); w != "" {
				return w, s
			}
			if w, s := findMarker(k, joinPath(path, k)); w != "" {
				return w, s
			}
		}
	case []any:
		for i, e := range x {
			if w, s := findMarker(e, fmt.Sprintf("%s[%d]", path, i)); w != "" {
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

// treeJSON renders tree.json as the AWS CDK does (schema "tree-0.1").
func treeJSON(app *constructs.App) []byte {
	var nodeOf func(c constructs.Construct) map[string]any
	nodeOf = func(c constructs.Construct) map[string]any {
		n := c.Node()
		id := n.ID()
		if id == "" {
			id = "App"
		}
		out := map[string]any{"id": id, "path": n.Path()}
		if len(n.Children()) > 0 {
			ch := map[string]any{}
			for _, k := range n.Children() {
				ch[k.Node().ID()] = nodeOf(k)
			}
			out["children"] = ch
		}
		if r := cfn.ResourceOf(c); r != nil {
			out["attributes"] = map[string]any{"aws:cdk:cloudformation:type": r.CfnType()}
		}
		t := reflect.TypeOf(c)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		out["constructInfo"] = map[string]any{"fqn": t.PkgPath() + "." + t.Name(), "version": "0.0.0"}
		return out
	}
	data, _ := assembly.MarshalJSON(map[string]any{"version": "tree-0.1", "tree": nodeOf(app)}, "")
	return data
}

// Files returns the assembly's files: manifest.json, cdk.out, tree.json
// and one template per stack (JSON, or YAML when yaml is set).
func (a *Assembly) Files(yaml bool) (assembly.Files, error) {
	files := assembly.Files{}
	for _, st := range a.Stacks {
		if yaml {
			files[st.ID+".template.yaml"] = st.Template.YAML()
		} else {
			files[st.TemplateFile()] = st.TemplateJSON
		}
	}
	m := a.Manifest
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
	data, err := assembly.MarshalManifest(m)
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = data
	files["cdk.out"] = []byte(`{"version":"` + assembly.Version + `"}`)
	files["tree.json"] = a.Tree
	return files, nil
}

// WriteTo writes the assembly into dir atomically, with JSON templates.
func (a *Assembly) WriteTo(dir string) error {
	files, err := a.Files(false)
	if err != nil {
		return err
	}
	return assembly.Write(dir, files)
}
