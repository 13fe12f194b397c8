package deploy

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/forma-iac/forma/internal/cfnfake"
)

// The roles of an AWS CDK assembly's stack, as its manifest names them.
const (
	cdkDeployRole = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}"
	cdkExecRole   = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}"

	deployRole = "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-deploy-role-" + cfnfake.Account + "-" + cfnfake.Region
	execRole   = "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-cfn-exec-role-" + cfnfake.Account + "-" + cfnfake.Region
)

// withRoles gives d an STS role assumer whose clients talk to the double.
func withRoles(f *cfnfake.Fake, d *Deployer) *Deployer {
	d.Roles = &STSRoles{Config: awsConfig(f.URL), Clients: func(cfg aws.Config) Clients {
		return Clients{CFN: cloudformation.NewFromConfig(cfg), S3: &S3Uploader{Config: cfg, Endpoint: f.URL}, SSM: &SSMReader{Config: cfg}}
	}}
	return d
}

func cdkRoleStack(t *testing.T, name string) *Stack {
	st := stackOf(name, tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}))
	st.AssumeRoleARN, st.ExecutionRoleARN = cdkDeployRole, cdkExecRole
	return st
}

// requestsOf returns the recorded requests of action.
func requestsOf(f *cfnfake.Fake, action string) []cfnfake.Request {
	var out []cfnfake.Request
	for _, r := range f.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "aws", "eu-west-3": "aws", "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn", "us-gov-west-1": "aws-us-gov"} {
		if got := Partition(region); got != want {
			t.Errorf("Partition(%q) = %q, want %q", region, got, want)
		}
	}
	if got, want := substituteRole(cdkDeployRole, "111111111111", "cn-north-1"), "arn:aws-cn:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-cn-north-1"; got != want {
		t.Errorf("substituteRole = %q, want %q", got, want)
	}
}

// An environment-agnostic CDK stack: the caller's account fills the roles,
// the deploy role is assumed once for both stacks, every CloudFormation call
// is signed with its credentials, and the change set carries the execution
// role.
func TestDeployRoleAssumed(t *testing.T) {
	f, d, _ := newFake(t)
	withRoles(f, d)
	a, b := cdkRoleStack(t, "A"), cdkRoleStack(t, "B")
	if _, err := d.Deploy(context.Background(), []*Stack{a, b}, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := len(requestsOf(f, "STS:GetCallerIdentity")); got != 1 {
		t.Errorf("%d GetCallerIdentity calls, want 1", got)
	}
	var assumed []string
	for _, r := range requestsOf(f, "STS:AssumeRole") {
		assumed = append(assumed, r.RoleARN)
	}
	if diff := cmp.Diff([]string{deployRole}, assumed); diff != "" {
		t.Errorf("AssumeRole calls (-want +got):\n%s", diff)
	}
	key := cfnfake.AssumedRoleKey(deployRole)
	for _, r := range f.Requests() {
		if !strings.Contains(r.Action, ":") && r.AccessKey != key {
			t.Errorf("%s signed by %q, want the deploy role's key %q", r.Action, r.AccessKey, key)
		}
	}
	for _, r := range requestsOf(f, "CreateChangeSet") {
		if r.RoleARN != execRole {
			t.Errorf("CreateChangeSet RoleARN %q, want %q", r.RoleARN, execRole)
		}
	}
	if s, _ := f.Stack("A"); s.RoleARN != execRole || s.Status != "CREATE_COMPLETE" {
		t.Errorf("stack A: %s with role %q, want CREATE_COMPLETE with %q", s.Status, s.RoleARN, execRole)
	}

	// Destroy assumes the role again (a new deployment) and deletes with
	// the execution role.
	f.ResetCalls()
	if err := withRoles(f, clone(d)).Destroy(context.Background(), []*Stack{a}, DestroyOptions{}); err != nil {
		t.Fatal(err)
	}
	del := requestsOf(f, "DeleteStack")
	if len(del) != 1 || del[0].RoleARN != execRole || del[0].AccessKey != key {
		t.Errorf("DeleteStack requests %+v, want one with RoleARN %q signed by %q", del, execRole, key)
	}
}

// A stack with an account of its own does not ask STS who the caller is.
func TestDeployRoleOfStackAccount(t *testing.T) {
	f, d, _ := newFake(t)
	withRoles(f, d)
	st := cdkRoleStack(t, "A")
	st.Account, st.Region = "111111111111", "us-gov-west-1"
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := len(requestsOf(f, "STS:GetCallerIdentity")); n != 0 {
		t.Errorf("%d GetCallerIdentity calls for a stack with an account, want 0", n)
	}
	want := "arn:aws-us-gov:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-us-gov-west-1"
	if as := requestsOf(f, "STS:AssumeRole"); len(as) != 1 || as[0].RoleARN != want {
		t.Errorf("AssumeRole requests %+v, want one of %s", as, want)
	}
}

// A refused AssumeRole warns once and deploys with the current
// credentials, still passing the execution role.
func TestDeployRoleDenied(t *testing.T) {
	f, d, out := newFake(t)
	withRoles(f, d)
	f.DenyAssumeRole(deployRole)
	if _, err := d.Deploy(context.Background(), []*Stack{cdkRoleStack(t, "A"), cdkRoleStack(t, "B")}, Options{}); err != nil {
		t.Fatal(err)
	}
	warning := "Could not assume role " + deployRole
	if n := strings.Count(out.String(), warning); n != 1 || !strings.Contains(out.String(), "; proceeding with current credentials") {
		t.Errorf("output has the warning %d times, want once:\n%s", n, out)
	}
	if n := len(requestsOf(f, "STS:AssumeRole")); n != 1 {
		t.Errorf("%d AssumeRole calls, want 1", n)
	}
	for _, r := range requestsOf(f, "CreateChangeSet") {
		if r.AccessKey != "testing" || r.RoleARN != execRole {
			t.Errorf("CreateChangeSet signed by %q with RoleARN %q, want the current key %q and %q", r.AccessKey, r.RoleARN, "testing", execRole)
		}
	}
	if s, ok := f.Stack("B"); !ok || s.Status != "CREATE_COMPLETE" {
		t.Errorf("stack B: %+v, want CREATE_COMPLETE", s)
	}
}

// --role-arn wins over the execution role; the deploy role is still
// assumed.
func TestRoleARNOptionWins(t *testing.T) {
	f, d, _ := newFake(t)
	withRoles(f, d)
	mine := "arn:aws:iam::" + cfnfake.Account + ":role/mine"
	if _, err := d.Deploy(context.Background(), []*Stack{cdkRoleStack(t, "A")}, Options{RoleARN: mine}); err != nil {
		t.Fatal(err)
	}
	cs := requestsOf(f, "CreateChangeSet")
	if len(cs) != 1 || cs[0].RoleARN != mine || cs[0].AccessKey != cfnfake.AssumedRoleKey(deployRole) {
		t.Errorf("CreateChangeSet requests %+v, want RoleARN %s signed by the deploy role", cs, mine)
	}
	if s, _ := f.Stack("A"); s.RoleARN != mine {
		t.Errorf("stack role %q, want %q", s.RoleARN, mine)
	}
	direct := cdkRoleStack(t, "D")
	if _, err := d.Deploy(context.Background(), []*Stack{direct}, Options{RoleARN: mine, Method: MethodDirect}); err != nil {
		t.Fatal(err)
	}
	if c := requestsOf(f, "CreateStack"); len(c) != 1 || c[0].RoleARN != mine {
		t.Errorf("CreateStack requests %+v, want RoleARN %s", c, mine)
	}
}

// forma's own stacks name no roles: no STS call, and a no-change deploy
// still makes DescribeStacks and GetTemplate only.
func TestNoRolesNoSTS(t *testing.T) {
	f, d, _ := newFake(t)
	withRoles(f, d)
	st := stackOf("Plain", tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(f.Calls(), func(c string) bool { return strings.HasPrefix(c, "STS:") }) {
		t.Errorf("calls %v: STS was called for a stack that names no role", f.Calls())
	}
	for _, r := range requestsOf(f, "CreateChangeSet") {
		if r.RoleARN != "" {
			t.Errorf("CreateChangeSet RoleARN %q, want none", r.RoleARN)
		}
	}
	f.ResetCalls()
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"DescribeStacks", "GetTemplate"}, f.Calls()); diff != "" {
		t.Errorf("no-change deploy calls (-want +got):\n%s", diff)
	}
}

// A per-stack deployer keeps every field of its deployer but the clients
// and the role it replaces: a field added to Deployer is never dropped.
func TestForStackKeepsEveryField(t *testing.T) {
	_, d, _ := newFake(t)
	d.SSM = &SSMReader{}
	d.Roles = &STSRoles{}
	d.Throttles = &atomic.Int64{}
	d.Registry = func(context.Context, string) (authn.Authenticator, string, error) { return nil, "", nil }
	v := reflect.ValueOf(d).Elem()
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.IsExported() && v.Field(i).IsZero() {
			t.Fatalf("set Deployer.%s in this test: every exported field must be non-zero", f.Name)
		}
	}
	sd, err := d.forStack(context.Background(), stackOf("S", nil), "arn:aws:iam::123456789012:role/exec")
	if err != nil {
		t.Fatal(err)
	}
	sv := reflect.ValueOf(sd).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		a, b := v.Field(i), sv.Field(i)
		same := a.Kind() == reflect.Func && a.Pointer() == b.Pointer() || a.Kind() != reflect.Func && reflect.DeepEqual(a.Interface(), b.Interface())
		if !same {
			t.Errorf("forStack changed Deployer.%s", f.Name)
		}
	}
	if sd.role != "arn:aws:iam::123456789012:role/exec" || sd.shared != d.shared {
		t.Errorf("per-stack deployer: role %q, shared state shared %v", sd.role, sd.shared == d.shared)
	}
}
