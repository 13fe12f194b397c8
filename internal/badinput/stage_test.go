package badinput

import "github.com/forma-iac/forma/constructs"

func init() {
	add(
		// Stages.
		Case{Name: "stage-reference-across-stages", Build: func(app *constructs.App) {
			a := constructs.NewStack(constructs.NewStage(app, "Test", constructs.StageProps{}), "Db", constructs.StackProps{})
			b := constructs.NewStack(constructs.NewStage(app, "Prod", constructs.StageProps{}), "Web", constructs.StackProps{})
			param(b, "Param", queue(a, "Queue").AttrArn())
		}},
		Case{Name: "stage-reference-to-outside", Build: func(app *constructs.App) {
			shared := stack(app, "Shared")
			web := constructs.NewStack(constructs.NewStage(app, "Test", constructs.StageProps{}), "Web", constructs.StackProps{})
			param(web, "Param", queue(shared, "Queue").Ref())
		}},
		Case{Name: "stage-dependency-across-stages", Build: func(app *constructs.App) {
			a := constructs.NewStack(constructs.NewStage(app, "Test", constructs.StageProps{}), "Db", constructs.StackProps{})
			b := constructs.NewStack(constructs.NewStage(app, "Prod", constructs.StageProps{}), "Web", constructs.StackProps{})
			queue(a, "Queue")
			queue(b, "Queue")
			b.AddDependency(a)
		}},
		Case{Name: "stage-bad-id", Build: func(app *constructs.App) {
			queue(constructs.NewStack(constructs.NewStage(app, "my stage", constructs.StageProps{}), "Web", constructs.StackProps{}), "Queue")
		}},
		Case{Name: "stage-resource-outside-stacks", Build: func(app *constructs.App) {
			stage := constructs.NewStage(app, "Test", constructs.StageProps{})
			queue(constructs.NewStack(stage, "Web", constructs.StackProps{}), "Queue")
			queue(stage, "Stray")
		}},
	)
}
