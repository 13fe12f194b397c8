package badinput

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/secretsmanager"
)

func init() {
	add(
		// secretsmanager.Secret
		Case{Name: "secret-generated-and-literal", Build: func(app *constructs.App) {
			secretsmanager.NewSecret(stack(app, "App"), "Token", secretsmanager.SecretProps{
				GenerateSecretString: &secretsmanager.SecretStringGenerator{PasswordLength: 40},
				SecretStringValue:    secretsmanager.UnsafePlainText("hunter2"),
			})
		}},
		Case{Name: "secret-literal-as-attribute", Build: func(app *constructs.App) {
			secretsmanager.NewSecret(stack(app, "App"), "Token", secretsmanager.SecretProps{
				SecretStringValue: secretsmanager.SecretValueFromAttribute("hunter2"),
			})
		}},
		Case{Name: "secret-template-without-key", Build: func(app *constructs.App) {
			secretsmanager.NewSecret(stack(app, "App"), "Db", secretsmanager.SecretProps{
				GenerateSecretString: &secretsmanager.SecretStringGenerator{SecretStringTemplate: `{"username":"admin"}`},
			})
		}},
		Case{Name: "secret-rotation-without-function", Build: func(app *constructs.App) {
			s := secretsmanager.NewSecret(stack(app, "App"), "Db", secretsmanager.SecretProps{})
			s.AddRotationSchedule("Rotation", secretsmanager.RotationScheduleOptions{})
		}},
		// cloudwatch.Dashboard
		Case{Name: "dashboard-widget-too-wide", Build: func(app *constructs.App) {
			d := cloudwatch.NewDashboard(stack(app, "App"), "Dashboard", cloudwatch.DashboardProps{})
			d.AddWidgets(cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{Markdown: "# Ops", Width: 30}))
		}},
		Case{Name: "dashboard-nil-widgets-in-row-and-column", Build: func(app *constructs.App) {
			var missing *cloudwatch.TextWidget
			var alarm *cloudwatch.Alarm
			d := cloudwatch.NewDashboard(stack(app, "App"), "Dashboard", cloudwatch.DashboardProps{})
			d.AddWidgets(cloudwatch.NewRow(missing, cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{Markdown: "# Ops"})), cloudwatch.NewColumn(nil))
			d.AddWidgets(cloudwatch.NewAlarmWidget(cloudwatch.AlarmWidgetProps{Alarm: alarm}))
		}},
		Case{Name: "dashboard-metric-id-and-annotation", Build: func(app *constructs.App) {
			d := cloudwatch.NewDashboard(stack(app, "App"), "Dashboard", cloudwatch.DashboardProps{})
			d.AddWidgets(cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
				Left:                []cloudwatch.Metric{{Namespace: "App", MetricName: "Errors", ID: "Errors"}},
				VerticalAnnotations: []cloudwatch.VerticalAnnotation{{Label: "deploy"}},
			}))
		}},
		// secretsmanager.Secret JSON values and rotation
		Case{Name: "secret-json-key-without-value-and-nil-statement", Build: func(app *constructs.App) {
			secret := secretsmanager.NewSecret(stack(app, "App"), "Db", secretsmanager.SecretProps{
				SecretObjectValue: map[string]secretsmanager.SecretValue{"user": secretsmanager.UnsafePlainText("admin"), "password": {}},
			})
			secret.AddToResourcePolicy(nil)
		}},
		Case{Name: "secret-json-key-twice", Build: func(app *constructs.App) {
			secretsmanager.NewSecret(stack(app, "App"), "Db", secretsmanager.SecretProps{
				OrderedSecretObjectValue: []secretsmanager.SecretField{{Key: "user", Value: secretsmanager.UnsafePlainText("admin")}},
				SecretObjectValue:        map[string]secretsmanager.SecretValue{"user": secretsmanager.UnsafePlainText("root")},
			})
		}},
		// codepipeline.Pipeline.GrantStartExecution
		Case{Name: "pipeline-start-granted-across-accounts", Build: func(app *constructs.App) {
			release := constructs.NewStack(app, "Release", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
			ops := constructs.NewStack(app, "Ops", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "eu-west-1"}})
			p := codepipeline.NewPipeline(release, "Pipeline", codepipeline.PipelineProps{})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
				actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Drop"}, Bucket: s3.BucketFromBucketName(release, "Drop", "drop-bucket"), BucketKey: "drop.zip", Output: codepipeline.NewArtifact("")}),
			}})
			p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
				actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}}),
			}})
			p.GrantStartExecution(iam.NewRole(ops, "Trigger", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")}))
		}},
	)
}
