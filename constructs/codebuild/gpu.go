package codebuild

import (
	"fmt"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// dlcAccounts are the accounts of the AWS Deep Learning Containers
// repositories by region, as the AWS CDK's region-info (DLC_REPOSITORY_ACCOUNT).
var dlcAccounts = map[string]string{
	"ap-east-1": "871362719292", "ap-east-2": "975050140332", "ap-northeast-1": "763104351884",
	"ap-northeast-2": "763104351884", "ap-south-1": "763104351884", "ap-south-2": "772153158452",
	"ap-southeast-1": "763104351884", "ap-southeast-2": "763104351884", "ap-southeast-3": "907027046896",
	"ap-southeast-4": "457447274322", "ap-southeast-6": "633930458069", "ca-central-1": "763104351884",
	"cn-north-1": "727897471807", "cn-northwest-1": "727897471807", "eu-central-1": "763104351884",
	"eu-central-2": "380420809688", "eu-north-1": "763104351884", "eu-south-1": "692866216735",
	"eu-south-2": "503227376785", "eu-west-1": "763104351884", "eu-west-2": "763104351884",
	"eu-west-3": "763104351884", "eusc-de-east-1": "204133271717", "me-central-1": "914824155844",
	"me-south-1": "217643126080", "me-west-1": "124382933778", "sa-east-1": "763104351884",
	"us-east-1": "763104351884", "us-east-2": "763104351884", "us-isof-east-1": "303241398832",
	"us-isof-south-1": "454834333376", "us-west-1": "763104351884", "us-west-2": "763104351884",
}

// LinuxGPUImage is an image of an AWS Deep Learning Containers repository
// (or another account's ECR repository when account is given), as the AWS
// CDK's LinuxGpuBuildImage.awsDeepLearningContainersImage: the account is
// looked up by region (a DlcRepositoryAccountMap mapping for a stack without
// a region), and the project's role is granted pull on the repository. GPU
// images run on the large (default) or small compute type.
func LinuxGPUImage(repositoryName, tag, account string) BuildImage {
	return BuildImage{Type: LinuxGPUContainer, DefaultComputeType: ComputeLarge, PullPrincipal: PullServiceRole,
		gpu: &gpuImage{repository: repositoryName, tag: tag, account: account}}
}

type gpuImage struct{ repository, tag, account string }

// The AWS Deep Learning Containers images of the AWS CDK's LinuxGpuBuildImage.
var (
	DLCTensorFlow2_1_0Training  = LinuxGPUImage("tensorflow-training", "2.1.0-gpu-py36-cu101-ubuntu18.04", "")
	DLCTensorFlow2_1_0Inference = LinuxGPUImage("tensorflow-inference", "2.1.0-gpu-py36-cu101-ubuntu18.04", "")
	DLCTensorFlow2_2_0Training  = LinuxGPUImage("tensorflow-training", "2.2.0-gpu-py37-cu101-ubuntu18.04", "")
	DLCPyTorch1_4_0Training     = LinuxGPUImage("pytorch-training", "1.4.0-gpu-py36-cu101-ubuntu16.04", "")
	DLCPyTorch1_4_0Inference    = LinuxGPUImage("pytorch-inference", "1.4.0-gpu-py36-cu101-ubuntu16.04", "")
	DLCPyTorch1_5_0Training     = LinuxGPUImage("pytorch-training", "1.5.0-gpu-py36-cu101-ubuntu16.04", "")
	DLCPyTorch1_5_0Inference    = LinuxGPUImage("pytorch-inference", "1.5.0-gpu-py36-cu101-ubuntu16.04", "")
	DLCMXNet1_6_0               = LinuxGPUImage("mxnet-training", "1.6.0-gpu-py36-cu101-ubuntu16.04", "")
)

// bindGPU sets the image of a GPU build and grants pull on its repository,
// as the AWS CDK's LinuxGpuBuildImage.bind.
func (p *Project) bindGPU(g *gpuImage) {
	stack := constructs.StackOf(p)
	account := g.account
	if account == "" {
		region := stack.Region()
		if !token.IsUnresolved(region) {
			a, ok := dlcAccounts[region]
			if !ok {
				p.problems = append(p.problems, fmt.Sprintf("no AWS Deep Learning Containers repository is known in region %s; give the image's account (codebuild.LinuxGPUImage)", region))
			}
			account = a
		} else {
			m, _ := stack.Node().TryFindChild("DlcRepositoryAccountMap").(*cfn.Mapping)
			if m == nil {
				values := map[string]map[string]any{}
				for r, a := range dlcAccounts {
					values[r] = map[string]any{"value": a}
				}
				m = cfn.NewMapping(stack, "DlcRepositoryAccountMap", values)
			}
			account = m.FindInMap(token.PseudoRef("AWS::Region"), "value")
		}
	}
	p.Resource.Props.Environment.Image = account + ".dkr.ecr." + token.PseudoRef("AWS::Region") + "." + token.PseudoRef("AWS::URLSuffix") + "/" + g.repository + ":" + g.tag
	p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
		Resources: []string{"arn:" + stack.Partition() + ":ecr:" + stack.Region() + ":" + account + ":repository/" + g.repository},
	}))
	p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []string{"*"}}))
}
