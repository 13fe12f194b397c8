package bootstrap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth/template"
)

// CDKTemplateEnv names the AWS CDK's bootstrap-template.yaml for
// TestMatchesCDK.
const CDKTemplateEnv = "FORMA_CDK_BOOTSTRAP_TEMPLATE"

const goldenPath = "testdata/CDKToolkit.template.json"

func mustTemplate(t *testing.T) map[string]any {
	t.Helper()
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("the template is not JSON: %v", err)
	}
	return m
}

// TestGolden compares the template with the reviewed golden file; -update
// rewrites it.
func TestGolden(t *testing.T) {
	got, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Template()
	if !bytes.Equal(got, again) {
		t.Fatal("Template is not deterministic: two calls differ")
	}
	golden.Check(t, goldenPath, append(got, '\n'))
}

// TestNamesAndVersion checks what other tools rely on: role, bucket,
// repository and parameter names, the version in both the SSM parameter
// and the BootstrapVersion output, and the outputs the CDK's CLI reads.
func TestNamesAndVersion(t *testing.T) {
	m := mustTemplate(t)
	res := m["Resources"].(map[string]any)
	prop := func(id, p string) any {
		r, ok := res[id].(map[string]any)
		if !ok {
			t.Fatalf("no resource %s", id)
		}
		return r["Properties"].(map[string]any)[p]
	}
	sub := func(s string) any { return map[string]any{"Fn::Sub": s} }
	for id, kind := range map[string]string{
		"DeploymentActionRole": "deploy", "FilePublishingRole": "file-publishing", "ImagePublishingRole": "image-publishing",
		"LookupRole": "lookup", "CloudFormationExecutionRole": "cfn-exec",
	} {
		if d := cmp.Diff(sub("cdk-${Qualifier}-"+kind+"-role-${AWS::AccountId}-${AWS::Region}"), prop(id, "RoleName")); d != "" {
			t.Errorf("%s RoleName (-want +got):\n%s", id, d)
		}
	}
	if d := cmp.Diff(sub("/cdk-bootstrap/${Qualifier}/version"), prop("CdkBootstrapVersion", "Name")); d != "" {
		t.Errorf("version parameter name (-want +got):\n%s", d)
	}
	if got := prop("CdkBootstrapVersion", "Value"); got != strconv.Itoa(Version) {
		t.Errorf("version parameter value %v, want %d", got, Version)
	}
	outs := m["Outputs"].(map[string]any)
	for _, o := range []string{OutputBucketName, OutputBucketDomainName, OutputImageRepositoryName, OutputBootstrapVersion, "FileAssetKeyArn"} {
		if _, ok := outs[o]; !ok {
			t.Errorf("no output %s", o)
		}
	}
	if v := outs[OutputBootstrapVersion].(map[string]any)["Value"]; v != strconv.Itoa(Version) {
		t.Errorf("BootstrapVersion output %v, want %d", v, Version)
	}
	params := m["Parameters"].(map[string]any)
	if d := params[ParamQualifier].(map[string]any)["Default"]; d != Qualifier {
		t.Errorf("Qualifier default %v", d)
	}
	if d := params[ParamBootstrapVariant].(map[string]any)["Default"]; d != Variant {
		t.Errorf("BootstrapVariant default %v", d)
	}
	if VersionParameter != "/cdk-bootstrap/hnb659fds/version" {
		t.Errorf("VersionParameter = %s", VersionParameter)
	}
}

// lintAllowed are the cfn-lint warnings the template keeps on purpose; the
// AWS CDK's template draws the same two.
var lintAllowed = map[string]string{
	// The CDK's CLI reads the parameter from the deployed stack; the
	// template itself has no use for it.
	"W2001 Parameters/BootstrapVariant": "",
	// AccessControl Private is S3's default; the CDK's template sets it
	// and forma's keeps it so that neither tool's update changes the
	// bucket.
	"W3045 Resources/StagingBucket/Properties/AccessControl": "",
}

// TestCfnLint lints the golden template in one cfn-lint process: errors
// fail, and so do warnings outside lintAllowed. Without cfn-lint it skips
// loudly, and fails when CI=true.
func TestCfnLint(t *testing.T) {
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		msg := "cfn-lint is not installed; the bootstrap template is NOT linted (pip install cfn-lint==1.51.0)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("SKIP: " + msg)
	}
	out, err := exec.Command(bin, "-f", "json", "-i", "I", "--", goldenPath).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode()&^(2|4|8) != 0 {
			t.Fatalf("cfn-lint: %v\n%s", err, out)
		}
	}
	var findings []struct {
		Level   string
		Message string
		Rule    struct {
			ID string `json:"Id"`
		}
		Location struct{ Path []any }
	}
	if err := json.Unmarshal(out, &findings); err != nil {
		t.Fatalf("cfn-lint output: %v\n%s", err, out)
	}
	for _, f := range findings {
		parts := make([]string, len(f.Location.Path))
		for i, p := range f.Location.Path {
			parts[i] = fmt.Sprint(p)
		}
		key := f.Rule.ID + " " + strings.Join(parts, "/")
		if _, ok := lintAllowed[key]; ok && f.Level == "Warning" {
			continue
		}
		t.Errorf("cfn-lint %s %s: %s", f.Level, key, f.Message)
	}
}

// TestMatchesCDK compares the template with the AWS CDK's
// bootstrap-template.yaml named by $FORMA_CDK_BOOTSTRAP_TEMPLATE: the same
// parameters with the same defaults, the same conditions, the same
// resources (logical IDs, types, conditions, deletion policies and
// properties) and outputs. Fn::Sub, Fn::Join, Ref and Fn::GetAtt are
// compared by meaning, since forma writes typed references where the CDK
// writes ${…} substitutions. Descriptions are not compared.
func TestMatchesCDK(t *testing.T) {
	path := os.Getenv(CDKTemplateEnv)
	if path == "" {
		t.Skipf("SKIP: set %s to the AWS CDK's bootstrap-template.yaml (in node_modules/aws-cdk/lib/api/bootstrap/) to compare with it", CDKTemplateEnv)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cdk, err := template.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	ours := mustTemplate(t)

	if d := cmp.Diff(normalize(cdk["Conditions"]), normalize(ours["Conditions"])); d != "" {
		t.Errorf("Conditions (-cdk +forma):\n%s", d)
	}
	if d := cmp.Diff(paramShape(cdk), paramShape(ours)); d != "" {
		t.Errorf("Parameters (-cdk +forma):\n%s", d)
	}
	cdkRes, ourRes := cdk["Resources"].(map[string]any), ours["Resources"].(map[string]any)
	if d := cmp.Diff(slices.Sorted(maps.Keys(cdkRes)), slices.Sorted(maps.Keys(ourRes))); d != "" {
		t.Fatalf("resource logical IDs (-cdk +forma):\n%s", d)
	}
	for _, id := range slices.Sorted(maps.Keys(cdkRes)) {
		c, o := resourceShape(cdkRes[id]), resourceShape(ourRes[id])
		if d := cmp.Diff(c, o); d != "" {
			t.Errorf("resource %s (-cdk +forma):\n%s", id, d)
		}
	}
	cdkOut, ourOut := cdk["Outputs"].(map[string]any), ours["Outputs"].(map[string]any)
	if d := cmp.Diff(slices.Sorted(maps.Keys(cdkOut)), slices.Sorted(maps.Keys(ourOut))); d != "" {
		t.Errorf("output names (-cdk +forma):\n%s", d)
	}
	for _, k := range slices.Sorted(maps.Keys(cdkOut)) {
		c, o := cdkOut[k].(map[string]any), ourOut[k].(map[string]any)
		delete(c, "Description")
		delete(o, "Description")
		if d := cmp.Diff(normalize(c), normalize(o)); d != "" {
			t.Errorf("output %s (-cdk +forma):\n%s", k, d)
		}
	}
}

// paramShape is each parameter without its description.
func paramShape(tmpl map[string]any) any {
	out := map[string]any{}
	for k, v := range tmpl["Parameters"].(map[string]any) {
		p := map[string]any{}
		for pk, pv := range v.(map[string]any) {
			if pk != "Description" {
				p[pk] = pv
			}
		}
		out[k] = p
	}
	return normalize(out)
}

func resourceShape(v any) any { return normalize(v) }

var subVar = regexp.MustCompile(`\$\{([^}!]+)\}`)

// normalize rewrites intrinsics to one canonical form: a string-valued
// Fn::Sub, Fn::Join with "" delimiter, Ref or Fn::GetAtt becomes
// {"concat": [parts…]} where each part is a literal or {"Ref": x} or
// {"GetAtt": "x.attr"}; adjacent literals merge. Numbers and booleans
// become their strings, as CloudFormation reads them.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			if parts, ok := concatParts(v); ok {
				return map[string]any{"concat": parts}
			}
		}
		out := map[string]any{}
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return v
}

func concatParts(m map[string]any) ([]any, bool) {
	var parts []any
	add := func(p any) {
		if s, ok := p.(string); ok && len(parts) > 0 {
			if prev, ok := parts[len(parts)-1].(string); ok {
				parts[len(parts)-1] = prev + s
				return
			}
		}
		if s, ok := p.(string); ok && s == "" {
			return
		}
		parts = append(parts, p)
	}
	ref := func(name string) any {
		if id, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			return map[string]any{"GetAtt": id + "." + attr}
		}
		return map[string]any{"Ref": name}
	}
	switch {
	case m["Ref"] != nil:
		name, ok := m["Ref"].(string)
		if !ok {
			return nil, false
		}
		// A Ref to a list parameter stays a Ref: it is not a string.
		return []any{map[string]any{"Ref": name}}, true
	case m["Fn::GetAtt"] != nil:
		l, ok := m["Fn::GetAtt"].([]any)
		if !ok || len(l) != 2 {
			return nil, false
		}
		return []any{map[string]any{"GetAtt": fmt.Sprint(l[0]) + "." + fmt.Sprint(l[1])}}, true
	case m["Fn::Sub"] != nil:
		body, ok := m["Fn::Sub"].(string)
		if !ok {
			return nil, false
		}
		last := 0
		for _, loc := range subVar.FindAllStringSubmatchIndex(body, -1) {
			add(body[last:loc[0]])
			add(ref(body[loc[2]:loc[3]]))
			last = loc[1]
		}
		add(body[last:])
		return parts, true
	case m["Fn::Join"] != nil:
		l, ok := m["Fn::Join"].([]any)
		if !ok || len(l) != 2 || l[0] != "" {
			return nil, false
		}
		items, ok := l[1].([]any)
		if !ok {
			return nil, false
		}
		for _, it := range items {
			n := normalize(it)
			if c, ok := n.(map[string]any); ok && c["concat"] != nil {
				for _, p := range c["concat"].([]any) {
					add(p)
				}
				continue
			}
			add(n)
		}
		return parts, true
	}
	return nil, false
}
