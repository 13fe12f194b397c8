package deploy

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/forma-iac/forma/internal/golden"
)

// Golden rendering of the same events in both progress modes, with the
// clock fixed: the table shows elapsed time per resource and is redrawn
// in place (ANSI cursor-up and clear), lines printed with Line go above it.
func TestRenderers(t *testing.T) {
	st := &Stack{Name: "Storage", DisplayName: "Storage", LogicalIDPaths: map[string]string{"Queue": "/Storage/Queue/Resource"}}
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ev := func(sec int, id, typ, status, reason string) types.StackEvent {
		return types.StackEvent{
			Timestamp: aws.Time(t0.Add(time.Duration(sec) * time.Second)), LogicalResourceId: aws.String(id),
			ResourceType: aws.String(typ), ResourceStatus: types.ResourceStatus(status), ResourceStatusReason: aws.String(reason),
		}
	}
	events := []types.StackEvent{
		ev(0, "Storage", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
		ev(1, "Queue", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", ""),
		ev(1, "Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", ""),
		ev(2, "Queue", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
		ev(64, "Queue", "AWS::SQS::Queue", "CREATE_FAILED", "Access Denied"),
		ev(64, "Bucket", "AWS::S3::Bucket", "CREATE_FAILED", "Resource creation cancelled"),
		ev(65, "Storage", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Queue]. Rollback requested by user."),
	}
	now := t0.Add(70 * time.Second)
	for _, mode := range []string{ProgressEvents, ProgressBar} {
		var b bytes.Buffer
		r := NewRenderer(mode, &b, func() time.Time { return now }, time.UTC)
		r.Line("Storage: deploying...")
		for _, e := range events {
			r.Event(st, e)
		}
		r.Line("a message")
		r.Done(st)
		golden.Check(t, "testdata/render."+mode+".txt", strings.ReplaceAll(b.String(), "\x1b", "<ESC>"))
	}
	causes := RootCauses(st, events)
	if len(causes) != 1 || *causes[0].LogicalResourceId != "Queue" {
		t.Errorf("root causes = %v, want the Queue failure only", causes)
	}
}
