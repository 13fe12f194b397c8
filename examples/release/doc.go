// Command release is the release process in one stack: a CodeCommit
// repository and an ECR repository as sources, a Maven CodeBuild project
// with its Surefire test reports, an ECS Fargate service behind a load
// balancer deployed blue/green by CodeDeploy (production listener 80, test
// listener 8080, a 10 % canary for 5 minutes, rolled back on failure and
// on a 5xx alarm), a Lambda function whose "live" alias CodeDeploy shifts
// by a 10 % canary for 10 minutes, an EC2 fleet deployed by tag half at a
// time, and a nightly EventBridge schedule that starts the pipeline.
//
// `go run ./examples/release synth` prints the template; its snapshot is
// snapshots/release and parity/oracle/release.js is the same program
// written with the AWS CDK.
package main
