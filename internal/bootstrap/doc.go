// Package bootstrap builds the toolkit stack that deployments rely on, with
// the resources, names, parameters and outputs of the AWS CDK's modern
// bootstrap template (version Version, stack CDKToolkit, qualifier
// hnb659fds), so an account bootstrapped by either tool works with both:
//
//   - the asset bucket cdk-QUALIFIER-assets-ACCOUNT-REGION: KMS-encrypted
//     (a new key, the AWS-managed S3 key with FileAssetsBucketKmsKeyId
//     AWS_MANAGED_KEY, or a given key), versioned, public access blocked
//     (PublicAccessBlockConfiguration), noncurrent versions expired after
//     30 days, incomplete multipart uploads aborted after a day, retained
//     on deletion, and a bucket policy denying requests without TLS;
//   - the ECR repository cdk-QUALIFIER-container-assets-ACCOUNT-REGION:
//     immutable tags, untagged images expired, pullable by Lambda and EMR
//     Serverless in the account;
//   - the roles cdk-QUALIFIER-{deploy,file-publishing,image-publishing,
//     lookup,cfn-exec}-role-ACCOUNT-REGION with the CDK's trust (the
//     account, TrustedAccounts, TrustedAccountsForLookup for lookups; no
//     ExternalId unless DenyExternalId is false) and permissions (the
//     execution role gets CloudFormationExecutionPolicies, or
//     AdministratorAccess when neither they nor trusted accounts are
//     given);
//   - the SSM parameter /cdk-bootstrap/QUALIFIER/version holding Version,
//     and the outputs BucketName, BucketDomainName, ImageRepositoryName,
//     BootstrapVersion and the export CdkBootstrap-QUALIFIER-FileAssetKeyArn.
//
// Deliberate differences from the CDK's template, none of which changes a
// resource: references to resources are written as Ref, Fn::GetAtt and
// Fn::Join where the CDK writes Fn::Sub "${X.Arn}" (the same values); the
// template is JSON, without the CDK's comments. BootstrapVariant keeps the CDK's default
// "AWS CDK: Default Resources", because the resources are the CDK's and the
// CDK's CLI refuses to update a toolkit stack of another variant.
//
// Invariants: the template is built from forma's own L1 constructs and
// synthesized by forma's synthesizer; it is deterministic; the version in
// the SSM parameter and in the BootstrapVersion output are the same
// literal (an Fn::GetAtt of a just-created parameter is eventually
// consistent); a test compares it, resource by resource, with the CDK's
// bootstrap-template.yaml when FORMA_CDK_BOOTSTRAP_TEMPLATE names one.
package bootstrap
