package cfngen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// Output is everything the generator writes, by path relative to the module
// root.
type Output struct {
	// Files are rewritten on every run.
	Files map[string][]byte
	// Docs are the package doc.go files, written only where none exists.
	Docs map[string][]byte
	// Types and Services count what was generated.
	Types, Services int
}

// Generated reports whether a path (relative to the module root) is one the
// generator owns, so that stale files can be removed.
func Generated(p string) bool {
	switch {
	case strings.HasPrefix(p, "constructs/") && strings.HasSuffix(p, ".generated.go") && strings.Count(p, "/") == 3:
		parts := strings.Split(p, "/")
		return parts[2] == L1Package(parts[1])
	case strings.HasPrefix(p, "internal/cfnspec/data/") && strings.HasSuffix(p, ".json"):
		return true
	case p == "internal/cfnspec/types.generated.go", p == "internal/alltypes/registry.generated.go":
		return true
	}
	return false
}

// Generate turns the schemas into Go code and data.
func Generate(schemas []*ResourceSchema) (*Output, error) {
	out := &Output{Files: map[string][]byte{}, Docs: map[string][]byte{}}
	byPkg := map[string][]*Resource{}
	services := map[string]string{}
	for _, rs := range schemas {
		r, err := Build(rs)
		if err != nil {
			return nil, err
		}
		if s, ok := services[r.Package]; ok && s != r.Service {
			return nil, fmt.Errorf("services %s and %s both map to package %s", s, r.Service, r.Package)
		}
		services[r.Package] = r.Service
		byPkg[r.Package] = append(byPkg[r.Package], r)
	}
	var names []string
	for _, pkg := range slices.Sorted(maps.Keys(byPkg)) {
		rs := byPkg[pkg]
		if err := checkNames(pkg, rs); err != nil {
			return nil, err
		}
		spec := map[string]*cfnspec.Type{}
		var types []string
		for _, r := range rs {
			src, err := ResourceFile(r)
			if err != nil {
				return nil, err
			}
			out.Files[path.Join(L1Dir(pkg), r.FileName())] = src
			spec[r.TypeName] = SpecOf(r)
			types = append(types, r.TypeName)
			names = append(names, r.TypeName)
		}
		typeNames, err := TypeNamesFile(pkg, rs)
		if err != nil {
			return nil, err
		}
		out.Files[path.Join(L1Dir(pkg), TypeNamesFileName)] = typeNames
		js, err := json.Marshal(spec)
		if err != nil {
			return nil, err
		}
		out.Files[path.Join("internal/cfnspec/data", pkg+".json")] = append(js, '\n')
		out.Docs[path.Join(L1Dir(pkg), "doc.go")] = DocFile(pkg, services[pkg], types)
		out.Types += len(rs)
	}
	out.Services = len(byPkg)
	sort.Strings(names)
	var err error
	if out.Files["internal/cfnspec/types.generated.go"], err = typesFile(names); err != nil {
		return nil, err
	}
	if out.Files["internal/alltypes/registry.generated.go"], err = registryFile(byPkg); err != nil {
		return nil, err
	}
	return out, nil
}

// checkNames rejects two types of a package whose Go names or files collide.
func checkNames(pkg string, rs []*Resource) error {
	idents := map[string]string{}
	files := map[string]string{}
	for _, r := range rs {
		idents[r.GoName] = r.TypeName
	}
	for _, r := range rs {
		if _, ok := idents[r.TypeConst]; ok {
			r.TypeConst = r.GoName + "TypeName"
		}
	}
	files[TypeNamesFileName] = "the type names"
	for _, r := range rs {
		if o, ok := files[r.FileName()]; ok {
			return fmt.Errorf("package %s: %s and %s share the file %s", pkg, o, r.TypeName, r.FileName())
		}
		files[r.FileName()] = r.TypeName
		if o := idents[r.GoName]; o != r.TypeName {
			return fmt.Errorf("package %s: %s and %s both declare %s", pkg, o, r.TypeName, r.GoName)
		}
		ids := []string{r.TypeConst, r.GoName + "Props", "New" + r.GoName}
		for _, s := range r.Structs {
			ids = append(ids, r.StructGoName(s))
		}
		for _, id := range ids {
			if o, ok := idents[id]; ok {
				return fmt.Errorf("package %s: %s and %s both declare %s", pkg, o, r.TypeName, id)
			}
			idents[id] = r.TypeName
		}
	}
	return nil
}

// SpecOf returns the data-set entry of a resource type.
func SpecOf(r *Resource) *cfnspec.Type {
	rs := r.Schema
	t := &cfnspec.Type{
		Required:          r.Required,
		Rules:             specRules(r.Props.Rules),
		CreateOnly:        trimPaths(rs.CreateOnlyProps),
		ReadOnly:          trimPaths(rs.ReadOnlyProperties),
		WriteOnly:         trimPaths(rs.WriteOnlyProperties),
		PrimaryIdentifier: trimPaths(rs.PrimaryIdentifier),
		TagProperty:       r.TagProp,
		Properties:        map[string]*cfnspec.Property{},
	}
	for _, f := range r.All.Fields {
		t.Properties[f.Prop] = specProperty(f.Shape)
	}
	for _, s := range r.AllStructs() {
		if t.Definitions == nil {
			t.Definitions = map[string]*cfnspec.Object{}
		}
		o := &cfnspec.Object{Rules: specRules(s.Rules), Properties: map[string]*cfnspec.Property{}}
		o.Open = s.Open
		for _, f := range s.Fields {
			o.Properties[f.Prop] = specProperty(f.Shape)
			if f.Required {
				o.Required = append(o.Required, f.Prop)
			}
		}
		t.Definitions[s.Name] = o
	}
	return t
}

func specRules(r Rules) cfnspec.Rules {
	return cfnspec.Rules{Choices: r.Choices, DependentRequired: r.DependentRequired, DependentExcluded: r.DependentExcluded, MinProperties: r.MinProperties}
}

func trimPaths(l []string) []string {
	var out []string
	for _, p := range l {
		out = append(out, strings.TrimPrefix(p, "/properties/"))
	}
	sort.Strings(out)
	return out
}

func specProperty(s *Shape) *cfnspec.Property {
	p := &cfnspec.Property{
		Type: s.Kind.String(), Enum: s.Enum, Pattern: s.Pattern, Format: s.Format,
		MinLength: s.MinLength, MaxLength: s.MaxLength, Minimum: s.Minimum, Maximum: s.Maximum,
		MinItems: s.MinItems, MaxItems: s.MaxItems, UniqueItems: s.UniqueItems, CaseInsensitive: s.CaseInsensitive,
		KeyPattern: s.KeyPattern, MinProperties: s.MinProperties,
	}
	switch s.Kind {
	case KindStruct:
		p.Ref = s.Struct.Name
	case KindArray, KindMap:
		if s.Elem != nil {
			p.Items = specProperty(s.Elem)
		}
	case KindUnion:
		for _, f := range s.Forms {
			p.Forms = append(p.Forms, specProperty(f))
		}
	}
	return p
}

func typesFile(names []string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\npackage cfnspec\n\n// typeNames are the resource types of the data set, sorted.\nvar typeNames = []string{\n", Header)
	for _, n := range names {
		fmt.Fprintf(&b, "\t%q,\n", n)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func registryFile(byPkg map[string][]*Resource) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\npackage alltypes\n\nimport (\n\t\"github.com/forma-iac/forma/constructs\"\n\t\"github.com/forma-iac/forma/constructs/cfn\"\n", Header)
	pkgs := slices.Sorted(maps.Keys(byPkg))
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\t%q\n", "github.com/forma-iac/forma/"+L1Dir(p))
	}
	b.WriteString(")\n\n// Registry lists every generated L1 type, sorted by type name, with a function\n// that adds one with empty props.\nvar Registry = []Entry{\n")
	var all []*Resource
	for _, p := range pkgs {
		all = append(all, byPkg[p]...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].TypeName < all[j].TypeName })
	for _, r := range all {
		fmt.Fprintf(&b, "\t{%q, func(s constructs.Construct, id string) *cfn.Resource { return &%s.New%s(s, id, %s.%sProps{}).Resource }},\n",
			r.TypeName, L1Package(r.Package), r.GoName, L1Package(r.Package), r.GoName)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
