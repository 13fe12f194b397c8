package codepipeline

import (
	"fmt"
	"regexp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline/codepipelinecfn"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// StagePlacement inserts a stage before or after another; default last.
type StagePlacement struct {
	RightBefore *Stage
	JustAfter   *Stage
}

// Result is what a stage condition does when its rules fail.
type Result string

// The results of conditions.
const (
	ResultRollback Result = "ROLLBACK"
	ResultFail     Result = "FAIL"
	ResultRetry    Result = "RETRY"
	ResultSkip     Result = "SKIP"
)

// RetryMode is how a failed stage is retried.
type RetryMode string

// The retry modes.
const (
	RetryAllActions    RetryMode = "ALL_ACTIONS"
	RetryFailedActions RetryMode = "FAILED_ACTIONS"
)

// Rule is a rule of a V2 stage condition (the AWS CDK's codepipeline.Rule):
// provider "CloudWatchAlarm", "LambdaInvoke", "DeploymentWindow",
// "VariableCheck", "Commands", ….
type Rule struct {
	Name           string
	Provider       string
	Version        string
	Configuration  map[string]any
	Commands       []string
	InputArtifacts []string
	Region         string
	Role           iam.IRole
}

// Reference returns "#{rule.<name>}".
func (r Rule) Reference() string { return "#{rule." + r.Name + "}" }

// Condition is a set of rules and the result when they fail.
type Condition struct {
	Rules  []Rule
	Result Result
}

// Conditions are the conditions of a stage's entry or success.
type Conditions struct {
	Conditions []Condition
}

// FailureConditions are what happens when a stage fails: Result ROLLBACK
// rolls the stage back to the last successful execution (automatic stage
// rollback), RETRY retries it with RetryMode.
type FailureConditions struct {
	Conditions []Condition
	Result     Result
	RetryMode  RetryMode
}

// StageProps configures a stage.
type StageProps struct {
	// StageName is the stage's name, unique in the pipeline (required).
	StageName string
	// Actions are added as AddAction adds them.
	Actions []IAction
	// TransitionDisabled disables the transition into the stage;
	// TransitionDisabledReason default "Transition disabled".
	TransitionDisabled       bool
	TransitionDisabledReason string
	// Placement inserts the stage before or after another.
	Placement StagePlacement
	// BeforeEntry, OnSuccess and OnFailure are V2 stage conditions.
	BeforeEntry *Conditions
	OnSuccess   *Conditions
	OnFailure   *FailureConditions
}

// Stage is a stage of a pipeline. Its construct (Pipeline/<stage>) holds a
// construct per action, where the actions' roles and resources live.
type Stage struct {
	name     string
	props    StageProps
	pipeline *Pipeline
	scope    constructs.Construct
	actions  []*action
}

type action struct {
	iface  IAction
	props  ActionProperties
	config ActionConfig
	role   iam.IRole
	stage  *Stage
}

func (a *action) runOrder() int {
	if a.props.RunOrder == 0 {
		return 1
	}
	return a.props.RunOrder
}

func (a *action) validateBounds() []string {
	var msgs []string
	b := a.props.Bounds
	check := func(kind string, n, min, max int) {
		if n < min {
			msgs = append(msgs, fmt.Sprintf("action %q (%s/%s) needs at least %d %s artifact(s), got %d", a.props.ActionName, a.props.Category, a.props.Provider, min, kind, n))
		}
		if n > max {
			msgs = append(msgs, fmt.Sprintf("action %q (%s/%s) takes at most %d %s artifact(s), got %d", a.props.ActionName, a.props.Category, a.props.Provider, max, kind, n))
		}
	}
	count := func(l []*Artifact) int {
		n := 0
		for _, x := range l {
			if x != nil {
				n++
			}
		}
		return n
	}
	check("input", count(a.props.Inputs), b.MinInputs, b.MaxInputs)
	check("output", count(a.props.Outputs), b.MinOutputs, b.MaxOutputs)
	return msgs
}

var stageNameRE = regexp.MustCompile(`^[A-Za-z0-9.@_\-]{1,100}$`)

func newStage(p *Pipeline, props StageProps) *Stage {
	s := &Stage{name: props.StageName, props: props, pipeline: p}
	if !token.IsUnresolved(props.StageName) && !stageNameRE.MatchString(props.StageName) {
		p.Errorf("stage name %q is invalid: use 1 to 100 letters, digits and '.', '@', '_', '-'", props.StageName)
		s.scope = constructs.New(p, fmt.Sprintf("Stage%d", len(p.stages)+1))
		return s
	}
	s.scope = constructs.New(p, props.StageName)
	if (props.BeforeEntry != nil || props.OnSuccess != nil || props.OnFailure != nil) && p.PipelineType != PipelineV2 {
		p.Errorf("stage %q: stage conditions can only be used with V2 pipelines: set PipelineType to codepipeline.PipelineV2", props.StageName)
	}
	return s
}

// StageName returns the stage's name.
func (s *Stage) StageName() string { return s.name }

// Pipeline returns the stage's pipeline.
func (s *Stage) Pipeline() *Pipeline { return s.pipeline }

// Scope returns the stage's construct (Pipeline/<stage>).
func (s *Stage) Scope() constructs.Construct { return s.scope }

// Actions returns the stage's actions.
func (s *Stage) Actions() []IAction {
	var out []IAction
	for _, a := range s.actions {
		out = append(out, a.iface)
	}
	return out
}

var (
	actionNameRE   = regexp.MustCompile(`^[A-Za-z0-9.@_\-]{1,100}$`)
	namespaceRE    = regexp.MustCompile(`^[A-Za-z0-9@_\-]{1,100}$`)
	artifactNameCh = regexp.MustCompile(`[@.]`)
)

// AddAction adds an action to the stage: the pipeline creates its role,
// names its unnamed output artifacts and binds it.
func (s *Stage) AddAction(a IAction) {
	a = constructs.NormalizeNil(a)
	p := s.pipeline
	if a == nil {
		p.Errorf("stage %q: AddAction got a nil action", s.name)
		return
	}
	ap := a.ActionProperties()
	if ap.Owner == "" {
		ap.Owner = "AWS"
	}
	if ap.Version == "" {
		ap.Version = "1"
	}
	name := ap.ActionName
	if !token.IsUnresolved(name) && !actionNameRE.MatchString(name) {
		p.Errorf("action name %q in stage %q is invalid: use 1 to 100 letters, digits and '.', '@', '_', '-'", name, s.name)
		return
	}
	for _, o := range s.actions {
		if o.props.ActionName == name {
			p.Errorf("stage %q already contains an action named %q: give each action of a stage its own name", s.name, name)
			return
		}
	}
	if ns := ap.VariablesNamespace; ns != "" && !token.IsUnresolved(ns) && !namespaceRE.MatchString(ns) {
		p.Errorf("action %q: variables namespace %q is invalid: use 1 to 100 letters, digits and '@', '_', '-'", name, ns)
	}
	scope := s.scope.Node().TryFindChild(name)
	if scope == nil {
		id := name
		if token.IsUnresolved(id) {
			// A name known at deploy time only (a bucket's name): the
			// construct is named after the provider, as the AWS CDK names it.
			id = ap.Provider
			for i := 2; s.scope.Node().TryFindChild(id) != nil; i++ {
				id = fmt.Sprintf("%s%d", ap.Provider, i)
			}
		}
		scope = constructs.New(s.scope, id)
	}
	bucket := p.ArtifactBucket
	if r := ap.Region; r != "" && !token.IsUnresolved(r) && r != constructs.StackOf(p).Region() {
		if ap.Category == CategorySource {
			p.Errorf("source action %q is in region %s: source actions must be in the pipeline's region", name, r)
		} else if sup := p.supportFor(r); sup != nil {
			bucket = sup.bucket
			p.renderArtifactStores()
		}
	}
	role := p.roleForAction(s, ap, scope)
	bindRole := role
	if bindRole == nil {
		bindRole = p.Role
	}
	for _, x := range append(append([]*Artifact(nil), ap.Inputs...), ap.Outputs...) {
		if x != nil && x.named() && !token.IsUnresolved(x.name) && !artifactNameRE.MatchString(x.name) {
			p.Errorf("action %q: artifact name %q is invalid: use 1 to 100 letters, digits, '_' and '-'", name, x.name)
		}
	}
	var unnamed []*Artifact
	for _, o := range ap.Outputs {
		if o != nil && !o.named() {
			unnamed = append(unnamed, o)
		}
	}
	for i, o := range unnamed {
		n := "Artifact_" + s.name + "_" + name
		if len(unnamed) > 1 {
			n += fmt.Sprintf("_%d", i+1)
		}
		o.name = artifactNameCh.ReplaceAllString(n, "")
	}
	act := &action{iface: a, props: ap, role: role, stage: s}
	act.config = a.Bind(scope, s, ActionBindOptions{Role: bindRole, Bucket: bucket})
	s.actions = append(s.actions, act)
	p.render()
}

func (s *Stage) render() codepipelinecfn.CfnPipeline_StageDeclarationProperty {
	d := codepipelinecfn.CfnPipeline_StageDeclarationProperty{Name: s.name}
	for _, a := range s.actions {
		ap := a.props
		decl := codepipelinecfn.CfnPipeline_ActionDeclarationProperty{
			Name: ap.ActionName,
			ActionTypeId: &codepipelinecfn.CfnPipeline_ActionTypeIdProperty{
				Category: string(ap.Category), Owner: ap.Owner, Provider: ap.Provider, Version: ap.Version,
			},
			RunOrder:        new(a.runOrder()),
			Commands:        ap.Commands,
			OutputVariables: ap.OutputVariables,
		}
		if len(a.config.Configuration) > 0 {
			decl.Configuration = a.config.Configuration
		}
		for _, v := range ap.EnvironmentVariables {
			ev := codepipelinecfn.CfnPipeline_EnvironmentVariableProperty{Name: v.Name, Value: v.Value}
			if v.Type != "" {
				ev.Type = new(v.Type)
			}
			decl.EnvironmentVariables = append(decl.EnvironmentVariables, ev)
		}
		for _, in := range ap.Inputs {
			if in != nil {
				decl.InputArtifacts = append(decl.InputArtifacts, codepipelinecfn.CfnPipeline_InputArtifactProperty{Name: in.ArtifactName()})
			}
		}
		for _, o := range ap.Outputs {
			if o != nil {
				decl.OutputArtifacts = append(decl.OutputArtifacts, codepipelinecfn.CfnPipeline_OutputArtifactProperty{Name: o.ArtifactName(), Files: o.files})
			}
		}
		if ap.Timeout > 0 {
			decl.TimeoutInMinutes = new(int(ap.Timeout.Minutes()))
		}
		if a.role != nil {
			decl.RoleArn = new(a.role.RoleARN())
		}
		if ap.Region != "" {
			decl.Region = new(ap.Region)
		}
		if ap.VariablesNamespace != "" {
			decl.Namespace = new(ap.VariablesNamespace)
		}
		d.Actions = append(d.Actions, decl)
	}
	if c := s.props.BeforeEntry; c != nil {
		d.BeforeEntry = &codepipelinecfn.CfnPipeline_BeforeEntryConditionsProperty{Conditions: renderConditions(c.Conditions)}
	}
	if c := s.props.OnSuccess; c != nil {
		d.OnSuccess = &codepipelinecfn.CfnPipeline_SuccessConditionsProperty{Conditions: renderConditions(c.Conditions)}
	}
	if c := s.props.OnFailure; c != nil {
		f := &codepipelinecfn.CfnPipeline_FailureConditionsProperty{Conditions: renderConditions(c.Conditions)}
		if c.Result != "" {
			f.Result = new(string(c.Result))
		}
		if c.RetryMode != "" {
			f.RetryConfiguration = &codepipelinecfn.CfnPipeline_RetryConfigurationProperty{RetryMode: new(string(c.RetryMode))}
		}
		d.OnFailure = f
	}
	return d
}

func renderConditions(cs []Condition) []codepipelinecfn.CfnPipeline_ConditionProperty {
	var out []codepipelinecfn.CfnPipeline_ConditionProperty
	for _, c := range cs {
		cp := codepipelinecfn.CfnPipeline_ConditionProperty{}
		if c.Result != "" {
			cp.Result = new(string(c.Result))
		}
		for _, r := range c.Rules {
			rd := codepipelinecfn.CfnPipeline_RuleDeclarationProperty{
				Name:     new(r.Name),
				Commands: r.Commands,
				RuleTypeId: &codepipelinecfn.CfnPipeline_RuleTypeIdProperty{
					Category: new("Rule"), Owner: new("AWS"), Provider: new(r.Provider), Version: new(r.Version),
				},
			}
			if r.Version == "" {
				rd.RuleTypeId.Version = new("1")
			}
			if len(r.Configuration) > 0 {
				rd.Configuration = r.Configuration
			}
			for _, in := range r.InputArtifacts {
				rd.InputArtifacts = append(rd.InputArtifacts, codepipelinecfn.CfnPipeline_InputArtifactProperty{Name: in})
			}
			if r.Region != "" {
				rd.Region = new(r.Region)
			}
			if r.Role != nil {
				rd.RoleArn = new(r.Role.RoleARN())
			}
			cp.Rules = append(cp.Rules, rd)
		}
		out = append(out, cp)
	}
	return out
}

// OnStateChange adds a rule under the stage's construct matching the
// stage's execution state changes and sending them to target.
func (s *Stage) OnStateChange(id string, target events.IRuleTarget, props events.RuleProps) *events.Rule {
	r := events.NewRule(s.scope, id, props)
	if !constructs.IsNil(target) {
		r.AddTarget(target)
	}
	r.AddEventPattern(events.EventPattern{
		DetailType: []string{"CodePipeline Stage Execution State Change"},
		Source:     []string{"aws.codepipeline"},
		Resources:  []string{s.pipeline.PipelineARN()},
		Detail:     map[string]any{"stage": []any{s.name}},
	})
	return r
}
