package synth_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/synth"
	"github.com/google/go-cmp/cmp"
)

// BenchmarkSynth10kNoValidation is BenchmarkSynth10k without the schema
// check: the difference is the check's cost (at most 200 ms).
func BenchmarkSynth10kNoValidation(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		app := bigApp(100, 100)
		b.StartTimer()
		if _, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(10000, "resources")
}

func TestSchemaErrorsNameConstructAndProperty(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	q := sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{VisibilityTimeout: new(50000)})
	q.AddPropertyOverride("FifoQueu", true)
	cfn.NewResource(s, "Policy", "AWS::SQS::QueuePolicy", map[string]any{"PolicyDocument": map[string]any{}, "Queues": q.Ref()})
	got := synthErrors(t, app)
	want := []string{
		"S/Policy: AWS::SQS::QueuePolicy property Queues: wanted a list (a Ref to a resource or a string parameter gives a string; use a List<...> parameter, Fn::Split or a list literal), given {\"Ref\":\"Queue\"} (a string)",
		"S/Queue: AWS::SQS::Queue property FifoQueu: wanted FifoQueue (the closest known property), given unknown property FifoQueu",
		"S/Queue: AWS::SQS::Queue property VisibilityTimeout: wanted a number from 0 to 43200, given 50000",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if _, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true}); err != nil {
		t.Errorf("with NoValidation: %v", err)
	}
}

func TestReadOnlyPropertyIsAWarning(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewResource(s, "Queue", "AWS::SQS::Queue", map[string]any{"Arn": "arn:aws:sqs:us-east-1:111111111111:q"})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(asm.Warnings) != 1 || !strings.Contains(asm.Warnings[0], "S/Queue: AWS::SQS::Queue property Arn: wanted no value: Arn is read-only") {
		t.Errorf("warnings = %q", asm.Warnings)
	}
}
