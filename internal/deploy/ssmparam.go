package deploy

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/forma-iac/forma/internal/awscall"
)

// ParameterReader reads the value of an SSM parameter.
type ParameterReader interface {
	GetParameter(ctx context.Context, name string) (string, error)
}

// SSMError is an error answer of SSM, e.g. code ParameterNotFound or
// AccessDeniedException.
type SSMError = awscall.APIError

// SSMReader reads a parameter with one SigV4-signed GetParameter request
// in SSM's JSON protocol (internal/awscall). forma makes one SSM call — the
// bootstrap version check of AWS CDK assemblies — and, as with S3Uploader,
// the SDK's SSM client would lengthen the build of every forma program.
type SSMReader struct {
	Config aws.Config
	// Endpoint, when set (an emulator), receives the request; otherwise
	// the config's BaseEndpoint, otherwise https://ssm.REGION.amazonaws.com.
	Endpoint string
}

// GetParameter returns the parameter's value, decrypted when it is a
// SecureString (a customized bootstrap template may use one).
func (r *SSMReader) GetParameter(ctx context.Context, name string) (string, error) {
	call := awscall.JSONCall{
		Name:    "SSM GetParameter",
		Service: "ssm",
		URL:     awscall.Endpoint(r.Config, r.Endpoint, "ssm"),
		Target:  "AmazonSSM.GetParameter",
	}
	var out struct {
		Parameter struct {
			Value string `json:"Value"`
		} `json:"Parameter"`
	}
	in := map[string]any{"Name": name, "WithDecryption": true}
	if err := call.Do(ctx, r.Config, in, &out); err != nil {
		return "", err
	}
	return out.Parameter.Value, nil
}
