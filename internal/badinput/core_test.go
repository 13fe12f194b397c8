package badinput

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
)

func stack(app *constructs.App, id string) *constructs.Stack {
	return constructs.NewStack(app, id, constructs.StackProps{})
}

func queue(scope constructs.Construct, id string) *sqscfn.CfnQueue {
	return sqscfn.NewCfnQueue(scope, id, sqscfn.CfnQueueProps{})
}

func param(scope constructs.Construct, id, value string) *ssmcfn.CfnParameter {
	return ssmcfn.NewCfnParameter(scope, id, ssmcfn.CfnParameterProps{Type: "String", Value: value})
}

// growing adds a construct below every construct it visits.
type growing struct{ n int }

func (g *growing) Visit(c constructs.Construct) {
	g.n++
	constructs.New(c, "More"+strconv.Itoa(g.n))
}

// panicky is an aspect with a bug: it indexes past the end of a slice.
type panicky struct{ counts []int }

func (p *panicky) Visit(c constructs.Construct) {
	if r := cfn.ResourceOf(c); r != nil {
		p.counts[len(r.CfnType())]++
	}
}

func init() {
	add(
		// The construct tree.
		Case{Name: "duplicate-id", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			queue(s, "Queue")
		}},
		Case{Name: "duplicate-stack-id", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue")
			queue(stack(app, "App"), "Queue")
		}},
		Case{Name: "empty-id", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "")
		}},
		Case{Name: "slash-in-id", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Orders/Queue")
		}},
		Case{Name: "nil-scope", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Fine")
			queue(nil, "Queue")
		}},
		Case{Name: "typed-nil-scope", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Fine")
			var s *constructs.Stack
			queue(s, "Queue")
		}},
		Case{Name: "l2-with-nil-scope", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Fine")
			ec2.NewVpc(nil, "Vpc", ec2.VpcProps{MaxAZs: 2})
		}},
		Case{Name: "resource-under-app", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Fine")
			queue(app, "Loose")
		}},
		Case{Name: "l2-under-app", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Fine")
			ecs.NewCluster(app, "Cluster", ecs.ClusterProps{})
		}},
		Case{Name: "context-after-children", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			s.Node().SetContext("key", "value")
		}},
		Case{Name: "aspect-grows-forever", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			constructs.AspectsOf(s).Add(&growing{})
		}},
		Case{Name: "aspect-adds-aspects-forever", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			var again constructs.AspectFunc
			again = func(c constructs.Construct) {
				if c == s {
					constructs.AspectsOf(s).Add(again)
				}
			}
			constructs.AspectsOf(s).Add(again)
		}},
		Case{Name: "aspect-panics", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			constructs.AspectsOf(s).Add(&panicky{})
		}},
		Case{Name: "aspects-of-nil", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue")
			var s *constructs.Stack
			constructs.AspectsOf(s).Add(&growing{})
		}},
		Case{Name: "annotations-of-nil", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue")
			constructs.AnnotationsOf(nil).AddWarning("check this")
		}},
		Case{Name: "error-annotation", Build: func(app *constructs.App) {
			s := stack(app, "App")
			constructs.AnnotationsOf(queue(s, "Queue")).AddError("queues must be FIFO here")
		}},

		// Intrinsics and tokens.
		Case{Name: "ref-of-nil", Build: func(app *constructs.App) {
			s := stack(app, "App")
			var p *cfn.Parameter
			param(s, "Param", cfn.Ref(p))
		}},
		Case{Name: "ref-of-untyped-nil", Build: func(app *constructs.App) {
			param(stack(app, "App"), "Param", cfn.Ref(nil))
		}},
		Case{Name: "as-int-of-text", Build: func(app *constructs.App) {
			s := stack(app, "App")
			sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{DelaySeconds: new(cfn.AsInt("ten"))})
		}},
		Case{Name: "token-upper-case", Build: func(app *constructs.App) {
			s := stack(app, "App")
			q := queue(s, "Queue")
			param(s, "Param", strings.ToUpper(q.Ref()))
		}},
		Case{Name: "token-sliced", Build: func(app *constructs.App) {
			s := stack(app, "App")
			q := queue(s, "Queue")
			arn := q.AttrArn()
			param(s, "Param", arn[:len(arn)-3])
		}},
		Case{Name: "token-replaced", Build: func(app *constructs.App) {
			s := stack(app, "App")
			q := queue(s, "Queue")
			param(s, "Param", strings.ReplaceAll(q.AttrArn(), ".", "-"))
		}},
		Case{Name: "token-in-description", Build: func(app *constructs.App) {
			s := constructs.NewStack(app, "App", constructs.StackProps{Description: "Orders in " + cfn.Region()})
			queue(s, "Queue")
		}},
		Case{Name: "token-in-stack-tag", Build: func(app *constructs.App) {
			s := constructs.NewStack(app, "App", constructs.StackProps{Tags: map[string]string{"account": cfn.AccountID()}})
			queue(s, "Queue")
		}},
		Case{Name: "number-token-formatted", Build: func(app *constructs.App) {
			s := stack(app, "App")
			p := cfn.NewParameter(s, "Delay", cfn.ParameterProps{Type: "Number"})
			delay := cfn.AsInt(p.ValueAsString())
			param(s, "Param", fmt.Sprintf("%d", delay))
		}},
		Case{Name: "number-token-itoa", Build: func(app *constructs.App) {
			s := stack(app, "App")
			p := cfn.NewParameter(s, "Delay", cfn.ParameterProps{Type: "Number"})
			param(s, "Param", "delay="+strconv.Itoa(cfn.AsInt(p.ValueAsString())))
		}},
		Case{Name: "number-token-arithmetic", Build: func(app *constructs.App) {
			s := stack(app, "App")
			p := cfn.NewParameter(s, "Delay", cfn.ParameterProps{Type: "Number"})
			sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{DelaySeconds: new(cfn.AsInt(p.ValueAsString()) + 5)})
		}},
		Case{Name: "number-token-doubled", Build: func(app *constructs.App) {
			s := stack(app, "App")
			p := cfn.NewParameter(s, "Delay", cfn.ParameterProps{Type: "Number"})
			sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{DelaySeconds: new(cfn.AsInt(p.ValueAsString()) * 2)})
		}},
		Case{Name: "list-token-as-string", Build: func(app *constructs.App) {
			s := stack(app, "App")
			param(s, "Param", strings.Join(cfn.GetAZs(""), ","))
		}},
		Case{Name: "token-as-map-key", Build: func(app *constructs.App) {
			s := stack(app, "App")
			q := queue(s, "Queue")
			ssmcfn.NewCfnParameter(s, "Param", ssmcfn.CfnParameterProps{Type: "String", Value: "v", Tags: map[string]string{q.Ref(): "x"}})
		}},
		Case{Name: "value-from-another-app", Build: func(app *constructs.App) {
			other := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			q := queue(stack(other, "Other"), "Queue")
			param(stack(app, "App"), "Param", q.AttrArn())
		}},
		Case{Name: "dependency-on-another-app", Build: func(app *constructs.App) {
			other := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			q := queue(stack(other, "Other"), "Queue")
			queue(stack(app, "App"), "Queue").Node().AddDependency(q)
		}},
		Case{Name: "dependson-another-app", Build: func(app *constructs.App) {
			other := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			q := queue(stack(other, "Other"), "Queue")
			queue(stack(app, "App"), "Queue").AddDependency(q.CfnResource())
		}},
		Case{Name: "cross-environment-reference", Build: func(app *constructs.App) {
			a := constructs.NewStack(app, "Producer", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
			b := constructs.NewStack(app, "Consumer", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
			param(b, "Param", queue(a, "Queue").AttrArn())
		}},

		// Stacks.
		Case{Name: "same-stack-name", Build: func(app *constructs.App) {
			queue(constructs.NewStack(app, "Blue", constructs.StackProps{StackName: "Orders"}), "Queue")
			queue(constructs.NewStack(app, "Green", constructs.StackProps{StackName: "Orders"}), "Queue")
		}},
		Case{Name: "stack-name-equals-other-id", Build: func(app *constructs.App) {
			queue(stack(app, "Orders"), "Queue")
			queue(constructs.NewStack(app, "Orders2", constructs.StackProps{StackName: "Orders"}), "Queue")
		}},
		Case{Name: "invalid-stack-name", Build: func(app *constructs.App) {
			queue(constructs.NewStack(app, "App", constructs.StackProps{StackName: "my_app"}), "Queue")
		}},
		Case{Name: "empty-stack", Warn: true, Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue")
			stack(app, "Empty")
		}},
		Case{Name: "stack-cycle", Build: func(app *constructs.App) {
			a, b := stack(app, "A"), stack(app, "B")
			qa, qb := queue(a, "Queue"), queue(b, "Queue")
			param(a, "Param", qb.AttrArn())
			param(b, "Param", qa.AttrArn())
		}},

		// Template elements.
		Case{Name: "depends-on-itself", Build: func(app *constructs.App) {
			q := queue(stack(app, "App"), "Queue")
			q.AddDependency(q.CfnResource())
		}},
		Case{Name: "dependson-cycle", Build: func(app *constructs.App) {
			s := stack(app, "App")
			a, b, c := queue(s, "A"), queue(s, "B"), queue(s, "C")
			a.AddDependency(b.CfnResource())
			b.AddDependency(c.CfnResource())
			c.AddDependency(a.CfnResource())
		}},
		Case{Name: "reference-cycle", Build: func(app *constructs.App) {
			s := stack(app, "App")
			t := snscfn.NewCfnTopic(s, "Topic", snscfn.CfnTopicProps{})
			q := sqscfn.NewCfnQueue(s, "Queue", sqscfn.CfnQueueProps{})
			q.Props.QueueName = new(t.AttrTopicArn())
			t.Props.DisplayName = new(q.Ref())
		}},
		Case{Name: "construct-dependency-cycle", Build: func(app *constructs.App) {
			s := stack(app, "App")
			a, b := constructs.New(s, "A"), constructs.New(s, "B")
			queue(a, "Queue")
			queue(b, "Queue")
			a.Node().AddDependency(b)
			b.Node().AddDependency(a)
		}},
		Case{Name: "duplicate-export-name", Build: func(app *constructs.App) {
			a, b := stack(app, "A"), stack(app, "B")
			cfn.NewOutput(a, "Out", cfn.OutputProps{Value: queue(a, "Queue").Ref(), ExportName: "QueueName"})
			cfn.NewOutput(b, "Out", cfn.OutputProps{Value: queue(b, "Queue").Ref(), ExportName: "QueueName"})
		}},
		Case{Name: "getatt-unknown-attribute", Build: func(app *constructs.App) {
			s := stack(app, "App")
			q := queue(s, "Queue")
			param(s, "Param", q.GetAtt("QueueArn").String())
		}},
		Case{Name: "sub-unknown-variable", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			param(s, "Param", cfn.Sub("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Queu.QueueName}"))
		}},
		Case{Name: "sub-variable-not-in-map", Build: func(app *constructs.App) {
			s := stack(app, "App")
			param(s, "Param", cfn.Sub("${Env}-${Name}", map[string]string{"Env": "prod"}))
		}},
		Case{Name: "ref-of-unknown-logical-id", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			param(s, "Param", cfn.NewIntrinsic(map[string]any{"Ref": "Queue1"}).String())
		}},
		Case{Name: "getatt-of-unknown-logical-id", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Orders")
			param(s, "Param", cfn.GetAtt("Queue", "Arn"))
		}},
		Case{Name: "output-without-value", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			cfn.NewOutput(s, "QueueURL", cfn.OutputProps{Description: "the queue"})
		}},
		Case{Name: "condition-without-expression", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "Queue")
			cfn.NewCondition(s, "IsProd", nil)
		}},
		Case{Name: "override-empty-path", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue").AddOverride("", "x")
		}},
		Case{Name: "override-empty-part", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue").AddPropertyOverride("RedrivePolicy..maxReceiveCount", 3)
		}},
		Case{Name: "select-out-of-range", Build: func(app *constructs.App) {
			param(stack(app, "App"), "Param", cfn.Select(2, []string{"a", "b"}))
		}},
		Case{Name: "select-negative", Build: func(app *constructs.App) {
			param(stack(app, "App"), "Param", cfn.Select(-1, cfn.GetAZs("")))
		}},
		Case{Name: "if-without-condition", Build: func(app *constructs.App) {
			param(stack(app, "App"), "Param", cfn.If(nil, "a", "b").String())
		}},
		Case{Name: "resource-without-type", Build: func(app *constructs.App) {
			cfn.NewResource(stack(app, "App"), "Thing", "", nil)
		}},
		Case{Name: "required-property-missing", Build: func(app *constructs.App) {
			ssmcfn.NewCfnParameter(stack(app, "App"), "Param", ssmcfn.CfnParameterProps{Value: "v"})
		}},
		Case{Name: "invalid-logical-id-override", Build: func(app *constructs.App) {
			queue(stack(app, "App"), "Queue").OverrideLogicalID("my-queue")
		}},
		Case{Name: "duplicate-logical-id", Build: func(app *constructs.App) {
			s := stack(app, "App")
			queue(s, "A").OverrideLogicalID("Queue")
			queue(s, "B").OverrideLogicalID("Queue")
		}},
		Case{Name: "override-into-scalar", Build: func(app *constructs.App) {
			q := sqscfn.NewCfnQueue(stack(app, "App"), "Queue", sqscfn.CfnQueueProps{QueueName: new("orders")})
			q.AddPropertyOverride("QueueName.Suffix", "x")
		}},
		Case{Name: "unknown-resource-type", Warn: true, Build: func(app *constructs.App) {
			cfn.NewResource(stack(app, "App"), "Thing", "AWS::SQS::Queues", nil)
		}},
		Case{Name: "too-many-resources", Build: func(app *constructs.App) {
			s := stack(app, "App")
			for i := range 501 {
				queue(s, "Queue"+strconv.Itoa(i))
			}
		}},
	)
}
