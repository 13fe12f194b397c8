package assets

import (
	"path/filepath"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assetfs"
)

// AssetProps configures an Asset.
type AssetProps struct {
	// Path is the file or directory, absolute or relative to the working
	// directory.
	Path string
	// Exclude lists glob patterns (.gitignore-like) of files left out of a
	// directory.
	Exclude []string
}

// Asset is a local file or directory published to the bootstrap bucket,
// as the AWS CDK's aws_s3_assets.Asset: a directory is uploaded as a zip
// file, a file as it is.
type Asset struct {
	constructs.Construct
	// AssetHash is the content hash ("" when the path could not be read).
	AssetHash string
	// IsZipArchive reports a directory, uploaded as a zip file.
	IsZipArchive bool
	// Location holds the bucket, key and URLs as tokens.
	Location FileLocation
}

// S3BucketName is the bootstrap bucket's name (a token).
func (a *Asset) S3BucketName() string { return a.Location.BucketName }

// S3ObjectKey is the object key.
func (a *Asset) S3ObjectKey() string { return a.Location.ObjectKey }

// S3ObjectURL is s3://bucket/key.
func (a *Asset) S3ObjectURL() string { return a.Location.S3ObjectURL }

// HTTPURL is the object's https URL.
func (a *Asset) HTTPURL() string { return a.Location.HTTPURL }

// NewAsset fingerprints props.Path and adds it to scope's stack. A path
// that cannot be read is a synthesis error on the asset.
func NewAsset(scope constructs.Construct, id string, props AssetProps) *Asset {
	a := &Asset{Construct: constructs.New(scope, id)}
	src, err := filepath.Abs(props.Path)
	if props.Path == "" {
		constructs.AnnotationsOf(a).AddError("AssetProps.Path is required: the file or directory to publish")
		return a
	}
	if err != nil {
		constructs.AnnotationsOf(a).AddError(err.Error())
		return a
	}
	loc, isDir, err := AddPath(constructs.StackOf(a), src, props.Exclude, DisplayNameOf(a))
	if err != nil {
		constructs.AnnotationsOf(a).AddError(err.Error())
		return a
	}
	a.Location, a.IsZipArchive = loc, isDir
	a.AssetHash = hashOf(loc)
	return a
}

func hashOf(loc FileLocation) string {
	k := loc.ObjectKey
	if i := len(k) - len(filepath.Ext(k)); i > 0 {
		return k[:i]
	}
	return k
}

// AddPath fingerprints the file or directory src (absolute) and adds it to
// stack: a directory zipped, a file as it is. It reports whether src is a
// directory.
func AddPath(stack *constructs.Stack, src string, exclude []string, displayName string) (FileLocation, bool, error) {
	entries, err := assetfs.Walk(src, exclude)
	if err != nil {
		return FileLocation{}, false, err
	}
	isDir := !(len(entries) == 1 && entries[0].Real == src)
	hash, err := assetfs.FingerprintEntries(entries, exclude, isDir)
	if err != nil {
		return FileLocation{}, false, err
	}
	p := PackagingZip
	if !isDir {
		p = PackagingFile
	}
	return AddFileAsset(stack, FileAsset{SourceHash: hash, Path: src, Exclude: exclude, Packaging: p, DisplayName: displayName}), isDir, nil
}

// DisplayNameOf is c's path below its stack, the display name the AWS CDK
// gives an asset.
func DisplayNameOf(c constructs.Construct) string {
	st := constructs.TryStackOf(c)
	p := c.Node().Path()
	if st != nil {
		if sp := st.Node().Path(); len(p) > len(sp) && p[:len(sp)] == sp {
			return p[len(sp)+1:]
		}
	}
	return p
}
