package cli

import (
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/bootstrap"
	"github.com/forma-iac/forma/internal/deploy"
)

func init() { register(newBootstrapCommand) }

func newBootstrapCommand(env *Env) *cobra.Command {
	var (
		tags             []string
		showTemplate     bool
		force            bool
		terminationGuard bool
		progress         string
	)
	cmd := &cobra.Command{
		Use:   "bootstrap [aws://ACCOUNT/REGION]",
		Short: "Deploy the toolkit stack that deployments need",
		Long: fmt.Sprintf(`bootstrap deploys the toolkit stack %s into an account and region, as
the AWS CDK's modern bootstrap names it (qualifier %s), so either tool
can use an account the other bootstrapped: the asset bucket
cdk-%s-assets-ACCOUNT-REGION (encrypted, versioned, public access
blocked, with lifecycle rules), the ECR repository
cdk-%s-container-assets-ACCOUNT-REGION and the SSM parameter %s
holding the bootstrap version (%d). Templates over 51,200 bytes are
deployed through the bucket.`, bootstrap.StackName, bootstrap.Qualifier, bootstrap.Qualifier, bootstrap.Qualifier, bootstrap.VersionParameter, bootstrap.Version),
		Example: `  bootstrap
  bootstrap aws://123456789012/eu-west-1
  bootstrap --show-template`,
		Args: cobra.MaximumNArgs(1),
		// bootstrap needs no app: it must not synthesize one.
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := bootstrap.Template()
			if err != nil {
				return err
			}
			if showTemplate {
				_, err := env.Stdout.Write(append(body, '\n'))
				return err
			}
			if len(args) == 1 {
				_, region, err := assembly.ParseEnvironment(args[0])
				if err != nil {
					return err
				}
				if region != "" && env.Global.Region == "" {
					env.Global.Region = region
				}
			}
			tagMap, err := deploy.ParseKeyValues("tags", tags)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			d, err := env.newDeployer(ctx, progress)
			if err != nil {
				return err
			}
			st := &deploy.Stack{
				ID: bootstrap.StackName, Name: bootstrap.StackName, DisplayName: bootstrap.StackName,
				Template: body, TemplateFile: "(bootstrap template)", TerminationProtection: terminationGuard,
				LogicalIDPaths: map[string]string{},
			}
			fmt.Fprintf(env.Stdout, "Bootstrapping %s (version %d) in %s\n", bootstrap.StackName, bootstrap.Version, d.Region)
			results, err := d.Deploy(ctx, []*deploy.Stack{st}, deploy.Options{Tags: tagMap, Force: force, RoleARN: env.Global.RoleARN})
			deploy.PrintOutputs(env.Stdout, results)
			return err
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&tags, "tags", nil, "a tag of the toolkit stack, Key=Value (repeatable)")
	f.BoolVar(&showTemplate, "show-template", false, "print the toolkit stack's template and deploy nothing")
	f.BoolVarP(&force, "force", "f", false, "deploy even when the toolkit stack is up to date")
	f.BoolVar(&terminationGuard, "termination-protection", false, "protect the toolkit stack from deletion")
	f.StringVar(&progress, "progress", "", "bar (a live table; the default on a terminal) or events (one line per stack event)")
	return cmd
}
