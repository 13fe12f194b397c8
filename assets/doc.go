// Package assets adds local files, directories and container images to a
// stack, as the AWS CDK's assets: each is fingerprinted by content when it
// is added, staged into the cloud assembly at synthesis (asset.<hash>),
// listed in the stack's asset manifest (<Stack>.assets.json) with the
// bootstrap bucket or repository and publishing role of the AWS CDK's
// default synthesizer, and published by forma's deploy and publish
// commands (or by the AWS CDK CLI) before the stack deploys.
//
// NewAsset is the construct (the CDK's aws_s3_assets.Asset); AddFileAsset
// and AddDockerImageAsset are the stack-level calls constructs such as
// lambda.CodeFromAsset and ecs images build on.
//
// Fingerprints are the CDK's: the same source has the same hash in forma
// and in the CDK, so moving a stack between them does not update its
// functions. Symbolic links inside a source are followed (see
// internal/assetfs); a link that points nowhere is an error.
package assets
