package secretsmanager

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/secretsmanager/secretsmanagercfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ISecret is a secret of AWS Secrets Manager, defined here (Secret) or
// imported (SecretFromSecretNameV2, SecretFromSecretCompleteARN,
// SecretFromSecretPartialARN, SecretFromSecretAttributes).
type ISecret interface {
	constructs.Construct
	// SecretARN is the secret's ARN: complete when known, partial (without
	// the 6-character suffix Secrets Manager adds) for a secret imported by
	// name or partial ARN.
	SecretARN() string
	// SecretFullARN is the complete ARN, "" when it is not known.
	SecretFullARN() string
	// SecretName is the secret's name.
	SecretName() string
	// EncryptionKey is the customer-managed key of the secret, nil for the
	// account's default key.
	EncryptionKey() kms.IKey
	// SecretValue is a dynamic reference to the secret's value.
	SecretValue() SecretValue
	// SecretValueFromJSON is a dynamic reference to a key of the secret's
	// JSON value.
	SecretValueFromJSON(key string) SecretValue
	// GrantRead lets grantee read the secret's value, limited to
	// versionStages when given.
	GrantRead(grantee iam.IGrantable, versionStages ...string) *iam.Grant
	// GrantWrite lets grantee write and update the secret's value.
	GrantWrite(grantee iam.IGrantable) *iam.Grant
	// AddRotationSchedule rotates the secret with a Lambda function.
	AddRotationSchedule(id string, opts RotationScheduleOptions) *RotationSchedule
	// AddToResourcePolicy adds a statement to the secret's resource policy,
	// created on first use; it reports false for an imported secret.
	AddToResourcePolicy(s *iam.PolicyStatement) bool
	// DenyAccountRootDelete denies secretsmanager:DeleteSecret to the account.
	DenyAccountRootDelete()
	// ARNForPolicies is the ARN to name in IAM policies read in scope: the
	// complete ARN when known, else the ARN followed by "-??????".
	ARNForPolicies(scope constructs.Construct) string
}

// SecretStringGenerator configures the value Secrets Manager generates,
// the AWS CDK's SecretStringGenerator; a zero field is Secrets Manager's
// default (32 characters of every kind, at least one of each).
type SecretStringGenerator struct {
	// SecretStringTemplate is a JSON object the generated string is added
	// to under GenerateStringKey; set both or neither.
	SecretStringTemplate string
	// GenerateStringKey is the key of the generated string in
	// SecretStringTemplate.
	GenerateStringKey string
	// PasswordLength default 32.
	PasswordLength int
	// ExcludeCharacters are characters the value never holds.
	ExcludeCharacters string
	// ExcludeLowercase, ExcludeUppercase, ExcludeNumbers and
	// ExcludePunctuation leave those kinds out; IncludeSpace adds the space.
	ExcludeLowercase, ExcludeUppercase, ExcludeNumbers, ExcludePunctuation, IncludeSpace *bool
	// RequireEachIncludedType default true.
	RequireEachIncludedType *bool
}

// ReplicaRegion is a region a secret is replicated to.
type ReplicaRegion struct {
	// Region is the region's name (required).
	Region string
	// EncryptionKey encrypts the replica; default the region's default key.
	EncryptionKey kms.IKey
}

// SecretProps configures NewSecret. At most one of GenerateSecretString,
// SecretStringValue and SecretObjectValue may be set; with none, Secrets
// Manager generates the value.
type SecretProps struct {
	// Description of the secret; default none.
	Description string
	// SecretName default: a name CloudFormation generates.
	SecretName string
	// EncryptionKey is a customer-managed key for the secret's value;
	// default the account's aws/secretsmanager key. The key policy lets the
	// account use it through Secrets Manager, as the AWS CDK's.
	EncryptionKey kms.IKey
	// GenerateSecretString configures the generated value; default:
	// Secrets Manager's defaults.
	GenerateSecretString *SecretStringGenerator
	// SecretStringValue is the initial value, written in the template: use a
	// SecretValueFromAttribute (another resource's attribute) or, knowing
	// the value becomes readable by anyone who can read the template,
	// UnsafePlainText.
	SecretStringValue SecretValue
	// SecretObjectValue is an initial JSON value, its fields as for
	// SecretStringValue, written sorted by key after those of
	// OrderedSecretObjectValue.
	SecretObjectValue map[string]SecretValue
	// OrderedSecretObjectValue are fields of the initial JSON value written
	// in the order given (the order of an AWS CDK program's
	// secretObjectValue, so that the template, and the secret's value, stay
	// the same), before those of SecretObjectValue.
	OrderedSecretObjectValue []SecretField
	// RemovalPolicy default cfn.PolicyDelete, as the AWS CDK: the secret
	// is deleted with the stack.
	RemovalPolicy cfn.RemovalPolicy
	// ReplicaRegions the secret is replicated to; more with AddReplicaRegion.
	ReplicaRegions []ReplicaRegion
}

// SecretField is a key and value of a JSON secret.
type SecretField struct {
	Key   string
	Value SecretValue
}

// secretBase holds what owned and imported secrets share.
type secretBase struct {
	constructs.Base
	self     ISecret
	key      kms.IKey
	arn      string
	fullARN  string
	name     string
	partial  bool
	policy   *ResourcePolicy
	owned    bool
	problems []string
}

// SecretARN returns the secret's ARN.
func (s *secretBase) SecretARN() string { return s.arn }

// SecretFullARN returns the complete ARN, "" when not known.
func (s *secretBase) SecretFullARN() string { return s.fullARN }

// SecretName returns the secret's name.
func (s *secretBase) SecretName() string { return s.name }

// EncryptionKey returns the secret's key, nil for the default key.
func (s *secretBase) EncryptionKey() kms.IKey { return s.key }

// SecretValue returns {{resolve:secretsmanager:ARN:SecretString:::}}.
func (s *secretBase) SecretValue() SecretValue { return s.SecretValueFromJSON("") }

// SecretValueFromJSON returns
// {{resolve:secretsmanager:ARN:SecretString:KEY::}}, the AWS CDK's
// secretValueFromJson.
func (s *secretBase) SecretValueFromJSON(key string) SecretValue {
	return SecretValueFromSecretsManager(s.arn, SecretsManagerOptions{JSONField: key})
}

// ARNForPolicies returns the complete ARN when it is known and scope is
// in the secret's account and region, else the ARN followed by "-??????"
// (a partial ARN, or a reference Secrets Manager may resolve to a partial
// ARN across environments), as the AWS CDK's arnForPolicies.
func (s *secretBase) ARNForPolicies(scope constructs.Construct) string {
	if s.fullARN == "" {
		return s.arn + "-??????"
	}
	if s.owned && !constructs.IsNil(scope) {
		if other := constructs.TryStackOf(scope); other != nil {
			mine := constructs.StackOf(s)
			if other.Account() != mine.Account() || other.Region() != mine.Region() {
				return s.arn + "-??????"
			}
		}
	}
	return s.fullARN
}

func granteeScope(grantee iam.IGrantable) constructs.Construct {
	if c, ok := grantee.(constructs.Construct); ok {
		return c
	}
	if c, ok := grantee.GrantPrincipal().(constructs.Construct); ok {
		return c
	}
	return nil
}

func (s *secretBase) viaSecretsManager(p iam.IPrincipal) *kms.ViaServicePrincipal {
	return kms.NewViaServicePrincipal("secretsmanager."+constructs.StackOf(s).Region()+".amazonaws.com", p)
}

// GrantRead allows secretsmanager:GetSecretValue and DescribeSecret, as
// the AWS CDK's grantRead: in grantee's policy when it is a role of the
// secret's account, else in the secret's resource policy; with
// versionStages, only for those stages. A secret with a key lets grantee
// decrypt through Secrets Manager in the key policy.
func (s *secretBase) GrantRead(grantee iam.IGrantable, versionStages ...string) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		s.problems = append(s.problems, "GrantRead was given a nil grantee: pass a role or a principal")
		return &iam.Grant{}
	}
	var conds map[string]map[string]any
	if len(versionStages) > 0 {
		conds = map[string]map[string]any{"ForAnyValue:StringEquals": {"secretsmanager:VersionStage": append([]string(nil), versionStages...)}}
	}
	g := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee:      grantee,
		Actions:      []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
		ResourceARNs: []string{s.ARNForPolicies(granteeScope(grantee))},
		Resource:     s.self,
		Conditions:   conds,
	})
	if s.key != nil {
		s.key.GrantDecrypt(s.viaSecretsManager(grantee.GrantPrincipal()))
	}
	s.checkCrossAccount(g, grantee, "GrantRead")
	return g
}

// GrantWrite allows secretsmanager:PutSecretValue, UpdateSecret and
// UpdateSecretVersionStage, and encryption with the secret's key through
// Secrets Manager, as the AWS CDK's grantWrite.
func (s *secretBase) GrantWrite(grantee iam.IGrantable) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		s.problems = append(s.problems, "GrantWrite was given a nil grantee: pass a role or a principal")
		return &iam.Grant{}
	}
	g := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee:      grantee,
		Actions:      []string{"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret", "secretsmanager:UpdateSecretVersionStage"},
		ResourceARNs: []string{s.ARNForPolicies(granteeScope(grantee))},
		Resource:     s.self,
	})
	if s.key != nil {
		s.key.GrantEncrypt(s.viaSecretsManager(grantee.GrantPrincipal()))
	}
	s.checkCrossAccount(g, grantee, "GrantWrite")
	return g
}

// checkCrossAccount is the AWS CDK's rule: a secret of this program shared
// with another account through its resource policy needs a customer key
// (the default key cannot be shared).
func (s *secretBase) checkCrossAccount(g *iam.Grant, grantee iam.IGrantable, what string) {
	if !s.owned || g.ResourceStatement == nil || s.key != nil {
		return
	}
	acct := iam.PrincipalAccount(grantee.GrantPrincipal())
	mine := constructs.StackOf(s).Account()
	if acct == "" || token.IsUnresolved(acct) || token.IsUnresolved(mine) || acct == mine {
		return
	}
	s.problems = append(s.problems, fmt.Sprintf("%s to account %s: a secret shared with another account needs a customer-managed key; set SecretProps.EncryptionKey", what, acct))
}

// AddRotationSchedule adds a RotationSchedule to the secret.
func (s *secretBase) AddRotationSchedule(id string, opts RotationScheduleOptions) *RotationSchedule {
	return NewRotationSchedule(s, id, RotationScheduleProps{Secret: s.self, RotationScheduleOptions: opts})
}

// AddToResourcePolicy adds a statement to the secret's resource policy
// (the child "Policy", created on first use) and reports true; an imported
// secret's policy is not managed here and it reports false.
func (s *secretBase) AddToResourcePolicy(st *iam.PolicyStatement) bool {
	if st == nil {
		s.problems = append(s.problems, "AddToResourcePolicy was given a nil statement: pass an iam.NewPolicyStatement")
		return false
	}
	if !s.owned {
		return false
	}
	if s.policy == nil {
		s.policy = NewResourcePolicy(s, "Policy", ResourcePolicyProps{Secret: s.self})
	}
	s.policy.Document.AddStatements(st)
	return true
}

// DenyAccountRootDelete denies secretsmanager:DeleteSecret to the account's
// principals in the resource policy.
func (s *secretBase) DenyAccountRootDelete() {
	s.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:    []string{"secretsmanager:DeleteSecret"},
		Effect:     iam.Deny,
		Resources:  []string{"*"},
		Principals: []iam.IPrincipal{iam.NewAccountRootPrincipal()},
	}))
}

// Secret is an AWS::SecretsManager::Secret, the AWS CDK's
// secretsmanager.Secret. Its value is generated by Secrets Manager unless a
// value is given explicitly, and never written in the template otherwise.
// Its ARN is a reference ({"Ref": ...}): other stacks of the same account
// and region use it through a cross-stack reference; a stack of another
// environment imports the secret by name (SecretFromSecretNameV2) or ARN
// instead.
type Secret struct {
	secretBase
	// Resource is the L1 resource.
	Resource *secretsmanagercfn.CfnSecret
	// ExcludeCharacters are the characters the generated value excludes.
	ExcludeCharacters string
}

// NewSecret creates a secret.
func NewSecret(scope constructs.Construct, id string, props SecretProps) *Secret {
	props.EncryptionKey = constructs.NormalizeNil(props.EncryptionKey)
	s := &Secret{}
	s.Base = constructs.NewBase(s, scope, id)
	s.self, s.owned, s.key = s, true, props.EncryptionKey

	values := 0
	var set []string
	if props.GenerateSecretString != nil {
		values++
		set = append(set, "GenerateSecretString")
	}
	if !props.SecretStringValue.IsZero() {
		values++
		set = append(set, "SecretStringValue")
	}
	if props.SecretObjectValue != nil || props.OrderedSecretObjectValue != nil {
		values++
		set = append(set, "SecretObjectValue")
	}
	if values > 1 {
		s.problems = append(s.problems, "SecretProps sets "+strings.Join(set, " and ")+": a secret's value is either generated or given, never both; keep one of GenerateSecretString, SecretStringValue and SecretObjectValue")
	}
	cp := secretsmanagercfn.CfnSecretProps{}
	if props.Description != "" {
		cp.Description = new(props.Description)
	}
	if props.SecretName != "" {
		cp.Name = new(props.SecretName)
	}
	if props.EncryptionKey != nil {
		cp.KmsKeyId = new(props.EncryptionKey.KeyARN())
	}
	switch {
	case props.SecretObjectValue != nil || props.OrderedSecretObjectValue != nil:
		fields := append([]SecretField(nil), props.OrderedSecretObjectValue...)
		keys := make([]string, 0, len(props.SecretObjectValue))
		for k := range props.SecretObjectValue {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fields = append(fields, SecretField{Key: k, Value: props.SecretObjectValue[k]})
		}
		seen := map[string]bool{}
		parts := make([]string, 0, len(fields))
		for _, f := range fields {
			if seen[f.Key] {
				s.problems = append(s.problems, fmt.Sprintf("SecretProps gives the JSON key %q twice (in OrderedSecretObjectValue or SecretObjectValue); keep one", f.Key))
				continue
			}
			seen[f.Key] = true
			if f.Value.IsZero() {
				s.problems = append(s.problems, fmt.Sprintf("SecretProps: the JSON key %q has no value; give an UnsafePlainText or a SecretValueFromAttribute", f.Key))
			}
			s.checkLiteral("SecretObjectValue["+f.Key+"]", f.Value)
			kj, _ := json.Marshal(f.Key)
			parts = append(parts, string(kj)+":"+jsonString(f.Value.UnsafeUnwrap()))
		}
		cp.SecretString = new("{" + strings.Join(parts, ",") + "}")
	case !props.SecretStringValue.IsZero():
		s.checkLiteral("SecretStringValue", props.SecretStringValue)
		cp.SecretString = new(props.SecretStringValue.UnsafeUnwrap())
	}
	if g := props.GenerateSecretString; g != nil {
		if (g.SecretStringTemplate == "") != (g.GenerateStringKey == "") {
			s.problems = append(s.problems, "GenerateSecretString: SecretStringTemplate and GenerateStringKey must be set together (the generated value is added to the template under the key)")
		}
		if g.SecretStringTemplate != "" && !token.IsUnresolved(g.SecretStringTemplate) && !json.Valid([]byte(g.SecretStringTemplate)) {
			s.problems = append(s.problems, fmt.Sprintf("GenerateSecretString.SecretStringTemplate %q is not JSON: give a JSON object such as {\"username\":\"admin\"}", g.SecretStringTemplate))
		}
		if g.PasswordLength < 0 || g.PasswordLength > 4096 {
			s.problems = append(s.problems, fmt.Sprintf("GenerateSecretString.PasswordLength %d is out of range: give 1 to 4096 (0 means 32)", g.PasswordLength))
		}
		gp := &secretsmanagercfn.CfnSecret_GenerateSecretStringProperty{
			ExcludeLowercase: g.ExcludeLowercase, ExcludeUppercase: g.ExcludeUppercase, ExcludeNumbers: g.ExcludeNumbers,
			ExcludePunctuation: g.ExcludePunctuation, IncludeSpace: g.IncludeSpace, RequireEachIncludedType: g.RequireEachIncludedType,
		}
		if g.SecretStringTemplate != "" {
			gp.SecretStringTemplate = new(g.SecretStringTemplate)
		}
		if g.GenerateStringKey != "" {
			gp.GenerateStringKey = new(g.GenerateStringKey)
		}
		if g.PasswordLength > 0 {
			gp.PasswordLength = new(g.PasswordLength)
		}
		if g.ExcludeCharacters != "" {
			gp.ExcludeCharacters = new(g.ExcludeCharacters)
		}
		cp.GenerateSecretString = gp
		s.ExcludeCharacters = g.ExcludeCharacters
	} else if cp.SecretString == nil {
		cp.GenerateSecretString = &secretsmanagercfn.CfnSecret_GenerateSecretStringProperty{}
	}
	s.Resource = secretsmanagercfn.NewCfnSecret(s, "Resource", cp)
	rp := props.RemovalPolicy
	if rp == "" {
		rp = cfn.PolicyDelete
	}
	s.Resource.ApplyRemovalPolicy(rp)
	s.arn = s.Resource.Ref()
	s.fullARN = s.arn
	s.name = ownedSecretName(s, s.arn, props.SecretName)

	if props.EncryptionKey != nil {
		stack := constructs.StackOf(s)
		p := s.viaSecretsManager(iam.NewAccountPrincipal(stack.Account()))
		props.EncryptionKey.GrantEncryptDecrypt(p)
		props.EncryptionKey.Grant(p, "kms:CreateGrant", "kms:DescribeKey")
	}
	for _, r := range props.ReplicaRegions {
		s.AddReplicaRegion(r.Region, r.EncryptionKey)
	}
	s.Node().AddValidation(constructs.ValidationFunc(func() []string {
		out := append([]string(nil), s.problems...)
		if s.policy != nil {
			out = append(out, s.policy.Document.ValidateForResourcePolicy()...)
		}
		return out
	}))
	return s
}

// checkLiteral rejects a plain text value that was not asked for with
// UnsafePlainText.
func (s *Secret) checkLiteral(field string, v SecretValue) {
	if v.literal {
		s.problems = append(s.problems, fmt.Sprintf("SecretProps.%s is a plain string given as a resource attribute: it would be readable in the template; pass a generated value, an attribute (SecretValueFromAttribute of a token) or, deliberately, UnsafePlainText", field))
	}
}

// jsonString writes s as a JSON string; a token stays a token inside the
// quotes, so its resolved value is concatenated.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// AddReplicaRegion replicates the secret to region, encrypted with key
// there (nil: the region's default key). The stack's own region is
// rejected.
func (s *Secret) AddReplicaRegion(region string, key kms.IKey) {
	key = constructs.NormalizeNil(key)
	st := constructs.StackOf(s)
	if region == "" {
		s.problems = append(s.problems, "a replica region has no Region: name the region to replicate the secret to")
		return
	}
	if !token.IsUnresolved(st.Region()) && !token.IsUnresolved(region) && region == st.Region() {
		s.problems = append(s.problems, fmt.Sprintf("replica region %s is the region the stack deploys to; replicate to another region", region))
		return
	}
	r := secretsmanagercfn.CfnSecret_ReplicaRegionProperty{Region: region}
	if key != nil {
		r.KmsKeyId = new(key.KeyARN())
	}
	s.Resource.Props.ReplicaRegions = append(s.Resource.Props.ReplicaRegions, r)
}

// SecretAttributes describes a secret defined elsewhere for
// SecretFromSecretAttributes: exactly one of SecretCompleteARN and
// SecretPartialARN.
type SecretAttributes struct {
	// SecretCompleteARN is the ARN with the 6-character suffix Secrets
	// Manager adds.
	SecretCompleteARN string
	// SecretPartialARN is the ARN without that suffix.
	SecretPartialARN string
	// EncryptionKey is the secret's customer-managed key, if any.
	EncryptionKey kms.IKey
}

// importedSecret is a secret defined elsewhere.
type importedSecret struct{ secretBase }

func newImported(scope constructs.Construct, id string) *importedSecret {
	s := &importedSecret{}
	s.Base = constructs.NewBase(s, scope, id)
	s.self = s
	s.Node().AddValidation(constructs.ValidationFunc(func() []string { return s.problems }))
	return s
}

// SecretFromSecretNameV2 returns the secret named name in the stack's
// account and region, the AWS CDK's Secret.fromSecretNameV2: its ARN is
// partial, so policies name NAME-??????.
func SecretFromSecretNameV2(scope constructs.Construct, id, name string) ISecret {
	s := newImported(scope, id)
	st := constructs.StackOf(s)
	s.name = name
	s.arn = "arn:" + st.Partition() + ":secretsmanager:" + st.Region() + ":" + st.Account() + ":secret:" + name
	s.partial = true
	if name == "" {
		s.problems = append(s.problems, "SecretFromSecretNameV2 was given an empty name")
	}
	return s
}

// SecretFromSecretCompleteARN returns the secret of a complete ARN (with
// the 6-character suffix).
func SecretFromSecretCompleteARN(scope constructs.Construct, id, arn string) ISecret {
	return SecretFromSecretAttributes(scope, id, SecretAttributes{SecretCompleteARN: arn})
}

// SecretFromSecretPartialARN returns the secret of a partial ARN (without
// the suffix); policies name ARN-??????.
func SecretFromSecretPartialARN(scope constructs.Construct, id, arn string) ISecret {
	return SecretFromSecretAttributes(scope, id, SecretAttributes{SecretPartialARN: arn})
}

// SecretFromSecretAttributes returns a secret defined elsewhere, the AWS
// CDK's Secret.fromSecretAttributes.
func SecretFromSecretAttributes(scope constructs.Construct, id string, attrs SecretAttributes) ISecret {
	s := newImported(scope, id)
	s.key = constructs.NormalizeNil(attrs.EncryptionKey)
	switch {
	case (attrs.SecretCompleteARN == "") == (attrs.SecretPartialARN == ""):
		s.problems = append(s.problems, "SecretAttributes: set exactly one of SecretCompleteARN and SecretPartialARN")
	case attrs.SecretCompleteARN != "":
		s.arn, s.fullARN = attrs.SecretCompleteARN, attrs.SecretCompleteARN
		if !arnIsComplete(s.arn) {
			s.problems = append(s.problems, fmt.Sprintf("SecretCompleteARN %q does not end in the 6-character suffix Secrets Manager adds; use SecretPartialARN", s.arn))
		}
	default:
		s.arn, s.partial = attrs.SecretPartialARN, true
	}
	s.name = parseSecretName(s.arn)
	return s
}

// completeARN is the AWS CDK's arnIsComplete: a token, or an ARN ending
// in "-" and 6 letters or digits.
var completeARN = regexp.MustCompile(`(?i)-[a-z0-9]{6}$`)

func arnIsComplete(arn string) bool {
	return token.IsUnresolved(arn) || completeARN.MatchString(arn)
}

// parseSecretName is the AWS CDK's parseSecretName: the resource name of
// the ARN, without a last "-" and 6 characters (whether the ARN is
// complete or not, as the AWS CDK); for a token, the name element selected
// at deployment.
func parseSecretName(arn string) string {
	if arn == "" {
		return ""
	}
	if token.IsUnresolved(arn) {
		return cfn.Select(6, cfn.Split(":", arn))
	}
	parts := strings.Split(arn, ":")
	if len(parts) < 7 {
		return arn
	}
	name := parts[6]
	if i := strings.LastIndex(name, "-"); i >= 0 && len(name)-i-1 == 6 {
		name = name[:i]
	}
	return name
}

// ownedSecretName is the AWS CDK's name of a secret it creates: with the
// flag @aws-cdk/aws-secretsmanager:parseOwnedSecretName (on unless the
// context sets it false, as in aws-cdk-lib 2.x), the hyphen-separated
// segments of the name without Secrets Manager's suffix, joined at
// deployment (two segments for a generated name, LOGICALID-RANDOM);
// otherwise the whole resource name of the ARN.
func ownedSecretName(scope constructs.Construct, arn, name string) string {
	resource := cfn.Select(6, cfn.Split(":", arn))
	if on, set := constructs.FeatureFlagSet(scope, "@aws-cdk/aws-secretsmanager:parseOwnedSecretName"); set && !on {
		return resource
	}
	if name != "" && token.IsUnresolved(name) {
		return name
	}
	n := 2
	if name != "" {
		n = len(strings.Split(name, "-"))
	}
	segments := make([]string, n)
	for i := range segments {
		segments[i] = cfn.Select(i, cfn.Split("-", resource))
	}
	return cfn.Join("-", segments)
}
