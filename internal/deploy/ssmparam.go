package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(target, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AmazonSSM.GetParameter")
	req.ContentLength = int64(len(body))
	if r.Config.Credentials == nil {
		return "", fmt.Errorf("no AWS credentials to sign the SSM request with")
	}
	creds, err := r.Config.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("retrieving AWS credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, "ssm", region, time.Now().UTC()); err != nil {
		return "", err
	}
	var client interface {
		Do(*http.Request) (*http.Response, error)
	} = http.DefaultClient
	if r.Config.HTTPClient != nil {
		client = r.Config.HTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
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
			code = http.StatusText(resp.StatusCode)
		}
		msg := e.Message
		if msg == "" {
			msg = e.Upper
		}
		return "", &SSMError{Code: code, Message: msg, Status: resp.StatusCode}
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
