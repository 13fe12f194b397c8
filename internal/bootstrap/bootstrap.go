package bootstrap

import (
	"fmt"
	"strconv"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/ssm"
	"github.com/forma-iac/forma/synth"
)

// Names of the toolkit stack and its resources.
const (
	StackName        = "CDKToolkit"
	Qualifier        = "hnb659fds"
	VersionParameter = "/cdk-bootstrap/" + Qualifier + "/version"
	// Version is the bootstrap version this template provides: the AWS
	// CDK's version with the same asset bucket, repository and parameter.
	Version = 30
)

// Template returns the toolkit stack's template, as JSON.
func Template() ([]byte, error) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, StackName, constructs.StackProps{})
	bucket := s3.NewCfnBucket(stack, "StagingBucket", s3.CfnBucketProps{
		BucketName: new(cfn.Sub("cdk-" + Qualifier + "-assets-${AWS::AccountId}-${AWS::Region}")),
		BucketEncryption: &s3.CfnBucket_BucketEncryptionProperty{
			ServerSideEncryptionConfiguration: []s3.CfnBucket_ServerSideEncryptionRuleProperty{{
				ServerSideEncryptionByDefault: &s3.CfnBucket_ServerSideEncryptionByDefaultProperty{SSEAlgorithm: "aws:kms"},
			}},
		},
		PublicAccessBlockConfiguration: &s3.CfnBucket_PublicAccessBlockConfigurationProperty{
			BlockPublicAcls: new(true), BlockPublicPolicy: new(true), IgnorePublicAcls: new(true), RestrictPublicBuckets: new(true),
		},
		VersioningConfiguration: &s3.CfnBucket_VersioningConfigurationProperty{Status: "Enabled"},
		LifecycleConfiguration: &s3.CfnBucket_LifecycleConfigurationProperty{
			Rules: []s3.CfnBucket_RuleProperty{
				{
					// Old versions of assets are kept a year, as the
					// CDK's bootstrap keeps them.
					Id:                          new("CleanupOldVersions"),
					Status:                      "Enabled",
					NoncurrentVersionExpiration: &s3.CfnBucket_NoncurrentVersionExpirationProperty{NoncurrentDays: 365},
				},
				{
					Id:                             new("AbortIncompleteMultipartUploads"),
					Status:                         "Enabled",
					AbortIncompleteMultipartUpload: &s3.CfnBucket_AbortIncompleteMultipartUploadProperty{DaysAfterInitiation: 1},
				},
			},
		},
	})
	bucket.ApplyRemovalPolicy(cfn.PolicyRetain)
	repo := ecr.NewCfnRepository(stack, "ContainerAssetsRepository", ecr.CfnRepositoryProps{
		RepositoryName:             new(cfn.Sub("cdk-" + Qualifier + "-container-assets-${AWS::AccountId}-${AWS::Region}")),
		ImageTagMutability:         new("IMMUTABLE"),
		ImageScanningConfiguration: &ecr.CfnRepository_ImageScanningConfigurationProperty{ScanOnPush: new(true)},
		EncryptionConfiguration:    &ecr.CfnRepository_EncryptionConfigurationProperty{EncryptionType: "AES256"},
	})
	ssm.NewCfnParameter(stack, "CdkBootstrapVersion", ssm.CfnParameterProps{
		Name:  new(VersionParameter),
		Type:  "String",
		Value: strconv.Itoa(Version),
	})
	cfn.NewOutput(stack, "BucketName", cfn.OutputProps{Value: bucket.Ref(), Description: "The name of the S3 bucket owned by the CDK toolkit stack"})
	cfn.NewOutput(stack, "BucketDomainName", cfn.OutputProps{Value: bucket.AttrRegionalDomainName(), Description: "The domain name of the S3 bucket owned by the CDK toolkit stack"})
	cfn.NewOutput(stack, "ImageRepositoryName", cfn.OutputProps{Value: repo.Ref(), Description: "The name of the ECR repository which hosts docker image assets"})
	cfn.NewOutput(stack, "BootstrapVersion", cfn.OutputProps{Value: strconv.Itoa(Version), Description: "The version of the bootstrap resources that are currently mastered in this stack"})
	asm, err := synth.Synthesize(app)
	if err != nil {
		return nil, fmt.Errorf("synthesizing the bootstrap stack: %w", err)
	}
	return asm.Stack(StackName).TemplateJSON, nil
}
