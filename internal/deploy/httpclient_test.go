package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// The client forma's AWS calls use never lets net/http see a body's WriteTo,
// and keeps the body's bytes and Close.
func TestHTTPClientHidesWriteTo(t *testing.T) {
	var got []byte
	c := HTTPClient(doFunc(func(r *http.Request) (*http.Response, error) {
		if _, ok := r.Body.(io.WriterTo); ok {
			t.Errorf("body %T still has WriteTo", r.Body)
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		got = b
		return &http.Response{StatusCode: 200, Body: http.NoBody}, r.Body.Close()
	}))
	body := &closeCounter{Reader: bytes.NewReader([]byte("Action=DescribeStacks"))}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/", body)
	if _, err := c.Do(req); err != nil {
		t.Fatal(err)
	}
	if string(got) != "Action=DescribeStacks" {
		t.Errorf("body %q", got)
	}
	if body.closed != 1 {
		t.Errorf("closed %d times, want 1", body.closed)
	}
	// Bodies without WriteTo, and no body, pass as they are.
	for _, b := range []io.ReadCloser{nil, http.NoBody, io.NopCloser(io.LimitReader(bytes.NewReader(nil), 0))} {
		req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
		req.Body = b
		c := HTTPClient(doFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != b {
				t.Errorf("body %T replaced by %T", b, r.Body)
			}
			return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
		}))
		c.Do(req)
	}
}

type closeCounter struct {
	*bytes.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

// Large answers from a server on 127.0.0.1 that answers at once are read
// whole through the SDK: none fails with "use of closed network
// connection" (without HTTPClient, several in a few hundred calls did).
func TestHTTPClientLargeAnswers(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks>`)
	for i := range 1000 {
		fmt.Fprintf(&b, "<member><StackName>Stack%04d</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/Stack%04d/id</StackId><StackStatus>CREATE_COMPLETE</StackStatus><Description>a stack with a description long enough to make the answer large</Description></member>", i, i)
	}
	b.WriteString(`</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`)
	answer := []byte(b.String())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.Write(answer)
	}))
	defer srv.Close()
	cfg := awsConfig(srv.URL)
	cfg.HTTPClient = HTTPClient(&http.Client{Transport: &http.Transport{}})
	cfn := cloudformation.NewFromConfig(cfg)
	for i := range 150 {
		out, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{})
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if len(out.Stacks) != 1000 {
			t.Fatalf("call %d: %d stacks", i, len(out.Stacks))
		}
	}
}
