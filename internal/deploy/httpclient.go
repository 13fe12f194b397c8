package deploy

import (
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// HTTPClient returns the HTTP client forma's AWS calls go through: next (the
// SDK's default client when nil), with each request body shown to net/http
// as a plain reader.
//
// The SDK wraps request bodies in a reader that closes when the response
// arrives and whose WriteTo answers io.EOF once closed. After sending a body
// of known length, net/http copies the rest of it to check for extra bytes;
// that copy uses WriteTo, so when a fast endpoint (an emulator on
// 127.0.0.1) answers before the check, the transport takes the io.EOF for a
// write failure and closes the connection while the answer is still being
// read: the call fails with "use of closed network connection". A plain
// Read after close answers io.EOF too, which the check takes for the end of
// the body.
func HTTPClient(next aws.HTTPClient) aws.HTTPClient {
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	return readOnlyBodies{next}
}

type readOnlyBodies struct{ next aws.HTTPClient }

func (c readOnlyBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		if _, ok := req.Body.(io.WriterTo); ok {
			req.Body = readCloser{req.Body}
		}
	}
	return c.next.Do(req)
}

// readCloser hides every method of its body but Read and Close.
type readCloser struct{ body io.ReadCloser }

func (r readCloser) Read(p []byte) (int, error) { return r.body.Read(p) }
func (r readCloser) Close() error               { return r.body.Close() }
