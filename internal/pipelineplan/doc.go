// Package pipelineplan describes, as plain data, what a forma pipeline runs
// and in which order: its synth step, whether it updates itself and publishes
// assets, and its waves of stages of stacks with the steps before and after
// each. The pipelines package produces a Plan from the construct tree; the
// command line's "pipeline simulate" consumes one and runs it on this machine
// (the synth step's commands, then each stage's stacks through the deploy
// engine). The two meet only here, so the plan is the contract between them.
package pipelineplan
