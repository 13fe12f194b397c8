package pipelines

import (
	"sort"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/iam"
)

// Step is a step of a pipeline: a source, a ShellStep, a CodeBuildStep or
// a ManualApprovalStep.
type Step interface {
	// StepID returns the step's id, unique among the pipeline's steps.
	StepID() string
	base() *stepBase
}

// IFileSetProducer is a step or source that produces a set of files, the
// input of later steps.
type IFileSetProducer interface {
	// PrimaryOutput returns the files the step produces, nil when it
	// produces none.
	PrimaryOutput() *FileSet
}

// FileSet is a set of files produced by a step (a source's checkout, a
// build's output directory): a pipeline artifact.
type FileSet struct {
	id       string
	producer Step
}

// Producer returns the step that produces the files.
func (f *FileSet) Producer() Step { return f.producer }

// PrimaryOutput returns f itself, so that a FileSet can be an input.
func (f *FileSet) PrimaryOutput() *FileSet { return f }

// stepBase holds what every step has.
type stepBase struct {
	// self is the step that holds this base (a ShellStep embedded in a
	// CodeBuildStep is the CodeBuildStep's).
	self     Step
	id       string
	isSource bool
	// deps are the steps that run before this one (the producers of its
	// inputs and explicit dependencies), in the order added.
	deps            []Step
	consumedOutputs []StackOutputReference
	primary         *FileSet
	// problems are the step's construction mistakes, reported when the
	// pipeline that uses it is built.
	problems []string
}

// StepID returns the step's id.
func (b *stepBase) StepID() string { return b.id }

func (b *stepBase) base() *stepBase { return b }

// PrimaryOutput returns the files the step produces, nil when none.
func (b *stepBase) PrimaryOutput() *FileSet { return b.primary }

func (b *stepBase) addDependencyFileSet(f *FileSet) {
	if f == nil || f.producer == nil {
		return
	}
	b.addDependency(f.producer)
}

func (b *stepBase) addDependency(s Step) {
	for _, d := range b.deps {
		if d == s {
			return
		}
	}
	b.deps = append(b.deps, s)
}

// AddStepDependency makes the step run after other.
func (b *stepBase) AddStepDependency(other Step) {
	if !constructs.IsNil(other) {
		b.addDependency(other)
	}
}

// StackOutputReference names an output of a stack deployed by the
// pipeline, for EnvFromCfnOutputs.
type StackOutputReference struct {
	// stack is the producing stack.
	stack *constructs.Stack
	// OutputName is the output's logical ID.
	OutputName string
	output     *cfn.Output
}

// StackDescription is the producing stack's path, for messages.
func (r StackOutputReference) StackDescription() string {
	if r.stack == nil {
		return "(no stack)"
	}
	return r.stack.Node().Path()
}

func outputReference(o *cfn.Output) StackOutputReference {
	if o == nil {
		return StackOutputReference{}
	}
	return StackOutputReference{stack: constructs.TryStackOf(o), OutputName: o.LogicalID(), output: o}
}

// ShellStepProps configures NewShellStep.
type ShellStepProps struct {
	// Input is the step's working directory: a source or another step's
	// output. Default: the pipeline's first artifact (its source).
	Input IFileSetProducer
	// AdditionalInputs are more inputs, each placed at a directory
	// relative to the working directory (not ".").
	AdditionalInputs map[string]IFileSetProducer
	// InstallCommands run before Commands (the install phase).
	InstallCommands []string
	// Commands run in the build phase (required).
	Commands []string
	// Env are literal environment variables.
	Env map[string]string
	// EnvFromCfnOutputs set environment variables from outputs of stacks the
	// pipeline deploys before this step.
	EnvFromCfnOutputs map[string]*cfn.Output
	// PrimaryOutputDirectory makes the directory the step's output; for the
	// synth step it defaults to "cdk.out".
	PrimaryOutputDirectory string
}

// fileSetLocation is a file set placed at a directory.
type fileSetLocation struct {
	directory string
	fileSet   *FileSet
}

// ShellStep runs commands in a build container (a CodeBuild project in a
// CodePipeline), the AWS CDK's pipelines.ShellStep.
type ShellStep struct {
	stepBase
	props   ShellStepProps
	inputs  []fileSetLocation
	outputs []fileSetLocation
	// envOutputs are EnvFromCfnOutputs as references, by variable name.
	envOutputs map[string]StackOutputReference
}

// NewShellStep returns a shell step; id names its action and CodeBuild
// project.
func NewShellStep(id string, props ShellStepProps) *ShellStep {
	s := &ShellStep{}
	s.self = s
	s.init(id, props)
	return s
}

func (s *ShellStep) init(id string, props ShellStepProps) {
	s.id = id
	s.props = props
	s.envOutputs = map[string]StackOutputReference{}
	for _, k := range sortedKeys(props.EnvFromCfnOutputs) {
		o := props.EnvFromCfnOutputs[k]
		if o == nil {
			s.problems = append(s.problems, "step "+id+": EnvFromCfnOutputs["+k+"] is nil: pass the stack's *cfn.Output")
			continue
		}
		ref := outputReference(o)
		s.envOutputs[k] = ref
		s.consumedOutputs = append(s.consumedOutputs, ref)
	}
	if in := constructs.NormalizeNil(props.Input); in != nil {
		if fs := in.PrimaryOutput(); fs == nil {
			s.problems = append(s.problems, "step "+id+": its Input produces no files: use a source or a step with a PrimaryOutputDirectory")
		} else {
			s.addDependencyFileSet(fs)
			s.inputs = append(s.inputs, fileSetLocation{directory: ".", fileSet: fs})
		}
	}
	for _, dir := range sortedKeys(props.AdditionalInputs) {
		in := constructs.NormalizeNil(props.AdditionalInputs[dir])
		if dir == "." {
			s.problems = append(s.problems, "step "+id+": AdditionalInputs cannot use directory \".\": use Input for the working directory")
			continue
		}
		if in == nil || in.PrimaryOutput() == nil {
			s.problems = append(s.problems, "step "+id+": AdditionalInputs["+dir+"] produces no files")
			continue
		}
		fs := in.PrimaryOutput()
		s.addDependencyFileSet(fs)
		s.inputs = append(s.inputs, fileSetLocation{directory: dir, fileSet: fs})
	}
	if props.PrimaryOutputDirectory != "" {
		s.setPrimaryOutputDirectory(props.PrimaryOutputDirectory)
	}
}

func (s *ShellStep) setPrimaryOutputDirectory(dir string) {
	if s.primary != nil {
		return
	}
	fs := &FileSet{id: "Output", producer: s.self}
	s.primary = fs
	s.props.PrimaryOutputDirectory = dir
	s.outputs = append(s.outputs, fileSetLocation{directory: dir, fileSet: fs})
}

func (s *ShellStep) shell() *ShellStep { return s }

// Commands returns the step's commands.
func (s *ShellStep) Commands() []string { return s.props.Commands }

// shellLike is a ShellStep or a CodeBuildStep.
type shellLike interface {
	Step
	shell() *ShellStep
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// CodeBuildStepProps configures NewCodeBuildStep: a ShellStep with the
// settings of its CodeBuild project.
type CodeBuildStepProps struct {
	ShellStepProps
	// ProjectName is the project's physical name.
	ProjectName string
	// BuildEnvironment overrides the pipeline's build environment field by
	// field (image, compute type, privileged, variables).
	BuildEnvironment codebuild.BuildEnvironment
	// RolePolicyStatements are added to the project's role.
	RolePolicyStatements []*iam.PolicyStatement
	// Role replaces the project's role.
	Role iam.IRole
	// ActionRole replaces the role the pipeline starts the build with.
	ActionRole iam.IRole
	// Timeout of the build (default one hour).
	Timeout time.Duration
}

// CodeBuildStep is a ShellStep with CodeBuild project settings, the AWS
// CDK's pipelines.CodeBuildStep.
type CodeBuildStep struct {
	ShellStep
	cb CodeBuildStepProps
}

// NewCodeBuildStep returns a CodeBuild step.
func NewCodeBuildStep(id string, props CodeBuildStepProps) *CodeBuildStep {
	s := &CodeBuildStep{cb: props}
	s.self = s
	s.init(id, props.ShellStepProps)
	s.cb.Role = constructs.NormalizeNil(props.Role)
	s.cb.ActionRole = constructs.NormalizeNil(props.ActionRole)
	return s
}

// ManualApprovalStepProps configures NewManualApprovalStep.
type ManualApprovalStepProps struct {
	// Comment is shown to the approver.
	Comment string
}

// ManualApprovalStep waits for a person to approve, the AWS CDK's
// pipelines.ManualApprovalStep.
type ManualApprovalStep struct {
	stepBase
	props ManualApprovalStepProps
}

// NewManualApprovalStep returns a manual approval step.
func NewManualApprovalStep(id string, props ManualApprovalStepProps) *ManualApprovalStep {
	s := &ManualApprovalStep{stepBase: stepBase{id: id}, props: props}
	s.self = s
	return s
}

// Comment returns the approval's comment.
func (s *ManualApprovalStep) Comment() string { return s.props.Comment }

// DefaultSynthCommands are the synth step's commands for a forma app at the
// root of the source: synthesize the app into cdk.out, quietly.
var DefaultSynthCommands = []string{"go run . synth -q -o cdk.out"}

// GoSynth returns the synth step of a forma app at the root of input: a
// ShellStep "Synth" running DefaultSynthCommands, writing cdk.out.
func GoSynth(input IFileSetProducer) *ShellStep {
	return NewShellStep("Synth", ShellStepProps{Input: input, Commands: append([]string(nil), DefaultSynthCommands...)})
}
