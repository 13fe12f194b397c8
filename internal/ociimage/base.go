package ociimage

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// pullBase returns the base image for spec's platform. A reference by digest
// found in the cache needs no registry; a reference by tag is resolved to a
// digest (one request) and its layers come from the cache when that digest
// was pulled before.
func pullBase(ctx context.Context, spec GoSpec) (v1.Image, error) {
	ref, err := name.ParseReference(spec.Base)
	if err != nil {
		return nil, fmt.Errorf("base image %q is not an image reference: %v", spec.Base, err)
	}
	dir := filepath.Join(spec.CacheDir, "base")
	if d, ok := ref.(name.Digest); ok {
		if img, err := ReadTarball(cachedBase(dir, d.DigestStr(), spec.Arch)); err == nil {
			return img, nil
		}
	}
	platform := v1.Platform{OS: "linux", Architecture: spec.Arch}
	opts := append([]remote.Option{remote.WithContext(ctx), remote.WithPlatform(platform)}, spec.Remote...)
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return nil, pullError(spec.Base, err)
	}
	p := cachedBase(dir, desc.Digest.String(), spec.Arch)
	if img, err := ReadTarball(p); err == nil {
		return img, nil
	}
	img, err := desc.Image()
	if err != nil {
		return nil, pullError(spec.Base, err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, pullError(spec.Base, err)
	}
	if cfg.OS != "linux" || cfg.Architecture != spec.Arch {
		return nil, fmt.Errorf("base image %s is for %s/%s, not linux/%s: choose a base built for linux/%s", spec.Base, cfg.OS, cfg.Architecture, spec.Arch, spec.Arch)
	}
	if err := writeTarball(p, img); err != nil {
		return nil, pullError(spec.Base, err)
	}
	return ReadTarball(p)
}

func cachedBase(dir, digest, arch string) string {
	return filepath.Join(dir, fmt.Sprintf("%s-%s.tar", digestFile(digest), arch))
}

func digestFile(digest string) string {
	h, err := v1.NewHash(digest)
	if err != nil {
		return "invalid"
	}
	return h.Algorithm + "-" + h.Hex
}

func pullError(base string, err error) error {
	return fmt.Errorf("cannot pull base image %s: %v; check the name and the network (or log in to the registry), or build on no base with Base: %q", base, err, Scratch)
}
