package pipelines

import (
	"fmt"

	"github.com/forma-iac/forma/internal/pipelineplan"
)

var _ pipelineplan.Planner = (*CodePipeline)(nil)

// PipelinePlan implements pipelineplan.Planner: what the pipeline runs, in
// order. It builds the pipeline when it is not built yet.
func (p *CodePipeline) PipelinePlan() (*pipelineplan.Plan, error) {
	if !p.built {
		p.BuildPipeline()
	}
	if msgs := p.Problems.Validate(); len(msgs) > 0 {
		return nil, fmt.Errorf("%s: %s", p.Node().Path(), joinErrors(msgs))
	}
	plan := &pipelineplan.Plan{
		Pipeline:      p.Node().Path(),
		PipelineStack: p.pipelineStack().ArtifactID(),
		SelfMutation:  p.selfMutation,
	}
	if st, ok := p.props.Synth.(Step); ok {
		plan.Synth = planStep(st)
	}
	for _, w := range p.waves {
		pw := pipelineplan.Wave{Name: w.id, Pre: planSteps(w.pre), Post: planSteps(w.post)}
		for _, sd := range w.stages {
			if sd.stage == nil {
				continue
			}
			ps := pipelineplan.Stage{Name: sd.name, AssemblyDir: sd.stage.AssemblyDir(), Pre: planSteps(sd.pre), Post: planSteps(sd.post)}
			for _, d := range sd.stacks {
				if len(d.assets) > 0 {
					plan.PublishAssets = true
				}
				s := pipelineplan.Stack{
					ArtifactID: d.artifactID, DisplayName: d.displayName, StackName: d.stackName,
					Account: d.account, Region: d.region, Pre: planSteps(append(append([]Step(nil), d.pre...), d.changeSet...)), Post: planSteps(d.post),
				}
				for _, dep := range d.deps {
					s.DependsOn = append(s.DependsOn, dep.artifactID)
				}
				ps.Stacks = append(ps.Stacks, s)
			}
			pw.Stages = append(pw.Stages, ps)
		}
		plan.Waves = append(plan.Waves, pw)
	}
	return plan, nil
}

func planSteps(steps []Step) []pipelineplan.Step {
	var out []pipelineplan.Step
	for _, s := range steps {
		if s != nil {
			out = append(out, planStep(s))
		}
	}
	return out
}

func planStep(s Step) pipelineplan.Step {
	ps := pipelineplan.Step{ID: s.StepID()}
	switch x := s.(type) {
	case *ManualApprovalStep:
		ps.Kind = pipelineplan.StepApproval
		ps.Comment = x.props.Comment
	case *CodeBuildStep:
		ps.Kind = pipelineplan.StepCodeBuild
		fillShell(&ps, &x.ShellStep)
	case *ShellStep:
		ps.Kind = pipelineplan.StepShell
		fillShell(&ps, x)
	}
	return ps
}

func fillShell(ps *pipelineplan.Step, s *ShellStep) {
	ps.InstallCommands = append([]string(nil), s.props.InstallCommands...)
	ps.Commands = append([]string(nil), s.props.Commands...)
	if len(s.props.Env) > 0 {
		ps.Env = map[string]string{}
		for k, v := range s.props.Env {
			ps.Env[k] = v
		}
	}
	if len(s.envOutputs) > 0 {
		ps.EnvFromOutputs = map[string]pipelineplan.OutputRef{}
		for _, k := range sortedKeys(s.envOutputs) {
			ref := s.envOutputs[k]
			name := ref.StackDescription()
			if ref.stack != nil {
				name = ref.stack.DisplayName()
			}
			ps.EnvFromOutputs[k] = pipelineplan.OutputRef{Stack: name, Output: ref.OutputName}
		}
	}
	if s.primary != nil {
		ps.PrimaryOutputDir = s.props.PrimaryOutputDirectory
	}
}
