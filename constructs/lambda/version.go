package lambda

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/logicalid"
)

// IVersion is a published version of a function.
type IVersion interface {
	constructs.Construct
	// Version is the version number (Fn::GetAtt Version).
	Version() string
	// Lambda is the function the version belongs to.
	Lambda() IFunction
}

// VersionOptions configure a version.
type VersionOptions struct {
	// Description of the version.
	Description string
	// RemovalPolicy default: none written (the version is deleted when
	// replaced); cfn.PolicyRetain keeps old versions, as CodeDeploy
	// rollbacks may need.
	RemovalPolicy cfn.RemovalPolicy
}

// VersionProps configures NewVersion.
type VersionProps struct {
	VersionOptions
	// Lambda is the function to publish (required).
	Lambda IFunction
}

// Version is an AWS::Lambda::Version, the AWS CDK's lambda.Version.
type Version struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *lambdacfn.CfnVersion
	fn       IFunction
}

// NewVersion publishes a version of a function.
func NewVersion(scope constructs.Construct, id string, props VersionProps) *Version {
	props.Lambda = constructs.NormalizeNil(props.Lambda)
	v := &Version{fn: props.Lambda}
	v.Base = constructs.NewBase(v, scope, id)
	cp := lambdacfn.CfnVersionProps{}
	if props.Lambda == nil {
		v.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"VersionProps.Lambda is required: set the function to publish"}
		}))
	} else {
		cp.FunctionName = props.Lambda.FunctionName()
	}
	if props.Description != "" {
		cp.Description = new(props.Description)
	}
	v.Resource = lambdacfn.NewCfnVersion(v, "Resource", cp)
	// As the AWS CDK: a version is never moved by a stack refactoring.
	v.Resource.Options.Metadata = map[string]any{"aws:cdk:do-not-refactor": true}
	if props.RemovalPolicy != "" {
		v.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	return v
}

// Version returns the version number (Fn::GetAtt Version).
func (v *Version) Version() string { return v.Resource.AttrVersion() }

// VersionARN returns the version's ARN, the function ARN with the version
// as qualifier (Ref).
func (v *Version) VersionARN() string { return v.Resource.Ref() }

// Lambda returns the function.
func (v *Version) Lambda() IFunction { return v.fn }

// CurrentVersion returns the version of the function's current code and
// configuration, created on first use as the child "CurrentVersion", as the
// AWS CDK's Function.currentVersion. Its logical ID is its usual one
// followed by the MD5 hash of the function's version-locked properties
// (the AWS CDK's calculateFunctionHash, with
// @aws-cdk/aws-lambda:recognizeVersionProps as in every AWS CDK v2 app, and
// @aws-cdk/aws-lambda:recognizeLayerVersion when the context sets it):
// changing the code, the handler, the environment, the memory, … makes a new
// version; changing the reserved concurrency or the tags does not.
func (f *Function) CurrentVersion() *Version {
	if f.current != nil {
		return f.current
	}
	f.current = NewVersion(f, "CurrentVersion", VersionProps{Lambda: f, VersionOptions: f.versionO})
	base := ""
	f.current.Resource.OverrideLogicalIDFunc(func() string {
		if base == "" {
			base = logicalIDWithoutOverride(f.current.Resource)
		}
		if len(base) > 255-32 {
			base = base[len(base)-(255-32):]
		}
		return base + f.versionHash()
	})
	return f.current
}

// logicalIDWithoutOverride is the logical ID the element would have
// without an override, from its path below the stack.
func logicalIDWithoutOverride(r *lambdacfn.CfnVersion) string {
	var ids []string
	for x := constructs.Construct(r); x != nil; x = x.Node().Scope() {
		if _, ok := x.(*constructs.Stack); ok {
			break
		}
		ids = append([]string{x.Node().ID()}, ids...)
	}
	return logicalid.FromPath(ids)
}

// AddAlias creates an alias of CurrentVersion, the child "Alias<name>" of
// the function, as the AWS CDK's Function.addAlias.
func (f *Function) AddAlias(name string, opts ...AliasOptions) *Alias {
	p := AliasProps{AliasName: name, Version: f.CurrentVersion()}
	if len(opts) > 0 {
		p.AliasOptions = opts[0]
	}
	return NewAlias(f, "Alias"+name, p)
}

// versionLocked lists the function properties a version captures, the
// AWS CDK's VERSION_LOCKED; true means a change makes a new version.
var versionLocked = map[string]bool{
	"Architectures": true, "Code": true, "DeadLetterConfig": true, "Description": true, "Environment": true,
	"EphemeralStorage": true, "FileSystemConfigs": true, "FunctionName": true, "Handler": true, "ImageConfig": true,
	"KmsKeyArn": true, "Layers": true, "MemorySize": true, "PackageType": true, "RecursiveLoop": true, "Role": true,
	"Runtime": true, "RuntimeManagementConfig": true, "SnapStart": true, "Timeout": true, "TracingConfig": true,
	"VpcConfig": true, "LoggingConfig": true, "CapacityProviderConfig": true, "FunctionScalingConfig": true,
	"PublishToLatestPublished": true, "DurableConfig": true,
	"CodeSigningConfigArn": false, "ReservedConcurrentExecutions": false, "Tags": false, "TenancyConfig": false,
}

// hashKeyOrder is the AWS CDK's sortFunctionProperties order; other keys
// follow, sorted.
var hashKeyOrder = []string{
	"Code", "Handler", "Role", "Runtime",
	"Architectures", "CodeSigningConfigArn", "DeadLetterConfig", "Description", "Environment",
	"EphemeralStorage", "FileSystemConfigs", "FunctionName", "ImageConfig", "KmsKeyArn", "Layers",
	"MemorySize", "PackageType", "ReservedConcurrentExecutions", "RuntimeManagementConfig", "SnapStart",
	"Tags", "Timeout", "TracingConfig", "VpcConfig",
}

// versionHash is the AWS CDK's calculateFunctionHash: the MD5 of the
// function's resolved version-locked properties as JavaScript's
// JSON.stringify writes them, in the order above, nested keys sorted (as
// the AWS CDK renders them, environment variables included).
func (f *Function) versionHash() string {
	v, err := token.Resolve(&token.Context{Scope: f.Resource, Resolver: cfn.ConsumerResolver{}}, f.Resource.Properties())
	props, _ := v.(map[string]any)
	if err != nil || props == nil {
		return strings.Repeat("0", 32)
	}
	var keys []string
	seen := map[string]bool{}
	for _, k := range hashKeyOrder {
		if _, ok := props[k]; ok && versionLocked[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range props {
		if !seen[k] && versionLocked[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	keys = append(keys, rest...)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSString(&b, k)
		b.WriteByte(':')
		writeJS(&b, props[k])
	}
	b.WriteByte('}')
	if constructs.FeatureFlag(f, "@aws-cdk/aws-lambda:recognizeLayerVersion") {
		// The hash of the function's layers, which forma does not offer:
		// the MD5 of an empty JSON object.
		empty := md5.Sum([]byte("{}"))
		b.WriteString(hex.EncodeToString(empty[:]))
	}
	sum := md5.Sum(b.Bytes())
	return hex.EncodeToString(sum[:])
}

// writeJS writes v as JavaScript's JSON.stringify does, map keys sorted
// (the order the AWS CDK's generated L1s render nested properties in).
func writeJS(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeJSString(b, x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		j, _ := json.Marshal(x)
		b.Write(j)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJS(b, e)
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSString(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSString(b, k)
			b.WriteByte(':')
			writeJS(b, x[k])
		}
		b.WriteByte('}')
	default:
		// Anything else goes through JSON and back to the generic form.
		j, err := json.Marshal(x)
		if err != nil {
			b.WriteString("null")
			return
		}
		var g any
		_ = json.Unmarshal(j, &g)
		writeJS(b, g)
	}
}

// writeJSString writes s quoted as JSON.stringify quotes it.
func writeJSString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// AliasProps configures NewAlias.
type AliasProps struct {
	AliasOptions
	// AliasName is the alias's name (required), e.g. "live".
	AliasName string
	// Version is the version the alias points to (required).
	Version IVersion
}

// AliasOptions are the optional settings of an alias.
type AliasOptions struct {
	// Description of the alias.
	Description string
	// AdditionalVersions receive part of the traffic (weights 0 to 1).
	AdditionalVersions []VersionWeight
	// ProvisionedConcurrentExecutions for the alias; default: none.
	ProvisionedConcurrentExecutions int
}

// VersionWeight is a version and the share of traffic it receives.
type VersionWeight struct {
	Version IVersion
	Weight  float64
}

// Alias is an AWS::Lambda::Alias, the AWS CDK's lambda.Alias: a name for
// a version that callers invoke and deployments move.
type Alias struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *lambdacfn.CfnAlias
	version  IVersion
	name     string

	urlGrants map[string]*iam.Grant
}

// NewAlias creates an alias.
func NewAlias(scope constructs.Construct, id string, props AliasProps) *Alias {
	props.Version = constructs.NormalizeNil(props.Version)
	a := &Alias{version: props.Version, name: props.AliasName}
	a.Base = constructs.NewBase(a, scope, id)
	var problems []string
	cp := lambdacfn.CfnAliasProps{Name: props.AliasName}
	if props.AliasName == "" {
		problems = append(problems, "AliasProps.AliasName is required: set a name such as \"live\"")
	} else if !token.IsUnresolved(props.AliasName) && (len(props.AliasName) > 128 || strings.Trim(props.AliasName, "0123456789") == "") {
		problems = append(problems, fmt.Sprintf("AliasName %q is invalid: at most 128 characters, not only digits", props.AliasName))
	}
	if props.Version == nil {
		problems = append(problems, "AliasProps.Version is required: use fn.CurrentVersion() or a lambda.NewVersion")
	} else {
		cp.FunctionName = props.Version.Lambda().FunctionName()
		cp.FunctionVersion = props.Version.Version()
	}
	if props.Description != "" {
		cp.Description = new(props.Description)
	}
	if len(props.AdditionalVersions) > 0 {
		rc := &lambdacfn.CfnAlias_AliasRoutingConfigurationProperty{}
		total := 0.0
		for _, w := range props.AdditionalVersions {
			if w.Weight < 0 || w.Weight > 1 {
				problems = append(problems, fmt.Sprintf("an additional version's weight %v is outside 0 to 1", w.Weight))
			}
			total += w.Weight
			rc.AdditionalVersionWeights = append(rc.AdditionalVersionWeights, lambdacfn.CfnAlias_VersionWeightProperty{FunctionVersion: w.Version.Version(), FunctionWeight: w.Weight})
		}
		if total > 1 {
			problems = append(problems, fmt.Sprintf("the additional versions' weights add up to %v, more than 1", total))
		}
		cp.RoutingConfig = rc
	}
	if n := props.ProvisionedConcurrentExecutions; n > 0 {
		cp.ProvisionedConcurrencyConfig = &lambdacfn.CfnAlias_ProvisionedConcurrencyConfigurationProperty{ProvisionedConcurrentExecutions: n}
	}
	a.Resource = lambdacfn.NewCfnAlias(a, "Resource", cp)
	a.Node().AddValidation(constructs.ValidationFunc(func() []string { return problems }))
	return a
}

// AliasName returns the alias's name.
func (a *Alias) AliasName() string { return a.name }

// AliasARN returns the alias's ARN, the function ARN qualified by the alias
// name (Ref).
func (a *Alias) AliasARN() string { return a.Resource.Ref() }

// Version returns the version the alias points to.
func (a *Alias) Version() IVersion { return a.version }

// Lambda returns the function of the alias's version.
func (a *Alias) Lambda() IFunction { return a.version.Lambda() }

// FunctionName returns the qualified name FUNCTION:ALIAS, as the AWS CDK's
// Alias.functionName.
func (a *Alias) FunctionName() string { return a.version.Lambda().FunctionName() + ":" + a.name }

// FunctionARN returns the alias's ARN.
func (a *Alias) FunctionARN() string { return a.AliasARN() }

// GrantPrincipal returns the function's role.
func (a *Alias) GrantPrincipal() iam.IPrincipal { return a.version.Lambda().GrantPrincipal() }

// AddPermission adds a permission on the alias.
func (a *Alias) AddPermission(id string, p Permission) *lambdacfn.CfnPermission {
	return addPermission(a, a.AliasARN(), id, p)
}

// GrantInvoke lets grantee invoke the alias.
func (a *Alias) GrantInvoke(grantee iam.IGrantable) *iam.Grant {
	return grantInvoke(a, []string{a.AliasARN()}, grantee)
}

// Metric returns the alias's metric name in AWS/Lambda (dimensions
// FunctionName and Resource, as the AWS CDK's Alias.metric).
func (a *Alias) Metric(name string, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	fn := a.version.Lambda().FunctionName()
	m := cloudwatch.Metric{Namespace: "AWS/Lambda", MetricName: name, DimensionsMap: map[string]string{"FunctionName": fn, "Resource": fn + ":" + a.name}}
	for _, o := range opts {
		m = o.Apply(m)
	}
	return m
}
