package deploy

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/bootstrap"
	"github.com/forma-iac/forma/internal/cfnfake"
)

// cdkStack is a stack as an AWS CDK assembly describes it: it needs
// bootstrap version 6 and names the SSM parameter that holds the version.
func cdkStack(t *testing.T, name string) *Stack {
	st := stackOf(name, tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}))
	st.RequiresBootstrapVersion = 6
	st.BootstrapVersionParameter = bootstrap.VersionParameter
	return st
}

func withSSM(f *cfnfake.Fake, d *Deployer) *Deployer {
	d.SSM = &SSMReader{Config: awsConfig(f.URL)}
	return d
}

// A CDK assembly's stack is checked against the SSM parameter, which the
// toolkit stack forma bootstraps creates; without it the error says to
// bootstrap.
func TestBootstrapVersionFromSSM(t *testing.T) {
	f, d, _ := newFake(t)
	withSSM(f, d)
	_, err := d.Deploy(context.Background(), []*Stack{cdkStack(t, "App")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "SSM parameter /cdk-bootstrap/hnb659fds/version does not exist") ||
		!strings.Contains(err.Error(), "run 'bootstrap'") {
		t.Fatalf("before bootstrap: err = %v, want the missing parameter and to run bootstrap", err)
	}
	if _, ok := f.Stack("App"); ok {
		t.Fatal("the stack was created although the version check failed")
	}

	body, err := bootstrap.Template()
	if err != nil {
		t.Fatal(err)
	}
	toolkit := stackOf(ToolkitStackName, body)
	if _, err := d.Deploy(context.Background(), []*Stack{toolkit}, Options{}); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	s, _ := f.Stack(ToolkitStackName)
	if want := "cdk-hnb659fds-assets-" + cfnfake.Account + "-" + cfnfake.Region; s.Outputs["BucketName"] != want {
		t.Errorf("BucketName output %q, want %q", s.Outputs["BucketName"], want)
	}
	if got := s.Resources["CdkBootstrapVersion"]; got != bootstrap.VersionParameter {
		t.Errorf("the version parameter resource is %q, want %q", got, bootstrap.VersionParameter)
	}

	f.ResetCalls()
	d2 := withSSM(f, clone(d))
	if _, err := d2.Deploy(context.Background(), []*Stack{cdkStack(t, "App")}, Options{}); err != nil {
		t.Fatalf("after bootstrap: %v", err)
	}
	if calls := f.Calls(); !slices.Contains(calls, "SSM:GetParameter") {
		t.Errorf("calls %v: no SSM GetParameter", calls)
	}
}

// A parameter holding an older version stops the deployment and names the
// parameter, the version found and the fix.
func TestBootstrapVersionTooOld(t *testing.T) {
	f, d, _ := newFake(t)
	withSSM(f, d)
	f.PutParameter(bootstrap.VersionParameter, "3")
	_, err := d.Deploy(context.Background(), []*Stack{cdkStack(t, "App")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "holds version 3") || !strings.Contains(err.Error(), "run 'bootstrap' again") {
		t.Fatalf("err = %v, want version 3 found and to bootstrap again", err)
	}
	f.PutParameter("/other/version", "not a number")
	st := cdkStack(t, "Other")
	st.BootstrapVersionParameter = "/other/version"
	_, err = d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err == nil || !strings.Contains(err.Error(), `holds "not a number"`) {
		t.Fatalf("err = %v, want the parameter's value named", err)
	}
}

// A stack that names no parameter (forma's assemblies) is checked against
// the toolkit stack's BootstrapVersion output, and SSM is not asked.
func TestBootstrapVersionFromOutputs(t *testing.T) {
	f, d, _ := newFake(t)
	withSSM(f, d)
	toolkit := stackOf(ToolkitStackName, tmpl(t, map[string]any{
		"Resources": map[string]any{"StagingBucket": res("AWS::S3::Bucket", nil)},
		"Outputs":   map[string]any{"BucketName": map[string]any{"Value": map[string]any{"Ref": "StagingBucket"}}, "BootstrapVersion": map[string]any{"Value": "5"}},
	}))
	if _, err := d.Deploy(context.Background(), []*Stack{toolkit}, Options{}); err != nil {
		t.Fatal(err)
	}
	st := cdkStack(t, "App")
	st.BootstrapVersionParameter = ""
	d2 := withSSM(f, clone(d))
	_, err := d2.Deploy(context.Background(), []*Stack{st}, Options{})
	if err == nil || !strings.Contains(err.Error(), "CDKToolkit in us-east-1 is version 5") {
		t.Fatalf("err = %v, want the output's version 5", err)
	}
	if slices.Contains(f.Calls(), "SSM:GetParameter") {
		t.Error("SSM was asked for a stack that names no parameter")
	}
	st.RequiresBootstrapVersion = 5
	if _, err := clone(d).Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatalf("version 5 needed, 5 deployed: %v", err)
	}
}
