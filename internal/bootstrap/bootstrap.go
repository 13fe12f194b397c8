package bootstrap

import (
	"fmt"
	"strconv"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ecr/ecrcfn"
	"github.com/forma-iac/forma/constructs/iam/iamcfn"
	"github.com/forma-iac/forma/constructs/kms/kmscfn"
	"github.com/forma-iac/forma/constructs/s3/s3cfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/synth"
)

// Names of the toolkit stack, its parameters and its outputs.
const (
	StackName = "CDKToolkit"
	// Qualifier is the default of the Qualifier parameter.
	Qualifier = "hnb659fds"
	// VersionParameter is the SSM parameter holding the version, with the
	// default qualifier.
	VersionParameter = "/cdk-bootstrap/" + Qualifier + "/version"
	// Version is the bootstrap version this template provides: the AWS
	// CDK's bootstrap template version with the same resources.
	Version = 33
	// Variant is the default of the BootstrapVariant parameter. The AWS
	// CDK's CLI refuses to overwrite a toolkit stack of another variant;
	// forma's template has the CDK's resources, so it declares the CDK's
	// default variant and either tool upgrades the other's stack.
	Variant = "AWS CDK: Default Resources"
	// AWSManagedKey as FileAssetsBucketKmsKeyId encrypts the asset bucket
	// with the S3 key AWS manages instead of a new customer-managed key.
	AWSManagedKey = "AWS_MANAGED_KEY"
)

// Parameter logical IDs, the names `--parameters`-style overrides use.
const (
	ParamTrustedAccounts                 = "TrustedAccounts"
	ParamTrustedAccountsForLookup        = "TrustedAccountsForLookup"
	ParamCloudFormationExecutionPolicies = "CloudFormationExecutionPolicies"
	ParamFileAssetsBucketName            = "FileAssetsBucketName"
	ParamFileAssetsBucketKmsKeyID        = "FileAssetsBucketKmsKeyId"
	ParamContainerAssetsRepositoryName   = "ContainerAssetsRepositoryName"
	ParamQualifier                       = "Qualifier"
	ParamPublicAccessBlockConfiguration  = "PublicAccessBlockConfiguration"
	ParamInputPermissionsBoundary        = "InputPermissionsBoundary"
	ParamUseExamplePermissionsBoundary   = "UseExamplePermissionsBoundary"
	ParamApplyPermissionsBoundaryToAll   = "ApplyPermissionsBoundaryToAllRoles"
	ParamBootstrapVariant                = "BootstrapVariant"
	ParamDenyExternalID                  = "DenyExternalId"
)

// Outputs the AWS CDK's tools read.
const (
	OutputBucketName          = "BucketName"
	OutputBucketDomainName    = "BucketDomainName"
	OutputImageRepositoryName = "ImageRepositoryName"
	OutputBootstrapVersion    = "BootstrapVersion"
)

// Template returns the toolkit stack's template, as JSON.
func Template() ([]byte, error) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, StackName, constructs.StackProps{
		Description: "This stack includes resources needed to deploy AWS CDK apps into this environment",
	})
	build(stack)
	asm, err := synth.Synthesize(app)
	if err != nil {
		return nil, fmt.Errorf("synthesizing the bootstrap stack: %w", err)
	}
	return asm.Stack(StackName).TemplateJSON, nil
}

// toolkit holds what one part of the template hands to another.
type toolkit struct {
	stack *constructs.Stack
	p     map[string]*cfn.Parameter
	c     map[string]*cfn.Condition
}

func (t *toolkit) param(id string, props cfn.ParameterProps) {
	t.p[id] = cfn.NewParameter(t.stack, id, props)
}

func (t *toolkit) cond(id string, expr *cfn.Intrinsic) { t.c[id] = cfn.NewCondition(t.stack, id, expr) }

// notEmpty holds when a parameter is not "" (a list parameter: has an
// element).
func (t *toolkit) notEmpty(id string, list bool) *cfn.Intrinsic {
	var v any = t.p[id].Reference("")
	if list {
		v = cfn.NewIntrinsic(map[string]any{"Fn::Join": []any{"", t.p[id].Reference("")}})
	}
	return cfn.Not(cfn.Equals("", v))
}

func build(stack *constructs.Stack) {
	t := &toolkit{stack: stack, p: map[string]*cfn.Parameter{}, c: map[string]*cfn.Condition{}}
	parameters(t)
	conditions(t)

	key := kmscfn.NewCfnKey(stack, "FileAssetsBucketEncryptionKey", kmscfn.CfnKeyProps{})
	key.Options.Condition = t.c["CreateNewKey"]
	key.ApplyRemovalPolicy(cfn.PolicyDelete)
	alias := kmscfn.NewCfnAlias(stack, "FileAssetsBucketEncryptionKeyAlias", kmscfn.CfnAliasProps{
		AliasName:   cfn.Sub("alias/cdk-${Qualifier}-assets-key"),
		TargetKeyId: key.Ref(),
	})
	alias.Options.Condition = t.c["CreateNewKey"]

	bucket := stagingBucket(t, key)
	repo := containerRepository(t)
	filePub := bootstrapRole(t, "FilePublishingRole", "file-publishing", ParamTrustedAccounts)
	imagePub := bootstrapRole(t, "ImagePublishingRole", "image-publishing", ParamTrustedAccounts)
	lookup := bootstrapRole(t, "LookupRole", "lookup", ParamTrustedAccountsForLookup, ParamTrustedAccounts)
	lookup.Props.ManagedPolicyArns = []string{cfn.Sub("arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess")}
	lookup.Props.Policies = []iamcfn.CfnRole_PolicyProperty{{
		PolicyName: "LookupRolePolicy",
		PolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Sid": "DontReadSecrets", "Effect": "Deny", "Action": []any{"kms:Decrypt"}, "Resource": "*",
			}},
		},
	}}

	// The key policy names the file publishing role: it is set once the
	// role exists.
	key.Props.KeyPolicy = map[string]any{"Statement": []any{
		map[string]any{
			"Action": []any{
				"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
				"kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
				"kms:GenerateDataKey", "kms:TagResource", "kms:UntagResource",
			},
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": cfn.AccountID()},
			"Resource":  "*",
		},
		map[string]any{
			"Action":    keyUse,
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": "*"},
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": map[string]any{
				"kms:CallerAccount": cfn.AccountID(),
				"kms:ViaService":    []any{cfn.Sub("s3.${AWS::Region}.amazonaws.com")},
			}},
		},
		map[string]any{
			"Action":    keyUse,
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": filePub.AttrArn()},
			"Resource":  "*",
		},
	}}

	iamcfn.NewCfnPolicy(stack, "FilePublishingRoleDefaultPolicy", iamcfn.CfnPolicyProps{
		PolicyName: cfn.Sub("cdk-${Qualifier}-file-publishing-role-default-policy-${AWS::AccountId}-${AWS::Region}"),
		Roles:      []string{filePub.Ref()},
		PolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{
				map[string]any{
					"Action": []any{
						"s3:GetObject*", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:List*",
						"s3:DeleteObject*", "s3:PutObject*", "s3:Abort*",
					},
					"Resource":  []any{bucket.AttrArn(), bucket.AttrArn() + "/*"},
					"Condition": map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": []any{cfn.AccountID()}}},
					"Effect":    "Allow",
				},
				map[string]any{
					"Action": keyUse,
					"Effect": "Allow",
					"Resource": cfn.If(t.c["CreateNewKey"], key.AttrArn(),
						cfn.Sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${FileAssetsBucketKmsKeyId}")),
				},
			},
		},
	})
	iamcfn.NewCfnPolicy(stack, "ImagePublishingRoleDefaultPolicy", iamcfn.CfnPolicyProps{
		PolicyName: cfn.Sub("cdk-${Qualifier}-image-publishing-role-default-policy-${AWS::AccountId}-${AWS::Region}"),
		Roles:      []string{imagePub.Ref()},
		PolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{
				map[string]any{
					"Action": []any{
						"ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
						"ecr:BatchCheckLayerAvailability", "ecr:DescribeRepositories", "ecr:DescribeImages",
						"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
					},
					"Resource": repo.AttrArn(),
					"Effect":   "Allow",
				},
				map[string]any{"Action": []any{"ecr:GetAuthorizationToken"}, "Resource": "*", "Effect": "Allow"},
			},
		},
	})

	version := ssmcfn.NewCfnParameter(stack, "CdkBootstrapVersion", ssmcfn.CfnParameterProps{
		Type:  "String",
		Name:  new(cfn.Sub("/cdk-bootstrap/${Qualifier}/version")),
		Value: strconv.Itoa(Version),
	})
	cfnExec := executionRole(t)
	deploymentActionRole(t, bucket, cfnExec, version)
	permissionsBoundaryPolicy(t)

	cfn.NewOutput(stack, OutputBucketName, cfn.OutputProps{
		Value: bucket.Ref(), Description: "The name of the S3 bucket owned by the CDK toolkit stack",
	})
	cfn.NewOutput(stack, OutputBucketDomainName, cfn.OutputProps{
		Value: bucket.AttrRegionalDomainName(), Description: "The domain name of the S3 bucket owned by the CDK toolkit stack",
	})
	cfn.NewOutput(stack, "FileAssetKeyArn", cfn.OutputProps{
		Value:       cfn.If(t.c["CreateNewKey"], key.AttrArn(), t.p[ParamFileAssetsBucketKmsKeyID].Reference("")).String(),
		Description: "The ARN of the KMS key used to encrypt the asset bucket (deprecated)",
		ExportName:  cfn.Sub("CdkBootstrap-${Qualifier}-FileAssetKeyArn"),
	})
	cfn.NewOutput(stack, OutputImageRepositoryName, cfn.OutputProps{
		Value: repo.Ref(), Description: "The name of the ECR repository which hosts docker image assets",
	})
	// The version is repeated as a literal rather than read from the SSM
	// parameter: Fn::GetAtt of a just-created parameter is eventually
	// consistent.
	cfn.NewOutput(stack, OutputBootstrapVersion, cfn.OutputProps{
		Value:       strconv.Itoa(Version),
		Description: "The version of the bootstrap resources that are currently mastered in this stack",
	})
}

// keyUse are the KMS actions that encrypt and decrypt with a key.
var keyUse = []any{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"}

func parameters(t *toolkit) {
	t.param(ParamTrustedAccounts, cfn.ParameterProps{
		Type: "CommaDelimitedList", Default: "",
		Description: "List of AWS accounts that are trusted to publish assets and deploy stacks to this environment",
	})
	t.param(ParamTrustedAccountsForLookup, cfn.ParameterProps{
		Type: "CommaDelimitedList", Default: "",
		Description: "List of AWS accounts that are trusted to look up values in this environment",
	})
	t.param(ParamCloudFormationExecutionPolicies, cfn.ParameterProps{
		Type: "CommaDelimitedList", Default: "",
		Description: "List of the ManagedPolicy ARN(s) to attach to the CloudFormation deployment role",
	})
	t.param(ParamFileAssetsBucketName, cfn.ParameterProps{
		Type: "String", Default: "", Description: "The name of the S3 bucket used for file assets",
	})
	t.param(ParamFileAssetsBucketKmsKeyID, cfn.ParameterProps{
		Type: "String", Default: "",
		Description: "Empty to create a new key (default), 'AWS_MANAGED_KEY' to use a managed S3 key, or the ID/ARN of an existing key.",
	})
	t.param(ParamContainerAssetsRepositoryName, cfn.ParameterProps{
		Type: "String", Default: "", Description: "A user-provided custom name to use for the container assets ECR repository",
	})
	t.param(ParamQualifier, cfn.ParameterProps{
		Type: "String", Default: Qualifier,
		Description: "An identifier to distinguish multiple bootstrap stacks in the same environment",
		// cdk-QUALIFIER-image-publishing-role-ACCOUNT-REGION must fit in
		// IAM's 64 characters.
		AllowedPattern:        "[A-Za-z0-9_-]{1,10}",
		ConstraintDescription: "Qualifier must be an alphanumeric identifier of at most 10 characters",
	})
	t.param(ParamPublicAccessBlockConfiguration, cfn.ParameterProps{
		Type: "String", Default: "true", AllowedValues: []string{"true", "false"},
		Description: "Whether or not to enable S3 Staging Bucket Public Access Block Configuration",
	})
	t.param(ParamInputPermissionsBoundary, cfn.ParameterProps{
		Type: "String", Default: "", Description: "Whether or not to use either the CDK supplied or custom permissions boundary",
	})
	t.param(ParamUseExamplePermissionsBoundary, cfn.ParameterProps{
		Type: "String", Default: "false", AllowedValues: []string{"true", "false"},
	})
	t.param(ParamApplyPermissionsBoundaryToAll, cfn.ParameterProps{
		Type: "String", Default: "false", AllowedValues: []string{"true", "false"},
		Description: "Whether to apply the permissions boundary to all bootstrap roles (not just the CloudFormation execution role)",
	})
	t.param(ParamBootstrapVariant, cfn.ParameterProps{
		Type: "String", Default: Variant,
		Description: "Describe the provenance of the resources in this bootstrap stack. Change this when you customize the template. To prevent accidents, the CDK CLI will not overwrite bootstrap stacks with a different variant.",
	})
	t.param(ParamDenyExternalID, cfn.ParameterProps{
		Type: "String", Default: "true", AllowedValues: []string{"true", "false"},
		Description: "Whether to deny AssumeRole calls with an ExternalId. This prevents calls that are intended to be deputized from accidentally assuming CDK Roles.",
	})
}

func conditions(t *toolkit) {
	ref := func(id string) any { return t.p[id].Reference("") }
	t.cond("HasTrustedAccounts", t.notEmpty(ParamTrustedAccounts, true))
	t.cond("HasTrustedAccountsForLookup", t.notEmpty(ParamTrustedAccountsForLookup, true))
	t.cond("HasCloudFormationExecutionPolicies", t.notEmpty(ParamCloudFormationExecutionPolicies, true))
	t.cond("HasCustomFileAssetsBucketName", t.notEmpty(ParamFileAssetsBucketName, false))
	t.cond("CreateNewKey", cfn.Equals("", ref(ParamFileAssetsBucketKmsKeyID)))
	t.cond("UseAwsManagedKey", cfn.Equals(AWSManagedKey, ref(ParamFileAssetsBucketKmsKeyID)))
	t.cond("ShouldCreatePermissionsBoundary", cfn.Equals("true", ref(ParamUseExamplePermissionsBoundary)))
	t.cond("PermissionsBoundarySet", t.notEmpty(ParamInputPermissionsBoundary, false))
	t.cond("ShouldApplyPermissionsBoundaryToAllRoles", cfn.And(t.c["PermissionsBoundarySet"], cfn.Equals("true", ref(ParamApplyPermissionsBoundaryToAll))))
	t.cond("HasCustomContainerAssetsRepositoryName", t.notEmpty(ParamContainerAssetsRepositoryName, false))
	t.cond("UsePublicAccessBlockConfiguration", cfn.Equals("true", ref(ParamPublicAccessBlockConfiguration)))
	t.cond("ShouldDenyExternalId", cfn.Equals("true", ref(ParamDenyExternalID)))
}

func stagingBucket(t *toolkit, key *kmscfn.CfnKey) *s3cfn.CfnBucket {
	bucket := s3cfn.NewCfnBucket(t.stack, "StagingBucket", s3cfn.CfnBucketProps{
		BucketName: new(cfn.If(t.c["HasCustomFileAssetsBucketName"],
			cfn.Sub("${FileAssetsBucketName}"),
			cfn.Sub("cdk-${Qualifier}-assets-${AWS::AccountId}-${AWS::Region}")).String()),
		AccessControl: new("Private"),
		BucketEncryption: &s3cfn.CfnBucket_BucketEncryptionProperty{
			ServerSideEncryptionConfiguration: []s3cfn.CfnBucket_ServerSideEncryptionRuleProperty{{
				ServerSideEncryptionByDefault: &s3cfn.CfnBucket_ServerSideEncryptionByDefaultProperty{
					SSEAlgorithm: "aws:kms",
					KMSMasterKeyID: new(cfn.If(t.c["CreateNewKey"], key.AttrArn(),
						cfn.If(t.c["UseAwsManagedKey"], cfn.NoValue(), cfn.Sub("${FileAssetsBucketKmsKeyId}"))).String()),
				},
			}},
		},
		VersioningConfiguration: &s3cfn.CfnBucket_VersioningConfigurationProperty{Status: "Enabled"},
		LifecycleConfiguration: &s3cfn.CfnBucket_LifecycleConfigurationProperty{
			Rules: []s3cfn.CfnBucket_RuleProperty{
				{
					// Objects become noncurrent only when garbage
					// collection deletes them.
					Id:                          new("CleanupOldVersions"),
					Status:                      "Enabled",
					NoncurrentVersionExpiration: &s3cfn.CfnBucket_NoncurrentVersionExpirationProperty{NoncurrentDays: 30},
				},
				{
					Id:                             new("AbortIncompleteMultipartUploads"),
					Status:                         "Enabled",
					AbortIncompleteMultipartUpload: &s3cfn.CfnBucket_AbortIncompleteMultipartUploadProperty{DaysAfterInitiation: 1},
				},
			},
		},
	})
	// The block is switched by a parameter, which the typed property
	// cannot hold.
	bucket.AddPropertyOverride("PublicAccessBlockConfiguration", cfn.If(t.c["UsePublicAccessBlockConfiguration"],
		map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		cfn.NoValue()))
	bucket.ApplyRemovalPolicy(cfn.PolicyRetain)

	s3cfn.NewCfnBucketPolicy(t.stack, "StagingBucketPolicy", s3cfn.CfnBucketPolicyProps{
		Bucket: bucket.Ref(),
		PolicyDocument: map[string]any{
			"Id":      "AccessControl",
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Sid":       "AllowSSLRequestsOnly",
				"Action":    "s3:*",
				"Effect":    "Deny",
				"Resource":  []any{bucket.AttrArn(), bucket.AttrArn() + "/*"},
				"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
				"Principal": "*",
			}},
		},
	})
	return bucket
}

// repositoryLifecyclePolicy expires untagged images, which should never
// exist; security scanners ask for the rule.
const repositoryLifecyclePolicy = `{
  "rules": [
    {
      "rulePriority": 1,
      "description": "Untagged images should not exist, but expire any older than one year",
      "selection": {
        "tagStatus": "untagged",
        "countType": "sinceImagePushed",
        "countUnit": "days",
        "countNumber": 365
      },
      "action": { "type": "expire" }
    }
  ]
}
`

func containerRepository(t *toolkit) *ecrcfn.CfnRepository {
	return ecrcfn.NewCfnRepository(t.stack, "ContainerAssetsRepository", ecrcfn.CfnRepositoryProps{
		ImageTagMutability: new("IMMUTABLE"),
		LifecyclePolicy:    &ecrcfn.CfnRepository_LifecyclePolicyProperty{LifecyclePolicyText: new(repositoryLifecyclePolicy)},
		RepositoryName: new(cfn.If(t.c["HasCustomContainerAssetsRepositoryName"],
			cfn.Sub("${ContainerAssetsRepositoryName}"),
			cfn.Sub("cdk-${Qualifier}-container-assets-${AWS::AccountId}-${AWS::Region}")).String()),
		RepositoryPolicyText: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{
				// Lambda functions run container images from the
				// repository.
				map[string]any{
					"Sid":       "LambdaECRImageRetrievalPolicy",
					"Effect":    "Allow",
					"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
					"Action":    []any{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
					"Condition": map[string]any{"StringLike": map[string]any{
						"aws:sourceArn": cfn.Sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"),
					}},
				},
				// So do EMR Serverless applications.
				map[string]any{
					"Sid":       "EmrServerlessImageRetrievalPolicy",
					"Effect":    "Allow",
					"Principal": map[string]any{"Service": "emr-serverless.amazonaws.com"},
					"Action":    []any{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"},
					"Condition": map[string]any{"StringLike": map[string]any{
						"aws:sourceArn": cfn.Sub("arn:${AWS::Partition}:emr-serverless:${AWS::Region}:${AWS::AccountId}:/applications/*"),
					}},
				},
			},
		},
	})
}

// trust returns the statements that let the account itself, and the
// accounts in each of trustedParams when given, assume a role: AssumeRole
// without an ExternalId (unless DenyExternalId is false) and TagSession.
func (t *toolkit) trust(trustedParams ...string) []any {
	noExternalID := cfn.If(t.c["ShouldDenyExternalId"], map[string]any{"Null": map[string]any{"sts:ExternalId": "true"}}, cfn.NoValue())
	out := []any{
		map[string]any{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"AWS": cfn.AccountID()}, "Condition": noExternalID},
		map[string]any{"Action": "sts:TagSession", "Effect": "Allow", "Principal": map[string]any{"AWS": cfn.AccountID()}},
	}
	for _, p := range trustedParams {
		has := t.c["Has"+p]
		principal := map[string]any{"AWS": t.p[p].Reference("")}
		out = append(out,
			cfn.If(has, map[string]any{"Action": []any{"sts:AssumeRole"}, "Effect": "Allow", "Principal": principal, "Condition": noExternalID}, cfn.NoValue()),
			cfn.If(has, map[string]any{"Action": []any{"sts:TagSession"}, "Effect": "Allow", "Principal": principal}, cfn.NoValue()),
		)
	}
	return out
}

// boundary is the role's permissions boundary: the InputPermissionsBoundary
// policy when cond holds.
func (t *toolkit) boundary(cond string) *string {
	return new(cfn.If(t.c[cond],
		cfn.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${InputPermissionsBoundary}"),
		cfn.NoValue()).String())
}

// bootstrapRole is one of the roles the CDK's tools assume, named
// cdk-QUALIFIER-KIND-role-ACCOUNT-REGION and tagged with its kind.
func bootstrapRole(t *toolkit, id, kind string, trustedParams ...string) *iamcfn.CfnRole {
	return iamcfn.NewCfnRole(t.stack, id, iamcfn.CfnRoleProps{
		AssumeRolePolicyDocument: map[string]any{"Statement": t.trust(trustedParams...)},
		RoleName:                 new(cfn.Sub("cdk-${Qualifier}-" + kind + "-role-${AWS::AccountId}-${AWS::Region}")),
		PermissionsBoundary:      t.boundary("ShouldApplyPermissionsBoundaryToAllRoles"),
		Tags:                     []cfn.Tag{{Key: "aws-cdk:bootstrap-role", Value: kind}},
	})
}

// executionRole is the role CloudFormation assumes to deploy: the
// CloudFormationExecutionPolicies, or AdministratorAccess when neither
// they nor trusted accounts are given.
func executionRole(t *toolkit) *iamcfn.CfnRole {
	return iamcfn.NewCfnRole(t.stack, "CloudFormationExecutionRole", iamcfn.CfnRoleProps{
		AssumeRolePolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"Service": "cloudformation.amazonaws.com"},
			}},
		},
		ManagedPolicyArns: cfn.If(t.c["HasCloudFormationExecutionPolicies"],
			t.p[ParamCloudFormationExecutionPolicies].Reference(""),
			// The bootstrap command refuses trusted accounts without
			// execution policies.
			cfn.If(t.c["HasTrustedAccounts"], cfn.NoValue(),
				[]any{cfn.Sub("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")})).List(),
		RoleName:            new(cfn.Sub("cdk-${Qualifier}-cfn-exec-role-${AWS::AccountId}-${AWS::Region}")),
		PermissionsBoundary: t.boundary("PermissionsBoundarySet"),
	})
}

// deploymentActionRole is the role the CLI assumes to deploy stacks.
func deploymentActionRole(t *toolkit, bucket *s3cfn.CfnBucket, cfnExec *iamcfn.CfnRole, version *ssmcfn.CfnParameter) *iamcfn.CfnRole {
	statements := []any{
		map[string]any{
			"Sid": "DeployPermissions", "Effect": "Allow", "Resource": "*",
			"Action": []any{
				"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:ExecuteChangeSet",
				"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:RollbackStack",
				"cloudformation:ContinueUpdateRollback",
			},
		},
		// Buckets of other accounts (cross-account pipelines); this
		// account's grant access by bucket policy.
		map[string]any{
			"Sid": "PipelineCrossAccountArtifactsBucket", "Effect": "Allow", "Resource": "*",
			"Action":    []any{"s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:Abort*", "s3:DeleteObject*", "s3:PutObject*"},
			"Condition": map[string]any{"StringNotEquals": map[string]any{"s3:ResourceAccount": cfn.AccountID()}},
		},
		map[string]any{
			"Sid": "PipelineCrossAccountArtifactsKey", "Effect": "Allow", "Resource": "*",
			"Action":    keyUse,
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": cfn.Sub("s3.${AWS::Region}.amazonaws.com")}},
		},
		map[string]any{"Action": "iam:PassRole", "Resource": cfnExec.AttrArn(), "Effect": "Allow"},
		map[string]any{
			"Sid": "CliPermissions", "Effect": "Allow", "Resource": "*",
			"Action": []any{"cloudformation:DeleteStack", "cloudformation:UpdateTerminationProtection", "sts:GetCallerIdentity"},
		},
		map[string]any{
			"Sid": "CliStagingBucket", "Effect": "Allow",
			"Action":   []any{"s3:GetObject*", "s3:GetBucket*", "s3:List*"},
			"Resource": []any{bucket.AttrArn(), bucket.AttrArn() + "/*"},
		},
		// CreateChangeSet reads the version parameter for templates that
		// check it.
		map[string]any{
			"Sid": "ReadVersion", "Effect": "Allow",
			"Action":   []any{"ssm:GetParameter", "ssm:GetParameters"},
			"Resource": []any{cfn.Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter") + version.Ref()},
		},
		map[string]any{
			"Sid": "Refactor", "Effect": "Allow", "Resource": "*",
			"Action": []any{"cloudformation:CreateStackRefactor", "cloudformation:ExecuteStackRefactor"},
		},
	}
	return iamcfn.NewCfnRole(t.stack, "DeploymentActionRole", iamcfn.CfnRoleProps{
		AssumeRolePolicyDocument: map[string]any{"Statement": t.trust(ParamTrustedAccounts)},
		Policies: []iamcfn.CfnRole_PolicyProperty{{
			PolicyName:     "default",
			PolicyDocument: map[string]any{"Version": "2012-10-17", "Statement": statements},
		}},
		ManagedPolicyArns:   []string{cfn.Sub("arn:${AWS::Partition}:iam::aws:policy/AWSCloudFormationReadOnlyAccess")},
		RoleName:            new(cfn.Sub("cdk-${Qualifier}-deploy-role-${AWS::AccountId}-${AWS::Region}")),
		PermissionsBoundary: t.boundary("ShouldApplyPermissionsBoundaryToAllRoles"),
		Tags:                []cfn.Tag{{Key: "aws-cdk:bootstrap-role", Value: "deploy"}},
	})
}

// permissionsBoundaryPolicy is the example permissions boundary, created
// when UseExamplePermissionsBoundary is true.
func permissionsBoundaryPolicy(t *toolkit) {
	self := cfn.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}")
	p := iamcfn.NewCfnManagedPolicy(t.stack, "CdkBoostrapPermissionsBoundaryPolicy", iamcfn.CfnManagedPolicyProps{
		Description:       new("Bootstrap Permission Boundary"),
		ManagedPolicyName: new(cfn.Sub("cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}")),
		Path:              new("/"),
		PolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{
				// A boundary without an explicit Allow denies everything.
				map[string]any{"Sid": "ExplicitAllowAll", "Action": []any{"*"}, "Effect": "Allow", "Resource": "*"},
				// No privilege escalation through unbounded principals.
				map[string]any{
					"Sid":       "DenyAccessIfRequiredPermBoundaryIsNotBeingApplied",
					"Action":    []any{"iam:CreateUser", "iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"},
					"Condition": map[string]any{"StringNotEquals": map[string]any{"iam:PermissionsBoundary": self}},
					"Effect":    "Deny",
					"Resource":  "*",
				},
				map[string]any{
					"Sid":      "DenyPermBoundaryIAMPolicyAlteration",
					"Action":   []any{"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"},
					"Effect":   "Deny",
					"Resource": self,
				},
				map[string]any{
					"Sid":      "DenyRemovalOfPermBoundaryFromAnyUserOrRole",
					"Action":   []any{"iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary"},
					"Effect":   "Deny",
					"Resource": "*",
				},
			},
		},
	})
	p.Options.Condition = t.c["ShouldCreatePermissionsBoundary"]
}
