package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/forma-iac/forma/internal/bootstrap"
	"github.com/forma-iac/forma/internal/cfnfake"
	"github.com/forma-iac/forma/internal/deploy"
)

func bootstrapEnv(t *testing.T) *cfnfake.Fake {
	f := cfnfake.New()
	t.Cleanup(f.Close)
	awsEnv(t, f.URL, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	return f
}

// bootstrap deploys the toolkit stack with the AWS CDK's names and
// outputs; a second run changes nothing.
func TestBootstrapAgainstDouble(t *testing.T) {
	f := bootstrapEnv(t)
	r := run(nil, "bootstrap", "--progress", "events").ok(t)
	s, ok := f.Stack("CDKToolkit")
	if !ok || s.Status != "CREATE_COMPLETE" {
		t.Fatalf("CDKToolkit: %+v\n%s", s, r.stdout)
	}
	want := fmt.Sprintf("cdk-hnb659fds-assets-%s-%s", cfnfake.Account, cfnfake.Region)
	if s.Outputs["BucketName"] != want || s.Outputs["BootstrapVersion"] != fmt.Sprint(bootstrap.Version) {
		t.Errorf("outputs %v", s.Outputs)
	}
	for id, name := range map[string]string{
		"DeploymentActionRole":        "cdk-hnb659fds-deploy-role-",
		"FilePublishingRole":          "cdk-hnb659fds-file-publishing-role-",
		"ImagePublishingRole":         "cdk-hnb659fds-image-publishing-role-",
		"LookupRole":                  "cdk-hnb659fds-lookup-role-",
		"CloudFormationExecutionRole": "cdk-hnb659fds-cfn-exec-role-",
		"ContainerAssetsRepository":   "cdk-hnb659fds-container-assets-",
	} {
		if got, want := s.Resources[id], name+cfnfake.Account+"-"+cfnfake.Region; got != want {
			t.Errorf("%s is %q, want %q", id, got, want)
		}
	}
	if s.Resources["CdkBootstrapVersion"] != bootstrap.VersionParameter {
		t.Errorf("version parameter %q", s.Resources["CdkBootstrapVersion"])
	}
	if !strings.Contains(r.stdout, "CDKToolkit.BucketName = "+want) {
		t.Errorf("outputs not printed:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "AdministratorAccess") {
		t.Errorf("the default execution policy is not announced:\n%s", r.stdout)
	}
	f.ResetCalls()
	run(nil, "bootstrap", "--progress", "events").ok(t)
	for _, c := range f.Calls() {
		if c == "CreateChangeSet" || c == "ExecuteChangeSet" {
			t.Errorf("the second bootstrap changed the stack: %v", f.Calls())
			break
		}
	}
}

// --show-template prints the template and calls nothing.
func TestBootstrapShowTemplate(t *testing.T) {
	r := run(nil, "bootstrap", "--show-template").ok(t)
	want, err := bootstrap.Template()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(r.stdout), append(want, '\n')) {
		t.Errorf("--show-template printed something else than bootstrap.Template:\n%.300s", r.stdout)
	}
}

// Trusted accounts need execution policies, as in cdk bootstrap; the two
// key flags exclude each other.
func TestBootstrapFlagErrors(t *testing.T) {
	bootstrapEnv(t)
	r := run(nil, "bootstrap", "--trust", "111111111111")
	if r.code == 0 || !strings.Contains(r.stderr, "--cloudformation-execution-policies") {
		t.Errorf("--trust alone: code %d, stderr %s", r.code, r.stderr)
	}
	r = run(nil, "bootstrap", "--bootstrap-customer-key", "--bootstrap-kms-key-id", "AWS_MANAGED_KEY")
	if r.code == 0 || !strings.Contains(r.stderr, "contradict") {
		t.Errorf("both key flags: code %d, stderr %s", r.code, r.stderr)
	}
}

// A toolkit stack of another variant or a newer version is left alone
// without --force, as cdk bootstrap leaves it.
func TestBootstrapKeepsOtherVariantAndNewerVersion(t *testing.T) {
	for _, c := range []struct{ variant, version, want string }{
		{"Custom", fmt.Sprint(bootstrap.Version), "Not overwriting it"},
		{bootstrap.Variant, "99", "Not downgrading it"},
	} {
		t.Run(c.want, func(t *testing.T) {
			f := bootstrapEnv(t)
			body := fmt.Sprintf(`{"Parameters":{"BootstrapVariant":{"Type":"String","Default":%q}},"Resources":{"B":{"Type":"AWS::S3::Bucket"}},"Outputs":{"BootstrapVersion":{"Value":%q}}}`, c.variant, c.version)
			cfg := aws.Config{Region: cfnfake.Region, BaseEndpoint: aws.String(f.URL),
				Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""), HTTPClient: deploy.HTTPClient(nil)}
			d := &deploy.Deployer{CFN: cloudformation.NewFromConfig(cfg), Region: cfnfake.Region, Out: io.Discard, Poll: time.Millisecond}
			if _, err := d.Deploy(context.Background(), []*deploy.Stack{{ID: "CDKToolkit", Name: "CDKToolkit", DisplayName: "CDKToolkit",
				Template: []byte(body), LogicalIDPaths: map[string]string{}}}, deploy.Options{}); err != nil {
				t.Fatal(err)
			}
			f.ResetCalls()
			r := run(nil, "bootstrap", "--progress", "events").ok(t)
			if !strings.Contains(r.stdout, c.want) {
				t.Errorf("stdout %q, want %q", r.stdout, c.want)
			}
			if slices.Contains(f.Calls(), "CreateChangeSet") {
				t.Errorf("the stack was changed: %v", f.Calls())
			}
			f.ResetCalls()
			run(nil, "bootstrap", "--force", "--progress", "events").ok(t)
			if !slices.Contains(f.Calls(), "ExecuteChangeSet") {
				t.Errorf("--force did not deploy: %v", f.Calls())
			}
		})
	}
}

// toolkitParams returns the parameters of the deployed toolkit stack.
func toolkitParams(t *testing.T, f *cfnfake.Fake) map[string]string {
	t.Helper()
	cfg := aws.Config{Region: cfnfake.Region, BaseEndpoint: aws.String(f.URL),
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""), HTTPClient: deploy.HTTPClient(nil)}
	out, err := cloudformation.NewFromConfig(cfg).DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String("CDKToolkit")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range out.Stacks[0].Parameters {
		got[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	return got
}

// --trust (repeatable), --trust-for-lookup and
// --cloudformation-execution-policies become the template's parameters, as
// cdk bootstrap passes them; a later run keeps them unless a flag changes
// them, and --untrust removes an account.
func TestBootstrapTrust(t *testing.T) {
	f := bootstrapEnv(t)
	r := run(nil, "bootstrap", "--progress", "events", "--trust", "111111111111", "--trust", "222222222222",
		"--trust-for-lookup", "333333333333", "--cloudformation-execution-policies", "arn:aws:iam::aws:policy/PowerUserAccess").ok(t)
	for _, want := range []string{"Trusted accounts for deployment: 111111111111, 222222222222\n", "Trusted accounts for lookup: 333333333333\n", "Execution policies: arn:aws:iam::aws:policy/PowerUserAccess\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	check := func(when string, want map[string]string) {
		t.Helper()
		got := toolkitParams(t, f)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: parameter %s = %q, want %q", when, k, got[k], v)
			}
		}
	}
	check("first run", map[string]string{"TrustedAccounts": "111111111111,222222222222", "TrustedAccountsForLookup": "333333333333", "CloudFormationExecutionPolicies": "arn:aws:iam::aws:policy/PowerUserAccess"})
	r = run(nil, "bootstrap", "--progress", "events").ok(t)
	if !strings.Contains(r.stdout, "Trusted accounts for deployment: 111111111111, 222222222222\n") {
		t.Errorf("a run without flags does not keep the trusted accounts:\n%s", r.stdout)
	}
	check("second run", map[string]string{"TrustedAccounts": "111111111111,222222222222", "CloudFormationExecutionPolicies": "arn:aws:iam::aws:policy/PowerUserAccess"})
	run(nil, "bootstrap", "--progress", "events", "--untrust", "222222222222", "--untrust", "333333333333").ok(t)
	check("after --untrust", map[string]string{"TrustedAccounts": "111111111111", "TrustedAccountsForLookup": "", "CloudFormationExecutionPolicies": "arn:aws:iam::aws:policy/PowerUserAccess"})

	for _, args := range [][]string{
		{"--trust", "12345", "--cloudformation-execution-policies", "arn:aws:iam::aws:policy/A"},
		{"--trust-for-lookup", "abc"},
		{"--trust", "111111111111", "--cloudformation-execution-policies", "AdministratorAccess"},
	} {
		r := run(nil, append([]string{"bootstrap"}, args...)...)
		if r.code == 0 || !(strings.Contains(r.stderr, "12 digits") || strings.Contains(r.stderr, "want the ARN of a managed policy")) {
			t.Errorf("bootstrap %v: code %d, stderr %s", args, r.code, r.stderr)
		}
	}
}
