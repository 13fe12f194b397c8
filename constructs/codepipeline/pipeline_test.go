package codepipeline_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

func newStack(ctx map[string]any) (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{Context: ctx, SkipContextFiles: true})
	return app, constructs.NewStack(app, "Release", constructs.StackProps{})
}

func template(t *testing.T, app *constructs.App) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(files["Release.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func resources(tpl map[string]any) map[string]any { return tpl["Resources"].(map[string]any) }

func pipelineProps(t *testing.T, tpl map[string]any) map[string]any {
	t.Helper()
	for _, r := range resources(tpl) {
		if r := r.(map[string]any); r["Type"] == "AWS::CodePipeline::Pipeline" {
			return r["Properties"].(map[string]any)
		}
	}
	t.Fatal("no pipeline")
	return nil
}

func synthError(t *testing.T, app *constructs.App, want ...string) {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want an error")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not contain %q:\n%v", w, err)
		}
	}
}

func source(stack *constructs.Stack, name string, out *codepipeline.Artifact) codepipeline.IAction {
	b := s3.BucketFromBucketName(stack, "Bucket"+name, "src-"+strings.ToLower(name))
	return actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: name}, Bucket: b, BucketKey: "src.zip", Output: out})
}

func approve(name string) codepipeline.IAction {
	return actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: name}})
}

func s3Deploy(stack *constructs.Stack, name string, in *codepipeline.Artifact, runOrder int) codepipeline.IAction {
	return actions.NewS3DeployAction(actions.S3DeployActionProps{Common: actions.Common{ActionName: name, RunOrder: runOrder}, Bucket: s3.BucketFromBucketName(stack, "Site"+name, "site"), Input: in})
}

func TestDefaults(t *testing.T) {
	app, stack := newStack(nil)
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
	tpl := template(t, app)
	r := resources(tpl)
	for _, id := range []string{"PipelineArtifactsBucketEncryptionKey01D58D69", "PipelineArtifactsBucketEncryptionKeyAlias5C510EEE", "PipelineArtifactsBucket22248F97", "PipelineRoleD68726F7", "PipelineC660917D", "PipelineSourceSrcCodePipelineActionRole279F0FBB", "PipelineApproveOkCodePipelineActionRole46275EE6"} {
		if _, ok := r[id]; !ok {
			t.Errorf("no resource %s; have %v", id, keys(r))
		}
	}
	props := pipelineProps(t, tpl)
	if _, ok := props["PipelineType"]; ok {
		t.Error("a V1 pipeline by default writes no PipelineType")
	}
	out := props["Stages"].([]any)[0].(map[string]any)["Actions"].([]any)[0].(map[string]any)["OutputArtifacts"].([]any)[0].(map[string]any)["Name"]
	if out != "Artifact_Source_Src" {
		t.Errorf("unnamed output is %v, want Artifact_Source_Src", out)
	}
	alias := r["PipelineArtifactsBucketEncryptionKeyAlias5C510EEE"].(map[string]any)["Properties"].(map[string]any)["AliasName"]
	if alias != "alias/codepipeline-releasepipelinef2e00cc4" {
		t.Errorf("alias %v", alias)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestFlags(t *testing.T) {
	app, stack := newStack(map[string]any{codepipeline.FlagDefaultPipelineTypeToV2: true, codepipeline.FlagCrossAccountKeysDefaultValueToFalse: true})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
	tpl := template(t, app)
	if got := pipelineProps(t, tpl)["PipelineType"]; got != "V2" {
		t.Errorf("PipelineType %v, want V2 under %s", got, codepipeline.FlagDefaultPipelineTypeToV2)
	}
	if _, ok := resources(tpl)["PipelineArtifactsBucketEncryptionKey01D58D69"]; ok {
		t.Errorf("a key is created under %s", codepipeline.FlagCrossAccountKeysDefaultValueToFalse)
	}
	if p.ArtifactKey != nil || p.PipelineType != codepipeline.PipelineV2 {
		t.Error("the pipeline's fields do not follow the flags")
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		build func(stack *constructs.Stack)
		want  []string
	}{
		{"one stage", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
		}, []string{"Release/Pipeline: the pipeline has 1 stage(s): a pipeline must have at least two stages"}},
		{"stage without actions", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Empty"})
		}, []string{`Release/Pipeline: stage "Empty" has no action: a stage must have at least one action`}},
		{"source outside the first stage", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Later", Actions: []codepipeline.IAction{source(stack, "Late", codepipeline.NewArtifact(""))}})
		}, []string{`Release/Pipeline: source action "Late" is in stage "Later": source actions belong in the first stage`}},
		{"first stage without a source", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
			p.AddStage(codepipeline.StageProps{StageName: "Again", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{`Release/Pipeline: action "Ok" in stage "Approve": the first stage may hold source actions only`}},
		{"artifact consumed before it is produced", func(stack *constructs.Stack) {
			a := codepipeline.NewArtifact("Early")
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{s3Deploy(stack, "Use", a, 1), actions.NewCommandsAction(actions.CommandsActionProps{
				Common: actions.Common{ActionName: "Make", RunOrder: 2}, Input: a, Output: a, Commands: []string{"make"}})}})
		}, []string{`Release/Pipeline: stage 2 "Deploy", action "Use" (run order 1) consumes artifact "Early" before stage 2 "Deploy", action "Make" (run order 2) produces it`}},
		{"artifact never produced", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{s3Deploy(stack, "Use", codepipeline.NewArtifact("Ghost"), 1)}})
		}, []string{`Release/Pipeline: action "Use" consumes artifact "Ghost", which no action of this pipeline produces`}},
		{"artifact produced twice", func(stack *constructs.Stack) {
			a := codepipeline.NewArtifact("Twice")
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "One", a), source(stack, "Two", a)}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{`Release/Pipeline: actions "One" and "Two" both produce artifact "Twice"`}},
		{"invalid artifact name", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact("my artifact"))}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{`Release/Pipeline: action "Src": artifact name "my artifact" is invalid`}},
		{"duplicate action", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok"), approve("Ok")}})
		}, []string{`Release/Pipeline: stage "Approve" already contains an action named "Ok"`}},
		{"duplicate stage", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{`Release/Pipeline: stage "Approve" is added twice`}},
		{"variables and triggers on V1", func(stack *constructs.Stack) {
			gh := actions.NewCodeStarConnectionsSourceAction(actions.CodeStarConnectionsSourceActionProps{Common: actions.Common{ActionName: "GitHub"},
				ConnectionARN: "arn:aws:codeconnections:eu-west-1:123456789012:connection/abc", Owner: "o", Repo: "r", Output: codepipeline.NewArtifact("")})
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{
				Variables: []codepipeline.Variable{{Name: "env"}},
				Triggers:  []codepipeline.Trigger{{SourceAction: gh, PushFilter: []codepipeline.GitPushFilter{{BranchesIncludes: []string{"main"}}}}},
			})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{gh}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{
			"Release/Pipeline: pipeline variables can only be used with V2 pipelines: set PipelineType to codepipeline.PipelineV2",
			"Release/Pipeline: triggers can only be used with V2 pipelines",
		}},
		{"QUEUED on V1", func(stack *constructs.Stack) {
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{ExecutionMode: codepipeline.ExecutionQueued})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{"Release/Pipeline: QUEUED execution mode can only be used with V2 pipelines"}},
		{"trigger on a non-connection action", func(stack *constructs.Stack) {
			src := source(stack, "Src", codepipeline.NewArtifact(""))
			p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2, Triggers: []codepipeline.Trigger{{SourceAction: src}}})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{src}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
		}, []string{`Release/Pipeline: trigger on action "Src": triggers work with CodeStar connections source actions only`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app, stack := newStack(nil)
			tc.build(stack)
			synthError(t, app, tc.want...)
		})
	}
}

// TestEventTarget: a schedule starts the pipeline through the pipeline's
// EventsRole, which may start this pipeline only.
func TestEventTarget(t *testing.T) {
	app, stack := newStack(nil)
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
	events.NewRule(stack, "Nightly", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{Hour: "2", Minute: "0"})),
		Targets:  []events.IRuleTarget{codepipeline.EventTarget{Pipeline: p}},
	})
	r := resources(template(t, app))
	policy, ok := r["PipelineEventsRoleDefaultPolicyFF4FCCE0"].(map[string]any)
	if !ok {
		t.Fatalf("no events role policy; have %v", keys(r))
	}
	b, _ := json.Marshal(policy)
	if !strings.Contains(string(b), `"Action":"codepipeline:StartPipelineExecution"`) || !strings.Contains(string(b), `":codepipeline:"`) {
		t.Errorf("events role policy %s", b)
	}
	rule, _ := json.Marshal(r["NightlyC44EE0A7"])
	if !strings.Contains(string(rule), `"ScheduleExpression":"cron(0 2 * * ? *)"`) || !strings.Contains(string(rule), "PipelineEventsRole46BEEA7C") {
		t.Errorf("rule %s", rule)
	}
}

func TestWebhookBadInput(t *testing.T) {
	app, stack := newStack(nil)
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{source(stack, "Src", codepipeline.NewArtifact(""))}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{approve("Ok")}})
	codepipeline.NewWebhook(stack, "Hook", codepipeline.WebhookProps{Pipeline: p, TargetAction: "Src", Authentication: codepipeline.WebhookIP})
	synthError(t, app,
		"Release/Hook: a webhook takes 1 to 5 filters, got 0",
		"Release/Hook: IP authentication needs an AllowedIPRange")
}

func TestImportedPipelineName(t *testing.T) {
	_, stack := newStack(nil)
	p := codepipeline.PipelineFromPipelineARN(stack, "Other", "arn:aws:codepipeline:eu-west-1:123456789012:other-release")
	if got := p.PipelineName(); got != "other-release" {
		t.Errorf("PipelineName %q, want other-release", got)
	}
	if v := (codepipeline.Variable{Name: "env"}).Reference(); v != "#{variables.env}" {
		t.Errorf("variable reference %q", v)
	}
}
