package s3

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3/s3cfn"
)

// BucketPolicyProps configures NewBucketPolicy.
type BucketPolicyProps struct {
	// Bucket the policy applies to (required).
	Bucket IBucket
	// RemovalPolicy default: none written.
	RemovalPolicy cfn.RemovalPolicy
}

// BucketPolicy is an AWS::S3::BucketPolicy, the AWS CDK's BucketPolicy. A
// Bucket creates its own as the child "Policy" when a statement is first
// added.
type BucketPolicy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *s3cfn.CfnBucketPolicy
	// Document is the policy document.
	Document *iam.PolicyDocument
}

// NewBucketPolicy creates a bucket policy.
func NewBucketPolicy(scope constructs.Construct, id string, props BucketPolicyProps) *BucketPolicy {
	props.Bucket = constructs.NormalizeNil(props.Bucket)
	p := &BucketPolicy{Document: iam.NewPolicyDocument(iam.PolicyDocumentProps{})}
	p.Base = constructs.NewBase(p, scope, id)
	name := ""
	if props.Bucket == nil {
		p.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"BucketPolicyProps.Bucket is required: set the bucket the policy applies to"}
		}))
	} else {
		name = props.Bucket.BucketName()
	}
	p.Resource = s3cfn.NewCfnBucketPolicy(p, "Resource", s3cfn.CfnBucketPolicyProps{Bucket: name, PolicyDocument: p.Document})
	if props.RemovalPolicy != "" {
		p.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	return p
}

// AddToResourcePolicy adds a statement to the bucket policy, created as the
// child "Policy" on first use (the AWS CDK's bucket policy), and reports
// true.
func (b *Bucket) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	if b.Policy == nil {
		b.Policy = NewBucketPolicy(b, "Policy", BucketPolicyProps{Bucket: b})
	}
	b.Policy.Document.AddStatements(s)
	return true
}
