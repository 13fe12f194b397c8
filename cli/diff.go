package cli

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/diff"
	"github.com/forma-iac/forma/synth/template"
)

func init() { register(newDiffCommand) }

func newDiffCommand(env *Env) *cobra.Command {
	var all, fail, securityOnly bool
	var templateFile string
	cmd := &cobra.Command{
		Use:   "diff [STACKS...]",
		Short: "Compare stacks with the deployed ones",
		Long: `diff compares each selected stack's synthesized template with the deployed
template (GetTemplate), or with a local file given by --template. Security
changes (IAM statements, managed policies, security group rules) are shown
first; resources are marked [+] added, [-] removed, [~] modified, with
"requires replacement" or "may be replaced" from the resource types'
create-only properties. --fail exits 1 when there are differences.

The changes of nested stacks follow their parent's, each as a stack of
its own: the deployed nested template is read from the physical id of the
parent's AWS::CloudFormation::Stack resource, the new one from the
assembly; the TemplateURL of that resource (a hash of the template) is not
shown as a change of the parent.

The deployed template of a stack whose AWS CDK manifest names a lookup
role is read with that role (after checking its bootstrap version), as
cdk diff reads it; otherwise with the current credentials.`,
		Example: `  diff
  diff --all --fail
  diff HelloStorage --template deployed.json
  diff --all --security-only`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			asm, err := env.Assembly(ctx)
			if err != nil {
				return err
			}
			goOn()
			selected, err := selectStacks(asm, args)
			if err != nil {
				return err
			}
			if templateFile != "" && len(selected) != 1 {
				return fmt.Errorf("--template compares one stack; %d are selected: name one", len(selected))
			}
			stacks, err := deploy.FromAssembly(selected)
			if err != nil {
				return err
			}
			// The deployed templates are read as the AWS CDK's CLI reads
			// them: with a CDK assembly's lookup role when it names one;
			// fallbacks are said on stderr.
			var d *deploy.Deployer
			if templateFile == "" {
				if d, err = env.newDeployer(ctx, deploy.ProgressEvents); err != nil {
					return err
				}
				d.Renderer = deploy.NewRenderer(deploy.ProgressEvents, env.Stderr, time.Now, time.Local)
			}
			differing := 0
			var b bytes.Buffer
			for _, st := range stacks {
				newT, err := template.Parse(st.TemplateFile, st.Template)
				if err != nil {
					return err
				}
				var old map[string]any
				var rd templateReader
				if templateFile != "" {
					body, err := os.ReadFile(templateFile)
					if err != nil {
						return err
					}
					if old, err = template.Parse(templateFile, body); err != nil {
						return err
					}
				} else {
					cfn, err := d.ReadCFN(ctx, st)
					if err != nil {
						return fmt.Errorf("stack %s: %w", st.DisplayName, err)
					}
					out, err := cfn.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(st.Name)})
					switch {
					case err == nil:
						rd = cfn
						if old, err = template.Parse(st.Name+" (deployed)", []byte(aws.ToString(out.TemplateBody))); err != nil {
							return err
						}
					case apiMessageContains(err, "does not exist"):
						// Not deployed: everything is added.
					default:
						return fmt.Errorf("stack %s: reading the deployed template: %w", st.DisplayName, err)
					}
				}
				// Nested stacks (diffnested.go): their changes follow the
				// parent's.
				files := map[string]string{}
				for _, a := range st.Assets {
					if a.Kind == "file" && a.Packaging == "file" {
						files[a.ID] = a.Path
					}
				}
				nested, err := nestedStacks(ctx, newT, old, files, st.DisplayName, st.Name, rd, st.LogicalIDPaths)
				if err != nil {
					return fmt.Errorf("stack %s: %w", st.DisplayName, err)
				}
				sd := diff.Compare(old, newT, diff.Options{})
				if securityOnly && sd.Security.HasChanges() || !securityOnly && !sd.IsEmpty() {
					differing++
				}
				if err := sd.Format(&b, diff.FormatOptions{StackName: st.DisplayName, SecurityOnly: securityOnly, Paths: st.LogicalIDPaths, Color: isTerminal(env.Stdout)}); err != nil {
					return err
				}
				n, err := formatNested(&b, nested, securityOnly, isTerminal(env.Stdout))
				if err != nil {
					return err
				}
				differing += n
			}
			fmt.Fprintf(&b, "\n✨  Number of stacks with differences: %d\n", differing)
			if _, err := env.Stdout.Write(b.Bytes()); err != nil {
				return err
			}
			if fail && differing > 0 {
				return exitCode(1)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&all, "all", false, "diff every stack (the default when no stack is named)")
	f.BoolVar(&fail, "fail", false, "exit with code 1 when there are differences")
	f.BoolVar(&securityOnly, "security-only", false, "show only the security changes")
	f.StringVar(&templateFile, "template", "", "compare with this template file instead of the deployed one")
	return cmd
}
