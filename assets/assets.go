package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// The bootstrap resources of the AWS CDK's default synthesizer (qualifier
// hnb659fds), with ${AWS::...} placeholders as the asset manifest writes
// them.
const (
	Qualifier                 = "hnb659fds"
	BucketName                = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"
	RepositoryName            = "cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}"
	FilePublishingRoleARN     = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}"
	ImagePublishingRoleARN    = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-image-publishing-role-${AWS::AccountId}-${AWS::Region}"
	BootstrapVersionParameter = "/cdk-bootstrap/hnb659fds/version"
)

// Packaging is how a file asset is uploaded.
type Packaging string

// Packagings.
const (
	// PackagingZip uploads a directory as a zip file (<hash>.zip).
	PackagingZip Packaging = "zip"
	// PackagingFile uploads a file as it is (<hash><extension>).
	PackagingFile Packaging = "file"
)

// FileAsset is a file or directory to publish to the bootstrap bucket.
type FileAsset struct {
	// SourceHash identifies the content (Fingerprint's result for a plain
	// source); it names the staged copy and the object key.
	SourceHash string
	// Path is the file or directory on disk that synthesis copies into the
	// assembly.
	Path string
	// Exclude lists glob patterns of files not copied (the same patterns
	// the hash was computed with).
	Exclude []string
	// Packaging is PackagingZip for a directory, PackagingFile for a file.
	Packaging Packaging
	// DisplayName names the asset in the manifest and progress output,
	// e.g. the construct path below the stack.
	DisplayName string
	// InAssembly marks a file that synthesis writes into the cloud
	// assembly itself (a nested stack's template): Path is its name in the
	// assembly, and it is not copied there.
	InAssembly bool
}

// FileLocation is where a file asset is published, as tokens that resolve
// in the stack's template.
type FileLocation struct {
	BucketName  string // the bootstrap bucket (Fn::Sub)
	ObjectKey   string // <hash>.zip or <hash><extension>
	HTTPURL     string // https://s3.<region>.<suffix>/<bucket>/<key>
	S3ObjectURL string // s3://<bucket>/<key>
}

// DockerImageAsset is a container image to publish to the bootstrap
// repository.
type DockerImageAsset struct {
	// SourceHash identifies the image's content; it is the image tag.
	SourceHash string
	// Directory, when set, is a directory on disk, staged into the
	// assembly as asset.<hash>, that the publisher builds (a Docker build
	// context with its Dockerfile, or an OCI image layout).
	Directory string
	// DockerFile is the Dockerfile's path in Directory (default
	// "Dockerfile"); DockerBuildArgs, DockerBuildTarget and Platform are
	// passed to docker build.
	DockerFile        string
	DockerBuildArgs   map[string]string
	DockerBuildTarget string
	Platform          string
	// Executable, instead of Directory, is a command that builds the image
	// and prints its name (the asset manifest's executable source).
	Executable []string
	// Archive, with Executable, is a file on disk (an image tarball) staged
	// into the assembly as asset.<hash><extension>, for the executable to
	// read.
	Archive string
	// DisplayName names the asset in the manifest and progress output.
	DisplayName string
}

// ImageLocation is where an image asset is published.
type ImageLocation struct {
	RepositoryName string // the bootstrap repository (Fn::Sub)
	ImageTag       string // the source hash
	ImageURI       string // <account>.dkr.ecr.<region>.<suffix>/<repository>:<tag>
}

// metadataType marks the stack metadata entries that hold its assets.
const metadataType = "forma:asset"

// Entry is one asset of a stack, as synthesis reads it: exactly one of File
// and Image is set.
type Entry struct {
	File  *FileAsset
	Image *DockerImageAsset
}

// Hash is the entry's source hash.
func (e Entry) Hash() string {
	if e.File != nil {
		return e.File.SourceHash
	}
	return e.Image.SourceHash
}

// AddFileAsset adds a file asset to stack and returns its location. Adding
// the same hash twice adds it once.
func AddFileAsset(stack *constructs.Stack, a FileAsset) FileLocation {
	if a.Packaging == "" {
		a.Packaging = PackagingZip
	}
	if !has(stack, a.SourceHash, true) {
		stack.Node().AddMetadata(metadataType, Entry{File: &a})
	}
	key := ObjectKey(a)
	return FileLocation{
		BucketName:  cfn.Sub(BucketName),
		ObjectKey:   key,
		HTTPURL:     cfn.Sub("https://s3.${AWS::Region}.${AWS::URLSuffix}/" + BucketName + "/" + key),
		S3ObjectURL: cfn.Sub("s3://" + BucketName + "/" + key),
	}
}

// ObjectKey is the object key of a file asset in the bootstrap bucket.
func ObjectKey(a FileAsset) string {
	if a.Packaging == PackagingFile {
		return a.SourceHash + filepath.Ext(a.Path)
	}
	return a.SourceHash + ".zip"
}

// AddDockerImageAsset adds an image asset to stack and returns its
// location. Adding the same hash twice adds it once.
func AddDockerImageAsset(stack *constructs.Stack, a DockerImageAsset) ImageLocation {
	if !has(stack, a.SourceHash, false) {
		stack.Node().AddMetadata(metadataType, Entry{Image: &a})
	}
	return ImageLocation{
		RepositoryName: cfn.Sub(RepositoryName),
		ImageTag:       a.SourceHash,
		ImageURI:       cfn.Sub("${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/" + RepositoryName + ":" + a.SourceHash),
	}
}

func has(stack *constructs.Stack, hash string, file bool) bool {
	for _, e := range Of(stack) {
		if e.Hash() == hash && (e.File != nil) == file {
			return true
		}
	}
	return false
}

// Of returns the assets added to stack, in the order they were added.
func Of(stack *constructs.Stack) []Entry {
	var out []Entry
	for _, md := range stack.Node().Metadata() {
		if md.Type == metadataType {
			out = append(out, md.Data.(Entry))
		}
	}
	return out
}

// StagedName is the name of an asset's copy in the cloud assembly, as the
// AWS CDK names it: asset.<hash> for a directory, asset.<hash><extension>
// for a file; "" for a file synthesis writes into the assembly itself.
func (e Entry) StagedName() string {
	if e.File != nil && e.File.InAssembly {
		return "" // in the assembly already
	}
	if e.File != nil && e.File.Packaging == PackagingFile {
		return "asset." + e.File.SourceHash + filepath.Ext(e.File.Path)
	}
	if e.Image != nil && e.Image.Archive != "" {
		return "asset." + e.Image.SourceHash + filepath.Ext(e.Image.Archive)
	}
	if e.Image != nil && e.Image.Directory == "" {
		return ""
	}
	return "asset." + e.Hash()
}

// DestinationID is the key of a destination in the asset manifest, as the
// AWS CDK writes it: the environment (current_account-current_region when
// unknown) and the first 8 hex characters of the SHA-256 of the
// destination's JSON.
func DestinationID(env constructs.Environment, dest any) string {
	data, _ := json.Marshal(dest)
	sum := sha256.Sum256(data)
	account, region := env.Account, env.Region
	if account == "" || token.IsUnresolved(account) {
		account = "current_account"
	}
	if region == "" || token.IsUnresolved(region) {
		region = "current_region"
	}
	return account + "-" + region + "-" + hex.EncodeToString(sum[:])[:8]
}
