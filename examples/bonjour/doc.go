// Command bonjour is forma's flagship: a VPC, an ECS cluster and a
// load-balanced Fargate service, the AWS CDK's best-known example.
package main
