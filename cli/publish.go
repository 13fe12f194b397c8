package cli

import (
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/deploy"
)

func init() { register(newPublishCommand) }

func newPublishCommand(env *Env) *cobra.Command {
	var (
		all, exclusively bool
		parallelism      int
	)
	cmd := &cobra.Command{
		Use:   "publish [STACKS...]",
		Short: "Publish the stacks' file assets and images to the bootstrap bucket and repository",
		Long: `publish uploads the file assets of the selected stacks (and of the stacks
they depend on, unless --exclusively) to their buckets, as deploy does
before it deploys: the bootstrap bucket of each stack's account and region,
with the file publishing role the assembly names. An asset already there is
checked (one HeadObject) and not uploaded again. Uploads are single PUTs:
an interrupted publish (Ctrl-C) stores no partial object, and running it
again uploads what is missing. Then it pushes the stacks' container
images to their ECR repositories (the bootstrap repository) with the image
publishing role, one existence check (the tag) each: images built by
ecs.ImageFromGoPackage need no Docker; a Dockerfile image needs the docker
CLI. Works on forma's and the AWS CDK's assemblies (--app DIR).`,
		Example: `  publish --all
  publish Api --asset-parallelism 8`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if parallelism < 1 {
				return fmt.Errorf("--asset-parallelism %d: want 1 or more (the number of assets published at once)", parallelism)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			asm, err := env.Assembly(ctx)
			if err != nil {
				return err
			}
			goOn()
			selected, err := selectForDeploy(asm, args, all, exclusively, false)
			if err != nil {
				return err
			}
			stacks, err := deploy.FromAssembly(selected)
			if err != nil {
				return err
			}
			if err := deploy.CheckAssets(stacks, asm.Dir); err != nil {
				return err
			}
			d, err := env.newDeployer(ctx, deploy.ProgressEvents)
			if err != nil {
				return err
			}
			res, err := d.Publish(ctx, stacks, deploy.PublishOptions{Parallelism: parallelism})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%d assets published, %d already there\n", res.Uploaded, res.Present)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&all, "all", false, "publish the assets of every stack outside stages (select the stacks of stages by pattern)")
	f.BoolVarP(&exclusively, "exclusively", "e", false, "only the named stacks, not the stacks they depend on")
	f.IntVar(&parallelism, "asset-parallelism", deploy.DefaultAssetParallelism, "how many assets to publish at once")
	return cmd
}
