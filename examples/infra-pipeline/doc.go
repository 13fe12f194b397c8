// Command infra-pipeline releases infrastructure the way code is released:
// a self-updating forma pipeline (package pipelines, the AWS CDK's CDK
// Pipelines) in its own stack, InfraPipeline, that synthesizes this app on
// every push to main, updates itself, and deploys the Bonjour service — a
// VPC, an ECS cluster and a load-balanced Fargate service — as an
// application stage: first to Test, in the pipeline's account, where a
// smoke test curls the service's URL output; then, after a manual
// approval, to Prod, in another account and region, through that account's
// bootstrap roles (bootstrap it with `forma bootstrap --trust
// 111111111111 --cloudformation-execution-policies ARN`).
//
// `go run ./examples/infra-pipeline list` prints the stacks (the pipeline's
// support stack in Prod's region, InfraPipeline, Test/Bonjour,
// Prod/Bonjour); from this directory, `go run . pipeline simulate
// InfraPipeline --approve-all` runs what the pipeline would run on this
// machine, against the configured endpoint (its synth step runs `go run .
// synth` here). Its snapshot is snapshots/infra-pipeline.
package main
