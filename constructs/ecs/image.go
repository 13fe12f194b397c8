package ecs

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecr/ecrcfn"
)

// ImageConfig is what a ContainerImage gives the container it is bound to.
type ImageConfig struct {
	// ImageName is the container definition's Image.
	ImageName string
}

// ContainerImage is the image of a container.
type ContainerImage interface {
	// Bind is called once, when the image is given to a container; it may
	// grant the task's execution role access to the image.
	Bind(c *ContainerDefinition) ImageConfig
}

// ImageFromRegistry is an image from a public registry (Docker Hub:
// "amazon/amazon-ecs-sample", or "registry.example.com/repo:tag").
func ImageFromRegistry(name string) ContainerImage { return registryImage(name) }

type registryImage string

func (r registryImage) Bind(*ContainerDefinition) ImageConfig {
	return ImageConfig{ImageName: string(r)}
}

// ECRRepository adapts an AWS::ECR::Repository L1 to an ecr.IRepository
// (it is ecr.RepositoryFromCfn).
func ECRRepository(r *ecrcfn.CfnRepository) ecr.IRepository { return ecr.RepositoryFromCfn(r) }

// ImageFromECRRepository is an image in an ECR repository (an
// ecr.Repository, ecr.RepositoryFromName or ECRRepository); tag default
// "latest", and a digest "sha256:…" names the image by digest
// (REPOSITORY_URI@sha256:…). The task's execution role is granted pull
// access with the repository's GrantPull, as the AWS CDK's EcrImage grants it.
func ImageFromECRRepository(repo ecr.IRepository, tag string) ContainerImage {
	if tag == "" {
		tag = "latest"
	}
	return ecrImage{repo: repo, tag: tag}
}

type ecrImage struct {
	repo ecr.IRepository
	tag  string
}

func (e ecrImage) Bind(c *ContainerDefinition) ImageConfig {
	if constructs.IsNil(e.repo) {
		c.Errorf("ImageFromECRRepository was given a nil repository; pass the ecr.Repository (or ecr.RepositoryFromName) that holds the image")
		return ImageConfig{}
	}
	e.repo.GrantPull(c.TaskDefinition.ObtainExecutionRole())
	sep := ":"
	if strings.HasPrefix(e.tag, "sha256:") {
		sep = "@"
	}
	return ImageConfig{ImageName: e.repo.RepositoryURI() + sep + e.tag}
}
