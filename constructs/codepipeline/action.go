package codepipeline

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
)

// ActionCategory is the category of an action.
type ActionCategory string

// The action categories.
const (
	CategorySource   ActionCategory = "Source"
	CategoryBuild    ActionCategory = "Build"
	CategoryTest     ActionCategory = "Test"
	CategoryApproval ActionCategory = "Approval"
	CategoryDeploy   ActionCategory = "Deploy"
	CategoryInvoke   ActionCategory = "Invoke"
	CategoryCompute  ActionCategory = "Compute"
)

// ArtifactBounds are how many input and output artifacts an action takes.
type ArtifactBounds struct {
	MinInputs, MaxInputs, MinOutputs, MaxOutputs int
}

// ActionProperties describe an action to the pipeline, as the AWS CDK's
// ActionProperties.
type ActionProperties struct {
	// ActionName is the action's name, unique in its stage (required).
	ActionName string
	// Category, Owner (default "AWS"), Provider and Version (default "1")
	// make the action type.
	Category ActionCategory
	Owner    string
	Provider string
	Version  string
	// RunOrder orders the actions of a stage; default 1.
	RunOrder int
	// Inputs and Outputs are the artifacts consumed and produced.
	Inputs  []*Artifact
	Outputs []*Artifact
	// Bounds are the artifact counts the action type allows.
	Bounds ArtifactBounds
	// Role is the role the action runs with; default a role the pipeline
	// creates for the action (AWS-owned actions).
	Role iam.IRole
	// Region is the action's region; default the pipeline's.
	Region string
	// VariablesNamespace names the action's output variables.
	VariablesNamespace string
	// Timeout of the action (V2 Commands and a few others).
	Timeout time.Duration
	// Commands and OutputVariables are the Commands action's.
	Commands        []string
	OutputVariables []string
	// EnvironmentVariables are the action's environment variables, for the
	// V2 action types that take them (Commands, EKS, ...).
	EnvironmentVariables []EnvironmentVariable
}

// EnvironmentVariable is an environment variable of an action
// (ActionDeclaration EnvironmentVariables).
type EnvironmentVariable struct {
	// Name of the variable (required).
	Name string
	// Value of the variable; it may hold pipeline variables, e.g.
	// "#{SourceVariables.CommitId}".
	Value string
	// Type is "PLAINTEXT" or "SECRETS_MANAGER"; default: not written
	// (PLAINTEXT).
	Type string
}

// ActionBindOptions is what the pipeline gives an action when it binds it.
type ActionBindOptions struct {
	// Role is the action's role (the one the pipeline created, or the
	// action's own); the action grants it what it needs.
	Role iam.IRole
	// Bucket is the artifact bucket.
	Bucket s3.IBucket
}

// ActionConfig is what binding an action returns.
type ActionConfig struct {
	// Configuration is the action's configuration map.
	Configuration map[string]any
}

// IAction is a pipeline action. The package codepipelineactions holds the
// actions of the AWS services.
type IAction interface {
	// ActionProperties describes the action.
	ActionProperties() ActionProperties
	// Bind attaches the action to stage: scope is the action's construct
	// (Pipeline/<stage>/<action>), where it may add resources.
	Bind(scope constructs.Construct, stage *Stage, opts ActionBindOptions) ActionConfig
}
