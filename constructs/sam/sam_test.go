package sam_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sam"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// samApp builds a serverless application of every SAM resource type: a
// function with an API event, an alias and a canary deployment, a REST and
// an HTTP API, a simple table the function may write, a layer, a nested
// application and a state machine invoking the function.
func samApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Serverless", constructs.StackProps{})
	layer := sam.NewCfnLayerVersion(stack, "Deps", sam.CfnLayerVersionProps{
		ContentUri:         sam.S3Location{Bucket: "artifacts", Key: "layers/deps.zip"},
		CompatibleRuntimes: []string{"python3.13"},
		RetentionPolicy:    new("Retain"),
	})
	table := sam.NewCfnSimpleTable(stack, "Orders", sam.CfnSimpleTableProps{
		PrimaryKey: &sam.SimpleTablePrimaryKey{Name: "id", Type: "String"},
	})
	api := sam.NewCfnAPI(stack, "Api", sam.CfnAPIProps{StageName: "prod", TracingEnabled: new(true)})
	fn := sam.NewCfnFunction(stack, "Handler", sam.CfnFunctionProps{
		Runtime:          new("python3.13"),
		Handler:          new("index.handler"),
		InlineCode:       new("def handler(event, context):\n    return {'statusCode': 200}\n"),
		MemorySize:       new(256),
		Timeout:          new(10),
		Layers:           []string{layer.Ref()},
		AutoPublishAlias: new("live"),
		DeploymentPreference: map[string]any{
			"Type": "Canary10Percent5Minutes",
		},
		Environment: map[string]any{"Variables": map[string]any{"TABLE": table.Ref()}},
		Policies:    []any{map[string]any{"DynamoDBCrudPolicy": map[string]any{"TableName": table.Ref()}}},
		Events: map[string]any{
			"Get": map[string]any{"Type": "Api", "Properties": map[string]any{"Path": "/orders", "Method": "get", "RestApiId": api.Ref()}},
		},
	})
	sam.NewCfnHTTPAPI(stack, "HttpApi", sam.CfnHTTPAPIProps{StageName: new("v1")})
	sam.NewCfnApplication(stack, "Auth", sam.CfnApplicationProps{
		Location:   sam.ApplicationLocation{ApplicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/auth", SemanticVersion: "1.0.0"},
		Parameters: map[string]string{"Stage": "prod"},
	})
	sam.NewCfnStateMachine(stack, "Flow", sam.CfnStateMachineProps{
		Definition: map[string]any{
			"StartAt": "Invoke",
			"States":  map[string]any{"Invoke": map[string]any{"Type": "Task", "Resource": "${HandlerArn}", "End": true}},
		},
		DefinitionSubstitutions: map[string]string{"HandlerArn": fn.GetAtt("Arn").String()},
		Policies:                []any{map[string]any{"LambdaInvokePolicy": map[string]any{"FunctionName": fn.Ref()}}},
	})
	return app
}

func TestServerlessGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/serverless", samApp)
}

func TestTransformAddedOnce(t *testing.T) {
	app := samApp()
	stack := app.Node().FindChild("Serverless").(*constructs.Stack)
	if got := stack.Transforms(); len(got) != 1 || got[0] != sam.Transform {
		t.Errorf("Transforms() = %v; want [%s]", got, sam.Transform)
	}
}

func TestMissingRequiredProperties(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	sam.NewCfnAPI(stack, "Api", sam.CfnAPIProps{})
	sam.NewCfnApplication(stack, "App", sam.CfnApplicationProps{})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want errors for the missing StageName and Location")
	}
	for _, want := range []string{"S/Api", "StageName", "S/App", "Location"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// TestCfnLint lints the golden templates (cfn-lint runs the SAM transform);
// it skips, loudly, when cfn-lint is not installed.
func TestCfnLint(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.template.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden templates: %v", err)
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIP: cfn-lint is not installed; golden templates NOT linted (pip install cfn-lint==1.51.0)")
	}
	out, err := exec.Command(bin, append([]string{"--non-zero-exit-code", "error"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint reports errors:\n%s", out)
	} else if len(out) > 0 {
		t.Logf("cfn-lint:\n%s", out)
	}
}
