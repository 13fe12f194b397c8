package assembly

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/forma-iac/forma/internal/parallel"
)

// Version is the cloud assembly schema version forma writes.
const Version = "55.0.0"

// Artifact types.
const (
	TypeStack = "aws:cloudformation:stack"
	TypeTree  = "cdk:tree"
	TypeAsset = "cdk:asset-manifest"
	// TypeNestedAssembly is a stage's nested cloud assembly, in the
	// directory its properties' directoryName names.
	TypeNestedAssembly = "cdk:cloud-assembly"
)

// Manifest is manifest.json.
type Manifest struct {
	Version   string               `json:"version"`
	Artifacts map[string]*Artifact `json:"artifacts,omitempty"`
	Missing   []any                `json:"missing,omitempty"`
	Runtime   any                  `json:"runtime,omitempty"`
	// Order is the order artifacts are written in (the AWS CDK CLI lists
	// stacks in manifest order); artifacts it leaves out follow, sorted.
	Order []string `json:"-"`
}

// MarshalJSON writes the manifest with its artifacts in Order.
func (m *Manifest) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"version":`)
	v, _ := json.Marshal(m.Version)
	b.Write(v)
	if len(m.Artifacts) > 0 {
		b.WriteString(`,"artifacts":{`)
		seen := map[string]bool{}
		var ids []string
		for _, id := range m.Order {
			if _, ok := m.Artifacts[id]; ok && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		var rest []string
		for id := range m.Artifacts {
			if !seen[id] {
				rest = append(rest, id)
			}
		}
		sort.Strings(rest)
		for i, id := range append(ids, rest...) {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(id)
			b.Write(k)
			b.WriteByte(':')
			a, err := json.Marshal(m.Artifacts[id])
			if err != nil {
				return nil, err
			}
			b.Write(a)
		}
		b.WriteByte('}')
	}
	for _, f := range []struct {
		name string
		v    any
		set  bool
	}{{"missing", m.Missing, len(m.Missing) > 0}, {"runtime", m.Runtime, m.Runtime != nil}} {
		if !f.set {
			continue
		}
		data, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		b.WriteString(`,"` + f.name + `":`)
		b.Write(data)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Artifact is one entry of the manifest.
type Artifact struct {
	Type         string                     `json:"type"`
	Environment  string                     `json:"environment,omitempty"`
	Properties   *Properties                `json:"properties,omitempty"`
	Dependencies []string                   `json:"dependencies,omitempty"`
	Metadata     map[string][]MetadataEntry `json:"metadata,omitempty"`
	DisplayName  string                     `json:"displayName,omitempty"`
}

// Properties are a stack artifact's (or tree's) properties.
type Properties struct {
	TemplateFile                      string            `json:"templateFile,omitempty"`
	File                              string            `json:"file,omitempty"`
	StackName                         string            `json:"stackName,omitempty"`
	TerminationProtection             bool              `json:"terminationProtection,omitempty"`
	Tags                              map[string]string `json:"tags,omitempty"`
	Parameters                        map[string]string `json:"parameters,omitempty"`
	ValidateOnSynth                   *bool             `json:"validateOnSynth,omitempty"`
	AssumeRoleARN                     string            `json:"assumeRoleArn,omitempty"`
	CloudFormationExecutionRoleARN    string            `json:"cloudFormationExecutionRoleArn,omitempty"`
	StackTemplateAssetObjectURL       string            `json:"stackTemplateAssetObjectUrl,omitempty"`
	RequiresBootstrapStackVersion     int               `json:"requiresBootstrapStackVersion,omitempty"`
	BootstrapStackVersionSsmParameter string            `json:"bootstrapStackVersionSsmParameter,omitempty"`
	LookupRole                        *LookupRole       `json:"lookupRole,omitempty"`
	// DirectoryName and DisplayName are a nested assembly's directory,
	// relative to the manifest's, and its stage's path.
	DirectoryName string `json:"directoryName,omitempty"`
	DisplayName   string `json:"displayName,omitempty"`
}

// LookupRole is the role an AWS CDK manifest names for reading a stack's
// environment (the bootstrap lookup role): its ARN, which may hold
// ${AWS::Partition}, ${AWS::AccountId} and ${AWS::Region}, and the
// bootstrap version it needs, read from an SSM parameter.
type LookupRole struct {
	ARN                               string `json:"arn"`
	RequiresBootstrapStackVersion     int    `json:"requiresBootstrapStackVersion,omitempty"`
	BootstrapStackVersionSsmParameter string `json:"bootstrapStackVersionSsmParameter,omitempty"`
}

// MetadataEntry is one metadata entry of an artifact.
type MetadataEntry struct {
	Type string `json:"type"`
	Data any    `json:"data,omitempty"`
}

// Environment formats an artifact environment, "unknown-account" and
// "unknown-region" standing for environment-agnostic.
func Environment(account, region string) string {
	if account == "" {
		account = "unknown-account"
	}
	if region == "" {
		region = "unknown-region"
	}
	return "aws://" + account + "/" + region
}

// ParseEnvironment splits "aws://account/region"; unknown parts are "".
func ParseEnvironment(env string) (account, region string, err error) {
	rest, ok := strings.CutPrefix(env, "aws://")
	if !ok {
		return "", "", fmt.Errorf("environment %q does not start with aws://", env)
	}
	account, region, ok = strings.Cut(rest, "/")
	if !ok {
		return "", "", fmt.Errorf("environment %q is not aws://ACCOUNT/REGION", env)
	}
	if account == "unknown-account" {
		account = ""
	}
	if region == "unknown-region" {
		region = ""
	}
	return account, region, nil
}

// StackArtifact is a stack read from an assembly.
type StackArtifact struct {
	ID                    string
	StackName             string
	DisplayName           string
	Account               string
	Region                string
	TemplateFile          string // absolute path
	Dependencies          []string
	Tags                  map[string]string
	Parameters            map[string]string
	TerminationProtection bool
	// LogicalIDPaths maps a logical ID to its construct path, from the
	// aws:cdk:logicalId metadata.
	LogicalIDPaths map[string]string
	// Assets are the assets the stack's asset manifests list besides its
	// own template (AWS CDK assemblies: Lambda code, Docker images), which
	// must be published before the stack is deployed.
	Assets []Asset
	// AssetManifests are the paths of the stack's asset manifests
	// (<Stack>.assets.json), absolute.
	AssetManifests []string
	// Nested is the directory of the stack's nested assembly (its stage's)
	// relative to the top-level assembly, "/"-separated ("assembly-Test");
	// "" for a stack of the top-level assembly.
	Nested   string
	Artifact *Artifact
}

// Asset is a file or a Docker image an asset manifest lists.
type Asset struct {
	ID          string // the asset's hash
	DisplayName string // e.g. "Api/Handler/Code"; the ID when the manifest names none
	Kind        string // "file" or "Docker image"
	// Path is a file asset's source, absolute ("" for an executable
	// source); Packaging is "zip" (a directory) or "file".
	Path      string
	Packaging string
	// Destinations are a file asset's, by destination ID, sorted.
	Destinations []FileDestination
}

// FileDestination is where a file asset is published; the bucket and role
// may hold ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}.
type FileDestination struct {
	ID            string
	BucketName    string `json:"bucketName"`
	ObjectKey     string `json:"objectKey"`
	Region        string `json:"region"`
	AssumeRoleARN string `json:"assumeRoleArn"`
}

// assetManifest is the part of a cdk:asset-manifest file forma reads.
type assetManifest struct {
	Files map[string]struct {
		DisplayName string `json:"displayName"`
		Source      struct {
			Path       string   `json:"path"`
			Packaging  string   `json:"packaging"`
			Executable []string `json:"executable"`
		} `json:"source"`
		Destinations map[string]FileDestination `json:"destinations"`
	} `json:"files"`
	DockerImages map[string]struct {
		DisplayName string `json:"displayName"`
	} `json:"dockerImages"`
}

// assetsOf reads the asset manifest art and returns its assets other than
// the template file templateFile (relative to dir), sorted by kind, then
// name.
func assetsOf(dir string, art *Artifact, templateFile string) ([]Asset, error) {
	if art.Properties == nil || art.Properties.File == "" {
		return nil, fmt.Errorf("asset manifest artifact has no file")
	}
	name := filepath.Join(dir, art.Properties.File)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m assetManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var out []Asset
	named := func(display, id string) string {
		if display != "" {
			return display
		}
		return id
	}
	for id, f := range m.Files {
		if filepath.Clean(f.Source.Path) == filepath.Clean(templateFile) {
			continue
		}
		a := Asset{ID: id, DisplayName: named(f.DisplayName, id), Kind: "file", Packaging: f.Source.Packaging}
		if f.Source.Path != "" {
			a.Path = filepath.Join(dir, f.Source.Path)
		}
		for did, d := range f.Destinations {
			d.ID = did
			a.Destinations = append(a.Destinations, d)
		}
		sort.Slice(a.Destinations, func(i, j int) bool { return a.Destinations[i].ID < a.Destinations[j].ID })
		out = append(out, a)
	}
	for id, img := range m.DockerImages {
		out = append(out, Asset{ID: id, DisplayName: named(img.DisplayName, id), Kind: "Docker image"})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind > out[j].Kind // files first
		}
		if out[i].DisplayName != out[j].DisplayName {
			return out[i].DisplayName < out[j].DisplayName
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Assembly is a cloud assembly read from a directory.
type Assembly struct {
	Dir      string
	Manifest *Manifest
	// Stacks are the stacks of the top-level assembly, in dependency order
	// (ties by id), then those of each nested assembly (a stage's), in
	// manifest order, parents before children.
	Stacks []*StackArtifact
	// Nested are the nested assemblies, parents before children.
	Nested []*NestedAssembly
}

// NestedAssembly is a stage's nested assembly read with the top-level one.
type NestedAssembly struct {
	ID          string // the artifact ID in the parent's manifest
	DisplayName string // the stage's path ("Test/Inner")
	// Dir is the directory relative to the top-level assembly,
	// "/"-separated ("assembly-Test/assembly-Test-Inner").
	Dir      string
	Manifest *Manifest
}

// TopLevel returns the stacks of the top-level assembly (the AWS CDK CLI's
// "main assembly"), those of stages left out.
func (a *Assembly) TopLevel() []*StackArtifact {
	var out []*StackArtifact
	for _, s := range a.Stacks {
		if s.Nested == "" {
			out = append(out, s)
		}
	}
	return out
}

// Read reads the assembly in dir and the nested assemblies it names.
func Read(dir string) (*Assembly, error) { return Open(dir, nil) }

// Open is Read of the assembly in dir whose manifest.json is m, as it was
// written: the top-level manifest is not read back and parsed again (a
// program that just wrote the assembly has it); nested assemblies are read
// from their directories. A nil m reads manifest.json.
func Open(dir string, m *Manifest) (*Assembly, error) {
	a := &Assembly{Dir: dir}
	m, err := a.read(dir, "", 0, m)
	if err != nil {
		return nil, err
	}
	a.Manifest = m
	return a, nil
}

// read reads the manifest of the assembly in dir (nested at rel below the
// top-level one), adds its stacks and then its nested assemblies' to a, and
// returns the manifest.
func (a *Assembly) read(dir, rel string, depth int, pre *Manifest) (*Manifest, error) {
	if depth > 32 {
		return nil, fmt.Errorf("%s: nested assemblies more than 32 deep", dir)
	}
	var m Manifest
	if pre != nil {
		m = *pre
	} else {
		data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			if rel != "" {
				return nil, fmt.Errorf("reading the nested cloud assembly %s: %w", rel, err)
			}
			return nil, fmt.Errorf("reading cloud assembly: %w (is %s a cloud assembly directory? synthesize one with 'synth -o %s')", err, dir, dir)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "manifest.json"), err)
		}
		m.Order = artifactOrder(data)
	}
	var err error
	var ids []string
	for id, art := range m.Artifacts {
		if art.Type == TypeStack {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	// Each stack's artifact is read on its own goroutine when there are
	// many: a large app's stacks each map a few dozen logical IDs.
	stacks := make([]*StackArtifact, len(ids))
	errs := make([]error, len(ids))
	workers := 1
	if len(ids) >= parallelArtifacts {
		workers = runtime.GOMAXPROCS(0)
	}
	parallel.For(len(ids), workers, func(i int) { stacks[i], errs[i] = stackArtifact(dir, rel, ids[i], m.Artifacts[ids[i]]) })
	byID := make(map[string]*StackArtifact, len(ids))
	for i, id := range ids {
		if errs[i] != nil {
			return nil, errs[i]
		}
		byID[id] = stacks[i]
	}
	// Dependencies on stack artifacts only; the CDK also lists asset
	// manifests, whose assets the stack keeps.
	for _, s := range byID {
		for _, d := range s.Artifact.Dependencies {
			if _, ok := byID[d]; ok {
				s.Dependencies = append(s.Dependencies, d)
				continue
			}
			if art, ok := m.Artifacts[d]; ok && art.Type == TypeAsset {
				assets, err := assetsOf(dir, art, s.Artifact.Properties.TemplateFile)
				if err != nil {
					return nil, fmt.Errorf("%s: stack %q: reading its asset manifest %q: %v", dir, s.ID, d, err)
				}
				s.Assets = append(s.Assets, assets...)
				s.AssetManifests = append(s.AssetManifests, filepath.Join(dir, art.Properties.File))
			}
		}
		sort.Strings(s.Dependencies)
	}
	order, err := topoSort(ids, byID)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", dir, err)
	}
	for _, s := range order {
		if prev := a.Stack(s.ID); prev != nil && prev.ID == s.ID {
			return nil, fmt.Errorf("%s: stack artifact %q is also in the assembly of %s", dir, s.ID, prev.TemplateFile)
		}
	}
	a.Stacks = append(a.Stacks, order...)
	for _, id := range m.Order {
		art := m.Artifacts[id]
		if art == nil || art.Type != TypeNestedAssembly {
			continue
		}
		if art.Properties == nil || art.Properties.DirectoryName == "" {
			return nil, fmt.Errorf("%s: nested assembly artifact %q has no directoryName", dir, id)
		}
		sub := art.Properties.DirectoryName
		if c := filepath.ToSlash(filepath.Clean(sub)); filepath.IsAbs(sub) || c == ".." || strings.HasPrefix(c, "../") {
			return nil, fmt.Errorf("%s: nested assembly artifact %q names the directory %q, outside the assembly", dir, id, sub)
		}
		n := &NestedAssembly{ID: id, DisplayName: art.Properties.DisplayName, Dir: path.Join(rel, filepath.ToSlash(sub))}
		if n.DisplayName == "" {
			n.DisplayName = id
		}
		a.Nested = append(a.Nested, n)
		if n.Manifest, err = a.read(filepath.Join(dir, sub), n.Dir, depth+1, nil); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// artifactOrder returns the artifact IDs of manifest data in the order
// written, nil when it cannot tell.
func artifactOrder(data []byte) []string {
	var doc struct {
		Artifacts json.RawMessage `json:"artifacts"`
	}
	if json.Unmarshal(data, &doc) != nil || len(doc.Artifacts) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc.Artifacts))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		k, ok := t.(string)
		if !ok {
			return nil
		}
		out = append(out, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return out
}

func topoSort(ids []string, byID map[string]*StackArtifact) ([]*StackArtifact, error) {
	state := map[string]int{}
	var out []*StackArtifact
	var visit func(id string, stack []string) error
	visit = func(id string, stack []string) error {
		switch state[id] {
		case 1:
			return fmt.Errorf("stack dependency cycle: %s", strings.Join(append(stack, id), " -> "))
		case 2:
			return nil
		}
		state[id] = 1
		for _, d := range byID[id].Dependencies {
			if err := visit(d, append(stack, id)); err != nil {
				return err
			}
		}
		state[id] = 2
		out = append(out, byID[id])
		return nil
	}
	for _, id := range ids {
		if err := visit(id, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Stack returns the stack with the artifact id or stack name, or nil.
func (a *Assembly) Stack(name string) *StackArtifact {
	for _, s := range a.Stacks {
		if s.ID == name || s.StackName == name || s.DisplayName == name {
			return s
		}
	}
	return nil
}

// stackArtifact reads the stack artifact id of the assembly in dir.
func stackArtifact(dir, rel, id string, art *Artifact) (*StackArtifact, error) {
	s := &StackArtifact{ID: id, Artifact: art, DisplayName: art.DisplayName, LogicalIDPaths: make(map[string]string, len(art.Metadata)), Nested: rel}
	if s.DisplayName == "" {
		s.DisplayName = id
	}
	if art.Properties == nil || art.Properties.TemplateFile == "" {
		return nil, fmt.Errorf("%s: stack artifact %q has no templateFile", dir, id)
	}
	p := art.Properties
	s.TemplateFile = filepath.Join(dir, p.TemplateFile)
	s.StackName = p.StackName
	if s.StackName == "" {
		s.StackName = id
	}
	s.Tags, s.Parameters, s.TerminationProtection = p.Tags, p.Parameters, p.TerminationProtection
	if art.Environment != "" {
		var err error
		if s.Account, s.Region, err = ParseEnvironment(art.Environment); err != nil {
			return nil, fmt.Errorf("%s: stack %q: %v", dir, id, err)
		}
	}
	for path, entries := range art.Metadata {
		for _, e := range entries {
			if e.Type == "aws:cdk:logicalId" {
				if lid, ok := e.Data.(string); ok {
					s.LogicalIDPaths[lid] = path
				}
			}
		}
	}
	return s, nil
}
