package imagepublish

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/forma-iac/forma/internal/awscall"
	"github.com/forma-iac/forma/internal/ociimage"
)

// Source is a docker entry's source in an asset manifest.
type Source struct {
	// Directory is a Docker build context, relative to the assembly.
	Directory  string
	DockerFile string
	// BuildArgs, Target and Platform are passed to docker build
	// (--build-arg, sorted by name; --target; --platform).
	BuildArgs map[string]string
	Target    string
	Platform  string
	// Executable is an executable source; forma publishes those that
	// internal/ociimage writes.
	Executable []string
}

// Job is one image to publish.
type Job struct {
	// ID names the image in messages (the asset's hash or display name).
	ID string
	// AssemblyDir is the directory of the asset manifest.
	AssemblyDir string
	Source      Source
	// Image is the destination, REGISTRY/REPOSITORY:TAG.
	Image string
	// Auth authenticates to the registry (ECRAuth); nil is anonymous.
	Auth authn.Authenticator
}

// Result is what Publish did.
type Result struct {
	Job     Job
	Skipped bool // the tag was present: nothing pushed
	Err     error
}

// Options configure publishing.
type Options struct {
	// Remote holds extra options for the registry (a transport, for tests).
	Remote []remote.Option
}

// Publish pushes job's image unless its tag is present.
func Publish(ctx context.Context, job Job, opts Options) Result {
	res := Result{Job: job}
	ref, err := name.NewTag(job.Image)
	if err != nil {
		res.Err = fmt.Errorf("image %s: destination %q is not an image name: %v", job.ID, job.Image, err)
		return res
	}
	auth := job.Auth
	if auth == nil {
		auth = authn.Anonymous
	}
	ropts := append([]remote.Option{remote.WithContext(ctx), remote.WithAuth(auth)}, opts.Remote...)
	if _, err := remote.Head(ref, ropts...); err == nil {
		res.Skipped = true
		return res
	} else if !notFound(err) {
		res.Err = fmt.Errorf("image %s: checking %s: %v", job.ID, job.Image, repositoryHint(err))
		return res
	}
	img, cleanup, err := load(ctx, job)
	if err != nil {
		res.Err = fmt.Errorf("image %s: %v", job.ID, err)
		return res
	}
	defer cleanup()
	if err := remote.Write(ref, img, ropts...); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		res.Err = fmt.Errorf("image %s: pushing to %s: %v", job.ID, job.Image, repositoryHint(err))
	}
	return res
}

// PublishAll publishes jobs, at most parallelism at a time (default 4),
// calling progress (when set) after each; results are in jobs' order.
func PublishAll(ctx context.Context, jobs []Job, parallelism int, opts Options, progress func(Result)) []Result {
	if parallelism < 1 {
		parallelism = 4
	}
	out := make([]Result, len(jobs))
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] = Result{Job: j, Err: fmt.Errorf("image %s: %v", j.ID, ctx.Err())}
				return
			}
			defer func() { <-sem }()
			out[i] = Publish(ctx, j, opts)
			if progress != nil {
				mu.Lock()
				progress(out[i])
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

func notFound(err error) bool {
	var te *transport.Error
	return errors.As(err, &te) && te.StatusCode == http.StatusNotFound
}

func repositoryHint(err error) error {
	var te *transport.Error
	if errors.As(err, &te) {
		for _, d := range te.Errors {
			if d.Code == transport.NameUnknownErrorCode {
				return fmt.Errorf("%v: the repository does not exist; run `bootstrap` for this account and region", err)
			}
		}
	}
	return err
}

// load returns the image of job's source.
func load(ctx context.Context, job Job) (v1.Image, func(), error) {
	nothing := func() {}
	if len(job.Source.Executable) > 0 {
		archive, ok := ociimage.ArchiveOf(job.Source.Executable)
		if !ok {
			return nil, nothing, fmt.Errorf("its source is a command (%s) that forma does not run; publish it with the AWS CDK CLI, which runs it with Docker", strings.Join(job.Source.Executable, " "))
		}
		img, err := tarball.ImageFromPath(filepath.Join(job.AssemblyDir, archive), nil)
		if err != nil {
			return nil, nothing, fmt.Errorf("reading %s: %v (synthesize again to stage it)", archive, err)
		}
		return img, nothing, nil
	}
	if job.Source.Directory == "" {
		return nil, nothing, errors.New("its source names neither a directory nor an executable")
	}
	return dockerBuild(ctx, job)
}

// dockerBuild builds a Dockerfile source with the docker CLI and reads the
// image back with docker save, so that pushing needs no docker login.
func dockerBuild(ctx context.Context, job Job) (v1.Image, func(), error) {
	nothing := func() {}
	if _, err := exec.LookPath("docker"); err != nil {
		return nil, nothing, errors.New("its source is a Dockerfile and the docker CLI is not installed; build images without Docker with ecs.ImageFromGoPackage")
	}
	tag := "forma-build:" + strings.ToLower(job.ID)
	dir := filepath.Join(job.AssemblyDir, job.Source.Directory)
	args := []string{"build", "--tag", tag}
	for _, k := range slices.Sorted(maps.Keys(job.Source.BuildArgs)) {
		args = append(args, "--build-arg", k+"="+job.Source.BuildArgs[k])
	}
	if job.Source.Target != "" {
		args = append(args, "--target", job.Source.Target)
	}
	if job.Source.Platform != "" {
		args = append(args, "--platform", job.Source.Platform)
	}
	if job.Source.DockerFile != "" {
		args = append(args, "--file", filepath.Join(dir, job.Source.DockerFile))
	}
	if out, err := exec.CommandContext(ctx, "docker", append(args, dir)...).CombinedOutput(); err != nil {
		if strings.Contains(string(out), "Cannot connect to the Docker daemon") {
			return nil, nothing, fmt.Errorf("its source is a Dockerfile and no Docker daemon answers (docker build: %s); start Docker, or build images without Docker with ecs.ImageFromGoPackage", strings.TrimSpace(string(out)))
		}
		return nil, nothing, fmt.Errorf("docker build: %v\n%s", err, out)
	}
	f, err := os.CreateTemp("", "forma-image-*.tar")
	if err != nil {
		return nil, nothing, err
	}
	f.Close()
	cleanup := func() { os.Remove(f.Name()) }
	if out, err := exec.CommandContext(ctx, "docker", "save", "--output", f.Name(), tag).CombinedOutput(); err != nil {
		cleanup()
		return nil, nothing, fmt.Errorf("docker save: %v\n%s", err, out)
	}
	t, _ := name.NewTag(tag)
	img, err := tarball.ImageFromPath(f.Name(), &t)
	if err != nil {
		cleanup()
		return nil, nothing, err
	}
	return img, cleanup, nil
}

// ECRAuth returns the authenticator for the ECR registry of cfg's account
// and region (with cfg's credentials, e.g. the image publishing role's),
// and the registry's host. It calls GetAuthorizationToken with one signed
// request (internal/awscall) at endpoint when set (an emulator), else at
// cfg's BaseEndpoint, else at https://api.ecr.REGION.amazonaws.com: the
// SDK's ECR client would add seconds to the build of every forma program
// for this one call.
func ECRAuth(ctx context.Context, cfg aws.Config, endpoint string) (authn.Authenticator, string, error) {
	call := awscall.JSONCall{
		Name:    "ECR GetAuthorizationToken",
		Service: "ecr",
		URL:     awscall.Endpoint(cfg, endpoint, "api.ecr"),
		Target:  "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
	}
	var out struct {
		AuthorizationData []struct {
			AuthorizationToken string `json:"authorizationToken"`
			ProxyEndpoint      string `json:"proxyEndpoint"`
		} `json:"authorizationData"`
	}
	if err := call.Do(ctx, cfg, nil, &out); err != nil {
		return nil, "", fmt.Errorf("getting an ECR authorization token: %w", err)
	}
	if len(out.AuthorizationData) == 0 || out.AuthorizationData[0].AuthorizationToken == "" {
		return nil, "", errors.New("ECR returned no authorization token")
	}
	d := out.AuthorizationData[0]
	return AuthFromToken(d.AuthorizationToken, d.ProxyEndpoint)
}

// AuthFromToken turns an ECR authorization token (base64 of USER:PASSWORD)
// and its proxy endpoint, from GetAuthorizationToken however it was
// called, into the registry's authenticator and host.
func AuthFromToken(token, proxyEndpoint string) (authn.Authenticator, string, error) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, "", fmt.Errorf("decoding the ECR authorization token: %v", err)
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil, "", errors.New("the ECR authorization token is not USER:PASSWORD")
	}
	host := strings.TrimPrefix(strings.TrimPrefix(proxyEndpoint, "https://"), "http://")
	return &authn.Basic{Username: user, Password: pass}, host, nil
}

// ECRJob is the Job of an image bound for the ECR repository
// repositoryName (its placeholders replaced) with tag, in the account and
// region of cfg, whose credentials (the image publishing role's, say) get
// the registry's authorization token.
func ECRJob(ctx context.Context, cfg aws.Config, assemblyDir, id string, src Source, repositoryName, tag string) (Job, error) {
	auth, host, err := ECRAuth(ctx, cfg, "")
	if err != nil {
		return Job{}, fmt.Errorf("image %s: %v", id, err)
	}
	return Job{ID: id, AssemblyDir: assemblyDir, Source: src, Image: host + "/" + repositoryName + ":" + tag, Auth: auth}, nil
}
