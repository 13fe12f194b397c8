package cli

import (
	"encoding/json"
	"fmt"
	"github.com/forma-iac/forma/internal/assembly"
	"os"
	"path/filepath"
	"sync"

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
// SynthesizeTo wrote into the assembly directory dir (found holds the
// findings of the stacks checked as they were rendered, and the report
// when SynthesizeTo wrote it into the assembly already), writes its report
// into dir unless it is there, prints the unsuppressed findings on stderr
// (unless --quiet) and, with --strict, fails on an unsuppressed error.
func (env *Env) checkRules(app *constructs.App, asm *synth.Assembly, dir string, found *stackFindings) error {
	rep := found.report
	if rep == nil {
		var err error
		if rep, err = rulesReport(app, asm, dir, found); err != nil {
			return err
		}
		for name, data := range reportFiles(rep) {
			if err := assembly.WriteFileAtomic(filepath.Join(dir, name), data); err != nil {
				return fmt.Errorf("writing the rules report: %w", err)
			}
		}
	}
	unsuppressed, errors := rep.Counts()
	if unsuppressed > 0 && (!env.Global.Quiet || env.Global.Strict && errors > 0) || env.Global.Verbose && len(rep.Findings) > 0 {
		rep.Table(env.Stderr, env.Global.Verbose)
	}
	if env.Global.Strict && errors > 0 {
		return fmt.Errorf("--strict: %d unsuppressed rule error%s; fix them, or suppress each with rules.Suppress(construct, rule, reason)", errors, plural(errors))
	}
	return nil
}

// reportFiles returns the report's files in the assembly: its JSON and
// SARIF forms, made at once (for a large app each takes tens of
// milliseconds).
func reportFiles(rep *rules.Report) assembly.Files {
	var sarif []byte
	done := make(chan struct{})
	go func() { sarif = rep.SARIF(); close(done) }()
	files := assembly.Files{RulesJSONFile: rep.JSON()}
	<-done
	files[RulesSARIFFile] = sarif
	return files
}

// RulesReport runs the rule pack over a synthesized app.
func RulesReport(app *constructs.App, asm *synth.Assembly) (*rules.Report, error) {
	return rulesReport(app, asm, "", nil)
}

// stackFindings runs the rule pack over each stack as synthesis renders
// it (synth.Options.Rendered), on the rendering goroutines, so that no
// template is read back from the assembly and parsed again.
type stackFindings struct {
	app     *constructs.App
	mu      sync.Mutex
	byStack map[string]*rules.Report
	// report is the app's report, made by files from the stacks' findings.
	report *rules.Report
}

// files is synth.Options.Files: once every stack is rendered, the report
// made from their findings, in the assembly; nothing when a stack was not
// checked as it was rendered (checkRules then reads its template).
func (f *stackFindings) files(asm *synth.Assembly) (assembly.Files, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, st := range withNested(asm.Stacks) {
		if _, ok := f.byStack[st.ID]; !ok {
			return nil, nil
		}
	}
	rep, err := rulesReport(f.app, asm, "", f)
	if err != nil {
		return nil, err
	}
	f.report = rep
	return reportFiles(rep), nil
}

func newStackFindings(app *constructs.App) *stackFindings {
	return &stackFindings{app: app, byStack: map[string]*rules.Report{}}
}

// rendered checks one stack just rendered.
func (f *stackFindings) rendered(st *synth.Stack) {
	tpl := map[string]any{}
	if sec := st.Template.Section("Resources"); sec != nil {
		tpl["Resources"] = sec.Values
	}
	rep := rules.Check(f.app, []*rules.Stack{{Name: st.ID, Template: tpl, Paths: st.LogicalIDs, Lines: st.ResourceLines}})
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byStack[st.ID] = rep
}

// rulesReport runs the rule pack over a synthesized app; a stack found
// does not hold (nil: none) is checked from its template, read from the
// assembly directory dir when it is no longer in memory (SynthesizeTo
// streamed it).
func rulesReport(app *constructs.App, asm *synth.Assembly, dir string, found *stackFindings) (*rules.Report, error) {
	reports := make([]*rules.Report, 0, len(asm.Stacks))
	for _, st := range withNested(asm.Stacks) {
		if found != nil {
			if rep, ok := found.byStack[st.ID]; ok {
				reports = append(reports, rep)
				continue
			}
		}
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
		reports = append(reports, rules.Check(app, []*rules.Stack{{Name: st.ID, Template: tpl, Paths: st.LogicalIDs, Lines: rules.ResourceLines(data)}}))
	}
	return rules.Merge(reports...), nil
}
