package parity

import (
	"regexp"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
)

// Nested stacks (oracle/nested.js).

func init() {
	register(
		Case{Name: "nested-basic", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
			pb := s3.NewBucket(parent, "PBucket", s3.BucketProps{})
			nested := constructs.NewNestedStack(parent, "Nested", constructs.NestedStackProps{
				Parameters:       map[string]string{"Stage": "prod"},
				Timeout:          5 * time.Minute,
				NotificationARNs: []string{"arn:aws:sns:us-east-1:123456789012:events"},
			})
			stage := cfn.NewParameter(nested, "Stage", cfn.ParameterProps{Type: "String"})
			nb := s3.NewBucket(nested, "NBucket", s3.BucketProps{BucketName: stage.ValueAsString()})
			cfn.NewOutput(nested, "ParentArn", cfn.OutputProps{Value: pb.BucketARN()})
			cfn.NewOutput(nested, "ParentName", cfn.OutputProps{Value: pb.BucketName()})
			cfn.NewOutput(parent, "NestedName", cfn.OutputProps{Value: nb.BucketName()})
			cfn.NewOutput(parent, "NestedDomain", cfn.OutputProps{Value: nb.BucketDomainName()})
		}},
		Case{Name: "nested-siblings", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
			a := constructs.NewNestedStack(parent, "A", constructs.NestedStackProps{})
			b := constructs.NewNestedStack(parent, "B", constructs.NestedStackProps{})
			ab := s3.NewBucket(a, "Bucket", s3.BucketProps{})
			bb := s3.NewBucket(b, "Bucket", s3.BucketProps{BucketName: ab.BucketName()})
			cfn.NewOutput(b, "FromA", cfn.OutputProps{Value: ab.BucketARN()})
			cfn.NewOutput(parent, "FromB", cfn.OutputProps{Value: bb.BucketRegionalDomainName()})
		}},
		Case{Name: "nested-deep", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
			pb := s3.NewBucket(parent, "PBucket", s3.BucketProps{})
			side := constructs.NewNestedStack(parent, "Side", constructs.NestedStackProps{})
			sb := s3.NewBucket(side, "SBucket", s3.BucketProps{})
			mid := constructs.NewNestedStack(parent, "Mid", constructs.NestedStackProps{})
			mb := s3.NewBucket(mid, "MBucket", s3.BucketProps{})
			inner := constructs.NewNestedStack(mid, "Inner", constructs.NestedStackProps{})
			ib := s3.NewBucket(inner, "IBucket", s3.BucketProps{})
			cfn.NewOutput(inner, "Top", cfn.OutputProps{Value: pb.BucketName()})
			cfn.NewOutput(inner, "Aunt", cfn.OutputProps{Value: sb.BucketARN()})
			cfn.NewOutput(inner, "Up", cfn.OutputProps{Value: mb.BucketName()})
			cfn.NewOutput(parent, "Deep", cfn.OutputProps{Value: ib.BucketARN()})
			other := constructs.NewStack(app, "Other", constructs.StackProps{})
			s3.NewBucket(other, "OBucket", s3.BucketProps{BucketName: ib.BucketName()})
		}},
		Case{Name: "nested-vpc", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Network", constructs.StackProps{})
			net := constructs.NewNestedStack(parent, "Net", constructs.NestedStackProps{
				Description:   "the network",
				RemovalPolicy: constructs.RemovalPolicyRetain,
			})
			vpc := ec2.NewVpc(net, "Vpc", ec2.VpcProps{MaxAZs: 2})
			sg := ec2.NewSecurityGroup(parent, "Sg", ec2.SecurityGroupProps{Vpc: vpc})
			apps := constructs.NewNestedStack(parent, "Apps", constructs.NestedStackProps{})
			ec2.NewSecurityGroup(apps, "AppSg", ec2.SecurityGroupProps{Vpc: vpc, Description: "apps"})
			cfn.NewOutput(apps, "ParentSg", cfn.OutputProps{Value: sg.SecurityGroupID()})
		}},
		Case{Name: "nested-tags", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
			nested := constructs.NewNestedStack(parent, "Data", constructs.NestedStackProps{})
			sqscfn.NewCfnQueue(nested, "Queue", sqscfn.CfnQueueProps{})
			sqscfn.NewCfnQueue(parent, "Queue", sqscfn.CfnQueueProps{})
			cfn.TagsOf(app).Add("team", "platform")
			cfn.TagsOf(nested).Add("layer", "data")
		}},
		Case{Name: "nested-grant", Build: func(app *constructs.App) {
			parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
			bucket := s3.NewBucket(parent, "Bucket", s3.BucketProps{})
			a := constructs.NewNestedStack(parent, "A", constructs.NestedStackProps{})
			role := iam.NewRole(a, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
			bucket.GrantRead(role)
			b := constructs.NewNestedStack(parent, "B", constructs.NestedStackProps{})
			bq := sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{})
			bq.Node().AddDependency(role)
			pq := sqscfn.NewCfnQueue(parent, "Queue", sqscfn.CfnQueueProps{})
			pq.Node().AddDependency(b)
		}},
		Case{Name: "nested-in-stage", Build: func(app *constructs.App) {
			stage := constructs.NewStage(app, "Prod", constructs.StageProps{})
			svc := constructs.NewStack(stage, "Svc", constructs.StackProps{})
			inner := constructs.NewNestedStack(svc, "Inner", constructs.NestedStackProps{})
			q := sqscfn.NewCfnQueue(inner, "Queue", sqscfn.CfnQueueProps{})
			cfn.NewOutput(svc, "InnerArn", cfn.OutputProps{Value: q.AttrArn()})
		}},
	)
}

// nestedTemplateKey is the object key of a nested template in a TemplateURL:
// the SHA-256 of the template's bytes, which differ from the AWS CDK's
// (aws:cdk:path metadata, key order, indentation) when the templates match.
var nestedTemplateKey = regexp.MustCompile(`^/[0-9a-f]{64}\.json$`)

// normalizeTemplateURL replaces the object key in the TemplateURL of an
// AWS::CloudFormation::Stack resource (the last part of its Fn::Join) with
// a placeholder; the nested templates themselves are compared file by file.
func normalizeTemplateURL(body map[string]any) {
	props, _ := body["Properties"].(map[string]any)
	join, _ := props["TemplateURL"].(map[string]any)
	args, _ := join["Fn::Join"].([]any)
	if len(args) != 2 {
		return
	}
	parts, _ := args[1].([]any)
	if n := len(parts); n > 0 {
		if s, ok := parts[n-1].(string); ok && nestedTemplateKey.MatchString(s) {
			parts[n-1] = "/<nested template hash>.json"
		}
	}
}
