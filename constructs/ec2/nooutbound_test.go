package ec2_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/synth"
)

// TestClosedGroupEgress checks the AWS CDK's handling of the "Disallow all
// traffic" placeholder of a group with AllowAllOutbound false: the first
// IPv4 egress rule removes it, inline or separate; an IPv6 rule keeps it.
func TestClosedGroupEgress(t *testing.T) {
	for _, tc := range []struct {
		name          string
		disableInline bool
		context       bool // disable inline rules through the context key
		peer          ec2.IPeer
		placeholder   bool // the placeholder remains
	}{
		{"inline ipv4", false, false, ec2.IPv4("10.0.0.0/16"), false},
		{"inline ipv6", false, false, ec2.IPv6("2001:db8::/32"), true},
		{"separate ipv4", true, false, ec2.IPv4("10.0.0.0/16"), false},
		{"separate ipv6", true, false, ec2.IPv6("2001:db8::/32"), true},
		{"context ipv4", false, true, ec2.IPv4("10.0.0.0/16"), false},
		{"no egress", true, false, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ctx map[string]any
			if tc.context {
				ctx = map[string]any{constructs.FlagSecurityGroupDisableInlineRules: true}
			}
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: ctx})
			stack := constructs.NewStack(app, "Net", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Isolated", SubnetType: ec2.SubnetPrivateIsolated}}})
			sg := ec2.NewSecurityGroup(stack, "Sg", ec2.SecurityGroupProps{Vpc: vpc, AllowAllOutbound: new(false), DisableInlineRules: tc.disableInline})
			if tc.peer != nil {
				sg.AddEgressRule(tc.peer, ec2.TCP(443), "https")
			}
			asm, err := synth.Synthesize(app)
			if err != nil {
				t.Fatal(err)
			}
			files, err := asm.Files(false)
			if err != nil {
				t.Fatal(err)
			}
			var tpl struct {
				Resources map[string]struct {
					Type       string
					Properties map[string]any
				}
			}
			if err := json.Unmarshal(files["Net.template.json"], &tpl); err != nil {
				t.Fatal(err)
			}
			placeholders, rules := 0, 0
			count := func(r map[string]any) {
				if r["CidrIp"] == "255.255.255.255/32" {
					placeholders++
				} else {
					rules++
				}
			}
			for _, r := range tpl.Resources {
				switch r.Type {
				case "AWS::EC2::SecurityGroupEgress":
					count(r.Properties)
				case "AWS::EC2::SecurityGroup":
					if l, ok := r.Properties["SecurityGroupEgress"].([]any); ok {
						for _, x := range l {
							count(x.(map[string]any))
						}
					}
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.placeholder]; placeholders != want {
				t.Errorf("%d placeholder rules, want %d", placeholders, want)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.peer != nil]; rules != want {
				t.Errorf("%d egress rules, want %d", rules, want)
			}
		})
	}
}

// TestAllowAllIPv6Outbound checks the "Allow all outbound ipv6 traffic by
// default" rule, inline and separate, and that an IPv6 egress rule is then
// ignored with a warning.
func TestAllowAllIPv6Outbound(t *testing.T) {
	for _, disableInline := range []bool{false, true} {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		stack := constructs.NewStack(app, "Net", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Isolated", SubnetType: ec2.SubnetPrivateIsolated}}})
		sg := ec2.NewSecurityGroup(stack, "Sg", ec2.SecurityGroupProps{Vpc: vpc, AllowAllIPv6Outbound: true, DisableInlineRules: disableInline})
		sg.AddEgressRule(ec2.IPv6("2001:db8::/32"), ec2.TCP(443), "ignored")
		asm, err := synth.Synthesize(app)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := asm.Files(false)
		tpl := string(files["Net.template.json"])
		if !strings.Contains(tpl, "Allow all outbound ipv6 traffic by default") || strings.Contains(tpl, "ignored") {
			t.Errorf("disableInline=%v: want the all-IPv6 rule and not the ignored one:\n%s", disableInline, tpl)
		}
		if len(asm.Warnings) != 1 || !strings.Contains(asm.Warnings[0], "allowAllIpv6Outbound") {
			t.Errorf("disableInline=%v: warnings %q; want the ignored-rule warning", disableInline, asm.Warnings)
		}
	}
}
