package codepipeline_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
)

func minimalPipeline(stack *constructs.Stack) *codepipeline.Pipeline {
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
	return p
}

func TestGrantStartExecution(t *testing.T) {
	app, stack := newStack(nil)
	p := minimalPipeline(stack)
	role := iam.NewRole(stack, "Trigger", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	if g := p.GrantStartExecution(role); g.PrincipalStatement == nil {
		t.Fatal("no statement in the role's policy")
	}
	var b []byte
	for id, r := range resources(template(t, app)) {
		if strings.HasPrefix(id, "TriggerDefaultPolicy") {
			b, _ = json.Marshal(r)
		}
	}
	for _, want := range []string{`"Action":"codepipeline:StartPipelineExecution"`, `":codepipeline:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":",{"Ref":"PipelineC660917D"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the role's policy has no %s: %s", want, b)
		}
	}
}

func TestGrantStartExecutionAcrossStacks(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	env := constructs.Environment{Account: "111111111111", Region: "eu-west-1"}
	release := constructs.NewStack(app, "Release", constructs.StackProps{Env: env})
	ops := constructs.NewStack(app, "Ops", constructs.StackProps{Env: env})
	p := minimalPipeline(release)
	p.GrantStartExecution(iam.NewRole(ops, "Trigger", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")}))
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	if !strings.Contains(string(files["Ops.template.json"]), "Fn::ImportValue") {
		t.Errorf("the grantee's stack imports nothing:\n%s", files["Ops.template.json"])
	}

	app = constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	release = constructs.NewStack(app, "Release", constructs.StackProps{Env: env})
	other := constructs.NewStack(app, "Other", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "eu-west-1"}})
	p = minimalPipeline(release)
	p.GrantStartExecution(iam.NewRole(other, "Trigger", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")}))
	synthError(t, app, "Release/Pipeline: GrantStartExecution to Other/Trigger, in a stack of another account or region")
}
