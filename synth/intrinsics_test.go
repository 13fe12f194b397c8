package synth_test

import (
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth"
)

// TestTemplateElements renders every kind of element and intrinsic; the
// golden template is also checked by cfn-lint (see Makefile lint).
func TestTemplateElements(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "Elements", constructs.StackProps{Description: "Every template element forma renders"})
	env := cfn.NewParameter(s, "Env", cfn.ParameterProps{Type: "String", Default: "dev", AllowedValues: []string{"dev", "prod"}, Description: "Deployment stage"})
	retention := cfn.NewParameter(s, "Retention", cfn.ParameterProps{Type: "Number", Default: 345600, MinValue: new(60.0), MaxValue: new(1209600.0)})
	subnets := cfn.NewParameter(s, "Subnets", cfn.ParameterProps{Type: "List<AWS::EC2::Subnet::Id>"})
	isProd := cfn.NewCondition(s, "IsProd", cfn.Equals(env.ValueAsString(), "prod"))
	notProd := cfn.NewCondition(s, "NotProd", cfn.Not(isProd))
	cfn.NewCondition(s, "ProdOrTwo", cfn.Or(isProd, cfn.Equals(cfn.Select(0, subnets.ValueAsList()), "subnet-2")))
	sizes := cfn.NewMapping(s, "Sizes", map[string]map[string]any{"dev": {"Delay": "0"}, "prod": {"Delay": "5"}})
	cfn.NewRule(s, "ProdNeedsSubnets", cfn.RuleProps{
		RuleCondition: cfn.Equals(env.ValueAsString(), "prod"),
		Assertions:    []cfn.RuleAssertion{{Assert: cfn.Not(cfn.Contains(subnets.ValueAsList(), "subnet-0")), AssertDescription: "subnet-0 is reserved"}},
	})

	dlq := sqscfn.NewCfnQueue(s, "DeadLetters", sqscfn.CfnQueueProps{MessageRetentionPeriod: new(retention.ValueAsInt())})
	q := sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{
		QueueName:    new(cfn.Join("-", []string{cfn.StackName(), env.ValueAsString(), "jobs"})),
		DelaySeconds: new(cfn.AsInt(sizes.FindInMap(env.ValueAsString(), "Delay"))),
		RedrivePolicy: map[string]any{
			"deadLetterTargetArn": dlq.AttrArn(),
			"maxReceiveCount":     5,
		},
	})
	q.Options.Condition = isProd
	q.AddDependency(&dlq.Resource)
	q.ApplyRemovalPolicy(cfn.PolicyRetain)
	cfn.TagsOf(s).Add("stage", env.ValueAsString())

	p := ssmcfn.NewCfnParameter(s, "Endpoint", ssmcfn.CfnParameterProps{
		Type:  "String",
		Value: cfn.If(isProd, q.AttrQueueUrl(), cfn.NoValue()).String(),
		Description: new(cfn.Sub("queue in ${AWS::Region} for ${Stage}", map[string]string{
			"Stage": env.ValueAsString(),
		})),
	})
	p.Options.Condition = isProd
	cfn.NewResource(s, "Raw", "AWS::SSM::Parameter", map[string]any{
		"Type":        "StringList",
		"Value":       cfn.Join(",", subnets.ValueAsList()),
		"Description": cfn.Select(0, cfn.GetAZs("")),
		"Name":        "/" + cfn.Select(1, cfn.Split("/", cfn.StackID())) + "/azs",
	}).Options.Condition = notProd
	cfn.NewResource(s, "Encoded", "AWS::SSM::Parameter", map[string]any{
		"Type":  "String",
		"Value": cfn.Base64("arn:" + cfn.Partition() + ":sqs:" + cfn.Region() + ":" + cfn.AccountID() + ":x." + cfn.URLSuffix()),
		"Tier":  cfn.Select(0, cfn.Cidr("10.0.0.0/16", 2, 8)),
	})
	cfn.NewOutput(s, "QueueURL", cfn.OutputProps{Value: q.AttrQueueUrl(), Description: "The queue", ExportName: "elements-queue-url", Condition: isProd})
	cfn.NewOutput(s, "Imported", cfn.OutputProps{Value: cfn.ImportValue("shared-vpc-id")})

	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/elements.template.json", asm.Stack("Elements").TemplateJSON)
	golden.Check(t, "testdata/elements.template.yaml", asm.Stack("Elements").Template.YAML())
}
