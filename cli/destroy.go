package cli

import (
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/deploy"
)

func init() { register(newDestroyCommand) }

func newDestroyCommand(env *Env) *cobra.Command {
	var all, exclusively, force bool
	var concurrency int
	var progress string
	cmd := &cobra.Command{
		Use:   "destroy [STACKS...]",
		Short: "Delete stacks from CloudFormation",
		Long: `destroy deletes the selected stacks, and the stacks that depend on them
(unless --exclusively), in reverse dependency order. It asks for
confirmation on standard input unless --force, and lists the resources
that stay because their DeletionPolicy is Retain.`,
		Example: `  destroy --all --force
  destroy HelloConsumer
  destroy 'Hello*' --exclusively`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if concurrency < 1 {
				return fmt.Errorf("--concurrency %d: want 1 or more (the number of stacks deleted at once)", concurrency)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			asm, err := env.Assembly(ctx)
			if err != nil {
				return err
			}
			goOn()
			selected, err := selectForDeploy(asm, args, all, exclusively, true)
			if err != nil {
				return err
			}
			stacks, err := deploy.FromAssembly(selected)
			if err != nil {
				return err
			}
			if !force {
				var names []string
				for _, st := range stacks {
					names = append(names, st.DisplayName)
				}
				if env.Global.CI {
					return fmt.Errorf("--ci: destroy asks for confirmation; pass --force to delete %s", strings.Join(names, ", "))
				}
				fmt.Fprintf(env.Stdout, "Are you sure you want to delete: %s (y/n)? ", strings.Join(names, ", "))
				ok, err := confirm(env.Stdin, "pass --force to delete without the question")
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(env.Stdout, "Nothing deleted.")
					return nil
				}
			}
			d, err := env.newDeployer(ctx, progress)
			if err != nil {
				return err
			}
			return d.Destroy(ctx, stacks, deploy.DestroyOptions{Concurrency: concurrency, RoleARN: env.Global.RoleARN})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&all, "all", false, "destroy every stack outside stages (select the stacks of stages by pattern: 'Test/*', '**')")
	f.BoolVarP(&exclusively, "exclusively", "e", false, "destroy only the named stacks, not the stacks that depend on them")
	f.BoolVarP(&force, "force", "f", false, "do not ask for confirmation")
	f.IntVar(&concurrency, "concurrency", 1, "how many independent stacks to delete at once")
	f.StringVar(&progress, "progress", "", "bar (a live table; the default on a terminal) or events (one line per stack event)")
	return cmd
}
