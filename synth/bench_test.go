package synth_test

import (
	"fmt"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/synth"
)

// bigApp builds stacks × perStack typed L1 resources; each resource
// references the previous one, and each stack's first resource references
// the previous stack, so references, exports and tags are exercised.
func bigApp(stacks, perStack int) *constructs.App {
	app := newApp()
	var prev *sqscfn.CfnQueue
	for i := 0; i < stacks; i++ {
		s := constructs.NewStack(app, fmt.Sprintf("Stack%d", i), constructs.StackProps{})
		for j := 0; j < perStack; j++ {
			props := sqscfn.CfnQueueProps{
				QueueName:         new(fmt.Sprintf("q-%d-%d", i, j)),
				VisibilityTimeout: new(30),
				Tags:              []cfn.Tag{{Key: "n", Value: fmt.Sprint(j)}},
			}
			if prev != nil {
				props.RedrivePolicy = map[string]any{"deadLetterTargetArn": prev.AttrArn(), "maxReceiveCount": 5}
			}
			prev = sqscfn.NewCfnQueue(s, fmt.Sprintf("Queue%d", j), props)
		}
	}
	return app
}

func benchmarkSynth(b *testing.B, stacks, perStack int) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		app := bigApp(stacks, perStack)
		b.StartTimer()
		if _, err := synth.Synthesize(app); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stacks*perStack), "resources")
}

// BenchmarkSynth10k is the 100 stacks × 100 resources app; the 1k and 4k
// variants show how time grows with the number of resources.
func BenchmarkSynth10k(b *testing.B) { benchmarkSynth(b, 100, 100) }
func BenchmarkSynth4k(b *testing.B)  { benchmarkSynth(b, 40, 100) }
func BenchmarkSynth1k(b *testing.B)  { benchmarkSynth(b, 10, 100) }
