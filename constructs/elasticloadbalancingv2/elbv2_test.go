package elasticloadbalancingv2_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// albApp builds the Alb stack. Parity: its template equals the one
// aws-cdk-lib 2.276.0 writes for the same program under default feature
// flags (checked with tplcmp.py against an oracle app: an internet-facing
// ALB with an HTTP listener forwarding to IP targets with health check,
// deregistration delay and cookie stickiness, an HTTPS listener with two
// certificates, addRedirect, and an internal ALB with deletion protection,
// idle timeout, HTTP/2 off, a fixed response and a redirect).
func albApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Alb", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	web := lb.AddListener("Web", elbv2.ApplicationListenerProps{Port: 80})
	tg := web.AddTargets("Ips", elbv2.AddApplicationTargetsProps{
		Port:    8080,
		Targets: []elbv2.IApplicationLoadBalancerTarget{elbv2.NewIPTarget("10.0.1.10", 8080)},
		HealthCheck: &elbv2.HealthCheck{Path: "/health", Interval: 30 * time.Second, Timeout: 5 * time.Second,
			HealthyHTTPCodes: "200", HealthyThresholdCount: 3},
		DeregistrationDelay:      new(10 * time.Second),
		StickinessCookieDuration: time.Hour,
	})
	lb.AddListener("Secure", elbv2.ApplicationListenerProps{
		Protocol: elbv2.ProtocolHTTPS,
		Certificates: []elbv2.IListenerCertificate{
			elbv2.ListenerCertificateFromARN("arn:aws:acm:us-east-1:123456789012:certificate/one"),
			elbv2.ListenerCertificateFromARN("arn:aws:acm:us-east-1:123456789012:certificate/two"),
		},
		DefaultTargetGroups: []elbv2.IApplicationTargetGroup{tg},
	})
	lb.AddRedirect(elbv2.RedirectProps{SourcePort: 8000, TargetPort: 443})
	internal := elbv2.NewApplicationLoadBalancer(stack, "Internal", elbv2.ApplicationLoadBalancerProps{
		Vpc: vpc, DeletionProtection: true, IdleTimeout: 120 * time.Second, HTTP2Enabled: new(false), LoadBalancerName: "private-lb",
	})
	internal.AddListener("Fixed", elbv2.ApplicationListenerProps{Port: 8080, Open: new(false),
		DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{ContentType: "text/plain", MessageBody: "nope"})})
	internal.AddListener("Moved", elbv2.ApplicationListenerProps{Port: 8443, Protocol: elbv2.ProtocolHTTP,
		DefaultAction: elbv2.RedirectAction(elbv2.RedirectOptions{Host: "example.com", Path: "/new", Protocol: "HTTPS", Port: "443"})})
	return app
}

func TestAlbGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/alb", albApp)
}

func TestBadProps(t *testing.T) {
	tests := []struct {
		name  string
		build func(s *constructs.Stack, vpc *ec2.Vpc)
		want  []string
	}{
		{"certificate on HTTP", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80, CertificateARNs: []string{"arn:aws:acm:us-east-1:1:certificate/x"},
				DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		}, []string{"S/LB/L", "certificates require protocol HTTPS"}},
		{"HTTPS without certificate", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			lb.AddListener("L", elbv2.ApplicationListenerProps{Protocol: elbv2.ProtocolHTTPS, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		}, []string{"S/LB/L", "HTTPS listener needs at least one certificate"}},
		{"no default action", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80})
		}, []string{"S/LB/L", "no default action", "AddTargets"}},
		{"unknown port", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 1234, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		}, []string{"S/LB/L", "no default protocol for port 1234"}},
		{"bad name", func(s *constructs.Stack, vpc *ec2.Vpc) {
			elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, LoadBalancerName: "internal-x"})
		}, []string{"S/LB", `LoadBalancerName "internal-x" is invalid`}},
		{"no vpc", func(s *constructs.Stack, vpc *ec2.Vpc) {
			elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{})
		}, []string{"S/LB", "Vpc is required"}},
		{"health check timing", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			l := lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80})
			l.AddTargets("T", elbv2.AddApplicationTargetsProps{Port: 80, HealthCheck: &elbv2.HealthCheck{Interval: 5 * time.Second, Timeout: 10 * time.Second}})
		}, []string{"S/LB/L/TGroup", "interval 5s must be greater than the timeout 10s"}},
		{"bad fixed response", func(s *constructs.Stack, vpc *ec2.Vpc) {
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80, DefaultAction: elbv2.FixedResponseAction(302, elbv2.FixedResponseOptions{})})
		}, []string{"S/LB/L", "302 must be 2XX, 4XX or 5XX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := constructs.NewApp()
			s := constructs.NewStack(app, "S", constructs.StackProps{})
			tt.build(s, ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2}))
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestCfnLint lints every golden template of this package in one cfn-lint
// process; it skips, loudly, when cfn-lint is not installed.
func TestCfnLint(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.template.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden templates: %v", err)
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIP: cfn-lint is not installed; golden templates NOT linted (pip install cfn-lint==1.51.0)")
	}
	out, err := exec.Command(bin, append([]string{"--non-zero-exit-code", "error"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint reports errors:\n%s", out)
	} else if len(out) > 0 {
		t.Logf("cfn-lint:\n%s", out)
	}
}
