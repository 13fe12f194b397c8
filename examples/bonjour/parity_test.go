package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/synth"
)

// Parity with the AWS CDK.
//
// TestParity synthesizes the Bonjour program and variants of it and, when
// FORMA_CDK_ORACLE names a directory of AWS CDK cloud assemblies, requires
// each template to equal <oracle>/<variant>/Bonjour.template.json after
// leaving out what only the CDK writes: the BootstrapVersion parameter, the
// CheckBootstrapVersion rule, CDKMetadata and aws:cdk:path metadata; DependsOn
// lists are compared sorted. CDK output is never part of this repository:
// produce the oracle with aws-cdk-lib 2.276.0 and plain node, outside the repo:
//
//	mkdir /tmp/cdk && cd /tmp/cdk && npm install aws-cdk-lib@2.276.0 constructs@10
//	node bonjour.js VARIANT   # for each variant below; writes $ORACLE/VARIANT/
//
// where bonjour.js builds, with `new App({outdir})` and no cdk.json (default
// feature flags): a Stack "Bonjour" (env account 123456789012, region
// us-east-1 and the context key availability-zones:account=123456789012:region=us-east-1
// = [us-east-1a, us-east-1b, us-east-1c] for bonjour-region; environment-agnostic
// otherwise); new ec2.Vpc(stack, 'MyVpc', {maxAzs: 2}) (no props for
// bonjour-region; natGateways: 1 for bonjour-nat1); new ecs.Cluster(stack,
// 'Cluster', {vpc}) (containerInsights true/false for bonjour-insights and
// bonjour-insights-false, containerInsightsV2 ENABLED/ENHANCED/DISABLED for
// bonjour-insightsv2, -enhanced, -disabled); and new
// ecs_patterns.ApplicationLoadBalancedFargateService(stack, 'FargateService',
// {cluster, taskImageOptions: {image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample')}})
// with, per variant:
//
//	bonjour-props   desiredCount 3, cpu 512, memoryLimitMiB 1024, publicLoadBalancer false, listenerPort 8080
//	bonjour-https   certificate acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'), redirectHTTP true
//	bonjour-env-sorted  taskImageOptions.environment {A: '1'}, containerPort 8080, secrets (in this key order)
//	                {API_KEY: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'ApiKeyParam', '/prod/api-key')),
//	                 DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'DbSecret', 'prod/db-password'))}
//	bonjour-vpconly vpc instead of cluster (the pattern creates the stack's default cluster; 'Cluster' stays unused)
//	bonjour-cb      circuitBreaker {rollback: true}, assignPublicIp true, taskSubnets {subnetType: PUBLIC},
//	                then service.targetGroup.configureHealthCheck({path: '/health'})
//	bonjour-ecr     taskImageOptions.image ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'), 'v1')
//	                (the repository created after the cluster)
//	bonjour-ecr-imported  taskImageOptions.image ecs.ContainerImage.fromEcrRepository(
//	                ecr.Repository.fromRepositoryName(stack, 'Imported', 'my-repo'), 'v1')
//
// Run: FORMA_CDK_ORACLE=/path/to/oracle go test ./examples/bonjour -run TestParity
// (FORMA_PARITY_OUT=DIR keeps forma's assemblies in DIR/<variant>/.)
func TestParity(t *testing.T) {
	oracle := os.Getenv("FORMA_CDK_ORACLE")
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			app := v.build()
			asm, err := synth.Synthesize(app)
			if err != nil {
				t.Fatalf("synthesis failed:\n%v", err)
			}
			files, err := asm.Files(false)
			if err != nil {
				t.Fatal(err)
			}
			got := files["Bonjour.template.json"]
			if got == nil {
				t.Fatalf("no Bonjour.template.json in the assembly (files: %v)", files.Names())
			}
			out := t.TempDir()
			if d := os.Getenv("FORMA_PARITY_OUT"); d != "" {
				out = filepath.Join(d, v.name)
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "Bonjour.template.json"), got, 0o644); err != nil {
				t.Fatal(err)
			}
			if oracle == "" {
				t.Skip("FORMA_CDK_ORACLE is not set: no AWS CDK reference to compare with; see the comment on TestParity for how to produce one")
			}
			refPath := filepath.Join(oracle, v.name, "Bonjour.template.json")
			ref, err := os.ReadFile(refPath)
			if err != nil {
				t.Fatalf("the AWS CDK reference for %s is absent: %v; produce it with bonjour.js (see TestParity)", v.name, err)
			}
			want, have := normalize(t, ref), normalize(t, got)
			if d := cmp.Diff(want, have); d != "" {
				t.Errorf("template of %s differs from the AWS CDK's %s (-want +got):\n%s", v.name, refPath, d)
			}
		})
	}
}

// normalize decodes a template and drops what only the AWS CDK writes.
func normalize(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var tpl map[string]any
	if err := json.Unmarshal(data, &tpl); err != nil {
		t.Fatal(err)
	}
	if p, ok := tpl["Parameters"].(map[string]any); ok {
		delete(p, "BootstrapVersion")
	}
	if r, ok := tpl["Rules"].(map[string]any); ok {
		delete(r, "CheckBootstrapVersion")
	}
	if c, ok := tpl["Conditions"].(map[string]any); ok {
		delete(c, "CDKMetadataAvailable")
	}
	res, _ := tpl["Resources"].(map[string]any)
	for id, r := range res {
		body := r.(map[string]any)
		if body["Type"] == "AWS::CDK::Metadata" {
			delete(res, id)
			continue
		}
		if md, ok := body["Metadata"].(map[string]any); ok {
			delete(md, "aws:cdk:path")
			if len(md) == 0 {
				delete(body, "Metadata")
			}
		}
		switch d := body["DependsOn"].(type) {
		case string:
			body["DependsOn"] = []any{d}
		case []any:
			sort.Slice(d, func(i, j int) bool { return d[i].(string) < d[j].(string) })
		}
	}
	for k, v := range tpl {
		if m, ok := v.(map[string]any); ok && len(m) == 0 {
			delete(tpl, k)
		}
	}
	return tpl
}

type variant struct {
	name  string
	build func() *constructs.App
}

// bonjourWith builds the Bonjour program with changes: env and context for
// the stack, Vpc props, Cluster props and pattern props.
func bonjourWith(env constructs.Environment, ctx map[string]any, vp ec2.VpcProps, cp ecs.ClusterProps, edit func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps)) func() *constructs.App {
	return func() *constructs.App {
		app := constructs.NewApp(constructs.AppProps{Context: ctx, SkipContextFiles: true})
		stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{Env: env})
		vpc := ec2.NewVpc(stack, "MyVpc", vp)
		cp.Vpc = vpc
		cluster := ecs.NewCluster(stack, "Cluster", cp)
		p := patterns.LoadBalancedFargateServiceProps{Cluster: cluster, Image: ecs.ImageFromRegistry("amazon/amazon-ecs-sample")}
		if edit != nil {
			edit(stack, &p)
		}
		patterns.NewLoadBalancedFargateService(stack, "FargateService", p)
		return app
	}
}

var (
	agnostic = constructs.Environment{}
	twoAZs   = ec2.VpcProps{MaxAZs: 2}
	noEdit   func(*constructs.Stack, *patterns.LoadBalancedFargateServiceProps)
)

func insights(ci ecs.ContainerInsights) func() *constructs.App {
	return bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{ContainerInsights: ci}, noEdit)
}

var variants = []variant{
	{"bonjour", newApp},
	{"bonjour-region", bonjourWith(
		constructs.Environment{Account: "123456789012", Region: "us-east-1"},
		map[string]any{"availability-zones:account=123456789012:region=us-east-1": []any{"us-east-1a", "us-east-1b", "us-east-1c"}},
		ec2.VpcProps{}, ecs.ClusterProps{}, noEdit)},
	{"bonjour-nat1", bonjourWith(agnostic, nil, ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)}, ecs.ClusterProps{}, noEdit)},
	{"bonjour-insights", insights(ecs.ContainerInsightsEnabled)},
	{"bonjour-insights-false", insights(ecs.ContainerInsightsDisabled)},
	{"bonjour-insightsv2", insights(ecs.ContainerInsightsEnabled)},
	{"bonjour-insightsv2-enhanced", insights(ecs.ContainerInsightsEnhanced)},
	{"bonjour-insightsv2-disabled", insights(ecs.ContainerInsightsDisabled)},
	{"bonjour-props", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.DesiredCount = new(3)
		p.CPU = 512
		p.MemoryMiB = 1024
		p.PublicLoadBalancer = new(false)
		p.ListenerPort = 8080
	})},
	{"bonjour-https", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
		p.RedirectHTTP = true
	})},
	{"bonjour-env-sorted", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Environment = map[string]string{"A": "1"}
		p.Secrets = map[string]ecs.Secret{
			"DB_PASSWORD": ecs.SecretsManagerSecret{Name: "prod/db-password"},
			"API_KEY":     ecs.SSMParameter{Name: "/prod/api-key"},
		}
		p.ContainerPort = 8080
	})},
	{"bonjour-vpconly", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Vpc = p.Cluster.Vpc()
		p.Cluster = nil
	})},
	{"bonjour-cb", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.CircuitBreaker = &ecs.DeploymentCircuitBreaker{Rollback: true}
		p.AssignPublicIP = true
		p.TaskSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetPublic}
		p.HealthCheckPath = "/health"
	})},
	{"bonjour-ecr", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Image = ecs.ImageFromECRRepository(ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{}), "v1")
	})},
	{"bonjour-ecr-imported", bonjourWith(agnostic, nil, twoAZs, ecs.ClusterProps{}, func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Image = ecs.ImageFromECRRepository(ecr.RepositoryFromName(stack, "Imported", "my-repo"), "v1")
	})},
}
