package synth

import (
	"fmt"
	"path/filepath"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/assetfs"
)

// StagedAsset is an asset source that writing the assembly copies into it.
type StagedAsset struct {
	Name    string   // asset.<hash>[.ext], relative to the app's assembly ("/"-separated; under the nested assembly of a stack in a stage)
	Source  string   // the file or directory on disk
	Exclude []string // patterns of files not copied
}

// assetManifest is <Stack>.assets.json, in the AWS CDK's field order.
type assetManifest struct {
	Version      string                 `json:"version"`
	Files        orderedMap[fileEntry]  `json:"files"`
	DockerImages orderedMap[imageEntry] `json:"dockerImages"`
}

type fileEntry struct {
	DisplayName  string                      `json:"displayName,omitempty"`
	Source       fileSource                  `json:"source"`
	Destinations orderedMap[fileDestination] `json:"destinations"`
}

type fileSource struct {
	Path      string `json:"path"`
	Packaging string `json:"packaging"`
}

type fileDestination struct {
	BucketName    string `json:"bucketName"`
	ObjectKey     string `json:"objectKey"`
	Region        string `json:"region,omitempty"`
	AssumeRoleARN string `json:"assumeRoleArn,omitempty"`
}

type imageEntry struct {
	DisplayName  string                       `json:"displayName,omitempty"`
	Source       imageSource                  `json:"source"`
	Destinations orderedMap[imageDestination] `json:"destinations"`
}

type imageSource struct {
	Executable        []string          `json:"executable,omitempty"`
	Directory         string            `json:"directory,omitempty"`
	DockerBuildArgs   map[string]string `json:"dockerBuildArgs,omitempty"`
	DockerBuildTarget string            `json:"dockerBuildTarget,omitempty"`
	DockerFile        string            `json:"dockerFile,omitempty"`
	Platform          string            `json:"platform,omitempty"`
}

type imageDestination struct {
	RepositoryName string `json:"repositoryName"`
	ImageTag       string `json:"imageTag"`
	Region         string `json:"region,omitempty"`
	AssumeRoleARN  string `json:"assumeRoleArn,omitempty"`
}

// orderedMap is a JSON object whose keys keep the order they were added in.
type orderedMap[V any] struct {
	keys []string
	vals map[string]V
}

func (m *orderedMap[V]) set(k string, v V) {
	if m.vals == nil {
		m.vals = map[string]V{}
	}
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

func (m orderedMap[V]) MarshalJSON() ([]byte, error) {
	out := []byte{'{'}
	for i, k := range m.keys {
		if i > 0 {
			out = append(out, ',')
		}
		kb, _ := assembly.MarshalJSON(k, "")
		vb, err := assembly.MarshalJSON(m.vals[k], "")
		if err != nil {
			return nil, err
		}
		out = append(append(append(out, kb...), ':'), vb...)
	}
	return append(out, '}'), nil
}

// renderAssets writes the asset manifest of each stack that has assets,
// its cdk:asset-manifest artifact, and the stack's dependency on it.
func (s *synthesizer) renderAssets(asm *Assembly) {
	staged := map[string]bool{}
	for _, st := range asm.Stacks {
		entries := assets.Of(st.construct)
		if len(entries) == 0 {
			continue
		}
		m := assetManifest{Version: assembly.Version}
		region := ""
		if r := st.Env.Region; r != "" {
			region = r
		}
		for _, e := range entries {
			name := e.StagedName()
			if name != "" && !staged[st.inDir(name)] {
				staged[st.inDir(name)] = true
				src := ""
				var exclude []string
				if e.File != nil {
					src, exclude = e.File.Path, e.File.Exclude
				} else if src = e.Image.Directory; src == "" {
					src = e.Image.Archive
				}
				asm.Assets = append(asm.Assets, StagedAsset{Name: st.inDir(name), Source: src, Exclude: exclude})
			}
			if f := e.File; f != nil {
				d := fileDestination{BucketName: assets.BucketName, ObjectKey: assets.ObjectKey(*f), Region: region, AssumeRoleARN: assets.FilePublishingRoleARN}
				src := name
				if f.InAssembly {
					src = f.Path // written by synthesis, not staged
				}
				fe := fileEntry{DisplayName: f.DisplayName, Source: fileSource{Path: src, Packaging: string(f.Packaging)}}
				fe.Destinations.set(assets.DestinationID(st.Env, d), d)
				m.Files.set(f.SourceHash, fe)
				continue
			}
			img := e.Image
			d := imageDestination{RepositoryName: assets.RepositoryName, ImageTag: img.SourceHash, Region: region, AssumeRoleARN: assets.ImagePublishingRoleARN}
			dir := name
			if img.Directory == "" {
				dir = "" // an executable's archive is not a build context
			}
			ie := imageEntry{DisplayName: img.DisplayName, Source: imageSource{
				Executable: img.Executable, Directory: dir, DockerBuildArgs: img.DockerBuildArgs,
				DockerBuildTarget: img.DockerBuildTarget, DockerFile: img.DockerFile, Platform: img.Platform,
			}}
			ie.Destinations.set(assets.DestinationID(st.Env, d), d)
			m.DockerImages.set(img.SourceHash, ie)
		}
		data, err := assembly.MarshalJSON(m, "  ")
		if err != nil {
			s.errorf(st.construct, "writing the asset manifest: %v", err)
			continue
		}
		id := st.ID + ".assets"
		st.AssetManifest = data
		man := asm.manifestOf(st.Dir)
		man.Artifacts[id] = &assembly.Artifact{Type: assembly.TypeAsset, Properties: &assembly.Properties{
			File:                              st.AssetManifestFile(),
			RequiresBootstrapStackVersion:     6,
			BootstrapStackVersionSsmParameter: assets.BootstrapVersionParameter,
		}}
		art := man.Artifacts[st.ID]
		art.Dependencies = append([]string{id}, art.Dependencies...)
		// The AWS CDK lists a stack's asset manifest just before it.
		for i, o := range man.Order {
			if o == st.ID {
				man.Order = append(man.Order[:i], append([]string{id}, man.Order[i:]...)...)
				break
			}
		}
	}
}

// AssetManifestFile is the stack's asset manifest's file name.
func (s *Stack) AssetManifestFile() string { return s.ID + ".assets.json" }

// stageAssets copies the assets' sources into the assembly directory dir.
func stageAssets(dir string, staged []StagedAsset) error {
	for _, a := range staged {
		to := filepath.Join(dir, filepath.FromSlash(a.Name))
		if err := assetfs.Copy(a.Source, to, a.Exclude); err != nil {
			return fmt.Errorf("staging asset %s from %s: %w", a.Name, a.Source, err)
		}
	}
	return nil
}
