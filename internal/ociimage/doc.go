// Package ociimage builds container images without Docker: a Go package of
// the user's module is compiled for Linux and laid, as one layer, on a base
// image (a small distroless image by default, or nothing at all), with
// github.com/google/go-containerregistry doing the image format work.
//
// Invariants: the same source, base and options give the same image digest
// on any machine with the same Go toolchain — the binary is built with
// -trimpath, -buildvcs=false and an empty build ID, the layer has fixed
// times, owners and modes, the config has a fixed creation time, and every
// descriptor uses the Docker media types, so that the image survives the
// docker-archive tarball staged in the cloud assembly byte for byte. Builds
// are cached by a key over the sources that go into the binary; base images
// are cached by digest in the user cache directory. Nothing here links the
// AWS SDK: pushing to ECR lives in internal/imagepublish.
package ociimage
