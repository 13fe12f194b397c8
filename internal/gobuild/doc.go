// Package gobuild builds a main package of the user's module into a Lambda
// deployment directory (one executable, bootstrap, for the provided.al2023
// runtime) with the Go toolchain, reproducibly, and caches the result by
// content: a hash of the Go files of every package of the module the entry
// depends on, go.mod and go.sum, the versions of the other modules, the Go
// toolchain's version and the build flags. An unchanged function is not
// built again, and the same source gives the same bytes, so the same asset
// hash, on any machine with the same Go version.
package gobuild
