package ec2

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/s3/s3cfn"
)

// FlowLogTrafficType is the traffic a flow log records.
type FlowLogTrafficType string

// Flow log traffic types.
const (
	FlowLogTrafficAll    FlowLogTrafficType = "ALL"
	FlowLogTrafficAccept FlowLogTrafficType = "ACCEPT"
	FlowLogTrafficReject FlowLogTrafficType = "REJECT"
)

// FlowLogMaxAggregationInterval is how long a flow log aggregates packets
// into one record, in seconds.
type FlowLogMaxAggregationInterval int

// The aggregation intervals EC2 accepts.
const (
	FlowLogAggregationOneMinute  FlowLogMaxAggregationInterval = 60
	FlowLogAggregationTenMinutes FlowLogMaxAggregationInterval = 600
)

// LogFormat is a field of a flow log record ("${srcaddr}") or a custom
// format; FlowLogOptions.LogFormat joins them with spaces.
type LogFormat string

// The flow log record fields, named as the AWS CDK's LogFormat members.
const (
	LogFormatVersion          LogFormat = "${version}"
	LogFormatAccountID        LogFormat = "${account-id}"
	LogFormatInterfaceID      LogFormat = "${interface-id}"
	LogFormatSrcAddr          LogFormat = "${srcaddr}"
	LogFormatDstAddr          LogFormat = "${dstaddr}"
	LogFormatSrcPort          LogFormat = "${srcport}"
	LogFormatDstPort          LogFormat = "${dstport}"
	LogFormatProtocol         LogFormat = "${protocol}"
	LogFormatPackets          LogFormat = "${packets}"
	LogFormatBytes            LogFormat = "${bytes}"
	LogFormatStartTimestamp   LogFormat = "${start}"
	LogFormatEndTimestamp     LogFormat = "${end}"
	LogFormatAction           LogFormat = "${action}"
	LogFormatLogStatus        LogFormat = "${log-status}"
	LogFormatVpcID            LogFormat = "${vpc-id}"
	LogFormatSubnetID         LogFormat = "${subnet-id}"
	LogFormatInstanceID       LogFormat = "${instance-id}"
	LogFormatTCPFlags         LogFormat = "${tcp-flags}"
	LogFormatTrafficType      LogFormat = "${type}"
	LogFormatPktSrcAddr       LogFormat = "${pkt-srcaddr}"
	LogFormatPktDstAddr       LogFormat = "${pkt-dstaddr}"
	LogFormatRegion           LogFormat = "${region}"
	LogFormatAZID             LogFormat = "${az-id}"
	LogFormatSublocationType  LogFormat = "${sublocation-type}"
	LogFormatSublocationID    LogFormat = "${sublocation-id}"
	LogFormatPktSrcAWSService LogFormat = "${pkt-src-aws-service}"
	LogFormatPktDstAWSService LogFormat = "${pkt-dst-aws-service}"
	LogFormatFlowDirection    LogFormat = "${flow-direction}"
	LogFormatTrafficPath      LogFormat = "${traffic-path}"
	// LogFormatAllDefaultFields is the default format's fields, in order.
	LogFormatAllDefaultFields LogFormat = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
)

// LogFormatField is the record field name ("ecs-cluster-name") as a LogFormat.
func LogFormatField(name string) LogFormat { return LogFormat("${" + name + "}") }

// FlowLogResourceType is what a flow log records: a VPC, a subnet or a
// network interface.
type FlowLogResourceType struct {
	typ, id string
}

// FlowLogResourceFromVpc records the traffic of the VPC.
func FlowLogResourceFromVpc(vpc IVpc) FlowLogResourceType {
	if constructs.IsNil(vpc) {
		return FlowLogResourceType{}
	}
	return FlowLogResourceType{typ: "VPC", id: vpc.VpcID()}
}

// FlowLogResourceFromSubnet records the traffic of the subnet.
func FlowLogResourceFromSubnet(s ISubnet) FlowLogResourceType {
	if constructs.IsNil(s) {
		return FlowLogResourceType{}
	}
	return FlowLogResourceType{typ: "Subnet", id: s.SubnetID()}
}

// FlowLogResourceFromNetworkInterfaceID records the traffic of the network interface.
func FlowLogResourceFromNetworkInterfaceID(id string) FlowLogResourceType {
	return FlowLogResourceType{typ: "NetworkInterface", id: id}
}

// FlowLogDestination is where a flow log delivers its records: made by
// FlowLogToCloudWatchLogs or FlowLogToS3.
type FlowLogDestination interface {
	bind(fl *FlowLog) flowLogDestinationConfig
}

type flowLogDestinationConfig struct {
	typ            string
	logGroup       logs.ILogGroup
	role           iam.IRole
	logDestination string
}

type cloudWatchDestination struct {
	logGroup logs.ILogGroup
	role     iam.IRole
}

// FlowLogToCloudWatchLogs delivers to a log group, with role allowed to
// write to it. A nil log group is created as "LogGroup" under the flow log
// (retention two years, retained on removal), a nil role as "IAMRole"
// (assumed by vpc-flow-logs.amazonaws.com), as the AWS CDK does; the role is
// granted logs:CreateLogStream, logs:PutLogEvents and
// logs:DescribeLogStreams on the group.
func FlowLogToCloudWatchLogs(logGroup logs.ILogGroup, role iam.IRole) FlowLogDestination {
	return cloudWatchDestination{logGroup: logGroup, role: role}
}

func (d cloudWatchDestination) bind(fl *FlowLog) flowLogDestinationConfig {
	role, group := d.role, d.logGroup
	if constructs.IsNil(role) {
		role = iam.NewRole(fl, "IAMRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("vpc-flow-logs.amazonaws.com")})
	}
	if constructs.IsNil(group) {
		group = logs.NewLogGroup(fl, "LogGroup", logs.LogGroupProps{})
	}
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		Effect:    iam.Allow,
		Resources: []string{group.LogGroupARN()},
	}))
	return flowLogDestinationConfig{typ: "cloud-watch-logs", logGroup: group, role: role}
}

// createDefaultLoggingPolicyFlag is the AWS CDK feature flag that gives a
// log delivery bucket its bucket policy.
const createDefaultLoggingPolicyFlag = "@aws-cdk/aws-s3:createDefaultLoggingPolicy"

// loggingBucketPolicy is the bucket policy the AWS CDK's S3 flow log
// destination writes under createDefaultLoggingPolicyFlag: log delivery may
// put objects under "<prefix>/AWSLogs/<account>/" and read the bucket's ACL.
func loggingBucketPolicy(bucket constructs.Construct, b *s3cfn.CfnBucket, keyPrefix string) *s3cfn.CfnBucketPolicy {
	stack := constructs.StackOf(bucket)
	if keyPrefix != "" && !strings.HasSuffix(keyPrefix, "/") {
		keyPrefix += "/"
	}
	source := map[string]any{"aws:SourceArn": "arn:" + stack.Partition() + ":logs:" + stack.Region() + ":" + stack.Account() + ":*"}
	delivery := iam.NewServicePrincipal("delivery.logs.amazonaws.com")
	doc := iam.NewPolicyDocument(iam.PolicyDocumentProps{})
	doc.AddStatements(
		iam.NewPolicyStatement(iam.PolicyStatementProps{
			Effect:     iam.Allow,
			Principals: []iam.IPrincipal{delivery},
			Actions:    []string{"s3:PutObject"},
			Resources:  []string{b.AttrArn() + "/" + keyPrefix + "AWSLogs/" + stack.Account() + "/*"},
			Conditions: map[string]map[string]any{
				"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": stack.Account()},
				"ArnLike":      source,
			},
		}),
		iam.NewPolicyStatement(iam.PolicyStatementProps{
			Effect:     iam.Allow,
			Principals: []iam.IPrincipal{delivery},
			Actions:    []string{"s3:GetBucketAcl", "s3:ListBucket"},
			Resources:  []string{b.AttrArn()},
			Conditions: map[string]map[string]any{
				"StringEquals": {"aws:SourceAccount": stack.Account()},
				"ArnLike":      source,
			},
		}),
	)
	return s3cfn.NewCfnBucketPolicy(constructs.New(bucket, "Policy"), "Resource", s3cfn.CfnBucketPolicyProps{Bucket: b.Ref(), PolicyDocument: doc})
}

type s3Destination struct {
	bucketARN, keyPrefix string
}

// FlowLogToS3 delivers to the S3 bucket with the ARN, under keyPrefix
// ("" for none). forma has no S3 L2 yet, so the bucket is given by ARN;
// an empty ARN creates a bucket under the flow log (AWS::S3::Bucket at
// "Bucket/Resource", retained on removal), as the AWS CDK's default
// s3.Bucket. As in the AWS CDK, the created bucket gets a bucket policy for
// the log delivery service ("Bucket/Policy", which the flow log depends on)
// only under the feature flag @aws-cdk/aws-s3:createDefaultLoggingPolicy
// (which `cdk init` sets); without it the service adds its own policy to a
// bucket of the same account.
func FlowLogToS3(bucketARN, keyPrefix string) FlowLogDestination {
	return s3Destination{bucketARN: bucketARN, keyPrefix: keyPrefix}
}

func (d s3Destination) bind(fl *FlowLog) flowLogDestinationConfig {
	arn := d.bucketARN
	if arn == "" {
		bucket := constructs.New(fl, "Bucket")
		fl.Bucket = s3cfn.NewCfnBucket(bucket, "Resource", s3cfn.CfnBucketProps{})
		fl.Bucket.ApplyRemovalPolicy(cfn.PolicyRetain)
		arn = fl.Bucket.AttrArn()
		if v := fl.Node().TryGetContext(createDefaultLoggingPolicyFlag); v == true || v == "true" {
			fl.bucketPolicy = loggingBucketPolicy(bucket, fl.Bucket, d.keyPrefix)
		}
	}
	dest := arn
	if d.keyPrefix != "" {
		dest = arn + "/" + d.keyPrefix
	}
	return flowLogDestinationConfig{typ: "s3", logDestination: dest}
}

// FlowLogOptions configures Vpc.AddFlowLog and the entries of VpcProps.FlowLogs.
type FlowLogOptions struct {
	// Destination default: FlowLogToCloudWatchLogs(nil, nil), a new log
	// group and role.
	Destination FlowLogDestination
	// TrafficType default FlowLogTrafficAll.
	TrafficType FlowLogTrafficType
	// MaxAggregationInterval default: left out (ten minutes).
	MaxAggregationInterval FlowLogMaxAggregationInterval
	// LogFormat lists the record's fields, joined with spaces; default:
	// left out (the default format).
	LogFormat []LogFormat
	// FlowLogName becomes the Name tag; default: the construct path.
	FlowLogName string
}

// FlowLogProps configures NewFlowLog.
type FlowLogProps struct {
	FlowLogOptions
	// ResourceType is what the flow log records (required):
	// FlowLogResourceFromVpc, FlowLogResourceFromSubnet, …
	ResourceType FlowLogResourceType
}

// FlowLog is a VPC flow log (AWS::EC2::FlowLog at construct id "FlowLog"),
// the counterpart of the AWS CDK's FlowLog: by default to a new CloudWatch
// Logs log group through a new IAM role; everything under it is tagged Name
// with FlowLogName or its path.
//
// Not offered yet: S3 destination options (Parquet, Hive-compatible and
// hourly partitions; the AWS CDK writes them in a camelCase spelling that
// cfn-lint rejects), Kinesis Data Firehose destinations and transit gateway
// flow logs.
type FlowLog struct {
	constructs.Base
	// Resource is the L1 resource (construct id "FlowLog").
	Resource *ec2cfn.CfnFlowLog
	// LogGroup and Role are the CloudWatch Logs destination's, nil for S3.
	LogGroup logs.ILogGroup
	Role     iam.IRole
	// Bucket is the bucket created for an S3 destination without an ARN
	// (construct path "Bucket/Resource").
	Bucket       *s3cfn.CfnBucket
	bucketPolicy *s3cfn.CfnBucketPolicy
	problems     []string
}

// NewFlowLog creates a flow log.
func NewFlowLog(scope constructs.Construct, id string, props FlowLogProps) *FlowLog {
	fl := &FlowLog{}
	fl.Base = constructs.NewBase(fl, scope, id)
	fl.Node().AddValidation(constructs.ValidationFunc(func() []string { return fl.problems }))
	dest := props.Destination
	if constructs.IsNil(dest) {
		dest = FlowLogToCloudWatchLogs(nil, nil)
	}
	cfg := dest.bind(fl)
	fl.LogGroup, fl.Role = cfg.logGroup, cfg.role
	name := props.FlowLogName
	if name == "" {
		name = fl.Node().Path()
	}
	cfn.TagsOf(fl).Add("Name", name)
	if props.ResourceType.typ == "" {
		fl.problems = append(fl.problems, "FlowLogProps.ResourceType is required: ec2.FlowLogResourceFromVpc(vpc), or use Vpc.AddFlowLog")
	}
	traffic := props.TrafficType
	if traffic == "" {
		traffic = FlowLogTrafficAll
	}
	switch traffic {
	case FlowLogTrafficAll, FlowLogTrafficAccept, FlowLogTrafficReject:
	default:
		fl.problems = append(fl.problems, "TrafficType "+string(traffic)+" is not valid; use FlowLogTrafficAll, FlowLogTrafficAccept or FlowLogTrafficReject")
	}
	cp := ec2cfn.CfnFlowLogProps{
		LogDestinationType: new(cfg.typ),
		ResourceId:         props.ResourceType.id,
		ResourceType:       props.ResourceType.typ,
		TrafficType:        new(string(traffic)),
	}
	if cfg.role != nil {
		cp.DeliverLogsPermissionArn = new(cfg.role.RoleARN())
	}
	if cfg.logGroup != nil {
		cp.LogGroupName = new(cfg.logGroup.LogGroupName())
	}
	if cfg.logDestination != "" {
		cp.LogDestination = new(cfg.logDestination)
	}
	switch i := props.MaxAggregationInterval; i {
	case 0:
	case FlowLogAggregationOneMinute, FlowLogAggregationTenMinutes:
		cp.MaxAggregationInterval = new(int(i))
	default:
		fl.problems = append(fl.problems, "MaxAggregationInterval must be FlowLogAggregationOneMinute (60) or FlowLogAggregationTenMinutes (600)")
	}
	if len(props.LogFormat) > 0 {
		parts := make([]string, len(props.LogFormat))
		for i, f := range props.LogFormat {
			parts[i] = string(f)
		}
		cp.LogFormat = new(strings.Join(parts, " "))
	}
	fl.Resource = ec2cfn.NewCfnFlowLog(fl, "FlowLog", cp)
	if fl.bucketPolicy != nil {
		fl.Resource.AddDependency(&fl.bucketPolicy.Resource)
	}
	return fl
}

// FlowLogID returns the flow log's id (Ref).
func (fl *FlowLog) FlowLogID() string { return fl.Resource.Ref() }

// AddFlowLog adds a flow log of the VPC's traffic under the VPC, as the AWS
// CDK's Vpc.addFlowLog.
func (v *Vpc) AddFlowLog(id string, opts FlowLogOptions) *FlowLog {
	return NewFlowLog(v, id, FlowLogProps{FlowLogOptions: opts, ResourceType: FlowLogResourceFromVpc(v)})
}
