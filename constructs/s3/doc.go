// Package s3 holds forma's constructs for AWS::S3: the CloudFormation resource types
// AWS::S3::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2s Bucket and BucketPolicy.
//
// A Bucket with zero props is the AWS CDK's default bucket: an AWS::S3::Bucket with no
// Properties, retained when removed from the stack. Nothing about encryption or public
// access is written, as in the AWS CDK, because S3 itself encrypts every new object with
// SSE-S3 and blocks public access on every new bucket; set Encryption and BlockPublicAccess
// to write them. EncryptionKMS without a key creates one (child "Key", rotation on);
// EnforceSSL adds the bucket policy (child "Policy") statement denying requests without TLS;
// Versioned enables versioning; lifecycle rules are written in the order added. The
// AWS CDK's autoDeleteObjects needs a Lambda asset and is refused with a synthesis error.
//
// Grants (GrantRead, GrantWrite, GrantReadWrite, GrantPut, GrantDelete) give a role of the
// bucket's account an identity policy statement and name any other principal in the bucket
// policy; the bucket's KMS key, if any, is granted the matching kms actions through the
// key's own grant. BucketFromBucketName, BucketFromBucketARN and BucketFromBucketAttributes
// import a bucket whose policy is not managed here. OnCloudTrailEvent, OnCloudTrailPutObject
// and OnCloudTrailWriteObject create EventBridge rules, children of the bucket, with the AWS
// CDK's CloudTrail event patterns (a pipeline's S3 source trigger).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package s3
