package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codepipeline"
	"github.com/aws/aws-sdk-go-v2/service/codepipeline/types"
	"github.com/google/go-cmp/cmp"
)

// fakePipeline records the executions it is asked to start.
type fakePipeline struct {
	calls []*codepipeline.StartPipelineExecutionInput
	err   error
}

func (f *fakePipeline) StartPipelineExecution(_ context.Context, in *codepipeline.StartPipelineExecutionInput, _ ...func(*codepipeline.Options)) (*codepipeline.StartPipelineExecutionOutput, error) {
	f.calls = append(f.calls, in)
	if f.err != nil {
		return nil, f.err
	}
	return &codepipeline.StartPipelineExecutionOutput{PipelineExecutionId: aws.String("exec-1")}, nil
}

const skill = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"

// alexaEvent is an Alexa request as the Alexa service sends it.
func alexaEvent(skillID, requestType, intent, confirmation string) json.RawMessage {
	req := map[string]any{
		"type": requestType, "requestId": "amzn1.echo-api.request.1", "timestamp": "2026-11-29T22:00:00Z", "locale": "en-US",
	}
	if intent != "" {
		req["intent"] = map[string]any{"name": intent, "confirmationStatus": confirmation}
	}
	b, _ := json.Marshal(map[string]any{
		"version": "1.0",
		"session": map[string]any{"new": true, "sessionId": "amzn1.echo-api.session.1",
			"application": map[string]any{"applicationId": skillID}, "user": map[string]any{"userId": "amzn1.ask.account.1"}},
		"context": map[string]any{"System": map[string]any{
			"application": map[string]any{"applicationId": skillID}, "user": map[string]any{"userId": "amzn1.ask.account.1"},
			"device": map[string]any{"deviceId": "amzn1.ask.device.1"}, "apiEndpoint": "https://api.amazonalexa.com"}},
		"request": req,
	})
	return b
}

// urlEvent is a function URL request (payload format 2.0) signed by an IAM
// user.
func urlEvent(method string, headers map[string]string) json.RawMessage {
	b, _ := json.Marshal(events.LambdaFunctionURLRequest{
		Version: "2.0", RawPath: "/", Headers: headers,
		RequestContext: events.LambdaFunctionURLRequestContext{
			AccountID: "123456789012", RequestID: "req-1", APIID: "abc", DomainName: "abc.lambda-url.eu-west-1.on.aws",
			Authorizer: &events.LambdaFunctionURLRequestContextAuthorizerDescription{
				IAM: &events.LambdaFunctionURLRequestContextAuthorizerIAMDescription{UserARN: "arn:aws:iam::123456789012:user/release-manager"},
			},
			HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: method, Path: "/", Protocol: "HTTP/1.1"},
		},
	})
	return b
}

func newHandler(f *fakePipeline) *Handler {
	return &Handler{Pipeline: "electrify-delivery", SkillID: skill, Client: f}
}

// speech returns what the Alexa response says and whether it ends the
// session, read back from its JSON as Alexa reads it.
func speech(t *testing.T, resp any) (string, bool) {
	t.Helper()
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Version  string `json:"version"`
		Response struct {
			OutputSpeech *struct{ Type, Text string } `json:"outputSpeech"`
			End          *bool                        `json:"shouldEndSession"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Version != "1.0" || r.Response.End == nil {
		t.Fatalf("not an Alexa response: %s", b)
	}
	if r.Response.OutputSpeech == nil {
		return "", *r.Response.End
	}
	if r.Response.OutputSpeech.Type != "PlainText" {
		t.Errorf("speech type %q", r.Response.OutputSpeech.Type)
	}
	return r.Response.OutputSpeech.Text, *r.Response.End
}

func TestAlexaStartsTheRelease(t *testing.T) {
	f := &fakePipeline{}
	resp, err := newHandler(f).Handle(context.Background(), alexaEvent(skill, "IntentRequest", StartReleaseIntent, "CONFIRMED"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 {
		t.Fatalf("%d executions started, want 1", len(f.calls))
	}
	if got := aws.ToString(f.calls[0].Name); got != "electrify-delivery" {
		t.Errorf("started pipeline %q", got)
	}
	if f.calls[0].ClientRequestToken != nil {
		t.Errorf("client token %q on an Alexa request", *f.calls[0].ClientRequestToken)
	}
	text, end := speech(t, resp)
	if !strings.HasPrefix(text, "Release started.") || !end {
		t.Errorf("said %q (end %v)", text, end)
	}
}

func TestAlexaConversation(t *testing.T) {
	for _, c := range []struct {
		name, requestType, intent, confirmation string
		say                                     string
		end                                     bool
	}{
		{"launch", "LaunchRequest", "", "", helpSpeech, false},
		{"help", "IntentRequest", "AMAZON.HelpIntent", "NONE", helpSpeech, false},
		{"stop", "IntentRequest", "AMAZON.StopIntent", "NONE", "Goodbye.", true},
		{"cancel", "IntentRequest", "AMAZON.CancelIntent", "NONE", "Goodbye.", true},
		{"denied", "IntentRequest", StartReleaseIntent, "DENIED", "OK, no release.", true},
		{"session ended", "SessionEndedRequest", "", "", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakePipeline{}
			resp, err := newHandler(f).Handle(context.Background(), alexaEvent(skill, c.requestType, c.intent, c.confirmation))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.calls) != 0 {
				t.Errorf("%d executions started, want none", len(f.calls))
			}
			if text, end := speech(t, resp); text != c.say || end != c.end {
				t.Errorf("said %q (end %v), want %q (end %v)", text, end, c.say, c.end)
			}
		})
	}
}

func TestAlexaOtherSkillIsRefused(t *testing.T) {
	f := &fakePipeline{}
	_, err := newHandler(f).Handle(context.Background(), alexaEvent("amzn1.ask.skill.other", "IntentRequest", StartReleaseIntent, "NONE"))
	if err == nil || !strings.Contains(err.Error(), "amzn1.ask.skill.other") {
		t.Errorf("err = %v, want a refusal naming the skill", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("%d executions started, want none", len(f.calls))
	}
	// Without a configured skill ID, any skill is answered (the Lambda
	// permission restricts the caller).
	h := newHandler(f)
	h.SkillID = ""
	if _, err := h.Handle(context.Background(), alexaEvent("amzn1.ask.skill.other", "IntentRequest", StartReleaseIntent, "NONE")); err != nil || len(f.calls) != 1 {
		t.Errorf("err %v, %d calls", err, len(f.calls))
	}
}

func TestAlexaFailureIsSpoken(t *testing.T) {
	f := &fakePipeline{err: &types.PipelineNotFoundException{Message: aws.String("no such pipeline")}}
	resp, err := newHandler(f).Handle(context.Background(), alexaEvent(skill, "IntentRequest", StartReleaseIntent, "NONE"))
	if err != nil {
		t.Fatal(err)
	}
	if text, end := speech(t, resp); text != "Sorry, I could not start the release: the pipeline does not exist." || !end {
		t.Errorf("said %q (end %v)", text, end)
	}
}

func TestFunctionURLStartsTheRelease(t *testing.T) {
	f := &fakePipeline{}
	resp, err := newHandler(f).Handle(context.Background(), urlEvent("POST", map[string]string{"idempotency-key": "release-42"}))
	if err != nil {
		t.Fatal(err)
	}
	r := resp.(events.LambdaFunctionURLResponse)
	if r.StatusCode != http.StatusAccepted || r.Headers["Content-Type"] != "application/json" {
		t.Errorf("status %d, headers %v", r.StatusCode, r.Headers)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"pipeline": "electrify-delivery", "executionId": "exec-1"}, body); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	if len(f.calls) != 1 || aws.ToString(f.calls[0].Name) != "electrify-delivery" || aws.ToString(f.calls[0].ClientRequestToken) != "release-42" {
		t.Errorf("calls: %+v", f.calls)
	}
}

func TestFunctionURLRefusals(t *testing.T) {
	for _, c := range []struct {
		name    string
		method  string
		headers map[string]string
		err     error
		status  int
		calls   int
	}{
		{"GET", "GET", nil, nil, http.StatusMethodNotAllowed, 0},
		{"bad idempotency key", "POST", map[string]string{"Idempotency-Key": "not a token!"}, nil, http.StatusBadRequest, 0},
		{"conflict", "POST", nil, &types.ConflictException{}, http.StatusConflict, 1},
		{"limit", "POST", nil, &types.ConcurrentPipelineExecutionsLimitExceededException{}, http.StatusTooManyRequests, 1},
		{"service failure", "POST", nil, errors.New("connection reset"), http.StatusBadGateway, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakePipeline{err: c.err}
			resp, err := newHandler(f).Handle(context.Background(), urlEvent(c.method, c.headers))
			if err != nil {
				t.Fatal(err)
			}
			r := resp.(events.LambdaFunctionURLResponse)
			if r.StatusCode != c.status {
				t.Errorf("status %d, want %d (body %s)", r.StatusCode, c.status, r.Body)
			}
			var body map[string]string
			if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body["error"] == "" {
				t.Errorf("body %s: want a JSON error (%v)", r.Body, err)
			}
			if len(f.calls) != c.calls {
				t.Errorf("%d executions started, want %d", len(f.calls), c.calls)
			}
		})
	}
}

func TestUnknownEvent(t *testing.T) {
	f := &fakePipeline{}
	for _, ev := range []string{`{"detail-type":"Scheduled Event"}`, `[1,2]`, `not json`} {
		if _, err := newHandler(f).Handle(context.Background(), json.RawMessage(ev)); err == nil {
			t.Errorf("%s: no error", ev)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("%d executions started, want none", len(f.calls))
	}
}

func TestHandlerFromEnv(t *testing.T) {
	env := map[string]string{"PIPELINE_NAME": "p", "ALEXA_SKILL_ID": skill}
	h, err := handlerFromEnv(func(k string) string { return env[k] })
	if err != nil || h.Pipeline != "p" || h.SkillID != skill {
		t.Errorf("%+v, %v", h, err)
	}
	if _, err := handlerFromEnv(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "PIPELINE_NAME") {
		t.Errorf("err = %v, want one naming PIPELINE_NAME", err)
	}
}
