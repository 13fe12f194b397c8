package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/lambda"
)

// motoAccount is moto's default account.
const motoAccount = "123456789012"

// lambdaApp has a Go function (../assets/testdata/fn) and a directory
// asset.
func lambdaApp() *constructs.App {
	app := constructs.NewApp()
	st := constructs.NewStack(app, "AssetsOnMoto", constructs.StackProps{})
	lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: "../assets/testdata/fn"})
	site := assets.NewAsset(st, "Site", assets.AssetProps{Path: "../assets/testdata/static", Exclude: []string{"*.log"}})
	cfn.NewOutput(st, "SiteKey", cfn.OutputProps{Value: site.S3ObjectKey()})
	return app
}

// File assets against moto: a missing bootstrap bucket is refused with
// the advice to bootstrap; deploy publishes the function's zip and the
// site (with the file publishing role) and creates the function from it;
// publish then finds both there and uploads nothing.
func TestAssetsAgainstMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")

	r := run(lambdaApp(), "publish")
	if r.code == 0 || !strings.Contains(r.stderr, "run 'bootstrap aws://"+motoAccount+"/us-east-1'") {
		t.Fatalf("publish without a bucket: exit %d\n%s", r.code, r.stderr)
	}

	bucket := "cdk-hnb659fds-assets-" + motoAccount + "-us-east-1"
	req, _ := http.NewRequest(http.MethodPut, url+"/"+bucket, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("creating the bucket in moto: %v %v", resp, err)
	}
	resp.Body.Close()

	r = run(lambdaApp(), "deploy", "--require-approval", "never", "--progress", "events", "--method", "direct", "--asset-parallelism", "2")
	if r.code != 0 {
		t.Fatalf("deploy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stdout, "] published (s3://"+bucket+"/"); n != 2 {
		t.Errorf("deploy published %d assets, want 2:\n%s", n, r.stdout)
	}
	out := readManifest(t, os.Getenv(OutdirEnv))
	st := out.Stack("AssetsOnMoto")
	if st == nil || len(st.Assets) != 2 {
		t.Fatalf("assembly assets: %+v", st)
	}
	for _, a := range st.Assets {
		resp, err := signedGet(url + "/" + bucket + "/" + a.Destinations[0].ObjectKey)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("object of %s: %v %v", a.DisplayName, resp, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("%s is not a zip: %v", a.DisplayName, err)
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		want := map[string]string{"Handler/Code": "bootstrap", "Site": "css/site.css,index.html"}[a.DisplayName]
		if strings.Join(names, ",") != want {
			t.Errorf("%s: zip holds %v, want %s", a.DisplayName, names, want)
		}
	}

	// A second publish checks both objects and uploads nothing.
	r = run(lambdaApp(), "publish").ok(t)
	if !strings.Contains(r.stdout, "0 assets published, 2 already there") {
		t.Errorf("second publish:\n%s", r.stdout)
	}
}

// signedGet GETs url signed with the test credentials (moto refuses
// anonymous reads).
func signedGet(url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	req.Header.Set("X-Amz-Content-Sha256", empty)
	creds := aws.Credentials{AccessKeyID: "testing", SecretAccessKey: "testing"}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, empty, "s3", "us-east-1", time.Now().UTC()); err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

// The AWS CDK CLI ($FORMA_CDK_CLI, set by .ci/run) publishes the assets of
// a forma assembly itself and deploys it against moto, after forma's
// bootstrap; forma then finds the CLI's objects under the same keys.
func TestCDKCLIDeploysFormaAssets(t *testing.T) {
	url := motoURL(t)
	cdk := os.Getenv("FORMA_CDK_CLI")
	if cdk == "" {
		t.Skip("FORMA_CDK_CLI is not set (.ci/run sets it to the cached aws-cdk CLI): the AWS CDK CLI deploy of a forma assembly did NOT run")
	}
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	run(nil, "bootstrap", "--progress", "events").ok(t)
	dir := filepath.Join(t.TempDir(), "cdk.out")
	run(lambdaApp(), "synth", "-o", dir, "-q").ok(t)

	cmd := exec.Command(cdk, "deploy", "--app", dir, "--require-approval", "never", "--no-notices", "--ci")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "CDK_DISABLE_VERSION_CHECK=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cdk deploy: %v\n%s", err, out)
	}
	for _, want := range []string{"Published Handler/Code", "Published Site", "AssetsOnMoto"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("cdk deploy output lacks %q:\n%s", want, out)
		}
	}
	r := run(lambdaApp(), "publish").ok(t)
	if !strings.Contains(r.stdout, "0 assets published, 2 already there") {
		t.Errorf("forma publish after cdk deploy:\n%s", r.stdout)
	}
}
