package pipelines

import (
	"github.com/forma-iac/forma/constructs"
)

// AddStageOpts configures AddStage: steps before and after the stage's
// stacks, and steps around single stacks.
type AddStageOpts struct {
	// Pre run before any stack of the stage.
	Pre []Step
	// Post run after every stack of the stage.
	Post []Step
	// StackSteps are steps around single stacks of the stage.
	StackSteps []StackSteps
}

// StackSteps are steps around one stack's deployment.
type StackSteps struct {
	// Stack is a stack of the stage.
	Stack *constructs.Stack
	// Pre run before the stack's change set is created.
	Pre []Step
	// ChangeSet run between the change set's creation and execution.
	ChangeSet []Step
	// Post run after the stack is deployed.
	Post []Step
}

// WaveOptions configures AddWave.
type WaveOptions struct {
	// Pre run before any stage of the wave; Post after all of them.
	Pre, Post []Step
}

// Wave is a group of stages deployed in parallel, the AWS CDK's
// pipelines.Wave.
type Wave struct {
	id       string
	pre      []Step
	post     []Step
	stages   []*StageDeployment
	pipeline *CodePipeline
}

// ID returns the wave's id, the name of its pipeline stage.
func (w *Wave) ID() string { return w.id }

// AddPre adds steps that run before any stage of the wave.
func (w *Wave) AddPre(steps ...Step) { w.pre = append(w.pre, steps...) }

// AddPost adds steps that run after every stage of the wave.
func (w *Wave) AddPost(steps ...Step) { w.post = append(w.post, steps...) }

// Stages returns the wave's stages.
func (w *Wave) Stages() []*StageDeployment { return append([]*StageDeployment(nil), w.stages...) }

// AddStage adds a stage to the wave: its stacks deploy in dependency order,
// in parallel with the wave's other stages.
func (w *Wave) AddStage(stage *constructs.Stage, opts AddStageOpts) *StageDeployment {
	p := w.pipeline
	sd := &StageDeployment{stage: constructs.NormalizeNil(stage), pre: opts.Pre, post: opts.Post, stackSteps: opts.StackSteps, wave: w}
	if sd.stage == nil {
		p.Errorf("wave %q: AddStage got a nil stage: pass the constructs.Stage to deploy", w.id)
		return sd
	}
	sd.name = sd.stage.StageName()
	if p.built {
		p.Errorf("stage %s is added after the pipeline was built (BuildPipeline, or synthesis): add every stage before", sd.stage.Node().Path())
		return sd
	}
	for _, ow := range p.waves {
		for _, os := range ow.stages {
			if os.stage == sd.stage {
				p.Errorf("stage %s is added to the pipeline twice (in wave %q and wave %q): add each stage once; to deploy the same stacks to another environment, create another stage", sd.stage.Node().Path(), ow.id, w.id)
				return sd
			}
		}
	}
	w.stages = append(w.stages, sd)
	return sd
}

// StageDeployment is a stage added to a pipeline, the AWS CDK's
// pipelines.StageDeployment.
type StageDeployment struct {
	stage      *constructs.Stage
	name       string
	pre, post  []Step
	stackSteps []StackSteps
	wave       *Wave
	stacks     []*stackDeployment
}

// Stage returns the deployed stage.
func (s *StageDeployment) Stage() *constructs.Stage { return s.stage }

// StageName returns the stage's name.
func (s *StageDeployment) StageName() string { return s.name }

// AddPre adds steps that run before the stage's stacks.
func (s *StageDeployment) AddPre(steps ...Step) { s.pre = append(s.pre, steps...) }

// AddPost adds steps that run after the stage's stacks.
func (s *StageDeployment) AddPost(steps ...Step) { s.post = append(s.post, steps...) }

// stackDeployment is one stack of a stage as the pipeline deploys it.
type stackDeployment struct {
	stack        *constructs.Stack
	stage        *StageDeployment
	artifactID   string
	stackName    string
	displayName  string
	account      string
	region       string
	templatePath string
	deps         []*stackDeployment
	pre          []Step
	changeSet    []Step
	post         []Step
	assets       []stackAsset
}

// stackAsset is an asset a stack needs published before it deploys.
type stackAsset struct {
	id          string
	selector    string
	displayName string
	docker      bool
	// role is the publishing role's ARN, with ${AWS::…} placeholders.
	role  string
	stack *stackDeployment
}
