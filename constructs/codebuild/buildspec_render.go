package codebuild

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/specfiles"
	"github.com/forma-iac/forma/internal/specschema"
)

// BuildSpecSource is where a project's buildspec comes from: a BuildSpec
// written in Go (rendered inline as JSON, as the AWS CDK's
// BuildSpec.fromObject), BuildSpecYAML (inline YAML, as fromObjectToYaml),
// BuildSpecFromFile (a file of this repository, checked and inlined) or
// BuildSpecFromSourceFilename (a file of the build's source, read by
// CodeBuild). Every form is checked at synthesis where forma can read it.
type BuildSpecSource interface {
	// Render returns the value of the project's Source.BuildSpec, or the
	// problems that stop it, each naming its key path.
	Render() (string, []string)
}

// DefaultVersion is the buildspec version written when Version is empty.
const DefaultVersion = "0.2"

// Render returns the buildspec as the AWS CDK's BuildSpec.fromObject
// renders it: JSON indented by two spaces.
func (b BuildSpec) Render() (string, []string) {
	b = b.withDefaults()
	if ps := b.problems(); len(ps) > 0 {
		return "", ps
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return "", []string{err.Error()}
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// YAML returns the buildspec as YAML, as a buildspec.yml file holds it.
func (b BuildSpec) YAML() ([]byte, error) {
	b = b.withDefaults()
	if ps := b.problems(); len(ps) > 0 {
		return nil, fmt.Errorf("buildspec: %s", strings.Join(ps, "; "))
	}
	return yaml.Marshal(b)
}

// Validate reports the buildspec's problems, each naming its key path.
func (b BuildSpec) Validate() error {
	if ps := b.withDefaults().problems(); len(ps) > 0 {
		return fmt.Errorf("buildspec: %s", strings.Join(ps, "; "))
	}
	return nil
}

func (b BuildSpec) withDefaults() BuildSpec {
	if b.Version == "" {
		b.Version = DefaultVersion
	}
	return b
}

func (b BuildSpec) problems() []string {
	n, err := specschema.Encode(b)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, p := range specschema.NoLines(specfiles.CheckBuildSpec(n)) {
		if !p.Warning {
			out = append(out, p.Path+": "+p.Message)
		}
	}
	return out
}

// BuildSpecYAML renders b inline as YAML instead of JSON, as the AWS CDK's
// BuildSpec.fromObjectToYaml.
func BuildSpecYAML(b BuildSpec) BuildSpecSource { return yamlSpec{b} }

type yamlSpec struct{ b BuildSpec }

func (y yamlSpec) Render() (string, []string) {
	b := y.b.withDefaults()
	if ps := b.problems(); len(ps) > 0 {
		return "", ps
	}
	out, err := yaml.Marshal(b)
	if err != nil {
		return "", []string{err.Error()}
	}
	return string(out), nil
}

// BuildSpecFromFile reads a buildspec file of this repository (path
// relative to the working directory) at synthesis, checks it and writes its
// text inline. Keys that CodeBuild still accepts from older files, such as
// artifacts' type, are warnings, not errors.
func BuildSpecFromFile(path string) BuildSpecSource { return fileSpec{path} }

type fileSpec struct{ path string }

func (f fileSpec) Render() (string, []string) {
	data, err := os.ReadFile(f.path)
	if err != nil {
		return "", []string{fmt.Sprintf("the buildspec file cannot be read: %v", err)}
	}
	var errs []string
	for _, p := range CheckBuildSpecFile(data) {
		if !p.Warning {
			errs = append(errs, f.path+":"+p.String())
		}
	}
	if len(errs) > 0 {
		return "", errs
	}
	return string(data), nil
}

// BuildSpecFromSourceFilename names a buildspec file of the build's source
// (e.g. "buildspec.yml" at the root of the repository), which CodeBuild
// reads when the build starts, as the AWS CDK's fromSourceFilename. forma
// cannot read it at synthesis; `forma validate buildspec FILE` checks it.
func BuildSpecFromSourceFilename(name string) BuildSpecSource { return sourceSpec(name) }

type sourceSpec string

func (s sourceSpec) Render() (string, []string) {
	if s == "" {
		return "", []string{"BuildSpecFromSourceFilename needs a file name, e.g. buildspec.yml"}
	}
	return string(s), nil
}

// CheckBuildSpecFile checks the text of a buildspec file and returns its
// problems with their lines, errors and warnings in document order.
func CheckBuildSpecFile(data []byte) []specschema.Problem { return specfiles.CheckBuildSpecFile(data) }

// BuildSpecSchema returns the JSON Schema of buildspec files (version 0.2),
// derived from BuildSpec: `forma schema buildspec` prints it.
func BuildSpecSchema() []byte { return specfiles.BuildSpecSchema() }
