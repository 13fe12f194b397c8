package lambda

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
	"github.com/forma-iac/forma/constructs/s3"
)

// Code is a function's deployment package. CodeFromAsset (a local
// directory or zip file, published as an asset), CodeFromInline and
// CodeFromBucket make one; NewGoFunction builds its own from a Go package.
type Code interface {
	// Bind returns the Code property of the function scope.
	Bind(scope constructs.Construct) CodeConfig
}

// CodeConfig is a bound Code.
type CodeConfig struct {
	// Code is the L1 Code property.
	Code lambdacfn.CfnFunction_CodeProperty
	// Inline reports inline source (ZipFile), which only some runtimes run.
	Inline bool
	// Problems are mistakes to report at synthesis, on the function.
	Problems []string
}

type inlineCode string

// CodeFromInline is source code written in the template (ZipFile), as the
// AWS CDK's Code.fromInline: Node.js and Python runtimes only, at most
// 4096 bytes, not empty.
func CodeFromInline(source string) Code { return inlineCode(source) }

func (c inlineCode) Bind(constructs.Construct) CodeConfig {
	cfg := CodeConfig{Code: lambdacfn.CfnFunction_CodeProperty{ZipFile: new(string(c))}, Inline: true}
	switch {
	case len(c) == 0:
		cfg.Problems = append(cfg.Problems, "inline code is empty: give CodeFromInline the function's source")
	case len(c) > 4096:
		cfg.Problems = append(cfg.Problems, "inline code is longer than 4096 bytes, the ZipFile limit; put the code in an S3 object and use CodeFromBucket")
	}
	return cfg
}

type bucketCode struct {
	bucket  s3.IBucket
	key     string
	version string
}

// CodeFromBucket is a zip file in S3, as the AWS CDK's Code.fromBucket;
// objectVersion optionally pins the object version. The function's role is
// not granted read access (Lambda reads the object with the deployer's
// permissions).
func CodeFromBucket(bucket s3.IBucket, key string, objectVersion ...string) Code {
	c := bucketCode{bucket: bucket, key: key}
	if len(objectVersion) > 0 {
		c.version = objectVersion[0]
	}
	return c
}

func (c bucketCode) Bind(constructs.Construct) CodeConfig {
	cfg := CodeConfig{}
	b := constructs.NormalizeNil(c.bucket)
	if b == nil {
		cfg.Problems = append(cfg.Problems, "CodeFromBucket was given a nil bucket")
		return cfg
	}
	cfg.Code = lambdacfn.CfnFunction_CodeProperty{S3Bucket: new(b.BucketName()), S3Key: new(c.key)}
	if c.key == "" {
		cfg.Problems = append(cfg.Problems, "CodeFromBucket needs the object key of the zip file")
	}
	if c.version != "" {
		cfg.Code.S3ObjectVersion = new(c.version)
	}
	return cfg
}
