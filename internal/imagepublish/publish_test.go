package imagepublish

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/forma-iac/forma/internal/ociimage"
)

// counting is an in-memory registry on loopback that counts requests by
// method.
type counting struct {
	mu     sync.Mutex
	counts map[string]int
	next   http.Handler
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v2/" {
		c.mu.Lock()
		c.counts[r.Method]++
		c.mu.Unlock()
	}
	c.next.ServeHTTP(w, r)
}

func (c *counting) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

func newRegistry(t *testing.T) (*counting, string) {
	c := &counting{counts: map[string]int{}, next: registry.New(registry.Logger(log.New(io.Discard, "", 0)))}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	return c, strings.TrimPrefix(srv.URL, "http://")
}

// stage writes a random image into an assembly directory as forma stages a
// Go image, and returns the job's source and the image's digest.
func stage(t *testing.T, dir string) (Source, v1.Hash) {
	img, err := random.Image(1024, 2)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := img.Digest()
	archive := "asset." + d.Hex + ".tar"
	tag, _ := name.NewTag(ociimage.TarballTag(d))
	if err := tarball.WriteToFile(filepath.Join(dir, archive), tag, img); err != nil {
		t.Fatal(err)
	}
	return Source{Executable: ociimage.Executable(archive, d)}, d
}

func TestPushThenSkip(t *testing.T) {
	reg, host := newRegistry(t)
	dir := t.TempDir()
	src, d := stage(t, dir)
	job := Job{ID: "web", AssemblyDir: dir, Source: src, Image: host + "/cdk-hnb659fds-container-assets-123456789012-us-east-1:" + d.Hex}
	if r := Publish(context.Background(), job, Options{}); r.Err != nil || r.Skipped {
		t.Fatalf("first publish: %+v", r)
	}
	pushed := reg.reset()
	if pushed["PUT"] == 0 {
		t.Fatalf("nothing pushed: %v", pushed)
	}
	got, err := remote.Image(mustRef(t, job.Image))
	if err != nil {
		t.Fatal(err)
	}
	if gd, _ := got.Digest(); gd != d {
		t.Errorf("the registry holds %s, the assembly %s", gd, d)
	}
	reg.reset()
	r := Publish(context.Background(), job, Options{})
	if r.Err != nil || !r.Skipped {
		t.Fatalf("second publish: %+v", r)
	}
	if again := reg.reset(); again["HEAD"] != 1 || len(again) != 1 {
		t.Errorf("a present image costs one existence check; requests %v", again)
	}
}

func TestPublishAllBoundedAndInterrupted(t *testing.T) {
	_, host := newRegistry(t)
	dir := t.TempDir()
	var jobs []Job
	for i := range 5 {
		src, d := stage(t, dir)
		jobs = append(jobs, Job{ID: string(rune('a' + i)), AssemblyDir: dir, Source: src, Image: host + "/repo:" + d.Hex})
	}
	// Interrupted before anything is pushed: every job fails, and no tag
	// is present afterwards.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range PublishAll(ctx, jobs, 2, Options{}, nil) {
		if r.Err == nil {
			t.Errorf("%s published after Ctrl-C", r.Job.ID)
		}
	}
	for _, j := range jobs {
		if _, err := remote.Head(mustRef(t, j.Image)); err == nil {
			t.Errorf("%s is recorded as published after an interrupted publish", j.ID)
		}
	}
	var seen []string
	for _, r := range PublishAll(context.Background(), jobs, 2, Options{}, func(r Result) { seen = append(seen, r.Job.ID) }) {
		if r.Err != nil || r.Skipped {
			t.Errorf("%s: %+v", r.Job.ID, r)
		}
	}
	if len(seen) != 5 {
		t.Errorf("progress for %d of 5 images", len(seen))
	}
}

func TestSourcesFormaCannotPublish(t *testing.T) {
	_, host := newRegistry(t)
	r := Publish(context.Background(), Job{ID: "x", AssemblyDir: t.TempDir(), Source: Source{Executable: []string{"./build.sh"}}, Image: host + "/repo:abc"}, Options{})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "publish it with the AWS CDK CLI") {
		t.Errorf("error %v", r.Err)
	}
	r = Publish(context.Background(), Job{ID: "y", AssemblyDir: t.TempDir(), Source: Source{Executable: ociimage.Executable("asset.gone.tar", v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("0", 64)})}, Image: host + "/repo:abd"}, Options{})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "synthesize again") {
		t.Errorf("error %v", r.Err)
	}
}

func mustRef(t *testing.T, s string) name.Reference {
	r, err := name.ParseReference(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
