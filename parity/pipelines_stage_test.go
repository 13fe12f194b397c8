package parity

import "github.com/forma-iac/forma/constructs"

// stageShim stands for constructs.Stage until it exists.
type stageShim struct {
	constructs.Base
	env constructs.Environment
}

func (s *stageShim) StageEnv() constructs.Environment { return s.env }

func pipelineNewStage(app *constructs.App, id string, env constructs.Environment) constructs.Construct {
	s := &stageShim{env: env}
	s.Base = constructs.NewBase(s, app, id)
	return s
}
