package ecs

import (
	"regexp"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// FireLens is the awsfirelens log driver: the container's logs go to the
// task's FireLens log router (Fluent Bit or Fluentd), which sends them
// where Options say. A task without a router gets the AWS CDK's default
// one at synthesis: a container "log-router" running the latest AWS for
// Fluent Bit image (read from the public SSM parameter
// /aws/service/aws-for-fluent-bit/latest), logging with awslogs under the
// stream prefix "firelens", with 50 MiB reserved; the execution role may pull
// it, and the task role may write to CloudWatch Logs, Kinesis Data Firehose or
// Kinesis Data Streams when Options["Name"] is cloudwatch, firehose or kinesis.
type FireLens struct {
	// Options of the output plugin ("Name": "cloudwatch", "region": ...).
	Options map[string]string
	// SecretOptions are options read from secrets, written sorted by name
	// after OrderedSecretOptions; the execution role may read each.
	SecretOptions map[string]Secret
	// OrderedSecretOptions are secret options written in the order given.
	OrderedSecretOptions []SecretVar
}

// Bind returns the awsfirelens configuration and grants the execution role
// read access to the secret options.
func (f FireLens) Bind(_ constructs.Construct, c *ContainerDefinition) LogDriverConfig {
	cfg := LogDriverConfig{LogDriver: "awsfirelens"}
	for k, v := range f.Options {
		if v != "" {
			if cfg.Options == nil {
				cfg.Options = map[string]string{}
			}
			cfg.Options[k] = v
		}
	}
	for _, s := range c.secretEntries("SecretOptions", f.OrderedSecretOptions, f.SecretOptions) {
		s.Secret.GrantRead(c, c.TaskDefinition.ObtainExecutionRole())
		cfg.SecretOptions = append(cfg.SecretOptions, ecscfn.CfnTaskDefinition_SecretProperty{Name: s.Name, ValueFrom: s.Secret.ValueFrom(c)})
	}
	return cfg
}

// FirelensLogRouterType is the log router's software.
type FirelensLogRouterType string

// Log router types.
const (
	FirelensFluentBit FirelensLogRouterType = "fluentbit"
	FirelensFluentd   FirelensLogRouterType = "fluentd"
)

// FirelensConfigFileType is where a log router's configuration file is.
type FirelensConfigFileType string

// Configuration file types.
const (
	FirelensConfigFileS3   FirelensConfigFileType = "s3"
	FirelensConfigFileFile FirelensConfigFileType = "file"
)

// FirelensConfig is a log router's FireLens configuration.
type FirelensConfig struct {
	// Type is fluentbit or fluentd (required).
	Type FirelensLogRouterType
	// Options default: none (no Options written).
	Options *FirelensOptions
}

// FirelensOptions are a log router's FireLens options.
type FirelensOptions struct {
	// EnableECSLogMetadata adds the task's metadata to log records;
	// default true.
	EnableECSLogMetadata *bool
	// ConfigFileType and ConfigFileValue name a custom configuration file,
	// both or neither: an S3 object ARN ("arn:aws:s3:::bucket/key", whose
	// object and bucket the execution role may then read) or a path in the
	// router's image.
	ConfigFileType  FirelensConfigFileType
	ConfigFileValue string
}

var s3ObjectARN = regexp.MustCompile(`arn:aws[a-zA-Z-]*:s3:::.+`)

// AddFirelensLogRouter adds the task's FireLens log router, a container
// with a FirelensConfiguration; a task has at most one.
//
// A ConfigFileType of s3 with a value that is not an S3 object ARN is an
// error here; the AWS CDK silently writes it as a file path.
func (td *FargateTaskDefinition) AddFirelensLogRouter(id string, config FirelensConfig, opts ContainerDefinitionOptions) *ContainerDefinition {
	if r := td.firelensRouter(); r != nil {
		td.Errorf("the task definition has a FireLens log router (%q) already; %q cannot be another", r.name, id)
	}
	c := td.AddContainer(id, opts)
	c.firelens = true
	if config.Type == "" {
		c.Errorf("FirelensConfig.Type is required; use ecs.FirelensFluentBit or ecs.FirelensFluentd")
	}
	out := &ecscfn.CfnTaskDefinition_FirelensConfigurationProperty{Type: new(string(config.Type))}
	if o := config.Options; o != nil {
		meta := "true"
		if o.EnableECSLogMetadata != nil && !*o.EnableECSLogMetadata {
			meta = "false"
		}
		out.Options = map[string]string{"enable-ecs-log-metadata": meta}
		switch {
		case (o.ConfigFileType == "") != (o.ConfigFileValue == ""):
			c.Errorf("FirelensOptions.ConfigFileType and ConfigFileValue go together; set both or neither")
		case o.ConfigFileType == FirelensConfigFileS3:
			if !token.IsUnresolved(o.ConfigFileValue) && !s3ObjectARN.MatchString(o.ConfigFileValue) {
				c.Errorf("FirelensOptions.ConfigFileValue %q is not an S3 object ARN (arn:aws:s3:::bucket/key); give one, or use ConfigFileType file for a path in the image", o.ConfigFileValue)
			}
			td.AddToExecutionRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{o.ConfigFileValue}}))
			bucket, _, _ := strings.Cut(o.ConfigFileValue, "/")
			td.AddToExecutionRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetBucketLocation"}, Resources: []string{bucket}}))
		}
		if o.ConfigFileType != "" && o.ConfigFileValue != "" {
			out.Options["config-file-type"] = string(o.ConfigFileType)
			out.Options["config-file-value"] = o.ConfigFileValue
		}
	}
	c.def().FirelensConfiguration = out
	return c
}

func (td *FargateTaskDefinition) firelensRouter() *ContainerDefinition {
	for _, c := range td.containers {
		if c.firelens {
			return c
		}
	}
	return nil
}

// fluentBitParameterID is the id, and logical ID once its non-alphanumerics
// are dropped, of the AWS CDK's parameter for the latest AWS for Fluent Bit
// image (ssm.StringParameter.valueForStringParameter).
const fluentBitParameterID = "SsmParameterValue:--aws--service--aws-for-fluent-bit--latest:C96584B6-F00A-464E-AD19-53AFF4B05118.Parameter"

// addDefaultLogRouter adds the AWS CDK's default log router when a
// container logs with awsfirelens and the task has no router. It runs once
// all containers are added (an aspect), as the CDK adds it when it renders
// the containers, so the router comes last.
func (td *FargateTaskDefinition) addDefaultLogRouter() {
	if td.firelensRouter() != nil {
		return
	}
	var user *ContainerDefinition
	for _, c := range td.containers {
		if c.logDriver == "awsfirelens" {
			user = c
			break
		}
	}
	if user == nil {
		return
	}
	td.AddToExecutionRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
		Resources: []string{"*"},
	}))
	var actions []string
	switch user.logOptions["Name"] {
	case "cloudwatch":
		actions = []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"}
		if _, ok := user.logOptions["log_retention_days"]; ok {
			actions = append(actions, "logs:PutRetentionPolicy")
		}
	case "firehose":
		actions = []string{"firehose:PutRecordBatch"}
	case "kinesis":
		actions = []string{"kinesis:PutRecords"}
	}
	if actions != nil {
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: actions, Resources: []string{"*"}}))
	}
	stack := constructs.StackOf(td)
	param, _ := stack.Node().TryFindChild(fluentBitParameterID).(*cfn.Parameter)
	if param == nil {
		param = cfn.NewParameter(stack, fluentBitParameterID, cfn.ParameterProps{
			Type: "AWS::SSM::Parameter::Value<String>", Default: "/aws/service/aws-for-fluent-bit/latest",
		})
	}
	td.AddFirelensLogRouter("log-router", FirelensConfig{Type: FirelensFluentBit}, ContainerDefinitionOptions{
		Image:                ImageFromRegistry(param.ValueAsString()),
		Logging:              AWSLogs{StreamPrefix: "firelens"},
		MemoryReservationMiB: 50,
	})
}
