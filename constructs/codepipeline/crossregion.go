package codepipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codepipeline/codepipelinecfn"
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
	// bucket is the replication bucket in the support stack as the
	// pipeline's stack sees it; actions of the region are bound to it.
	bucket *replicaBucket
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
	// The support stack sits in the pipeline stack's stage, or the app.
	scope := pst.Node().Root()
	if st := constructs.StageOf(pst); st != nil {
		scope = st
	}
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
	var bucketKey kms.IKey
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
		bucketKey = aliasKey{key: s.key, arn: s.keyARN}
		props.Encryption, props.EncryptionKey = s3.EncryptionKMS, bucketKey
	}
	props.RemovalPolicy = cfn.PolicyRetain
	real := s3.NewBucket(def, "CrossRegionCodePipelineReplicationBucket", props)
	s.bucket = &replicaBucket{Bucket: real, name: s.name, arn: "arn:" + pst.Partition() + ":s3:::" + s.name, key: bucketKey}
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

// Grant gives grantee the actions on the key. A role of another stack of
// this app (the pipeline's) is named in the key policy by its account, as
// the AWS CDK names a grantee whose stack depends on the key's: the role
// itself does not exist yet when the key is created.
func (a aliasKey) Grant(g iam.IGrantable, actions ...string) *iam.Grant {
	if r, ok := g.GrantPrincipal().(*iam.Role); ok {
		if rs := constructs.TryStackOf(r); rs != nil && rs != constructs.StackOf(a.key) {
			gr := iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: g, Actions: actions, ResourceARNs: []string{"*"}})
			a.key.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions: actions, Resources: []string{"*"}, Principals: []iam.IPrincipal{iam.NewAccountPrincipal(rs.Account())},
			}))
			return gr
		}
	}
	return a.key.Grant(g, actions...)
}

func (a aliasKey) GrantEncrypt(g iam.IGrantable) *iam.Grant {
	return a.Grant(g, "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*")
}
func (a aliasKey) GrantDecrypt(g iam.IGrantable) *iam.Grant { return a.Grant(g, "kms:Decrypt") }
func (a aliasKey) GrantEncryptDecrypt(g iam.IGrantable) *iam.Grant {
	return a.Grant(g, "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*")
}

// replicaBucket is a replication bucket as the pipeline's stack names it:
// by its generated name, a literal (the bucket is in another region). Its
// grants give roles of the pipeline's account statements on that name;
// a role of another account is named in the bucket's policy.
type replicaBucket struct {
	*s3.Bucket
	name, arn string
	key       kms.IKey
}

var (
	readActions    = []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}
	putActions     = []string{"s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"}
	deleteActions  = []string{"s3:DeleteObject*"}
	readKeyActions = []string{"kms:Decrypt", "kms:DescribeKey"}
	putKeyActions  = []string{"kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Decrypt"}
)

func (b *replicaBucket) BucketName() string                  { return b.name }
func (b *replicaBucket) BucketARN() string                   { return b.arn }
func (b *replicaBucket) ARNForObjects(pattern string) string { return b.arn + "/" + pattern }
func (b *replicaBucket) EncryptionKey() kms.IKey             { return b.key }

func (b *replicaBucket) objects(patterns []string) []string {
	if len(patterns) == 0 {
		patterns = []string{"*"}
	}
	var out []string
	for _, p := range patterns {
		out = append(out, b.ARNForObjects(p))
	}
	return out
}

func (b *replicaBucket) grant(what string, g iam.IGrantable, actions, keyActions, arns []string) *iam.Grant {
	g = constructs.NormalizeNil(g)
	if g == nil {
		return &iam.Grant{}
	}
	// The bucket's own policy names it by its attributes.
	self := make([]string, len(arns))
	for i, a := range arns {
		self[i] = strings.Replace(a, b.arn, b.Bucket.BucketARN(), 1)
	}
	gr := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{Grantee: g, Actions: actions, ResourceARNs: arns, ResourceSelfARNs: self, Resource: b.Bucket})
	if b.key != nil && len(keyActions) > 0 {
		b.key.Grant(g, keyActions...)
	}
	return iam.RequireSuccess(gr, b.Bucket, what, g)
}

func dedupe(lists ...[]string) []string {
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

func (b *replicaBucket) GrantRead(g iam.IGrantable, patterns ...string) *iam.Grant {
	return b.grant("GrantRead", g, readActions, readKeyActions, append([]string{b.arn}, b.objects(patterns)...))
}
func (b *replicaBucket) GrantWrite(g iam.IGrantable, patterns ...string) *iam.Grant {
	return b.grant("GrantWrite", g, dedupe(deleteActions, putActions), putKeyActions, append([]string{b.arn}, b.objects(patterns)...))
}
func (b *replicaBucket) GrantReadWrite(g iam.IGrantable, patterns ...string) *iam.Grant {
	return b.grant("GrantReadWrite", g, dedupe(readActions, deleteActions, putActions), dedupe(readKeyActions, putKeyActions), append([]string{b.arn}, b.objects(patterns)...))
}
func (b *replicaBucket) GrantPut(g iam.IGrantable, patterns ...string) *iam.Grant {
	return b.grant("GrantPut", g, putActions, putKeyActions, b.objects(patterns))
}
func (b *replicaBucket) GrantDelete(g iam.IGrantable, patterns ...string) *iam.Grant {
	return b.grant("GrantDelete", g, deleteActions, nil, b.objects(patterns))
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
	var stores []codepipelinecfn.CfnPipeline_ArtifactStoreMapProperty
	for _, s := range p.crossRegion {
		store := &codepipelinecfn.CfnPipeline_ArtifactStoreProperty{Type: "S3", Location: s.name}
		if s.keyARN != "" {
			store.EncryptionKey = &codepipelinecfn.CfnPipeline_EncryptionKeyProperty{Type: "KMS", Id: s.keyARN}
		}
		stores = append(stores, codepipelinecfn.CfnPipeline_ArtifactStoreMapProperty{Region: s.region, ArtifactStore: store})
	}
	stores = append(stores, codepipelinecfn.CfnPipeline_ArtifactStoreMapProperty{Region: constructs.StackOf(p).Region(), ArtifactStore: primary})
	p.Resource.Props.ArtifactStores = stores
	p.Resource.Props.ArtifactStore = nil
}
