package codepipeline_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

// crossRegionApp is a pipeline in us-east-1 deploying a stack in
// eu-west-1 with a CloudFormation action.
func crossRegionApp(keys bool) *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Release", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	bucket := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{CrossAccountKeys: new(keys)})
	s3src := actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "S3"}, Bucket: bucket, BucketKey: "app.zip", Output: src})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{s3src}})
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
			CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Deploy"}, StackName: "app", AdminPermissions: true, Region: "eu-west-1"},
			TemplatePath:              src.AtPath("template.json"),
		}),
	}})
	return app
}

func TestCrossRegionSupportStack(t *testing.T) {
	for _, keys := range []bool{true, false} {
		asm, err := synth.Synthesize(crossRegionApp(keys))
		if err != nil {
			t.Fatalf("keys %v: synthesis failed:\n%v", keys, err)
		}
		files, err := asm.Files(false)
		if err != nil {
			t.Fatal(err)
		}
		support, ok := files["cross-region-stack-111111111111_eu-west-1.template.json"]
		if !ok {
			t.Fatalf("keys %v: no support stack among %v", keys, files.Names())
		}
		var tpl map[string]any
		if err := json.Unmarshal(files["Release.template.json"], &tpl); err != nil {
			t.Fatal(err)
		}
		props := pipelineProps(t, tpl)
		stores, _ := props["ArtifactStores"].([]any)
		if props["ArtifactStore"] != nil || len(stores) != 2 {
			t.Fatalf("keys %v: artifact stores %v", keys, props)
		}
		first := stores[0].(map[string]any)
		store := first["ArtifactStore"].(map[string]any)
		// A generated name: the support stack's name, the bucket's id, a
		// hash (parity/oracle/pipelines.js checks it against the AWS CDK's).
		loc, _ := store["Location"].(string)
		if first["Region"] != "eu-west-1" || !strings.HasPrefix(loc, "release-support-eu-west-1eplicationbucket") || len(loc) != 61 {
			t.Errorf("keys %v: replication store %v", keys, first)
		}
		if _, hasKey := store["EncryptionKey"]; hasKey != keys {
			t.Errorf("keys %v: replication store key %v", keys, store)
		}
		if !strings.Contains(string(support), `"BucketName": "`+store["Location"].(string)+`"`) {
			t.Errorf("keys %v: the support stack does not name its bucket %v:\n%s", keys, store["Location"], support)
		}
		if strings.Contains(string(support), "KMS::Key") != keys {
			t.Errorf("keys %v: support stack key presence wrong:\n%s", keys, support)
		}
	}
}

func TestCrossRegionNeedsExplicitEnvironment(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Release", constructs.StackProps{})
	bucket := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "S3"}, Bucket: bucket, BucketKey: "app.zip", Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
			CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Deploy"}, StackName: "app", Region: "eu-west-1"},
			TemplatePath:              src.AtPath("template.json"),
		}),
	}})
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "has no explicit account and region") {
		t.Errorf("a cross-region action in an environment-agnostic stack: %v", err)
	}
}
