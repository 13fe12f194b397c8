package deploy

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/forma-iac/forma/internal/imagepublish"
)

// silentEndpoint accepts connections and never answers.
func silentEndpoint(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	return "http://" + ln.Addr().String()
}

// The requests forma makes outside the SDK's clients (the S3 upload, the
// SSM parameter, the ECR authorization token) are bounded too, and named in what is said of them.
func TestCallLimitsOutsideTheSDK(t *testing.T) {
	endpoint := silentEndpoint(t)
	var mu sync.Mutex
	var said []string
	cfg := awsConfig(endpoint)
	cfg.HTTPClient = WithCallLimits(HTTPClient(&http.Client{}), CallLimits{Timeout: 200 * time.Millisecond, Waiting: func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		said = append(said, msg)
	}})
	start := time.Now()
	err := (&S3Uploader{Config: cfg, Endpoint: endpoint}).PutObject(context.Background(), "bucket", "key", []byte("{}"), "application/json")
	var ce *CallError
	if !errors.As(err, &ce) || ce.Call != "S3 PutObject" || ce.Endpoint != endpoint || ce.Timeout != 200*time.Millisecond {
		t.Fatalf("err = %#v, want a CallError for S3 PutObject at %s", err, endpoint)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s with a 200ms limit", took)
	}
	_, err = (&SSMReader{Config: cfg, Endpoint: endpoint}).GetParameter(context.Background(), "/cdk-bootstrap/hnb659fds/version")
	if !errors.As(err, &ce) || ce.Call != "SSM GetParameter" {
		t.Fatalf("err = %v, want a CallError for SSM GetParameter", err)
	}
	_, _, err = imagepublish.ECRAuth(context.Background(), cfg, endpoint)
	if !errors.As(err, &ce) || ce.Call != "ECR GetAuthorizationToken" {
		t.Fatalf("err = %v, want a CallError for ECR GetAuthorizationToken", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(said) != 3 || !strings.HasPrefix(said[0], "waiting for S3 PutObject at "+endpoint+": no answer after 100ms") {
		t.Errorf("said %q", said)
	}
	// A cancelled context is the caller's doing: not a CallError.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = (&SSMReader{Config: cfg, Endpoint: endpoint}).GetParameter(ctx, "/x")
	if err == nil || errors.As(err, &ce) {
		t.Errorf("cancelled: err = %v, want the cancellation", err)
	}
}
