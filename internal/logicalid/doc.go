// Package logicalid computes CloudFormation logical IDs from construct paths
// exactly as the AWS CDK does, so that a stack moved from the CDK to forma
// keeps its resources.
//
// Invariant: the result depends only on the path components given.
package logicalid
