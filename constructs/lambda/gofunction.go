package lambda

import (
	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
	"github.com/forma-iac/forma/internal/gobuild"
)

// GoFunctionProps configure NewGoFunction: the entry package and, in
// FunctionProps, everything but Runtime, Handler and Code, which
// NewGoFunction sets.
type GoFunctionProps struct {
	FunctionProps
	// Entry is the function's main package in your module: a directory
	// relative to the working directory ("./cmd/handler") or an import
	// path.
	Entry string
	// BuildTags are Go build tags.
	BuildTags []string
}

// NewGoFunction creates a function whose code is the Go package Entry,
// built at synthesis with the Go toolchain into bootstrap for the
// provided.al2023 runtime: GOOS=linux, GOARCH from Architecture (ARM64 by
// default, X86 for amd64), CGO off, -trimpath, -buildvcs=false and
// -ldflags "-s -w -buildid=", so the same source gives the same zip hash
// and an unchanged function is not updated. Builds are cached by content;
// a package that does not compile is a synthesis error on the function
// with the compiler's output.
func NewGoFunction(scope constructs.Construct, id string, props GoFunctionProps) *Function {
	fp := props.FunctionProps
	fp.Runtime, fp.Handler = ProvidedAL2023, "bootstrap"
	if fp.Architecture == "" {
		fp.Architecture = ARM64
	}
	fp.Code = goCode{entry: props.Entry, arch: fp.Architecture, tags: props.BuildTags}
	return NewFunction(scope, id, fp)
}

type goCode struct {
	entry string
	arch  Architecture
	tags  []string
}

func (c goCode) Bind(scope constructs.Construct) CodeConfig {
	if c.entry == "" {
		return CodeConfig{Problems: []string{"GoFunctionProps.Entry is required: the function's main package, e.g. \"./cmd/handler\""}}
	}
	goarch := "arm64"
	if c.arch == X86 {
		goarch = "amd64"
	}
	res, err := gobuild.Build(gobuild.Options{Entry: c.entry, GOARCH: goarch, Tags: c.tags})
	if err != nil {
		return CodeConfig{Problems: []string{err.Error()}}
	}
	// The build's hash is the fingerprint of its directory: it is not
	// computed again.
	loc := assets.AddFileAsset(constructs.StackOf(scope), assets.FileAsset{
		SourceHash: res.Hash, Path: res.Dir, Packaging: assets.PackagingZip, DisplayName: assets.DisplayNameOf(scope) + "/Code",
	})
	return CodeConfig{Code: lambdacfn.CfnFunction_CodeProperty{S3Bucket: new(loc.BucketName), S3Key: new(loc.ObjectKey)}}
}
