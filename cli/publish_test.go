package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
	"github.com/forma-iac/forma/internal/cfnfake"
)

// assetApp is an app whose stack Files has n directory assets.
func assetApp(t *testing.T, n int) *constructs.App {
	t.Helper()
	root := t.TempDir()
	app := constructs.NewApp()
	st := constructs.NewStack(app, "Files", constructs.StackProps{})
	snscfn.NewCfnTopic(st, "Topic", snscfn.CfnTopicProps{})
	for i := range n {
		dir := filepath.Join(root, fmt.Sprint(i))
		os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		os.WriteFile(filepath.Join(dir, "index.txt"), []byte(fmt.Sprintf("asset %d\n", i)), 0o644)
		os.WriteFile(filepath.Join(dir, "sub", "b.txt"), []byte("b\n"), 0o644)
		assets.NewAsset(st, fmt.Sprintf("Asset%d", i), assets.AssetProps{Path: dir})
	}
	return app
}

func countCalls(f *cfnfake.Fake, action string) int {
	n := 0
	for _, c := range f.Calls() {
		if c == action {
			n++
		}
	}
	return n
}

var assetBucket = "cdk-hnb659fds-assets-" + cfnfake.Account + "-" + cfnfake.Region

// An account that is not bootstrapped: publish says to run bootstrap and
// uploads nothing.
func TestPublishNotBootstrapped(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	r := run(assetApp(t, 1), "publish")
	want := "run 'bootstrap aws://" + cfnfake.Account + "/" + cfnfake.Region + "'"
	if r.code == 0 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, assetBucket) {
		t.Errorf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
	if n := countCalls(f, "S3:PUT"); n != 0 {
		t.Errorf("%d uploads", n)
	}
	r = run(assetApp(t, 1), "deploy", "--require-approval", "never", "--progress", "events")
	if r.code == 0 || !strings.Contains(r.stderr, want) || countCalls(f, "CreateChangeSet")+countCalls(f, "CreateStack") != 0 {
		t.Errorf("deploy: exit %d, stderr %q, calls %v", r.code, r.stderr, f.Calls())
	}
}

// Publishing 20 assets uploads 20 zips, with the file publishing role;
// publishing them again makes 20 existence checks and no upload.
func TestPublishSkipsPresentAssets(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	f.CreateBucket(assetBucket)
	app := assetApp(t, 20)
	r := run(app, "publish", "--asset-parallelism", "3").ok(t)
	if !strings.Contains(r.stdout, "20 assets published, 0 already there") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if h, p := countCalls(f, "S3:HEAD"), countCalls(f, "S3:PUT"); p != 20 || h < 20 {
		t.Errorf("%d HEAD, %d PUT; want 20 PUT", h, p)
	}
	role := "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-file-publishing-role-" + cfnfake.Account + "-" + cfnfake.Region
	for _, req := range requestsOf(f, "S3:PUT") {
		if req.AccessKey != cfnfake.AssumedRoleKey(role) {
			t.Errorf("PUT signed by %s, want the file publishing role", req.AccessKey)
			break
		}
	}
	// One object: a zip of the directory.
	key := ""
	for _, e := range assets.Of(app.Node().FindChild("Files").(*constructs.Stack)) {
		key = assets.ObjectKey(*e.File)
		break
	}
	body, ok := f.Object(assetBucket, key)
	if !ok {
		t.Fatalf("object %s missing", key)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(zr.File) != 2 || zr.File[0].Name != "index.txt" || zr.File[1].Name != "sub/b.txt" {
		t.Errorf("zip: %v %v", err, zr)
	}

	f.ResetCalls()
	r = run(assetApp(t, 20), "publish").ok(t)
	if !strings.Contains(r.stdout, "0 assets published, 20 already there") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if h, p := countCalls(f, "S3:HEAD"), countCalls(f, "S3:PUT"); h != 20 || p != 0 {
		t.Errorf("second publish: %d HEAD, %d PUT; want 20 HEAD and no PUT", h, p)
	}

	// deploy publishes (here: checks) the assets, then deploys.
	f.ResetCalls()
	run(assetApp(t, 20), "deploy", "--require-approval", "never", "--progress", "events").ok(t)
	if h, p := countCalls(f, "S3:HEAD"), countCalls(f, "S3:PUT"); h != 20 || p != 0 {
		t.Errorf("deploy: %d HEAD, %d PUT", h, p)
	}
	if _, ok := f.Stack("Files"); !ok {
		t.Error("stack Files not deployed")
	}
}

// An AWS CDK assembly's file assets (Code.fromAsset's directory, a file)
// are published by deploy with the file publishing role its asset
// manifest names, then the stack deploys; the template entry of the
// manifest is not uploaded.
func TestDeployPublishesCDKFileAssets(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	f.CreateBucket(assetBucket)
	dir := cdkAssemblyWith(t, nil)
	data, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	var m map[string]any
	json.Unmarshal(data, &m)
	arts := m["artifacts"].(map[string]any)
	arts["CdkApp"].(map[string]any)["dependencies"] = []string{"CdkApp.assets"}
	arts["CdkApp.assets"] = map[string]any{"type": "cdk:asset-manifest", "properties": map[string]any{"file": "CdkApp.assets.json"}}
	data, _ = json.Marshal(m)
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
	os.MkdirAll(filepath.Join(dir, "asset.bbb"), 0o755)
	os.WriteFile(filepath.Join(dir, "asset.bbb", "index.js"), []byte("exports.handler = 1;\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "asset.ccc.txt"), []byte("hello\n"), 0o644)
	dest := func(key string) string {
		return `{"current_account-current_region-12345678": {"bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": "` + key + `",
		  "assumeRoleArn": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}"}}`
	}
	os.WriteFile(filepath.Join(dir, "CdkApp.assets.json"), []byte(`{"version": "55.0.0",
	  "files": {
	    "aaa": {"displayName": "CdkApp Template", "source": {"path": "CdkApp.template.json", "packaging": "file"}, "destinations": `+dest("aaa.json")+`},
	    "bbb": {"displayName": "CdkApp/Handler/Code", "source": {"path": "asset.bbb", "packaging": "zip"}, "destinations": `+dest("bbb.zip")+`},
	    "ccc": {"displayName": "CdkApp/File", "source": {"path": "asset.ccc.txt", "packaging": "file"}, "destinations": `+dest("ccc.txt")+`}},
	  "dockerImages": {}}`), 0o644)

	r := run(nil, "deploy", "--app", dir, "--require-approval", "never", "--progress", "events").ok(t)
	if _, ok := f.Object(assetBucket, "bbb.zip"); !ok {
		t.Errorf("bbb.zip not published:\n%s", r.stdout)
	}
	if b, ok := f.Object(assetBucket, "ccc.txt"); !ok || string(b) != "hello\n" {
		t.Errorf("ccc.txt: %q %v", b, ok)
	}
	if _, ok := f.Object(assetBucket, "aaa.json"); ok {
		t.Error("the template entry was published as an asset")
	}
	role := "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-file-publishing-role-" + cfnfake.Account + "-" + cfnfake.Region
	for _, req := range requestsOf(f, "S3:PUT") {
		if req.AccessKey != cfnfake.AssumedRoleKey(role) {
			t.Errorf("PUT signed by %s, want the file publishing role", req.AccessKey)
		}
	}
	if _, ok := f.Stack("CdkApp"); !ok {
		t.Error("CdkApp not deployed")
	}
}
