package imagepublish

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// ManifestImage is one docker entry of an asset manifest
// (<Stack>.assets.json), forma's or the AWS CDK's.
type ManifestImage struct {
	// ID is the asset's hash; DisplayName its name (the ID when the
	// manifest names none).
	ID, DisplayName string
	// AssemblyDir is the directory of the manifest, which source paths
	// are relative to.
	AssemblyDir  string
	Source       Source
	Destinations []ImageDestination
}

// ImageDestination is where an image is published; its fields may hold
// ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}.
type ImageDestination struct {
	ID             string
	RepositoryName string `json:"repositoryName"`
	ImageTag       string `json:"imageTag"`
	Region         string `json:"region"`
	AssumeRoleARN  string `json:"assumeRoleArn"`
}

// ReadManifest returns the docker entries of the asset manifest at path,
// sorted by ID, their destinations sorted by ID.
func ReadManifest(path string) ([]ManifestImage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m struct {
		DockerImages map[string]struct {
			DisplayName string `json:"displayName"`
			Source      struct {
				Directory  string            `json:"directory"`
				DockerFile string            `json:"dockerFile"`
				BuildArgs  map[string]string `json:"dockerBuildArgs"`
				Target     string            `json:"dockerBuildTarget"`
				Platform   string            `json:"platform"`
				Executable []string          `json:"executable"`
			} `json:"source"`
			Destinations map[string]ImageDestination `json:"destinations"`
		} `json:"dockerImages"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var out []ManifestImage
	for id, e := range m.DockerImages {
		img := ManifestImage{ID: id, DisplayName: e.DisplayName, AssemblyDir: filepath.Dir(path),
			Source: Source{Directory: e.Source.Directory, DockerFile: e.Source.DockerFile, Executable: e.Source.Executable,
				BuildArgs: e.Source.BuildArgs, Target: e.Source.Target, Platform: e.Source.Platform}}
		if img.DisplayName == "" {
			img.DisplayName = id
		}
		for did, d := range e.Destinations {
			d.ID = did
			img.Destinations = append(img.Destinations, d)
		}
		sort.Slice(img.Destinations, func(i, j int) bool { return img.Destinations[i].ID < img.Destinations[j].ID })
		out = append(out, img)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
