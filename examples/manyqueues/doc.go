// Command manyqueues is an app of 10,000 typed L1 resources: 100 stacks of
// 100 SQS queues, each queue's redrive policy naming the previous queue
// (across stacks too, so that exports are made), as synth's
// BenchmarkSynth10k builds it. The scale floors measure it as a built
// binary: `make bench-scale`.
package main
