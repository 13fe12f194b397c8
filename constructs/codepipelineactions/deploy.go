package codepipelineactions

import (
	"fmt"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codedeploy"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
)

var deployBounds = codepipeline.ArtifactBounds{MinInputs: 1, MaxInputs: 1, MinOutputs: 0, MaxOutputs: 0}

// ECSService is what the ECS deploy action needs of a service
// (ecs.FargateService).
type ECSService interface {
	ServiceName() string
}

// clusterNamer is implemented by imported services that know their
// cluster's name.
type clusterNamer interface {
	ClusterName() string
}

// ECSDeployActionProps configures NewECSDeployAction, the standard
// (rolling) ECS deployment from an imagedefinitions.json file.
type ECSDeployActionProps struct {
	Common
	// Service is the service deployed (required).
	Service ECSService
	// ClusterName is the service's cluster; default the cluster of an
	// ecs.FargateService.
	ClusterName string
	// Input holds imagedefinitions.json; or ImageFile names another file.
	Input     *codepipeline.Artifact
	ImageFile *codepipeline.ArtifactPath
	// DeploymentTimeout, 1 to 60 minutes; default CodePipeline's.
	DeploymentTimeout time.Duration
}

// ECSDeployAction is the AWS CDK's EcsDeployAction.
type ECSDeployAction struct{ props ECSDeployActionProps }

// NewECSDeployAction returns an ECS deploy action.
func NewECSDeployAction(props ECSDeployActionProps) *ECSDeployAction {
	props.Service = constructs.NormalizeNil(props.Service)
	return &ECSDeployAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *ECSDeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "ECS", deployBounds)
	switch {
	case a.props.ImageFile != nil:
		p.Inputs = []*codepipeline.Artifact{a.props.ImageFile.Artifact}
	case a.props.Input != nil:
		p.Inputs = []*codepipeline.Artifact{a.props.Input}
	}
	return p
}

// Bind implements codepipeline.IAction.
func (a *ECSDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if (p.Input == nil) == (p.ImageFile == nil) {
		pipe.Errorf("action %q: set exactly one of Input and ImageFile of the ECS deploy action", p.ActionName)
	}
	cluster := p.ClusterName
	if cluster == "" {
		switch s := p.Service.(type) {
		case *ecs.FargateService:
			if s.Cluster != nil {
				cluster = s.Cluster.ClusterName()
			}
		case clusterNamer:
			cluster = s.ClusterName()
		}
	}
	if p.Service == nil || cluster == "" {
		pipe.Errorf("action %q: ECSDeployActionProps.Service is required, and ClusterName unless it is an ecs.FargateService", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"ecs:DescribeServices", "ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:ListTasks", "ecs:RegisterTaskDefinition", "ecs:TagResource", "ecs:UpdateService"},
		Resources: []string{"*"},
	}))
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"iam:PassRole"}, Resources: []string{"*"},
		Conditions: map[string]map[string]any{"StringEqualsIfExists": {"iam:PassedToService": []any{"ec2.amazonaws.com", "ecs-tasks.amazonaws.com"}}},
	}))
	opts.Bucket.GrantRead(opts.Role)
	cfg := map[string]any{"ClusterName": cluster, "ServiceName": p.Service.ServiceName()}
	if p.ImageFile != nil {
		cfg["FileName"] = p.ImageFile.FileName
	}
	if t := p.DeploymentTimeout; t != 0 {
		m := int(t.Minutes())
		if m < 1 || m > 60 || t%time.Minute != 0 {
			pipe.Errorf("action %q: DeploymentTimeout must be a whole number of minutes from 1 to 60, got %s", p.ActionName, t)
		}
		cfg["DeploymentTimeout"] = m
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// DeploymentGroup is what the CodeDeploy actions need of a deployment
// group (codedeploy's server and ECS deployment groups).
type DeploymentGroup interface {
	Application() codedeploy.IApplication
	DeploymentGroupName() string
	DeploymentGroupARN() string
	DeploymentConfigARN() string
}

// CodeDeployServerDeployActionProps configures
// NewCodeDeployServerDeployAction.
type CodeDeployServerDeployActionProps struct {
	Common
	// DeploymentGroup is the server deployment group (required).
	DeploymentGroup DeploymentGroup
	// Input is the revision, with its appspec.yml (required).
	Input *codepipeline.Artifact
}

// CodeDeployServerDeployAction is the AWS CDK's CodeDeployServerDeployAction.
type CodeDeployServerDeployAction struct {
	props CodeDeployServerDeployActionProps
}

// NewCodeDeployServerDeployAction returns a CodeDeploy EC2/on-premises
// deploy action.
func NewCodeDeployServerDeployAction(props CodeDeployServerDeployActionProps) *CodeDeployServerDeployAction {
	props.DeploymentGroup = constructs.NormalizeNil(props.DeploymentGroup)
	return &CodeDeployServerDeployAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *CodeDeployServerDeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "CodeDeploy", deployBounds)
	p.Inputs = []*codepipeline.Artifact{a.props.Input}
	return p
}

// Bind implements codepipeline.IAction.
func (a *CodeDeployServerDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	g := a.props.DeploymentGroup
	if g == nil {
		stage.Pipeline().Errorf("action %q: CodeDeployServerDeployActionProps.DeploymentGroup is required", a.props.ActionName)
		return codepipeline.ActionConfig{}
	}
	codeDeployGrants(opts, g, []string{"codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"})
	opts.Bucket.GrantRead(opts.Role)
	return codepipeline.ActionConfig{Configuration: map[string]any{"ApplicationName": g.Application().ApplicationName(), "DeploymentGroupName": g.DeploymentGroupName()}}
}

func codeDeployGrants(opts codepipeline.ActionBindOptions, g DeploymentGroup, appActions []string) {
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{g.Application().ApplicationARN()}, Actions: appActions}))
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{g.DeploymentGroupARN()}, Actions: []string{"codedeploy:CreateDeployment", "codedeploy:GetDeployment"}}))
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{g.DeploymentConfigARN()}, Actions: []string{"codedeploy:GetDeploymentConfig"}}))
}

// ContainerImageInput is an image artifact (from an ECR source) whose URI
// replaces a placeholder of the task definition template.
type ContainerImageInput struct {
	Input *codepipeline.Artifact
	// TaskDefinitionPlaceholder default "IMAGE": the template holds
	// "<IMAGE>".
	TaskDefinitionPlaceholder string
}

// CodeDeployECSDeployActionProps configures NewCodeDeployECSDeployAction,
// the blue/green deployment of an ECS service by CodeDeploy.
type CodeDeployECSDeployActionProps struct {
	Common
	// DeploymentGroup is the ECS deployment group (required).
	DeploymentGroup DeploymentGroup
	// TaskDefinitionTemplateFile (or TaskDefinitionTemplateInput, file
	// taskdef.json) is the task definition template.
	TaskDefinitionTemplateFile  *codepipeline.ArtifactPath
	TaskDefinitionTemplateInput *codepipeline.Artifact
	// AppSpecTemplateFile (or AppSpecTemplateInput, file appspec.yaml) is
	// the AppSpec template.
	AppSpecTemplateFile  *codepipeline.ArtifactPath
	AppSpecTemplateInput *codepipeline.Artifact
	// ContainerImageInputs are up to 4 images put into the template.
	ContainerImageInputs []ContainerImageInput
}

// CodeDeployECSDeployAction is the AWS CDK's CodeDeployEcsDeployAction.
type CodeDeployECSDeployAction struct {
	props CodeDeployECSDeployActionProps
}

// NewCodeDeployECSDeployAction returns a CodeDeployToECS action.
func NewCodeDeployECSDeployAction(props CodeDeployECSDeployActionProps) *CodeDeployECSDeployAction {
	props.DeploymentGroup = constructs.NormalizeNil(props.DeploymentGroup)
	return &CodeDeployECSDeployAction{props: props}
}

func (a *CodeDeployECSDeployAction) taskDef() (*codepipeline.Artifact, string) {
	if f := a.props.TaskDefinitionTemplateFile; f != nil {
		return f.Artifact, f.FileName
	}
	return a.props.TaskDefinitionTemplateInput, "taskdef.json"
}

func (a *CodeDeployECSDeployAction) appSpec() (*codepipeline.Artifact, string) {
	if f := a.props.AppSpecTemplateFile; f != nil {
		return f.Artifact, f.FileName
	}
	return a.props.AppSpecTemplateInput, "appspec.yaml"
}

// ActionProperties implements codepipeline.IAction.
func (a *CodeDeployECSDeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "CodeDeployToECS", codepipeline.ArtifactBounds{MinInputs: 1, MaxInputs: 5})
	td, _ := a.taskDef()
	as, _ := a.appSpec()
	add := func(x *codepipeline.Artifact) {
		if x == nil {
			return
		}
		for _, y := range p.Inputs {
			if x == y {
				return
			}
		}
		p.Inputs = append(p.Inputs, x)
	}
	add(td)
	add(as)
	for _, in := range a.props.ContainerImageInputs {
		add(in.Input)
	}
	return p
}

// Bind implements codepipeline.IAction.
func (a *CodeDeployECSDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	g := p.DeploymentGroup
	if (p.TaskDefinitionTemplateFile == nil) == (p.TaskDefinitionTemplateInput == nil) {
		pipe.Errorf("action %q: set exactly one of TaskDefinitionTemplateFile and TaskDefinitionTemplateInput", p.ActionName)
	}
	if (p.AppSpecTemplateFile == nil) == (p.AppSpecTemplateInput == nil) {
		pipe.Errorf("action %q: set exactly one of AppSpecTemplateFile and AppSpecTemplateInput", p.ActionName)
	}
	if len(p.ContainerImageInputs) > 4 {
		pipe.Errorf("action %q: at most 4 container image inputs, got %d", p.ActionName, len(p.ContainerImageInputs))
	}
	if g == nil {
		pipe.Errorf("action %q: CodeDeployECSDeployActionProps.DeploymentGroup is required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	codeDeployGrants(opts, g, []string{"codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"})
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{"*"}, Actions: []string{"ecs:RegisterTaskDefinition"}}))
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"iam:PassRole"}, Resources: []string{"*"},
		Conditions: map[string]map[string]any{"StringEqualsIfExists": {"iam:PassedToService": []any{"ecs-tasks.amazonaws.com"}}},
	}))
	opts.Bucket.GrantRead(opts.Role)
	cfg := map[string]any{"ApplicationName": g.Application().ApplicationName(), "DeploymentGroupName": g.DeploymentGroupName()}
	if td, file := a.taskDef(); td != nil {
		cfg["TaskDefinitionTemplateArtifact"] = td.ArtifactName()
		cfg["TaskDefinitionTemplatePath"] = file
	}
	if as, file := a.appSpec(); as != nil {
		cfg["AppSpecTemplateArtifact"] = as.ArtifactName()
		cfg["AppSpecTemplatePath"] = file
	}
	for i, in := range p.ContainerImageInputs {
		ph := in.TaskDefinitionPlaceholder
		if ph == "" {
			ph = "IMAGE"
		}
		if in.Input != nil {
			cfg[fmt.Sprintf("Image%dArtifactName", i+1)] = in.Input.ArtifactName()
		}
		cfg[fmt.Sprintf("Image%dContainerName", i+1)] = ph
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// LambdaFunction is what the Lambda invoke action needs of a function.
type LambdaFunction interface {
	iam.IGrantable
	FunctionName() string
	GrantInvoke(grantee iam.IGrantable) *iam.Grant
}

// LambdaInvokeActionProps configures NewLambdaInvokeAction.
type LambdaInvokeActionProps struct {
	Common
	// Lambda is the function invoked (required); it may report the job's
	// result (codepipeline:PutJobSuccessResult / PutJobFailureResult).
	Lambda LambdaFunction
	// Inputs and Outputs are the artifacts the function reads and writes.
	Inputs, Outputs []*codepipeline.Artifact
	// UserParameters are passed as JSON (a Go map is written with its keys
	// sorted; the AWS CDK keeps a JavaScript object's order, so use a
	// struct or UserParametersString where the order matters);
	// UserParametersString is passed as is.
	UserParameters       any
	UserParametersString string
}

// LambdaInvokeAction is the AWS CDK's LambdaInvokeAction.
type LambdaInvokeAction struct{ props LambdaInvokeActionProps }

// NewLambdaInvokeAction returns a Lambda invoke action.
func NewLambdaInvokeAction(props LambdaInvokeActionProps) *LambdaInvokeAction {
	props.Lambda = constructs.NormalizeNil(props.Lambda)
	return &LambdaInvokeAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *LambdaInvokeAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryInvoke, "Lambda", codepipeline.ArtifactBounds{MaxInputs: 5, MaxOutputs: 5})
	p.Inputs, p.Outputs = a.props.Inputs, a.props.Outputs
	return p
}

// Variable returns "#{<namespace>.<name>}", an output variable.
func (a *LambdaInvokeAction) Variable(name string) string {
	return "#{" + a.props.VariablesNamespace + "." + name + "}"
}

// Bind implements codepipeline.IAction.
func (a *LambdaInvokeAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if p.UserParameters != nil && p.UserParametersString != "" {
		pipe.Errorf("action %q: set only one of UserParameters and UserParametersString", p.ActionName)
	}
	if p.Lambda == nil {
		pipe.Errorf("action %q: LambdaInvokeActionProps.Lambda is required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"lambda:ListFunctions"}, Resources: []string{"*"}}))
	p.Lambda.GrantInvoke(opts.Role)
	if len(p.Inputs) > 0 {
		opts.Bucket.GrantRead(opts.Role)
	}
	if len(p.Outputs) > 0 {
		opts.Bucket.GrantWrite(opts.Role)
	}
	p.Lambda.GrantPrincipal().AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Resources: []string{"*"}, Actions: []string{"codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"},
	}))
	cfg := map[string]any{"FunctionName": p.Lambda.FunctionName()}
	switch {
	case p.UserParametersString != "":
		cfg["UserParameters"] = p.UserParametersString
	case p.UserParameters != nil:
		cfg["UserParameters"] = jsonString(p.UserParameters)
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// S3DeployActionProps configures NewS3DeployAction.
type S3DeployActionProps struct {
	Common
	// Bucket receives the files (required).
	Bucket s3.IBucket
	// Input is the artifact deployed (required).
	Input *codepipeline.Artifact
	// Extract default true: the archive is unpacked; false uploads it as
	// ObjectKey.
	Extract *bool
	// ObjectKey is the key (or prefix when extracting).
	ObjectKey string
	// AccessControl is a canned ACL in its S3 spelling ("public-read", …).
	AccessControl string
	// CacheControl values ("no-cache", "max-age=3600", …), joined by ", ".
	CacheControl []string
	// EncryptionKey encrypts the objects.
	EncryptionKey kms.IKey
}

// S3DeployAction is the AWS CDK's S3DeployAction.
type S3DeployAction struct{ props S3DeployActionProps }

// NewS3DeployAction returns an S3 deploy action.
func NewS3DeployAction(props S3DeployActionProps) *S3DeployAction {
	props.Bucket = constructs.NormalizeNil(props.Bucket)
	props.EncryptionKey = constructs.NormalizeNil(props.EncryptionKey)
	return &S3DeployAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *S3DeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "S3", deployBounds)
	p.Inputs = []*codepipeline.Artifact{a.props.Input}
	return p
}

// Bind implements codepipeline.IAction.
func (a *S3DeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.Bucket == nil {
		stage.Pipeline().Errorf("action %q: S3DeployActionProps.Bucket is required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	p.Bucket.GrantWrite(opts.Role)
	if p.AccessControl != "" {
		grantPutACL(p.Bucket, opts.Role)
	}
	opts.Bucket.GrantRead(opts.Role)
	if p.EncryptionKey != nil {
		p.EncryptionKey.GrantEncrypt(opts.Role)
	}
	extract := "true"
	if p.Extract != nil && !*p.Extract {
		extract = "false"
	}
	cfg := map[string]any{"BucketName": p.Bucket.BucketName(), "Extract": extract}
	if p.ObjectKey != "" {
		cfg["ObjectKey"] = p.ObjectKey
	}
	if p.AccessControl != "" {
		cfg["CannedACL"] = p.AccessControl
	}
	if len(p.CacheControl) > 0 {
		cfg["CacheControl"] = strings.Join(p.CacheControl, ", ")
	}
	if p.EncryptionKey != nil {
		cfg["KMSEncryptionKeyARN"] = p.EncryptionKey.KeyARN()
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// ElasticBeanstalkDeployActionProps configures
// NewElasticBeanstalkDeployAction.
type ElasticBeanstalkDeployActionProps struct {
	Common
	// ApplicationName and EnvironmentName name the environment (required).
	ApplicationName, EnvironmentName string
	// Input is the source bundle (required).
	Input *codepipeline.Artifact
}

// ElasticBeanstalkDeployAction is the AWS CDK's ElasticBeanstalkDeployAction:
// its role gets the AWS-managed policy AdministratorAccess-AWSElasticBeanstalk.
type ElasticBeanstalkDeployAction struct {
	props ElasticBeanstalkDeployActionProps
}

// NewElasticBeanstalkDeployAction returns an Elastic Beanstalk deploy action.
func NewElasticBeanstalkDeployAction(props ElasticBeanstalkDeployActionProps) *ElasticBeanstalkDeployAction {
	return &ElasticBeanstalkDeployAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *ElasticBeanstalkDeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "ElasticBeanstalk", deployBounds)
	p.Inputs = []*codepipeline.Artifact{a.props.Input}
	return p
}

// Bind implements codepipeline.IAction.
func (a *ElasticBeanstalkDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.ApplicationName == "" || p.EnvironmentName == "" {
		stage.Pipeline().Errorf("action %q: ApplicationName and EnvironmentName are required", p.ActionName)
	}
	s := constructs.StackOf(scope)
	opts.Role.AddManagedPolicy(iam.ManagedPolicyFromManagedPolicyARN("arn:" + s.Partition() + ":iam::aws:policy/AdministratorAccess-AWSElasticBeanstalk"))
	opts.Bucket.GrantRead(opts.Role)
	return codepipeline.ActionConfig{Configuration: map[string]any{"ApplicationName": p.ApplicationName, "EnvironmentName": p.EnvironmentName}}
}
