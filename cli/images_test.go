package cli

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/internal/cfnfake"
)

// countingRegistry is go-containerregistry's in-memory registry on
// loopback, counting requests by method.
type countingRegistry struct {
	mu     sync.Mutex
	counts map[string]int
	next   http.Handler
	// noRepositories answers every repository request as ECR does for a
	// repository that does not exist.
	noRepositories bool
}

func (c *countingRegistry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v2/" && c.noRepositories {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"errors":[{"code":"NAME_UNKNOWN","message":"The repository does not exist"}]}`)
		return
	}
	if r.URL.Path != "/v2/" {
		c.mu.Lock()
		c.counts[r.Method]++
		if strings.Contains(r.URL.Path, "/manifests/") {
			c.counts["manifest "+r.Method]++
		}
		c.mu.Unlock()
	}
	c.next.ServeHTTP(w, r)
}

func (c *countingRegistry) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

// testRegistry starts the registry and points forma's image publishing at
// it (FORMA_TEST_REGISTRY).
func testRegistry(t *testing.T) *countingRegistry {
	c := &countingRegistry{counts: map[string]int{}, next: registry.New(registry.Logger(log.New(io.Discard, "", 0)))}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	t.Setenv("FORMA_TEST_REGISTRY", strings.TrimPrefix(srv.URL, "http://"))
	return c
}

// goImageApp is an app whose stack Web runs an image built from a Go
// package of a module in a temporary directory (on scratch: no registry
// is needed to build it).
func goImageApp(t *testing.T) *constructs.App {
	t.Helper()
	mod := t.TempDir()
	for p, s := range map[string]string{
		"go.mod":          "module example.com/shop\n\ngo 1.22\n",
		"cmd/web/main.go": "package main\n\nfunc main() {}\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(mod, p)), 0o755)
		if err := os.WriteFile(filepath.Join(mod, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("FORMA_CACHE_DIR", t.TempDir())
	app := constructs.NewApp()
	st := constructs.NewStack(app, "Web", constructs.StackProps{})
	td := ecs.NewFargateTaskDefinition(st, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/web", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	return app
}

// deploy pushes a Go image once, with the image publishing role, before
// the stack deploys; a second deploy checks the tag once and pushes
// nothing; publish does the same.
func TestDeployPushesGoImage(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	reg := testRegistry(t)
	app := goImageApp(t)

	r := run(app, "deploy", "--require-approval", "never", "--progress", "events").ok(t)
	if !strings.Contains(r.stdout, "Web: image TaskDef/web/AssetImage [1/1] published") {
		t.Errorf("no progress line for the image:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "cdk-hnb659fds-container-assets-"+cfnfake.Account+"-"+cfnfake.Region+":") {
		t.Errorf("the image is not pushed to the bootstrap repository:\n%s", r.stdout)
	}
	pushed := reg.reset()
	if pushed["manifest PUT"] != 1 {
		t.Errorf("requests %v, want one manifest PUT", pushed)
	}
	role := "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-image-publishing-role-" + cfnfake.Account + "-" + cfnfake.Region
	assumed := false
	for _, a := range requestsOf(f, "STS:AssumeRole") {
		assumed = assumed || a.RoleARN == role
	}
	if !assumed {
		t.Errorf("the image publishing role %s was not assumed", role)
	}
	if s, ok := f.Stack("Web"); !ok || s.Status != "CREATE_COMPLETE" {
		t.Errorf("Web: %+v, want CREATE_COMPLETE", s)
	}

	r = run(app, "deploy", "--require-approval", "never", "--progress", "events").ok(t)
	if again := reg.reset(); again["manifest HEAD"] != 1 || again["HEAD"] != 1 || len(again) != 2 {
		t.Errorf("a present image costs one existence check; requests %v", again)
	}
	if !strings.Contains(r.stdout, "[1/1] already published") {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	r = run(app, "publish").ok(t)
	if again := reg.reset(); again["manifest HEAD"] != 1 || again["HEAD"] != 1 || len(again) != 2 {
		t.Errorf("publish of a present image: requests %v, want one HEAD", again)
	}
	if !strings.Contains(r.stdout, "0 assets published, 1 already there") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

// publish of an assembly whose image is not there yet pushes it once.
func TestPublishPushesGoImage(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	reg := testRegistry(t)
	r := run(goImageApp(t), "publish").ok(t)
	if got := reg.reset(); got["manifest PUT"] != 1 {
		t.Errorf("requests %v, want one manifest PUT", got)
	}
	if !strings.Contains(r.stdout, "1 assets published, 0 already there") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if calls := countCalls(f, "CreateStack") + countCalls(f, "CreateChangeSet"); calls != 0 {
		t.Errorf("publish deployed: %d calls", calls)
	}
}

// An account whose image repository does not exist: deploy says to run
// bootstrap and deploys nothing.
func TestDeployImageRepositoryMissing(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	reg := testRegistry(t)
	reg.noRepositories = true
	r := run(goImageApp(t), "deploy", "--require-approval", "never", "--progress", "events")
	if r.code == 0 || !strings.Contains(r.stderr, "the repository does not exist; run `bootstrap`") || !strings.Contains(r.stderr, "Web: image TaskDef/web/AssetImage") {
		t.Errorf("exit %d, stderr %q; want the image named and bootstrap advised", r.code, r.stderr)
	}
	if _, ok := f.Stack("Web"); ok {
		t.Error("Web deployed without its image")
	}
}

// An image publishing role that cannot be assumed: a warning, and the
// image is pushed with the current credentials.
func TestDeployImageRoleRefused(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, false)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	reg := testRegistry(t)
	role := "arn:aws:iam::" + cfnfake.Account + ":role/cdk-hnb659fds-image-publishing-role-" + cfnfake.Account + "-" + cfnfake.Region
	f.DenyAssumeRole(role)
	r := run(goImageApp(t), "deploy", "--require-approval", "never", "--progress", "events").ok(t)
	if !strings.Contains(r.stdout+r.stderr, "Could not assume role "+role) {
		t.Errorf("no warning about the refused role:\n%s%s", r.stdout, r.stderr)
	}
	if got := reg.reset(); got["manifest PUT"] != 1 {
		t.Errorf("requests %v, want one manifest PUT", got)
	}
}
