package imagepublish

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-containerregistry/pkg/authn"
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
