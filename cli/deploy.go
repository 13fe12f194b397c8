package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/diff"
	"github.com/forma-iac/forma/synth/template"
)

func init() { register(newDeployCommand) }

// Approval levels of --require-approval, as the AWS CDK names them.
const (
	approvalNever      = "never"
	approvalAnyChange  = "any-change"
	approvalBroadening = "broadening"
)

func newDeployCommand(env *Env) *cobra.Command {
	var (
		all, exclusively, force, noRollback, noExecute bool
		assetsPublished                                bool
		params, tags                                   []string
		requireApproval, method, outputsFile, progress string
		concurrency, assetParallelism                  int
	)
	cmd := &cobra.Command{
		Use:   "deploy [STACKS...]",
		Short: "Deploy stacks to CloudFormation",
		Long: `deploy deploys the selected stacks, and the stacks they depend on (unless
--exclusively), in dependency order through CloudFormation change sets.
A stack whose template, parameters and tags equal the deployed ones is
skipped without a change set unless --force. Changes that broaden security
(IAM statements, managed policies, security group rules) need approval
unless --require-approval never, with either --method: the deployed and
the new template are compared before CreateStack or UpdateStack too. The
question is asked on the terminal; without one, or with --ci, such a
deployment is refused. Ctrl-C stops following: CloudFormation
finishes the operation.

Before the stacks deploy, their file assets (Lambda code, files and
directories; forma's and the AWS CDK's) are uploaded to the bootstrap
bucket, --asset-parallelism at a time, each with the file publishing role
the assembly names; an asset already there is checked (one HeadObject)
and not uploaded again. --assets-published skips publishing, for assets
published otherwise ('publish', or cdk publish-assets). Container
images are then pushed to their ECR repositories the same way (one
existence check of the tag each): images built by ecs.ImageFromGoPackage
need no Docker; a Dockerfile image needs the docker CLI, and without it
the deployment is refused before any API call unless --assets-published.`,
		Example: `  deploy --all
  deploy 'Hello*' --require-approval never --outputs-file outputs.json
  deploy HelloStorage --parameters HelloStorage:Env=prod --tags team=data
  deploy --all --concurrency 4 --progress events`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkChoice("--require-approval", requireApproval, approvalNever, approvalAnyChange, approvalBroadening); err != nil {
				return err
			}
			m, err := deploy.ParseMethod(method)
			if err != nil {
				return err
			}
			if assetParallelism < 1 {
				return fmt.Errorf("--asset-parallelism %d: want 1 or more (the number of assets published at once)", assetParallelism)
			}
			if concurrency < 1 {
				return fmt.Errorf("--concurrency %d: want 1 or more (the number of stacks deployed at once)", concurrency)
			}
			parameters, err := deploy.ParseParameters(params)
			if err != nil {
				return err
			}
			tagMap, err := deploy.ParseKeyValues("tags", tags)
			if err != nil {
				return err
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
			if err := deploy.CheckSizes(stacks); err != nil {
				return err
			}
			if !assetsPublished {
				if err := deploy.CheckAssets(stacks, asm.Dir); err != nil {
					return err
				}
			}
			d, err := env.newDeployer(ctx, progress)
			if err != nil {
				return err
			}
			if !assetsPublished {
				if _, err := d.Publish(ctx, stacks, deploy.PublishOptions{Parallelism: assetParallelism}); err != nil {
					return err
				}
			}
			opts := deploy.Options{
				Parameters: parameters, Tags: tagMap, Method: m, NoExecute: noExecute, Force: force,
				NoRollback: noRollback, Concurrency: concurrency, RoleARN: env.Global.RoleARN,
			}
			if requireApproval != approvalNever {
				opts.Approve = env.approver(d, requireApproval)
			}
			results, err := d.Deploy(ctx, stacks, opts)
			deploy.PrintOutputs(env.Stdout, results)
			if outputsFile != "" {
				if werr := deploy.WriteOutputs(outputsFile, results); werr != nil && err == nil {
					err = werr
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&all, "all", false, "deploy every stack outside stages (select the stacks of stages by pattern: 'Test/*', '**')")
	f.BoolVarP(&exclusively, "exclusively", "e", false, "deploy only the named stacks, not the stacks they depend on")
	f.StringArrayVar(&params, "parameters", nil, "a CloudFormation parameter, [Stack:]Key=Value (repeatable)")
	f.StringArrayVar(&tags, "tags", nil, "a stack tag, Key=Value (repeatable)")
	f.StringVar(&requireApproval, "require-approval", approvalBroadening, "which changes need approval: never, any-change or broadening")
	f.StringVar(&method, "method", "change-set", "how to deploy: change-set or direct (CreateStack/UpdateStack)")
	f.BoolVar(&noExecute, "no-execute", false, "create the change sets and do not execute them")
	f.StringVarP(&outputsFile, "outputs-file", "O", "", "write the stacks' outputs to this JSON file, {Stack: {Key: Value}}")
	f.IntVar(&concurrency, "concurrency", 1, "how many independent stacks to deploy at once")
	f.BoolVarP(&force, "force", "f", false, "deploy even when nothing changed")
	f.BoolVar(&noRollback, "no-rollback", false, "do not roll back a failed deployment (leaves the stack in a *_FAILED state to fix and retry)")
	f.BoolVar(&assetsPublished, "assets-published", false, "the stacks' assets (an AWS CDK assembly's Lambda code, Docker images) are already published, e.g. by 'cdk publish-assets': deploy without them")
	f.IntVar(&assetParallelism, "asset-parallelism", deploy.DefaultAssetParallelism, "how many assets to publish at once")
	f.StringVar(&progress, "progress", "", "bar (a live table; the default on a terminal) or events (one line per stack event)")
	return cmd
}

func checkChoice(flag, v string, choices ...string) error {
	for _, c := range choices {
		if v == c {
			return nil
		}
	}
	return fmt.Errorf("%s %q: want one of %s", flag, v, strings.Join(choices, ", "))
}

// selectForDeploy selects stacks for deploy (with their dependencies) or
// destroy (reverse: with the stacks that depend on them), unless
// exclusively. Without names, a single-stack app needs no --all.
//
// As with the AWS CDK CLI, --all and the default are about the stacks
// outside stages (the top-level assembly): the stacks of stages are
// selected by pattern ('Test/*', '**').
func selectForDeploy(asm *assembly.Assembly, names []string, all, exclusively, reverse bool) ([]*assembly.StackArtifact, error) {
	if all || len(names) == 0 {
		top := asm.TopLevel()
		if len(top) == 0 && len(asm.Stacks) > 0 {
			return nil, fmt.Errorf("all the app's stacks are in stages (%s): select them by name or pattern, e.g. %s or '**' for all of them", strings.Join(stackNames(asm), ", "), stagePattern(asm))
		}
		if !all && len(top) > 1 {
			return nil, fmt.Errorf("the app has %d stacks (%s): name the stacks, or pass --all", len(top), strings.Join(topNames(top), ", "))
		}
		return top, nil
	}
	picked, err := selectStacks(asm, names)
	if err != nil {
		return nil, err
	}
	if exclusively {
		return picked, nil
	}
	want := map[string]bool{}
	for _, st := range picked {
		want[st.ID] = true
	}
	for changed := true; changed; {
		changed = false
		for _, st := range asm.Stacks {
			for _, d := range st.Dependencies {
				if !reverse && want[st.ID] && !want[d] {
					want[d], changed = true, true
				}
				if reverse && want[d] && !want[st.ID] {
					want[st.ID], changed = true, true
				}
			}
		}
	}
	var out []*assembly.StackArtifact
	for _, st := range asm.Stacks {
		if want[st.ID] {
			out = append(out, st)
		}
	}
	return out, nil
}

// approver asks before a stack's changes are deployed, whatever the
// method, per --require-approval: any change, or changes that broaden
// security (the security tables of diff decide, from the deployed and the
// new template).
func (env *Env) approver(d *deploy.Deployer, level string) func(context.Context, *deploy.Proposal) (bool, error) {
	return func(ctx context.Context, p *deploy.Proposal) (bool, error) {
		st := p.Stack
		var old map[string]any
		if p.Deployed != nil {
			var err error
			if old, err = template.Parse(st.Name, p.Deployed); err != nil {
				return false, fmt.Errorf("reading the deployed template: %v", err)
			}
		}
		newT, err := template.Parse(st.TemplateFile, st.Template)
		if err != nil {
			return false, err
		}
		sd := diff.Compare(old, newT, diff.Options{})
		switch {
		case level == approvalAnyChange && (p.Changes || !sd.IsEmpty()):
		case level == approvalBroadening && sd.PermissionsBroadening():
		default:
			return true, nil
		}
		var b strings.Builder
		if err := sd.Format(&b, diff.FormatOptions{StackName: st.DisplayName, SecurityOnly: level == approvalBroadening, Paths: st.LogicalIDPaths, Color: isTerminal(env.Stdout)}); err != nil {
			return false, err
		}
		d.Renderer.Line("%s", strings.TrimRight(b.String(), "\n"))
		why := "This deployment will make potentially sensitive changes according to your current security approval level (--require-approval " + level + ")."
		if env.Global.CI {
			return false, fmt.Errorf("%s\n--ci: no prompt; pass --require-approval never to deploy without approval", why)
		}
		d.Renderer.Line("%s\nDo you wish to deploy these changes (y/n)?", why)
		return confirm(env.Stdin, "pass --require-approval never to deploy without approval")
	}
}

// confirm reads one line: y or yes approves; hint says how to go without
// the question. Standard input that is not a terminal is refused at once.
func confirm(r io.Reader, hint string) (bool, error) {
	if r == nil {
		return false, fmt.Errorf("no answer: there is no standard input; %s", hint)
	}
	if f, ok := r.(*os.File); ok && !isTerminal(f) {
		// No one is there to answer (a pipe that may never close, as in
		// some CI runners, or a file): refuse rather than wait or guess,
		// as the AWS CDK CLI does.
		return false, fmt.Errorf("no answer: standard input is not a terminal; %s", hint)
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return false, fmt.Errorf("no answer on standard input (%v); %s", err, hint)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// topNames returns the display names of stacks.
func topNames(stacks []*assembly.StackArtifact) []string {
	var out []string
	for _, st := range stacks {
		out = append(out, st.DisplayName)
	}
	return out
}

// stagePattern returns a pattern that selects the stacks of the first
// stage, quoted for the shell ('Test/*').
func stagePattern(asm *assembly.Assembly) string {
	for _, st := range asm.Stacks {
		if i := strings.LastIndex(st.DisplayName, "/"); i > 0 {
			return "'" + st.DisplayName[:i] + "/*'"
		}
	}
	return "'**'"
}
