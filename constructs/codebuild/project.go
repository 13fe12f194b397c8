package codebuild

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild/codebuildcfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/secretsmanager"
	"github.com/forma-iac/forma/constructs/token"
)

// EFSLocation is an EFS file system mounted in builds, as the AWS CDK's
// FileSystemLocation.efs.
type EFSLocation struct {
	// Identifier names the mount in the buildspec (CODEBUILD_<Identifier>).
	Identifier string
	// Location is "fs-id.efs.REGION.amazonaws.com:/directory".
	Location string
	// MountPoint is the directory in the build container.
	MountPoint string
	// MountOptions are the NFS mount options; default: CodeBuild's.
	MountOptions string
}

// ProjectVisibility is who may see a project's build results.
type ProjectVisibility string

// Project visibilities.
const (
	VisibilityPublicRead ProjectVisibility = "PUBLIC_READ"
	VisibilityPrivate    ProjectVisibility = "PRIVATE"
)

// EnvironmentVariableType is where an environment variable's value comes from.
type EnvironmentVariableType string

// Environment variable types.
const (
	PlainText      EnvironmentVariableType = "PLAINTEXT"
	ParameterStore EnvironmentVariableType = "PARAMETER_STORE"
	SecretsManager EnvironmentVariableType = "SECRETS_MANAGER"
)

// EnvironmentVariable is a build environment variable. A ParameterStore
// variable's Value is a parameter name; a SecretsManager variable's Value is
// a secret name or ARN, optionally followed by ":json-key:version-stage:version-id".
// The project's role is granted read on both, as the AWS CDK grants it.
type EnvironmentVariable struct {
	// Name of the variable (required).
	Name string
	// Value of the variable, or the parameter or secret it comes from.
	// With Secret set, Value is the optional rest of the reference after
	// the secret's ARN: "json-key", or "json-key:version-stage:version-id".
	Value string
	// Type default PlainText; SecretsManager when Secret is set.
	Type EnvironmentVariableType
	// Secret is a Secrets Manager secret of the program (or imported) the
	// variable reads: the reference is its ARN (followed by ":" and Value
	// when Value is set), the role may read it as the AWS CDK grants a
	// secret's ARN given as Value, and, when the secret has a
	// customer-managed key, decrypt with that key through Secrets Manager
	// (a statement of the key policy, as the secret's GrantRead writes it;
	// the AWS CDK leaves this grant to its users).
	Secret secretsmanager.ISecret
}

// BuildEnvironment is the build's machine and container.
type BuildEnvironment struct {
	// BuildImage default LinuxStandard7_0.
	BuildImage BuildImage
	// ComputeType default: the image's default compute type.
	ComputeType ComputeType
	// Privileged runs the container privileged (needed to build Docker images).
	Privileged bool
	// EnvironmentVariables are set in every build; the project's
	// EnvironmentVariables of the same name take precedence.
	EnvironmentVariables []EnvironmentVariable
}

// LocalCacheMode is a mode of the local build cache.
type LocalCacheMode string

// Local cache modes.
const (
	LocalSourceCache      LocalCacheMode = "LOCAL_SOURCE_CACHE"
	LocalDockerLayerCache LocalCacheMode = "LOCAL_DOCKER_LAYER_CACHE"
	LocalCustomCache      LocalCacheMode = "LOCAL_CUSTOM_CACHE"
)

// Cache is a project's build cache. The zero value is no cache (NO_CACHE,
// written, as the AWS CDK writes it).
type Cache struct {
	modes     []LocalCacheMode
	bucket    s3.IBucket
	prefix    string
	namespace string
}

// CacheLocal caches on the build host in the given modes.
func CacheLocal(modes ...LocalCacheMode) Cache { return Cache{modes: modes} }

// BucketCacheOptions configures CacheBucket.
type BucketCacheOptions struct {
	// Prefix is the key prefix of the cache in the bucket.
	Prefix string
	// CacheNamespace shares the cache between projects.
	CacheNamespace string
}

// CacheBucket caches in an S3 bucket; the project's role is granted read
// and write on the bucket.
func CacheBucket(bucket s3.IBucket, opts BucketCacheOptions) Cache {
	return Cache{bucket: bucket, prefix: opts.Prefix, namespace: opts.CacheNamespace}
}

func (c Cache) render(p *Project) *codebuildcfn.CfnProject_ProjectCacheProperty {
	switch {
	case !constructs.IsNil(c.bucket):
		c.bucket.GrantReadWrite(p)
		prefix := c.prefix
		if prefix == "" {
			prefix = cfn.NoValue()
		}
		out := &codebuildcfn.CfnProject_ProjectCacheProperty{Type: "S3", Location: new(cfn.Join("/", []string{c.bucket.BucketName(), prefix}))}
		if c.namespace != "" {
			out.CacheNamespace = new(c.namespace)
		}
		return out
	case len(c.modes) > 0:
		out := &codebuildcfn.CfnProject_ProjectCacheProperty{Type: "LOCAL"}
		for _, m := range c.modes {
			out.Modes = append(out.Modes, string(m))
		}
		return out
	}
	return &codebuildcfn.CfnProject_ProjectCacheProperty{Type: "NO_CACHE"}
}

// CloudWatchLoggingOptions sends build logs to a CloudWatch Logs group.
type CloudWatchLoggingOptions struct {
	// LogGroup receives the logs (required unless Disabled); the project's
	// role is granted write on it.
	LogGroup logs.ILogGroup
	// Prefix is the log stream name prefix.
	Prefix string
	// Disabled turns CloudWatch logging off.
	Disabled bool
}

// S3LoggingOptions sends build logs to an S3 bucket.
type S3LoggingOptions struct {
	// Bucket receives the logs (required); the role is granted write on it.
	Bucket s3.IBucket
	// Prefix is the key prefix.
	Prefix string
	// Disabled turns S3 logging off.
	Disabled bool
	// Encrypted default: CodeBuild's default (encrypted); false disables
	// encryption.
	Encrypted *bool
}

// LoggingOptions configures where build logs go.
type LoggingOptions struct {
	CloudWatch *CloudWatchLoggingOptions
	S3         *S3LoggingOptions
}

// ProjectProps configures NewProject.
type ProjectProps struct {
	// ProjectName is the physical name; default: generated by CloudFormation.
	ProjectName string
	// Description of the project.
	Description string
	// Source default: no source (the BuildSpec must then be inline).
	Source ISource
	// Artifacts default: none (CODEPIPELINE for a CodePipeline source).
	Artifacts IArtifacts
	// FileSystemLocations are EFS file systems mounted in the build.
	FileSystemLocations []EFSLocation
	// SecondarySources are more inputs, each with an Identifier.
	SecondarySources []ISource
	// SecondaryArtifacts are more outputs, each with an Identifier.
	SecondaryArtifacts []IArtifacts
	// BuildSpec default: the buildspec.yml of the source.
	BuildSpec BuildSpecSource
	// Environment is the build machine; default LinuxStandard7_0, small.
	Environment BuildEnvironment
	// EnvironmentVariables are set in every build.
	EnvironmentVariables []EnvironmentVariable
	// Role is the service role; default: a new role CodeBuild assumes.
	Role iam.IRole
	// EncryptionKey encrypts the build output; default: the AWS-managed
	// S3 key (alias/aws/s3). The role is granted encrypt and decrypt on it.
	EncryptionKey kms.IKey
	// Cache default: no cache.
	Cache Cache
	// Timeout is the build timeout (5 minutes to 36 hours); default: 1 hour.
	Timeout time.Duration
	// QueuedTimeout is how long a build may wait in the queue; default: 8 hours.
	QueuedTimeout time.Duration
	// ConcurrentBuildLimit caps concurrent builds; default: none.
	ConcurrentBuildLimit int
	// Badge enables the build badge.
	Badge bool
	// Vpc runs builds in a VPC: a security group is created unless
	// SecurityGroups are given, and the role may manage network interfaces.
	Vpc ec2.IVpc
	// SubnetSelection picks the VPC's subnets; default: the private ones.
	SubnetSelection ec2.SubnetSelection
	// SecurityGroups are the builds' security groups.
	SecurityGroups []ec2.ISecurityGroup
	// AllowAllOutbound of the created security group; default true.
	AllowAllOutbound *bool
	// Logging configures build logs; default: CodeBuild's log group
	// /aws/codebuild/NAME.
	Logging *LoggingOptions
	// GrantReportGroupPermissions default true: the role may create and
	// write the report groups named NAME-* that buildspec reports create.
	GrantReportGroupPermissions *bool
	// SSMSessionPermissions lets builds be debugged with Session Manager.
	SSMSessionPermissions bool
	// Visibility of the build results; default: left out (private).
	Visibility ProjectVisibility
	// AutoRetryLimit (0 to 10) retries failed builds.
	AutoRetryLimit *int
}

// PipelineProjectProps configures NewPipelineProject: ProjectProps without
// Source and Artifacts, which are CodePipeline's.
type PipelineProjectProps = ProjectProps

// IProject is a CodeBuild project, defined here or imported.
type IProject interface {
	constructs.Construct
	iam.IGrantable
	// ProjectARN is the project's ARN.
	ProjectARN() string
	// ProjectName is the project's name.
	ProjectName() string
	// Role is the service role (nil for an imported project).
	Role() iam.IRole
	// AddToRolePolicy adds a statement to the service role's policy.
	AddToRolePolicy(s *iam.PolicyStatement)
	// BindToCodePipeline is called by a pipeline's CodeBuild action with the
	// pipeline's artifact bucket.
	BindToCodePipeline(artifactBucket s3.IBucket)
	// EnableBatchBuilds lets the project run batch builds and returns the
	// batch service role (nil for an imported project).
	EnableBatchBuilds() iam.IRole
}

// Project is a CodeBuild project (AWS::CodeBuild::Project), the counterpart
// of the AWS CDK's Project: a service role with a default policy that may
// write the project's CloudWatch logs and report groups, LinuxStandard7_0 on
// the small compute type, no cache, output encrypted with the AWS-managed S3
// key.
type Project struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *codebuildcfn.CfnProject
	role     iam.IRole
	source   ISource
	conns    *ec2.Connections
	keySet   bool
	batch    *iam.Role
	// wantBatch is set by a source that starts batch builds.
	wantBatch bool
	// secondary sources and artifacts added before the L1 exists.
	secondarySources   []codebuildcfn.CfnProject_SourceProperty
	secondaryVersions  []codebuildcfn.CfnProject_ProjectSourceVersionProperty
	secondaryArtifacts []codebuildcfn.CfnProject_ArtifactsProperty
	problems           []string
}

// NewProject creates a project.
func NewProject(scope constructs.Construct, id string, props ProjectProps) *Project {
	p := &Project{}
	p.Base = constructs.NewBase(p, scope, id)
	p.Node().AddValidation(constructs.ValidationFunc(func() []string { return p.problems }))
	if constructs.IsNil(props.Role) {
		p.role = iam.NewRole(p, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	} else {
		p.role = props.Role
	}
	image := props.Environment.BuildImage
	if image.ImageID == "" && image.Type == "" && image.gpu == nil {
		image = LinuxStandard7_0
	} else if image.Type == "" {
		p.problems = append(p.problems, "the build image "+image.ImageID+" has no Type; use a codebuild image value or a From… function (codebuild.LinuxImageFromDockerRegistry, …)")
	}
	p.source = props.Source
	if p.source == nil {
		p.source = noSource{}
	}
	sc := p.source.Bind(p)
	artifacts := props.Artifacts
	if artifacts == nil {
		if p.source.Type() == SourceTypeCodePipeline {
			artifacts = simpleArtifacts(SourceTypeCodePipeline)
		} else {
			artifacts = simpleArtifacts("NO_ARTIFACTS")
		}
	}
	ac := artifacts.Bind(p)
	for _, src := range props.SecondarySources {
		p.AddSecondarySource(src)
	}
	for _, a := range props.SecondaryArtifacts {
		p.AddSecondaryArtifact(a)
	}
	cache := props.Cache.render(p)
	if (p.source.Type() == SourceTypeCodePipeline || artifacts.Type() == SourceTypeCodePipeline) && p.source.Type() != artifacts.Type() {
		p.problems = append(p.problems, "Both source and artifacts must be set to CodePipeline")
	}
	if p.source.Type() == SourceTypeNoSource {
		if _, ok := props.BuildSpec.(sourceSpec); props.BuildSpec == nil || ok {
			p.problems = append(p.problems, "a project without a source needs an inline BuildSpec (a codebuild.BuildSpec, BuildSpecYAML or BuildSpecFromFile)")
		}
	}
	if props.AutoRetryLimit != nil && !token.IsUnresolved(*props.AutoRetryLimit) && (*props.AutoRetryLimit < 0 || *props.AutoRetryLimit > 10) {
		p.problems = append(p.problems, fmt.Sprintf("AutoRetryLimit must be a value between 0 and 10, got %d", *props.AutoRetryLimit))
	}
	cp := codebuildcfn.CfnProjectProps{
		SecondarySources:        p.secondarySources,
		SecondarySourceVersions: p.secondaryVersions,
		SecondaryArtifacts:      p.secondaryArtifacts,
		Artifacts:               &ac,
		Cache:                   cache,
		ServiceRole:             p.role.RoleARN(),
	}
	src := sc.Source
	if props.BuildSpec != nil {
		spec, ps := props.BuildSpec.Render()
		for _, pr := range ps {
			p.problems = append(p.problems, "BuildSpec: "+pr)
		}
		if len(ps) == 0 && spec != "" {
			src.BuildSpec = new(spec)
		}
	}
	cp.Source = &src
	if sc.SourceVersion != "" {
		cp.SourceVersion = new(sc.SourceVersion)
	}
	cp.Triggers = sc.Triggers
	if props.Description != "" {
		cp.Description = new(props.Description)
	}
	for _, l := range props.FileSystemLocations {
		if l.Identifier == "" || l.Location == "" || l.MountPoint == "" {
			p.problems = append(p.problems, "an EFS file system location needs an Identifier, a Location and a MountPoint")
		}
		fl := codebuildcfn.CfnProject_ProjectFileSystemLocationProperty{Identifier: l.Identifier, Location: l.Location, MountPoint: l.MountPoint, Type: "EFS"}
		if l.MountOptions != "" {
			fl.MountOptions = new(l.MountOptions)
		}
		cp.FileSystemLocations = append(cp.FileSystemLocations, fl)
	}
	if props.ProjectName != "" {
		cp.Name = new(props.ProjectName)
	}
	cp.Environment = p.renderEnvironment(props, image)
	cp.EncryptionKey = new("alias/aws/s3")
	if props.Badge {
		cp.BadgeEnabled = new(true)
	}
	if props.Timeout != 0 {
		cp.TimeoutInMinutes = new(int(props.Timeout / time.Minute))
	}
	if props.QueuedTimeout != 0 {
		cp.QueuedTimeoutInMinutes = new(int(props.QueuedTimeout / time.Minute))
	}
	if props.ConcurrentBuildLimit != 0 {
		cp.ConcurrentBuildLimit = new(props.ConcurrentBuildLimit)
	}
	cp.VpcConfig = p.configureVpc(props)
	if props.Visibility != "" {
		cp.Visibility = new(string(props.Visibility))
	}
	cp.LogsConfig = p.renderLogging(props.Logging)
	if props.AutoRetryLimit != nil {
		cp.AutoRetryLimit = new(float64(*props.AutoRetryLimit))
	}
	p.Resource = codebuildcfn.NewCfnProject(p, "Resource", cp)
	if p.wantBatch {
		p.EnableBatchBuilds()
	}
	p.addVpcPermissions(props)

	stack := constructs.StackOf(p)
	logGroupARN := "arn:" + stack.Partition() + ":logs:" + stack.Region() + ":" + stack.Account() + ":log-group:/aws/codebuild/" + p.ProjectName()
	p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Resources: []string{logGroupARN, logGroupARN + ":*"},
		Actions:   []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
	}))
	if props.GrantReportGroupPermissions == nil || *props.GrantReportGroupPermissions {
		p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"codebuild:CreateReportGroup", "codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases", "codebuild:BatchPutCodeCoverages"},
			Resources: []string{reportGroupARN(p, p.ProjectName()+"-*")},
		}))
	}
	if props.SSMSessionPermissions {
		p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", "logs:DescribeLogGroups", "logs:CreateLogStream", "logs:PutLogEvents", "s3:GetEncryptionConfiguration", "s3:PutObject"},
			Resources: []string{"*"},
		}))
	}
	if !constructs.IsNil(props.EncryptionKey) {
		p.setEncryptionKey(props.EncryptionKey)
	}
	if image.gpu != nil {
		p.bindGPU(image.gpu)
	}
	return p
}

// NewPipelineProject creates a project built by a CodePipeline CodeBuild
// action: source and artifacts of type CODEPIPELINE, as the AWS CDK's
// PipelineProject.
func NewPipelineProject(scope constructs.Construct, id string, props PipelineProjectProps) *Project {
	bad := props.Source != nil || props.Artifacts != nil
	props.Source = codePipelineSource{}
	props.Artifacts = simpleArtifacts(SourceTypeCodePipeline)
	p := NewProject(scope, id, props)
	if bad {
		p.problems = append(p.problems, "a PipelineProject takes its source and artifacts from CodePipeline: leave Source and Artifacts unset, or use codebuild.NewProject")
	}
	return p
}

// AddSecondarySource adds an input; it needs an Identifier, and a project
// with a CodePipeline source takes none (use the action's extra inputs).
func (p *Project) AddSecondarySource(src ISource) {
	if src == nil {
		p.problems = append(p.problems, "AddSecondarySource was given a nil source")
		return
	}
	if p.source != nil && p.source.Type() == SourceTypeCodePipeline {
		p.problems = append(p.problems, "A Project with a CodePipeline Source cannot have secondary sources. Use the CodeBuild Pipeline Actions' extra inputs instead")
		return
	}
	c := src.Bind(p)
	if c.Source.SourceIdentifier == nil || *c.Source.SourceIdentifier == "" {
		p.problems = append(p.problems, "The identifier attribute is mandatory for secondary sources")
		return
	}
	id := *c.Source.SourceIdentifier
	if p.Resource == nil {
		p.secondarySources = append(p.secondarySources, c.Source)
	} else {
		p.Resource.Props.SecondarySources = append(p.Resource.Props.SecondarySources, c.Source)
	}
	if c.SourceVersion != "" {
		v := codebuildcfn.CfnProject_ProjectSourceVersionProperty{SourceIdentifier: id, SourceVersion: new(c.SourceVersion)}
		if p.Resource == nil {
			p.secondaryVersions = append(p.secondaryVersions, v)
		} else {
			p.Resource.Props.SecondarySourceVersions = append(p.Resource.Props.SecondarySourceVersions, v)
		}
	}
}

// AddSecondaryArtifact adds an output; it needs an Identifier, and a
// project with a CodePipeline source takes none (use the action's outputs).
func (p *Project) AddSecondaryArtifact(a IArtifacts) {
	if a == nil {
		p.problems = append(p.problems, "AddSecondaryArtifact was given nil artifacts")
		return
	}
	if p.source != nil && p.source.Type() == SourceTypeCodePipeline {
		p.problems = append(p.problems, "A Project with a CodePipeline Source cannot have secondary artifacts. Use the CodeBuild Pipeline Actions' outputs instead")
		return
	}
	c := a.Bind(p)
	if c.ArtifactIdentifier == nil || *c.ArtifactIdentifier == "" {
		p.problems = append(p.problems, "The identifier attribute is mandatory for secondary artifacts")
		return
	}
	if p.Resource == nil {
		p.secondaryArtifacts = append(p.secondaryArtifacts, c)
	} else {
		p.Resource.Props.SecondaryArtifacts = append(p.Resource.Props.SecondaryArtifacts, c)
	}
}

// EnableBatchBuilds lets the project run batch builds, as the AWS CDK's
// enableBatchBuilds: a BatchServiceRole CodeBuild assumes, allowed to start,
// stop and retry the project's builds, named in BuildBatchConfig. It is
// idempotent and returns the role.
func (p *Project) EnableBatchBuilds() iam.IRole {
	if p.batch == nil {
		p.batch = iam.NewRole(p, "BatchServiceRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
		p.batch.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Resources: []string{p.ProjectARN()},
			Actions:   []string{"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:RetryBuild"},
		}))
		p.Resource.Props.BuildBatchConfig = &codebuildcfn.CfnProject_ProjectBuildBatchConfigProperty{ServiceRole: new(p.batch.RoleARN())}
	}
	return p.batch
}

func (p *Project) setEncryptionKey(k kms.IKey) {
	p.keySet = true
	p.Resource.Props.EncryptionKey = new(k.KeyARN())
	k.GrantEncryptDecrypt(p)
}

// BindToCodePipeline is called by a pipeline's CodeBuild action: a project
// without its own EncryptionKey takes the artifact bucket's key, as the AWS
// CDK does (unless the key is in another account or region).
func (p *Project) BindToCodePipeline(artifactBucket s3.IBucket) {
	if p.keySet || constructs.IsNil(artifactBucket) {
		return
	}
	k := artifactBucket.EncryptionKey()
	if constructs.IsNil(k) {
		return
	}
	if kc, ok := k.(constructs.Construct); ok {
		ks, ps := constructs.StackOf(kc), constructs.StackOf(p)
		if _, isKey := k.(*kms.Key); isKey && (ks.Account() != ps.Account() || ks.Region() != ps.Region()) {
			return
		}
	}
	p.setEncryptionKey(k)
}

// ProjectARN returns the project's ARN (Fn::GetAtt Arn).
func (p *Project) ProjectARN() string { return p.Resource.AttrArn() }

// ProjectName returns the project's name (Ref).
func (p *Project) ProjectName() string { return p.Resource.Ref() }

// Role returns the service role.
func (p *Project) Role() iam.IRole { return p.role }

// GrantPrincipal returns the service role: grants to the project go to it.
func (p *Project) GrantPrincipal() iam.IPrincipal { return p.role }

// AddToRolePolicy adds a statement to the service role's default policy.
func (p *Project) AddToRolePolicy(s *iam.PolicyStatement) {
	if !constructs.IsNil(p.role) {
		p.role.AddToPrincipalPolicy(s)
	}
}

// Connections returns the security groups of a project in a VPC; for a
// project without a VPC it records an error and returns empty connections.
func (p *Project) Connections() *ec2.Connections {
	if p.conns == nil {
		p.problems = append(p.problems, "only a project in a VPC has security groups to manage: set ProjectProps.Vpc")
		return ec2.NewConnections(ec2.ConnectionsProps{})
	}
	return p.conns
}

func (p *Project) renderEnvironment(props ProjectProps, image BuildImage) *codebuildcfn.CfnProject_EnvironmentProperty {
	env := props.Environment
	if env.ComputeType == "" {
		env.ComputeType = image.DefaultComputeType
	}
	if env.ComputeType == "" {
		env.ComputeType = ComputeSmall
	}
	for _, e := range image.validate(props.Environment) {
		p.problems = append(p.problems, "Invalid CodeBuild environment: "+e)
	}
	if image.isLambda() {
		p.validateLambdaProject(props)
	}
	pull := PullServiceRole
	if image.PullPrincipal == PullCodeBuild {
		pull = PullCodeBuild
	}
	if !constructs.IsNil(image.Repository) {
		if pull == PullServiceRole {
			image.Repository.GrantPull(p)
		} else {
			s := iam.NewPolicyStatement(iam.PolicyStatementProps{
				Sid:        "CodeBuild",
				Principals: []iam.IPrincipal{iam.NewServicePrincipal("codebuild.amazonaws.com")},
				Actions:    []string{"ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"},
			})
			image.Repository.AddToResourcePolicy(s)
		}
	}
	if image.RegistrySecretARN != "" {
		if pull == PullServiceRole {
			p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions:   []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
				Resources: []string{image.RegistrySecretARN},
			}))
		}
	}
	out := &codebuildcfn.CfnProject_EnvironmentProperty{
		Type:  string(image.Type),
		Image: image.ImageID,

		PrivilegedMode: new(env.Privileged),
		ComputeType:    string(env.ComputeType),
	}
	if !image.isLambda() {
		out.ImagePullCredentialsType = new(string(pull))
	}
	if image.RegistrySecretARN != "" {
		out.RegistryCredential = &codebuildcfn.CfnProject_RegistryCredentialProperty{CredentialProvider: "SECRETS_MANAGER", Credential: image.RegistrySecretARN}
	}
	var vars []EnvironmentVariable
	index := map[string]int{}
	for _, list := range [][]EnvironmentVariable{env.EnvironmentVariables, props.EnvironmentVariables} {
		for _, v := range list {
			if i, ok := index[v.Name]; ok {
				vars[i] = v
				continue
			}
			index[v.Name] = len(vars)
			vars = append(vars, v)
		}
	}
	out.EnvironmentVariables = p.serializeEnvVariables(vars)
	return out
}

func (p *Project) serializeEnvVariables(vars []EnvironmentVariable) []codebuildcfn.CfnProject_EnvironmentVariableProperty {
	if len(vars) == 0 {
		return nil
	}
	stack := constructs.StackOf(p)
	var out []codebuildcfn.CfnProject_EnvironmentVariableProperty
	var ssmARNs, secretARNs, kmsARNs []string
	addUniq := func(list *[]string, s string) {
		for _, x := range *list {
			if x == s {
				return
			}
		}
		*list = append(*list, s)
	}
	for _, v := range vars {
		if v.Name == "" {
			p.problems = append(p.problems, "an environment variable has no Name")
		}
		v.Secret = constructs.NormalizeNil(v.Secret)
		if v.Secret != nil {
			if v.Type != "" && v.Type != SecretsManager {
				p.problems = append(p.problems, fmt.Sprintf("environment variable %s: Secret is set, so its Type is SecretsManager, not %s", v.Name, v.Type))
			}
			v.Type = SecretsManager
			ref := v.Secret.SecretARN()
			if v.Value != "" {
				ref += ":" + v.Value
			}
			v.Value = ref
			if key := v.Secret.EncryptionKey(); key != nil && !constructs.IsNil(p.role) {
				key.GrantDecrypt(kms.NewViaServicePrincipal("secretsmanager."+stack.Region()+".amazonaws.com", p.role))
			}
		}
		typ := v.Type
		if typ == "" {
			typ = PlainText
		}
		out = append(out, codebuildcfn.CfnProject_EnvironmentVariableProperty{Name: v.Name, Type: new(string(typ)), Value: v.Value})
		if v.Secret != nil && token.IsUnresolved(v.Secret.SecretARN()) {
			// The ARN's form is known from the secret, not from parsing
			// the reference.
			addUniq(&secretARNs, v.Secret.ARNForPolicies(p))
			continue
		}
		switch typ {
		case PlainText:
		case ParameterStore:
			name := strings.TrimPrefix(v.Value, "/")
			ssmARNs = append(ssmARNs, "arn:"+stack.Partition()+":ssm:"+stack.Region()+":"+stack.Account()+":parameter/"+name)
		case SecretsManager:
			secret, key, err := SecretVariableResources(stack, v.Value)
			if err != nil {
				p.problems = append(p.problems, fmt.Sprintf("environment variable %s: %v", v.Name, err))
				continue
			}
			addUniq(&secretARNs, secret)
			if key != "" {
				addUniq(&kmsARNs, key)
			}
		default:
			p.problems = append(p.problems, fmt.Sprintf("environment variable %s: unknown type %q; use codebuild.PlainText, ParameterStore or SecretsManager", v.Name, typ))
		}
	}
	if len(ssmARNs) > 0 {
		p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ssm:GetParameters"}, Resources: ssmARNs}))
	}
	if len(secretARNs) > 0 {
		p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"secretsmanager:GetSecretValue"}, Resources: secretARNs}))
	}
	if len(kmsARNs) > 0 {
		p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Decrypt"}, Resources: kmsARNs}))
	}
	return out
}

func (p *Project) configureVpc(props ProjectProps) *codebuildcfn.CfnProject_VpcConfigProperty {
	if constructs.IsNil(props.Vpc) {
		if len(props.SecurityGroups) > 0 || props.AllowAllOutbound != nil {
			p.problems = append(p.problems, "Cannot configure 'SecurityGroups' or 'AllowAllOutbound' without configuring a VPC")
		}
		return nil
	}
	groups := props.SecurityGroups
	if len(groups) > 0 && props.AllowAllOutbound != nil {
		p.problems = append(p.problems, "Configure 'AllowAllOutbound' directly on the supplied SecurityGroup")
	}
	if len(groups) == 0 {
		groups = []ec2.ISecurityGroup{ec2.NewSecurityGroup(p, "SecurityGroup", ec2.SecurityGroupProps{
			Vpc:              props.Vpc,
			Description:      "Automatic generated security group for CodeBuild " + constructs.UniqueID(p),
			AllowAllOutbound: props.AllowAllOutbound,
		})}
	}
	p.conns = ec2.NewConnections(ec2.ConnectionsProps{SecurityGroups: groups})
	out := &codebuildcfn.CfnProject_VpcConfigProperty{VpcId: new(props.Vpc.VpcID()), Subnets: props.Vpc.SelectSubnets(props.SubnetSelection).SubnetIDs}
	for _, g := range groups {
		out.SecurityGroupIds = append(out.SecurityGroupIds, g.SecurityGroupID())
	}
	return out
}

func (p *Project) addVpcPermissions(props ProjectProps) {
	if constructs.IsNil(props.Vpc) || constructs.IsNil(p.role) {
		return
	}
	partition, region, account := token.PseudoRef("AWS::Partition"), token.PseudoRef("AWS::Region"), token.PseudoRef("AWS::AccountId")
	var subnets []any
	for _, id := range props.Vpc.SelectSubnets(props.SubnetSelection).SubnetIDs {
		subnets = append(subnets, "arn:"+partition+":ec2:"+region+":"+account+":subnet/"+id)
	}
	p.role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Resources: []string{"arn:" + partition + ":ec2:" + region + ":" + account + ":network-interface/*"},
		Actions:   []string{"ec2:CreateNetworkInterfacePermission"},
		Conditions: map[string]map[string]any{"StringEquals": {
			"ec2:Subnet":            subnets,
			"ec2:AuthorizedService": "codebuild.amazonaws.com",
		}},
	}))
	vpcPoliciesMu.Lock()
	defer vpcPoliciesMu.Unlock()
	policy := vpcPolicies[p.role]
	if policy == nil {
		policy = iam.NewPolicy(p, "PolicyDocument", iam.PolicyProps{Statements: []*iam.PolicyStatement{iam.NewPolicyStatement(iam.PolicyStatementProps{
			Resources: []string{"*"},
			Actions:   []string{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions", "ec2:DescribeVpcs"},
		})}})
		p.role.AttachInlinePolicy(policy)
		vpcPolicies[p.role] = policy
	}
	p.Resource.Node().AddDependency(policy)
}

// vpcPolicies holds the one network-interface policy of each role, as the
// AWS CDK keeps it on the role.
var (
	vpcPolicies   = map[iam.IRole]*iam.Policy{}
	vpcPoliciesMu sync.Mutex
)

func (p *Project) renderLogging(o *LoggingOptions) *codebuildcfn.CfnProject_LogsConfigProperty {
	if o == nil {
		return nil
	}
	out := &codebuildcfn.CfnProject_LogsConfigProperty{}
	if s := o.S3; s != nil {
		c := &codebuildcfn.CfnProject_S3LogsConfigProperty{Status: "ENABLED"}
		if s.Disabled {
			c.Status = "DISABLED"
		}
		if constructs.IsNil(s.Bucket) {
			p.problems = append(p.problems, "S3 logging needs a Bucket")
		} else {
			loc := s.Bucket.BucketName()
			if s.Prefix != "" {
				loc += "/" + s.Prefix
			}
			c.Location = new(loc)
			s.Bucket.GrantWrite(p)
		}
		if s.Encrypted != nil {
			c.EncryptionDisabled = new(!*s.Encrypted)
		}
		out.S3Logs = c
	}
	if cw := o.CloudWatch; cw != nil {
		c := &codebuildcfn.CfnProject_CloudWatchLogsConfigProperty{Status: "ENABLED"}
		if cw.Disabled {
			c.Status = "DISABLED"
		}
		if constructs.IsNil(cw.LogGroup) {
			if !cw.Disabled {
				p.problems = append(p.problems, "Specifying a LogGroup is required if CloudWatch logging for CodeBuild is enabled")
			}
		} else {
			cw.LogGroup.GrantWrite(p)
			c.GroupName = new(cw.LogGroup.LogGroupName())
		}
		if cw.Prefix != "" {
			c.StreamName = new(cw.Prefix)
		}
		out.CloudWatchLogs = c
	}
	return out
}

func reportGroupARN(scope constructs.Construct, name string) string {
	stack := constructs.StackOf(scope)
	return "arn:" + stack.Partition() + ":codebuild:" + stack.Region() + ":" + stack.Account() + ":report-group/" + name
}
