package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/assetfs"
)

// DefaultAssetParallelism is how many assets are published at once unless
// told otherwise.
const DefaultAssetParallelism = 4

// PublishOptions configure Publish.
type PublishOptions struct {
	// Parallelism bounds the assets published at once
	// (DefaultAssetParallelism when 0).
	Parallelism int
}

// PublishResult counts what Publish did.
type PublishResult struct {
	Uploaded, Present int
}

// publishJob is one file asset destination.
type publishJob struct {
	stack  *Stack
	asset  assembly.Asset
	bucket string
	key    string
	role   string
	env    string // aws://account/region, for messages
}

// Publish uploads the file assets of stacks to their buckets (the
// bootstrap bucket, for assemblies of forma and of the AWS CDK), each with
// the publishing role its manifest names when Roles is set. An object that
// is already there is not uploaded again: one existence check (S3
// HeadObject) each. Uploads are single PUTs, so an interrupted publish
// leaves no partial object: the next run uploads what is missing. Then
// it pushes the stacks' container images to their ECR repositories (the
// bootstrap repository), with the image publishing role, one existence
// check each (a manifest HEAD of the tag); the counts include both.
func (d *Deployer) Publish(ctx context.Context, stacks []*Stack, opts PublishOptions) (PublishResult, error) {
	n := opts.Parallelism
	if n <= 0 {
		n = DefaultAssetParallelism
	}
	files, err := d.publishFiles(ctx, stacks, n)
	if err != nil {
		return files, err
	}
	images, err := d.publishImages(ctx, stacks, n)
	return PublishResult{Uploaded: files.Uploaded + images.Uploaded, Present: files.Present + images.Present}, err
}

// publishFiles uploads the file assets of stacks, n at a time.
func (d *Deployer) publishFiles(ctx context.Context, stacks []*Stack, n int) (PublishResult, error) {
	var jobs []publishJob
	seen := map[string]bool{}
	for _, st := range stacks {
		for _, a := range st.Assets {
			if a.Kind != "file" {
				continue
			}
			if a.Path == "" {
				return PublishResult{}, fmt.Errorf("stack %s: file asset %q is built by a command (an executable source), which forma does not run; publish it with 'cdk publish-assets' and deploy with --assets-published", st.DisplayName, a.DisplayName)
			}
			for _, dest := range a.Destinations {
				j, err := d.jobFor(ctx, st, a, dest)
				if err != nil {
					return PublishResult{}, err
				}
				if k := j.bucket + "/" + j.key; !seen[k] {
					seen[k] = true
					jobs = append(jobs, j)
				}
			}
		}
	}
	if len(jobs) == 0 {
		return PublishResult{}, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu   sync.Mutex
		res  PublishResult
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, n)
	)
	r := d.renderer()
	for _, j := range jobs {
		sem <- struct{}{}
		if ctx.Err() != nil {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			uploaded, err := d.publishOne(ctx, j)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if ctx.Err() == nil || !errors.Is(err, context.Canceled) {
					errs = append(errs, err)
				}
				cancel()
				return
			}
			what := "already published"
			if uploaded {
				res.Uploaded++
				what = "published"
			} else {
				res.Present++
			}
			r.Line("%s: asset %s [%d/%d] %s (s3://%s/%s)", j.stack.DisplayName, j.asset.DisplayName, res.Uploaded+res.Present, len(jobs), what, j.bucket, j.key)
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	if ctx.Err() != nil || res.Uploaded+res.Present < len(jobs) {
		return res, fmt.Errorf("publishing interrupted: %d of %d assets are in their buckets; no partial upload is stored (S3 keeps an object only once its upload completes): run again to publish the rest", res.Uploaded+res.Present, len(jobs))
	}
	return res, nil
}

func (d *Deployer) jobFor(ctx context.Context, st *Stack, a assembly.Asset, dest assembly.FileDestination) (publishJob, error) {
	region := dest.Region
	if region == "" {
		region = st.Region
	}
	if region == "" {
		region = d.Region
	}
	account := st.Account
	needs := strings.Contains(dest.BucketName+dest.ObjectKey+dest.AssumeRoleARN, accountPlaceholder)
	if account == "" && needs {
		acc, err := d.callerAccount(ctx)
		if err != nil {
			return publishJob{}, fmt.Errorf("stack %s: asset %q is published to the bucket %s, which names the account, and the stack is environment-agnostic: reading the current credentials' account (STS GetCallerIdentity): %w", st.DisplayName, a.DisplayName, dest.BucketName, err)
		}
		account = acc
	}
	sub := func(s string) string { return substituteRole(s, account, region) }
	j := publishJob{stack: st, asset: a, bucket: sub(dest.BucketName), key: sub(dest.ObjectKey), env: assembly.Environment(account, region)}
	if dest.AssumeRoleARN != "" && d.Roles != nil {
		j.role = sub(dest.AssumeRoleARN)
	}
	return j, nil
}

// publishOne checks one asset's object and uploads it when missing; it
// reports whether it uploaded.
func (d *Deployer) publishOne(ctx context.Context, j publishJob) (bool, error) {
	up := d.S3
	if j.role != "" {
		rs := d.assume(ctx, j.role)
		if rs.err != nil {
			return false, fmt.Errorf("%s: asset %s: assuming the file publishing role %s: %w; run 'bootstrap %s' (forma bootstrap, or cdk bootstrap) if the role does not exist", j.stack.DisplayName, j.asset.DisplayName, j.role, rs.err, j.env)
		}
		if !rs.fallback {
			up = rs.clients.S3
		}
	}
	if up == nil {
		return false, fmt.Errorf("%s: asset %s: no S3 client is configured to publish it", j.stack.DisplayName, j.asset.DisplayName)
	}
	checker, ok := up.(ObjectChecker)
	if !ok {
		return false, fmt.Errorf("%s: asset %s: the S3 client cannot check objects", j.stack.DisplayName, j.asset.DisplayName)
	}
	exists, err := checker.HeadObject(ctx, j.bucket, j.key)
	if errors.Is(err, ErrNoBucket) {
		return false, fmt.Errorf("%s: asset %s: the bucket %s does not exist: %s is not bootstrapped; run 'bootstrap %s' (forma bootstrap, or cdk bootstrap) and deploy again", j.stack.DisplayName, j.asset.DisplayName, j.bucket, j.env, j.env)
	}
	if err != nil {
		return false, fmt.Errorf("%s: asset %s: %w", j.stack.DisplayName, j.asset.DisplayName, err)
	}
	if exists {
		return false, nil
	}
	body, contentType, err := packageAsset(j.asset)
	if err != nil {
		return false, fmt.Errorf("%s: asset %s: %w", j.stack.DisplayName, j.asset.DisplayName, err)
	}
	if err := up.PutObject(ctx, j.bucket, j.key, body, contentType); err != nil {
		return false, fmt.Errorf("%s: asset %s: uploading to s3://%s/%s: %w", j.stack.DisplayName, j.asset.DisplayName, j.bucket, j.key, err)
	}
	return true, nil
}

// packageAsset returns an asset's upload: a directory zipped
// deterministically, a file as it is.
func packageAsset(a assembly.Asset) ([]byte, string, error) {
	fi, err := os.Stat(a.Path)
	if err != nil {
		return nil, "", fmt.Errorf("its staged copy is missing (%v); synthesize the assembly again", err)
	}
	if fi.IsDir() {
		if a.Packaging != "" && a.Packaging != "zip" {
			return nil, "", fmt.Errorf("%s is a directory and the packaging is %q; a directory is published as a zip file", a.Path, a.Packaging)
		}
		var b bytes.Buffer
		if err := assetfs.Zip(&b, a.Path); err != nil {
			return nil, "", err
		}
		return b.Bytes(), "application/zip", nil
	}
	data, err := os.ReadFile(a.Path)
	if err != nil {
		return nil, "", err
	}
	ct := mime.TypeByExtension(filepath.Ext(a.Path))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return data, ct, nil
}
