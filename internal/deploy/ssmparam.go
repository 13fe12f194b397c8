package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ParameterReader reads the value of an SSM parameter.
type ParameterReader interface {
	GetParameter(ctx context.Context, name string) (string, error)
}

// SSMError is an error answer of SSM, e.g. code ParameterNotFound or
// AccessDeniedException.
type SSMError struct {
	Code, Message string
	Status        int
}

func (e *SSMError) Error() string {
	return fmt.Sprintf("SSM GetParameter: %s: %s (HTTP %d)", e.Code, e.Message, e.Status)
}

// SSMReader reads a parameter with one SigV4-signed GetParameter request
// in SSM's JSON protocol. forma makes one SSM call — the bootstrap version
// check of AWS CDK assemblies — and, as with S3Uploader, the SDK's SSM
// client would lengthen the build of every forma program.
type SSMReader struct {
	Config aws.Config
	// Endpoint, when set (an emulator), receives the request; otherwise
	// the config's BaseEndpoint, otherwise https://ssm.REGION.amazonaws.com.
	Endpoint string
}

// GetParameter returns the parameter's value, decrypted when it is a
// SecureString (a customized bootstrap template may use one).
func (r *SSMReader) GetParameter(ctx context.Context, name string) (string, error) {
	region := r.Config.Region
	target := r.Endpoint
	if target == "" && r.Config.BaseEndpoint != nil {
		target = *r.Config.BaseEndpoint
	}
	if target == "" {
		suffix := "amazonaws.com"
		if strings.HasPrefix(region, "cn-") {
			suffix = "amazonaws.com.cn"
		}
		target = "https://ssm." + region + "." + suffix
	}
	body, _ := json.Marshal(map[string]any{"Name": name, "WithDecryption": true})
	status, data, err := signedCall(withCallName(ctx, "SSM GetParameter"), r.Config, "ssm", http.MethodPost, strings.TrimRight(target, "/")+"/", body, map[string]string{
		"Content-Type": "application/x-amz-json-1.1",
		"X-Amz-Target": "AmazonSSM.GetParameter",
	})
	if err != nil {
		return "", err
	}
	if status/100 != 2 {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
			Upper   string `json:"Message"`
		}
		_ = json.Unmarshal(data, &e)
		code := e.Type
		if i := strings.LastIndexByte(code, '#'); i >= 0 {
			code = code[i+1:]
		}
		if code == "" {
			code = http.StatusText(status)
		}
		msg := e.Message
		if msg == "" {
			msg = e.Upper
		}
		return "", &SSMError{Code: code, Message: msg, Status: status}
	}
	var out struct {
		Parameter struct {
			Value string `json:"Value"`
		} `json:"Parameter"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return "", fmt.Errorf("SSM GetParameter: reading the answer: %v", err)
	}
	return out.Parameter.Value, nil
}
