//lint:file-ignore ST1003 the SAM L1s keep the SAM specification's spellings (CodeUri), as the generated L1s keep CloudFormation's.

package sam

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
)

// Transform is the CloudFormation transform that expands SAM resources; every
// SAM resource adds it to its stack.
const Transform = "AWS::Serverless-2016-10-31"

// The SAM resource type names.
const (
	CfnFunctionType     = "AWS::Serverless::Function"
	CfnAPIType          = "AWS::Serverless::Api"
	CfnHTTPAPIType      = "AWS::Serverless::HttpApi"
	CfnSimpleTableType  = "AWS::Serverless::SimpleTable"
	CfnApplicationType  = "AWS::Serverless::Application"
	CfnLayerVersionType = "AWS::Serverless::LayerVersion"
	CfnStateMachineType = "AWS::Serverless::StateMachine"
)

func initSAM(r *cfn.Resource, host constructs.Construct, scope constructs.Construct, id, typ string, props any, tags bool) {
	spec := cfn.Spec{Type: typ, Properties: props}
	if tags {
		spec.TagProperty, spec.TagFormat = "Tags", cfn.TagsMap
	}
	r.Init(host, scope, id, spec)
	constructs.StackOf(host).AddTransform(Transform)
}

// S3Location is an object in S3: code, a layer's content, a definition.
// Properties typed any take it, a string URI ("s3://bucket/key") or a map.
type S3Location struct {
	Bucket  string `json:"Bucket,omitempty"`
	Key     string `json:"Key,omitempty"`
	Version *int   `json:"Version,omitempty"`
}

// CfnFunction is the AWS::Serverless::Function resource: a Lambda function
// with its role, event sources, alias and gradual deployment, as SAM expands
// them. Ref is the function's name.
type CfnFunction struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnFunctionProps
}

// CfnFunctionProps are the properties of CfnFunction. Properties SAM takes
// in several shapes (CodeUri, Events, Policies, …) are typed any: give them
// a string, an S3Location, a map[string]any or a []any as SAM documents.
type CfnFunctionProps struct {
	Architectures                []string          `json:"Architectures,omitempty"`
	AssumeRolePolicyDocument     any               `json:"AssumeRolePolicyDocument,omitempty"`
	AutoPublishAlias             *string           `json:"AutoPublishAlias,omitempty"`
	AutoPublishCodeSha256        *string           `json:"AutoPublishCodeSha256,omitempty"`
	CodeSigningConfigArn         *string           `json:"CodeSigningConfigArn,omitempty"`
	CodeUri                      any               `json:"CodeUri,omitempty"`
	DeadLetterQueue              any               `json:"DeadLetterQueue,omitempty"`
	DeploymentPreference         any               `json:"DeploymentPreference,omitempty"`
	Description                  *string           `json:"Description,omitempty"`
	Environment                  any               `json:"Environment,omitempty"`
	EphemeralStorage             any               `json:"EphemeralStorage,omitempty"`
	EventInvokeConfig            any               `json:"EventInvokeConfig,omitempty"`
	Events                       map[string]any    `json:"Events,omitempty"`
	FileSystemConfigs            []any             `json:"FileSystemConfigs,omitempty"`
	FunctionName                 *string           `json:"FunctionName,omitempty"`
	FunctionUrlConfig            any               `json:"FunctionUrlConfig,omitempty"`
	Handler                      *string           `json:"Handler,omitempty"`
	ImageConfig                  any               `json:"ImageConfig,omitempty"`
	ImageUri                     *string           `json:"ImageUri,omitempty"`
	InlineCode                   *string           `json:"InlineCode,omitempty"`
	KmsKeyArn                    *string           `json:"KmsKeyArn,omitempty"`
	Layers                       []string          `json:"Layers,omitempty"`
	MemorySize                   *int              `json:"MemorySize,omitempty"`
	PackageType                  *string           `json:"PackageType,omitempty"`
	PermissionsBoundary          *string           `json:"PermissionsBoundary,omitempty"`
	Policies                     any               `json:"Policies,omitempty"`
	ProvisionedConcurrencyConfig any               `json:"ProvisionedConcurrencyConfig,omitempty"`
	ReservedConcurrentExecutions *int              `json:"ReservedConcurrentExecutions,omitempty"`
	Role                         *string           `json:"Role,omitempty"`
	Runtime                      *string           `json:"Runtime,omitempty"`
	Tags                         map[string]string `json:"Tags,omitempty"`
	Timeout                      *int              `json:"Timeout,omitempty"`
	Tracing                      *string           `json:"Tracing,omitempty"`
	VersionDescription           *string           `json:"VersionDescription,omitempty"`
	VpcConfig                    any               `json:"VpcConfig,omitempty"`
}

// NewCfnFunction adds an AWS::Serverless::Function to scope and the SAM
// transform to its stack.
func NewCfnFunction(scope constructs.Construct, id string, props CfnFunctionProps) *CfnFunction {
	r := &CfnFunction{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnFunctionType, &r.Props, true)
	return r
}

// CfnAPI is the AWS::Serverless::Api resource: an API Gateway REST API with
// its stage and deployment. Ref is the REST API's id.
type CfnAPI struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnAPIProps
}

// CfnAPIProps are the properties of CfnAPI; StageName is required.
type CfnAPIProps struct {
	AccessLogSetting          any               `json:"AccessLogSetting,omitempty"`
	AlwaysDeploy              *bool             `json:"AlwaysDeploy,omitempty"`
	Auth                      any               `json:"Auth,omitempty"`
	BinaryMediaTypes          []string          `json:"BinaryMediaTypes,omitempty"`
	CacheClusterEnabled       *bool             `json:"CacheClusterEnabled,omitempty"`
	CacheClusterSize          *string           `json:"CacheClusterSize,omitempty"`
	CanarySetting             any               `json:"CanarySetting,omitempty"`
	Cors                      any               `json:"Cors,omitempty"`
	DefinitionBody            any               `json:"DefinitionBody,omitempty"`
	DefinitionUri             any               `json:"DefinitionUri,omitempty"`
	Description               *string           `json:"Description,omitempty"`
	DisableExecuteApiEndpoint *bool             `json:"DisableExecuteApiEndpoint,omitempty"`
	Domain                    any               `json:"Domain,omitempty"`
	EndpointConfiguration     any               `json:"EndpointConfiguration,omitempty"`
	GatewayResponses          any               `json:"GatewayResponses,omitempty"`
	MethodSettings            []any             `json:"MethodSettings,omitempty"`
	MinimumCompressionSize    *int              `json:"MinimumCompressionSize,omitempty"`
	Models                    any               `json:"Models,omitempty"`
	Name                      *string           `json:"Name,omitempty"`
	OpenApiVersion            *string           `json:"OpenApiVersion,omitempty"`
	StageName                 string            `json:"StageName,omitempty"`
	Tags                      map[string]string `json:"Tags,omitempty"`
	TracingEnabled            *bool             `json:"TracingEnabled,omitempty"`
	Variables                 map[string]string `json:"Variables,omitempty"`
}

// NewCfnAPI adds an AWS::Serverless::Api to scope and the SAM transform to
// its stack.
func NewCfnAPI(scope constructs.Construct, id string, props CfnAPIProps) *CfnAPI {
	r := &CfnAPI{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnAPIType, &r.Props, true)
	r.Node().AddValidation(constructs.ValidationFunc(func() []string {
		if r.Props.StageName == "" {
			return []string{"AWS::Serverless::Api needs a StageName"}
		}
		return nil
	}))
	return r
}

// CfnHTTPAPI is the AWS::Serverless::HttpApi resource: an API Gateway HTTP
// API. Ref is the API's id.
type CfnHTTPAPI struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnHTTPAPIProps
}

// CfnHTTPAPIProps are the properties of CfnHTTPAPI.
type CfnHTTPAPIProps struct {
	AccessLogSettings         any               `json:"AccessLogSettings,omitempty"`
	Auth                      any               `json:"Auth,omitempty"`
	CorsConfiguration         any               `json:"CorsConfiguration,omitempty"`
	DefaultRouteSettings      any               `json:"DefaultRouteSettings,omitempty"`
	DefinitionBody            any               `json:"DefinitionBody,omitempty"`
	DefinitionUri             any               `json:"DefinitionUri,omitempty"`
	Description               *string           `json:"Description,omitempty"`
	DisableExecuteApiEndpoint *bool             `json:"DisableExecuteApiEndpoint,omitempty"`
	Domain                    any               `json:"Domain,omitempty"`
	FailOnWarnings            *bool             `json:"FailOnWarnings,omitempty"`
	RouteSettings             any               `json:"RouteSettings,omitempty"`
	StageName                 *string           `json:"StageName,omitempty"`
	StageVariables            map[string]string `json:"StageVariables,omitempty"`
	Tags                      map[string]string `json:"Tags,omitempty"`
}

// NewCfnHTTPAPI adds an AWS::Serverless::HttpApi to scope and the SAM
// transform to its stack.
func NewCfnHTTPAPI(scope constructs.Construct, id string, props CfnHTTPAPIProps) *CfnHTTPAPI {
	r := &CfnHTTPAPI{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnHTTPAPIType, &r.Props, true)
	return r
}

// CfnSimpleTable is the AWS::Serverless::SimpleTable resource: a DynamoDB
// table with a single-attribute primary key. Ref is the table's name.
type CfnSimpleTable struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnSimpleTableProps
}

// SimpleTablePrimaryKey is a SimpleTable's key: its name and type (String,
// Number or Binary).
type SimpleTablePrimaryKey struct {
	Name string `json:"Name,omitempty"`
	Type string `json:"Type,omitempty"`
}

// SimpleTableThroughput is a SimpleTable's provisioned capacity.
type SimpleTableThroughput struct {
	ReadCapacityUnits  *int `json:"ReadCapacityUnits,omitempty"`
	WriteCapacityUnits int  `json:"WriteCapacityUnits,omitempty"`
}

// CfnSimpleTableProps are the properties of CfnSimpleTable.
type CfnSimpleTableProps struct {
	PrimaryKey            *SimpleTablePrimaryKey `json:"PrimaryKey,omitempty"`
	ProvisionedThroughput *SimpleTableThroughput `json:"ProvisionedThroughput,omitempty"`
	SSESpecification      any                    `json:"SSESpecification,omitempty"`
	TableName             *string                `json:"TableName,omitempty"`
	Tags                  map[string]string      `json:"Tags,omitempty"`
}

// NewCfnSimpleTable adds an AWS::Serverless::SimpleTable to scope and the
// SAM transform to its stack.
func NewCfnSimpleTable(scope constructs.Construct, id string, props CfnSimpleTableProps) *CfnSimpleTable {
	r := &CfnSimpleTable{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnSimpleTableType, &r.Props, true)
	return r
}

// CfnApplication is the AWS::Serverless::Application resource: a nested
// application from the Serverless Application Repository or S3.
type CfnApplication struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnApplicationProps
}

// ApplicationLocation is an application of the Serverless Application
// Repository.
type ApplicationLocation struct {
	ApplicationId   string `json:"ApplicationId,omitempty"`
	SemanticVersion string `json:"SemanticVersion,omitempty"`
}

// CfnApplicationProps are the properties of CfnApplication; Location (an
// ApplicationLocation or a template URL) is required.
type CfnApplicationProps struct {
	Location         any               `json:"Location,omitempty"`
	NotificationArns []string          `json:"NotificationArns,omitempty"`
	Parameters       map[string]string `json:"Parameters,omitempty"`
	Tags             map[string]string `json:"Tags,omitempty"`
	TimeoutInMinutes *int              `json:"TimeoutInMinutes,omitempty"`
}

// NewCfnApplication adds an AWS::Serverless::Application to scope and the
// SAM transform to its stack.
func NewCfnApplication(scope constructs.Construct, id string, props CfnApplicationProps) *CfnApplication {
	r := &CfnApplication{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnApplicationType, &r.Props, true)
	r.Node().AddValidation(constructs.ValidationFunc(func() []string {
		if r.Props.Location == nil {
			return []string{"AWS::Serverless::Application needs a Location (a sam.ApplicationLocation or a template URL)"}
		}
		return nil
	}))
	return r
}

// CfnLayerVersion is the AWS::Serverless::LayerVersion resource: a Lambda
// layer version. Ref is the layer version's ARN.
type CfnLayerVersion struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnLayerVersionProps
}

// CfnLayerVersionProps are the properties of CfnLayerVersion.
type CfnLayerVersionProps struct {
	CompatibleRuntimes []string `json:"CompatibleRuntimes,omitempty"`
	ContentUri         any      `json:"ContentUri,omitempty"`
	Description        *string  `json:"Description,omitempty"`
	LayerName          *string  `json:"LayerName,omitempty"`
	LicenseInfo        *string  `json:"LicenseInfo,omitempty"`
	RetentionPolicy    *string  `json:"RetentionPolicy,omitempty"`
}

// NewCfnLayerVersion adds an AWS::Serverless::LayerVersion to scope and the
// SAM transform to its stack.
func NewCfnLayerVersion(scope constructs.Construct, id string, props CfnLayerVersionProps) *CfnLayerVersion {
	r := &CfnLayerVersion{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnLayerVersionType, &r.Props, false)
	return r
}

// CfnStateMachine is the AWS::Serverless::StateMachine resource: a Step
// Functions state machine with its role and event sources. Ref is its ARN.
type CfnStateMachine struct {
	cfn.Resource
	// Props are the properties rendered at synthesis; they may be changed until then.
	Props CfnStateMachineProps
}

// CfnStateMachineProps are the properties of CfnStateMachine.
type CfnStateMachineProps struct {
	Definition              any               `json:"Definition,omitempty"`
	DefinitionSubstitutions map[string]string `json:"DefinitionSubstitutions,omitempty"`
	DefinitionUri           any               `json:"DefinitionUri,omitempty"`
	Events                  map[string]any    `json:"Events,omitempty"`
	Logging                 any               `json:"Logging,omitempty"`
	Name                    *string           `json:"Name,omitempty"`
	PermissionsBoundaries   *string           `json:"PermissionsBoundaries,omitempty"`
	Policies                any               `json:"Policies,omitempty"`
	Role                    *string           `json:"Role,omitempty"`
	Tags                    map[string]string `json:"Tags,omitempty"`
	Tracing                 any               `json:"Tracing,omitempty"`
	Type                    *string           `json:"Type,omitempty"`
}

// NewCfnStateMachine adds an AWS::Serverless::StateMachine to scope and the
// SAM transform to its stack.
func NewCfnStateMachine(scope constructs.Construct, id string, props CfnStateMachineProps) *CfnStateMachine {
	r := &CfnStateMachine{Props: props}
	initSAM(&r.Resource, r, scope, id, CfnStateMachineType, &r.Props, true)
	return r
}
