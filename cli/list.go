package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/assembly"
)

func init() { register(newListCommand) }

func newListCommand(env *Env) *cobra.Command {
	var long bool
	cmd := &cobra.Command{
		Use:     "list [STACKS...]",
		Aliases: []string{"ls"},
		Short:   "List the stacks of the app",
		Long: `list prints the stacks of the app, one per line, in deployment order
(a stack after the stacks it depends on), as cdk list prints them: the
display name (a stack in a stage is "Stage/Stack"), then the stack name in
parentheses when it differs ("Test/Web (Test-Web)"); those of stages after
the others. --long prints YAML with each
stack's id, name, environment and dependencies, as cdk ls --long does.`,
		Example: `  list
  ls 'Hello*'
  list --long`,
		RunE: func(cmd *cobra.Command, args []string) error {
			asm, err := env.Assembly(cmd.Context())
			if err != nil {
				return err
			}
			stacks, err := selectStacks(asm, args)
			if err != nil {
				return err
			}
			if !long {
				var b bytes.Buffer
				for _, st := range stacks {
					// As cdk list: the stack name after the display name
					// when they differ ("Test/Web (Test-Web)").
					if st.StackName != st.DisplayName {
						fmt.Fprintf(&b, "%s (%s)\n", st.DisplayName, st.StackName)
						continue
					}
					fmt.Fprintln(&b, st.DisplayName)
				}
				_, err := env.Stdout.Write(b.Bytes())
				return err
			}
			data, err := longList(stacks)
			if err != nil {
				return err
			}
			_, err = env.Stdout.Write(data)
			return err
		},
	}
	cmd.Flags().BoolVarP(&long, "long", "l", false, "print id, name, environment and dependencies of each stack, as YAML")
	return cmd
}

type listedEnv struct {
	Account string `yaml:"account"`
	Region  string `yaml:"region"`
	Name    string `yaml:"name"`
}

type listedStack struct {
	ID           string    `yaml:"id"`
	Name         string    `yaml:"name"`
	Environment  listedEnv `yaml:"environment"`
	Dependencies []string  `yaml:"dependencies"`
}

// longList renders the stacks as cdk ls --long does, with the ids of their
// dependencies.
func longList(stacks []*assembly.StackArtifact) ([]byte, error) {
	out := make([]listedStack, 0, len(stacks))
	for _, st := range stacks {
		envName := assembly.Environment(st.Account, st.Region)
		account, region, _ := strings.Cut(strings.TrimPrefix(envName, "aws://"), "/")
		deps := st.Dependencies
		if deps == nil {
			deps = []string{}
		}
		id := st.DisplayName
		if st.StackName != st.DisplayName {
			id += " (" + st.StackName + ")"
		}
		out = append(out, listedStack{
			ID:           id,
			Name:         st.StackName,
			Environment:  listedEnv{Account: account, Region: region, Name: envName},
			Dependencies: deps,
		})
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
