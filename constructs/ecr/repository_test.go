package ecr_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
)

func newStack() (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "Registry", constructs.StackProps{})
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
	if err := json.Unmarshal(files["Registry.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRepositoryDefaults checks the AWS CDK's defaults: no properties, retained
// on removal, and a URI built from the ARN as the CDK builds it.
func TestRepositoryDefaults(t *testing.T) {
	app, stack := newStack()
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	cfn.NewOutput(stack, "URI", cfn.OutputProps{Value: repo.RepositoryURIForTag("v1")})
	cfn.NewOutput(stack, "Bare", cfn.OutputProps{Value: repo.RepositoryURI()})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	repo.GrantPull(role)
	tpl := template(t, app)
	res := tpl["Resources"].(map[string]any)
	want := decode(t, `{"Type":"AWS::ECR::Repository","DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain"}`)
	if d := cmp.Diff(want, res["Repo02AC86CF"]); d != "" {
		t.Errorf("repository (-want +got):\n%s", d)
	}
	split := `{"Fn::Split":[":",{"Fn::GetAtt":["Repo02AC86CF","Arn"]}]}`
	uri := `{"Fn::Select":[4,` + split + `]},".dkr.ecr.",{"Fn::Select":[3,` + split + `]},".",{"Ref":"AWS::URLSuffix"},"/",{"Ref":"Repo02AC86CF"}`
	wantOut := decode(t, `{
	  "URI":{"Value":{"Fn::Join":["",[`+uri+`,":v1"]]}},
	  "Bare":{"Value":{"Fn::Join":["",[`+uri+`]]}}}`)
	if d := cmp.Diff(wantOut, tpl["Outputs"]); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	policy := res["RoleDefaultPolicy5FFB7DAB"].(map[string]any)["Properties"].(map[string]any)["PolicyDocument"]
	wantPolicy := decode(t, `{"Version":"2012-10-17","Statement":[
	  {"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},
	  {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}]}`)
	if d := cmp.Diff(wantPolicy, policy); d != "" {
		t.Errorf("pull policy (-want +got):\n%s", d)
	}
}

func TestRepositoryProps(t *testing.T) {
	app, stack := newStack()
	ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{
		RepositoryName:     "team/app",
		ImageScanOnPush:    new(true),
		ImageTagMutability: ecr.TagImmutable,
		RemovalPolicy:      cfn.PolicyDelete,
	})
	got := template(t, app)["Resources"].(map[string]any)["Repo02AC86CF"]
	want := decode(t, `{"Type":"AWS::ECR::Repository","DeletionPolicy":"Delete","UpdateReplacePolicy":"Delete",
	  "Properties":{"RepositoryName":"team/app","ImageScanningConfiguration":{"ScanOnPush":true},"ImageTagMutability":"IMMUTABLE"}}`)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("repository (-want +got):\n%s", d)
	}
}

func TestRepositoryFromName(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  constructs.Environment
		arn  string
		uri  string
	}{
		{"agnostic", constructs.Environment{},
			`{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":ecr:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":repository/my-repo"]]}`,
			`{"Fn::Join":["",[{"Ref":"AWS::AccountId"},".dkr.ecr.",{"Ref":"AWS::Region"},".",{"Ref":"AWS::URLSuffix"},"/my-repo:v1"]]}`},
		{"env", constructs.Environment{Account: "123456789012", Region: "eu-west-1"},
			`{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":ecr:eu-west-1:123456789012:repository/my-repo"]]}`,
			`{"Fn::Join":["",["123456789012.dkr.ecr.eu-west-1.",{"Ref":"AWS::URLSuffix"},"/my-repo:v1"]]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			stack := constructs.NewStack(app, "Registry", constructs.StackProps{Env: tc.env})
			repo := ecr.RepositoryFromName(stack, "Imported", "my-repo")
			if repo.RepositoryName() != "my-repo" {
				t.Errorf("RepositoryName() = %q, want my-repo", repo.RepositoryName())
			}
			cfn.NewOutput(stack, "Arn", cfn.OutputProps{Value: repo.RepositoryARN()})
			cfn.NewOutput(stack, "URI", cfn.OutputProps{Value: repo.RepositoryURIForTag("v1")})
			tpl := template(t, app)
			if _, ok := tpl["Resources"]; ok {
				t.Errorf("an imported repository created resources: %v", tpl["Resources"])
			}
			want := decode(t, `{"Arn":{"Value":`+tc.arn+`},"URI":{"Value":`+tc.uri+`}}`)
			if d := cmp.Diff(want, tpl["Outputs"]); d != "" {
				t.Errorf("outputs (-want +got):\n%s", d)
			}
		})
	}
}

func TestInvalidRepositoryName(t *testing.T) {
	app, stack := newStack()
	ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{RepositoryName: "Bad_Name"})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded with an invalid repository name")
	}
	for _, s := range []string{"Registry/Repo", `"Bad_Name"`, "lower-case"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}
