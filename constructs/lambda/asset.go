package lambda

import (
	"path/filepath"
	"strings"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
)

// AssetCodeOptions configure CodeFromAsset.
type AssetCodeOptions struct {
	// Exclude lists glob patterns (.gitignore-like) of files left out of
	// the directory.
	Exclude []string
}

type assetCode struct {
	path string
	opts AssetCodeOptions
}

// CodeFromAsset is a local directory, zipped and published to the
// bootstrap bucket, or a .zip or .jar file published as it is, as the AWS
// CDK's Code.fromAsset: same hash, same object key, same template.
func CodeFromAsset(path string, opts ...AssetCodeOptions) Code {
	c := assetCode{path: path}
	if len(opts) > 0 {
		c.opts = opts[0]
	}
	return c
}

func (c assetCode) Bind(scope constructs.Construct) CodeConfig {
	if c.path == "" {
		return CodeConfig{Problems: []string{"CodeFromAsset needs the path of a directory or a .zip file"}}
	}
	src, err := filepath.Abs(c.path)
	if err != nil {
		return CodeConfig{Problems: []string{err.Error()}}
	}
	return bindPath(scope, src, c.opts.Exclude)
}

func bindPath(scope constructs.Construct, src string, exclude []string) CodeConfig {
	loc, isDir, err := assets.AddPath(constructs.StackOf(scope), src, exclude, assets.DisplayNameOf(scope)+"/Code")
	if err != nil {
		return CodeConfig{Problems: []string{err.Error()}}
	}
	if !isDir {
		ext := strings.ToLower(filepath.Ext(src))
		if ext != ".zip" && ext != ".jar" {
			return CodeConfig{Problems: []string{"CodeFromAsset: " + src + " is a file but not a .zip or .jar archive; give the directory that holds the code, or a zip file of it"}}
		}
	}
	return CodeConfig{Code: lambdacfn.CfnFunction_CodeProperty{S3Bucket: new(loc.BucketName), S3Key: new(loc.ObjectKey)}}
}
