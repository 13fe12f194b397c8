package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/s3"
)

// CloudWatch dashboards (oracle/dashboard.js).

func init() {
	register(
		Case{Name: "dashboard-text", Build: func(app *constructs.App) {
			s := constructs.NewStack(app, "Observe", constructs.StackProps{})
			d := cloudwatch.NewDashboard(s, "Dashboard", cloudwatch.DashboardProps{})
			d.AddWidgets(cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{Markdown: "# Releases\nBuilt by \"forma\""}))
		}},
		Case{Name: "dashboard-widgets", Build: dashboardWidgets},
		Case{Name: "dashboard-release-trigger", Build: dashboardReleaseTrigger},
	)
}

func dashboardWidgets(app *constructs.App) {
	s := constructs.NewStack(app, "Observe", constructs.StackProps{})
	f := lambda.NewFunction(s, "Trigger", lambda.FunctionProps{
		Runtime: lambda.Python312, Handler: "index.handler",
		Code: lambda.CodeFromInline("def handler(event, context):\n    pass\n"),
	})
	project := codebuild.NewPipelineProject(s, "Build", codebuild.PipelineProjectProps{})
	cpu := cloudwatch.Metric{
		Namespace: "ContainerInsights", MetricName: "node_cpu_utilization",
		DimensionsMap: map[string]string{"ClusterName": "platform"}, Statistic: "Average", Period: time.Minute,
	}
	mem := cloudwatch.Metric{
		Namespace: "ContainerInsights", MetricName: "node_memory_utilization",
		DimensionsMap: map[string]string{"ClusterName": "platform"}, Label: "Memory %",
	}
	custom := cloudwatch.Metric{Namespace: "Electrify", MetricName: "Releases", Statistic: "Sum", Unit: "Count"}
	alarm := f.MetricErrors().CreateAlarm(s, "Errors", cloudwatch.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1})
	d := cloudwatch.NewDashboard(s, "Dashboard", cloudwatch.DashboardProps{DashboardName: "electrify", DefaultInterval: 7 * 24 * time.Hour})
	d.AddWidgets(cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{Markdown: "# Electrify", Width: 24, Height: 2}))
	d.AddWidgets(
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
			Title:   "Builds",
			Left:    []cloudwatch.Metric{project.MetricSucceededBuilds(), project.MetricFailedBuilds()},
			Right:   []cloudwatch.Metric{project.MetricDuration()},
			Stacked: true,
			Width:   12,
		}),
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
			Title:           "Nodes",
			Left:            []cloudwatch.Metric{cpu, mem},
			LeftYAxis:       &cloudwatch.YAxisProps{Min: new(0.0), Max: new(100.0)},
			LeftAnnotations: []cloudwatch.HorizontalAnnotation{{Value: 80, Label: "busy", Color: "#d62728", Fill: cloudwatch.ShadingAbove}},
			Period:          5 * time.Minute,
			Statistic:       "Maximum",
			View:            cloudwatch.ViewTimeSeries,
		}),
	)
	d.AddWidgets(
		cloudwatch.NewSingleValueWidget(cloudwatch.SingleValueWidgetProps{Title: "Releases", Metrics: []cloudwatch.Metric{custom}, Sparkline: true}),
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{Title: "Trigger", Left: []cloudwatch.Metric{f.MetricInvocations(), f.MetricErrors()}, Right: []cloudwatch.Metric{f.MetricDuration()}, Height: 8}),
		cloudwatch.NewAlarmWidget(cloudwatch.AlarmWidgetProps{Title: "Trigger errors", Alarm: alarm}),
	)
}

func dashboardReleaseTrigger(app *constructs.App) {
	s := constructs.NewStack(app, "Observe", constructs.StackProps{})
	f := lambda.NewFunction(s, "Trigger", lambda.FunctionProps{
		Runtime: lambda.Python312, Handler: "index.handler",
		Code: lambda.CodeFromInline("def handler(event, context):\n    pass\n"),
	})
	p := codepipeline.NewPipeline(s, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	bucket := s3.BucketFromBucketName(s, "Drop", "drop-bucket")
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Drop"}, Bucket: bucket, BucketKey: "drop.zip", Output: codepipeline.NewArtifact(""), Trigger: actions.TriggerPoll}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}}),
	}})
	p.GrantStartExecution(f)
	f.AddPermission("Alexa", lambda.Permission{
		Principal:        iam.NewServicePrincipal("alexa-appkit.amazon.com"),
		EventSourceToken: "amzn1.ask.skill.12345678-1234-1234-1234-123456789012",
	})
}
