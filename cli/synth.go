package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/assembly"
)

func init() { register(newSynthCommand) }

func newSynthCommand(env *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "synth [STACKS...]",
		Aliases: []string{"synthesize"},
		Short:   "Synthesize the app into a cloud assembly and print the selected templates",
		Long: `synth writes the app's cloud assembly (manifest.json, one template per
stack, tree.json) into the output directory, atomically, and prints the
templates of the selected stacks as YAML, as cdk synth does; several
templates are separated by "---". Stacks are selected by id, name or glob
(default: all). -q prints nothing.`,
		Example: `  synth                      # all templates, YAML
  synth HelloStorage --json  # one template, JSON
  synth 'Hello*' -o out      # write out/, print the matching stacks
  synth -q                   # write cdk.out only`,
		RunE: func(cmd *cobra.Command, args []string) error {
			asm, err := env.Assembly(cmd.Context())
			if err != nil {
				return err
			}
			stacks, err := selectStacks(asm, args)
			if err != nil {
				return err
			}
			if env.Global.Quiet {
				return nil
			}
			return printTemplates(env.Stdout, stacks, asJSON)
		},
	}
	cmd.Flags().BoolVarP(&asJSON, "json", "j", false, "print the templates as JSON instead of YAML")
	return cmd
}

// printTemplates prints the stacks' templates, YAML documents separated by
// "---" or one JSON document per stack.
func printTemplates(w io.Writer, stacks []*assembly.StackArtifact, asJSON bool) error {
	var out bytes.Buffer
	for i, st := range stacks {
		data, err := os.ReadFile(st.TemplateFile)
		if err != nil {
			return fmt.Errorf("stack %s: %w", st.DisplayName, err)
		}
		if asJSON {
			if err := json.Indent(&out, data, "", "  "); err != nil {
				return fmt.Errorf("stack %s: %s: %v", st.DisplayName, st.TemplateFile, err)
			}
			out.WriteByte('\n')
			continue
		}
		y, err := jsonToYAML(data)
		if err != nil {
			return fmt.Errorf("stack %s: %s: %v", st.DisplayName, st.TemplateFile, err)
		}
		if i > 0 {
			out.WriteString("---\n")
		}
		out.Write(y)
	}
	_, err := w.Write(out.Bytes())
	return err
}

// jsonToYAML converts a JSON document to block-style YAML, keeping the key
// order; strings that would read as another type are quoted.
func jsonToYAML(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var plain func(n *yaml.Node)
	plain = func(n *yaml.Node) {
		n.Style = 0
		for _, c := range n.Content {
			plain(c)
		}
	}
	plain(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// selectStacks returns the stacks matching any of the patterns, in the
// assembly's order (dependencies first; the stacks of stages after the
// others); all stacks, those of stages included, when there is no pattern.
// As with the AWS CDK CLI, a pattern is matched against a stack's display
// name, its construct path ("Stage/Stack"): "*" and "?" match within one
// path component, "**" any number of components ('Test/*', '**'); forma
// also matches the artifact ID and the stack name.
func selectStacks(asm *assembly.Assembly, patterns []string) ([]*assembly.StackArtifact, error) {
	if len(patterns) == 0 {
		return asm.Stacks, nil
	}
	for _, p := range patterns {
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("stack pattern %q: %v", p, err)
		}
	}
	var out []*assembly.StackArtifact
	matched := make([]bool, len(patterns))
	for _, st := range asm.Stacks {
		hit := false
		for i, p := range patterns {
			for _, name := range []string{st.DisplayName, st.ID, st.StackName} {
				if globMatch(p, name) {
					matched[i], hit = true, true
				}
			}
		}
		if hit {
			out = append(out, st)
		}
	}
	for i, p := range patterns {
		if !matched[i] {
			return nil, fmt.Errorf("no stack matches %q; the stacks are: %s", p, strings.Join(stackNames(asm), ", "))
		}
	}
	return out, nil
}

// globMatch reports whether name matches pattern, both split on "/": "**"
// as a whole component matches any number of components, other components
// match as path.Match does (the pattern is known to be well formed).
func globMatch(pattern, name string) bool {
	ps, ns := strings.Split(pattern, "/"), strings.Split(name, "/")
	var match func(pi, ni int) bool
	match = func(pi, ni int) bool {
		for ; pi < len(ps); pi, ni = pi+1, ni+1 {
			if ps[pi] == "**" {
				for k := ni; k <= len(ns); k++ {
					if match(pi+1, k) {
						return true
					}
				}
				return false
			}
			if ni == len(ns) {
				return false
			}
			if ok, _ := path.Match(ps[pi], ns[ni]); !ok {
				return false
			}
		}
		return ni == len(ns)
	}
	return match(0, 0)
}

func stackNames(asm *assembly.Assembly) []string {
	var names []string
	for _, st := range asm.Stacks {
		names = append(names, st.DisplayName)
	}
	return names
}
