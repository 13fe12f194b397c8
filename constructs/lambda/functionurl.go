package lambda

import (
	"fmt"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda/lambdacfn"
	"github.com/forma-iac/forma/constructs/token"
)

// FunctionURLAuthType is how callers of a function URL authenticate.
type FunctionURLAuthType string

// The auth types of a function URL.
const (
	// FunctionURLAuthTypeAWSIAM admits only requests signed by IAM
	// principals allowed lambda:InvokeFunctionUrl (GrantInvokeURL); the
	// default.
	FunctionURLAuthTypeAWSIAM FunctionURLAuthType = "AWS_IAM"
	// FunctionURLAuthTypeNone makes the URL a public endpoint: anyone may
	// call it, and the function checks what it must itself.
	FunctionURLAuthTypeNone FunctionURLAuthType = "NONE"
)

// InvokeMode is how Lambda invokes a function through its URL.
type InvokeMode string

// The invoke modes of a function URL.
const (
	// InvokeModeBuffered returns the response once complete (up to 6 MB);
	// the default, left out of the template.
	InvokeModeBuffered InvokeMode = "BUFFERED"
	// InvokeModeResponseStream streams the response as the function
	// writes it (InvokeWithResponseStream).
	InvokeModeResponseStream InvokeMode = "RESPONSE_STREAM"
)

// HTTPMethod is a method a function URL's CORS configuration allows.
type HTTPMethod string

// The HTTP methods of a CORS configuration.
const (
	HTTPMethodGet     HTTPMethod = "GET"
	HTTPMethodPut     HTTPMethod = "PUT"
	HTTPMethodHead    HTTPMethod = "HEAD"
	HTTPMethodPost    HTTPMethod = "POST"
	HTTPMethodDelete  HTTPMethod = "DELETE"
	HTTPMethodPatch   HTTPMethod = "PATCH"
	HTTPMethodOptions HTTPMethod = "OPTIONS"
	// HTTPMethodAll allows every method.
	HTTPMethodAll HTTPMethod = "*"
)

// FunctionURLCORSOptions is the cross-origin resource sharing
// configuration of a function URL, the AWS CDK's FunctionUrlCorsOptions.
type FunctionURLCORSOptions struct {
	// AllowCredentials lets requests carry cookies and credentials.
	AllowCredentials bool
	// AllowedHeaders are the headers browsers may send.
	AllowedHeaders []string
	// AllowedMethods default []HTTPMethod{HTTPMethodAll}.
	AllowedMethods []HTTPMethod
	// AllowedOrigins are the origins browsers may call from.
	AllowedOrigins []string
	// ExposedHeaders are the response headers scripts may read.
	ExposedHeaders []string
	// MaxAge is how long browsers cache the preflight response, whole
	// seconds up to 24 hours; default: the browser's (left out).
	MaxAge time.Duration
}

// FunctionURLOptions configure a function URL; zero values are the AWS
// CDK's defaults.
type FunctionURLOptions struct {
	// AuthType default FunctionURLAuthTypeAWSIAM. With
	// FunctionURLAuthTypeNone the function's resource policy lets anyone
	// call the URL, as the AWS CDK writes it: two permissions, children
	// "invoke-function-url" (lambda:InvokeFunctionUrl with
	// FunctionUrlAuthType NONE) and "invoke-function"
	// (lambda:InvokeFunction with InvokedViaFunctionUrl), both for the
	// principal "*".
	AuthType FunctionURLAuthType
	// CORS is the cross-origin configuration; default none.
	CORS *FunctionURLCORSOptions
	// InvokeMode default InvokeModeBuffered (left out).
	InvokeMode InvokeMode
}

// FunctionURLProps configure NewFunctionURL.
type FunctionURLProps struct {
	FunctionURLOptions
	// Function is the function (or alias: the URL is then qualified by
	// the alias's name) the URL invokes (required).
	Function IFunction
}

// FunctionURL is an AWS::Lambda::Url, the AWS CDK's lambda.FunctionUrl: a
// dedicated HTTPS endpoint of a function.
type FunctionURL struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *lambdacfn.CfnUrl
	authType FunctionURLAuthType
	fn       IFunction
}

// NewFunctionURL creates a URL for props.Function.
func NewFunctionURL(scope constructs.Construct, id string, props FunctionURLProps) *FunctionURL {
	props.Function = constructs.NormalizeNil(props.Function)
	u := &FunctionURL{fn: props.Function, authType: props.AuthType}
	u.Base = constructs.NewBase(u, scope, id)
	if u.authType == "" {
		u.authType = FunctionURLAuthTypeAWSIAM
	}
	var problems []string
	switch u.authType {
	case FunctionURLAuthTypeAWSIAM, FunctionURLAuthTypeNone:
	default:
		problems = append(problems, fmt.Sprintf("FunctionURLOptions.AuthType %q is not one Lambda offers; use lambda.FunctionURLAuthTypeAWSIAM or lambda.FunctionURLAuthTypeNone", u.authType))
	}
	cp := lambdacfn.CfnUrlProps{AuthType: string(u.authType)}
	switch props.InvokeMode {
	case "":
	case InvokeModeBuffered, InvokeModeResponseStream:
		cp.InvokeMode = new(string(props.InvokeMode))
	default:
		problems = append(problems, fmt.Sprintf("FunctionURLOptions.InvokeMode %q is not one Lambda offers; use lambda.InvokeModeBuffered or lambda.InvokeModeResponseStream", props.InvokeMode))
	}
	if props.CORS != nil {
		cors, p := renderCORS(*props.CORS)
		cp.Cors = cors
		problems = append(problems, p...)
	}
	var alias *Alias
	switch f := props.Function.(type) {
	case nil:
		problems = append(problems, "FunctionURLProps.Function is required: the function or alias the URL invokes")
	case *Alias:
		alias = f
		cp.TargetFunctionArn = f.Lambda().FunctionARN()
		cp.Qualifier = new(f.AliasName())
	default:
		cp.TargetFunctionArn = f.FunctionARN()
	}
	u.Resource = lambdacfn.NewCfnUrl(u, "Resource", cp)
	if alias != nil {
		u.Resource.Node().AddDependency(alias.Resource)
	}
	u.Node().AddValidation(constructs.ValidationFunc(func() []string { return problems }))
	if props.Function != nil && props.AuthType == FunctionURLAuthTypeNone {
		props.Function.AddPermission("invoke-function-url", Permission{
			Principal: iam.NewAnyPrincipal(), Action: "lambda:InvokeFunctionUrl", FunctionURLAuthType: FunctionURLAuthTypeNone,
		})
		props.Function.AddPermission("invoke-function", Permission{
			Principal: iam.NewAnyPrincipal(), Action: "lambda:InvokeFunction", InvokedViaFunctionURL: true,
		})
	}
	return u
}

func renderCORS(c FunctionURLCORSOptions) (*lambdacfn.CfnUrl_CorsProperty, []string) {
	var problems []string
	r := &lambdacfn.CfnUrl_CorsProperty{AllowHeaders: c.AllowedHeaders, AllowOrigins: c.AllowedOrigins, ExposeHeaders: c.ExposedHeaders}
	if c.AllowCredentials {
		r.AllowCredentials = new(true)
	}
	methods := c.AllowedMethods
	if len(methods) == 0 {
		methods = []HTTPMethod{HTTPMethodAll}
	}
	for _, m := range methods {
		r.AllowMethods = append(r.AllowMethods, string(m))
	}
	if c.MaxAge != 0 {
		if c.MaxAge < 0 || c.MaxAge > 24*time.Hour || c.MaxAge%time.Second != 0 {
			problems = append(problems, fmt.Sprintf("FunctionURLCORSOptions.MaxAge %v must be whole seconds up to 86400 (24 hours)", c.MaxAge))
		}
		r.MaxAge = new(int(c.MaxAge / time.Second))
	}
	return r, problems
}

// URL returns the function URL, https://ID.lambda-url.REGION.on.aws/
// (Fn::GetAtt FunctionUrl).
func (u *FunctionURL) URL() string { return u.Resource.AttrFunctionUrl() }

// FunctionARN returns the ARN of the function the URL invokes (Fn::GetAtt
// FunctionArn).
func (u *FunctionURL) FunctionARN() string { return u.Resource.AttrFunctionArn() }

// AuthType returns how callers authenticate.
func (u *FunctionURL) AuthType() FunctionURLAuthType { return u.authType }

// GrantInvokeURL lets grantee call the URL (the function's
// GrantInvokeURL).
func (u *FunctionURL) GrantInvokeURL(grantee iam.IGrantable) *iam.Grant {
	if u.fn == nil {
		return &iam.Grant{}
	}
	if g, ok := u.fn.(interface {
		GrantInvokeURL(iam.IGrantable) *iam.Grant
	}); ok {
		return g.GrantInvokeURL(grantee)
	}
	return grantInvokeURL(u.fn, grantee, nil)
}

// AddFunctionURL adds a URL to the function, the child "FunctionUrl"
// (zero or one FunctionURLOptions; the AWS CDK's addFunctionUrl).
func (f *Function) AddFunctionURL(opts ...FunctionURLOptions) *FunctionURL {
	return NewFunctionURL(f, "FunctionUrl", FunctionURLProps{FunctionURLOptions: firstURLOptions(opts), Function: f})
}

// AddFunctionURL adds a URL qualified by the alias's name, the child
// "FunctionUrl".
func (a *Alias) AddFunctionURL(opts ...FunctionURLOptions) *FunctionURL {
	return NewFunctionURL(a, "FunctionUrl", FunctionURLProps{FunctionURLOptions: firstURLOptions(opts), Function: a})
}

func firstURLOptions(opts []FunctionURLOptions) FunctionURLOptions {
	if len(opts) > 0 {
		return opts[0]
	}
	return FunctionURLOptions{}
}

// GrantInvokeURL lets grantee call the function's URLs of auth type
// AWS_IAM, as the AWS CDK's grantInvokeUrl: lambda:InvokeFunctionUrl
// when the auth type is AWS_IAM and lambda:InvokeFunction when invoked
// through a URL, on the function; a role of the function's account gets
// identity policy statements, any other principal two permissions,
// children "InvokeFunctionUrlPRINCIPAL" and
// "InvokeFunctionUrlPRINCIPAL-DualAuth".
func (f *Function) GrantInvokeURL(grantee iam.IGrantable) *iam.Grant {
	return grantInvokeURL(f, grantee, &f.urlGrants)
}

// GrantInvokeURL lets grantee call the alias's URLs (see
// Function.GrantInvokeURL).
func (a *Alias) GrantInvokeURL(grantee iam.IGrantable) *iam.Grant {
	return grantInvokeURL(a, grantee, &a.urlGrants)
}

func grantInvokeURL(fn IFunction, grantee iam.IGrantable, cache *map[string]*iam.Grant) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		fn.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"GrantInvokeURL was given a nil grantee: pass a role or a principal"}
		}))
		return &iam.Grant{}
	}
	p := grantee.GrantPrincipal()
	id := "InvokeFunctionUrl" + principalIdentifier(p)
	if cache != nil {
		if g := (*cache)[id]; g != nil {
			return g
		}
	}
	grant := func(id, action string, perm Permission, conds map[string]map[string]any) *iam.Grant {
		perm.Principal, perm.Action = p, action
		res := &invokeResource{fn: fn, add: func(*iam.PolicyStatement) constructs.Construct {
			if c := fn.Node().TryFindChild(id); c != nil {
				return c
			}
			if cp := fn.AddPermission(id, perm); cp != nil {
				return cp
			}
			return nil
		}}
		return iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
			Grantee: grantee, Actions: []string{action}, ResourceARNs: []string{fn.FunctionARN()}, Resource: res, Conditions: conds,
		})
	}
	grant(id, "lambda:InvokeFunctionUrl", Permission{FunctionURLAuthType: FunctionURLAuthTypeAWSIAM},
		map[string]map[string]any{"StringEquals": {"lambda:FunctionUrlAuthType": string(FunctionURLAuthTypeAWSIAM)}})
	g := grant(id+"-DualAuth", "lambda:InvokeFunction", Permission{InvokedViaFunctionURL: true},
		map[string]map[string]any{"Bool": {"lambda:InvokedViaFunctionUrl": true}})
	g = iam.RequireSuccess(g, fn, "GrantInvokeURL", grantee)
	if cache != nil {
		if *cache == nil {
			*cache = map[string]*iam.Grant{}
		}
		(*cache)[id] = g
	}
	return g
}

// principalIdentifier is the AWS CDK's string of a principal in a permission
// identifier: a construct's path, or principalDescription.
func principalIdentifier(p iam.IPrincipal) string {
	if c, ok := p.(constructs.Construct); ok && !token.IsUnresolved(c.Node().Path()) {
		return c.Node().Path()
	}
	return principalDescription(p)
}
