package codebuild_test

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// buildApp builds the Build stack: a Maven project on a CodeCommit
// repository with the seed's buildspec, a report group its buildspec names,
// a secret and a parameter, a VPC, and notifications of failed builds to a
// topic and a Slack channel.
func buildApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Build", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	repo := codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "java-app"})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	reports := codebuild.NewReportGroup(stack, "Surefire", codebuild.ReportGroupProps{})
	project := codebuild.NewProject(stack, "Maven", codebuild.ProjectProps{
		Source: codebuild.CodeCommitSource(codebuild.CodeCommitSourceProps{Repository: repo}),
		BuildSpec: codebuild.BuildSpec{
			Phases: codebuild.SpecPhases{
				Install: &codebuild.SpecPhase{RuntimeVersions: map[string]string{"java": "corretto8"}},
				Build:   &codebuild.SpecPhase{Commands: []string{"mvn install", "mvn surefire-report:report"}},
			},
			Reports: map[string]codebuild.SpecReport{
				reports.ReportGroupARN(): {Files: []string{"**/*"}, BaseDirectory: "target/surefire-reports"},
			},
			Artifacts: &codebuild.SpecArtifacts{Files: []string{"target/my-app-1.0-SNAPSHOT.jar"}, DiscardPaths: true},
		},
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxAmazonLinux2Corretto8, ComputeType: codebuild.ComputeMedium},
		EnvironmentVariables: []codebuild.EnvironmentVariable{
			{Name: "SONAR_TOKEN", Type: codebuild.SecretsManager, Value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sonar-AbCdEf:token"},
			{Name: "REGISTRY", Type: codebuild.ParameterStore, Value: "/build/registry"},
		},
		Vpc:     vpc,
		Timeout: 20 * time.Minute,
	})
	reports.GrantWrite(project)
	topic := sns.NewTopic(stack, "Alerts", sns.TopicProps{})
	rule := project.NotifyOnBuildFailed("NotifyFailed", topic)
	rule.AddTarget(csn.SlackChannelTarget("arn:aws:chatbot::123456789012:chat-configuration/slack-channel/builds"))
	project.OnBuildSucceeded("OnSucceeded", codebuild.OnEventOptions{Target: sns.EventTarget{Topic: topic}})
	return app
}

func TestBuildGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/build", buildApp)
}

func resources(t *testing.T, app *constructs.App, stack string) map[string]map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range asm.Stacks {
		if st.StackName != stack {
			continue
		}
		data := st.TemplateJSON
		var tpl struct{ Resources map[string]map[string]any }
		if err := json.Unmarshal(data, &tpl); err != nil {
			t.Fatal(err)
		}
		return tpl.Resources
	}
	t.Fatalf("no stack %s", stack)
	return nil
}

func policyJSON(t *testing.T, res map[string]map[string]any) string {
	t.Helper()
	for _, r := range res {
		if r["Type"] == "AWS::IAM::Policy" {
			b, _ := json.Marshal(r["Properties"])
			return string(b)
		}
	}
	t.Fatal("no policy")
	return ""
}

func TestSecretsManagerARNsAndCrossAccountKeys(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	codebuild.NewPipelineProject(stack, "P", codebuild.PipelineProjectProps{EnvironmentVariables: []codebuild.EnvironmentVariable{
		{Name: "A", Type: codebuild.SecretsManager, Value: "arn:aws:secretsmanager:us-east-1:111122223333:secret:other-AbCdEf:key::"},
		{Name: "B", Type: codebuild.SecretsManager, Value: "plain:json"},
		{Name: "C", Type: codebuild.ParameterStore, Value: "/a/b"},
	}})
	pol := policyJSON(t, resources(t, app, "S"))
	for _, want := range []string{
		`arn:aws:secretsmanager:us-east-1:111122223333:secret:other-AbCdEf*`,
		`arn:aws:kms:us-east-1:111122223333:key/*`,
		`:secret:plain-??????`,
		`:parameter/a/b`,
	} {
		if !strings.Contains(pol, want) {
			t.Errorf("policy lacks %s:\n%s", want, pol)
		}
	}
}

func TestEnvironmentVariablesProjectOverridesEnvironment(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	codebuild.NewPipelineProject(stack, "P", codebuild.PipelineProjectProps{
		Environment:          codebuild.BuildEnvironment{EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: "X", Value: "1"}, {Name: "Y", Value: "2"}}},
		EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: "X", Value: "3"}},
	})
	var env []byte
	for _, r := range resources(t, app, "S") {
		if r["Type"] == "AWS::CodeBuild::Project" {
			env, _ = json.Marshal(r["Properties"].(map[string]any)["Environment"])
		}
	}
	if want := `"EnvironmentVariables":[{"Name":"X","Type":"PLAINTEXT","Value":"3"},{"Name":"Y","Type":"PLAINTEXT","Value":"2"}]`; !strings.Contains(string(env), want) {
		t.Errorf("environment %s; want %s", env, want)
	}
}

func TestBadProjects(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func(s *constructs.Stack)
		want  string
	}{
		{"buildspec phase", func(s *constructs.Stack) {
			codebuild.NewProject(s, "P", codebuild.ProjectProps{BuildSpec: codebuild.BuildSpecYAML(codebuild.BuildSpec{Version: "0.3"})})
		}, "BuildSpec: version"},
		{"no source no spec", func(s *constructs.Stack) {
			codebuild.NewProject(s, "P", codebuild.ProjectProps{})
		}, "needs an inline BuildSpec"},
		{"windows privileged", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{BuildImage: codebuild.WindowsServerCore2019Base3_0, Privileged: true}})
		}, "Windows images do not support privileged mode"},
		{"windows small", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{BuildImage: codebuild.WindowsBase2_0, ComputeType: codebuild.ComputeSmall}})
		}, "do not support the 'BUILD_GENERAL1_SMALL' compute type"},
		{"lambda compute", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{ComputeType: codebuild.ComputeLambda1GB}})
		}, "x86-64 images do not support Lambda compute types"},
		{"security groups without vpc", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{AllowAllOutbound: new(false)})
		}, "without configuring a VPC"},
		{"source on pipeline project", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Source: codebuild.GitHubSource(codebuild.GitHubSourceProps{Owner: "o", Repo: "r"})})
		}, "leave Source and Artifacts unset"},
		{"cloudwatch logs without group", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Logging: &codebuild.LoggingOptions{CloudWatch: &codebuild.CloudWatchLoggingOptions{}}})
		}, "Specifying a LogGroup is required"},
		{"secret ARN without name", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: "S", Type: codebuild.SecretsManager, Value: "arn:aws:secretsmanager:us-east-1:123456789012:secret"}}})
		}, "missing the name of the secret"},
		{"retry limit", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{AutoRetryLimit: new(11)})
		}, "AutoRetryLimit must be a value between 0 and 10"},
		{"connections without vpc", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{}).Connections()
		}, "only a project in a VPC"},
		{"webhook filters without webhook", func(s *constructs.Stack) {
			codebuild.NewProject(s, "P", codebuild.ProjectProps{Source: codebuild.GitHubSource(codebuild.GitHubSourceProps{
				Owner: "o", Repo: "r", Webhook: new(false), WebhookFilters: []codebuild.FilterGroup{codebuild.FilterGroupInEventOf(codebuild.EventPush)},
			})})
		}, "WebhookFilters cannot be used when Webhook is false"},
		{"notification rule without events", func(s *constructs.Stack) {
			p := codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{})
			p.NotifyOn("N", csn.SlackChannelTarget("arn:aws:chatbot::1:chat-configuration/slack-channel/x"), csn.NotifyOnOptions{})
		}, "needs at least one event type id"},
		{"secondary source without identifier", func(s *constructs.Stack) {
			codebuild.NewProject(s, "P", codebuild.ProjectProps{
				BuildSpec:        codebuild.BuildSpec{Phases: codebuild.SpecPhases{Build: &codebuild.SpecPhase{Commands: []string{"make"}}}},
				SecondarySources: []codebuild.ISource{codebuild.GitHubSource(codebuild.GitHubSourceProps{Owner: "o", Repo: "r"})},
			})
		}, "identifier attribute is mandatory for secondary sources"},
		{"secondary artifact on pipeline project", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{}).AddSecondaryArtifact(codebuild.S3Artifacts(codebuild.S3ArtifactsProps{Identifier: "x", Bucket: s3.NewBucket(s, "B", s3.BucketProps{})}))
		}, "cannot have secondary artifacts"},
		{"gpu compute", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{BuildImage: codebuild.DLCMXNet1_6_0, ComputeType: codebuild.ComputeMedium}})
		}, "GPU images only support ComputeType"},
		{"lambda timeout", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxLambdaAmazonLinux2023Node22}, Timeout: time.Hour})
		}, "Cannot specify timeout for Lambda compute"},
		{"lambda compute type", func(s *constructs.Stack) {
			codebuild.NewPipelineProject(s, "P", codebuild.PipelineProjectProps{Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxLambdaAmazonLinux2023Node22, ComputeType: codebuild.ComputeLarge}})
		}, "Lambda images only support Lambda ComputeTypes"},
		{"delete reports", func(s *constructs.Stack) {
			codebuild.NewReportGroup(s, "P", codebuild.ReportGroupProps{DeleteReports: true})
		}, "DeleteReports needs RemovalPolicy"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := constructs.NewApp()
			tt.build(constructs.NewStack(app, "S", constructs.StackProps{}))
			_, err := synth.Synthesize(app)
			if err == nil || !strings.Contains(err.Error(), "S/P") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one naming S/P and %q", err, tt.want)
			}
		})
	}
}

// TestCfnLint lints the golden templates in one cfn-lint process; it skips,
// loudly, when cfn-lint is not installed.
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

func TestImportedProjects(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	byARN := codebuild.ProjectFromProjectARN(stack, "ByARN", "arn:aws:codebuild:eu-west-1:123456789012:project/app")
	if byARN.ProjectName() != "app" {
		t.Errorf("ProjectName() = %q; want app", byARN.ProjectName())
	}
	byName := codebuild.ProjectFromProjectName(stack, "ByName", "app")
	if got, want := byName.ProjectARN(), "arn:aws:codebuild:eu-west-1:123456789012:project/app"; !strings.Contains(got, ":codebuild:") || byName.Role() != nil {
		t.Errorf("ProjectARN() = %q; want %q and no role", got, want)
	}
	codebuild.ProjectFromProjectARN(stack, "Bad", "arn:aws:s3:::bucket")
	if _, err := synth.Synthesize(app); err == nil || !strings.Contains(err.Error(), "S/Bad") {
		t.Errorf("error %v; want one naming S/Bad", err)
	}
}

func TestBindToCodePipelineTakesTheArtifactKey(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	bucket := s3.NewBucket(stack, "Artifacts", s3.BucketProps{Encryption: s3.EncryptionKMS})
	withKey := codebuild.NewPipelineProject(stack, "P", codebuild.PipelineProjectProps{})
	withKey.BindToCodePipeline(bucket)
	plain := codebuild.NewPipelineProject(stack, "Q", codebuild.PipelineProjectProps{})
	plain.BindToCodePipeline(s3.NewBucket(stack, "Plain", s3.BucketProps{}))
	var keyed, unkeyed string
	for _, r := range resources(t, app, "S") {
		if r["Type"] != "AWS::CodeBuild::Project" {
			continue
		}
		b, _ := json.Marshal(r["Properties"].(map[string]any)["EncryptionKey"])
		if strings.Contains(string(b), "GetAtt") {
			keyed = string(b)
		} else {
			unkeyed = string(b)
		}
	}
	if keyed == "" || unkeyed != `"alias/aws/s3"` {
		t.Errorf("encryption keys %s and %s; want the bucket key's ARN and alias/aws/s3", keyed, unkeyed)
	}
}
