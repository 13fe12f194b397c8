package cfn_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
)

func TestConsumerResolver(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	a := constructs.NewStack(app, "A", constructs.StackProps{})
	b := constructs.NewStack(app, "B", constructs.StackProps{})
	q := cfn.NewResource(a, "Queue", "AWS::SQS::Queue", nil)
	local := cfn.NewResource(a, "Local", "AWS::SNS::Topic", map[string]any{"DisplayName": q.GetAtt("QueueName").String()})
	remote := cfn.NewResource(b, "Remote", "AWS::SNS::Topic", map[string]any{"DisplayName": q.GetAtt("QueueName").String()})
	resolve := func(r *cfn.UntypedResource) string {
		v, err := token.Resolve(&token.Context{Scope: r, Resolver: cfn.ConsumerResolver{}}, r.Properties)
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(strings.TrimSpace(toString(v)), " ", "")
	}
	if got := resolve(local); !strings.Contains(got, "Fn::GetAtt") {
		t.Errorf("same stack: %s", got)
	}
	if got := resolve(remote); !strings.Contains(got, "Fn::ImportValue") || !strings.Contains(got, "A:ExportsOutputFnGetAttQueue") {
		t.Errorf("other stack: %s", got)
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case map[string]any:
		var b strings.Builder
		for k, e := range x {
			b.WriteString(k + ":" + toString(e) + ";")
		}
		return b.String()
	case []any:
		var b strings.Builder
		for _, e := range x {
			b.WriteString(toString(e) + ",")
		}
		return b.String()
	case string:
		return x
	}
	return ""
}
