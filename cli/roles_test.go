package cli

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/cfnfake"
)

// The roles of an AWS CDK assembly's stack, as cdk synth writes them, and
// as they resolve for the double's account and region.
const (
	cdkDeployRole = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}"
	cdkExecRole   = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}"
	cdkLookupRole = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-lookup-role-${AWS::AccountId}-${AWS::Region}"
	lookupRole    = "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-lookup-role-" + cfnfake.Account + "-" + cfnfake.Region
	deployRole    = "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-deploy-role-" + cfnfake.Account + "-" + cfnfake.Region
	execRole      = "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-cfn-exec-role-" + cfnfake.Account + "-" + cfnfake.Region
)

// cdkAssembly writes a cloud assembly shaped like the AWS CDK's: one
// environment-agnostic stack whose manifest names the deploy role and the
// CloudFormation execution role.
func cdkAssembly(t *testing.T) string { return cdkAssemblyWith(t, nil) }

// cdkAssemblyWith is cdkAssembly with more stack properties.
func cdkAssemblyWith(t *testing.T, more map[string]any) string {
	dir := t.TempDir()
	props := map[string]any{
		"templateFile":                   "CdkApp.template.json",
		"assumeRoleArn":                  cdkDeployRole,
		"cloudFormationExecutionRoleArn": cdkExecRole,
	}
	maps.Copy(props, more)
	manifest := map[string]any{
		"version": "48.0.0",
		"artifacts": map[string]any{
			"CdkApp": map[string]any{
				"type":        "aws:cloudformation:stack",
				"environment": "aws://unknown-account/unknown-region",
				"properties":  props,
				"displayName": "CdkApp",
			},
		},
	}
	tmpl := `{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}`
	data, _ := json.MarshalIndent(manifest, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "CdkApp.template.json"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func requestsOf(f *cfnfake.Fake, action string) []cfnfake.Request {
	var out []cfnfake.Request
	for _, r := range f.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// deploy and destroy of a CDK assembly assume its deploy role through STS
// (reached through AWS_ENDPOINT_URL) and pass its execution role, unless
// --role-arn names another.
func TestCDKAssemblyRoles(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	dir := cdkAssembly(t)

	r := run(nil, "deploy", "--app", dir, "--require-approval", "never", "--progress", "events").ok(t)
	if n := len(requestsOf(f, "STS:GetCallerIdentity")); n != 1 {
		t.Errorf("%d GetCallerIdentity calls, want 1 (the stack is environment-agnostic)", n)
	}
	if as := requestsOf(f, "STS:AssumeRole"); len(as) != 1 || as[0].RoleARN != deployRole {
		t.Errorf("AssumeRole requests %+v, want one of %s", as, deployRole)
	}
	key := cfnfake.AssumedRoleKey(deployRole)
	if cs := requestsOf(f, "CreateChangeSet"); len(cs) != 1 || cs[0].RoleARN != execRole || cs[0].AccessKey != key {
		t.Errorf("CreateChangeSet requests %+v, want RoleARN %s signed by %s\n%s", cs, execRole, key, r.stdout)
	}
	if s, ok := f.Stack("CdkApp"); !ok || s.Status != "CREATE_COMPLETE" || s.RoleARN != execRole {
		t.Errorf("CdkApp: %+v, want CREATE_COMPLETE with role %s", s, execRole)
	}

	f.ResetCalls()
	mine := "arn:aws:iam::" + cfnfake.Account + ":role/mine"
	run(nil, "destroy", "--app", dir, "--force", "--role-arn", mine, "--progress", "events").ok(t)
	if del := requestsOf(f, "DeleteStack"); len(del) != 1 || del[0].RoleARN != mine || del[0].AccessKey != key {
		t.Errorf("DeleteStack requests %+v, want RoleARN %s (--role-arn) signed by %s", del, mine, key)
	}
	if _, ok := f.Stack("CdkApp"); ok {
		t.Error("CdkApp still exists")
	}
}

// A refused deploy role: one warning, and the deployment goes on with the
// current credentials.
func TestCDKAssemblyRoleDenied(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	f.DenyAssumeRole("")
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")

	r := run(nil, "deploy", "--app", cdkAssembly(t), "--require-approval", "never", "--progress", "events").ok(t)
	if !strings.Contains(r.stdout, "Could not assume role "+deployRole) || !strings.Contains(r.stdout, "proceeding with current credentials") {
		t.Errorf("no warning about the deploy role:\n%s", r.stdout)
	}
	if cs := requestsOf(f, "CreateChangeSet"); len(cs) != 1 || cs[0].AccessKey != "testing" || cs[0].RoleARN != execRole {
		t.Errorf("CreateChangeSet requests %+v, want RoleARN %s signed by the current key", cs, execRole)
	}
	if s, ok := f.Stack("CdkApp"); !ok || s.Status != "CREATE_COMPLETE" {
		t.Errorf("CdkApp: %+v, want CREATE_COMPLETE", s)
	}
}

// diff reads a CDK assembly's deployed template as cdk diff does: with the
// lookup role once the bootstrap version its SSM parameter holds is new
// enough; with the current credentials when the role is refused; as deploy
// does (the deploy role) when the version is too old. Each fallback is a
// warning on stderr, and diff's answer is the same.
func TestDiffLookupRole(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	const param = "/cdk-bootstrap/hnb659fds/version"
	dir := cdkAssemblyWith(t, map[string]any{"lookupRole": map[string]any{
		"arn": cdkLookupRole, "requiresBootstrapStackVersion": 8, "bootstrapStackVersionSsmParameter": param,
	}})
	run(nil, "deploy", "--app", dir, "--require-approval", "never", "--progress", "events").ok(t)

	for _, c := range []struct {
		name    string
		setup   func()
		signer  string // the access key of GetTemplate
		warning string
	}{
		{"lookup role", func() { f.PutParameter(param, "30") }, cfnfake.AssumedRoleKey(lookupRole), ""},
		{"old bootstrap", func() { f.PutParameter(param, "7") }, cfnfake.AssumedRoleKey(deployRole),
			"the lookup role needs bootstrap version 8 or later, and the SSM parameter " + param + " holds version 7"},
		{"refused", func() { f.PutParameter(param, "30"); f.DenyAssumeRole(lookupRole) }, "testing",
			"Lookup role " + lookupRole + " was not assumed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.setup()
			f.ResetCalls()
			r := run(nil, "diff", "--app", dir, "--fail")
			if r.code != 0 {
				t.Fatalf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, "There were no differences") {
				t.Errorf("stdout:\n%s", r.stdout)
			}
			gets := requestsOf(f, "GetTemplate")
			if len(gets) != 1 || gets[0].AccessKey != c.signer {
				t.Errorf("GetTemplate requests %+v, want one signed by %s", gets, c.signer)
			}
			if c.warning == "" && r.stderr != "" || !strings.Contains(r.stderr, c.warning) {
				t.Errorf("stderr %q, want %q", r.stderr, c.warning)
			}
		})
	}
}

// A CDK assembly whose stack has a Dockerfile image is refused before any
// API call when the docker CLI is missing, naming the image, the
// alternative (ImageFromGoPackage) and how to go on; with
// --assets-published it deploys.
func TestDeployRefusesUnpublishedAssets(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	dir := cdkAssemblyWith(t, nil)
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(data, &m)
	arts := m["artifacts"].(map[string]any)
	arts["CdkApp"].(map[string]any)["dependencies"] = []string{"CdkApp.assets"}
	arts["CdkApp.assets"] = map[string]any{"type": "cdk:asset-manifest", "properties": map[string]any{"file": "CdkApp.assets.json"}}
	data, _ = json.Marshal(m)
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "CdkApp.assets.json"), []byte(`{"version": "55.0.0",
	  "files": {
	    "aaa": {"displayName": "CdkApp Template", "source": {"path": "CdkApp.template.json", "packaging": "file"}},
	    "bbb": {"displayName": "CdkApp/Handler/Code", "source": {"path": "asset.bbb", "packaging": "zip"}}},
	  "dockerImages": {"ccc": {"displayName": "CdkApp/Image", "source": {"directory": "asset.ccc"}}}}`), 0o644)

	t.Setenv("PATH", t.TempDir()) // no docker CLI
	r := run(nil, "deploy", "--app", dir, "--require-approval", "never", "--progress", "events")
	want := "CdkApp: Docker image \"CdkApp/Image\": its source is a Dockerfile and the docker CLI is not installed"
	if r.code == 0 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "ecs.ImageFromGoPackage") || !strings.Contains(r.stderr, "--assets-published") {
		t.Errorf("exit %d, stderr %q; want a refusal naming %s", r.code, r.stderr, want)
	}
	if calls := f.Calls(); len(calls) != 0 {
		t.Errorf("API calls before the refusal: %v", calls)
	}
	run(nil, "deploy", "--app", dir, "--require-approval", "never", "--progress", "events", "--assets-published").ok(t)
	if s, ok := f.Stack("CdkApp"); !ok || s.Status != "CREATE_COMPLETE" {
		t.Errorf("CdkApp: %+v, want CREATE_COMPLETE", s)
	}
}
