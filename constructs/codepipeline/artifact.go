package codepipeline

import (
	"fmt"
	"regexp"

	"github.com/forma-iac/forma/constructs/token"
)

// Artifact is a pipeline artifact: the output of one action and the input
// of later ones, the AWS CDK's codepipeline.Artifact. An artifact made
// without a name is named by the action that produces it,
// "Artifact_<stage>_<action>", as the AWS CDK names it.
type Artifact struct {
	name  string
	files []string
}

var artifactNameRE = regexp.MustCompile(`^[a-zA-Z0-9_\-]{1,100}$`)

// NewArtifact returns an artifact; name may be empty (the producing action
// names it) and files lists the files of the output artifact (V2 only).
func NewArtifact(name string, files ...string) *Artifact {
	return &Artifact{name: name, files: files}
}

// ArtifactName returns the artifact's name: a token that resolves to the
// name the producing action gives it when it has none yet.
func (a *Artifact) ArtifactName() string {
	if a.name != "" {
		return a.name
	}
	return token.AsString(token.Func(func(*token.Context) (any, error) {
		if a.name == "" {
			return nil, fmt.Errorf("an artifact without a name is consumed but never produced in the pipeline")
		}
		return a.name, nil
	}))
}

// named reports whether the artifact has a name.
func (a *Artifact) named() bool { return a.name != "" }

// AtPath returns "<artifact>::<file>", the location of a file in the
// artifact as the CloudFormation actions take it.
func (a *Artifact) AtPath(file string) ArtifactPath { return ArtifactPath{Artifact: a, FileName: file} }

// BucketName is the artifact's bucket (Fn::GetArtifactAtt), for the
// parameter overrides of a CloudFormation action.
func (a *Artifact) BucketName() string { return a.artifactAttribute("BucketName") }

// ObjectKey is the artifact's object key (Fn::GetArtifactAtt).
func (a *Artifact) ObjectKey() string { return a.artifactAttribute("ObjectKey") }

// URL is the artifact's URL (Fn::GetArtifactAtt).
func (a *Artifact) URL() string { return a.artifactAttribute("URL") }

// GetParam reads keyName from the JSON file jsonFile of the artifact
// (Fn::GetParam).
func (a *Artifact) GetParam(jsonFile, keyName string) string {
	return token.AsString(token.Func(func(ctx *token.Context) (any, error) {
		return map[string]any{"Fn::GetParam": []any{a.ArtifactName(), jsonFile, keyName}}, nil
	}))
}

func (a *Artifact) artifactAttribute(attr string) string {
	return token.AsString(token.Func(func(ctx *token.Context) (any, error) {
		return map[string]any{"Fn::GetArtifactAtt": []any{a.ArtifactName(), attr}}, nil
	}))
}

// ArtifactPath is a file in an artifact.
type ArtifactPath struct {
	Artifact *Artifact
	FileName string
}

// Location returns "<artifact>::<file>".
func (p ArtifactPath) Location() string {
	if p.Artifact == nil {
		return p.FileName
	}
	return p.Artifact.ArtifactName() + "::" + p.FileName
}
