package ecs

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/logs"
)

// ExecuteCommandLogging is where ECS Exec sessions are logged.
type ExecuteCommandLogging string

// ECS Exec logging settings.
const (
	// ExecLoggingNone logs nothing.
	ExecLoggingNone ExecuteCommandLogging = "NONE"
	// ExecLoggingDefault uses the awslogs configuration of the task definition.
	ExecLoggingDefault ExecuteCommandLogging = "DEFAULT"
	// ExecLoggingOverride logs to the destinations of LogConfiguration.
	ExecLoggingOverride ExecuteCommandLogging = "OVERRIDE"
)

// ExecuteCommandConfiguration is a cluster's ECS Exec settings, the AWS
// CDK's ExecuteCommandConfiguration.
type ExecuteCommandConfiguration struct {
	// KMSKey encrypts the session data; default: none (TLS only). Services
	// with ECS Exec get kms:Decrypt and kms:GenerateDataKey on it, and a key
	// defined in the program gets key policy statements for the account and,
	// when sessions are logged to CloudWatch Logs, for the logs service.
	KMSKey kms.IKey
	// Logging default: left out (ECS's DEFAULT).
	Logging ExecuteCommandLogging
	// LogConfiguration is where sessions are logged; only with
	// ExecLoggingOverride.
	LogConfiguration *ExecuteCommandLogConfiguration
}

// ExecuteCommandLogConfiguration is where ECS Exec sessions are logged.
type ExecuteCommandLogConfiguration struct {
	// CloudWatchLogGroup receives the session logs; default: none.
	CloudWatchLogGroup logs.ILogGroup
	// CloudWatchEncryptionEnabled requires the log group to be encrypted.
	CloudWatchEncryptionEnabled bool
	// S3BucketName is the bucket receiving the session logs; default: none.
	S3BucketName string
	// S3EncryptionEnabled requires the bucket to be encrypted.
	S3EncryptionEnabled bool
	// S3KeyPrefix prefixes the log objects' keys.
	S3KeyPrefix string
}

func (c *Cluster) renderExecuteCommandConfiguration(cfg *ExecuteCommandConfiguration) *ecscfn.CfnCluster_ExecuteCommandConfigurationProperty {
	if (cfg.Logging == ExecLoggingOverride) != (cfg.LogConfiguration != nil) {
		c.Errorf("ExecuteCommandConfiguration.LogConfiguration is given only with Logging ecs.ExecLoggingOverride, and that logging needs it")
	}
	switch cfg.Logging {
	case "", ExecLoggingNone, ExecLoggingDefault, ExecLoggingOverride:
	default:
		c.Errorf("%s", "ExecuteCommandConfiguration.Logging "+quote(string(cfg.Logging))+" is not a logging setting; use ecs.ExecLoggingNone, ExecLoggingDefault or ExecLoggingOverride")
	}
	out := &ecscfn.CfnCluster_ExecuteCommandConfigurationProperty{}
	if cfg.KMSKey != nil {
		out.KmsKeyId = new(cfg.KMSKey.KeyARN())
	}
	if cfg.Logging != "" {
		out.Logging = new(string(cfg.Logging))
	}
	if lc := cfg.LogConfiguration; lc != nil {
		if lc.S3EncryptionEnabled && lc.S3BucketName == "" {
			c.Errorf("ExecuteCommandLogConfiguration.S3EncryptionEnabled needs S3BucketName")
		}
		if lc.CloudWatchEncryptionEnabled && lc.CloudWatchLogGroup == nil {
			c.Errorf("ExecuteCommandLogConfiguration.CloudWatchEncryptionEnabled needs CloudWatchLogGroup")
		}
		l := &ecscfn.CfnCluster_ExecuteCommandLogConfigurationProperty{}
		if lc.CloudWatchEncryptionEnabled {
			l.CloudWatchEncryptionEnabled = new(true)
		}
		if lc.CloudWatchLogGroup != nil {
			l.CloudWatchLogGroupName = new(lc.CloudWatchLogGroup.LogGroupName())
		}
		if lc.S3BucketName != "" {
			l.S3BucketName = new(lc.S3BucketName)
		}
		if lc.S3EncryptionEnabled {
			l.S3EncryptionEnabled = new(true)
		}
		if lc.S3KeyPrefix != "" {
			l.S3KeyPrefix = new(lc.S3KeyPrefix)
		}
		out.LogConfiguration = l
	}
	return out
}

// enableExecuteCommand grants the task role what ECS Exec needs, as the AWS
// CDK's BaseService does: the SSM message channels, the KMS key of the
// cluster's configuration, and the log destinations.
func (s *FargateService) enableExecuteCommand() {
	td := s.TaskDefinition
	td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{
			"ssmmessages:CreateControlChannel",
			"ssmmessages:CreateDataChannel",
			"ssmmessages:OpenControlChannel",
			"ssmmessages:OpenDataChannel",
		},
		Resources: []string{"*"},
	}))
	cfg := s.Cluster.ExecuteCommandConfiguration()
	logging := ExecLoggingDefault
	if cfg != nil && cfg.Logging != "" {
		logging = cfg.Logging
	}
	st := constructs.StackOf(s)
	stack := struct{ partition, region, account string }{st.Partition(), st.Region(), st.Account()}
	if cfg != nil && cfg.KMSKey != nil {
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"kms:Decrypt", "kms:GenerateDataKey"},
			Resources: []string{cfg.KMSKey.KeyARN()},
		}))
		cfg.KMSKey.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:    []string{"kms:*"},
			Resources:  []string{"*"},
			Principals: []iam.IPrincipal{iam.NewARNPrincipal("arn:" + stack.partition + ":iam::" + stack.account + ":root")},
		}))
		if logging == ExecLoggingDefault || (cfg.LogConfiguration != nil && cfg.LogConfiguration.CloudWatchEncryptionEnabled) {
			cfg.KMSKey.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
				Resources:  []string{"*"},
				Principals: []iam.IPrincipal{iam.NewServicePrincipal("logs." + stack.region + ".amazonaws.com")},
				Conditions: map[string]map[string]any{
					"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:" + stack.partition + ":logs:" + stack.region + ":" + stack.account + ":*"},
				},
			}))
		}
	}
	if logging == ExecLoggingNone {
		return
	}
	var lc *ExecuteCommandLogConfiguration
	if cfg != nil {
		lc = cfg.LogConfiguration
	}
	// With @aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions, the
	// log permissions are granted only for a configured log group.
	if !FeatureFlag(s, FlagReduceCloudWatchPermissions) || (lc != nil && lc.CloudWatchLogGroup != nil) {
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions: []string{"logs:DescribeLogGroups"}, Resources: []string{"*"},
		}))
		groupARN := "*"
		if lc != nil && lc.CloudWatchLogGroup != nil {
			groupARN = "arn:" + stack.partition + ":logs:" + stack.region + ":" + stack.account + ":log-group:" + lc.CloudWatchLogGroup.LogGroupName() + ":*"
		}
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
			Resources: []string{groupARN},
		}))
	}
	if lc != nil && lc.S3BucketName != "" {
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions: []string{"s3:GetBucketLocation"}, Resources: []string{"*"},
		}))
		td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions: []string{"s3:PutObject"}, Resources: []string{"arn:" + stack.partition + ":s3:::" + lc.S3BucketName + "/*"},
		}))
		if lc.S3EncryptionEnabled {
			td.AddToTaskRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions: []string{"s3:GetEncryptionConfiguration"}, Resources: []string{"arn:" + stack.partition + ":s3:::" + lc.S3BucketName},
			}))
		}
	}
}
