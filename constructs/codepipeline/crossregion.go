package codepipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/logicalid"
)

// crossRegionSupport is the replication bucket of one region: the bucket
// (and its key) in the region's support stack, and how the pipeline's
// stack names them.
type crossRegionSupport struct {
	region string
	stack  *constructs.Stack
	// bucket is the replication bucket in the support stack; actions of
	// the region are bound to it.
	bucket *s3.Bucket
	key    *kms.Key
	// name and keyARN are the bucket's name and its key alias's ARN, as
	// literals the pipeline's stack can hold.
	name, keyARN string
}

// supportFor returns the replication bucket of region, creating the
// region's support stack, as the AWS CDK's Pipeline does for a
// cross-region action: a stack "cross-region-stack-<account>:<region>"
// (artifact "cross-region-stack-<account>_<region>") beside the
// pipeline's stack, named "<pipeline stack>-support-<region>", holding a
// bucket (and, with cross-account keys, a key and an alias) with names
// generated as the AWS CDK generates them. The pipeline's role may read
// and write the bucket, and the pipeline's stack depends on the support
// stack.
func (p *Pipeline) supportFor(region string) *crossRegionSupport {
	for _, s := range p.crossRegion {
		if s.region == region {
			return s
		}
	}
	pst := constructs.StackOf(p)
	account := pst.Account()
	if token.IsUnresolved(account) || token.IsUnresolved(pst.Region()) {
		p.Errorf("an action deploys to region %s, and the pipeline's stack %s has no explicit account and region: set its Env, which cross-region actions need", region, pst.Node().Path())
		return nil
	}
	scope := pst.Node().Scope()
	id := "cross-region-stack-" + account + "_" + region
	cdkID := "cross-region-stack-" + account + ":" + region
	stackName := pst.StackName() + "-support-" + region
	st, _ := scope.Node().TryFindChild(id).(*constructs.Stack)
	if st == nil {
		st = constructs.NewStack(scope, id, constructs.StackProps{StackName: stackName, Env: constructs.Environment{Account: account, Region: region}})
	}
	def := constructs.New(st, "Default")
	physical := func(name string) string {
		return generatePhysicalName(stackName, logicalid.FromPath([]string{cdkID, "Default", name}), region, account)
	}
	s := &crossRegionSupport{region: region, stack: st, name: physical("CrossRegionCodePipelineReplicationBucket")}
	props := s3.BucketProps{
		BucketName: s.name, EnforceSSL: true, BlockPublicAccess: s3.BlockAll, RemovalPolicy: cfn.PolicyDelete,
		Encryption: s3.EncryptionKMSManaged,
	}
	crossAccountKeys := p.ArtifactKey != nil
	if crossAccountKeys {
		s.key = kms.NewKey(def, "CrossRegionCodePipelineReplicationBucketEncryptionKey", kms.KeyProps{RemovalPolicy: cfn.PolicyDelete, EnableKeyRotation: p.props.EnableKeyRotation})
		base := strings.TrimPrefix(physical("CrossRegionCodePipelineReplicationBucketEncryptionAlias"), "alias/")
		if len(base) > 44 {
			base = base[len(base)-44:]
		}
		aliasName := "alias/" + base
		alias := kms.NewAlias(def, "CrossRegionCodePipelineReplicationBucketEncryptionAlias", kms.AliasProps{AliasName: aliasName, TargetKey: s.key, RemovalPolicy: cfn.PolicyDelete})
		alias.Node() // the alias is the key's name in the support stack
		s.keyARN = "arn:" + st.Partition() + ":kms:" + region + ":" + account + ":" + aliasName
		props.Encryption, props.EncryptionKey = s3.EncryptionKMS, aliasKey{key: s.key, arn: s.keyARN}
	}
	props.RemovalPolicy = cfn.PolicyRetain
	s.bucket = s3.NewBucket(def, "CrossRegionCodePipelineReplicationBucket", props)
	// The pipeline's role replicates to the bucket: it is named by its
	// physical name here, across regions.
	imported := s3.BucketFromBucketName(p, "ReplicationBucket"+region, s.name)
	imported.GrantReadWrite(p.Role)
	if s.key != nil {
		actions := []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"}
		p.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: actions, Resources: []string{"*"}}))
		s.key.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: actions, Resources: []string{"*"}, Principals: []iam.IPrincipal{iam.NewAccountPrincipal(account)}}))
	}
	pst.AddDependency(st)
	p.crossRegion = append(p.crossRegion, s)
	return s
}

// aliasKey is a replication bucket's key as the bucket sees it: its ARN is
// the alias's (as the AWS CDK's Alias.keyArn), its grants the key's.
type aliasKey struct {
	key *kms.Key
	arn string
}

func (a aliasKey) KeyARN() string { return a.arn }
func (a aliasKey) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	return a.key.AddToResourcePolicy(s)
}
func (a aliasKey) Grant(g iam.IGrantable, actions ...string) *iam.Grant {
	return a.key.Grant(g, actions...)
}
func (a aliasKey) GrantEncrypt(g iam.IGrantable) *iam.Grant { return a.key.GrantEncrypt(g) }
func (a aliasKey) GrantDecrypt(g iam.IGrantable) *iam.Grant { return a.key.GrantDecrypt(g) }
func (a aliasKey) GrantEncryptDecrypt(g iam.IGrantable) *iam.Grant {
	return a.key.GrantEncryptDecrypt(g)
}

// generatePhysicalName is the AWS CDK's generatePhysicalName: the first 25
// characters of the stack name, the last 24 of the resource's unique ID and
// 12 of a hash, lower-cased.
func generatePhysicalName(stackName, uniqueID, region, account string) string {
	stackPart := stackName
	if len(stackPart) > 25 {
		stackPart = stackPart[:25]
	}
	idPart := uniqueID
	if len(idPart) > 24 {
		idPart = idPart[len(idPart)-24:]
	}
	h := sha256.Sum256([]byte(stackName + uniqueID + region + account))
	return strings.ToLower(stackPart + idPart + hex.EncodeToString(h[:])[:12])
}

// renderArtifactStores writes ArtifactStores (the replication buckets, then
// the pipeline's bucket) in place of ArtifactStore when an action is in
// another region.
func (p *Pipeline) renderArtifactStores() {
	if len(p.crossRegion) == 0 {
		return
	}
	if p.primaryStore == nil {
		p.primaryStore = p.Resource.Props.ArtifactStore
	}
	primary := p.primaryStore
	var stores []CfnPipeline_ArtifactStoreMapProperty
	for _, s := range p.crossRegion {
		store := &CfnPipeline_ArtifactStoreProperty{Type: "S3", Location: s.name}
		if s.keyARN != "" {
			store.EncryptionKey = &CfnPipeline_EncryptionKeyProperty{Type: "KMS", Id: s.keyARN}
		}
		stores = append(stores, CfnPipeline_ArtifactStoreMapProperty{Region: s.region, ArtifactStore: store})
	}
	stores = append(stores, CfnPipeline_ArtifactStoreMapProperty{Region: constructs.StackOf(p).Region(), ArtifactStore: primary})
	p.Resource.Props.ArtifactStores = stores
	p.Resource.Props.ArtifactStore = nil
}
