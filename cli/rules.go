package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/rules"
	"github.com/forma-iac/forma/synth"
)

// Files of the rule pack's report in the cloud assembly.
const (
	RulesJSONFile  = "forma-rules.json"
	RulesSARIFFile = "forma-rules.sarif"
)

// checkRules runs the rule pack over the synthesized app, whose templates
// SynthesizeTo wrote into the assembly directory dir, writes its report
// into dir, prints the unsuppressed findings on stderr
// (unless --quiet) and, with --strict, fails on an unsuppressed error.
func (env *Env) checkRules(app *constructs.App, asm *synth.Assembly, dir string) error {
	rep, err := rulesReport(app, asm, dir)
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{RulesJSONFile: rep.JSON(), RulesSARIFFile: rep.SARIF()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("writing the rules report: %w", err)
		}
	}
	if len(rep.Unsuppressed()) > 0 && (!env.Global.Quiet || env.Global.Strict && rep.Errors() > 0) || env.Global.Verbose && len(rep.Findings) > 0 {
		rep.Table(env.Stderr, env.Global.Verbose)
	}
	if env.Global.Strict && rep.Errors() > 0 {
		return fmt.Errorf("--strict: %d unsuppressed rule error%s; fix them, or suppress each with rules.Suppress(construct, rule, reason)", rep.Errors(), plural(rep.Errors()))
	}
	return nil
}

// RulesReport runs the rule pack over a synthesized app.
func RulesReport(app *constructs.App, asm *synth.Assembly) (*rules.Report, error) {
	return rulesReport(app, asm, "")
}

// rulesReport runs the rule pack over a synthesized app; a template no
// longer in memory (SynthesizeTo streamed it) is read from the assembly
// directory dir.
func rulesReport(app *constructs.App, asm *synth.Assembly, dir string) (*rules.Report, error) {
	var stacks []*rules.Stack
	for _, st := range withNested(asm.Stacks) {
		data := st.TemplateJSON
		if data == nil && dir != "" {
			var err error
			if data, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(st.TemplatePath()))); err != nil {
				return nil, fmt.Errorf("reading the template of %s: %w", st.ID, err)
			}
		}
		var tpl map[string]any
		if err := json.Unmarshal(data, &tpl); err != nil {
			return nil, fmt.Errorf("reading the template of %s: %w", st.ID, err)
		}
		stacks = append(stacks, &rules.Stack{Name: st.ID, Template: tpl, Paths: st.LogicalIDs, Lines: rules.ResourceLines(data)})
	}
	return rules.Check(app, stacks), nil
}
