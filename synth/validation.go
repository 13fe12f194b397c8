package synth

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/schemacheck"
)

// Options change how an app is synthesized; the zero value is the default.
type Options struct {
	// NoValidation turns off the check of every resource's properties
	// against its CloudFormation registry schema (types, enums, patterns,
	// lengths, ranges, unknown and read-only properties). Required
	// properties are still checked.
	NoValidation bool
	// Rendered, when set, is given each stack as soon as its template is
	// rendered, from the goroutine that rendered it (several stacks render
	// at once), before SynthesizeTo writes the template and drops it: the
	// place to look at every template of a large app without holding them
	// all. The template's values are the resolved ones (numbers may be int
	// or float64); they must not be changed. In a large app a stack may be
	// given twice: once rendered early, and again when a cross-stack
	// reference gave it an export afterwards; the last one counts. In
	// SynthesizeTo the stack's TemplateJSON is reused for another
	// template once it is written: copy it to keep it.
	Rendered func(*Stack)
	// Files, when set, is called by SynthesizeTo once every stack is
	// rendered, with the assembly so far, on a goroutine of its own while
	// the manifest is written; the files it returns (name: bytes, relative
	// to the assembly directory) are written into the assembly with the
	// others, atomically. It must not change the assembly. Synthesize and
	// SynthesizeWith, which write nothing, do not call it.
	Files func(*Assembly) (assembly.Files, error)
}

// SynthesizeWith is Synthesize with options.
func SynthesizeWith(app *constructs.App, opts Options) (*Assembly, error) {
	return synthesize(app, opts)
}

// schemaTemplate returns what the schema check needs to know of a stack:
// its parameters' and resources' types by logical ID, from its elements;
// nil when the check is off.
func (s *synthesizer) schemaTemplate(elems []cfn.Element) *schemacheck.Template {
	if s.opts.NoValidation {
		return nil
	}
	tpl := &schemacheck.Template{Parameters: map[string]string{}, Resources: make(map[string]string, len(elems))}
	for _, e := range elems {
		switch e.Section() {
		case "Parameters":
			if body, ok := s.rendered[e].body.(map[string]any); ok {
				t, _ := body["Type"].(string)
				tpl.Parameters[e.LogicalID()] = t
			}
		case "Resources":
			if r := cfn.ResourceOf(e); r != nil {
				tpl.Resources[e.LogicalID()] = r.CfnType()
			}
		}
	}
	return tpl
}

// checkSchema reports every issue of a resource's resolved properties
// against its registry schema, but the missing top-level properties, which
// checkRequired reports.
func (s *synthesizer) checkSchema(tpl *schemacheck.Template, e cfn.Element) {
	if s.opts.NoValidation {
		return
	}
	r := cfn.ResourceOf(e)
	if r == nil {
		return
	}
	res := s.rendered[e]
	if res.err != nil {
		return // reported by render
	}
	body, _ := res.body.(map[string]any)
	props, _ := body["Properties"].(map[string]any)
	for _, is := range schemacheck.Check(r.CfnType(), props, tpl) {
		if is.Kind == "required" && is.Path == "" {
			continue
		}
		if is.Warning {
			warnOnce(e, r.CfnType()+" "+is.String())
			continue
		}
		s.errorf(e, "%s %s", r.CfnType(), is)
	}
}
