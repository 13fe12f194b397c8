package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
)

// Lambda function URLs (oracle/functionurl.js).

func urlFunction(scope constructs.Construct, id string) *lambda.Function {
	return lambda.NewFunction(scope, id, lambda.FunctionProps{
		Runtime: lambda.NodeJS22X,
		Handler: "index.handler",
		Code:    lambda.CodeFromInline("exports.handler = async () => ({ statusCode: 200 });"),
	})
}

func functionURLPublic(app *constructs.App) {
	stack := constructs.NewStack(app, "PublicURL", constructs.StackProps{})
	f := urlFunction(stack, "Handler")
	url := f.AddFunctionURL(lambda.FunctionURLOptions{
		AuthType: lambda.FunctionURLAuthTypeNone,
		CORS: &lambda.FunctionURLCORSOptions{
			AllowedOrigins:   []string{"https://example.com"},
			AllowedMethods:   []lambda.HTTPMethod{lambda.HTTPMethodGet, lambda.HTTPMethodPost},
			AllowedHeaders:   []string{"Content-Type"},
			AllowCredentials: true,
			MaxAge:           5 * time.Minute,
		},
	})
	cfn.NewOutput(stack, "URL", cfn.OutputProps{Value: url.URL()})
}

func functionURLIAM(app *constructs.App) {
	stack := constructs.NewStack(app, "IAMURL", constructs.StackProps{})
	f := urlFunction(stack, "Handler")
	url := f.AddFunctionURL(lambda.FunctionURLOptions{InvokeMode: lambda.InvokeModeResponseStream})
	caller := iam.NewRole(stack, "Caller", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
	url.GrantInvokeURL(caller)
	url.GrantInvokeURL(caller)
	f.GrantInvokeURL(iam.NewServicePrincipal("cloudfront.amazonaws.com"))
	f.GrantInvokeURL(iam.NewAccountPrincipal("111122223333"))
	live := lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	live.AddFunctionURL(lambda.FunctionURLOptions{AuthType: lambda.FunctionURLAuthTypeNone})
	other := urlFunction(stack, "Other")
	lambda.NewFunctionURL(stack, "OtherURL", lambda.FunctionURLProps{
		Function: other,
		FunctionURLOptions: lambda.FunctionURLOptions{
			AuthType: lambda.FunctionURLAuthTypeAWSIAM,
			CORS:     &lambda.FunctionURLCORSOptions{AllowedOrigins: []string{"*"}},
		},
	})
	cfn.NewOutput(stack, "URL", cfn.OutputProps{Value: url.URL()})
	cfn.NewOutput(stack, "FunctionArn", cfn.OutputProps{Value: url.FunctionARN()})
}

func init() {
	register(
		Case{Name: "function-url-public", Build: functionURLPublic},
		Case{Name: "function-url-iam", Build: functionURLIAM},
	)
}
