package synth_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
	"github.com/forma-iac/forma/synth"
)

// TestUnhonouredFlagWarning checks that a feature flag forma does not honour
// yet, set in the context, gives one warning naming it.
func TestUnhonouredFlagWarning(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{"@aws-cdk/aws-ecs:removeEmptyLoadBalancers": true}})
	snscfn.NewCfnTopic(constructs.NewStack(app, "S", constructs.StackProps{}), "T", snscfn.CfnTopicProps{})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(asm.Warnings) != 1 || !strings.Contains(asm.Warnings[0], "@aws-cdk/aws-ecs:removeEmptyLoadBalancers") {
		t.Errorf("warnings %q; want one naming the flag", asm.Warnings)
	}
}
