package s3

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/token"
)

// The actions of the AWS CDK's bucket grants (without the ACL actions, as
// with @aws-cdk/aws-s3:grantWriteWithoutAcl).
var (
	readActions   = []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}
	putActions    = []string{"s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"}
	deleteActions = []string{"s3:DeleteObject*"}

	readKeyActions = []string{"kms:Decrypt", "kms:DescribeKey"}
	putKeyActions  = []string{"kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Decrypt"}
)

func concat(lists ...[]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lists {
		for _, a := range l {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func objectARNs(b IBucket, patterns []string) []string {
	if len(patterns) == 0 {
		patterns = []string{"*"}
	}
	out := make([]string, len(patterns))
	for i, p := range patterns {
		out[i] = b.ARNForObjects(p)
	}
	return out
}

// grant is the AWS CDK's BucketBase.grant: the bucket actions go to the
// grantee's policy when it is a role of the bucket's account, otherwise to
// a bucket policy statement naming it; the key actions go to the bucket's
// key, if any, through the key's own grant.
func grant(b IBucket, what string, grantee iam.IGrantable, actions, keyActions, arns []string) *iam.Grant {
	grantee = constructs.NormalizeNil(grantee)
	if grantee == nil {
		b.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{what + " was given a nil grantee: pass a role or a principal"}
		}))
		return &iam.Grant{}
	}
	g := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee: grantee, Actions: actions, ResourceARNs: arns, Resource: b,
	})
	if key := b.EncryptionKey(); key != nil && len(keyActions) > 0 {
		key.Grant(grantee, keyActions...)
	}
	return iam.RequireSuccess(g, b, what, grantee)
}

func grantRead(b IBucket, grantee iam.IGrantable, patterns []string) *iam.Grant {
	return grant(b, "GrantRead", grantee, readActions, readKeyActions, append([]string{b.BucketARN()}, objectARNs(b, patterns)...))
}

func grantWrite(b IBucket, grantee iam.IGrantable, patterns []string) *iam.Grant {
	return grant(b, "GrantWrite", grantee, concat(deleteActions, putActions), putKeyActions, append([]string{b.BucketARN()}, objectARNs(b, patterns)...))
}

func grantReadWrite(b IBucket, grantee iam.IGrantable, patterns []string) *iam.Grant {
	return grant(b, "GrantReadWrite", grantee, concat(readActions, deleteActions, putActions), concat(readKeyActions, putKeyActions), append([]string{b.BucketARN()}, objectARNs(b, patterns)...))
}

func grantPut(b IBucket, grantee iam.IGrantable, patterns []string) *iam.Grant {
	return grant(b, "GrantPut", grantee, putActions, putKeyActions, objectARNs(b, patterns))
}

func grantDelete(b IBucket, grantee iam.IGrantable, patterns []string) *iam.Grant {
	return grant(b, "GrantDelete", grantee, deleteActions, nil, objectARNs(b, patterns))
}

// BucketName returns the bucket's name (Ref).
func (b *Bucket) BucketName() string { return b.Resource.Ref() }

// BucketARN returns the bucket's ARN (Fn::GetAtt Arn).
func (b *Bucket) BucketARN() string { return b.Resource.AttrArn() }

// BucketDomainName returns the bucket's DomainName attribute.
func (b *Bucket) BucketDomainName() string { return b.Resource.AttrDomainName() }

// BucketRegionalDomainName returns the bucket's RegionalDomainName attribute.
func (b *Bucket) BucketRegionalDomainName() string { return b.Resource.AttrRegionalDomainName() }

// ARNForObjects returns BucketARN + "/" + keyPattern.
func (b *Bucket) ARNForObjects(keyPattern string) string { return b.BucketARN() + "/" + keyPattern }

// EncryptionKey returns the bucket's KMS key (given or created), nil when
// it is not encrypted with EncryptionKMS.
func (b *Bucket) EncryptionKey() kms.IKey { return b.key }

// GrantRead lets grantee read the bucket and the objects matching the key
// patterns (default "*"): s3:GetObject*, s3:GetBucket*, s3:List*, and
// kms:Decrypt, kms:DescribeKey on the bucket's key.
func (b *Bucket) GrantRead(grantee iam.IGrantable, objectsKeyPattern ...string) *iam.Grant {
	return grantRead(b, grantee, objectsKeyPattern)
}

// GrantWrite lets grantee put and delete objects (and encrypt with the key).
func (b *Bucket) GrantWrite(grantee iam.IGrantable, objectsKeyPattern ...string) *iam.Grant {
	return grantWrite(b, grantee, objectsKeyPattern)
}

// GrantReadWrite is GrantRead and GrantWrite in one statement.
func (b *Bucket) GrantReadWrite(grantee iam.IGrantable, objectsKeyPattern ...string) *iam.Grant {
	return grantReadWrite(b, grantee, objectsKeyPattern)
}

// GrantPut lets grantee put objects matching the patterns.
func (b *Bucket) GrantPut(grantee iam.IGrantable, objectsKeyPattern ...string) *iam.Grant {
	return grantPut(b, grantee, objectsKeyPattern)
}

// GrantDelete lets grantee delete objects matching the patterns.
func (b *Bucket) GrantDelete(grantee iam.IGrantable, objectsKeyPattern ...string) *iam.Grant {
	return grantDelete(b, grantee, objectsKeyPattern)
}

// BucketAttributes describe a bucket defined elsewhere.
type BucketAttributes struct {
	// BucketName or BucketARN is required; the other is derived.
	BucketName string
	BucketARN  string
	// EncryptionKey is the bucket's KMS key, so grants include it.
	EncryptionKey kms.IKey
}

type importedBucket struct {
	constructs.Base
	name, arn string
	key       kms.IKey
}

// BucketFromBucketName imports a bucket by name; its ARN is
// arn:PARTITION:s3:::NAME.
func BucketFromBucketName(scope constructs.Construct, id, name string) IBucket {
	return BucketFromBucketAttributes(scope, id, BucketAttributes{BucketName: name})
}

// BucketFromBucketARN imports a bucket by ARN; its name is the ARN's last
// part.
func BucketFromBucketARN(scope constructs.Construct, id, arn string) IBucket {
	return BucketFromBucketAttributes(scope, id, BucketAttributes{BucketARN: arn})
}

// BucketFromBucketAttributes imports a bucket; its policy is not managed
// here, so grants add to the grantee's own policy only.
func BucketFromBucketAttributes(scope constructs.Construct, id string, attrs BucketAttributes) IBucket {
	b := &importedBucket{name: attrs.BucketName, arn: attrs.BucketARN, key: constructs.NormalizeNil(attrs.EncryptionKey)}
	b.Base = constructs.NewBase(b, scope, id)
	switch {
	case b.name == "" && b.arn == "":
		b.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"an imported bucket needs BucketName or BucketARN"}
		}))
	case b.name == "" && !token.IsUnresolved(b.arn):
		b.name = b.arn[strings.LastIndex(b.arn, ":")+1:]
	case b.name == "":
		b.name = cfn.Select(5, cfn.Split(":", b.arn))
	case b.arn == "":
		b.arn = "arn:" + constructs.StackOf(b).Partition() + ":s3:::" + b.name
	}
	return b
}

func (b *importedBucket) BucketName() string                     { return b.name }
func (b *importedBucket) BucketARN() string                      { return b.arn }
func (b *importedBucket) ARNForObjects(keyPattern string) string { return b.arn + "/" + keyPattern }
func (b *importedBucket) EncryptionKey() kms.IKey                { return b.key }

// AddToResourcePolicy returns false: an imported bucket's policy is not
// managed here.
func (b *importedBucket) AddToResourcePolicy(*iam.PolicyStatement) bool { return false }

func (b *importedBucket) GrantRead(g iam.IGrantable, p ...string) *iam.Grant {
	return grantRead(b, g, p)
}
func (b *importedBucket) GrantWrite(g iam.IGrantable, p ...string) *iam.Grant {
	return grantWrite(b, g, p)
}
func (b *importedBucket) GrantReadWrite(g iam.IGrantable, p ...string) *iam.Grant {
	return grantReadWrite(b, g, p)
}
func (b *importedBucket) GrantPut(g iam.IGrantable, p ...string) *iam.Grant { return grantPut(b, g, p) }
func (b *importedBucket) GrantDelete(g iam.IGrantable, p ...string) *iam.Grant {
	return grantDelete(b, g, p)
}
