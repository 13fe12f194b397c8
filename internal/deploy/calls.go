package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/forma-iac/forma/internal/awscall"
)

// DefaultCallTimeout is how long one AWS request may wait for its answer
// unless CallLimits.Timeout says otherwise. CloudFormation, S3, SSM and STS
// answer in well under a second; the limit only catches an endpoint that
// accepted the connection and never answers.
const DefaultCallTimeout = 30 * time.Second

// defaultNotice is how long a request waits before CallLimits.Waiting hears
// of it (half the timeout when that is shorter).
const defaultNotice = 5 * time.Second

// CallLimits bound the AWS requests of an HTTP client (WithCallLimits).
type CallLimits struct {
	// Timeout is the longest a request waits for the answer's headers;
	// DefaultCallTimeout when 0.
	Timeout time.Duration
	// Waiting, when set, is told what a request waits for once it has
	// waited 5 s (or half the timeout), one line per request.
	Waiting func(msg string)
}

func (l CallLimits) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultCallTimeout
}

// WithCallLimits returns next with every request bounded by limits: a
// request that gets no answer in time fails with a *CallError (without
// retries: waiting again would not help), and so does one whose connection
// is refused or whose host is unknown, in plain words that name the
// endpoint.
func WithCallLimits(next aws.HTTPClient, limits CallLimits) aws.HTTPClient {
	return limitedClient{next: next, limits: limits}
}

type limitedClient struct {
	next   aws.HTTPClient
	limits CallLimits
}

// errNoAnswer is the cause of a request cancelled by its timeout.
var errNoAnswer = errors.New("no answer")

func (c limitedClient) Do(req *http.Request) (*http.Response, error) {
	timeout := c.limits.timeout()
	parent := req.Context()
	ctx, cancel := context.WithCancelCause(parent)
	call := callName(parent, req)
	timer := time.AfterFunc(timeout, func() { cancel(errNoAnswer) })
	var notice *time.Timer
	noticed := make(chan struct{})
	if c.limits.Waiting != nil {
		after := min(defaultNotice, timeout/2)
		notice = time.AfterFunc(after, func() {
			defer close(noticed)
			c.limits.Waiting(fmt.Sprintf("waiting for %s at %s: no answer after %s (giving up after %s)", call, endpointOf(req), after.Round(time.Millisecond), timeout))
		})
	}
	resp, err := c.next.Do(req.WithContext(ctx))
	timer.Stop()
	if notice != nil && !notice.Stop() {
		<-noticed // said before the answer or error is
	}
	if err != nil {
		cancel(nil)
		if parent.Err() == nil {
			if errors.Is(context.Cause(ctx), errNoAnswer) {
				return nil, &CallError{Call: call, Endpoint: endpointOf(req), Timeout: timeout, Err: err}
			}
			if errors.Is(err, syscall.ECONNREFUSED) {
				return nil, &CallError{Call: call, Endpoint: endpointOf(req), Refused: true, Err: err}
			}
			var dns *net.DNSError
			if errors.As(err, &dns) && dns.IsNotFound {
				return nil, &CallError{Call: call, Endpoint: endpointOf(req), UnknownHost: true, Err: err}
			}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// cancelOnClose releases the request's context once its answer is read.
type cancelOnClose struct {
	io.ReadCloser
	once   sync.Once
	cancel func()
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}

// CallError is an AWS request that got no answer: the endpoint did not
// answer within the timeout, refused the connection, or has a host name
// that does not resolve.
type CallError struct {
	// Call names the request: "CloudFormation DescribeStacks".
	Call string
	// Endpoint is the URL the request went to, without its path.
	Endpoint             string
	Timeout              time.Duration
	Refused, UnknownHost bool
	Err                  error
}

func (e *CallError) Error() string {
	const check = "check the endpoint (AWS_ENDPOINT_URL, the profile's endpoint_url, --region)"
	switch {
	case e.Refused:
		return fmt.Sprintf("%s refused the connection of %s: nothing listens there; %s, or start the service", e.Endpoint, e.Call, check)
	case e.UnknownHost:
		return fmt.Sprintf("the host of %s is unknown (%s): %s", e.Endpoint, e.Call, check)
	}
	return fmt.Sprintf("%s did not answer %s within %s; %s and the network, or allow more time with --call-timeout", e.Endpoint, e.Call, e.Timeout, check)
}

func (e *CallError) Unwrap() error { return e.Err }

// RetryableError tells the SDK's retryer that a request without an answer
// is not worth repeating: a refused connection is retried, as the SDK
// does, and an endpoint that timed out would only time out again.
func (e *CallError) RetryableError() bool { return e.Refused }

// Message returns err's message for the user: a *CallError in err's chain
// says all there is to say, without the SDK's wrapping around it.
func Message(err error) string {
	var ce *CallError
	if errors.As(err, &ce) {
		var es Errors
		var se *StackError
		if !errors.As(err, &es) && !errors.As(err, &se) {
			return ce.Error()
		}
	}
	return err.Error()
}

// callName names a request: the SDK operation it belongs to, or the name
// given with awscall.WithName.
func callName(ctx context.Context, req *http.Request) string {
	if svc, op := middleware.GetServiceID(ctx), middleware.GetOperationName(ctx); op != "" {
		return svc + " " + op
	}
	if s := awscall.Name(ctx); s != "" {
		return s
	}
	return req.Method + " " + endpointOf(req)
}

func endpointOf(req *http.Request) string {
	return req.URL.Scheme + "://" + req.URL.Host
}
