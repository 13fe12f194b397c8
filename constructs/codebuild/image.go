package codebuild

import (
	"fmt"
	"slices"

	"github.com/forma-iac/forma/constructs/ecr"
)

// ComputeType is the size of a build's machine (Environment.ComputeType).
type ComputeType string

// The compute types, named as the AWS CDK names them.
const (
	ComputeSmall      ComputeType = "BUILD_GENERAL1_SMALL"
	ComputeMedium     ComputeType = "BUILD_GENERAL1_MEDIUM"
	ComputeLarge      ComputeType = "BUILD_GENERAL1_LARGE"
	ComputeXLarge     ComputeType = "BUILD_GENERAL1_XLARGE"
	Compute2XLarge    ComputeType = "BUILD_GENERAL1_2XLARGE"
	ComputeLambda1GB  ComputeType = "BUILD_LAMBDA_1GB"
	ComputeLambda2GB  ComputeType = "BUILD_LAMBDA_2GB"
	ComputeLambda4GB  ComputeType = "BUILD_LAMBDA_4GB"
	ComputeLambda8GB  ComputeType = "BUILD_LAMBDA_8GB"
	ComputeLambda10GB ComputeType = "BUILD_LAMBDA_10GB"
)

func (c ComputeType) isLambda() bool {
	switch c {
	case ComputeLambda1GB, ComputeLambda2GB, ComputeLambda4GB, ComputeLambda8GB, ComputeLambda10GB:
		return true
	}
	return false
}

// EnvironmentType is the kind of build container (Environment.Type).
type EnvironmentType string

// The environment types of the build images forma offers.
const (
	LinuxContainer             EnvironmentType = "LINUX_CONTAINER"
	ARMContainer               EnvironmentType = "ARM_CONTAINER"
	LinuxGPUContainer          EnvironmentType = "LINUX_GPU_CONTAINER"
	WindowsContainer           EnvironmentType = "WINDOWS_CONTAINER"
	WindowsServer2019Container EnvironmentType = "WINDOWS_SERVER_2019_CONTAINER"
	WindowsServer2022Container EnvironmentType = "WINDOWS_SERVER_2022_CONTAINER"
)

// ImagePullPrincipalType is who pulls the build image: CodeBuild itself
// (its curated images) or the project's service role (any other image).
type ImagePullPrincipalType string

// Image pull principals.
const (
	PullCodeBuild   ImagePullPrincipalType = "CODEBUILD"
	PullServiceRole ImagePullPrincipalType = "SERVICE_ROLE"
)

// BuildImage is a build environment image, as the AWS CDK's IBuildImage:
// the image, its environment type, the compute type it defaults to and who
// pulls it. Use the package's values (LinuxStandard7_0, …) or its From…
// functions.
type BuildImage struct {
	// ImageID is the image name (Environment.Image).
	ImageID string
	// Type is the environment type.
	Type EnvironmentType
	// DefaultComputeType is used when the project names none.
	DefaultComputeType ComputeType
	// PullPrincipal is who pulls the image.
	PullPrincipal ImagePullPrincipalType
	// Repository is the ECR repository the image comes from; the project's
	// role is granted pull on it (nil for other images).
	Repository ecr.IRepository
	// RegistrySecretARN is the complete ARN of a Secrets Manager secret with
	// the registry's credentials (username and password); the service role
	// is granted read on it.
	RegistrySecretARN string
	gpu               *gpuImage
}

// DockerImageOptions are the options of an image from a Docker registry.
type DockerImageOptions struct {
	// SecretsManagerCredentialsARN is the complete ARN of a Secrets Manager
	// secret with the registry's credentials; the service role may read it.
	SecretsManagerCredentialsARN string
}

func withDockerOptions(b BuildImage, opts []DockerImageOptions) BuildImage {
	for _, o := range opts {
		if o.SecretsManagerCredentialsARN != "" {
			b.RegistrySecretARN = o.SecretsManagerCredentialsARN
		}
	}
	return b
}

func curated(t EnvironmentType, c ComputeType, id string) BuildImage {
	return BuildImage{ImageID: id, Type: t, DefaultComputeType: c, PullPrincipal: PullCodeBuild}
}

func linux(id string) BuildImage { return curated(LinuxContainer, ComputeSmall, id) }
func arm(id string) BuildImage   { return curated(ARMContainer, ComputeLarge, id) }
func windows(t EnvironmentType, id string) BuildImage {
	return curated(t, ComputeMedium, id)
}

// The CodeBuild-curated Linux x86-64 images (the AWS CDK's LinuxBuildImage).
var (
	LinuxStandard5_0               = linux("aws/codebuild/standard:5.0")
	LinuxStandard6_0               = linux("aws/codebuild/standard:6.0")
	LinuxStandard7_0               = linux("aws/codebuild/standard:7.0")
	LinuxStandard8_0               = linux("aws/codebuild/standard:8.0")
	LinuxAmazonLinux2_4            = linux("aws/codebuild/amazonlinux2-x86_64-standard:4.0")
	LinuxAmazonLinux2_5            = linux("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
	LinuxAmazonLinux2023_4         = linux("aws/codebuild/amazonlinux-x86_64-standard:4.0")
	LinuxAmazonLinux2023_5         = linux("aws/codebuild/amazonlinux-x86_64-standard:5.0")
	LinuxAmazonLinux2023_6         = linux("aws/codebuild/amazonlinux-x86_64-standard:6.0")
	LinuxAmazonLinux2Corretto8     = linux("aws/codebuild/amazonlinux2-x86_64-standard:corretto8")
	LinuxAmazonLinux2Corretto11    = linux("aws/codebuild/amazonlinux2-x86_64-standard:corretto11")
	LinuxAmazonLinux2023Corretto8  = linux("aws/codebuild/amazonlinux-x86_64-standard:corretto8")
	LinuxAmazonLinux2023Corretto11 = linux("aws/codebuild/amazonlinux-x86_64-standard:corretto11")
)

// The CodeBuild-curated Linux ARM images (the AWS CDK's LinuxArmBuildImage);
// they default to the large compute type.
var (
	LinuxArmAmazonLinux2Standard2_0    = arm("aws/codebuild/amazonlinux2-aarch64-standard:2.0")
	LinuxArmAmazonLinux2Standard3_0    = arm("aws/codebuild/amazonlinux2-aarch64-standard:3.0")
	LinuxArmAmazonLinux2023Standard2_0 = arm("aws/codebuild/amazonlinux-aarch64-standard:2.0")
	LinuxArmAmazonLinux2023Standard3_0 = arm("aws/codebuild/amazonlinux-aarch64-standard:3.0")
	LinuxArmAmazonLinux2023Standard4_0 = arm("aws/codebuild/amazonlinux-aarch64-standard:4.0")
)

// The CodeBuild-curated Windows images (the AWS CDK's WindowsBuildImage);
// they default to the medium compute type.
var (
	WindowsBase2_0               = windows(WindowsContainer, "aws/codebuild/windows-base:2.0")
	WindowsServerCore2019Base2_0 = windows(WindowsServer2019Container, "aws/codebuild/windows-base:2019-2.0")
	WindowsServerCore2019Base3_0 = windows(WindowsServer2019Container, "aws/codebuild/windows-base:2019-3.0")
	WindowsServerCore2022Base3_0 = windows(WindowsServer2022Container, "aws/codebuild/windows-base:2022-1.0")
)

// LinuxImageFromCodeBuildImageID is a curated Linux x86-64 image by name,
// for images newer than this package's values.
func LinuxImageFromCodeBuildImageID(id string) BuildImage { return linux(id) }

// LinuxImageFromDockerRegistry is a Linux x86-64 image from a public Docker
// registry, pulled by the service role.
func LinuxImageFromDockerRegistry(name string, opts ...DockerImageOptions) BuildImage {
	return withDockerOptions(BuildImage{ImageID: name, Type: LinuxContainer, DefaultComputeType: ComputeSmall, PullPrincipal: PullServiceRole}, opts)
}

// LinuxImageFromECRRepository is a Linux x86-64 image from an ECR
// repository at tag (default "latest"); the service role is granted pull.
func LinuxImageFromECRRepository(repo ecr.IRepository, tag string) BuildImage {
	return fromECR(LinuxContainer, ComputeSmall, repo, tag)
}

// LinuxArmImageFromECRRepository is a Linux ARM image from an ECR
// repository at tag (default "latest"); the service role is granted pull.
func LinuxArmImageFromECRRepository(repo ecr.IRepository, tag string) BuildImage {
	return fromECR(ARMContainer, ComputeLarge, repo, tag)
}

// WindowsImageFromDockerRegistry is a Windows image of type t (default
// WindowsContainer) from a Docker registry, pulled by the service role.
func WindowsImageFromDockerRegistry(name string, t EnvironmentType, opts ...DockerImageOptions) BuildImage {
	if t == "" {
		t = WindowsContainer
	}
	return withDockerOptions(BuildImage{ImageID: name, Type: t, DefaultComputeType: ComputeMedium, PullPrincipal: PullServiceRole}, opts)
}

// WindowsImageFromECRRepository is a Windows image of type t (default
// WindowsContainer) from an ECR repository at tag (default "latest").
func WindowsImageFromECRRepository(repo ecr.IRepository, tag string, t EnvironmentType) BuildImage {
	if t == "" {
		t = WindowsContainer
	}
	return fromECR(t, ComputeMedium, repo, tag)
}

func fromECR(t EnvironmentType, c ComputeType, repo ecr.IRepository, tag string) BuildImage {
	if tag == "" {
		tag = "latest"
	}
	return BuildImage{ImageID: repo.RepositoryURIForTag(tag), Type: t, DefaultComputeType: c, PullPrincipal: PullServiceRole, Repository: repo}
}

func (b BuildImage) isWindows() bool {
	return b.Type == WindowsContainer || b.Type == WindowsServer2019Container || b.Type == WindowsServer2022Container
}

// validate returns the problems of using the image with env, as the AWS
// CDK's IBuildImage.validate.
func (b BuildImage) validate(env BuildEnvironment) []string {
	var out []string
	if b.ImageID == "" && b.gpu == nil {
		out = append(out, "the build image has no ImageID; use a codebuild image value such as codebuild.LinuxStandard7_0")
	}
	switch {
	case b.isLambda():
		out = append(out, b.validateLambda(env)...)
	case b.Type == LinuxGPUContainer:
		if env.ComputeType != "" && env.ComputeType != ComputeLarge && env.ComputeType != ComputeSmall {
			out = append(out, fmt.Sprintf("GPU images only support ComputeType '%s' and '%s' - '%s' was given", ComputeLarge, ComputeSmall, env.ComputeType))
		}
	case b.isWindows():
		if env.Privileged {
			out = append(out, "Windows images do not support privileged mode")
		}
		if env.ComputeType.isLambda() {
			out = append(out, "Windows images do not support Lambda compute types")
		}
		if slices.Contains([]ComputeType{ComputeSmall, ComputeXLarge, Compute2XLarge}, env.ComputeType) {
			out = append(out, fmt.Sprintf("Windows images do not support the '%s' compute type", env.ComputeType))
		}
	case b.Type == ARMContainer:
		if env.ComputeType.isLambda() {
			out = append(out, fmt.Sprintf("ARM images do not support Lambda ComputeTypes, got %s", env.ComputeType))
		}
	default:
		if env.ComputeType.isLambda() {
			out = append(out, "x86-64 images do not support Lambda compute types")
		}
	}
	return out
}
