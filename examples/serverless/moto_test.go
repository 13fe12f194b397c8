package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/forma-iac/forma/internal/mototest"
)

// motoAccount is moto's default account.
const motoAccount = "123456789012"

type result struct {
	code           int
	stdout, stderr string
}

// TestDeployAgainstMoto builds the example as a program and runs it as
// `go run ./examples/serverless` would be run, against moto_server for
// AWS and go-containerregistry's in-memory registry on loopback for ECR
// (FORMA_TEST_REGISTRY): bootstrap, then deploy --all publishes the
// function's zip to the bootstrap bucket and pushes the Go-built image,
// then creates both stacks; a second deploy finds both assets published
// (one existence check each) and changes nothing.
//
// What moto cannot run is not asserted: it stores the function but does
// not invoke it (no function URL answers), and it records the Fargate
// service without starting a task.
func TestDeployAgainstMoto(t *testing.T) {
	url := mototest.URL(t, "the deploy of examples/serverless against moto_server")
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()

	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer reg.Close()
	regHost := strings.TrimPrefix(reg.URL, "http://")

	work := t.TempDir()
	bin := filepath.Join(work, "serverless")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := []string{
		"AWS_ENDPOINT_URL=" + url, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_REGION=us-east-1",
		"AWS_MAX_ATTEMPTS=1", "AWS_CONFIG_FILE=" + filepath.Join(work, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(work, "none"),
		"FORMA_POLL_INTERVAL=50ms", "FORMA_TEST_REGISTRY=" + regHost,
	}
	outdir := filepath.Join(work, "cdk.out")
	run := func(args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		// The module's root, as for `go run ./examples/serverless`: the
		// Go packages are found from there.
		cmd.Dir = filepath.Join("..", "..")
		for _, kv := range os.Environ() {
			k, _, _ := strings.Cut(kv, "=")
			switch k {
			case "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_S3", "CDK_OUTDIR":
				continue
			}
			cmd.Env = append(cmd.Env, kv)
		}
		cmd.Env = append(cmd.Env, env...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		r := result{stdout: out.String(), stderr: errb.String()}
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			r.code = ee.ExitCode()
		case err != nil:
			t.Fatalf("running %v: %v", args, err)
		}
		if r.code != 0 {
			t.Fatalf("serverless %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
		return r
	}

	run("bootstrap", "--progress", "events")
	// --method direct: moto writes no outputs after a change set runs;
	// no URL output: moto cannot resolve the attributes of AWS::Lambda::Url.
	r := run("deploy", "--all", "--require-approval", "never", "--progress", "events", "--method", "direct", "-o", outdir, "-c", "serverless:url-output=false")
	t.Logf("deploy:\n%s", r.stdout)

	cfn := cloudformation.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
	})
	for _, name := range []string{"ServerlessAPI", "ServerlessService"} {
		out, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil || len(out.Stacks) != 1 || out.Stacks[0].StackStatus != "CREATE_COMPLETE" {
			t.Errorf("%s: %v %+v, want CREATE_COMPLETE", name, err, out)
		}
	}

	// moto created the function from the published zip, and the service
	// from the task definition that names the pushed image.
	for stack, types := range map[string][]string{
		"ServerlessAPI":     {"AWS::Lambda::Function", "AWS::S3::Bucket"},
		"ServerlessService": {"AWS::ECS::TaskDefinition", "AWS::ECS::Service"},
	} {
		out, err := cfn.DescribeStackResources(context.Background(), &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stack)})
		if err != nil {
			t.Fatalf("%s: %v", stack, err)
		}
		have := map[string]bool{}
		for _, r := range out.StackResources {
			have[aws.ToString(r.ResourceType)] = aws.ToString(r.PhysicalResourceId) != ""
		}
		for _, typ := range types {
			if !have[typ] {
				t.Errorf("%s: moto has no %s (resources %v)", stack, typ, have)
			}
		}
	}

	// The zip is in the bootstrap bucket under the manifest's key, the
	// image in the bootstrap repository under its tag.
	zipKey, imageTag := assetKeys(t, outdir)
	bucket := "cdk-hnb659fds-assets-" + motoAccount + "-us-east-1"
	if code := signedStatus(t, url+"/"+bucket+"/"+zipKey); code != http.StatusOK {
		t.Errorf("s3://%s/%s: HTTP %d, want 200", bucket, zipKey, code)
	}
	repo := "cdk-hnb659fds-container-assets-" + motoAccount + "-us-east-1"
	req, _ := http.NewRequest(http.MethodHead, reg.URL+"/v2/"+repo+"/manifests/"+imageTag, nil)
	req.Header.Set("Accept", "application/vnd.docker.distribution.manifest.v2+json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("image %s:%s: %v %v, want 200", repo, imageTag, resp, err)
	}

	// Nothing changed: both assets are found, no stack changes.
	r = run("deploy", "--all", "--require-approval", "never", "--progress", "events", "-o", outdir, "-c", "serverless:url-output=false")
	if n := strings.Count(r.stdout, "already published"); n != 2 {
		t.Errorf("second deploy: %d assets already published, want 2:\n%s", n, r.stdout)
	}
	if n := strings.Count(r.stdout, "(no changes)"); n != 2 {
		t.Errorf("second deploy changed something:\n%s", r.stdout)
	}
}

// assetKeys reads the object key of the function's zip and the tag of the
// image from the assembly's asset manifests.
func assetKeys(t *testing.T, dir string) (zipKey, imageTag string) {
	t.Helper()
	var m struct {
		Files map[string]struct {
			Destinations map[string]struct{ ObjectKey string }
		}
		DockerImages map[string]struct {
			Destinations map[string]struct{ ImageTag string }
		}
	}
	for _, f := range []string{"ServerlessAPI.assets.json", "ServerlessService.assets.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, a := range m.Files {
			for _, d := range a.Destinations {
				zipKey = d.ObjectKey
			}
		}
		for _, a := range m.DockerImages {
			for _, d := range a.Destinations {
				imageTag = d.ImageTag
			}
		}
	}
	if zipKey == "" || imageTag == "" {
		t.Fatalf("the asset manifests in %s name no zip (%q) or no image (%q)", dir, zipKey, imageTag)
	}
	return zipKey, imageTag
}

// signedStatus is the status of a SigV4-signed HEAD request to S3.
func signedStatus(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	req.Header.Set("X-Amz-Content-Sha256", empty)
	creds := aws.Credentials{AccessKeyID: "testing", SecretAccessKey: "testing"}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, empty, "s3", "us-east-1", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
