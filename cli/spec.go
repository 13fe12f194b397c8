package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/specfiles"
	"github.com/forma-iac/forma/internal/specschema"
)

func init() {
	register(newSchemaCommand)
	register(newValidateCommand)
}

// specKinds are the specifications schema and validate know.
var specKinds = []string{"buildspec", "appspec"}

func newSchemaCommand(env *Env) *cobra.Command {
	var platform string
	cmd := &cobra.Command{
		Use:   "schema buildspec|appspec",
		Short: "Print the JSON Schema of a CodeBuild buildspec or a CodeDeploy AppSpec",
		Long: `schema prints the JSON Schema of buildspec.yml (CodeBuild, version 0.2) or
appspec.yml (CodeDeploy; all three compute platforms, or one with
--platform), derived from forma's Go types. Editors' YAML language servers
complete and check files with it, e.g. in VS Code's settings:

  "yaml.schemas": {"./buildspec.schema.json": "buildspec*.yml"}`,
		Example: `  schema buildspec > buildspec.schema.json
  schema appspec --platform ecs`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: specKinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			var s []byte
			switch args[0] {
			case "buildspec":
				s = specfiles.BuildSpecSchema()
			case "appspec":
				if platform == "" {
					s = specfiles.AppSpecSchemas()
				} else if s = specfiles.AppSpecSchema(specfiles.Platform(platform)); s == nil {
					return fmt.Errorf("--platform %q: want server, ecs or lambda", platform)
				}
			default:
				return fmt.Errorf("unknown specification %q: want %s", args[0], strings.Join(specKinds, " or "))
			}
			_, err := env.Stdout.Write(s)
			return err
		},
	}
	cmd.Flags().StringVar(&platform, "platform", "", "appspec only: server (EC2/on-premises), ecs or lambda (default: all three)")
	return cmd
}

func newValidateCommand(env *Env) *cobra.Command {
	var platform string
	cmd := &cobra.Command{
		Use:   "validate buildspec|appspec FILE...",
		Short: "Check buildspec or AppSpec files",
		Long: `validate checks CodeBuild buildspec or CodeDeploy AppSpec files against the
schema of forma's Go types and prints each problem with its line, column
and key path. Keys that CodeBuild still accepts from older files (such as
artifacts' type) are warnings. The exit code is 1 when a file has an error.
An AppSpec's platform is told from the file unless --platform names it.`,
		Example: `  validate buildspec buildspec.yml
  validate appspec --platform ecs appspec.yaml`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, files := args[0], args[1:]
			var check func([]byte) []specschema.Problem
			switch kind {
			case "buildspec":
				check = specfiles.CheckBuildSpecFile
			case "appspec":
				check = func(data []byte) []specschema.Problem {
					return specfiles.CheckAppSpecFile(data, specfiles.Platform(platform))
				}
			default:
				return fmt.Errorf("unknown specification %q: want %s", kind, strings.Join(specKinds, " or "))
			}
			failed := 0
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				problems := check(data)
				for _, p := range problems {
					fmt.Fprintf(env.Stdout, "%s:%s\n", f, p)
				}
				if errs := len(specschema.Errors(problems)); errs > 0 {
					failed++
				} else if !env.Global.Quiet {
					fmt.Fprintf(env.Stdout, "%s: a valid %s\n", f, kind)
				}
			}
			if failed > 0 {
				return exitCode(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&platform, "platform", "", "appspec only: server (EC2/on-premises), ecs or lambda (default: told from the file)")
	return cmd
}
