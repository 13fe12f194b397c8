package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bucket is an S3 double holding objects by key.
type bucket struct {
	name    string
	objects map[string]string
	types   map[string]string
	asked   []string
}

func (b *bucket) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if aws.ToString(in.Bucket) != b.name {
		return nil, errors.New("wrong bucket " + aws.ToString(in.Bucket))
	}
	key := aws.ToString(in.Key)
	b.asked = append(b.asked, key)
	body, ok := b.objects[key]
	if !ok {
		return nil, &types.NoSuchKey{}
	}
	out := &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(body))}
	if t := b.types[key]; t != "" {
		out.ContentType = aws.String(t)
	}
	return out, nil
}

func request(method, path string) events.LambdaFunctionURLRequest {
	r := events.LambdaFunctionURLRequest{RawPath: path}
	r.RequestContext.HTTP.Method = method
	return r
}

func TestServe(t *testing.T) {
	b := &bucket{name: "content", objects: map[string]string{
		"index.html":      "<h1>hello</h1>",
		"docs/a.txt":      "a",
		"logo.png":        "\x89PNG\r\n\x1a\n\xff\xfe",
		"docs/index.html": "docs",
	}, types: map[string]string{"index.html": "text/html"}}
	h := handler{bucket: "content", s3: b}
	for _, c := range []struct {
		method, path string
		status       int
		ctype, body  string
		base64       bool
	}{
		{"GET", "/", 200, "text/html", "<h1>hello</h1>", false},
		{"GET", "/docs/", 200, "text/plain; charset=utf-8", "docs", false},
		{"GET", "/docs/a.txt", 200, "text/plain; charset=utf-8", "a", false},
		{"GET", "/logo.png", 200, "image/png", base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\xff\xfe")), true},
		{"HEAD", "/", 200, "text/html", "", false},
		{"GET", "/nothing", 404, "text/plain; charset=utf-8", "no nothing\n", false},
		{"POST", "/", 405, "text/plain; charset=utf-8", "only GET and HEAD\n", false},
	} {
		resp, err := h.serve(context.Background(), request(c.method, c.path))
		if err != nil {
			t.Errorf("%s %s: %v", c.method, c.path, err)
			continue
		}
		if resp.StatusCode != c.status || resp.Headers["Content-Type"] != c.ctype || resp.Body != c.body || resp.IsBase64Encoded != c.base64 {
			t.Errorf("%s %s: %d %q %q base64=%v, want %d %q %q base64=%v", c.method, c.path,
				resp.StatusCode, resp.Headers["Content-Type"], resp.Body, resp.IsBase64Encoded, c.status, c.ctype, c.body, c.base64)
		}
	}
	if b.asked[0] != "index.html" || b.asked[1] != "docs/index.html" {
		t.Errorf("keys asked %v", b.asked)
	}
}

// An S3 failure other than a missing key is the invocation's error, so
// Lambda reports it (500) and it is logged.
func TestServeS3Error(t *testing.T) {
	h := handler{bucket: "other", s3: &bucket{name: "content"}}
	if _, err := h.serve(context.Background(), request(http.MethodGet, "/")); err == nil || !strings.Contains(err.Error(), "wrong bucket") {
		t.Errorf("err %v", err)
	}
}

func TestServeTooLarge(t *testing.T) {
	h := handler{bucket: "content", s3: &bucket{name: "content", objects: map[string]string{"big": strings.Repeat("x", maxBody+1)}}}
	resp, err := h.serve(context.Background(), request(http.MethodGet, "/big"))
	if err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("%d %v", resp.StatusCode, err)
	}
}
