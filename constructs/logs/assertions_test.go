package logs_test

import (
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
)

// TestLogGroupDefaults states the log group's behaviour the golden file
// holds: two years' retention and retained by default, no retention and
// deleted when asked, and grants as one statement per grant on the role's
// default policy.
func TestLogGroupDefaults(t *testing.T) {
	app := logsApp()
	tpl := assertions.FromStack(t, app.Node().FindChild("Logs").(*constructs.Stack))
	tpl.ResourceCountIs("AWS::Logs::LogGroup", 3)
	tpl.HasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":     assertions.ObjectEquals(map[string]any{"RetentionInDays": 731}),
		"DeletionPolicy": "Retain",
	})
	tpl.HasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":     assertions.Absent(),
		"DeletionPolicy": "Delete",
	})
	tpl.HasResourceProperties("AWS::Logs::LogGroup", map[string]any{"LogGroupName": "/app/web", "RetentionInDays": 7})
	group := assertions.NewCapture()
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{
			map[string]any{
				"Action":   []any{"logs:CreateLogStream", "logs:PutLogEvents"},
				"Resource": map[string]any{"Fn::GetAtt": []any{group, "Arn"}},
			},
			map[string]any{"Action": "logs:DescribeLogStreams"},
		})},
		"Roles": []any{map[string]any{"Ref": assertions.StringLikeRegexp("^Writer")}},
	})
	tpl.HasResourceProperties("AWS::Logs::LogGroup", map[string]any{"LogGroupName": "/app/web"})
	if got := tpl.FindResources("AWS::Logs::LogGroup", map[string]any{"Properties": map[string]any{"LogGroupName": "/app/web"}}); got[group.AsString()] == nil {
		t.Errorf("the write grant names %s, not the /app/web group", group.AsString())
	}
}
