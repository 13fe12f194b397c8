package codebuild

import "fmt"

// The Lambda compute environment types.
const (
	LinuxLambdaContainer EnvironmentType = "LINUX_LAMBDA_CONTAINER"
	ARMLambdaContainer   EnvironmentType = "ARM_LAMBDA_CONTAINER"
)

// LinuxLambdaImage is a CodeBuild-curated image for Lambda compute on x86-64
// by name ("aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs22"), as
// the AWS CDK's LinuxLambdaBuildImage: it runs on the Lambda compute types
// (default ComputeLambda1GB), without image pull credentials, timeouts,
// cache, badge or privileged mode.
func LinuxLambdaImage(id string) BuildImage {
	return BuildImage{ImageID: id, Type: LinuxLambdaContainer, DefaultComputeType: ComputeLambda1GB}
}

// LinuxArmLambdaImage is LinuxLambdaImage on ARM
// ("aws/codebuild/amazonlinux-aarch64-lambda-standard:nodejs22").
func LinuxArmLambdaImage(id string) BuildImage {
	return BuildImage{ImageID: id, Type: ARMLambdaContainer, DefaultComputeType: ComputeLambda1GB}
}

// Some curated images for Lambda compute (the AWS CDK's LinuxLambdaBuildImage
// and LinuxArmLambdaBuildImage); LinuxLambdaImage names the others.
var (
	LinuxLambdaAmazonLinux2023Node22     = LinuxLambdaImage("aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs22")
	LinuxLambdaAmazonLinux2023Python3_13 = LinuxLambdaImage("aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.13")
	LinuxLambdaAmazonLinux2023Go1_24     = LinuxLambdaImage("aws/codebuild/amazonlinux-x86_64-lambda-standard:go1.24")
	LinuxLambdaAmazonLinux2023Corretto21 = LinuxLambdaImage("aws/codebuild/amazonlinux-x86_64-lambda-standard:corretto21")
	LinuxArmLambdaAmazonLinux2023Node22  = LinuxArmLambdaImage("aws/codebuild/amazonlinux-aarch64-lambda-standard:nodejs22")
	LinuxArmLambdaAmazonLinux2023Go1_24  = LinuxArmLambdaImage("aws/codebuild/amazonlinux-aarch64-lambda-standard:go1.24")
)

func (b BuildImage) isLambda() bool {
	return b.Type == LinuxLambdaContainer || b.Type == ARMLambdaContainer
}

func (b BuildImage) validateLambda(env BuildEnvironment) []string {
	var out []string
	if env.Privileged {
		out = append(out, "Lambda compute type does not support privileged mode")
	}
	if env.ComputeType != "" && !env.ComputeType.isLambda() {
		out = append(out, fmt.Sprintf("Lambda images only support Lambda ComputeTypes between '%s' and '%s', got '%s'", ComputeLambda1GB, ComputeLambda10GB, env.ComputeType))
	}
	return out
}

func (p *Project) validateLambdaProject(props ProjectProps) {
	if props.Timeout != 0 {
		p.problems = append(p.problems, "Cannot specify timeout for Lambda compute")
	}
	if props.QueuedTimeout != 0 {
		p.problems = append(p.problems, "Cannot specify queuedTimeout for Lambda compute")
	}
	if props.Cache.bucket != nil || len(props.Cache.modes) > 0 {
		p.problems = append(p.problems, "Cannot specify cache for Lambda compute")
	}
	if props.Badge {
		p.problems = append(p.problems, "Cannot enable badge for Lambda compute")
	}
}
