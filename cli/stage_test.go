package cli

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/cfnfake"
	"github.com/forma-iac/forma/rules"
)

// stageApp has a stack outside stages (Pipeline) and two stages, Test and
// Prod, each with a Db stack and a Web stack that uses Db's queue, and a
// stage Extra nested in Prod.
func stageApp(withTop bool) *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	if withTop {
		top := constructs.NewStack(app, "Pipeline", constructs.StackProps{})
		cfn.NewResource(top, "Topic", "AWS::SNS::Topic", nil)
	}
	for _, name := range []string{"Test", "Prod"} {
		stage := constructs.NewStage(app, name, constructs.StageProps{})
		db := constructs.NewStack(stage, "Db", constructs.StackProps{})
		q := cfn.NewResource(db, "Queue", "AWS::SQS::Queue", nil)
		web := constructs.NewStack(stage, "Web", constructs.StackProps{})
		cfn.NewResource(web, "Param", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Arn").String()})
		if name == "Prod" {
			extra := constructs.NewStage(stage, "Extra", constructs.StageProps{})
			cfn.NewResource(constructs.NewStack(extra, "Cache", constructs.StackProps{}), "Topic", "AWS::SNS::Topic", nil)
		}
	}
	rules.Suppress(app, "*", "the CLI's test app is never deployed for real")
	return app
}

// lines returns the lines of s.
func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func TestListStacksOfStages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	all := []string{"Pipeline", "Test/Db (Test-Db)", "Test/Web (Test-Web)", "Prod/Db (Prod-Db)", "Prod/Web (Prod-Web)", "Prod/Extra/Cache (Prod-Extra-Cache)"}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, all},
		{[]string{"Test/*"}, all[1:3]},
		{[]string{"Prod/*"}, all[3:5]},
		{[]string{"Prod/**"}, all[3:]},
		{[]string{"**"}, all},
		{[]string{"*/Web"}, []string{all[2], all[4]}},
		{[]string{"**/Cache"}, all[5:]},
		{[]string{"Pipe*", "Test/Db"}, all[:2]},
		{[]string{"Test-Web"}, all[2:3]}, // the stack name
	} {
		r := run(stageApp(true), append([]string{"list", "-o", dir}, tc.args...)...).ok(t)
		if diff := cmp.Diff(tc.want, lines(r.stdout)); diff != "" {
			t.Errorf("list %v (-want +got):\n%s", tc.args, diff)
		}
	}
	// The same from the assembly directory, as for an AWS CDK app's cdk.out.
	r := run(nil, "list", "--app", dir).ok(t)
	if diff := cmp.Diff(all, lines(r.stdout)); diff != "" {
		t.Errorf("list --app DIR (-want +got):\n%s", diff)
	}
	r = run(nil, "list", "--app", dir, "Prod/Extra/*").ok(t)
	if r.stdout != "Prod/Extra/Cache (Prod-Extra-Cache)\n" {
		t.Errorf("list --app DIR Prod/Extra/* = %q", r.stdout)
	}
	r = run(stageApp(true), "list", "-o", dir, "Test")
	if r.code != 1 || !strings.Contains(r.stderr, `no stack matches "Test"; the stacks are: Pipeline, Test/Db, Test/Web, Prod/Db, Prod/Web, Prod/Extra/Cache`) {
		t.Errorf("list Test: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(stageApp(true), "list", "--long", "-o", dir, "Test/Web").ok(t)
	for _, want := range []string{"- id: Test/Web (Test-Web)\n  name: Test-Web\n", "  dependencies:\n    - TestDb"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list --long Test/Web does not hold %q:\n%s", want, r.stdout)
		}
	}
}

func TestSynthStackOfStage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(stageApp(true), "synth", "-o", dir, "Prod/Extra/Cache").ok(t)
	if want := "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"; r.stdout != want {
		t.Errorf("synth Prod/Extra/Cache = %q, want %q", r.stdout, want)
	}
	asm := readManifest(t, dir)
	if st := asm.Stack("Prod/Extra/Cache"); st == nil || st.StackName != "Prod-Extra-Cache" || st.Nested != "assembly-Prod/assembly-Prod-Extra" {
		t.Errorf("Prod/Extra/Cache = %+v", st)
	}
}

// Deploy and destroy select the stacks of stages by pattern; --all and the
// default are about the stacks outside stages, as with the AWS CDK CLI.
func TestDeployStacksOfStages(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, true)
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")

	run(stageApp(true), "deploy", "--require-approval", "never", "--progress", "events").ok(t)
	if _, ok := f.Stack("Pipeline"); !ok {
		t.Errorf("deploy without names did not deploy the one stack outside stages")
	}
	if _, ok := f.Stack("Test-Db"); ok {
		t.Errorf("deploy without names deployed a stack of a stage")
	}
	r := run(stageApp(true), "deploy", "Test/Web", "--require-approval", "never", "--progress", "events").ok(t)
	for _, name := range []string{"Test-Db", "Test-Web"} {
		if s, ok := f.Stack(name); !ok || s.Status != "CREATE_COMPLETE" {
			t.Errorf("%s: %+v, want CREATE_COMPLETE (deploy output:\n%s)", name, s, r.stdout)
		}
	}
	if _, ok := f.Stack("Prod-Db"); ok {
		t.Errorf("deploy Test/Web deployed Prod/Db")
	}
	if i, j := strings.Index(r.stdout, "Test/Db"), strings.Index(r.stdout, "Test/Web"); i < 0 || j < 0 || i > j {
		t.Errorf("Test/Db is not deployed before Test/Web:\n%s", r.stdout)
	}
	run(stageApp(true), "deploy", "Prod/**", "--require-approval", "never", "--progress", "events").ok(t)
	for _, name := range []string{"Prod-Db", "Prod-Web", "Prod-Extra-Cache"} {
		if _, ok := f.Stack(name); !ok {
			t.Errorf("deploy Prod/** did not deploy %s", name)
		}
	}
	r = run(stageApp(true), "diff", "Test/*", "--fail").ok(t)
	if !strings.Contains(r.stdout, "Stack Test/Db") || !strings.Contains(r.stdout, "Stack Test/Web") || strings.Contains(r.stdout, "Prod/") {
		t.Errorf("diff Test/*:\n%s", r.stdout)
	}
	// The same from an assembly directory with nested assemblies.
	dir := filepath.Join(t.TempDir(), "asm")
	run(stageApp(true), "synth", "-q", "-o", dir).ok(t)
	r = run(nil, "deploy", "--app", dir, "Test/*", "--require-approval", "never", "--progress", "events").ok(t)
	if strings.Count(r.stdout, "(no changes)") != 2 {
		t.Errorf("deploy --app DIR Test/* of deployed stacks:\n%s", r.stdout)
	}
	run(nil, "diff", "--app", dir, "Prod/Extra/Cache", "--fail").ok(t)
	run(stageApp(true), "destroy", "Test/*", "--force", "--progress", "events").ok(t)
	for name, want := range map[string]bool{"Test-Db": false, "Test-Web": false, "Prod-Db": true, "Pipeline": true} {
		if _, ok := f.Stack(name); ok != want {
			t.Errorf("after destroy Test/*: %s exists = %v, want %v", name, ok, want)
		}
	}
	r = run(stageApp(false), "deploy", "--all", "--require-approval", "never")
	if r.code != 1 || !strings.Contains(r.stderr, "all the app's stacks are in stages (Test/Db, Test/Web, Prod/Db, Prod/Web, Prod/Extra/Cache): select them by name or pattern, e.g. 'Test/*' or '**'") {
		t.Errorf("deploy --all of an app whose stacks are all in stages: exit %d, stderr %q", r.code, r.stderr)
	}
}

// The file assets of a stack in a stage are staged in its nested assembly
// and published from there, against moto.
func TestStageAssetsOnMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "index.html"), []byte("bonjour"), 0o644); err != nil {
		t.Fatal(err)
	}
	app := func() *constructs.App {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		web := constructs.NewStack(constructs.NewStage(app, "Test", constructs.StageProps{}), "Web", constructs.StackProps{})
		site := assets.NewAsset(web, "Site", assets.AssetProps{Path: src})
		cfn.NewOutput(web, "Key", cfn.OutputProps{Value: site.S3ObjectKey()})
		return app
	}
	bucket := "cdk-hnb659fds-assets-" + motoAccount + "-us-east-1"
	req, _ := http.NewRequest(http.MethodPut, url+"/"+bucket, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("creating the bucket in moto: %v %v", resp, err)
	}
	resp.Body.Close()
	r := run(app(), "deploy", "Test/*", "--require-approval", "never", "--progress", "events", "--method", "direct").ok(t)
	if n := strings.Count(r.stdout, "] published (s3://"+bucket+"/"); n != 1 {
		t.Errorf("deploy published %d assets, want 1:\n%s", n, r.stdout)
	}
	asm := readManifest(t, os.Getenv(OutdirEnv))
	st := asm.Stack("Test/Web")
	if st == nil || len(st.Assets) != 1 || !strings.HasPrefix(st.Assets[0].Path, filepath.Join(asm.Dir, "assembly-Test", "asset.")) {
		t.Fatalf("the stage's asset is not staged in its nested assembly: %+v", st)
	}
	resp, err = signedGet(url + "/" + bucket + "/" + st.Assets[0].Destinations[0].ObjectKey)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the published object: %v %v", resp, err)
	}
	resp.Body.Close()
}
