// Package imagepublish pushes the container images of a cloud assembly to
// their ECR repositories without Docker: an image forma built (the
// docker-archive tarball of an executable source from internal/ociimage)
// is pushed with go-containerregistry; a Dockerfile source is built with
// the docker CLI and then pushed the same way.
//
// Invariants: one existence check (a manifest HEAD of the tag) per image
// decides whether it is pushed; blobs are uploaded before the tagged
// manifest, so a push that is interrupted leaves the tag absent and the
// next publish pushes the image again — nothing half-pushed counts as
// published. Publish is safe for concurrent use; PublishAll bounds it.
package imagepublish
