// Package bootstrap builds the toolkit stack that deployments rely on,
// named as the AWS CDK's modern bootstrap names it (stack CDKToolkit,
// qualifier hnb659fds), so an account bootstrapped by either tool works
// with the other's asset locations: the asset bucket
// cdk-hnb659fds-assets-ACCOUNT-REGION (encrypted, versioned, public access
// blocked, old versions and incomplete uploads expired, retained on
// deletion), the ECR repository cdk-hnb659fds-container-assets-ACCOUNT-REGION
// and the SSM parameter /cdk-bootstrap/hnb659fds/version holding Version.
//
// Invariants: the template is built from forma's own L1 constructs and
// synthesized by forma's synthesizer; it is deterministic; its outputs
// BucketName, BucketDomainName, ImageRepositoryName and BootstrapVersion
// are the CDK's.
package bootstrap
