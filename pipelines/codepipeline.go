package pipelines

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// CodeBuildOptions customize the CodeBuild projects of a pipeline.
type CodeBuildOptions struct {
	// BuildEnvironment overrides the build environment field by field
	// (default the LinuxStandard7_0 image on a small instance, not
	// privileged).
	BuildEnvironment codebuild.BuildEnvironment
	// RolePolicy statements are added to the projects' roles.
	RolePolicy []*iam.PolicyStatement
	// Timeout of the builds (default one hour).
	Timeout time.Duration
}

// CodePipelineProps configures NewCodePipeline. Zero values are the AWS
// CDK's defaults.
type CodePipelineProps struct {
	// Synth is the step that synthesizes the app into a cloud assembly
	// (required): usually GoSynth(source), or a ShellStep whose commands
	// write the assembly to its PrimaryOutputDirectory (default "cdk.out").
	Synth IFileSetProducer
	// PipelineName is the pipeline's physical name.
	PipelineName string
	// PipelineType default V1, or V2 under
	// codepipeline.FlagDefaultPipelineTypeToV2.
	PipelineType codepipeline.PipelineType
	// CrossAccountKeys gives the artifact bucket a KMS key, which deploying
	// to other accounts needs.
	CrossAccountKeys bool
	// EnableKeyRotation rotates that key.
	EnableKeyRotation bool
	// SelfMutation (default true) makes the pipeline update its own stack
	// after the synth step, then restart.
	SelfMutation *bool
	// DockerEnabledForSynth runs the synth step privileged (for assets
	// built with Docker).
	DockerEnabledForSynth bool
	// DockerEnabledForSelfMutation runs the self-mutation privileged.
	DockerEnabledForSelfMutation bool
	// PublishAssetsInParallel (default true) publishes each asset in its
	// own action; false publishes all assets of a type in one.
	PublishAssetsInParallel *bool
	// CodeBuildDefaults apply to every CodeBuild project of the pipeline;
	// the others to the synth, asset and self-mutation projects.
	CodeBuildDefaults                CodeBuildOptions
	SynthCodeBuildDefaults           CodeBuildOptions
	AssetPublishingCodeBuildDefaults CodeBuildOptions
	SelfMutationCodeBuildDefaults    CodeBuildOptions
	// Role replaces the pipeline's role.
	Role iam.IRole
	// UseChangeSets (default true) deploys each stack with a change set
	// created, then executed; false deploys it in one action.
	UseChangeSets *bool
	// FormaVersion is the forma command line the self-mutation and asset
	// publishing steps install (go install …@FormaVersion); default
	// "latest".
	FormaVersion string
}

// CodePipeline is a self-updating pipeline that deploys forma stages, the
// AWS CDK's pipelines.CodePipeline: a CodePipeline (Pipeline) with its
// artifact bucket, a Source stage, a Build stage running the synth step in
// CodeBuild, an UpdatePipeline stage whose SelfMutate project deploys the
// pipeline's own stack, an Assets stage publishing the stages' file and
// image assets, then a stage per AddStage or AddWave in which each stack is
// deployed with a CloudFormation change set (Prepare, then Deploy) in
// dependency order, through the target environment's bootstrap roles (the
// deploy role as the action's role, the CloudFormation execution role as
// CloudFormation's), and the steps before and after.
//
// The pipeline is built when BuildPipeline is called, or at synthesis
// (an aspect) when it was not; stages are added before. Building reads the
// stages' stacks to order them (their references to one another), which
// renders their policies: a stack's IAM statements cannot change after the
// pipeline is built.
//
// The templates equal the AWS CDK's, resource for resource and with its
// logical IDs, except the commands of the synth, self-mutation and asset
// publishing buildspecs, which run forma instead of cdk:
//   - self-mutation installs the forma command line (GOBIN=/usr/local/bin
//     go install github.com/forma-iac/forma/cli/forma@FormaVersion) and runs
//     `forma --app . deploy STACK --require-approval never` on the
//     synthesized assembly;
//   - asset publishing runs `forma --app . publish STACK…` for the stacks
//     whose assets the action publishes.
//
// CodeBuild's image (aws/codebuild/standard:7.0) is the AWS CDK's; the go
// command there downloads the toolchain the app's go.mod names (Go 1.26)
// when it runs the synth commands.
//
// Parity is checked (parity/pipelines_test.go, oracle/pipelines.js) for: a
// connection source and the synth step only; one stage of two dependent
// stacks; a wave of two stages; a manual approval before and a ShellStep
// reading a stack output after a stage; a stage in another account and
// region with cross-account keys (the region's support stack and
// replication bucket); a stage in another region of the pipeline's
// account, without keys; a stage in another account of the same region; an
// environment-agnostic pipeline and stage; self-mutation off; file and image assets, one
// action per asset and grouped; a CodeCommit source with a CodeBuildStep
// synth, wave and stack steps, an additional input and a literal
// environment; an S3 source deploying without change sets; a V2 pipeline
// (feature flag) deploying stacks whose order ties; CodeBuild defaults
// for every project, Docker for synth and self-mutation. Two more cases
// there check the codepipeline L2's cross-region support with generated
// action roles, with and without keys.
//
// Differences from the AWS CDK: the grouped asset actions' buildspec is
// inline (the AWS CDK writes it to a file of the assembly); a step's Env
// and EnvFromCfnOutputs are written sorted by name (the AWS CDK keeps the
// object's order); custom steps (the AWS CDK's ICodePipelineActionFactory),
// Docker credentials, VPC settings of CodeBuild projects and
// ConfirmPermissionsBroadening are not offered.
type CodePipeline struct {
	constructs.Base
	constructs.Problems

	// Pipeline is the CodePipeline, nil until the pipeline is built.
	Pipeline *codepipeline.Pipeline
	// SynthProject is the synth step's CodeBuild project, once built.
	SynthProject *codebuild.Project
	// SelfMutationProject is the self-mutation project, once built (nil
	// without self-mutation).
	SelfMutationProject *codebuild.Project

	props        CodePipelineProps
	selfMutation bool
	waves        []*Wave
	built        bool
	building     bool
	artifacts    *artifactMap
	fallback     *codepipeline.Artifact
	cloudAsm     *FileSet
	assetRoles   map[bool]*assetRole
}

// NewCodePipeline creates a pipeline in scope (the pipeline's stack).
func NewCodePipeline(scope constructs.Construct, id string, props CodePipelineProps) *CodePipeline {
	props.Synth = constructs.NormalizeNil(props.Synth)
	props.Role = constructs.NormalizeNil(props.Role)
	p := &CodePipeline{props: props, selfMutation: props.SelfMutation == nil || *props.SelfMutation, artifacts: &artifactMap{names: map[string]bool{}, byFileSet: map[*FileSet]*codepipeline.Artifact{}}}
	p.Base = constructs.NewBase(p, scope, id)
	if s, ok := props.Synth.(shellLike); ok && s.shell().primary == nil {
		s.shell().setPrimaryOutputDirectory("cdk.out")
	}
	// Synthesis builds the pipeline in an aspect, as the AWS CDK does, one
	// pass after the first: the aspects of the stages (tags, rules) have
	// then visited the stacks the pipeline reads.
	deferred := false
	constructs.AspectsOf(p).Add(constructs.AspectFunc(func(c constructs.Construct) {
		if c != constructs.Construct(p) || p.built || deferred {
			return
		}
		deferred = true
		constructs.AspectsOf(p).Add(constructs.AspectFunc(func(c constructs.Construct) {
			if c == constructs.Construct(p) && !p.built {
				p.BuildPipeline()
			}
		}))
	}))
	return p
}

// SelfMutationEnabled reports whether the pipeline updates itself.
func (p *CodePipeline) SelfMutationEnabled() bool { return p.selfMutation }

// Synth returns the synth step.
func (p *CodePipeline) Synth() IFileSetProducer { return p.props.Synth }

// Waves returns the pipeline's waves in order.
func (p *CodePipeline) Waves() []*Wave { return append([]*Wave(nil), p.waves...) }

// AddWave adds a wave: a group of stages deployed in parallel, after the
// waves added before.
func (p *CodePipeline) AddWave(id string, opts ...WaveOptions) *Wave {
	w := &Wave{id: id, pipeline: p}
	for _, o := range opts {
		w.pre = append(w.pre, o.Pre...)
		w.post = append(w.post, o.Post...)
	}
	if p.built {
		p.Errorf("wave %q is added after the pipeline was built (BuildPipeline, or synthesis): add every wave before", id)
		return w
	}
	for _, o := range p.waves {
		if o.id == id {
			p.Errorf("wave %q is added twice: give each wave its own id", id)
		}
	}
	p.waves = append(p.waves, w)
	return w
}

// AddStage deploys stage in a wave of its own, after the waves added
// before; opts adds steps before and after it.
func (p *CodePipeline) AddStage(stage *constructs.Stage, opts ...AddStageOpts) *StageDeployment {
	stage = constructs.NormalizeNil(stage)
	name := "Stage"
	if stage != nil {
		name = stage.StageName()
	}
	var o AddStageOpts
	for _, x := range opts {
		o.Pre = append(o.Pre, x.Pre...)
		o.Post = append(o.Post, x.Post...)
		o.StackSteps = append(o.StackSteps, x.StackSteps...)
	}
	if stage != nil {
		for _, ow := range p.waves {
			for _, os := range ow.stages {
				if os.stage == stage {
					p.Errorf("stage %s is added to the pipeline twice: add each stage once; to deploy the same stacks to another environment, create another stage", stage.Node().Path())
					return os
				}
			}
		}
	}
	w := &Wave{id: name, pipeline: p}
	if !p.built {
		p.waves = append(p.waves, w)
	}
	return w.AddStage(stage, o)
}

// BuildPipeline builds the pipeline's stages and actions now. Synthesis
// calls it when the program did not; stages added afterwards are errors.
func (p *CodePipeline) BuildPipeline() {
	if p.built || p.building {
		p.Errorf("BuildPipeline is called twice: call it once, after adding every stage (or let synthesis call it)")
		return
	}
	p.building = true
	defer func() { p.building, p.built = false, true }()
	if err := p.build(); err != nil {
		p.Errorf("%s", err.Error())
	}
}

func (p *CodePipeline) pipelineStack() *constructs.Stack { return constructs.StackOf(p) }

// check reports the mistakes that stop the pipeline from being built.
func (p *CodePipeline) check() []string {
	var msgs []string
	if p.props.Synth == nil {
		return []string{"CodePipelineProps.Synth is required: the step that synthesizes the app, e.g. pipelines.GoSynth(source)"}
	}
	if s, ok := p.props.Synth.(shellLike); ok && len(s.shell().props.Commands) == 0 {
		msgs = append(msgs, fmt.Sprintf("the synth step %q has no commands: set Commands, e.g. pipelines.DefaultSynthCommands (%s), or use pipelines.GoSynth(source)", s.StepID(), strings.Join(DefaultSynthCommands, "; ")))
	}
	if p.props.Synth.PrimaryOutput() == nil {
		msgs = append(msgs, "the synth step produces no files: it must produce the cloud assembly (set its PrimaryOutputDirectory)")
	}
	nilStep := func(where string, steps []Step) {
		for i, st := range steps {
			if constructs.IsNil(st) {
				msgs = append(msgs, fmt.Sprintf("%s: step %d is nil: pass the step, or leave it out", where, i+1))
			}
		}
	}
	for _, w := range p.waves {
		nilStep("the Pre steps of wave "+w.id, w.pre)
		nilStep("the Post steps of wave "+w.id, w.post)
		for _, sd := range w.stages {
			nilStep("the Pre steps of stage "+sd.name, sd.pre)
			nilStep("the Post steps of stage "+sd.name, sd.post)
			for _, ss := range sd.stackSteps {
				nilStep("the StackSteps of stage "+sd.name, append(append(append([]Step(nil), ss.Pre...), ss.ChangeSet...), ss.Post...))
			}
		}
	}
	for _, st := range p.allSteps() {
		msgs = append(msgs, st.base().problems...)
	}
	pst := p.pipelineStack()
	for _, w := range p.waves {
		for _, s := range w.stages {
			if s.stage == nil {
				continue
			}
			for x := constructs.Construct(pst); x != nil; x = x.Node().Scope() {
				if x == s.stage {
					msgs = append(msgs, fmt.Sprintf("the pipeline's own stack %s is inside stage %s, which the pipeline deploys: the pipeline would deploy itself from a stage; create the pipeline's stack outside the stages it deploys (directly under the app)", pst.Node().Path(), s.stage.Node().Path()))
				}
			}
		}
	}
	return msgs
}

// allSteps returns every step the pipeline's blueprint names.
func (p *CodePipeline) allSteps() []Step {
	var out []Step
	seen := map[Step]bool{}
	var add func(s Step)
	add = func(s Step) {
		if constructs.IsNil(s) || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
		for _, d := range s.base().deps {
			add(d)
		}
	}
	if st, ok := p.props.Synth.(Step); ok {
		add(st)
	}
	for _, w := range p.waves {
		for _, s := range append(append([]Step(nil), w.pre...), w.post...) {
			add(s)
		}
		for _, sd := range w.stages {
			for _, s := range append(append([]Step(nil), sd.pre...), sd.post...) {
				add(s)
			}
			for _, ss := range sd.stackSteps {
				for _, s := range append(append(append([]Step(nil), ss.Pre...), ss.ChangeSet...), ss.Post...) {
					add(s)
				}
			}
		}
	}
	return out
}

// resolveStages finds each stage's stacks, their environments and their
// dependencies.
func (p *CodePipeline) resolveStages() []string {
	var msgs []string
	pst := p.pipelineStack()
	for _, w := range p.waves {
		for _, sd := range w.stages {
			if sd.stage == nil {
				continue
			}
			stacks := sd.stage.Stacks()
			if len(stacks) == 0 {
				msgs = append(msgs, fmt.Sprintf("stage %s holds no stack: add at least one stack to it", sd.stage.Node().Path()))
				continue
			}
			byStack := map[*constructs.Stack]*stackDeployment{}
			for _, st := range stacks {
				env := st.Env()
				d := &stackDeployment{
					stack: st, stage: sd, artifactID: st.ArtifactID(), stackName: st.StackName(),
					displayName: st.DisplayName(),
				}
				if !token.IsUnresolved(env.Account) {
					d.account = env.Account
				}
				if !token.IsUnresolved(env.Region) {
					d.region = env.Region
				}
				d.templatePath = sd.stage.AssemblyDir() + "/" + d.artifactID + ".template.json"
				if p.props.CrossAccountKeys && d.account == "" {
					msgs = append(msgs, fmt.Sprintf("stack %s has no account, but the pipeline deploys across accounts (CrossAccountKeys): set Env.Account on stage %s (or on the stack) to the account it deploys to", st.Node().Path(), sd.stage.Node().Path()))
				}
				if !p.props.CrossAccountKeys && d.account != "" && !token.IsUnresolved(pst.Account()) && d.account != pst.Account() {
					msgs = append(msgs, fmt.Sprintf("stack %s deploys to account %s, not the pipeline's (%s): set CrossAccountKeys on the pipeline, so that the other account can read its artifacts", st.Node().Path(), d.account, pst.Account()))
				}
				byStack[st] = d
				d.assets = stackAssets(d)
			}
			deps := stackDependencies(stacks)
			for _, st := range stacks {
				for _, dep := range deps[st] {
					if dd, ok := byStack[dep]; ok {
						byStack[st].deps = append(byStack[st].deps, dd)
					}
				}
				for _, dep := range st.Dependencies() {
					if _, ok := byStack[dep]; !ok && constructs.StageOf(dep) != sd.stage {
						msgs = append(msgs, fmt.Sprintf("stack %s depends on stack %s, which is not in stage %s: a stage deploys its own stacks only", st.Node().Path(), dep.Node().Path(), sd.stage.Node().Path()))
					}
				}
			}
			// The AWS CDK's assembly lists the stacks in dependency order,
			// by artifact ID among those ready together.
			sd.stacks = sortStacks(stacks, byStack)
			for _, ss := range sd.stackSteps {
				d, ok := byStack[ss.Stack]
				if !ok {
					msgs = append(msgs, fmt.Sprintf("StackSteps of stage %s name stack %s, which is not in the stage", sd.stage.Node().Path(), pathOf(ss.Stack)))
					continue
				}
				d.pre = append(d.pre, ss.Pre...)
				d.changeSet = append(d.changeSet, ss.ChangeSet...)
				d.post = append(d.post, ss.Post...)
			}
		}
	}
	return msgs
}

func pathOf(c constructs.Construct) string {
	if constructs.IsNil(c) {
		return "(nil)"
	}
	return c.Node().Path()
}

func sortStacks(stacks []*constructs.Stack, by map[*constructs.Stack]*stackDeployment) []*stackDeployment {
	remaining := append([]*constructs.Stack(nil), stacks...)
	done := map[*stackDeployment]bool{}
	var out []*stackDeployment
	for len(remaining) > 0 {
		var ready, rest []*stackDeployment
		for _, st := range remaining {
			d := by[st]
			ok := true
			for _, dep := range d.deps {
				if !done[dep] {
					ok = false
				}
			}
			if ok {
				ready = append(ready, d)
			} else {
				rest = append(rest, d)
			}
		}
		if len(ready) == 0 { // a cycle: synthesis reports it
			ready, rest = rest, nil
		}
		sort.SliceStable(ready, func(i, j int) bool { return ready[i].artifactID < ready[j].artifactID })
		for _, d := range ready {
			done[d] = true
		}
		out = append(out, ready...)
		remaining = remaining[:0]
		for _, d := range rest {
			remaining = append(remaining, d.stack)
		}
	}
	return out
}

// checkOutputs reports the steps that read outputs of stacks the pipeline
// does not deploy, or deploys only after the step.
func (p *CodePipeline) checkOutputs() []string {
	var msgs []string
	type pos struct {
		wave, stage int // stage -1: the wave's own steps
		when        int // 0 before the stacks, 1 after
		stack       *stackDeployment
	}
	stackPos := map[*constructs.Stack]pos{}
	for wi, w := range p.waves {
		for si, sd := range w.stages {
			for _, d := range sd.stacks {
				stackPos[d.stack] = pos{wave: wi, stage: si, stack: d}
			}
		}
	}
	check := func(s Step, at pos, where string) {
		if constructs.IsNil(s) {
			return
		}
		for _, ref := range s.base().consumedOutputs {
			sp, ok := stackPos[ref.stack]
			if !ok {
				msgs = append(msgs, fmt.Sprintf("step %q (%s) reads output %s of stack %s, which the pipeline does not deploy: add the stack's stage to the pipeline (AddStage) before the step", s.StepID(), where, ref.OutputName, ref.StackDescription()))
				continue
			}
			later := false
			switch {
			case sp.wave > at.wave:
				later = true
			case sp.wave < at.wave:
			case at.stage == -1:
				later = at.when == 0
			case sp.stage == at.stage:
				if at.stack != nil {
					later = at.stack == sp.stack && at.when == 0 || dependsOn(sp.stack, at.stack)
				} else {
					later = at.when == 0
				}
			}
			if later {
				msgs = append(msgs, fmt.Sprintf("step %q (%s) reads output %s of stack %s, which the pipeline deploys after the step: move the step after the stack (a Post step of its stage, or a later stage)", s.StepID(), where, ref.OutputName, ref.StackDescription()))
			}
		}
	}
	for wi, w := range p.waves {
		for _, s := range w.pre {
			check(s, pos{wave: wi, stage: -1}, "before wave "+w.id)
		}
		for _, s := range w.post {
			check(s, pos{wave: wi, stage: -1, when: 1}, "after wave "+w.id)
		}
		for si, sd := range w.stages {
			for _, s := range sd.pre {
				check(s, pos{wave: wi, stage: si}, "before stage "+sd.name)
			}
			for _, s := range sd.post {
				check(s, pos{wave: wi, stage: si, when: 1}, "after stage "+sd.name)
			}
			for _, d := range sd.stacks {
				for _, s := range append(append([]Step(nil), d.pre...), d.changeSet...) {
					check(s, pos{wave: wi, stage: si, stack: d}, "before stack "+d.displayName)
				}
				for _, s := range d.post {
					check(s, pos{wave: wi, stage: si, stack: d, when: 1}, "after stack "+d.displayName)
				}
			}
		}
	}
	return msgs
}

// dependsOn reports whether a depends on b, directly or not.
func dependsOn(a, b *stackDeployment) bool {
	seen := map[*stackDeployment]bool{}
	var walk func(x *stackDeployment) bool
	walk = func(x *stackDeployment) bool {
		for _, d := range x.deps {
			if d == b {
				return true
			}
			if !seen[d] {
				seen[d] = true
				if walk(d) {
					return true
				}
			}
		}
		return false
	}
	return walk(a)
}

func (p *CodePipeline) build() error {
	if msgs := p.check(); len(msgs) > 0 {
		return joinErrors(msgs)
	}
	if msgs := p.resolveStages(); len(msgs) > 0 {
		return joinErrors(msgs)
	}
	if msgs := p.checkOutputs(); len(msgs) > 0 {
		return joinErrors(msgs)
	}
	pt := p.props.PipelineType
	if pt == "" {
		pt = codepipeline.PipelineV1
		if constructs.FeatureFlag(p, codepipeline.FlagDefaultPipelineTypeToV2) {
			pt = codepipeline.PipelineV2
		} else {
			constructs.AnnotationsOf(p).AddWarning("V1 pipeline type is implicitly selected when PipelineType is not set; set codepipeline.PipelineV2 to use V2")
		}
	}
	p.Pipeline = codepipeline.NewPipeline(p, "Pipeline", codepipeline.PipelineProps{
		PipelineName: p.props.PipelineName, PipelineType: pt, CrossAccountKeys: new(p.props.CrossAccountKeys),
		RestartExecutionOnUpdate: true, Role: p.props.Role, EnableKeyRotation: p.props.EnableKeyRotation,
	})
	g, err := newPipelineGraph(p)
	if err != nil {
		return err
	}
	p.cloudAsm = g.cloudAssembly
	return p.stagesFromGraph(g)
}

func joinErrors(msgs []string) error { return fmt.Errorf("%s", strings.Join(msgs, "\n")) }

// artifactMap names a pipeline artifact for each file set, as the AWS
// CDK's ArtifactMap: "<producer>.<fileset>", sanitized and made unique.
type artifactMap struct {
	names     map[string]bool
	byFileSet map[*FileSet]*codepipeline.Artifact
}

func (m *artifactMap) toCodePipeline(f *FileSet) *codepipeline.Artifact {
	if a, ok := m.byFileSet[f]; ok {
		return a
	}
	base := sanitizeArtifactName(f.producer.StepID() + "." + f.id)
	name := base
	for i := 2; m.names[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	m.names[name] = true
	a := codepipeline.NewArtifact(name)
	m.byFileSet[f] = a
	return a
}

func sanitizeArtifactName(x string) string {
	var b strings.Builder
	for _, r := range x {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if len(s) > 100 {
		s = s[:92] + hashHex(s)[:8]
	}
	return s
}

// stageProducer is an action factory's context.
type produceOptions struct {
	actionName         string
	runOrder           int
	scope              constructs.Construct
	beforeSelfMutation bool
	codeBuildDefaults  *CodeBuildOptions
	stageName          string
}

func (p *CodePipeline) stagesFromGraph(g *pipelineGraph) error {
	top, err := g.graph.sortedChildren()
	if err != nil {
		return p.cycleError(err)
	}
	beforeSelfMutation := p.selfMutation
	for _, tranche := range top {
		for _, stageNode := range tranche {
			leaves, err := stageNode.sortedLeaves()
			if err != nil {
				return p.cycleError(err)
			}
			chunks := chunkTranches(50, leaves)
			for i, tranches := range chunks {
				name := stageNode.id
				if len(chunks) > 1 {
					name = fmt.Sprintf("%s.%d", stageNode.id, i+1)
				}
				stage := p.Pipeline.AddStage(codepipeline.StageProps{StageName: name})
				var all []*gnode
				for _, t := range tranches {
					all = append(all, t...)
				}
				if len(all) == 0 {
					continue
				}
				shared := commonAncestor(all)
				runOrder := 1
				for _, t := range tranches {
					for _, node := range t {
						opts := produceOptions{
							actionName: actionName(node, shared), runOrder: runOrder,
							scope: stage.Scope(), beforeSelfMutation: beforeSelfMutation, stageName: name,
						}
						if err := p.produce(stage, node, opts); err != nil {
							return err
						}
						if node.data != nil && node.data.kind == kindSelfUpdate {
							beforeSelfMutation = false
						}
					}
					runOrder++
				}
			}
		}
	}
	return nil
}

func (p *CodePipeline) cycleError(err error) error {
	return fmt.Errorf("the pipeline's steps depend on each other in a cycle (%v): a step may read outputs only of stacks deployed before it, and may not be both before and after another", err)
}

func chunkTranches(n int, xss [][]*gnode) [][][]*gnode {
	xss = append([][]*gnode(nil), xss...)
	var ret [][][]*gnode
	for len(xss) > 0 {
		var tranches [][]*gnode
		count := 0
		for len(xss) > 0 {
			xs := xss[0]
			space := n - count
			if len(xs) <= space {
				tranches = append(tranches, xs)
				count += len(xs)
				xss = xss[1:]
			} else {
				tranches = append(tranches, xs[:space])
				xss[0] = xs[space:]
				break
			}
		}
		ret = append(ret, tranches)
	}
	return ret
}

// actionName is the AWS CDK's actionName: the node's path below parent,
// each id sanitized, joined with ".", trimmed to 100 characters.
func actionName(node, parent *gnode) string {
	var names []string
	for _, n := range node.ancestorPath(parent) {
		names = append(names, sanitizeActionName(n.label()))
	}
	joined := strings.Join(names, ".")
	if len(joined) <= 100 {
		return joined
	}
	dots := len(names) - 1
	maxLen := max(15, (100-dots)/len(names))
	for i, n := range names {
		names[i] = limitIdentifierLength(n, maxLen)
	}
	return limitIdentifierLength(strings.Join(names, "."), 100)
}

func sanitizeActionName(x string) string {
	var b strings.Builder
	for _, r := range x {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".@-_", r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func limitIdentifierLength(s string, n int) string {
	if len(s) <= n {
		return s
	}
	h := hashHex(s)[:8]
	mid := (n - len(h)) / 2
	return s[:mid] + h + s[len(s)-mid:]
}

// stackVariableNamespace is the variables namespace of a stack's Deploy
// action.
func stackVariableNamespace(d *stackDeployment) string {
	return limitIdentifierLength(d.artifactID, 100)
}

func (p *CodePipeline) produce(stage *codepipeline.Stage, node *gnode, o produceOptions) error {
	d := node.data
	switch d.kind {
	case kindSelfUpdate:
		return p.selfMutateAction(stage, o)
	case kindPublishAssets:
		return p.publishAssetsAction(stage, node, o)
	case kindPrepare:
		p.changeSetAction(stage, d.stack, o)
	case kindExecute:
		if p.props.UseChangeSets == nil || *p.props.UseChangeSets {
			p.executeChangeSetAction(stage, d.stack, d.captureOutputs, o)
		} else {
			p.deployAction(stage, d.stack, d.captureOutputs, o)
		}
	case kindStep:
		return p.stepAction(stage, node, d.step, o)
	default:
		return fmt.Errorf("pipelines: unexpected graph node %s", node.id)
	}
	return nil
}

func (p *CodePipeline) stepAction(stage *codepipeline.Stage, node *gnode, step Step, o produceOptions) error {
	switch s := step.(type) {
	case *CodePipelineSource:
		out := p.artifacts.toCodePipeline(s.primary)
		stage.AddAction(s.action(out, o.actionName, o.runOrder))
		if p.fallback == nil {
			p.fallback = out
		}
		return nil
	case *ManualApprovalStep:
		stage.AddAction(actions.NewManualApprovalAction(actions.ManualApprovalActionProps{
			Common: actions.Common{ActionName: o.actionName, RunOrder: o.runOrder}, AdditionalInformation: s.props.Comment,
		}))
		return nil
	case shellLike:
		isSynth := node.data.isBuildStep
		id := s.StepID()
		kind := projectStep
		if isSynth {
			id, kind = "CdkBuildProject", projectSynth
		}
		f := &codeBuildFactory{constructID: id, step: s.shell(), additionalLevel: true}
		if cb, ok := s.(*CodeBuildStep); ok {
			f.fromCodeBuildStep(cb)
		}
		o.codeBuildDefaults = p.codeBuildDefaultsFor(kind)
		proj, err := f.produce(p, stage, o)
		if err != nil {
			return err
		}
		if isSynth {
			p.SynthProject = proj
		}
		if s.shell().primary != nil && p.fallback == nil {
			p.fallback = p.artifacts.toCodePipeline(s.shell().primary)
		}
		return nil
	}
	return fmt.Errorf("step %q: its type %T is not supported by CodePipeline", step.StepID(), step)
}

type projectKind int

const (
	projectSynth projectKind = iota
	projectAssets
	projectSelfMutate
	projectStep
)

func (p *CodePipeline) codeBuildDefaultsFor(kind projectKind) *CodeBuildOptions {
	o := CodeBuildOptions{BuildEnvironment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxStandard7_0, ComputeType: codebuild.ComputeSmall}}
	o = mergeOptions(o, p.props.CodeBuildDefaults)
	switch kind {
	case projectSynth:
		o = mergeOptions(o, p.props.SynthCodeBuildDefaults)
		if p.props.DockerEnabledForSynth {
			o.BuildEnvironment.Privileged = true
		}
	case projectAssets:
		o = mergeOptions(o, p.props.AssetPublishingCodeBuildDefaults)
	case projectSelfMutate:
		o = mergeOptions(o, p.props.SelfMutationCodeBuildDefaults)
		if p.props.DockerEnabledForSelfMutation {
			o.BuildEnvironment.Privileged = true
		}
	}
	return &o
}

func mergeOptions(a, b CodeBuildOptions) CodeBuildOptions {
	a.BuildEnvironment = mergeEnvironments(a.BuildEnvironment, b.BuildEnvironment)
	a.RolePolicy = append(append([]*iam.PolicyStatement(nil), a.RolePolicy...), b.RolePolicy...)
	if b.Timeout != 0 {
		a.Timeout = b.Timeout
	}
	return a
}

func mergeEnvironments(a, b codebuild.BuildEnvironment) codebuild.BuildEnvironment {
	if b.BuildImage.ImageID != "" {
		a.BuildImage = b.BuildImage
	}
	if b.ComputeType != "" {
		a.ComputeType = b.ComputeType
	}
	a.Privileged = a.Privileged || b.Privileged
	if len(b.EnvironmentVariables) > 0 {
		vars := append([]codebuild.EnvironmentVariable(nil), a.EnvironmentVariables...)
		for _, v := range b.EnvironmentVariables {
			replaced := false
			for i := range vars {
				if vars[i].Name == v.Name {
					vars[i], replaced = v, true
				}
			}
			if !replaced {
				vars = append(vars, v)
			}
		}
		a.EnvironmentVariables = vars
	}
	return a
}

// deployRoles returns a stack's deploy role and CloudFormation execution
// role, imported from the target environment's bootstrap stack, and the
// region of the actions when it is not the pipeline's.
func (p *CodePipeline) deployRoles(d *stackDeployment) (deployRole, execRole iam.IRole, region string) {
	pst := p.pipelineStack()
	if d.region != "" && d.region != pst.Region() {
		region = d.region
	}
	// The assembly's role ARNs hold the stack's account and region, or
	// placeholders that become the pipeline's at deploy time.
	account, accountPH := d.account, d.account
	if account == "" {
		account, accountPH = token.PseudoRef("AWS::AccountId"), "${AWS::AccountId}"
	}
	r, regionPH := d.region, d.region
	if r == "" {
		r, regionPH = token.PseudoRef("AWS::Region"), "${AWS::Region}"
	}
	arn := func(kind string) (string, string) {
		placeholder := "arn:${AWS::Partition}:iam::" + accountPH + ":role/cdk-hnb659fds-" + kind + "-" + accountPH + "-" + regionPH
		return placeholder, "arn:" + pst.Partition() + ":iam::" + account + ":role/cdk-hnb659fds-" + kind + "-" + account + "-" + r
	}
	ph, a := arn("deploy-role")
	deployRole = importBootstrapRole(p.Pipeline, ph, a, account)
	ph, a = arn("cfn-exec-role")
	execRole = importBootstrapRole(p.Pipeline, ph, a, account)
	return deployRole, execRole, region
}

func (p *CodePipeline) changeSetAction(stage *codepipeline.Stage, d *stackDeployment, o produceOptions) {
	tpl := p.artifacts.toCodePipeline(p.cloudAsm)
	role, exec, region := p.deployRoles(d)
	stage.AddAction(actions.NewCloudFormationCreateReplaceChangeSetAction(actions.CloudFormationCreateReplaceChangeSetActionProps{
		CloudFormationDeployProps: actions.CloudFormationDeployProps{
			Common:    actions.Common{ActionName: o.actionName, RunOrder: o.runOrder, Role: role},
			StackName: d.stackName, DeploymentRole: exec, AdminPermissions: true, Region: region,
			Capabilities: []actions.Capability{actions.CapabilityNamedIAM, actions.CapabilityAutoExpand},
		},
		TemplatePath: tpl.AtPath(d.templatePath), ChangeSetName: "PipelineChange",
	}))
}

func (p *CodePipeline) executeChangeSetAction(stage *codepipeline.Stage, d *stackDeployment, capture bool, o produceOptions) {
	role, _, region := p.deployRoles(d)
	ns := ""
	if capture {
		ns = stackVariableNamespace(d)
	}
	stage.AddAction(actions.NewCloudFormationExecuteChangeSetAction(actions.CloudFormationExecuteChangeSetActionProps{
		Common:    actions.Common{ActionName: o.actionName, RunOrder: o.runOrder, Role: role, VariablesNamespace: ns},
		StackName: d.stackName, ChangeSetName: "PipelineChange", Region: region,
	}))
}

func (p *CodePipeline) deployAction(stage *codepipeline.Stage, d *stackDeployment, capture bool, o produceOptions) {
	tpl := p.artifacts.toCodePipeline(p.cloudAsm)
	role, exec, region := p.deployRoles(d)
	ns := ""
	if capture {
		ns = stackVariableNamespace(d)
	}
	stage.AddAction(actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
		CloudFormationDeployProps: actions.CloudFormationDeployProps{
			Common:    actions.Common{ActionName: o.actionName, RunOrder: o.runOrder, Role: role, VariablesNamespace: ns},
			StackName: d.stackName, DeploymentRole: exec, AdminPermissions: true, Region: region,
			Capabilities: []actions.Capability{actions.CapabilityNamedIAM, actions.CapabilityAutoExpand},
		},
		TemplatePath: tpl.AtPath(d.templatePath),
	}))
}

// formaInstall is the install command of the steps that run forma.
func (p *CodePipeline) formaInstall() string {
	v := p.props.FormaVersion
	if v == "" {
		v = "latest"
	}
	// GOBIN on the PATH of CodeBuild's images; the go command fetches the
	// Go toolchain forma's go.mod names when the image's is older.
	return "GOBIN=/usr/local/bin go install github.com/forma-iac/forma/cli/forma@" + v
}

func (p *CodePipeline) selfMutateAction(stage *codepipeline.Stage, o produceOptions) error {
	pst := p.pipelineStack()
	name := ""
	if p.props.PipelineName != "" {
		name = p.props.PipelineName + "-selfupdate"
	}
	step := NewCodeBuildStep("SelfMutate", CodeBuildStepProps{
		ShellStepProps: ShellStepProps{
			Input:           p.cloudAsm,
			InstallCommands: []string{p.formaInstall()},
			Commands:        []string{"forma --app . deploy " + pst.Node().Path() + " --require-approval never"},
		},
		ProjectName: name,
		RolePolicyStatements: []*iam.PolicyStatement{
			iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions:   []string{"sts:AssumeRole"},
				Resources: []string{"arn:*:iam::" + pst.Account() + ":role/*"},
				Conditions: map[string]map[string]any{"ForAnyValue:StringEquals": {
					"iam:ResourceTag/aws-cdk:bootstrap-role": []any{"image-publishing", "file-publishing", "deploy"},
				}},
			}),
			iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"cloudformation:DescribeStacks"}, Resources: []string{"*"}}),
			iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:ListBucket"}, Resources: []string{"*"}}),
		},
	})
	f := &codeBuildFactory{constructID: "SelfMutation", step: &step.ShellStep, scope: obtainScope(p, "UpdatePipeline")}
	f.fromCodeBuildStep(step)
	o.codeBuildDefaults = p.codeBuildDefaultsFor(projectSelfMutate)
	proj, err := f.produce(p, stage, o)
	p.SelfMutationProject = proj
	return err
}

// obtainScope returns scope's child id, created when missing.
func obtainScope(scope constructs.Construct, id string) constructs.Construct {
	if c := scope.Node().TryFindChild(id); c != nil {
		return c
	}
	return constructs.New(scope, id)
}
