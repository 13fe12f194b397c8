package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/iam"
)

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// codeBuildFactory turns a ShellStep or CodeBuildStep into a CodeBuild
// project and the action that runs it, as the AWS CDK's CodeBuildFactory.
type codeBuildFactory struct {
	constructID string
	step        *ShellStep
	projectName string
	role        iam.IRole
	actionRole  iam.IRole
	options     CodeBuildOptions
	// additionalLevel puts the project under a construct named after the
	// action (Pipeline/<stage>/<action>/<id>), as the AWS CDK does for
	// steps; the self-mutation and asset projects sit directly in scope.
	additionalLevel bool
	scope           constructs.Construct
}

func (f *codeBuildFactory) fromCodeBuildStep(s *CodeBuildStep) {
	f.projectName = s.cb.ProjectName
	f.role = s.cb.Role
	f.actionRole = s.cb.ActionRole
	f.options = mergeOptions(f.options, CodeBuildOptions{BuildEnvironment: s.cb.BuildEnvironment, RolePolicy: s.cb.RolePolicyStatements, Timeout: s.cb.Timeout})
}

var pipelineVariableRE = regexp.MustCompile(`#\{[^}]+\}`)

// buildSpec is a pipeline step's buildspec, rendered as the AWS CDK's
// BuildSpec.fromObject renders it: JSON in the object's key order.
type buildSpec struct {
	install, build []string
	outputs        []fileSetLocation
	artifacts      *artifactMap
}

// Render implements codebuild.BuildSpecSource.
func (b buildSpec) Render() (string, []string) {
	var phases []kv
	if len(b.install) > 0 {
		phases = append(phases, kv{"install", []kv{{"commands", b.install}}})
	}
	if len(b.build) > 0 {
		phases = append(phases, kv{"build", []kv{{"commands", b.build}}})
	}
	doc := []kv{{"version", "0.2"}, {"phases", phases}}
	switch len(b.outputs) {
	case 0:
	case 1:
		doc = append(doc, kv{"artifacts", []kv{{"base-directory", b.outputs[0].directory}, {"files", "**/*"}}})
	default:
		var sec []kv
		for _, o := range b.outputs {
			a := b.artifacts.toCodePipeline(o.fileSet)
			sec = append(sec, kv{a.ArtifactName(), []kv{{"base-directory", o.directory}, {"files", "**/*"}}})
		}
		doc = append(doc, kv{"artifacts", []kv{{"secondary-artifacts", sec}}})
	}
	var sb strings.Builder
	writeJSON(&sb, doc, "")
	return sb.String(), nil
}

// kv is one key of an ordered JSON object.
type kv struct {
	k string
	v any
}

// writeJSON writes v as JSON.stringify(v, null, 2) does.
func writeJSON(sb *strings.Builder, v any, indent string) {
	switch x := v.(type) {
	case []kv:
		if len(x) == 0 {
			sb.WriteString("{}")
			return
		}
		sb.WriteString("{\n")
		for i, e := range x {
			sb.WriteString(indent + "  ")
			writeString(sb, e.k)
			sb.WriteString(": ")
			writeJSON(sb, e.v, indent+"  ")
			if i < len(x)-1 {
				sb.WriteString(",")
			}
			sb.WriteString("\n")
		}
		sb.WriteString(indent + "}")
	case []string:
		if len(x) == 0 {
			sb.WriteString("[]")
			return
		}
		sb.WriteString("[\n")
		for i, s := range x {
			sb.WriteString(indent + "  ")
			writeString(sb, s)
			if i < len(x)-1 {
				sb.WriteString(",")
			}
			sb.WriteString("\n")
		}
		sb.WriteString(indent + "]")
	case string:
		writeString(sb, x)
	}
}

func writeString(sb *strings.Builder, s string) {
	data, _ := json.Marshal(s)
	// JSON.stringify does not escape <, > and &.
	out := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(data))
	sb.WriteString(out)
}

func (f *codeBuildFactory) produce(p *CodePipeline, stage *codepipeline.Stage, o produceOptions) (*codebuild.Project, error) {
	s := f.step
	opts := f.options
	if o.codeBuildDefaults != nil {
		opts = mergeOptions(*o.codeBuildDefaults, f.options)
	}
	var mainInput *FileSet
	var extra []fileSetLocation
	for _, in := range s.inputs {
		if in.directory == "." {
			mainInput = in.fileSet
		} else {
			extra = append(extra, in)
		}
	}
	var input *codepipeline.Artifact
	if mainInput != nil {
		input = p.artifacts.toCodePipeline(mainInput)
	} else {
		input = p.fallback
	}
	if input == nil {
		return nil, fmt.Errorf("step %q needs an input, and the pipeline has no source to fall back to: set its Input", s.id)
	}
	var extraArtifacts, outArtifacts []*codepipeline.Artifact
	var install []string
	for _, in := range extra {
		a := p.artifacts.toCodePipeline(in.fileSet)
		extraArtifacts = append(extraArtifacts, a)
		frags := []string{fmt.Sprintf(`[ ! -d "%s" ] || { echo 'additionalInputs: "%s" must not exist yet. If you want to merge multiple artifacts, use a "cp" command.'; exit 1; }`, in.directory, in.directory)}
		if dir := path.Dir(in.directory); dir != "." && dir != ".." {
			frags = append(frags, fmt.Sprintf(`mkdir -p -- "%s"`, dir))
		}
		frags = append(frags, fmt.Sprintf(`ln -s -- "$CODEBUILD_SRC_DIR_%s" "%s"`, a.ArtifactName(), in.directory))
		install = append(install, strings.Join(frags, " && "))
	}
	for _, out := range s.outputs {
		outArtifacts = append(outArtifacts, p.artifacts.toCodePipeline(out.fileSet))
	}
	install = append(install, s.props.InstallCommands...)
	spec := buildSpec{install: install, build: s.props.Commands, outputs: s.outputs, artifacts: p.artifacts}

	env := opts.BuildEnvironment
	var actionEnv []actions.BuildEnvironmentVariable
	for _, k := range sortedKeys(s.props.Env) {
		v := s.props.Env[k]
		if pipelineVariableRE.MatchString(v) {
			actionEnv = append(actionEnv, actions.BuildEnvironmentVariable{Name: k, Value: v})
		} else {
			env = mergeEnvironments(env, codebuild.BuildEnvironment{EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: k, Value: v}}})
		}
	}
	specText, _ := spec.Render()
	envJSON, _ := json.Marshal(struct {
		Image, Compute string
		Privileged     bool
		Vars           []codebuild.EnvironmentVariable
	}{env.BuildImage.ImageID, string(env.ComputeType), env.Privileged, env.EnvironmentVariables})
	configHash := hashHex(string(envJSON) + "\n" + specText)

	scope := o.scope
	if f.scope != nil {
		scope = f.scope
	}
	projectScope := scope
	if f.additionalLevel {
		projectScope = obtainScope(scope, o.actionName)
	}
	// The AWS CDK names the pipeline by its stack and id: its name
	// attribute is a token even when PipelineName is set.
	pipelineName := p.pipelineStack().StackName() + "/" + p.Pipeline.Node().ID()
	desc := fmt.Sprintf("Pipeline step %s/%s/%s", pipelineName, o.stageName, o.actionName)
	if len(desc) > 255 {
		desc = desc[:255]
	}
	project := codebuild.NewPipelineProject(projectScope, f.constructID, codebuild.PipelineProjectProps{
		ProjectName: f.projectName, Description: desc, Environment: env, BuildSpec: spec,
		Role: f.role, Timeout: opts.Timeout,
	})
	for _, st := range opts.RolePolicy {
		project.AddToRolePolicy(st)
	}
	if o.beforeSelfMutation {
		actionEnv = append(actionEnv, actions.BuildEnvironmentVariable{Name: "_PROJECT_CONFIG_HASH", Value: configHash})
	}
	for _, k := range sortedKeys(s.envOutputs) {
		ref := s.envOutputs[k]
		actionEnv = append(actionEnv, actions.BuildEnvironmentVariable{Name: k, Value: p.outputVariable(ref)})
	}
	role := f.actionRole
	if role == nil {
		if r, ok := p.Node().TryFindChild("CodeBuildActionRole").(iam.IRole); ok {
			role = r
		} else {
			role = iam.NewRole(p, "CodeBuildActionRole", iam.RoleProps{AssumedBy: p.Pipeline.Role})
		}
	}
	stage.AddAction(actions.NewCodeBuildAction(actions.CodeBuildActionProps{
		Common:  actions.Common{ActionName: o.actionName, RunOrder: o.runOrder, Role: role},
		Project: project, Input: input, ExtraInputs: extraArtifacts, Outputs: outArtifacts,
		EnvironmentVariables: actionEnv,
	}))
	return project, nil
}

// outputVariable is the pipeline variable that holds a stack output:
// "#{<stack artifact ID>.<output>}".
func (p *CodePipeline) outputVariable(ref StackOutputReference) string {
	for _, w := range p.waves {
		for _, sd := range w.stages {
			for _, d := range sd.stacks {
				if d.stack == ref.stack {
					return "#{" + stackVariableNamespace(d) + "." + ref.OutputName + "}"
				}
			}
		}
	}
	return "#{" + ref.stack.ArtifactID() + "." + ref.OutputName + "}"
}
