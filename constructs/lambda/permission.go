package lambda

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
)

// Permission is a statement of a function's resource policy, the AWS CDK's
// lambda.Permission.
type Permission struct {
	// Principal may invoke the function (required): a service principal
	// (its service is written), an account principal (its account) or an
	// ARN principal (its ARN).
	Principal iam.IPrincipal
	// Action default "lambda:InvokeFunction".
	Action string
	// SourceARN limits the permission to this source (a rule, a bucket).
	SourceARN string
	// SourceAccount limits it to sources of this account.
	SourceAccount string
	// EventSourceToken is the token the caller must send: for an Alexa
	// skill (Principal iam.NewServicePrincipal("alexa-appkit.amazon.com"),
	// or "alexa-connectedhome.amazon.com" for Smart Home), the skill's id
	// ("amzn1.ask.skill.…").
	EventSourceToken string
	// FunctionURLAuthType limits the permission to calls through a
	// function URL of this auth type (lambda:FunctionUrlAuthType).
	FunctionURLAuthType FunctionURLAuthType
	// InvokedViaFunctionURL limits a lambda:InvokeFunction permission to
	// calls through a function URL (lambda:InvokedViaFunctionUrl).
	InvokedViaFunctionURL bool
	// Scope is where the AWS::Lambda::Permission is created; default the
	// function.
	Scope constructs.Construct
}

func addPermission(fn constructs.Construct, functionARN, id string, p Permission) *lambdacfn.CfnPermission {
	p.Principal, p.Scope = constructs.NormalizeNil(p.Principal), constructs.NormalizeNil(p.Scope)
	scope := p.Scope
	if scope == nil {
		scope = fn
	}
	action := p.Action
	if action == "" {
		action = "lambda:InvokeFunction"
	}
	principal, problem := principalString(p.Principal)
	cp := lambdacfn.CfnPermissionProps{Action: action, FunctionName: functionARN, Principal: principal}
	if p.SourceARN != "" {
		cp.SourceArn = new(p.SourceARN)
	}
	if p.SourceAccount != "" {
		cp.SourceAccount = new(p.SourceAccount)
	}
	if p.EventSourceToken != "" {
		cp.EventSourceToken = new(p.EventSourceToken)
	}
	if p.FunctionURLAuthType != "" {
		cp.FunctionUrlAuthType = new(string(p.FunctionURLAuthType))
	}
	if p.InvokedViaFunctionURL {
		cp.InvokedViaFunctionUrl = new(true)
	}
	r := lambdacfn.NewCfnPermission(scope, id, cp)
	if problem != "" {
		r.Node().AddValidation(constructs.ValidationFunc(func() []string { return []string{problem} }))
	}
	return r
}

// principalString is the AWS CDK's parsePermissionPrincipal for the
// principals a Lambda permission takes.
func principalString(p iam.IPrincipal) (string, string) {
	switch x := p.(type) {
	case nil:
		return "", "Permission.Principal is required: name who may invoke the function, e.g. iam.NewServicePrincipal(\"events.amazonaws.com\")"
	case *iam.ServicePrincipal:
		return x.Service, ""
	case *iam.AccountPrincipal:
		return x.AccountID, ""
	case *iam.AnyPrincipal:
		return "*", ""
	case *iam.ARNPrincipal:
		return x.ARN, ""
	}
	frag := p.PolicyFragment().PrincipalJSON
	for _, k := range []string{"Service", "AWS"} {
		if v := frag[k]; len(v) == 1 {
			return v[0], ""
		}
	}
	return "", fmt.Sprintf("a %T cannot be the principal of a Lambda permission; use a service, account or ARN principal", p)
}

// principalDescription is the AWS CDK's IPrincipal.toString.
func principalDescription(p iam.IPrincipal) string {
	switch x := p.(type) {
	case *iam.ServicePrincipal:
		return "ServicePrincipal(" + x.Service + ")"
	case *iam.AccountPrincipal:
		return "AccountPrincipal(" + x.AccountID + ")"
	case *iam.AnyPrincipal:
		return "AnyPrincipal"
	case *iam.ARNPrincipal:
		return "ArnPrincipal(" + x.ARN + ")"
	}
	return fmt.Sprintf("%T", p)
}

// invokeResource adds the grant's resource statement as a Permission, the
// AWS CDK's grantInvoke resource adapter: once added, it stands for that
// Permission, so the grant's dependables (Grant.ApplyBefore) name the
// permission rather than the whole function.
type invokeResource struct {
	fn   constructs.Construct
	perm constructs.Construct
	add  func(s *iam.PolicyStatement) constructs.Construct
}

// Node is the permission's node once added, the function's before.
func (r *invokeResource) Node() *constructs.Node {
	if r.perm != nil {
		return r.perm.Node()
	}
	return r.fn.Node()
}

func (r *invokeResource) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	r.perm = r.add(s)
	return true
}

func grantInvoke(fn IFunction, arns []string, grantee iam.IGrantable) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		fn.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"GrantInvoke was given a nil grantee: pass a role or a principal"}
		}))
		return &iam.Grant{}
	}
	p := grantee.GrantPrincipal()
	conds := p.PolicyFragment().Conditions
	if conds == nil {
		conds = map[string]map[string]any{}
	}
	key, _ := json.Marshal(struct {
		Principal  string                    `json:"principal"`
		Conditions map[string]map[string]any `json:"conditions"`
	}{principalDescription(p), conds})
	sum := sha256.Sum256(key)
	id := "Invoke" + strings.ReplaceAll(base64.StdEncoding.EncodeToString(sum[:]), "/", "--")
	res := &invokeResource{fn: fn, add: func(*iam.PolicyStatement) constructs.Construct {
		if c := fn.Node().TryFindChild(id); c != nil {
			return c
		}
		if cp := fn.AddPermission(id, Permission{Principal: p}); cp != nil {
			return cp
		}
		return nil
	}}
	g := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee: grantee, Actions: []string{"lambda:InvokeFunction"}, ResourceARNs: arns, Resource: res,
	})
	return iam.RequireSuccess(g, fn, "GrantInvoke", grantee)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func lastPart(arn string, index int) string {
	parts := strings.Split(arn, ":")
	if len(parts) > index {
		return parts[index]
	}
	return arn
}

func cfnSelect(index int, arn string) string { return cfn.Select(index, cfn.Split(":", arn)) }
