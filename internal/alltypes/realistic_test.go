package alltypes

// realistic holds property values, by type, that cfn-lint checks against
// knowledge the registry schemas do not carry: instance types offered in a
// region, policy documents, the content of SSM documents, rules across
// properties. Each replaces the generated value of that property.
var realistic = map[string]map[string]any{
	"AWS::AmazonMQ::Broker":                     {"HostInstanceType": "mq.t3.micro"},
	"AWS::AppStream::Fleet":                     {"InstanceType": "stream.standard.small"},
	"AWS::DAX::Cluster":                         {"NodeType": "dax.r5.large"},
	"AWS::DocDB::DBInstance":                    {"DBInstanceClass": "db.r5.large"},
	"AWS::ElastiCache::CacheCluster":            {"CacheNodeType": "cache.t3.micro", "Engine": "redis"},
	"AWS::ManagedBlockchain::Node":              {"NodeConfiguration": map[string]any{"AvailabilityZone": "us-east-1a", "InstanceType": "bc.t3.small"}},
	"AWS::Neptune::DBInstance":                  {"DBInstanceClass": "db.r5.large"},
	"AWS::Redshift::Cluster":                    {"NodeType": "ra3.large"},
	"AWS::EC2::Instance":                        {"ImageId": "ami-12345678"},
	"AWS::ApiGateway::RestApi":                  {"Name": "forma"},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": {"Subnets": []any{"subnet-12345678", "subnet-87654321"}},
	"AWS::EC2::SpotFleet": {"SpotFleetRequestConfigData": map[string]any{
		"IamFleetRole":         "arn:aws:iam::123456789012:role/forma",
		"LaunchSpecifications": []any{map[string]any{"ImageId": "ami-12345678", "InstanceType": "t3.micro"}},
		"TargetCapacity":       1,
	}},
	"AWS::BillingConductor::BillingGroup": {
		"AccountGrouping":  map[string]any{"LinkedAccountIds": []any{"123456789012"}},
		"PrimaryAccountId": "123456789012",
	},
	"AWS::DynamoDB::Table": {
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
	},
	"AWS::SSM::Document": {"Content": map[string]any{
		"schemaVersion": "2.2",
		"mainSteps": []any{map[string]any{
			"action": "aws:runShellScript", "name": "run",
			"inputs": map[string]any{"runCommand": []any{"echo forma"}},
		}},
	}},
	"AWS::IAM::ManagedPolicy": {"PolicyDocument": identityPolicy},
	"AWS::IAM::Policy":        {"PolicyDocument": identityPolicy},
	"AWS::IAM::Role":          {"AssumeRolePolicyDocument": trustPolicy},
	"AWS::S3::BucketPolicy":   {"PolicyDocument": resourcePolicy("s3:GetObject", "arn:aws:s3:::forma-bucket/*")},
	"AWS::SNS::TopicPolicy":   {"PolicyDocument": resourcePolicy("sns:Publish", "*")},
	"AWS::SQS::QueuePolicy":   {"PolicyDocument": resourcePolicy("sqs:SendMessage", "*")},
	"AWS::CodePipeline::Pipeline": {"Stages": []any{
		stage("Source", "Source", "S3", map[string]any{"S3Bucket": "forma-bucket", "S3ObjectKey": "source.zip"}, "", "Out"),
		stage("Deploy", "Deploy", "S3", map[string]any{"BucketName": "forma-bucket", "Extract": "true"}, "Out", ""),
	}},
}

var identityPolicy = map[string]any{
	"Version":   "2012-10-17",
	"Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}},
}

var trustPolicy = map[string]any{
	"Version": "2012-10-17",
	"Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRole",
		"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
	}},
}

func resourcePolicy(action, resource string) map[string]any {
	return map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect": "Allow", "Action": action, "Resource": resource,
			"Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:root"},
		}},
	}
}

func stage(name, category, provider string, config map[string]any, in, out string) map[string]any {
	action := map[string]any{
		"Name":          name,
		"ActionTypeId":  map[string]any{"Category": category, "Owner": "AWS", "Provider": provider, "Version": "1"},
		"Configuration": config,
	}
	if in != "" {
		action["InputArtifacts"] = []any{map[string]any{"Name": in}}
	}
	if out != "" {
		action["OutputArtifacts"] = []any{map[string]any{"Name": out}}
	}
	return map[string]any{"Name": name, "Actions": []any{action}}
}
