package ec2_test

import (
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/synth"
)

// A Vpc in a stack with an explicit environment and no Availability Zones
// in the context reports the lookup in the manifest's "missing" section, as
// the AWS CDK does, so that the CDK CLI can look the zones up.
func TestMissingAvailabilityZonesReported(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	s := constructs.NewStack(app, "Net", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "us-east-1"}})
	ec2.NewVpc(s, "Vpc", ec2.VpcProps{})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(asm.Manifest.Missing) != 1 {
		t.Fatalf("missing = %v", asm.Manifest.Missing)
	}
	m := asm.Manifest.Missing[0].(constructs.MissingContext)
	if m.Key != "availability-zones:account=123456789012:region=us-east-1" || m.Provider != "availability-zones" {
		t.Errorf("missing = %+v", m)
	}
}
