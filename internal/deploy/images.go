package deploy

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/imagepublish"
	"github.com/forma-iac/forma/internal/ociimage"
)

// RegistryAuth returns the authenticator and host of the ECR registry of
// region for some credentials (ECR GetAuthorizationToken).
type RegistryAuth func(ctx context.Context, region string) (authn.Authenticator, string, error)

// imageJob is one image destination.
type imageJob struct {
	stack *Stack
	image imagepublish.ManifestImage
	repo  string
	tag   string
	role  string
	// region is the destination's region; env is aws://account/region,
	// for messages.
	region, env string
}

// imageJobs returns the image destinations of stacks, each once.
func (d *Deployer) imageJobs(ctx context.Context, stacks []*Stack) ([]imageJob, error) {
	var jobs []imageJob
	seen := map[string]bool{}
	for _, st := range stacks {
		for _, img := range st.Images {
			for _, dest := range img.Destinations {
				region := dest.Region
				if region == "" {
					region = st.Region
				}
				if region == "" {
					region = d.Region
				}
				account := st.Account
				if account == "" && strings.Contains(dest.RepositoryName+dest.ImageTag+dest.AssumeRoleARN, accountPlaceholder) {
					acc, err := d.callerAccount(ctx)
					if err != nil {
						return nil, fmt.Errorf("stack %s: image %q is published to the repository %s, which names the account, and the stack is environment-agnostic: reading the current credentials' account (STS GetCallerIdentity): %w", st.DisplayName, img.DisplayName, dest.RepositoryName, err)
					}
					account = acc
				}
				sub := func(s string) string { return substituteRole(s, account, region) }
				j := imageJob{stack: st, image: img, repo: sub(dest.RepositoryName), tag: sub(dest.ImageTag), region: region, env: assembly.Environment(account, region)}
				if dest.AssumeRoleARN != "" && d.Roles != nil {
					j.role = sub(dest.AssumeRoleARN)
				}
				if k := account + "/" + region + "/" + j.repo + ":" + j.tag; !seen[k] {
					seen[k] = true
					jobs = append(jobs, j)
				}
			}
		}
	}
	return jobs, nil
}

// registryAuth returns the authorization for j's registry: with the image
// publishing role when j names one (the current credentials when it is
// refused), otherwise with the current credentials.
func (d *Deployer) registryAuth(ctx context.Context, j imageJob) (authn.Authenticator, string, error) {
	auth := d.Registry
	if j.role != "" {
		rs := d.assume(ctx, j.role)
		if rs.err != nil {
			return nil, "", fmt.Errorf("assuming the image publishing role %s: %w; run 'bootstrap %s' (forma bootstrap, or cdk bootstrap) if the role does not exist", j.role, rs.err, j.env)
		}
		if !rs.fallback {
			auth = rs.clients.Registry
		}
	}
	if auth == nil {
		return nil, "", errors.New("no ECR client is configured to publish it")
	}
	return auth(ctx, j.region)
}

// publishImages pushes the images of stacks to their repositories,
// parallelism at a time, with one progress line each; an image whose tag
// is present is not pushed (one manifest HEAD).
func (d *Deployer) publishImages(ctx context.Context, stacks []*Stack, parallelism int) (PublishResult, error) {
	var res PublishResult
	specs, err := d.imageJobs(ctx, stacks)
	if err != nil || len(specs) == 0 {
		return res, err
	}
	jobs := make([]imagepublish.Job, len(specs))
	byID := map[string]imageJob{}
	// One authorization token per role and region.
	type authKey struct{ role, region string }
	type registry struct {
		auth authn.Authenticator
		host string
	}
	tokens := map[authKey]registry{}
	for i, s := range specs {
		k := authKey{s.role, s.region}
		reg, ok := tokens[k]
		if !ok {
			auth, host, err := d.registryAuth(ctx, s)
			if err != nil {
				return res, fmt.Errorf("%s: image %s: %w", s.stack.DisplayName, s.image.DisplayName, err)
			}
			reg = registry{auth, host}
			tokens[k] = reg
		}
		auth, host := reg.auth, reg.host
		// The hash names a Dockerfile build's local tag; the index keeps
		// the IDs of two destinations of one image apart.
		id := fmt.Sprintf("%s-%d", s.image.ID, i)
		jobs[i] = imagepublish.Job{ID: id, AssemblyDir: s.image.AssemblyDir, Source: s.image.Source, Image: host + "/" + s.repo + ":" + s.tag, Auth: auth}
		byID[id] = s
	}
	r := d.renderer()
	done := 0
	results := imagepublish.PublishAll(ctx, jobs, parallelism, imagepublish.Options{}, func(pr imagepublish.Result) {
		if pr.Err != nil {
			return
		}
		done++
		s := byID[pr.Job.ID]
		what := "published"
		if pr.Skipped {
			what = "already published"
		}
		r.Line("%s: image %s [%d/%d] %s (%s)", s.stack.DisplayName, s.image.DisplayName, done, len(jobs), what, pr.Job.Image)
	})
	var errs []error
	for _, pr := range results {
		s := byID[pr.Job.ID]
		switch {
		case pr.Err != nil:
			// Name the image by its display name, not the job's ID.
			msg := strings.TrimPrefix(pr.Err.Error(), "image "+pr.Job.ID+": ")
			errs = append(errs, fmt.Errorf("%s: image %s: %s", s.stack.DisplayName, s.image.DisplayName, msg))
		case pr.Skipped:
			res.Present++
		default:
			res.Uploaded++
		}
	}
	if len(errs) > 0 {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("publishing interrupted: %d of %d images are in their repositories; a tag is written only after its image's layers, so none is half-published: run again to push the rest", res.Uploaded+res.Present, len(jobs)))
		}
		return res, errors.Join(errs...)
	}
	return res, nil
}

// unpushable returns why forma cannot push img, "" when it can: a command
// source other than forma's image archive, or a Dockerfile source without
// the docker CLI.
func unpushable(img imagepublish.ManifestImage) string {
	if len(img.Source.Executable) > 0 {
		if _, ok := ociimage.ArchiveOf(img.Source.Executable); !ok {
			return "its source is a command that forma does not run"
		}
		return ""
	}
	if _, err := exec.LookPath("docker"); err != nil {
		return "its source is a Dockerfile and the docker CLI is not installed (build images without Docker with ecs.ImageFromGoPackage)"
	}
	return ""
}
