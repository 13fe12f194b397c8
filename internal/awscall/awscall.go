package awscall

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

// maxAnswer is the most of an answer Do reads.
const maxAnswer = 64 << 10

// Do sends one SigV4-signed request for service (the signing name: "s3",
// "ssm", "ecr") with the configuration's credentials and HTTP client, and
// returns the status and up to 64 KiB of the answer. With
// aws.AnonymousCredentials the request goes unsigned.
func Do(ctx context.Context, cfg aws.Config, service, method, url string, body []byte, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	hash := PayloadHash(body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.ContentLength = int64(len(body))
	if cfg.Credentials == nil {
		return 0, nil, fmt.Errorf("no AWS credentials to sign the %s request with", service)
	}
	// Anonymous credentials send the request unsigned, as the SDK does.
	if !aws.IsCredentialsProvider(cfg.Credentials, (*aws.AnonymousCredentials)(nil)) {
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err != nil {
			return 0, nil, fmt.Errorf("retrieving AWS credentials: %w", err)
		}
		if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, service, cfg.Region, time.Now().UTC()); err != nil {
			return 0, nil, err
		}
	}
	var client interface {
		Do(*http.Request) (*http.Response, error)
	} = http.DefaultClient
	if cfg.HTTPClient != nil {
		client = cfg.HTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	return resp.StatusCode, data, nil
}

// PayloadHash is the hex SHA-256 of a request body, as SigV4 signs it.
func PayloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// DNSSuffix is the domain of AWS's endpoints in region: amazonaws.com.cn
// in the China regions (cn-north-1, cn-northwest-1), amazonaws.com
// elsewhere.
func DNSSuffix(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// Endpoint is the URL, without a trailing slash, that a request to a
// service goes to: override when set (an emulator), else the config's
// BaseEndpoint, else https://HOST.REGION.SUFFIX (host "ssm", "api.ecr").
func Endpoint(cfg aws.Config, override, host string) string {
	target := override
	if target == "" && cfg.BaseEndpoint != nil {
		target = *cfg.BaseEndpoint
	}
	if target == "" {
		target = "https://" + host + "." + cfg.Region + "." + DNSSuffix(cfg.Region)
	}
	return strings.TrimRight(target, "/")
}

type nameKey struct{}

// WithName names the requests made with ctx ("S3 PutObject"), for an HTTP
// client that reports the calls it waited for.
func WithName(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, nameKey{}, name)
}

// Name is the name WithName gave ctx's requests, or "".
func Name(ctx context.Context) string {
	s, _ := ctx.Value(nameKey{}).(string)
	return s
}

// JSONCall is one operation in AWS's JSON 1.1 protocol: a POST of a JSON
// body to the service's endpoint, the operation named by X-Amz-Target.
type JSONCall struct {
	// Name names the call in errors and in its context: "ECR
	// GetAuthorizationToken".
	Name string
	// Service is the signing name: "ssm", "ecr".
	Service string
	// URL is the service's endpoint (Endpoint).
	URL string
	// Target is the operation: "AmazonSSM.GetParameter".
	Target string
}

// Do sends in (an empty object when nil) and decodes the answer into out.
// An error answer is an *APIError. A call that fails in a way the config's
// Retryer retries (a throttling code, an HTTP 5xx, a refused connection)
// is made again after its delay, as the SDK's clients do, up to its
// MaxAttempts.
func (c JSONCall) Do(ctx context.Context, cfg aws.Config, in, out any) error {
	body := []byte("{}")
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("%s: %v", c.Name, err)
		}
	}
	var retryer aws.Retryer
	if cfg.Retryer != nil {
		retryer = cfg.Retryer()
	}
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, cfg, body, out)
		if err == nil || retryer == nil || ctx.Err() != nil || attempt >= retryer.MaxAttempts() || !retryer.IsErrorRetryable(err) {
			return err
		}
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

func (c JSONCall) once(ctx context.Context, cfg aws.Config, body []byte, out any) error {
	status, data, err := Do(WithName(ctx, c.Name), cfg, c.Service, http.MethodPost, strings.TrimRight(c.URL, "/")+"/", body, map[string]string{
		"Content-Type": "application/x-amz-json-1.1",
		"X-Amz-Target": c.Target,
	})
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return c.apiError(status, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: reading the answer: %v", c.Name, err)
	}
	return nil
}

// apiError reads an error answer: {"__type": "...#Code", "message": "..."}
// (or "Message").
func (c JSONCall) apiError(status int, data []byte) *APIError {
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
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if code == "" {
		code = http.StatusText(status)
	}
	msg := e.Message
	if msg == "" {
		msg = e.Upper
	}
	return &APIError{Call: c.Name, Code: code, Message: msg, Status: status}
}

// APIError is an error answer of a JSONCall, e.g. code ParameterNotFound or
// AccessDeniedException.
type APIError struct {
	// Call names the call: "SSM GetParameter".
	Call          string
	Code, Message string
	Status        int
}

// ErrorCode is the error's code, for the SDK's retryer.
func (e *APIError) ErrorCode() string { return e.Code }

// HTTPStatusCode is the answer's status, for the SDK's retryer.
func (e *APIError) HTTPStatusCode() int { return e.Status }

func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%s: %s (HTTP %d)", e.Call, e.Code, e.Status)
	}
	return fmt.Sprintf("%s: %s: %s (HTTP %d)", e.Call, e.Code, e.Message, e.Status)
}
