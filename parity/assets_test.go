package parity

import (
	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/lambda"
)

// File assets (oracle/assets.js): the same directory gives the CDK's hash,
// object key and template.

const assetDir = "testdata/lambda-asset"

func lambdaAsset(app *constructs.App) {
	stack := constructs.NewStack(app, "Assets", constructs.StackProps{})
	f := lambda.NewFunction(stack, "Handler", lambda.FunctionProps{
		Runtime: lambda.NodeJS22X,
		Handler: "index.handler",
		Code:    lambda.CodeFromAsset(assetDir, lambda.AssetCodeOptions{Exclude: []string{"*.log"}}),
	})
	lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	site := assets.NewAsset(stack, "Site", assets.AssetProps{Path: assetDir})
	file := assets.NewAsset(stack, "File", assets.AssetProps{Path: assetDir + "/index.js"})
	cfn.NewOutput(stack, "SiteBucket", cfn.OutputProps{Value: site.S3BucketName()})
	cfn.NewOutput(stack, "SiteKey", cfn.OutputProps{Value: site.S3ObjectKey()})
	cfn.NewOutput(stack, "SiteURL", cfn.OutputProps{Value: site.S3ObjectURL()})
	cfn.NewOutput(stack, "FileURL", cfn.OutputProps{Value: file.HTTPURL()})
}

func init() {
	register(Case{Name: "lambda-asset", Build: lambdaAsset})
}
