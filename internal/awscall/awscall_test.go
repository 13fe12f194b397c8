package awscall

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func TestEndpoint(t *testing.T) {
	base := aws.String("http://127.0.0.1:5000/")
	for _, c := range []struct {
		name     string
		cfg      aws.Config
		override string
		want     string
	}{
		{"regional", aws.Config{Region: "eu-west-3"}, "", "https://api.ecr.eu-west-3.amazonaws.com"},
		{"China", aws.Config{Region: "cn-north-1"}, "", "https://api.ecr.cn-north-1.amazonaws.com.cn"},
		{"GovCloud", aws.Config{Region: "us-gov-west-1"}, "", "https://api.ecr.us-gov-west-1.amazonaws.com"},
		{"base endpoint", aws.Config{Region: "eu-west-3", BaseEndpoint: base}, "", "http://127.0.0.1:5000"},
		{"override", aws.Config{Region: "eu-west-3", BaseEndpoint: base}, "http://localhost:4566/", "http://localhost:4566"},
	} {
		if got := Endpoint(c.cfg, c.override, "api.ecr"); got != c.want {
			t.Errorf("%s: Endpoint = %s, want %s", c.name, got, c.want)
		}
	}
}

// A JSON call is one POST, signed for its service and region, whose
// context carries the call's name to the HTTP client.
func TestJSONCallRequest(t *testing.T) {
	var seen *http.Request
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen, body = r, string(b)
		io.WriteString(w, `{"Parameter":{"Value":"21"}}`)
	}))
	defer srv.Close()
	var name string
	cfg := aws.Config{
		Region:      "eu-west-3",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient: clientFunc(func(r *http.Request) (*http.Response, error) {
			name = Name(r.Context())
			return http.DefaultClient.Do(r)
		}),
	}
	call := JSONCall{Name: "SSM GetParameter", Service: "ssm", URL: srv.URL + "/", Target: "AmazonSSM.GetParameter"}
	var out struct{ Parameter struct{ Value string } }
	if err := call.Do(context.Background(), cfg, map[string]any{"Name": "/p"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Parameter.Value != "21" {
		t.Errorf("value %q", out.Parameter.Value)
	}
	if seen.Method != http.MethodPost || seen.URL.Path != "/" {
		t.Errorf("request %s %s", seen.Method, seen.URL.Path)
	}
	if body != `{"Name":"/p"}` {
		t.Errorf("body %s", body)
	}
	if ct, tg := seen.Header.Get("Content-Type"), seen.Header.Get("X-Amz-Target"); ct != "application/x-amz-json-1.1" || tg != "AmazonSSM.GetParameter" {
		t.Errorf("Content-Type %q, X-Amz-Target %q", ct, tg)
	}
	auth := seen.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") || !strings.Contains(auth, "/eu-west-3/ssm/aws4_request") ||
		!strings.Contains(auth, "x-amz-target") {
		t.Errorf("Authorization %q", auth)
	}
	if name != "SSM GetParameter" {
		t.Errorf("the client saw the call named %q", name)
	}
}

type clientFunc func(*http.Request) (*http.Response, error)

func (f clientFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestJSONCallErrors(t *testing.T) {
	for _, c := range []struct {
		name, answer string
		status       int
		want         APIError
		text         string
	}{
		{"message", `{"__type":"com.amazonaws.ecr#AccessDeniedException","message":"not authorized"}`, 400,
			APIError{Call: "C", Code: "AccessDeniedException", Message: "not authorized", Status: 400},
			"C: AccessDeniedException: not authorized (HTTP 400)"},
		{"Message", `{"__type":"ParameterNotFound","Message":"no such parameter"}`, 400,
			APIError{Call: "C", Code: "ParameterNotFound", Message: "no such parameter", Status: 400},
			"C: ParameterNotFound: no such parameter (HTTP 400)"},
		{"type with a URL", `{"__type":"ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"}`, 400,
			APIError{Call: "C", Code: "ThrottlingException", Status: 400},
			"C: ThrottlingException (HTTP 400)"},
		{"not JSON", `<html>bad gateway</html>`, 502,
			APIError{Call: "C", Code: "Bad Gateway", Status: 502},
			"C: Bad Gateway (HTTP 502)"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			io.WriteString(w, c.answer)
		}))
		cfg := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}}
		err := JSONCall{Name: "C", Service: "ecr", URL: srv.URL, Target: "T"}.Do(context.Background(), cfg, nil, &struct{}{})
		srv.Close()
		var ae *APIError
		if !errors.As(err, &ae) || *ae != c.want || err.Error() != c.text {
			t.Errorf("%s: err = %v (%#v), want %q", c.name, err, ae, c.text)
		}
	}
}

func TestJSONCallBadAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"authorizationData":`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}}
	err := JSONCall{Name: "ECR GetAuthorizationToken", Service: "ecr", URL: srv.URL, Target: "T"}.Do(context.Background(), cfg, nil, &struct{}{})
	if err == nil || !strings.HasPrefix(err.Error(), "ECR GetAuthorizationToken: reading the answer: ") {
		t.Errorf("err = %v", err)
	}
}

func TestDoWithoutCredentials(t *testing.T) {
	_, _, err := Do(context.Background(), aws.Config{Region: "us-east-1"}, "ecr", http.MethodPost, "http://127.0.0.1:1/", nil, nil)
	if err == nil || err.Error() != "no AWS credentials to sign the ecr request with" {
		t.Errorf("err = %v", err)
	}
}

// Anonymous credentials send the request unsigned, as the SDK's clients do.
func TestDoAnonymous(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.NewCredentialsCache(aws.AnonymousCredentials{})}
	status, _, err := Do(context.Background(), cfg, "ecr", http.MethodPost, srv.URL, nil, nil)
	if err != nil || status != http.StatusOK || auth != "" {
		t.Errorf("status %d, err %v, Authorization %q", status, err, auth)
	}
}

// A JSON call is made again when the config's Retryer retries its error
// (a throttling code, an HTTP 5xx), up to the Retryer's attempts; other
// errors are not.
func TestJSONCallRetries(t *testing.T) {
	var calls int
	answers := []struct {
		status int
		body   string
	}{
		{400, `{"__type":"ThrottlingException","message":"Rate exceeded"}`},
		{503, `{}`},
		{200, `{"ok":true}`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[min(calls, len(answers)-1)]
		calls++
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, Retryer: func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}}
	call := JSONCall{Name: "C", Service: "ecr", URL: srv.URL, Target: "T"}
	var out struct{ OK bool }
	if err := call.Do(context.Background(), cfg, nil, &out); err != nil || !out.OK || calls != 3 {
		t.Errorf("err %v, answer %+v after %d calls; want success after 3", err, out, calls)
	}
	answers = answers[:1]
	calls = 0
	var ae *APIError
	if err := call.Do(context.Background(), cfg, nil, &out); !errors.As(err, &ae) || ae.Code != "ThrottlingException" || calls != 3 {
		t.Errorf("err %v after %d calls; want ThrottlingException after 3 (the standard retryer's attempts)", err, calls)
	}
	answers[0].status, answers[0].body = 400, `{"__type":"AccessDeniedException","message":"no"}`
	calls = 0
	if err := call.Do(context.Background(), cfg, nil, &out); !errors.As(err, &ae) || ae.Code != "AccessDeniedException" || calls != 1 {
		t.Errorf("err %v after %d calls; want AccessDeniedException after 1", err, calls)
	}
	cfg.Retryer = nil
	answers[0].status, answers[0].body = 503, `{}`
	calls = 0
	if err := call.Do(context.Background(), cfg, nil, &out); err == nil || calls != 1 {
		t.Errorf("without a Retryer: err %v after %d calls; want one call", err, calls)
	}
}
