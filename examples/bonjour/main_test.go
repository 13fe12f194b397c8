package main

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "bonjour", newApp)
}

// BenchmarkSynthBonjour builds and synthesizes the Bonjour app in-process,
// files rendered.
func BenchmarkSynthBonjour(b *testing.B) {
	for b.Loop() {
		asm, err := synth.Synthesize(newApp())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := asm.Files(false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBadProps checks that bad props give synthesis errors naming the
// construct path and the fix.
func TestBadProps(t *testing.T) {
	tests := []struct {
		name string
		vpc  ec2.VpcProps
		edit func(p *patterns.LoadBalancedFargateServiceProps, vpc ec2.IVpc)
		want []string
	}{
		{"invalid Fargate CPU/memory pair", ec2.VpcProps{MaxAZs: 2}, func(p *patterns.LoadBalancedFargateServiceProps, _ ec2.IVpc) {
			p.CPU, p.MemoryMiB = 256, 4096
		}, []string{"Bonjour/FargateService/TaskDef: MemoryMiB 4096 is not valid with CPU 256 on Fargate; valid values for CPU 256: 512, 1024, 2048"}},
		{"certificate with a non-HTTPS listener", ec2.VpcProps{MaxAZs: 2}, func(p *patterns.LoadBalancedFargateServiceProps, _ ec2.IVpc) {
			p.Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
			p.Protocol = elbv2.ProtocolHTTP
		}, []string{"Bonjour/FargateService: Certificate is set with Protocol HTTP; a certificate needs the HTTPS protocol"}},
		{"redirect without HTTPS", ec2.VpcProps{MaxAZs: 2}, func(p *patterns.LoadBalancedFargateServiceProps, _ ec2.IVpc) {
			p.RedirectHTTP = true
		}, []string{"Bonjour/FargateService: RedirectHTTP needs the HTTPS protocol"}},
		{"cluster and vpc", ec2.VpcProps{MaxAZs: 2}, func(p *patterns.LoadBalancedFargateServiceProps, vpc ec2.IVpc) {
			p.Vpc = vpc
		}, []string{"Bonjour/FargateService: Cluster and Vpc are both set"}},
		{"MaxAZs below 1", ec2.VpcProps{MaxAZs: -1}, nil, []string{"Bonjour/MyVpc: "}},
		{"more NAT gateways than AZs", ec2.VpcProps{MaxAZs: 2, NatGateways: new(3)}, nil, []string{"Bonjour/MyVpc: "}},
		{"CIDR mask that does not fit", ec2.VpcProps{MaxAZs: 2, SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "Public", SubnetType: ec2.SubnetPublic, CIDRMask: 8},
			{Name: "Private", SubnetType: ec2.SubnetPrivateWithEgress, CIDRMask: 24},
		}}, nil, []string{"Bonjour/MyVpc: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "MyVpc", tt.vpc)
			cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
			p := patterns.LoadBalancedFargateServiceProps{Cluster: cluster, Image: ecs.ImageFromRegistry("amazon/amazon-ecs-sample")}
			if tt.edit != nil {
				tt.edit(&p, vpc)
			}
			patterns.NewLoadBalancedFargateService(stack, "FargateService", p)
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}
