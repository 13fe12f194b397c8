package cfngen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// CfnLintVersion is the cfn-lint release whose bundled registry schemas the
// generated code is made from.
const CfnLintVersion = "1.51.0"

// Schema is the part of a CloudFormation registry schema (a JSON Schema
// dialect) that the generator reads.
type Schema struct {
	Ref                  string             `json:"$ref"`
	Type                 typeList           `json:"type"`
	Properties           map[string]*Schema `json:"properties"`
	PatternProperties    map[string]*Schema `json:"patternProperties"`
	AdditionalProperties *boolOrSchema      `json:"additionalProperties"`
	Items                *Schema            `json:"items"`
	PrefixItems          []*Schema          `json:"prefixItems"`
	Required             []string           `json:"required"`
	OneOf                []*Schema          `json:"oneOf"`
	AnyOf                []*Schema          `json:"anyOf"`
	AllOf                []*Schema          `json:"allOf"`
	Enum                 []any              `json:"enum"`
	Const                any                `json:"const"`
	Pattern              string             `json:"pattern"`
	Format               string             `json:"format"`
	MinLength            *int               `json:"minLength"`
	MaxLength            *int               `json:"maxLength"`
	Minimum              *float64           `json:"minimum"`
	Maximum              *float64           `json:"maximum"`
	MinItems             *int               `json:"minItems"`
	MaxItems             *int               `json:"maxItems"`
	MinProperties        *int               `json:"minProperties"`
	UniqueItems          bool               `json:"uniqueItems"`
	// cfn-lint's extensions of JSON Schema.
	EnumCaseInsensitive []any               `json:"enumCaseInsensitive"`
	RequiredXor         []string            `json:"requiredXor"`
	RequiredOr          []string            `json:"requiredOr"`
	DependentRequired   map[string][]string `json:"dependentRequired"`
	DependentExcluded   map[string][]string `json:"dependentExcluded"`
}

// ResourceSchema is a resource type's registry schema.
type ResourceSchema struct {
	Schema
	TypeName            string             `json:"typeName"`
	Definitions         map[string]*Schema `json:"definitions"`
	ReadOnlyProperties  []string           `json:"readOnlyProperties"`
	WriteOnlyProperties []string           `json:"writeOnlyProperties"`
	CreateOnlyProps     []string           `json:"createOnlyProperties"`
	PrimaryIdentifier   []string           `json:"primaryIdentifier"`
	DocumentationURL    string             `json:"documentationUrl"`
	SourceURL           string             `json:"sourceUrl"`
	Tagging             *struct {
		Taggable    *bool  `json:"taggable"`
		TagProperty string `json:"tagProperty"`
	} `json:"tagging"`
	Taggable *bool `json:"taggable"`
}

type typeList []string

func (t *typeList) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		var l []string
		if err := json.Unmarshal(b, &l); err != nil {
			return err
		}
		*t = l
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = typeList{s}
	return nil
}

type boolOrSchema struct {
	Bool   *bool
	Schema *Schema
}

func (a *boolOrSchema) UnmarshalJSON(b []byte) error {
	var v bool
	if err := json.Unmarshal(b, &v); err == nil {
		a.Bool = &v
		return nil
	}
	a.Schema = new(Schema)
	return json.Unmarshal(b, a.Schema)
}

// ParseResourceSchema decodes one resource type schema.
func ParseResourceSchema(data []byte) (*ResourceSchema, error) {
	var rs ResourceSchema
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, err
	}
	if rs.TypeName == "" {
		return nil, fmt.Errorf("schema has no typeName")
	}
	return &rs, nil
}

// ErrNotInstalled is returned by Locate when python3 cannot import cfn-lint.
var ErrNotInstalled = errors.New("cfn-lint is not installed; run `pip install cfn-lint==" + CfnLintVersion + "` or pass -schemas")

// Locate returns cfn-lint's schema directory (the one holding providers/ and
// resources/) and checks that the installed cfn-lint is CfnLintVersion.
func Locate() (string, error) {
	out, err := exec.Command("python3", "-c",
		"import cfnlint,os,cfnlint.version as v;print(os.path.dirname(cfnlint.__file__));print(v.__version__)").Output()
	if err != nil {
		return "", fmt.Errorf("%w (python3: %v)", ErrNotInstalled, err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != 2 {
		return "", fmt.Errorf("unexpected answer from python3: %q", out)
	}
	if lines[1] != CfnLintVersion {
		return "", fmt.Errorf("cfn-lint %s is installed but forma's L1 code is generated from cfn-lint %s; run `pip install cfn-lint==%s`", lines[1], CfnLintVersion, CfnLintVersion)
	}
	return filepath.Join(lines[0], "data", "schemas"), nil
}

var providerLine = regexp.MustCompile(`"([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)": "([0-9a-f]+)"`)

// LoadSchemas reads every resource type schema of us-east-1 from a cfn-lint
// schema directory, sorted by type name.
func LoadSchemas(dir string) ([]*ResourceSchema, error) {
	src, err := os.ReadFile(filepath.Join(dir, "providers", "us_east_1.py"))
	if err != nil {
		return nil, err
	}
	var out []*ResourceSchema
	for _, m := range providerLine.FindAllStringSubmatch(string(src), -1) {
		data, err := os.ReadFile(filepath.Join(dir, "resources", m[2]+".json"))
		if err != nil {
			return nil, err
		}
		rs, err := ParseResourceSchema(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", m[1], err)
		}
		if rs.TypeName != m[1] {
			return nil, fmt.Errorf("%s: schema %s.json is for %s", m[1], m[2], rs.TypeName)
		}
		out = append(out, rs)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no resource types in %s", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TypeName < out[j].TypeName })
	return out, nil
}
