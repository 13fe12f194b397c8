package codedeploy

// AppSpec types: CodeDeploy's application specification (appspec.yml), one
// type for each compute platform. Each is shaped as the file is, so that one
// JSON Schema (`forma schema appspec`) serves Go programs, editors and
// `forma validate appspec`.

// ServerAppSpec is the AppSpec of an EC2/on-premises deployment: the files
// to copy, their permissions and the lifecycle hook scripts. The seed's
// static web site reads:
//
//	codedeploy.ServerAppSpec{
//		OS:    "linux",
//		Files: []codedeploy.AppSpecFile{{Source: "/", Destination: "/var/www/html"}},
//		Permissions: []codedeploy.AppSpecPermission{{Object: "/var/www/html", Pattern: "*.html",
//			Owner: "root", Group: "root", Mode: "644", Type: []string{"file"}}},
//		Hooks: codedeploy.ServerHooks{
//			ApplicationStop:  []codedeploy.HookScript{{Location: "scripts/stop_server", Timeout: 300, RunAs: "root"}},
//			BeforeInstall:    []codedeploy.HookScript{{Location: "scripts/install_dependencies", Timeout: 300, RunAs: "root"}},
//			ApplicationStart: []codedeploy.HookScript{{Location: "scripts/start_server", Timeout: 300, RunAs: "root"}},
//			ValidateService:  []codedeploy.HookScript{{Location: "scripts/validate_service", Timeout: 300}},
//		},
//	}
type ServerAppSpec struct {
	// Version is "0.0" (the only version; the default).
	Version string `json:"version" yaml:"version" jsonschema:"required"`
	// OS is linux or windows.
	OS string `json:"os" yaml:"os" jsonschema:"required,enum=linux,enum=windows"`
	// Files are copied from the revision to the instance.
	Files []AppSpecFile `json:"files,omitempty" yaml:"files,omitempty"`
	// FileExistsBehavior is what happens to a file that is already there:
	// DISALLOW (the default: the deployment fails), OVERWRITE or RETAIN.
	FileExistsBehavior string `json:"file_exists_behavior,omitempty" yaml:"file_exists_behavior,omitempty" jsonschema:"enum=DISALLOW,enum=OVERWRITE,enum=RETAIN"`
	// Permissions apply to the copied files (Linux only).
	Permissions []AppSpecPermission `json:"permissions,omitempty" yaml:"permissions,omitempty"`
	// Hooks are the scripts run at each lifecycle event.
	Hooks *ServerHooks `json:"hooks,omitempty" yaml:"hooks,omitempty"`
}

// AppSpecFile is one file or directory to copy.
type AppSpecFile struct {
	// Source is a path in the revision ("/" for all of it).
	Source string `json:"source" yaml:"source" jsonschema:"required"`
	// Destination is a path on the instance.
	Destination string `json:"destination" yaml:"destination" jsonschema:"required"`
}

// AppSpecPermission sets the permissions of copied files.
type AppSpecPermission struct {
	// Object is the file or directory the permissions apply to.
	Object string `json:"object" yaml:"object" jsonschema:"required"`
	// Pattern selects files or directories under Object, e.g. "*.html".
	Pattern string `json:"pattern,omitempty" yaml:"pattern,omitempty"`
	// Except are patterns left out.
	Except []string `json:"except,omitempty" yaml:"except,omitempty"`
	// Owner is the owning user.
	Owner string `json:"owner,omitempty" yaml:"owner,omitempty"`
	// Group is the owning group.
	Group string `json:"group,omitempty" yaml:"group,omitempty"`
	// Mode is the octal mode, e.g. "644".
	Mode string `json:"mode,omitempty" yaml:"mode,omitempty"`
	// ACLs are access control list entries.
	ACLs []string `json:"acls,omitempty" yaml:"acls,omitempty"`
	// Context is the SELinux context.
	Context *SELinuxContext `json:"context,omitempty" yaml:"context,omitempty"`
	// Type says what Pattern selects: file, directory or both.
	Type []string `json:"type,omitempty" yaml:"type,omitempty"`
}

// SELinuxContext is a permission's SELinux security context.
type SELinuxContext struct {
	User  string `json:"user,omitempty" yaml:"user,omitempty"`
	Type  string `json:"type" yaml:"type" jsonschema:"required"`
	Range string `json:"range,omitempty" yaml:"range,omitempty"`
}

// ServerHooks are the lifecycle events of an EC2/on-premises deployment
// that run scripts, in the order they run. DownloadBundle, Install,
// BlockTraffic and AllowTraffic are CodeDeploy's own and run no scripts.
type ServerHooks struct {
	ApplicationStop    []HookScript `json:"ApplicationStop,omitempty" yaml:"ApplicationStop,omitempty"`
	BeforeInstall      []HookScript `json:"BeforeInstall,omitempty" yaml:"BeforeInstall,omitempty"`
	AfterInstall       []HookScript `json:"AfterInstall,omitempty" yaml:"AfterInstall,omitempty"`
	ApplicationStart   []HookScript `json:"ApplicationStart,omitempty" yaml:"ApplicationStart,omitempty"`
	ValidateService    []HookScript `json:"ValidateService,omitempty" yaml:"ValidateService,omitempty"`
	BeforeBlockTraffic []HookScript `json:"BeforeBlockTraffic,omitempty" yaml:"BeforeBlockTraffic,omitempty"`
	AfterBlockTraffic  []HookScript `json:"AfterBlockTraffic,omitempty" yaml:"AfterBlockTraffic,omitempty"`
	BeforeAllowTraffic []HookScript `json:"BeforeAllowTraffic,omitempty" yaml:"BeforeAllowTraffic,omitempty"`
	AfterAllowTraffic  []HookScript `json:"AfterAllowTraffic,omitempty" yaml:"AfterAllowTraffic,omitempty"`
}

// HookScript is one script of a lifecycle event.
type HookScript struct {
	// Location is the script's path in the revision.
	Location string `json:"location" yaml:"location" jsonschema:"required"`
	// Timeout in seconds, at most 3600; default 3600.
	Timeout int `json:"timeout,omitempty" yaml:"timeout,omitempty" jsonschema:"minimum=1,maximum=3600"`
	// RunAs is the user that runs the script.
	RunAs string `json:"runas,omitempty" yaml:"runas,omitempty"`
}

// ECSAppSpec is the AppSpec of an ECS blue/green deployment: the task
// definition and container the service's load balancer sends traffic to,
// and the Lambda functions run at each hook. NewECSAppSpec fills the usual
// case.
type ECSAppSpec struct {
	// Version is "0.0" (the only version; the default).
	Version string `json:"version" yaml:"version" jsonschema:"required"`
	// Resources holds one entry: the target service, by name.
	Resources []map[string]ECSResource `json:"Resources" yaml:"Resources" jsonschema:"required,minItems=1,maxItems=1"`
	// Hooks name a Lambda function for each lifecycle event, in order.
	Hooks []ECSHook `json:"Hooks,omitempty" yaml:"Hooks,omitempty"`
}

// ECSResource is the service an ECS deployment updates.
type ECSResource struct {
	// Type is AWS::ECS::Service.
	Type string `json:"Type" yaml:"Type" jsonschema:"required,enum=AWS::ECS::Service"`
	// Properties are the service's new task definition and traffic target.
	Properties ECSResourceProperties `json:"Properties" yaml:"Properties" jsonschema:"required"`
}

// ECSResourceProperties are the target service's properties.
type ECSResourceProperties struct {
	// TaskDefinition is the ARN of the task definition to deploy (or the
	// <TASK_DEFINITION> placeholder a pipeline fills in).
	TaskDefinition string `json:"TaskDefinition" yaml:"TaskDefinition" jsonschema:"required"`
	// LoadBalancerInfo is the container and port that receive traffic.
	LoadBalancerInfo *ECSLoadBalancerInfo `json:"LoadBalancerInfo,omitempty" yaml:"LoadBalancerInfo,omitempty"`
	// PlatformVersion is the Fargate platform version.
	PlatformVersion string `json:"PlatformVersion,omitempty" yaml:"PlatformVersion,omitempty"`
	// NetworkConfiguration replaces the service's network configuration.
	NetworkConfiguration *ECSNetworkConfiguration `json:"NetworkConfiguration,omitempty" yaml:"NetworkConfiguration,omitempty"`
	// CapacityProviderStrategy replaces the service's strategy.
	CapacityProviderStrategy []ECSCapacityProviderStrategy `json:"CapacityProviderStrategy,omitempty" yaml:"CapacityProviderStrategy,omitempty"`
}

// ECSLoadBalancerInfo is the container and port that receive traffic.
type ECSLoadBalancerInfo struct {
	ContainerName string `json:"ContainerName" yaml:"ContainerName" jsonschema:"required"`
	ContainerPort int    `json:"ContainerPort" yaml:"ContainerPort" jsonschema:"required,minimum=1,maximum=65535"`
}

// ECSNetworkConfiguration is a task's awsvpc configuration.
type ECSNetworkConfiguration struct {
	AwsvpcConfiguration ECSAwsvpcConfiguration `json:"AwsvpcConfiguration" yaml:"AwsvpcConfiguration" jsonschema:"required"`
}

// ECSAwsvpcConfiguration is the subnets, security groups and public IP of
// the tasks.
type ECSAwsvpcConfiguration struct {
	Subnets        []string `json:"Subnets" yaml:"Subnets" jsonschema:"required"`
	SecurityGroups []string `json:"SecurityGroups,omitempty" yaml:"SecurityGroups,omitempty"`
	AssignPublicIP string   `json:"AssignPublicIp,omitempty" yaml:"AssignPublicIp,omitempty" jsonschema:"enum=ENABLED,enum=DISABLED"`
}

// ECSCapacityProviderStrategy is one capacity provider of a strategy.
type ECSCapacityProviderStrategy struct {
	Base             int    `json:"Base,omitempty" yaml:"Base,omitempty" jsonschema:"minimum=0,maximum=100000"`
	CapacityProvider string `json:"CapacityProvider" yaml:"CapacityProvider" jsonschema:"required"`
	Weight           int    `json:"Weight,omitempty" yaml:"Weight,omitempty" jsonschema:"minimum=0,maximum=1000"`
}

// ECSHook names the Lambda function of one lifecycle event of an ECS
// deployment; set exactly one field.
type ECSHook struct {
	BeforeInstall         string `json:"BeforeInstall,omitempty" yaml:"BeforeInstall,omitempty"`
	AfterInstall          string `json:"AfterInstall,omitempty" yaml:"AfterInstall,omitempty"`
	AfterAllowTestTraffic string `json:"AfterAllowTestTraffic,omitempty" yaml:"AfterAllowTestTraffic,omitempty"`
	BeforeAllowTraffic    string `json:"BeforeAllowTraffic,omitempty" yaml:"BeforeAllowTraffic,omitempty"`
	AfterAllowTraffic     string `json:"AfterAllowTraffic,omitempty" yaml:"AfterAllowTraffic,omitempty"`
}

// NewECSAppSpec returns the AppSpec of a blue/green deployment of a
// service named TargetService: taskDefinition (an ARN, or "<TASK_DEFINITION>"
// for a pipeline to fill in) with traffic to container's port.
func NewECSAppSpec(taskDefinition, container string, port int, hooks ...ECSHook) ECSAppSpec {
	return ECSAppSpec{
		Version: "0.0",
		Resources: []map[string]ECSResource{{"TargetService": {
			Type: "AWS::ECS::Service",
			Properties: ECSResourceProperties{
				TaskDefinition:   taskDefinition,
				LoadBalancerInfo: &ECSLoadBalancerInfo{ContainerName: container, ContainerPort: port},
			},
		}}},
		Hooks: hooks,
	}
}

// LambdaAppSpec is the AppSpec of a Lambda deployment: the alias that moves
// from one function version to another, and the hook functions.
type LambdaAppSpec struct {
	// Version is "0.0" (the only version; the default).
	Version string `json:"version" yaml:"version" jsonschema:"required"`
	// Resources holds one entry: the function, by name.
	Resources []map[string]LambdaResource `json:"Resources" yaml:"Resources" jsonschema:"required,minItems=1,maxItems=1"`
	// Hooks name a Lambda function for each lifecycle event, in order.
	Hooks []LambdaHook `json:"Hooks,omitempty" yaml:"Hooks,omitempty"`
}

// LambdaResource is the function a Lambda deployment shifts.
type LambdaResource struct {
	// Type is AWS::Lambda::Function.
	Type string `json:"Type" yaml:"Type" jsonschema:"required,enum=AWS::Lambda::Function"`
	// Properties name the function, its alias and the versions.
	Properties LambdaResourceProperties `json:"Properties" yaml:"Properties" jsonschema:"required"`
}

// LambdaResourceProperties name the function, its alias and the versions.
type LambdaResourceProperties struct {
	Name           string `json:"Name" yaml:"Name" jsonschema:"required"`
	Alias          string `json:"Alias" yaml:"Alias" jsonschema:"required"`
	CurrentVersion string `json:"CurrentVersion" yaml:"CurrentVersion" jsonschema:"required"`
	TargetVersion  string `json:"TargetVersion" yaml:"TargetVersion" jsonschema:"required"`
}

// LambdaHook names the Lambda function of one lifecycle event of a Lambda
// deployment; set exactly one field.
type LambdaHook struct {
	BeforeAllowTraffic string `json:"BeforeAllowTraffic,omitempty" yaml:"BeforeAllowTraffic,omitempty"`
	AfterAllowTraffic  string `json:"AfterAllowTraffic,omitempty" yaml:"AfterAllowTraffic,omitempty"`
}
