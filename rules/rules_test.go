package rules_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/rules"
	"github.com/forma-iac/forma/synth"
)

// check synthesizes app and runs the pack over it.
func check(t *testing.T, app *constructs.App) *rules.Report {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	var stacks []*rules.Stack
	for _, st := range asm.Stacks {
		var tpl map[string]any
		if err := json.Unmarshal(st.TemplateJSON, &tpl); err != nil {
			t.Fatal(err)
		}
		stacks = append(stacks, &rules.Stack{Name: st.ID, Template: tpl, Paths: st.LogicalIDs, Lines: rules.ResourceLines(st.TemplateJSON)})
	}
	return rules.Check(app, stacks)
}

func newStack() (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "S", constructs.StackProps{})
}

// findings returns "rule path" of each unsuppressed finding.
func findings(rep *rules.Report) []string {
	var out []string
	for _, f := range rep.Unsuppressed() {
		out = append(out, f.Rule+" "+f.Path)
	}
	return out
}

func has(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func TestPackIsWellFormed(t *testing.T) {
	all := rules.All()
	if len(all) < 30 {
		t.Errorf("%d rules, want about 30", len(all))
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.ID] || r.Explanation == "" || r.Fix == "" || len(r.Types) == 0 || r.Check == nil || (r.Level != rules.Error && r.Level != rules.Warning) {
			t.Errorf("rule %s is incomplete or repeated", r.ID)
		}
		seen[r.ID] = true
	}
}

// Each case builds one resource (and what it refers to) that breaks the
// rule, then one that keeps it.
func TestRules(t *testing.T) {
	deny := func(action string) map[string]any {
		return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Deny", "Principal": map[string]any{"AWS": "*"}, "Action": action, "Resource": "*", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}}}
	}
	cases := []struct {
		rule      string
		bad, good func(s *constructs.Stack)
	}{
		{"S3.PublicAccess",
			func(s *constructs.Stack) { cfn.NewResource(s, "B", "AWS::S3::Bucket", nil) },
			func(s *constructs.Stack) {
				cfn.NewResource(s, "B", "AWS::S3::Bucket", map[string]any{"PublicAccessBlockConfiguration": map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}})
			}},
		{"S3.SSL",
			func(s *constructs.Stack) { cfn.NewResource(s, "B", "AWS::S3::Bucket", nil) },
			func(s *constructs.Stack) {
				b := cfn.NewResource(s, "B", "AWS::S3::Bucket", nil)
				cfn.NewResource(s, "P", "AWS::S3::BucketPolicy", map[string]any{"Bucket": b.Ref(), "PolicyDocument": deny("s3:*")})
			}},
		{"IAM.WildcardAction",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "P", "AWS::IAM::Policy", map[string]any{"PolicyName": "p", "Roles": []any{"r"}, "PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}}}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "P", "AWS::IAM::Policy", map[string]any{"PolicyName": "p", "Roles": []any{"r"}, "PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject"}, "Resource": "arn:aws:s3:::b"}}}})
			}},
		{"IAM.ManagedPolicy",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "R", "AWS::IAM::Role", map[string]any{"AssumeRolePolicyDocument": map[string]any{}, "ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/AdministratorAccess"}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "R", "AWS::IAM::Role", map[string]any{"AssumeRolePolicyDocument": map[string]any{}})
			}},
		{"EC2.OpenIngress",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "G", "AWS::EC2::SecurityGroup", map[string]any{"GroupDescription": "g", "SecurityGroupIngress": []any{map[string]any{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "G", "AWS::EC2::SecurityGroup", map[string]any{"GroupDescription": "g", "SecurityGroupIngress": []any{map[string]any{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}}})
			}},
		{"VPC.FlowLogs",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "V", "AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16"})
			},
			func(s *constructs.Stack) {
				v := cfn.NewResource(s, "V", "AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16"})
				cfn.NewResource(s, "F", "AWS::EC2::FlowLog", map[string]any{"ResourceId": v.Ref(), "ResourceType": "VPC", "TrafficType": "ALL", "LogDestination": "arn:aws:s3:::logs", "LogDestinationType": "s3"})
			}},
		{"ELB.HTTPS",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "L", "AWS::ElasticLoadBalancingV2::Listener", map[string]any{"LoadBalancerArn": "arn", "Port": 80, "Protocol": "HTTP", "DefaultActions": []any{map[string]any{"Type": "forward", "TargetGroupArn": "arn"}}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "L", "AWS::ElasticLoadBalancingV2::Listener", map[string]any{"LoadBalancerArn": "arn", "Port": 80, "Protocol": "HTTP", "DefaultActions": []any{map[string]any{"Type": "redirect", "RedirectConfig": map[string]any{"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}}})
			}},
		{"ECS.Privileged",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "T", "AWS::ECS::TaskDefinition", map[string]any{"ContainerDefinitions": []any{map[string]any{"Name": "c", "Image": "i", "Privileged": true}}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "T", "AWS::ECS::TaskDefinition", map[string]any{"ContainerDefinitions": []any{map[string]any{"Name": "c", "Image": "i"}}})
			}},
		{"ECS.SecretInEnvironment",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "T", "AWS::ECS::TaskDefinition", map[string]any{"ContainerDefinitions": []any{map[string]any{"Name": "c", "Image": "i", "Environment": []any{map[string]any{"Name": "DB_PASSWORD", "Value": "hunter2"}}}}})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "T", "AWS::ECS::TaskDefinition", map[string]any{"ContainerDefinitions": []any{map[string]any{"Name": "c", "Image": "i", "Environment": []any{map[string]any{"Name": "STAGE", "Value": "dev"}}}}})
			}},
		{"Lambda.Runtime",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "F", "AWS::Lambda::Function", map[string]any{"Role": "arn:aws:iam::111111111111:role/f", "Code": map[string]any{"ZipFile": "x"}, "Runtime": "python3.7", "Handler": "h"})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "F", "AWS::Lambda::Function", map[string]any{"Role": "arn:aws:iam::111111111111:role/f", "Code": map[string]any{"ZipFile": "x"}, "Runtime": "python3.12", "Handler": "h"})
			}},
		{"SQS.SSL",
			func(s *constructs.Stack) { cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil) },
			func(s *constructs.Stack) {
				q := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
				cfn.NewResource(s, "P", "AWS::SQS::QueuePolicy", map[string]any{"Queues": []any{q.Ref()}, "PolicyDocument": deny("sqs:*")})
			}},
		{"SQS.DLQ",
			func(s *constructs.Stack) { cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil) },
			func(s *constructs.Stack) {
				d := cfn.NewResource(s, "D", "AWS::SQS::Queue", nil)
				cfn.NewResource(s, "Q", "AWS::SQS::Queue", map[string]any{"RedrivePolicy": map[string]any{"deadLetterTargetArn": d.GetAtt("Arn").String(), "maxReceiveCount": 3}})
			}},
		{"SecretsManager.Rotation",
			func(s *constructs.Stack) { cfn.NewResource(s, "X", "AWS::SecretsManager::Secret", nil) },
			func(s *constructs.Stack) {
				x := cfn.NewResource(s, "X", "AWS::SecretsManager::Secret", nil)
				cfn.NewResource(s, "R", "AWS::SecretsManager::RotationSchedule", map[string]any{"SecretId": x.Ref(), "RotationLambdaARN": "arn:aws:lambda:us-east-1:111111111111:function:r"})
			}},
		{"KMS.Rotation",
			func(s *constructs.Stack) { cfn.NewResource(s, "K", "AWS::KMS::Key", nil) },
			func(s *constructs.Stack) {
				cfn.NewResource(s, "K", "AWS::KMS::Key", map[string]any{"EnableKeyRotation": true})
			}},
		{"RDS.Encryption",
			func(s *constructs.Stack) {
				cfn.NewResource(s, "D", "AWS::RDS::DBInstance", map[string]any{"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20"})
			},
			func(s *constructs.Stack) {
				cfn.NewResource(s, "D", "AWS::RDS::DBInstance", map[string]any{"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20", "StorageEncrypted": true})
			}},
	}
	res := func(id, typ string, props map[string]any) func(s *constructs.Stack) {
		return func(s *constructs.Stack) { cfn.NewResource(s, id, typ, props) }
	}
	fn := func(extra map[string]any) map[string]any {
		p := map[string]any{"Role": "arn:aws:iam::111111111111:role/f", "Code": map[string]any{"ZipFile": "x"}, "Runtime": "python3.12", "Handler": "h"}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	lb := func(attrs ...any) map[string]any {
		return map[string]any{"Subnets": []any{"subnet-1", "subnet-2"}, "LoadBalancerAttributes": attrs}
	}
	project := func(env map[string]any, extra map[string]any) map[string]any {
		env["Type"], env["ComputeType"], env["Image"] = "LINUX_CONTAINER", "BUILD_GENERAL1_SMALL", "aws/codebuild/standard:7.0"
		p := map[string]any{"ServiceRole": "arn:aws:iam::111111111111:role/b", "Artifacts": map[string]any{"Type": "NO_ARTIFACTS"}, "Source": map[string]any{"Type": "NO_SOURCE", "BuildSpec": "version: 0.2"}, "Environment": env}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	task := func(c map[string]any) map[string]any {
		c["Name"], c["Image"] = "c", "i"
		return map[string]any{"ContainerDefinitions": []any{c}}
	}
	awslogs := map[string]any{"LogDriver": "awslogs"}
	cases = append(cases, []struct {
		rule      string
		bad, good func(s *constructs.Stack)
	}{
		{"S3.Encryption", res("B", "AWS::S3::Bucket", nil), res("B", "AWS::S3::Bucket", map[string]any{"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "aws:kms"}}}}})},
		{"S3.AccessLogs", res("B", "AWS::S3::Bucket", nil), res("B", "AWS::S3::Bucket", map[string]any{"LoggingConfiguration": map[string]any{"DestinationBucketName": "logs"}})},
		{"S3.Versioning", res("B", "AWS::S3::Bucket", nil), res("B", "AWS::S3::Bucket", map[string]any{"VersioningConfiguration": map[string]any{"Status": "Enabled"}})},
		{"IAM.WildcardResource",
			res("P", "AWS::IAM::Policy", map[string]any{"PolicyName": "p", "Roles": []any{"r"}, "PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}}),
			res("P", "AWS::IAM::Policy", map[string]any{"PolicyName": "p", "Roles": []any{"r"}, "PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}}})},
		{"IAM.UserPolicy", res("U", "AWS::IAM::User", map[string]any{"ManagedPolicyArns": []any{"arn:aws:iam::111111111111:policy/p"}}), res("U", "AWS::IAM::User", map[string]any{"Groups": []any{"g"}})},
		{"EC2.EBSEncryption", res("V", "AWS::EC2::Volume", map[string]any{"AvailabilityZone": "us-east-1a", "Size": 10}), res("V", "AWS::EC2::Volume", map[string]any{"AvailabilityZone": "us-east-1a", "Size": 10, "Encrypted": true})},
		{"ELB.AccessLogs", res("L", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb()), res("L", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb(map[string]any{"Key": "access_logs.s3.enabled", "Value": "true"}))},
		{"ELB.DropInvalidHeaders", res("L", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb()), res("L", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb(map[string]any{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}))},
		{"ECS.Logging", res("T", "AWS::ECS::TaskDefinition", task(map[string]any{})), res("T", "AWS::ECS::TaskDefinition", task(map[string]any{"LogConfiguration": awslogs}))},
		{"ECS.ContainerInsights", res("C", "AWS::ECS::Cluster", nil), res("C", "AWS::ECS::Cluster", map[string]any{"ClusterSettings": []any{map[string]any{"Name": "containerInsights", "Value": "enabled"}}})},
		{"CodeBuild.KMS", res("P", "AWS::CodeBuild::Project", project(map[string]any{}, nil)), res("P", "AWS::CodeBuild::Project", project(map[string]any{}, map[string]any{"EncryptionKey": "alias/build"}))},
		{"CodeBuild.Privileged", res("P", "AWS::CodeBuild::Project", project(map[string]any{"PrivilegedMode": true}, nil)), res("P", "AWS::CodeBuild::Project", project(map[string]any{}, nil))},
		{"Lambda.DLQ", res("F", "AWS::Lambda::Function", fn(nil)), res("F", "AWS::Lambda::Function", fn(map[string]any{"DeadLetterConfig": map[string]any{"TargetArn": "arn:aws:sqs:us-east-1:111111111111:dlq"}}))},
		{"Lambda.Concurrency", res("F", "AWS::Lambda::Function", fn(nil)), res("F", "AWS::Lambda::Function", fn(map[string]any{"ReservedConcurrentExecutions": 5}))},
		{"SQS.Encryption", res("Q", "AWS::SQS::Queue", map[string]any{"SqsManagedSseEnabled": false}), res("Q", "AWS::SQS::Queue", nil)},
		{"SNS.SSL", res("T", "AWS::SNS::Topic", nil), func(s *constructs.Stack) {
			tp := cfn.NewResource(s, "T", "AWS::SNS::Topic", nil)
			cfn.NewResource(s, "P", "AWS::SNS::TopicPolicy", map[string]any{"Topics": []any{tp.Ref()}, "PolicyDocument": deny("sns:Publish")})
		}},
		{"SNS.Encryption", res("T", "AWS::SNS::Topic", nil), res("T", "AWS::SNS::Topic", map[string]any{"KmsMasterKeyId": "alias/aws/sns"})},
		{"DynamoDB.PITR",
			res("D", "AWS::DynamoDB::Table", map[string]any{"KeySchema": []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}}, "AttributeDefinitions": []any{map[string]any{"AttributeName": "pk", "AttributeType": "S"}}, "BillingMode": "PAY_PER_REQUEST"}),
			res("D", "AWS::DynamoDB::Table", map[string]any{"KeySchema": []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}}, "AttributeDefinitions": []any{map[string]any{"AttributeName": "pk", "AttributeType": "S"}}, "BillingMode": "PAY_PER_REQUEST", "PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true}})},
		{"Logs.Retention", res("L", "AWS::Logs::LogGroup", nil), res("L", "AWS::Logs::LogGroup", map[string]any{"RetentionInDays": 7})},
	}...)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.rule] = true
	}
	for _, r := range rules.All() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no case", r.ID)
		}
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			app, s := newStack()
			c.bad(s)
			got := findings(check(t, app))
			found := false
			for _, f := range got {
				found = found || strings.HasPrefix(f, c.rule+" ")
			}
			if !found {
				t.Errorf("bad: no %s finding in %q", c.rule, got)
			}
			app, s = newStack()
			c.good(s)
			for _, f := range findings(check(t, app)) {
				if strings.HasPrefix(f, c.rule+" ") {
					t.Errorf("good: %s", f)
				}
			}
		})
	}
}

func TestSuppressionsAreInheritedAndReported(t *testing.T) {
	app, s := newStack()
	group := constructs.New(s, "Group")
	cfn.NewResource(group, "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(s, "Other", "AWS::SQS::Queue", nil)
	rules.Suppress(group, "SQS.SSL", "the queue only receives from inside the VPC endpoint")
	rules.Suppress(s, "SQS.DLQ", "messages are idempotent and may be dropped")
	rep := check(t, app)
	got := findings(rep)
	if !has(got, "SQS.SSL S/Other") || has(got, "SQS.SSL S/Group/Q") || has(got, "SQS.DLQ S/Group/Q") || has(got, "SQS.DLQ S/Other") {
		t.Errorf("unsuppressed findings = %q", got)
	}
	var sup []string
	for _, f := range rep.Findings {
		if f.Suppressed {
			sup = append(sup, f.Rule+" "+f.Path+" at "+f.SuppressedAt+": "+f.Reason)
		}
	}
	want := []string{
		"SQS.DLQ S/Group/Q at S: messages are idempotent and may be dropped",
		"SQS.SSL S/Group/Q at S/Group: the queue only receives from inside the VPC endpoint",
		"SQS.DLQ S/Other at S: messages are idempotent and may be dropped",
	}
	if strings.Join(sup, "\n") != strings.Join(want, "\n") {
		t.Errorf("suppressed:\n%s\nwant:\n%s", strings.Join(sup, "\n"), strings.Join(want, "\n"))
	}
	if rep.Errors() != 1 {
		t.Errorf("Errors() = %d, want 1 (SQS.SSL on S/Other)", rep.Errors())
	}
}

func TestSuppressionNeedsAReason(t *testing.T) {
	app, s := newStack()
	q := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	rules.Suppress(q, "SQS.SSL", " ")
	rules.Suppress(q, "SQS.Nope", "a reason")
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "S/Q: the suppression of rule SQS.SSL has no reason") || !strings.Contains(err.Error(), "there is no rule SQS.Nope") {
		t.Errorf("error = %v", err)
	}
}

func TestReportFormats(t *testing.T) {
	app, s := newStack()
	cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	rules.Suppress(s, "SQS.DLQ", "a reason")
	rep := check(t, app)
	var b strings.Builder
	rep.Table(&b, false)
	if !strings.Contains(b.String(), "ERROR  SQS.SSL  S/Q") || !strings.Contains(b.String(), "rules: 1 error, 0 warnings, 1 suppressed") || strings.Contains(b.String(), "SUPPRESSED") {
		t.Errorf("table:\n%s", b.String())
	}
	b.Reset()
	rep.Table(&b, true)
	if !strings.Contains(b.String(), "SUPPRESSED  SQS.DLQ  S/Q") || !strings.Contains(b.String(), "reason (S): a reason") {
		t.Errorf("table with the suppressed findings:\n%s", b.String())
	}
	var js struct {
		Findings []rules.Finding
	}
	if err := json.Unmarshal(rep.JSON(), &js); err != nil || len(js.Findings) != 2 || js.Findings[0].Reason != "a reason" {
		t.Errorf("JSON: %v %+v", err, js)
	}
	var sarif struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID       string
				Level        string
				Suppressions []struct{ Justification string }
			}
		}
	}
	if err := json.Unmarshal(rep.SARIF(), &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Tool.Driver.Rules) != len(rules.All()) || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("SARIF: %+v", sarif)
	}
	if r := sarif.Runs[0].Results[0]; r.RuleID != "SQS.DLQ" || len(r.Suppressions) != 1 || r.Suppressions[0].Justification != "a reason" {
		t.Errorf("SARIF result 0: %+v", r)
	}
}

func TestResourceLines(t *testing.T) {
	app, s := newStack()
	cfn.NewResource(s, "A", "AWS::SQS::Queue", map[string]any{"QueueName": "a", "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}})
	cfn.NewResource(s, "B", "AWS::SQS::Queue", nil)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	data := asm.Stacks[0].TemplateJSON
	lines := strings.Split(string(data), "\n")
	got := rules.ResourceLines(data)
	if len(got) != 2 {
		t.Fatalf("lines = %v", got)
	}
	for id, n := range got {
		if lines[n-1] != `  "`+id+`": {` {
			t.Errorf("line %d of the template is %q, not resource %s", n, lines[n-1], id)
		}
	}
	rep := check(t, app)
	if rep.Findings[0].Line != got[rep.Findings[0].LogicalID] || !strings.Contains(string(rep.SARIF()), `"startLine": `) {
		t.Errorf("the findings do not carry the resources' lines")
	}
}
