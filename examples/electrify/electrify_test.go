package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// templates synthesizes app and returns its templates by stack name.
func templates(t *testing.T, app *constructs.App) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for name, data := range snapshots.Files(t, app) {
		if !strings.HasSuffix(name, ".template.json") {
			continue
		}
		var tpl map[string]any
		if err := json.Unmarshal(data, &tpl); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[strings.TrimSuffix(name, ".template.json")] = tpl
	}
	return out
}

// resources returns the properties of the template's resources of a type.
func resources(tpl map[string]any, typ string) []map[string]any {
	var out []map[string]any
	ids := []string{}
	res := tpl["Resources"].(map[string]any)
	for id := range res {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := res[id].(map[string]any)
		if r["Type"] == typ {
			props, _ := r["Properties"].(map[string]any)
			out = append(out, props)
		}
	}
	return out
}

// `electrify synth` prints the three templates, YAML documents separated
// by "---", in dependency order.
func TestSynthPrintsThreeTemplates(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := cli.Run(newApp(), []string{"synth", "-o", filepath.Join(t.TempDir(), "cdk.out")}, cli.Stdio{Stdout: &stdout, Stderr: &stderr})
	if code != 0 {
		t.Fatalf("synth exited %d:\n%s", code, stderr.String())
	}
	dec := yaml.NewDecoder(&stdout)
	var descriptions []string
	for {
		var doc struct {
			Description string         `yaml:"Description"`
			Resources   map[string]any `yaml:"Resources"`
		}
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("the output is not YAML documents: %v", err)
		}
		if len(doc.Resources) == 0 {
			t.Errorf("a template without resources: %q", doc.Description)
		}
		descriptions = append(descriptions, strings.TrimPrefix(doc.Description, "electrify:"))
	}
	want := []string{
		" the VPC of the EKS cluster",
		" the EKS cluster, its add-ons and the application's configuration",
		" from CodeCommit through CodeBuild and ECR to EKS, the release trigger and the dashboard",
	}
	if !slices.Equal(descriptions, want) {
		t.Errorf("templates printed: %q, want %q", descriptions, want)
	}
}

// The stacks are connected by cross-stack references: the platform
// imports the VPC's subnets, the delivery stack the cluster's name and the
// configuration secret's ARN.
func TestCrossStackReferences(t *testing.T) {
	tpls := templates(t, newApp())
	imports := func(stack string) []string {
		var out []string
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if name, ok := x["Fn::ImportValue"].(string); ok {
					if !slices.Contains(out, name) {
						out = append(out, name)
					}
					return
				}
				for _, y := range x {
					walk(y)
				}
			case []any:
				for _, y := range x {
					walk(y)
				}
			}
		}
		walk(tpls[stack]["Resources"])
		sort.Strings(out)
		return out
	}
	for stack, from := range map[string]string{"ElectrifyPlatform": "ElectrifyNetwork:", "ElectrifyDelivery": "ElectrifyPlatform:"} {
		got := imports(stack)
		if len(got) == 0 {
			t.Errorf("%s imports nothing", stack)
		}
		for _, name := range got {
			if !strings.HasPrefix(name, from) {
				t.Errorf("%s imports %s, want only exports of %s", stack, name, strings.TrimSuffix(from, ":"))
			}
		}
	}
	if got := imports("ElectrifyNetwork"); len(got) != 0 {
		t.Errorf("the network stack imports %v", got)
	}
}

// The pods' Pod Identity association names the service account and the
// namespace of the manifests, and its role may read the configuration
// secret; the deploy action applies every manifest of k8s/, in the
// application's namespace.
func TestPlatformMatchesTheManifests(t *testing.T) {
	tpls := templates(t, newApp())
	var found bool
	for _, a := range resources(tpls["ElectrifyPlatform"], "AWS::EKS::PodIdentityAssociation") {
		if a["ServiceAccount"] == appServiceAccount {
			found = true
			if a["Namespace"] != appNamespace {
				t.Errorf("the association's namespace is %v, want %s", a["Namespace"], appNamespace)
			}
		}
	}
	if !found {
		t.Errorf("no Pod Identity association for service account %s", appServiceAccount)
	}
	files, err := filepath.Glob("k8s/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range files {
		want = append(want, filepath.Base(f))
	}
	got := slices.Clone(manifestFiles)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("the deploy action applies %v, k8s/ has %v", got, want)
	}
	if manifestFiles[0] != "namespace.yaml" {
		t.Errorf("the deploy action applies %s first, want the namespace", manifestFiles[0])
	}
	pipelines := resources(tpls["ElectrifyDelivery"], "AWS::CodePipeline::Pipeline")
	stages, _ := json.Marshal(pipelines[0]["Stages"])
	for _, s := range []string{`"Provider":"EKS"`, `"Namespace":"electrify"`, `"ManifestFiles":"` + strings.Join(manifestFiles, ",") + `"`} {
		if !strings.Contains(string(stages), s) {
			t.Errorf("the pipeline's stages lack %s: %s", s, stages)
		}
	}
	policies, _ := json.Marshal(resources(tpls["ElectrifyPlatform"], "AWS::IAM::Policy"))
	if !strings.Contains(string(policies), "secretsmanager:GetSecretValue") {
		t.Errorf("no policy of the platform reads the configuration secret: %s", policies)
	}
}

// No secret value is in a template: the secrets are generated by Secrets
// Manager, and CodeBuild reads the Docker Hub token by reference.
func TestNoSecretValueInTemplates(t *testing.T) {
	tpls := templates(t, newApp())
	n := 0
	for stack, tpl := range tpls {
		for _, s := range resources(tpl, "AWS::SecretsManager::Secret") {
			n++
			if s["SecretString"] != nil || s["GenerateSecretString"] == nil {
				t.Errorf("%s: a secret with a value in the template: %v", stack, s)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d secrets, want 2 (the configuration and the Docker Hub token)", n)
	}
	env, _ := json.Marshal(resources(tpls["ElectrifyDelivery"], "AWS::CodeBuild::Project")[0]["Environment"])
	for _, v := range []string{"DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"} {
		if !strings.Contains(string(env), `"Name":"`+v+`","Type":"SECRETS_MANAGER"`) {
			t.Errorf("%s is not read from Secrets Manager: %s", v, env)
		}
	}
}

// The Alexa skill's ID comes from the context; the function's permission
// and its environment name it.
func TestSkillIDFromContext(t *testing.T) {
	const id = "amzn1.ask.skill.12345678-1234-1234-1234-123456789012"
	for _, c := range []struct {
		context map[string]any
		want    string
	}{{nil, defaultSkillID}, {map[string]any{skillIDContext: id}, id}} {
		app := build(constructs.NewApp(constructs.AppProps{Context: c.context, SkipContextFiles: true}))
		tpl := templates(t, app)["ElectrifyDelivery"]
		perms := resources(tpl, "AWS::Lambda::Permission")
		var alexa map[string]any
		for _, p := range perms {
			if p["Principal"] == "alexa-appkit.amazon.com" {
				alexa = p
			}
		}
		if alexa == nil || alexa["EventSourceToken"] != c.want {
			t.Errorf("context %v: the Alexa permission is %v, want event source token %s", c.context, alexa, c.want)
		}
		fns, _ := json.Marshal(resources(tpl, "AWS::Lambda::Function"))
		if !strings.Contains(string(fns), `"ALEXA_SKILL_ID":"`+c.want+`"`) {
			t.Errorf("context %v: the function's environment lacks ALEXA_SKILL_ID %s: %s", c.context, c.want, fns)
		}
	}
}

// A release trigger granted on a pipeline of a stack in another region is
// a synthesis error that names the pipeline and the trigger: the pipeline's
// ARN cannot cross environments.
func TestReleaseTriggerInAnotherEnvironment(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	delivery := constructs.NewStack(app, "Delivery", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
	ops := constructs.NewStack(app, "Ops", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	repo := codecommit.NewRepository(delivery, "Repo", codecommit.RepositoryProps{RepositoryName: "electrify"})
	pipeline := codepipeline.NewPipeline(delivery, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	code := codepipeline.NewArtifact("Code")
	pipeline.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{Common: actions.Common{ActionName: "Code"}, Repository: repo, Branch: "main", Output: code}),
	}})
	pipeline.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Production"}}),
	}})
	trigger := lambda.NewGoFunction(ops, "ReleaseTrigger", lambda.GoFunctionProps{Entry: triggerEntry})
	pipeline.GrantStartExecution(trigger)

	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{"Delivery/Pipeline", "Ops/ReleaseTrigger", "another account or region"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the error does not say %q:\n%v", s, err)
		}
	}
}

// joined returns the text of a string or an Fn::Join of strings, with each
// token written as its JSON.
func joined(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	parts, _ := v.(map[string]any)["Fn::Join"].([]any)
	if len(parts) != 2 {
		return ""
	}
	var b strings.Builder
	for _, p := range parts[1].([]any) {
		if s, ok := p.(string); ok {
			b.WriteString(s)
		} else {
			j, _ := json.Marshal(p)
			b.Write(j)
		}
	}
	return b.String()
}

// The dashboard shows the pipeline's succeeded and failed executions, the
// build's duration, the nodes' CPU and memory from Container Insights (of
// the platform's cluster) and the release trigger's errors.
func TestDashboard(t *testing.T) {
	tpl := templates(t, newApp())["ElectrifyDelivery"]
	dashboards := resources(tpl, "AWS::CloudWatch::Dashboard")
	if len(dashboards) != 1 {
		t.Fatalf("%d dashboards", len(dashboards))
	}
	body := joined(dashboards[0]["DashboardBody"])
	for _, want := range []string{
		`"AWS/Events","MatchedEvents","RuleName","{"Ref":"PipelineExecutionSucceeded`,
		`"AWS/CodePipeline","FailedPipelineExecutions","PipelineName","{"Ref":"Pipeline`,
		`"AWS/CodeBuild","Duration","ProjectName","{"Ref":"Build`,
		`"ContainerInsights","node_cpu_utilization","ClusterName","{"Fn::ImportValue":"ElectrifyPlatform:`,
		`"ContainerInsights","node_memory_utilization","ClusterName","{"Fn::ImportValue":"ElectrifyPlatform:`,
		`"AWS/Lambda","Errors","FunctionName","{"Ref":"ReleaseTrigger`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %s:\n%s", want, body)
		}
	}
	// The rule that counts succeeded executions matches them.
	var rule map[string]any
	for _, r := range resources(tpl, "AWS::Events::Rule") {
		if strings.Contains(fmt.Sprint(r["Description"]), "succeeded executions") {
			rule = r
		}
	}
	pattern, _ := json.Marshal(rule["EventPattern"])
	if !strings.Contains(string(pattern), `"detail":{"state":["SUCCEEDED"]}`) || !strings.Contains(string(pattern), "CodePipeline Pipeline Execution State Change") {
		t.Errorf("the succeeded executions rule matches %s", pattern)
	}
}

// The release trigger may start the pipeline and nothing else, is told its
// name, answers the Alexa skill, and the release managers may call its URL,
// which requires IAM authentication.
func TestReleaseTriggerWiring(t *testing.T) {
	tpl := templates(t, newApp())["ElectrifyDelivery"]
	res := tpl["Resources"].(map[string]any)
	var fnID string
	for id, r := range res {
		if strings.HasPrefix(id, "ReleaseTrigger") && r.(map[string]any)["Type"] == "AWS::Lambda::Function" {
			fnID = id
		}
	}
	fn := res[fnID].(map[string]any)["Properties"].(map[string]any)
	env, _ := json.Marshal(fn["Environment"])
	if !strings.Contains(string(env), `"PIPELINE_NAME":{"Ref":"PipelineC660917D"}`) {
		t.Errorf("the trigger's environment: %s", env)
	}
	if fn["Runtime"] != "provided.al2023" || fn["Handler"] != "bootstrap" {
		t.Errorf("the trigger is not a Go function on provided.al2023: %v %v", fn["Runtime"], fn["Handler"])
	}
	policies := map[string]string{}
	for id, r := range res {
		r := r.(map[string]any)
		if r["Type"] == "AWS::IAM::Policy" {
			doc, _ := json.Marshal(r["Properties"].(map[string]any)["PolicyDocument"])
			policies[id] = string(doc)
		}
	}
	var trigger, managers string
	for id, doc := range policies {
		switch {
		case strings.HasPrefix(id, "ReleaseTriggerServiceRole"):
			trigger = doc
		case strings.HasPrefix(id, "ReleaseManagers"):
			managers = doc
		}
	}
	if !strings.Contains(trigger, `"Action":"codepipeline:StartPipelineExecution"`) || !strings.Contains(trigger, `{"Ref":"PipelineC660917D"}`) || strings.Count(trigger, `"Action"`) != 1 {
		t.Errorf("the trigger's policy: %s", trigger)
	}
	if !strings.Contains(managers, `"Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}`) {
		t.Errorf("the release managers' policy: %s", managers)
	}
	urls := resources(tpl, "AWS::Lambda::Url")
	if len(urls) != 1 || urls[0]["AuthType"] != "AWS_IAM" {
		t.Errorf("function URLs: %v", urls)
	}
	for _, p := range resources(tpl, "AWS::Lambda::Permission") {
		if p["Principal"] == "*" {
			t.Errorf("a public permission: %v", p)
		}
	}
}
