package pipelineplan

// Planner is implemented by a construct that is a pipeline: the command line
// finds it in the construct tree under the pipeline stack and asks it for its
// plan.
type Planner interface {
	// PipelinePlan returns what the pipeline runs, in order, or an error
	// naming the construct path when the pipeline is not buildable.
	PipelinePlan() (*Plan, error)
}

// Plan is one pipeline's run: the synth step, then self-mutation, then asset
// publishing, then the waves in order.
type Plan struct {
	// Pipeline is the construct path of the pipeline construct.
	Pipeline string
	// PipelineStack is the artifact ID of the stack that holds the pipeline;
	// self-mutation deploys it.
	PipelineStack string
	// Synth is the step that produces the cloud assembly.
	Synth Step
	// SelfMutation says whether the pipeline updates its own stack before
	// deploying anything else.
	SelfMutation bool
	// PublishAssets says whether the pipeline publishes the assembly's file
	// and image assets before the first wave.
	PublishAssets bool
	// Waves are deployed one after the other; the stages of a wave deploy in
	// parallel.
	Waves []Wave
}

// Wave is a group of stages that deploy at the same time.
type Wave struct {
	Name   string
	Pre    []Step
	Stages []Stage
	Post   []Step
}

// Stage is one deployed forma Stage (a nested cloud assembly).
type Stage struct {
	// Name is the stage's construct id, which is also its nested assembly's
	// name ("assembly-<Name>") and the prefix of its stacks' display names.
	Name string
	// AssemblyDir is the nested assembly's directory relative to the
	// top-level assembly (e.g. "assembly-Test").
	AssemblyDir string
	Pre         []Step
	// Stacks are in deployment order (dependencies first).
	Stacks []Stack
	Post   []Step
}

// Stack is one stack deployment inside a stage.
type Stack struct {
	// ArtifactID is the stack's artifact ID in the stage's nested assembly.
	ArtifactID string
	// DisplayName is "Stage/Stack", as the command line selects it.
	DisplayName string
	// StackName is the CloudFormation stack name.
	StackName string
	// Account and Region are the target environment; empty when the stack is
	// environment-agnostic.
	Account string
	Region  string
	// DependsOn are the artifact IDs of stacks of the same stage deployed
	// before this one.
	DependsOn []string
	// Pre and Post are steps attached to this stack (StackSteps).
	Pre  []Step
	Post []Step
}

// StepKind says what a step does.
type StepKind string

// The step kinds.
const (
	StepShell     StepKind = "shell"     // commands in a build container (ShellStep)
	StepCodeBuild StepKind = "codebuild" // a CodeBuildStep: commands with its own project settings
	StepApproval  StepKind = "approval"  // a ManualApprovalStep
	StepChangeSet StepKind = "changeset" // a change-set approval (ConfirmPermissionsBroadening)
)

// Step is one step of the pipeline.
type Step struct {
	// ID is the step's id as the user gave it.
	ID   string
	Kind StepKind
	// InstallCommands run before Commands.
	InstallCommands []string
	Commands        []string
	// Env are literal environment variables.
	Env map[string]string
	// EnvFromOutputs are environment variables set from stack outputs of
	// stacks deployed earlier in the pipeline.
	EnvFromOutputs map[string]OutputRef
	// Comment is a manual approval's comment.
	Comment string
	// PrimaryOutputDir is, for the synth step, the directory the commands
	// write the cloud assembly to (default "cdk.out").
	PrimaryOutputDir string
}

// OutputRef names one output of one stack deployed by the pipeline.
type OutputRef struct {
	// Stack is the stack's display name ("Stage/Stack").
	Stack string
	// Output is the output's logical ID in the stack's template.
	Output string
}
