// Package stamp lets a Go build that nothing touched skip `go list` and
// hashing, as the go command's own cache does. A stamp records, for one set
// of build options, the cache key and the path, size and modification time
// of every file and package directory the key was computed from; any
// difference (an edited, added or removed file, a changed go.mod or go.sum,
// another go binary or toolchain) makes Read refuse it, and the caller falls
// back to listing and hashing the sources. Stamps are a shortcut only:
// failures to write one are ignored. Used by internal/gobuild (Lambda
// functions) and internal/ociimage (images).
package stamp
