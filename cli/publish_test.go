package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/internal/cfnfake"
)

// assetApp is an app whose stack Files has n directory assets.
func assetApp(t *testing.T, n int) *constructs.App {
	t.Helper()
	root := t.TempDir()
	app := constructs.NewApp()
	st := constructs.NewStack(app, "Files", constructs.StackProps{})
	sns.NewCfnTopic(st, "Topic", sns.CfnTopicProps{})
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
