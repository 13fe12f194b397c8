package imagepublish

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/forma-iac/forma/internal/mototest"
)

// TestECRJob reads the registry and credentials from ECR's
// GetAuthorizationToken answer (base64 of AWS:password).
func TestECRJob(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(r.Header.Get("X-Amz-Target"), "GetAuthorizationToken") {
			t.Errorf("call %s %s", r.Header.Get("X-Amz-Target"), body)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"authorizationData":[{"authorizationToken":"QVdTOnNlY3JldA==","proxyEndpoint":"https://123456789012.dkr.ecr.us-east-1.amazonaws.com"}]}`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}}
	job, err := ECRJob(context.Background(), cfg, "/asm", "web", Source{}, "cdk-hnb659fds-container-assets-123456789012-us-east-1", "abc")
	if err != nil {
		t.Fatal(err)
	}
	if job.Image != "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets-123456789012-us-east-1:abc" {
		t.Errorf("image %s", job.Image)
	}
	a, _ := job.Auth.Authorization()
	if *a != (authn.AuthConfig{Username: "AWS", Password: "secret"}) {
		t.Errorf("auth %+v", a)
	}
}

// ECRAuth calls GetAuthorizationToken in ECR's JSON protocol, signed for
// "ecr" in cfg's region, at the endpoint it is given.
func TestECRAuthRequest(t *testing.T) {
	var seen *http.Request
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen, body = r, string(b)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"authorizationData":[{"authorizationToken":"QVdTOnMzY3JldA==","expiresAt":1.7646E9,"proxyEndpoint":"https://210987654321.dkr.ecr.eu-west-3.amazonaws.com"}]}`)
	}))
	defer srv.Close()
	cfg := aws.Config{
		Region:       "eu-west-3",
		BaseEndpoint: aws.String("http://127.0.0.1:1"), // the endpoint given wins
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "token"),
	}
	auth, host, err := ECRAuth(context.Background(), cfg, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if host != "210987654321.dkr.ecr.eu-west-3.amazonaws.com" {
		t.Errorf("host %s", host)
	}
	if a, _ := auth.Authorization(); *a != (authn.AuthConfig{Username: "AWS", Password: "s3cret"}) {
		t.Errorf("auth %+v", a)
	}
	if seen.Method != http.MethodPost || seen.URL.Path != "/" || body != "{}" {
		t.Errorf("request %s %s %q", seen.Method, seen.URL.Path, body)
	}
	if tg := seen.Header.Get("X-Amz-Target"); tg != "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken" {
		t.Errorf("X-Amz-Target %q", tg)
	}
	if ct := seen.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q", ct)
	}
	if a := seen.Header.Get("Authorization"); !strings.HasPrefix(a, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") || !strings.Contains(a, "/eu-west-3/ecr/aws4_request,") {
		t.Errorf("Authorization %q", a)
	}
	if tok := seen.Header.Get("X-Amz-Security-Token"); tok != "token" {
		t.Errorf("X-Amz-Security-Token %q", tok)
	}
}

// An error answer of ECR says its code and message.
func TestECRAuthErrors(t *testing.T) {
	for _, c := range []struct{ answer, want string }{
		{`{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/u is not authorized to perform: ecr:GetAuthorizationToken"}`,
			"getting an ECR authorization token: ECR GetAuthorizationToken: AccessDeniedException: User: arn:aws:iam::123456789012:user/u is not authorized to perform: ecr:GetAuthorizationToken (HTTP 400)"},
		{`{"__type":"com.amazonaws.ecr#UnrecognizedClientException","Message":"The security token included in the request is invalid."}`,
			"getting an ECR authorization token: ECR GetAuthorizationToken: UnrecognizedClientException: The security token included in the request is invalid. (HTTP 400)"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, c.answer)
		}))
		cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")}
		_, _, err := ECRAuth(context.Background(), cfg, srv.URL)
		srv.Close()
		if err == nil || err.Error() != c.want {
			t.Errorf("err = %v\nwant %s", err, c.want)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"authorizationData":[]}`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")}
	if _, _, err := ECRAuth(context.Background(), cfg, srv.URL); err == nil || err.Error() != "ECR returned no authorization token" {
		t.Errorf("no token: err = %v", err)
	}
}

// moto's ECR answers GetAuthorizationToken as ECR does.
func TestECRAuthMoto(t *testing.T) {
	url := mototest.URL(t, "the ECR authorization token from moto")
	cfg := aws.Config{Region: "eu-west-3", BaseEndpoint: aws.String(url), Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")}
	auth, host, err := ECRAuth(context.Background(), cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(host, ".dkr.ecr.eu-west-3.amazonaws.com") {
		t.Errorf("host %s", host)
	}
	if a, err := auth.Authorization(); err != nil || a.Username != "AWS" || a.Password == "" {
		t.Errorf("auth %+v, %v", a, err)
	}
}
