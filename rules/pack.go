package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// all is the pack.
var all = []Rule{
	// S3
	{
		ID: "S3.PublicAccess", Level: Error, Types: []string{"AWS::S3::Bucket"},
		Explanation: "A bucket without a complete public access block can be made public by an ACL or a bucket policy.",
		Fix:         "set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true (the S3 L2's default)",
		Check: func(r *Resource) string {
			pab, _ := r.Props["PublicAccessBlockConfiguration"].(map[string]any)
			var off []string
			for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
				if !isTrue(pab[k]) {
					off = append(off, k)
				}
			}
			if len(off) > 0 {
				return "the public access block lacks " + strings.Join(off, ", ")
			}
			return ""
		},
	},
	{
		ID: "S3.SSL", Level: Error, Types: []string{"AWS::S3::Bucket"},
		Explanation: "Without a policy that denies requests over plain HTTP, data can travel unencrypted.",
		Fix:         "add a bucket policy that denies s3:* when aws:SecureTransport is false (the S3 L2's EnforceSSL)",
		Check: func(r *Resource) string {
			if !deniesInsecure(r, "AWS::S3::BucketPolicy", "Bucket") {
				return "no bucket policy denies requests without TLS"
			}
			return ""
		},
	},
	{
		ID: "S3.Encryption", Level: Warning, Types: []string{"AWS::S3::Bucket"},
		Explanation: "S3 encrypts new objects with S3-managed keys by default; a KMS key gives control over access to the key and an audit trail.",
		Fix:         "set BucketEncryption with SSEAlgorithm aws:kms and a KMS key, or suppress with the reason S3-managed keys suffice",
		Check: func(r *Resource) string {
			enc, _ := r.Props["BucketEncryption"].(map[string]any)
			for _, rule := range list(enc["ServerSideEncryptionConfiguration"]) {
				def, _ := asMap(rule)["ServerSideEncryptionByDefault"].(map[string]any)
				if alg, _ := def["SSEAlgorithm"].(string); strings.HasPrefix(alg, "aws:kms") {
					return ""
				}
			}
			return "the bucket is not encrypted with a KMS key"
		},
	},
	{
		ID: "S3.AccessLogs", Level: Warning, Types: []string{"AWS::S3::Bucket"},
		Explanation: "Server access logs record the requests made to a bucket, for security audits.",
		Fix:         "set LoggingConfiguration with a destination bucket (ServerAccessLogsBucket in the S3 L2)",
		Check: func(r *Resource) string {
			if r.Props["LoggingConfiguration"] == nil {
				return "the bucket has no server access logs"
			}
			return ""
		},
	},
	{
		ID: "S3.Versioning", Level: Warning, Types: []string{"AWS::S3::Bucket"},
		Explanation: "Versioning keeps every version of an object, so that an overwrite or a delete can be undone.",
		Fix:         "set VersioningConfiguration.Status to Enabled",
		Check: func(r *Resource) string {
			v, _ := r.Props["VersioningConfiguration"].(map[string]any)
			if v["Status"] != "Enabled" {
				return "versioning is not enabled"
			}
			return ""
		},
	},
	// IAM
	{
		ID: "IAM.WildcardAction", Level: Error, Types: policyTypes,
		Explanation: "A statement that allows every action (\"*\" or \"service:*\") grants more than any workload needs.",
		Fix:         "list the actions the principal needs; the L2 grant methods (GrantRead, GrantWrite, ...) do",
		Check: func(r *Resource) string {
			for _, st := range allowStatements(r) {
				for _, a := range strs(st["Action"]) {
					if a == "*" || strings.HasSuffix(a, ":*") {
						return fmt.Sprintf("a statement allows the action %q", a)
					}
				}
			}
			return ""
		},
	},
	{
		ID: "IAM.WildcardResource", Level: Warning, Types: policyTypes,
		Explanation: "A statement that allows actions on every resource (\"*\") reaches resources the workload does not own.",
		Fix:         "name the resources (their ARNs); when the action has no resource-level permissions, suppress with that reason",
		Check: func(r *Resource) string {
			for _, st := range allowStatements(r) {
				for _, res := range strs(st["Resource"]) {
					if res == "*" {
						return fmt.Sprintf("a statement allows %s on every resource", strings.Join(strs(st["Action"]), ", "))
					}
				}
			}
			return ""
		},
	},
	{
		ID: "IAM.ManagedPolicy", Level: Warning, Types: []string{"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"},
		Explanation: "AWS managed policies are broad and change without notice.",
		Fix:         "replace the AWS managed policy by a policy with the actions and resources needed, or suppress naming the policy and why it fits",
		Check: func(r *Resource) string {
			for _, arn := range list(r.Props["ManagedPolicyArns"]) {
				if s := flatten(arn); strings.Contains(s, ":iam::aws:policy/") {
					return "it uses the AWS managed policy " + s[strings.Index(s, "policy/")+len("policy/"):]
				}
			}
			return ""
		},
	},
	{
		ID: "IAM.UserPolicy", Level: Warning, Types: []string{"AWS::IAM::User"},
		Explanation: "Permissions attached to users are hard to review; groups and roles keep them in one place.",
		Fix:         "put the user in a group and attach the policies to the group, or use roles",
		Check: func(r *Resource) string {
			if r.Props["Policies"] != nil || r.Props["ManagedPolicyArns"] != nil {
				return "the user has policies of its own"
			}
			return ""
		},
	},
	// EC2 / VPC
	{
		ID: "EC2.OpenIngress", Level: Error, Types: []string{"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"},
		Explanation: "Ingress from anywhere (0.0.0.0/0 or ::/0) on ports other than HTTP and HTTPS exposes services to the whole internet.",
		Fix:         "allow only the addresses or security groups that need the port (Connections.AllowFrom in the EC2 L2s)",
		Check: func(r *Resource) string {
			rules := []any{r.Props}
			if r.Type == "AWS::EC2::SecurityGroup" {
				rules = list(r.Props["SecurityGroupIngress"])
			}
			for _, x := range rules {
				in := asMap(x)
				if in["CidrIp"] != "0.0.0.0/0" && in["CidrIpv6"] != "::/0" {
					continue
				}
				from, ok1 := num(in["FromPort"])
				to, ok2 := num(in["ToPort"])
				proto := fmt.Sprint(in["IpProtocol"])
				if proto == "-1" || !ok1 || !ok2 || !(from == to && (from == 80 || from == 443)) {
					return fmt.Sprintf("ingress from anywhere on %s", portRange(proto, in["FromPort"], in["ToPort"]))
				}
			}
			return ""
		},
	},
	{
		ID: "VPC.FlowLogs", Level: Warning, Types: []string{"AWS::EC2::VPC"},
		Explanation: "Flow logs record the traffic of a VPC, for troubleshooting and security analysis.",
		Fix:         "add an AWS::EC2::FlowLog for the VPC (FlowLogs in the VPC L2)",
		Check: func(r *Resource) string {
			for _, fl := range r.Stack.Resources("AWS::EC2::FlowLog") {
				if refersTo(asMap(fl["Properties"])["ResourceId"], r.LogicalID) {
					return ""
				}
			}
			return "the VPC has no flow log"
		},
	},
	{
		ID: "EC2.EBSEncryption", Level: Error, Types: []string{"AWS::EC2::Instance", "AWS::EC2::Volume"},
		Explanation: "Unencrypted EBS volumes leave data readable from snapshots and the underlying storage.",
		Fix:         "set Encrypted: true on the volume (BlockDeviceMappings[].Ebs.Encrypted on an instance)",
		Check: func(r *Resource) string {
			if r.Type == "AWS::EC2::Volume" {
				if !isTrue(r.Props["Encrypted"]) {
					return "the volume is not encrypted"
				}
				return ""
			}
			for _, bd := range list(r.Props["BlockDeviceMappings"]) {
				ebs, ok := asMap(bd)["Ebs"].(map[string]any)
				if ok && !isTrue(ebs["Encrypted"]) {
					return fmt.Sprintf("the EBS volume %v is not encrypted", asMap(bd)["DeviceName"])
				}
			}
			return ""
		},
	},
	// ELB
	{
		ID: "ELB.AccessLogs", Level: Warning, Types: []string{"AWS::ElasticLoadBalancingV2::LoadBalancer"},
		Explanation: "Access logs record every request a load balancer receives.",
		Fix:         "set the attribute access_logs.s3.enabled to true with a bucket (LogAccessLogs in the ELB L2)",
		Check: func(r *Resource) string {
			if lbAttr(r, "access_logs.s3.enabled") != "true" {
				return "the load balancer writes no access logs"
			}
			return ""
		},
	},
	{
		ID: "ELB.HTTPS", Level: Error, Types: []string{"AWS::ElasticLoadBalancingV2::Listener"},
		Explanation: "A listener on plain HTTP sends requests and responses unencrypted.",
		Fix:         "listen on HTTPS with a certificate, and make the HTTP listener redirect to HTTPS",
		Check: func(r *Resource) string {
			if r.Props["Protocol"] != "HTTP" {
				return ""
			}
			for _, a := range list(r.Props["DefaultActions"]) {
				if asMap(a)["Type"] == "redirect" {
					if rc := asMap(asMap(a)["RedirectConfig"]); rc["Protocol"] == "HTTPS" {
						return ""
					}
				}
			}
			return "the listener serves plain HTTP without redirecting to HTTPS"
		},
	},
	{
		ID: "ELB.DropInvalidHeaders", Level: Warning, Types: []string{"AWS::ElasticLoadBalancingV2::LoadBalancer"},
		Explanation: "An application load balancer that passes invalid HTTP headers on helps request-smuggling attacks.",
		Fix:         "set the attribute routing.http.drop_invalid_header_fields.enabled to true",
		Check: func(r *Resource) string {
			if t, _ := r.Props["Type"].(string); t != "" && t != "application" {
				return ""
			}
			if lbAttr(r, "routing.http.drop_invalid_header_fields.enabled") != "true" {
				return "the load balancer passes invalid headers on"
			}
			return ""
		},
	},
	// ECS
	{
		ID: "ECS.Logging", Level: Error, Types: []string{"AWS::ECS::TaskDefinition"},
		Explanation: "A container without a log configuration loses its output.",
		Fix:         "give every container a LogConfiguration (Logging: ecs.LogDrivers.AwsLogs(...) in the ECS L2)",
		Check: func(r *Resource) string {
			for _, c := range list(r.Props["ContainerDefinitions"]) {
				if asMap(c)["LogConfiguration"] == nil {
					return fmt.Sprintf("the container %v has no log configuration", asMap(c)["Name"])
				}
			}
			return ""
		},
	},
	{
		ID: "ECS.Privileged", Level: Error, Types: []string{"AWS::ECS::TaskDefinition"},
		Explanation: "A privileged container has root on its host.",
		Fix:         "remove Privileged; grant the Linux capabilities needed with LinuxParameters.Capabilities",
		Check: func(r *Resource) string {
			for _, c := range list(r.Props["ContainerDefinitions"]) {
				if isTrue(asMap(c)["Privileged"]) {
					return fmt.Sprintf("the container %v is privileged", asMap(c)["Name"])
				}
			}
			return ""
		},
	},
	{
		ID: "ECS.SecretInEnvironment", Level: Error, Types: []string{"AWS::ECS::TaskDefinition"},
		Explanation: "A secret in a container's environment is readable by anyone who can describe the task definition.",
		Fix:         "pass the secret with Secrets (from Secrets Manager or SSM Parameter Store) instead of Environment",
		Check: func(r *Resource) string {
			for _, c := range list(r.Props["ContainerDefinitions"]) {
				for _, e := range list(asMap(c)["Environment"]) {
					name, _ := asMap(e)["Name"].(string)
					if _, literal := asMap(e)["Value"].(string); literal && secretName(name) {
						return fmt.Sprintf("the container %v has the secret-looking variable %s in its environment", asMap(c)["Name"], name)
					}
				}
			}
			return ""
		},
	},
	{
		ID: "ECS.ContainerInsights", Level: Warning, Types: []string{"AWS::ECS::Cluster"},
		Explanation: "Container Insights collects the metrics and logs that explain a cluster's performance.",
		Fix:         "set ClusterSettings containerInsights to enabled (ContainerInsights in the ECS L2)",
		Check: func(r *Resource) string {
			for _, s := range list(r.Props["ClusterSettings"]) {
				if asMap(s)["Name"] == "containerInsights" && (asMap(s)["Value"] == "enabled" || asMap(s)["Value"] == "enhanced") {
					return ""
				}
			}
			return "the cluster has no Container Insights"
		},
	},
	// CodeBuild
	{
		ID: "CodeBuild.KMS", Level: Warning, Types: []string{"AWS::CodeBuild::Project"},
		Explanation: "Build artifacts are encrypted with the AWS managed key unless a customer managed key is given.",
		Fix:         "set EncryptionKey to a KMS key",
		Check: func(r *Resource) string {
			if r.Props["EncryptionKey"] == nil {
				return "the project uses the AWS managed key"
			}
			return ""
		},
	},
	{
		ID: "CodeBuild.Privileged", Level: Warning, Types: []string{"AWS::CodeBuild::Project"},
		Explanation: "Privileged mode gives builds root on the build host; only Docker-in-Docker builds need it.",
		Fix:         "turn PrivilegedMode off, or suppress with the reason the build runs Docker",
		Check: func(r *Resource) string {
			if isTrue(asMap(r.Props["Environment"])["PrivilegedMode"]) {
				return "the project runs builds in privileged mode"
			}
			return ""
		},
	},
	// Lambda
	{
		ID: "Lambda.DLQ", Level: Warning, Types: []string{"AWS::Lambda::Function"},
		Explanation: "Events an asynchronously invoked function fails on are dropped without a dead-letter queue.",
		Fix:         "set DeadLetterConfig.TargetArn to an SQS queue or SNS topic, or suppress when the function is only invoked synchronously",
		Check: func(r *Resource) string {
			if asMap(r.Props["DeadLetterConfig"])["TargetArn"] == nil {
				return "the function has no dead-letter queue"
			}
			return ""
		},
	},
	{
		ID: "Lambda.Concurrency", Level: Warning, Types: []string{"AWS::Lambda::Function"},
		Explanation: "Without reserved concurrency a function can take all of the account's concurrency, or be starved by others.",
		Fix:         "set ReservedConcurrentExecutions",
		Check: func(r *Resource) string {
			if r.Props["ReservedConcurrentExecutions"] == nil {
				return "the function has no reserved concurrency"
			}
			return ""
		},
	},
	{
		ID: "Lambda.Runtime", Level: Error, Types: []string{"AWS::Lambda::Function"},
		Explanation: "A deprecated runtime gets no security patches, and functions on it can no longer be updated.",
		Fix:         "move to a supported runtime (python3.12+, nodejs20.x+, java21, ...)",
		Check: func(r *Resource) string {
			rt, _ := r.Props["Runtime"].(string)
			if deprecatedRuntimes[rt] {
				return "the runtime " + rt + " is deprecated"
			}
			return ""
		},
	},
	// SQS / SNS
	{
		ID: "SQS.SSL", Level: Error, Types: []string{"AWS::SQS::Queue"},
		Explanation: "Without a policy that denies requests over plain HTTP, messages can travel unencrypted.",
		Fix:         "add a queue policy that denies sqs:* when aws:SecureTransport is false (EnforceSSL in the SQS L2)",
		Check: func(r *Resource) string {
			if !deniesInsecure(r, "AWS::SQS::QueuePolicy", "Queues") {
				return "no queue policy denies requests without TLS"
			}
			return ""
		},
	},
	{
		ID: "SQS.Encryption", Level: Error, Types: []string{"AWS::SQS::Queue"},
		Explanation: "A queue with SQS-managed encryption turned off and no KMS key stores messages unencrypted.",
		Fix:         "leave SqsManagedSseEnabled on (the default) or set KmsMasterKeyId",
		Check: func(r *Resource) string {
			if isFalse(r.Props["SqsManagedSseEnabled"]) && r.Props["KmsMasterKeyId"] == nil {
				return "the queue is not encrypted"
			}
			return ""
		},
	},
	{
		ID: "SQS.DLQ", Level: Warning, Types: []string{"AWS::SQS::Queue"},
		Explanation: "Messages that keep failing are retried until they expire without a dead-letter queue.",
		Fix:         "set RedrivePolicy with a dead-letter queue",
		Check: func(r *Resource) string {
			if r.Props["RedrivePolicy"] != nil {
				return ""
			}
			for _, q := range r.Stack.Resources("AWS::SQS::Queue") {
				if refersTo(asMap(q["Properties"])["RedrivePolicy"], r.LogicalID) {
					return "" // r is a dead-letter queue
				}
			}
			return "the queue has no dead-letter queue"
		},
	},
	{
		ID: "SNS.SSL", Level: Error, Types: []string{"AWS::SNS::Topic"},
		Explanation: "Without a policy that denies requests over plain HTTP, messages can be published unencrypted.",
		Fix:         "add a topic policy that denies sns:Publish when aws:SecureTransport is false (EnforceSSL in the SNS L2)",
		Check: func(r *Resource) string {
			if !deniesInsecure(r, "AWS::SNS::TopicPolicy", "Topics") {
				return "no topic policy denies requests without TLS"
			}
			return ""
		},
	},
	{
		ID: "SNS.Encryption", Level: Warning, Types: []string{"AWS::SNS::Topic"},
		Explanation: "A topic without a KMS key stores messages without encryption at rest.",
		Fix:         "set KmsMasterKeyId (alias/aws/sns or a customer managed key)",
		Check: func(r *Resource) string {
			if r.Props["KmsMasterKeyId"] == nil {
				return "the topic is not encrypted at rest"
			}
			return ""
		},
	},
	// Secrets Manager, KMS
	{
		ID: "SecretsManager.Rotation", Level: Warning, Types: []string{"AWS::SecretsManager::Secret"},
		Explanation: "A secret that never rotates stays valid for as long as it leaks.",
		Fix:         "add an AWS::SecretsManager::RotationSchedule for the secret (AddRotationSchedule in the Secrets Manager L2)",
		Check: func(r *Resource) string {
			for _, rs := range r.Stack.Resources("AWS::SecretsManager::RotationSchedule") {
				if refersTo(asMap(rs["Properties"])["SecretId"], r.LogicalID) {
					return ""
				}
			}
			return "the secret is not rotated"
		},
	},
	{
		ID: "KMS.Rotation", Level: Error, Types: []string{"AWS::KMS::Key"},
		Explanation: "A symmetric key that is never rotated protects more data for longer with the same material.",
		Fix:         "set EnableKeyRotation: true",
		Check: func(r *Resource) string {
			if spec, _ := r.Props["KeySpec"].(string); spec != "" && spec != "SYMMETRIC_DEFAULT" {
				return ""
			}
			if !isTrue(r.Props["EnableKeyRotation"]) {
				return "key rotation is off"
			}
			return ""
		},
	},
	// Data stores and logs
	{
		ID: "RDS.Encryption", Level: Error, Types: []string{"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"},
		Explanation: "An unencrypted database leaves its storage, backups and snapshots readable.",
		Fix:         "set StorageEncrypted: true",
		Check: func(r *Resource) string {
			if r.Type == "AWS::RDS::DBInstance" && r.Props["DBClusterIdentifier"] != nil {
				return "" // encrypted by its cluster
			}
			if !isTrue(r.Props["StorageEncrypted"]) {
				return "the storage is not encrypted"
			}
			return ""
		},
	},
	{
		ID: "DynamoDB.PITR", Level: Warning, Types: []string{"AWS::DynamoDB::Table"},
		Explanation: "Point-in-time recovery restores a table to any second of the last 35 days.",
		Fix:         "set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true",
		Check: func(r *Resource) string {
			if !isTrue(asMap(r.Props["PointInTimeRecoverySpecification"])["PointInTimeRecoveryEnabled"]) {
				return "point-in-time recovery is off"
			}
			return ""
		},
	},
	{
		ID: "Logs.Retention", Level: Warning, Types: []string{"AWS::Logs::LogGroup"},
		Explanation: "A log group without retention keeps (and bills) its logs forever.",
		Fix:         "set RetentionInDays (Retention in the logs L2, two years by default)",
		Check: func(r *Resource) string {
			if r.Props["RetentionInDays"] == nil {
				return "the log group keeps its logs forever"
			}
			return ""
		},
	},
}

var policyTypes = []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}

var deprecatedRuntimes = map[string]bool{
	"nodejs": true, "nodejs4.3": true, "nodejs4.3-edge": true, "nodejs6.10": true, "nodejs8.10": true, "nodejs10.x": true, "nodejs12.x": true, "nodejs14.x": true, "nodejs16.x": true,
	"python2.7": true, "python3.6": true, "python3.7": true, "python3.8": true,
	"ruby2.5": true, "ruby2.7": true, "java8": true, "dotnetcore1.0": true, "dotnetcore2.0": true, "dotnetcore2.1": true, "dotnetcore3.1": true, "dotnet6": true, "go1.x": true,
}

// allowStatements returns the Allow statements of a policy resource's
// documents (inline Policies of roles, users and groups included).
func allowStatements(r *Resource) []map[string]any {
	var docs []any
	if d := r.Props["PolicyDocument"]; d != nil {
		docs = append(docs, d)
	}
	for _, p := range list(r.Props["Policies"]) {
		docs = append(docs, asMap(p)["PolicyDocument"])
	}
	var out []map[string]any
	for _, d := range docs {
		for _, st := range list(asMap(d)["Statement"]) {
			if m := asMap(st); m["Effect"] == "Allow" {
				out = append(out, m)
			}
		}
	}
	return out
}

// deniesInsecure reports whether a policy resource of policyType whose prop
// refers to r denies requests when aws:SecureTransport is false.
func deniesInsecure(r *Resource, policyType, prop string) bool {
	for _, p := range r.Stack.Resources(policyType) {
		props := asMap(p["Properties"])
		if !refersTo(props[prop], r.LogicalID) {
			continue
		}
		for _, st := range list(asMap(props["PolicyDocument"])["Statement"]) {
			m := asMap(st)
			if m["Effect"] != "Deny" {
				continue
			}
			cond := asMap(asMap(m["Condition"])["Bool"])
			if v := cond["aws:SecureTransport"]; v == "false" || v == false {
				return true
			}
		}
	}
	return false
}

// refersTo reports whether v holds a Ref or Fn::GetAtt to the logical ID.
func refersTo(v any, id string) bool {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["Ref"].(string); ok && ref == id {
			return true
		}
		if ga, ok := x["Fn::GetAtt"].([]any); ok && len(ga) > 0 && ga[0] == id {
			return true
		}
		for _, y := range x {
			if refersTo(y, id) {
				return true
			}
		}
	case []any:
		for _, y := range x {
			if refersTo(y, id) {
				return true
			}
		}
	}
	return false
}

func lbAttr(r *Resource, key string) string {
	for _, a := range list(r.Props["LoadBalancerAttributes"]) {
		if asMap(a)["Key"] == key {
			return fmt.Sprint(asMap(a)["Value"])
		}
	}
	return ""
}

func secretName(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY", "ACCESS_KEY"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func portRange(proto string, from, to any) string {
	if proto == "-1" {
		return "every port"
	}
	if fmt.Sprint(from) == fmt.Sprint(to) {
		return fmt.Sprintf("%s port %v", proto, from)
	}
	return fmt.Sprintf("%s ports %v-%v", proto, from, to)
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// list returns v as a list: a list as it is, one value as a list of one.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// strs returns the strings of v (a string or a list); other values are
// rendered.
func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		} else {
			out = append(out, flatten(x))
		}
	}
	return out
}

// flatten renders a value, joining the literal parts of a Fn::Join.
func flatten(v any) string {
	if j, ok := asMap(v)["Fn::Join"].([]any); ok && len(j) == 2 {
		var b strings.Builder
		for _, p := range list(j[1]) {
			if s, ok := p.(string); ok {
				b.WriteString(s)
			} else {
				b.WriteString("${...}")
			}
		}
		return b.String()
	}
	if s, ok := asMap(v)["Fn::Sub"].(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func isTrue(v any) bool  { return v == true || v == "true" || v == "True" }
func isFalse(v any) bool { return v == false || v == "false" || v == "False" }

func num(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}
