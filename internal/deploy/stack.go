package deploy

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/imagepublish"
)

// Template size limits of CloudFormation
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
const (
	MaxBodyBytes     = 51_200    // TemplateBody; larger templates go through S3
	MaxTemplateBytes = 1_048_576 // TemplateURL
)

// Bootstrap names, as the AWS CDK's modern bootstrap (qualifier hnb659fds).
const (
	ToolkitStackName = "CDKToolkit"
	Qualifier        = "hnb659fds"
)

// Stack is a stack to deploy or destroy.
type Stack struct {
	ID          string // artifact id
	Name        string // CloudFormation stack name
	DisplayName string
	Template    []byte
	// TemplateFile is where Template was read from, for messages.
	TemplateFile          string
	Parameters            map[string]string
	Tags                  map[string]string
	TerminationProtection bool
	Dependencies          []string // artifact ids
	LogicalIDPaths        map[string]string
	// RequiresBootstrapVersion is the smallest bootstrap stack version the
	// stack works with; 0 when it needs none.
	RequiresBootstrapVersion int
	// BootstrapVersionParameter is the SSM parameter holding the bootstrap
	// version (AWS CDK assemblies name one); "" to read the version from
	// the bootstrap stack's BootstrapVersion output instead.
	BootstrapVersionParameter string
	// Account and Region are the stack's environment; "" when
	// environment-agnostic.
	Account, Region string
	// AssumeRoleARN is the role the stack's calls are made with
	// (assumeRoleArn: the bootstrap deploy role), and ExecutionRoleARN the
	// role CloudFormation assumes (cloudFormationExecutionRoleArn); both
	// may hold ${AWS::Partition}, ${AWS::AccountId} and ${AWS::Region}.
	AssumeRoleARN, ExecutionRoleARN string
	// LookupRole is the role that reads the stack's deployed state for
	// diff; nil when the manifest names none.
	LookupRole *assembly.LookupRole
	// Assets are the files and Docker images the stack's template refers
	// to, from its asset manifest; Publish uploads the files.
	Assets []assembly.Asset
	// Images are the docker entries of the stack's asset manifests;
	// Publish pushes them.
	Images []imagepublish.ManifestImage
}

// FromAssembly reads the selected stacks' templates.
func FromAssembly(stacks []*assembly.StackArtifact) ([]*Stack, error) {
	var out []*Stack
	for _, a := range stacks {
		body, err := os.ReadFile(a.TemplateFile)
		if err != nil {
			return nil, fmt.Errorf("stack %s: reading its template: %v", a.DisplayName, err)
		}
		st := &Stack{
			ID: a.ID, Name: a.StackName, DisplayName: a.DisplayName, Template: body, TemplateFile: a.TemplateFile,
			Parameters: a.Parameters, Tags: a.Tags, TerminationProtection: a.TerminationProtection,
			Dependencies: a.Dependencies, LogicalIDPaths: a.LogicalIDPaths, Account: a.Account, Region: a.Region,
			Assets: a.Assets,
		}
		for _, m := range a.AssetManifests {
			imgs, err := imagepublish.ReadManifest(m)
			if err != nil {
				return nil, fmt.Errorf("stack %s: reading its asset manifest: %v", a.DisplayName, err)
			}
			st.Images = append(st.Images, imgs...)
		}
		if p := a.Artifact.Properties; p != nil {
			st.RequiresBootstrapVersion = p.RequiresBootstrapStackVersion
			st.BootstrapVersionParameter = p.BootstrapStackVersionSsmParameter
			st.AssumeRoleARN = p.AssumeRoleARN
			st.ExecutionRoleARN = p.CloudFormationExecutionRoleARN
			st.LookupRole = p.LookupRole
		}
		out = append(out, st)
	}
	return out, nil
}

// templateShape is what the deployer reads from a template.
type templateShape struct {
	Transform  any `json:"Transform"`
	Parameters map[string]struct {
		Default any `json:"Default"`
	} `json:"Parameters"`
	Resources map[string]struct {
		Type           string         `json:"Type"`
		Properties     map[string]any `json:"Properties"`
		DeletionPolicy string         `json:"DeletionPolicy"`
	} `json:"Resources"`
}

func shape(body []byte) (*templateShape, error) {
	var t templateShape
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// iamNameProperties are the properties that name an IAM resource; setting
// one needs CAPABILITY_NAMED_IAM.
var iamNameProperties = []string{"RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"}

// Capabilities returns the capabilities a template needs, sorted: IAM
// resources need CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when one has a
// custom name; a Transform or a nested stack needs CAPABILITY_AUTO_EXPAND
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html).
func Capabilities(body []byte) ([]string, error) {
	t, err := shape(body)
	if err != nil {
		return nil, err
	}
	iam, named, expand := false, false, t.Transform != nil
	for _, r := range t.Resources {
		if strings.HasPrefix(r.Type, "AWS::IAM::") {
			iam = true
			for _, p := range iamNameProperties {
				if _, ok := r.Properties[p]; ok {
					named = true
				}
			}
		}
		if r.Type == "AWS::CloudFormation::Stack" || r.Type == "AWS::Serverless::Application" {
			expand = true
		}
	}
	var caps []string
	switch {
	case named:
		caps = append(caps, "CAPABILITY_NAMED_IAM")
	case iam:
		caps = append(caps, "CAPABILITY_IAM")
	}
	if expand {
		caps = append(caps, "CAPABILITY_AUTO_EXPAND")
	}
	sort.Strings(caps)
	return caps, nil
}

// RetainedResources returns the logical IDs of the template's resources
// that deletion leaves in place (DeletionPolicy Retain or
// RetainExceptOnCreate), sorted.
func RetainedResources(body []byte) ([]string, error) {
	t, err := shape(body)
	if err != nil {
		return nil, err
	}
	var out []string
	for id, r := range t.Resources {
		if r.DeletionPolicy == "Retain" || r.DeletionPolicy == "RetainExceptOnCreate" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out, nil
}

// SameTemplate reports whether two template bodies are the same JSON
// document (a YAML body is compared as text).
func SameTemplate(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return string(a) == string(b)
	}
	return reflect.DeepEqual(x, y)
}

// parametersFor merges the manifest's parameters with the command line's:
// "*" ones for the parameters the template declares, then the stack's own.
func parametersFor(st *Stack, flags map[string]map[string]string, declared map[string]bool) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range st.Parameters {
		out[k] = v
	}
	for k, v := range flags["*"] {
		if declared[k] {
			out[k] = v
		}
	}
	for _, name := range []string{st.ID, st.Name, st.DisplayName} {
		for k, v := range flags[name] {
			if !declared[k] {
				return nil, fmt.Errorf("stack %s: --parameters %s:%s: the template has no parameter %s (it has: %s)", st.DisplayName, name, k, k, strings.Join(slices.Sorted(maps.Keys(declared)), ", "))
			}
			out[k] = v
		}
	}
	return out, nil
}
