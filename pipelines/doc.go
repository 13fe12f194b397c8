// Package pipelines builds self-updating pipelines that deploy forma apps,
// the AWS CDK's pipelines module (CDK Pipelines) in Go.
//
// A CodePipeline is made in the pipeline's own stack from a source
// (CodePipelineSourceConnection for GitHub, Bitbucket and GitLab through a
// CodeStar connection, CodePipelineSourceCodeCommit, CodePipelineSourceS3)
// and a synth step (GoSynth, or a ShellStep) that writes the cloud
// assembly. AddStage and AddWave add the stages (constructs.Stage) it
// deploys, each stack through a CloudFormation change set and the target
// environment's bootstrap roles, with steps before and after
// (ManualApprovalStep, ShellStep, CodeBuildStep; EnvFromCfnOutputs reads
// outputs of stacks deployed earlier).
//
// Invariants: the pipeline is laid out as the AWS CDK lays it out (the same
// stages, action names, run orders, roles and logical IDs); it is built
// once, by BuildPipeline or during synthesis, after every stage is added;
// every mistake (a stage added twice, a step reading an output of a stack
// deployed after it, a synth step without commands, …) is reported by
// synthesis on the pipeline's construct path, never as a panic. The
// pipeline's plan (PipelinePlan, package internal/pipelineplan) is what
// `forma pipeline simulate` runs.
package pipelines
