package cfnfake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"math/rand/v2"
)

// Epoch is the fake clock's start.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Default identity of the fake account.
const (
	Account = "123456789012"
	Region  = "us-east-1"
)

// Limits CloudFormation documents for templates
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
// a TemplateBody of at most 51,200 bytes, a template in S3 of at most 1 MB.
const (
	MaxBodyBytes = 51_200
	MaxURLBytes  = 1_048_576
)

// Fake is a running CloudFormation test double.
type Fake struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	// PageSize is the number of events per DescribeStackEvents page
	// (CloudFormation's is 100); tests lower it to exercise paging.
	PageSize int

	srv *httptest.Server

	mu        sync.Mutex
	now       time.Time
	seq       int
	stacks    []*stack // every stack ever created, deleted ones included
	exports   map[string]*export
	objects   map[string][]byte // "bucket/key" → body
	buckets   map[string]bool
	failures  map[string]string // "stack/logicalID" → reason
	calls     []string
	active    int
	maxActive int
	held      map[string]bool
	ssmParams map[string]string // parameters put through SSM, by name
	requests  []Request
	sts       stsState
	faults    Faults
	rng       *rand.Rand
	throttled int
}

// Request is a request the double received: its action as Calls names it,
// the access key that signed it, and the role ARN it carried (RoleARN of
// CloudFormation's calls, RoleArn of STS AssumeRole).
type Request struct {
	Action    string
	AccessKey string
	RoleARN   string
}

// New starts a fake on 127.0.0.1; it is closed with Close.
func New() *Fake {
	f := &Fake{
		PageSize: 100,
		now:      Epoch,
		exports:  map[string]*export{},
		objects:  map[string][]byte{},
		buckets:  map[string]bool{},
		failures: map[string]string{},
		held:     map[string]bool{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// FailResource makes the next create or update of logicalID in stack fail
// with reason.
func (f *Fake) FailResource(stackName, logicalID, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[stackName+"/"+logicalID] = reason
}

// Hold stops stackName's operations from advancing until Release.
func (f *Fake) Hold(stackName string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.held[stackName] = true
}

// Release lets stackName's operations advance again.
func (f *Fake) Release(stackName string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.held, stackName)
}

// CreateBucket makes a bucket in the S3 stand-in.
func (f *Fake) CreateBucket(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.buckets[name] = true
}

// Object returns an object of the S3 stand-in.
func (f *Fake) Object(bucket, key string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.objects[bucket+"/"+key]
	return b, ok
}

// Calls returns the actions received so far, in order ("S3:PUT" for the S3
// stand-in).
func (f *Fake) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// ResetCalls forgets the recorded calls and requests.
func (f *Fake) ResetCalls() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
	f.requests = nil
}

// Requests returns the requests received so far, in the order of Calls.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// record notes a request; f.mu is held.
func (f *Fake) record(r *http.Request, action, role string) {
	f.calls = append(f.calls, action)
	f.requests = append(f.requests, Request{Action: action, AccessKey: accessKey(r), RoleARN: role})
}

// accessKey is the access key of a SigV4 Authorization header
// ("AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, …").
func accessKey(r *http.Request) string {
	_, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(cred, "/")
	return key
}

// MaxConcurrent is the largest number of stack operations that were in
// progress at the same time.
func (f *Fake) MaxConcurrent() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxActive
}

// StackState is a snapshot of a live stack, for assertions.
type StackState struct {
	Status    string
	Reason    string
	Resources map[string]string // logical ID → physical ID
	Outputs   map[string]string
	Template  string
	Tags      map[string]string
	// RoleARN is the role CloudFormation assumes for the stack's
	// operations, as DescribeStacks returns it.
	RoleARN string
}

// Stack returns the live stack named name.
func (f *Fake) Stack(name string) (StackState, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.live(name)
	if s == nil {
		return StackState{}, false
	}
	st := StackState{Status: s.status, Reason: s.reason, Resources: map[string]string{}, Outputs: map[string]string{}, Template: s.body, Tags: map[string]string{}, RoleARN: s.roleARN}
	for id, r := range s.resources {
		st.Resources[id] = r.physical
	}
	for _, o := range s.outputs {
		st.Outputs[o.key] = o.value
	}
	for _, t := range s.tags {
		st.Tags[t.k] = t.v
	}
	return st, true
}

// SetStatus forces the status of the live stack named name (to reach states
// such as UPDATE_ROLLBACK_FAILED that need a failing rollback).
func (f *Fake) SetStatus(name, status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.live(name); s != nil {
		s.status = status
	}
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.latency()
	f.mu.Lock()
	defer f.mu.Unlock()
	if target := r.Header.Get("X-Amz-Target"); strings.HasPrefix(target, "AmazonSSM.") {
		f.record(r, "SSM:"+strings.TrimPrefix(target, "AmazonSSM."), "")
		f.serveSSM(w, strings.TrimPrefix(target, "AmazonSSM."), body)
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" || !strings.Contains(r.Header.Get("Content-Type"), "x-www-form-urlencoded") {
		f.record(r, "S3:"+r.Method, "")
		f.serveS3(w, r, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		writeError(w, 400, "Sender", "MalformedQueryString", err.Error())
		return
	}
	action := form.Get("Action")
	if form.Get("Version") == stsVersion {
		f.record(r, "STS:"+action, form.Get("RoleArn"))
		f.serveSTS(w, r, action, form)
		return
	}
	if f.throttle(w) {
		return
	}
	f.record(r, action, form.Get("RoleARN"))
	if form.Get("Version") != "2010-05-15" {
		writeError(w, 400, "Sender", "InvalidAction", "unsupported Version "+form.Get("Version"))
		return
	}
	f.step(f.target(form))
	h, ok := handlers[action]
	if !ok {
		writeError(w, 400, "Sender", "InvalidAction", "Could not find operation "+action+" for version 2010-05-15")
		return
	}
	res, err := h(f, form)
	if s := f.target(form); s != nil && len(s.queue) > 0 && s.opStart.IsZero() {
		s.opStart = time.Now()
	}
	if err != nil {
		if e, ok := err.(*apiError); ok {
			writeError(w, e.status, e.kind, e.code, e.msg)
			return
		}
		writeError(w, 500, "Receiver", "InternalFailure", err.Error())
		return
	}
	var b bytes.Buffer
	b.WriteString("<" + action + "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">")
	b.WriteString("<" + action + "Result>")
	if res != nil {
		res.write(&b)
	}
	b.WriteString("</" + action + "Result>")
	fmt.Fprintf(&b, "<ResponseMetadata><RequestId>req-%d</RequestId></ResponseMetadata>", len(f.calls))
	b.WriteString("</" + action + "Response>")
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
}

// apiError is an error response: HTTP status, Sender/Receiver, code.
type apiError struct {
	status          int
	kind, code, msg string
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func validation(format string, args ...any) error {
	return &apiError{400, "Sender", "ValidationError", fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, status int, kind, code, msg string) {
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error>`)
	b.WriteString("<Type>" + kind + "</Type><Code>" + code + "</Code><Message>")
	xml.EscapeText(&b, []byte(msg))
	b.WriteString("</Message></Error><RequestId>req-err</RequestId></ErrorResponse>")
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// node is an XML element of a response.
type node struct {
	name string
	text *string
	kids []*node
}

func el(name string, kids ...*node) *node { return &node{name: name, kids: kids} }

func txt(name, v string) *node { return &node{name: name, text: &v} }

// opt is txt, or nothing for an empty value.
func opt(name, v string) *node {
	if v == "" {
		return nil
	}
	return txt(name, v)
}

func ts(name string, t time.Time) *node { return txt(name, t.UTC().Format(time.RFC3339)) }

func boolean(name string, v bool) *node { return txt(name, strconv.FormatBool(v)) }

func members(name string, kids []*node) *node {
	n := el(name)
	for _, k := range kids {
		k.name = "member"
		n.kids = append(n.kids, k)
	}
	return n
}

// result is the content of an XxxResult element.
type result []*node

func (r result) write(b *bytes.Buffer) {
	for _, n := range r {
		n.write(b)
	}
}

func (n *node) write(b *bytes.Buffer) {
	if n == nil {
		return
	}
	b.WriteString("<" + n.name + ">")
	if n.text != nil {
		xml.EscapeText(b, []byte(*n.text))
	}
	for _, k := range n.kids {
		k.write(b)
	}
	b.WriteString("</" + n.name + ">")
}

// serveS3 is the S3 stand-in: path-style PUT, GET and HEAD of objects.
func (f *Fake) serveS3(w http.ResponseWriter, r *http.Request, body []byte) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	s3err := func(status int, code, msg string) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<Error><Code>%s</Code><Message>%s</Message><BucketName>%s</BucketName></Error>", code, msg, bucket)
	}
	if !f.buckets[bucket] {
		s3err(404, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	switch r.Method {
	case http.MethodPut:
		if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
			body = decodeChunked(body)
		}
		f.objects[bucket+"/"+key] = body
		w.Header().Set("ETag", fmt.Sprintf("\"%x\"", len(body)))
		w.WriteHeader(200)
	case http.MethodGet, http.MethodHead:
		if key == "" && r.Method == http.MethodHead { // HeadBucket
			w.WriteHeader(200)
			return
		}
		b, ok := f.objects[bucket+"/"+key]
		if !ok {
			s3err(404, "NoSuchKey", "The specified key does not exist.")
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(200)
		if r.Method == http.MethodGet {
			w.Write(b)
		}
	default:
		s3err(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	}
}

// decodeChunked decodes an aws-chunked body: "hex-size[;ext]\r\ndata\r\n"
// chunks up to a zero-size one, then trailers.
func decodeChunked(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		line, rest, ok := bytes.Cut(b, []byte("\r\n"))
		if !ok {
			break
		}
		sizeText, _, _ := strings.Cut(string(line), ";")
		n, err := strconv.ParseInt(strings.TrimSpace(sizeText), 16, 64)
		if err != nil || n == 0 || int(n) > len(rest) {
			break
		}
		out = append(out, rest[:n]...)
		b = bytes.TrimPrefix(rest[n:], []byte("\r\n"))
	}
	return out
}

// templateFromURL reads a TemplateURL from the S3 stand-in: path style
// (https://s3.REGION.amazonaws.com/BUCKET/KEY, http://127.0.0.1:PORT/BUCKET/KEY)
// or virtual-hosted (https://BUCKET.s3.REGION.amazonaws.com/KEY).
func (f *Fake) templateFromURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", validation("TemplateURL must be a supported URL.")
	}
	path := strings.TrimPrefix(u.Path, "/")
	if b, _, ok := strings.Cut(u.Hostname(), ".s3."); ok && b != "s3" {
		path = b + "/" + path
	}
	body, ok := f.objects[path]
	if !ok {
		return "", validation("S3 error: Access Denied")
	}
	if len(body) > MaxURLBytes {
		return "", validation("Template may not exceed %d bytes in size.", MaxURLBytes)
	}
	return string(body), nil
}

// listed returns form values Name.member.1, Name.member.2, … as maps of
// their fields (Name.member.1.Key …), or as {"": value} for scalars.
func listed(form url.Values, name string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		prefix := fmt.Sprintf("%s.member.%d", name, i)
		m := map[string]string{}
		for k, v := range form {
			if k == prefix {
				m[""] = v[0]
			} else if rest, ok := strings.CutPrefix(k, prefix+"."); ok {
				m[rest] = v[0]
			}
		}
		if len(m) == 0 {
			return out
		}
		out = append(out, m)
	}
}
