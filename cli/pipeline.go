package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/pipelineplan"
)

func init() { register(newPipelineCommand) }

func newPipelineCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pipeline",
		Short: "Work with the app's pipelines (forma's CDK Pipelines)",
		Long: `pipeline works with the pipelines of the app: the constructs (package
pipelines) that deploy the app's stages from a CodePipeline.`,
		Example: `  go run . pipeline simulate PipelineStack --approve-all`,
	}
	cmd.AddCommand(newSimulateCommand(env))
	return cmd
}

// simulateFlags are the choices of pipeline simulate.
type simulateFlags struct {
	approveAll bool
	skipSynth  bool
	skipSelf   bool
	skipSteps  []string
	dryRun     bool
	progress   string
	method     string
}

func newSimulateCommand(env *Env) *cobra.Command {
	var fl simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate PIPELINE_STACK",
		Short: "Run what the pipeline in a stack would run, in order, on this machine",
		Long: `simulate finds the pipeline in the named stack (its display name, artifact
ID or stack name), prints its plan and runs it here, in the order the
pipeline would, printing each action's result:

  1. the synth step: its install commands, then its commands, with sh -c
     in the current directory (the app's) and the step's environment; the
     cloud assembly is then read from the step's output directory
     (cdk.out). --skip-synth synthesizes the app in this process instead;
  2. self-mutation: the pipeline's own stack is deployed, with the stacks
     it depends on (the pipeline would restart here when it changed; the
     simulation goes on); --skip-self-mutation leaves it out (moto, for
     one, cannot create CodePipeline and CodeBuild resources);
  3. assets: the file assets and images of the stacks deployed are
     published, as publish does;
  4. each wave in order, and in it each stage one after the other (the
     pipeline deploys the stages of a wave in parallel): the wave's and
     stage's pre steps, each stack in dependency order through the deploy
     engine (change sets, as the pipeline's CloudFormation actions) with its
     own pre and post steps, then the post steps.

Shell and CodeBuild steps run locally with sh -c, with their environment
and the stack outputs they read (EnvFromOutputs) as environment variables;
--skip-step ID leaves a step out and says so (e.g. a smoke test whose URL
is not reachable from here). Manual approvals and permission-broadening
checks are approved with --approve-all, each with a line saying so;
without it simulate asks on a terminal and stops otherwise.

Stacks are deployed with the current credentials to the configured
endpoint (AWS_ENDPOINT_URL for an emulator such as moto), in each stack's
region; the pipeline's cross-account roles are not assumed. simulate
stops at the first failing action and reports its cause. It needs the
app's construct tree: run it as the app's program (go run . pipeline
simulate ...), not with --app.`,
		Example: `  go run . pipeline simulate PipelineStack --approve-all
  go run . pipeline simulate PipelineStack --dry-run
  go run . pipeline simulate PipelineStack --skip-synth --approve-all --skip-step SmokeTest --method direct`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return env.simulate(ctx, args[0], fl)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&fl.approveAll, "approve-all", false, "approve every manual approval and permission-broadening check, saying so")
	f.BoolVar(&fl.skipSynth, "skip-synth", false, "do not run the synth step's commands: synthesize the app in this process")
	f.StringArrayVar(&fl.skipSteps, "skip-step", nil, "the id of a step not to run (repeatable)")
	f.BoolVar(&fl.skipSelf, "skip-self-mutation", false, "do not deploy the pipeline's own stack (e.g. on an emulator without CodePipeline and CodeBuild resources)")
	f.BoolVar(&fl.dryRun, "dry-run", false, "print the plan and run nothing")
	f.StringVar(&fl.progress, "progress", deploy.ProgressEvents, "bar (a live table) or events (one line per stack event)")
	f.StringVar(&fl.method, "method", string(deploy.MethodChangeSet), "how to deploy the stacks: change-set (as the pipeline does) or direct (CreateStack/UpdateStack; moto sets no outputs after a change set creates a stack)")
	return cmd
}

// findPlanner returns the pipeline construct in the stack named name.
func findPlanner(app *constructs.App, name string) (pipelineplan.Planner, string, error) {
	var stack *constructs.Stack
	var names []string
	for _, st := range app.Stacks() {
		names = append(names, st.DisplayName())
		if st.DisplayName() == name || st.ArtifactID() == name || st.StackName() == name {
			stack = st
			break
		}
	}
	if stack == nil {
		return nil, "", fmt.Errorf("no stack %q in the app; the stacks are: %s", name, strings.Join(names, ", "))
	}
	var found []pipelineplan.Planner
	var paths []string
	var walk func(c constructs.Construct)
	walk = func(c constructs.Construct) {
		if p, ok := c.(pipelineplan.Planner); ok {
			found = append(found, p)
			paths = append(paths, c.Node().Path())
		}
		for _, ch := range c.Node().Children() {
			switch ch.(type) {
			case *constructs.Stack, *constructs.Stage:
				continue // another stack's constructs
			}
			walk(ch)
		}
	}
	walk(stack)
	switch len(found) {
	case 0:
		return nil, "", fmt.Errorf("stack %s holds no pipeline: create the pipeline (pipelines.NewCodePipeline) in it, or name the stack that does", stack.DisplayName())
	case 1:
		return found[0], paths[0], nil
	}
	return nil, "", fmt.Errorf("stack %s holds %d pipelines (%s): simulate runs one; put each in a stack of its own", stack.DisplayName(), len(found), strings.Join(paths, ", "))
}

// action is one thing the simulation runs.
type action struct {
	kind string // synth, self-mutation, assets, step, deploy
	name string
	// detail says what it runs, for the plan.
	detail string
	run    func(ctx context.Context) (string, error)
}

// simulation is one run of a pipeline's plan.
type simulation struct {
	env     *Env
	fl      simulateFlags
	method  deploy.Method
	plan    *pipelineplan.Plan
	dir     string // the app's directory: where commands run
	asm     *assembly.Assembly
	outputs map[string]map[string]string // display name → outputs
	// deployers are per region ("" for the configured one).
	deployers map[string]*deploy.Deployer
}

func (env *Env) simulate(ctx context.Context, name string, fl simulateFlags) error {
	if env.App == nil {
		return errors.New("pipeline simulate needs the app's construct tree to find the pipeline: run it as the app's program (go run . pipeline simulate " + name + "), not with --app")
	}
	if fl.progress != deploy.ProgressEvents && fl.progress != "bar" {
		return fmt.Errorf("--progress %q: want bar or events", fl.progress)
	}
	method, err := deploy.ParseMethod(fl.method)
	if err != nil {
		return err
	}
	planner, path, err := findPlanner(env.App, name)
	if err != nil {
		return err
	}
	plan, err := planner.PipelinePlan()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if plan == nil {
		return fmt.Errorf("%s: the pipeline returned no plan; this is a bug in the pipeline construct", path)
	}
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	s := &simulation{env: env, fl: fl, method: method, plan: plan, dir: dir, outputs: map[string]map[string]string{}, deployers: map[string]*deploy.Deployer{}}
	actions, err := s.actions()
	if err != nil {
		return err
	}
	out := env.Stdout
	pipeline := plan.Pipeline
	if pipeline == "" {
		pipeline = path
	}
	fmt.Fprintf(out, "Pipeline %s (stack %s): %d actions\n", pipeline, plan.PipelineStack, len(actions))
	for i, a := range actions {
		fmt.Fprintf(out, "  %2d. %-13s %s%s\n", i+1, a.kind, a.name, a.detail)
	}
	accounts := map[string]bool{}
	for _, w := range plan.Waves {
		for _, stage := range w.Stages {
			for _, st := range stage.Stacks {
				if st.Account != "" {
					accounts[st.Account] = true
				}
			}
		}
	}
	if len(accounts) > 0 {
		fmt.Fprintf(out, "The stacks of account%s %s are deployed with the current credentials, each in its region: the pipeline's cross-account roles are not assumed.\n", plural(len(accounts)), strings.Join(slices.Sorted(maps.Keys(accounts)), ", "))
	}
	if fl.dryRun {
		return nil
	}
	start := time.Now()
	for i, a := range actions {
		fmt.Fprintf(out, "\n[%d/%d] %s %s\n", i+1, len(actions), a.kind, a.name)
		t := time.Now()
		result, err := a.run(ctx)
		took := time.Since(t).Round(100 * time.Millisecond)
		if err != nil {
			fmt.Fprintf(out, "[%d/%d] %s %s: FAILED after %s\n", i+1, len(actions), a.kind, a.name, took)
			return fmt.Errorf("pipeline %s: %s %s failed: %w", pipeline, a.kind, a.name, err)
		}
		fmt.Fprintf(out, "[%d/%d] %s %s: %s (%s)\n", i+1, len(actions), a.kind, a.name, result, took)
	}
	fmt.Fprintf(out, "\nPipeline %s: %d actions succeeded in %s\n", pipeline, len(actions), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// actions lists what the plan runs, in order.
func (s *simulation) actions() ([]action, error) {
	p := s.plan
	var out []action
	synth := p.Synth
	if len(synth.Commands) == 0 && !s.fl.skipSynth {
		return nil, fmt.Errorf("pipeline %s: the synth step %q has no commands; give it the commands that synthesize the app (e.g. go run . synth -q -o cdk.out)", p.Pipeline, synth.ID)
	}
	detail := " — " + strings.Join(append(slices.Clone(synth.InstallCommands), synth.Commands...), "; ")
	if s.fl.skipSynth {
		detail = " — skipped (--skip-synth): the app is synthesized in this process"
	}
	out = append(out, action{kind: "synth", name: orDefault(synth.ID, "Synth"), detail: detail, run: s.synth})
	if p.SelfMutation {
		a := action{kind: "self-mutation", name: p.PipelineStack, detail: " — deploy the pipeline's own stack", run: s.selfMutate}
		if s.fl.skipSelf {
			a.detail = " — skipped (--skip-self-mutation)"
			a.run = func(context.Context) (string, error) { return "skipped (--skip-self-mutation)", nil }
		}
		out = append(out, a)
	}
	if p.PublishAssets {
		out = append(out, action{kind: "assets", name: "publish", detail: " — the file assets and images of the stacks deployed", run: s.publish})
	}
	// deployed is what has been deployed before each step, to check the
	// outputs steps read.
	deployed := map[string]bool{}
	steps := func(where string, list []pipelineplan.Step) error {
		for _, st := range list {
			if err := checkOutputRefs(where, st, deployed); err != nil {
				return err
			}
			out = append(out, s.stepAction(where, st))
		}
		return nil
	}
	for _, w := range p.Waves {
		if err := steps("wave "+w.Name, w.Pre); err != nil {
			return nil, err
		}
		for _, stage := range w.Stages {
			if err := steps("stage "+stage.Name, stage.Pre); err != nil {
				return nil, err
			}
			for _, stack := range stage.Stacks {
				if err := steps(stack.DisplayName, stack.Pre); err != nil {
					return nil, err
				}
				env := assembly.Environment(stack.Account, stack.Region)
				out = append(out, action{kind: "deploy", name: stack.DisplayName, detail: fmt.Sprintf(" — stack %s in %s", stack.StackName, env), run: func(ctx context.Context) (string, error) {
					return s.deploy(ctx, stage, stack)
				}})
				deployed[stack.DisplayName] = true
				if err := steps(stack.DisplayName, stack.Post); err != nil {
					return nil, err
				}
			}
			if err := steps("stage "+stage.Name, stage.Post); err != nil {
				return nil, err
			}
		}
		if err := steps("wave "+w.Name, w.Post); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// checkOutputRefs refuses a step that reads an output of a stack the
// pipeline has not deployed before it.
func checkOutputRefs(where string, st pipelineplan.Step, deployed map[string]bool) error {
	for _, v := range slices.Sorted(maps.Keys(st.EnvFromOutputs)) {
		ref := st.EnvFromOutputs[v]
		if !deployed[ref.Stack] {
			return fmt.Errorf("step %s (%s) sets $%s from output %s of stack %s, which the pipeline does not deploy before the step; deploy the stack in an earlier stage or wave, or attach the step after it", st.ID, where, v, ref.Output, ref.Stack)
		}
	}
	return nil
}

// stepAction is the action of one step.
func (s *simulation) stepAction(where string, st pipelineplan.Step) action {
	name := st.ID + " (" + where + ")"
	a := action{kind: "step", name: name}
	skipped := slices.Contains(s.fl.skipSteps, st.ID)
	switch st.Kind {
	case pipelineplan.StepApproval, pipelineplan.StepChangeSet:
		what := "manual approval"
		if st.Kind == pipelineplan.StepChangeSet {
			what = "permission-broadening check"
		}
		a.kind = "approval"
		a.detail = " — " + what
		if st.Comment != "" {
			a.detail += ": " + st.Comment
		}
		a.run = func(ctx context.Context) (string, error) {
			if skipped {
				return "skipped (--skip-step)", nil
			}
			if s.fl.approveAll {
				return "approved automatically (--approve-all)", nil
			}
			fmt.Fprintf(s.env.Stdout, "%s %s: approve (y/n)?\n", what, name)
			ok, err := confirm(s.env.Stdin, "pass --approve-all to approve every manual approval")
			if err != nil {
				return "", err
			}
			if !ok {
				return "", errors.New("rejected")
			}
			return "approved", nil
		}
	default:
		a.detail = " — " + strings.Join(append(slices.Clone(st.InstallCommands), st.Commands...), "; ")
		a.run = func(ctx context.Context) (string, error) {
			if skipped {
				return "skipped (--skip-step)", nil
			}
			env, err := s.stepEnv(st)
			if err != nil {
				return "", err
			}
			if err := s.shell(ctx, st.InstallCommands, env); err != nil {
				return "", fmt.Errorf("install commands: %w", err)
			}
			if err := s.shell(ctx, st.Commands, env); err != nil {
				return "", err
			}
			return "succeeded", nil
		}
	}
	return a
}

// stepEnv is the environment of a step's commands: this process's, the
// step's literal variables, then those it reads from stack outputs.
func (s *simulation) stepEnv(st pipelineplan.Step) ([]string, error) {
	env := os.Environ()
	for _, k := range slices.Sorted(maps.Keys(st.Env)) {
		env = append(env, k+"="+st.Env[k])
	}
	for _, k := range slices.Sorted(maps.Keys(st.EnvFromOutputs)) {
		ref := st.EnvFromOutputs[k]
		outs, ok := s.outputs[ref.Stack]
		if !ok {
			return nil, fmt.Errorf("$%s reads output %s of stack %s, which was not deployed", k, ref.Output, ref.Stack)
		}
		v, ok := outs[ref.Output]
		if !ok {
			return nil, fmt.Errorf("$%s reads output %s of stack %s, which has no such output (it has: %s)", k, ref.Output, ref.Stack, strings.Join(slices.Sorted(maps.Keys(outs)), ", "))
		}
		env = append(env, k+"="+v)
	}
	return env, nil
}

// shell runs commands in one sh -c in the app's directory, stopping at the
// first that fails, as a build phase runs them; their output goes to
// stdout.
func (s *simulation) shell(ctx context.Context, commands []string, env []string) error {
	if len(commands) == 0 {
		return nil
	}
	for _, c := range commands {
		fmt.Fprintf(s.env.Stdout, "$ %s\n", c)
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", "set -e\n"+strings.Join(commands, "\n"))
	cmd.Dir = s.dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = s.env.Stdout, s.env.Stdout
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("a command exited with status %d", ee.ExitCode())
		}
		return err
	}
	return nil
}

// synth runs the synth step and reads the assembly it writes.
func (s *simulation) synth(ctx context.Context) (string, error) {
	if s.fl.skipSynth {
		asm, err := s.env.Assembly(ctx)
		if err != nil {
			return "", err
		}
		goOn()
		s.asm = asm
		return fmt.Sprintf("synthesized in this process: %d stacks", len(asm.Stacks)), nil
	}
	st := s.plan.Synth
	env, err := s.stepEnv(st)
	if err != nil {
		return "", err
	}
	if err := s.shell(ctx, st.InstallCommands, env); err != nil {
		return "", fmt.Errorf("install commands: %w", err)
	}
	if err := s.shell(ctx, st.Commands, env); err != nil {
		return "", err
	}
	dir := filepath.Join(s.dir, orDefault(st.PrimaryOutputDir, "cdk.out"))
	asm, err := assembly.Read(dir)
	if err != nil {
		return "", fmt.Errorf("the synth step's commands wrote no cloud assembly into %s: %w", orDefault(st.PrimaryOutputDir, "cdk.out"), err)
	}
	s.asm = asm
	return fmt.Sprintf("%d stacks in %s", len(asm.Stacks), orDefault(st.PrimaryOutputDir, "cdk.out")), nil
}

// deployer returns the deployer for region ("" for the configured one).
func (s *simulation) deployer(ctx context.Context, region string) (*deploy.Deployer, error) {
	if d, ok := s.deployers[region]; ok {
		return d, nil
	}
	g := s.env.Global
	saved := g.Region
	if region != "" {
		g.Region = region
	}
	d, err := s.env.newDeployer(ctx, s.fl.progress)
	g.Region = saved
	if err != nil {
		return nil, err
	}
	s.deployers[region] = d
	return d, nil
}

// stack returns the artifact of a stack of the plan.
func (s *simulation) stack(nested, id, display string) (*assembly.StackArtifact, error) {
	for _, st := range s.asm.Stacks {
		if st.ID == id && (nested == "" || st.Nested == nested) {
			return st, nil
		}
	}
	for _, st := range s.asm.Stacks {
		if display != "" && st.DisplayName == display {
			return st, nil
		}
	}
	return nil, fmt.Errorf("the cloud assembly has no stack %s (%s); the stacks are: %s", display, id, strings.Join(stackNames(s.asm), ", "))
}

// deployOne deploys one stack through the deploy engine, with change sets
// and no approval, and records its outputs.
func (s *simulation) deployOne(ctx context.Context, a *assembly.StackArtifact) (string, error) {
	stacks, err := deploy.FromAssembly([]*assembly.StackArtifact{a})
	if err != nil {
		return "", err
	}
	d, err := s.deployer(ctx, a.Region)
	if err != nil {
		return "", err
	}
	results, err := d.Deploy(ctx, stacks, deploy.Options{Method: s.method, Concurrency: 1, RoleARN: s.env.Global.RoleARN})
	if err != nil {
		return "", err
	}
	deploy.PrintOutputs(s.env.Stdout, results)
	r := results[0]
	s.outputs[a.DisplayName] = r.Outputs
	if r.NoOp {
		return "no changes (" + r.Status + ")", nil
	}
	return r.Status, nil
}

// selfMutate deploys the pipeline's stack and the stacks it depends on
// (such as the support stacks of a cross-region pipeline), as the
// pipeline's self-mutation does (forma deploy STACK).
func (s *simulation) selfMutate(ctx context.Context) (string, error) {
	a, err := s.stack("", s.plan.PipelineStack, s.plan.PipelineStack)
	if err != nil {
		return "", err
	}
	arts, err := selectForDeploy(s.asm, []string{a.DisplayName}, false, false, false)
	if err != nil {
		return "", err
	}
	var withAssets []*assembly.StackArtifact
	for _, x := range arts {
		if len(x.Assets) > 0 {
			withAssets = append(withAssets, x)
		}
	}
	if len(withAssets) > 0 {
		// The stacks' own assets, published before them.
		if err := s.publishStacks(ctx, withAssets, io.Discard); err != nil {
			return "", err
		}
	}
	var res string
	for _, x := range arts {
		if res, err = s.deployOne(ctx, x); err != nil {
			return "", err
		}
	}
	if !strings.HasPrefix(res, "no changes") {
		res += "; the pipeline would restart here with its new definition, the simulation goes on"
	}
	return res, nil
}

func (s *simulation) deploy(ctx context.Context, stage pipelineplan.Stage, st pipelineplan.Stack) (string, error) {
	a, err := s.stack(stage.AssemblyDir, st.ArtifactID, st.DisplayName)
	if err != nil {
		return "", err
	}
	return s.deployOne(ctx, a)
}

// publish publishes the assets of every stack the waves deploy.
func (s *simulation) publish(ctx context.Context) (string, error) {
	var stacks []*assembly.StackArtifact
	for _, w := range s.plan.Waves {
		for _, stage := range w.Stages {
			for _, st := range stage.Stacks {
				a, err := s.stack(stage.AssemblyDir, st.ArtifactID, st.DisplayName)
				if err != nil {
					return "", err
				}
				stacks = append(stacks, a)
			}
		}
	}
	var b strings.Builder
	if err := s.publishStacks(ctx, stacks, &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (s *simulation) publishStacks(ctx context.Context, arts []*assembly.StackArtifact, summary io.Writer) error {
	stacks, err := deploy.FromAssembly(arts)
	if err != nil {
		return err
	}
	if err := deploy.CheckAssets(stacks, s.asm.Dir); err != nil {
		return err
	}
	d, err := s.deployer(ctx, "")
	if err != nil {
		return err
	}
	res, err := d.Publish(ctx, stacks, deploy.PublishOptions{Parallelism: deploy.DefaultAssetParallelism})
	if err != nil {
		return err
	}
	fmt.Fprintf(summary, "%d assets published, %d already there", res.Uploaded, res.Present)
	return nil
}
