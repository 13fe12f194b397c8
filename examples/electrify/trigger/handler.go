package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codepipeline"
	"github.com/aws/aws-sdk-go-v2/service/codepipeline/types"
)

// PipelineStarter is the part of the CodePipeline client the trigger uses;
// *codepipeline.Client implements it.
type PipelineStarter interface {
	StartPipelineExecution(ctx context.Context, in *codepipeline.StartPipelineExecutionInput, optFns ...func(*codepipeline.Options)) (*codepipeline.StartPipelineExecutionOutput, error)
}

// Handler starts executions of one pipeline for Alexa skill requests and
// function URL requests.
type Handler struct {
	// Pipeline is the name of the pipeline to start.
	Pipeline string
	// SkillID, when set, is the only Alexa skill whose requests are
	// answered.
	SkillID string
	// Client starts the executions.
	Client PipelineStarter
}

// handlerFromEnv reads the handler's configuration: PIPELINE_NAME
// (required) and ALEXA_SKILL_ID (optional).
func handlerFromEnv(getenv func(string) string) (*Handler, error) {
	h := &Handler{Pipeline: getenv("PIPELINE_NAME"), SkillID: getenv("ALEXA_SKILL_ID")}
	if h.Pipeline == "" {
		return nil, errors.New("PIPELINE_NAME is not set: it names the pipeline the trigger starts")
	}
	return h, nil
}

// Handle answers one invocation: an Alexa skill request (it has a
// "request" with a type) or a function URL request (it has a
// "requestContext" with an HTTP method). Anything else is an error.
func (h *Handler) Handle(ctx context.Context, event json.RawMessage) (any, error) {
	var probe struct {
		Request *struct {
			Type string `json:"type"`
		} `json:"request"`
		RequestContext *struct {
			HTTP *struct {
				Method string `json:"method"`
			} `json:"http"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(event, &probe); err != nil {
		return nil, fmt.Errorf("the event is not JSON: %w", err)
	}
	switch {
	case probe.Request != nil && probe.Request.Type != "":
		var req alexaRequest
		if err := json.Unmarshal(event, &req); err != nil {
			return nil, fmt.Errorf("reading the Alexa request: %w", err)
		}
		return h.alexa(ctx, req)
	case probe.RequestContext != nil && probe.RequestContext.HTTP != nil && probe.RequestContext.HTTP.Method != "":
		var req events.LambdaFunctionURLRequest
		if err := json.Unmarshal(event, &req); err != nil {
			return nil, fmt.Errorf("reading the function URL request: %w", err)
		}
		return h.functionURL(ctx, req), nil
	}
	return nil, errors.New("unknown event: the release trigger answers Alexa skill requests and function URL requests")
}

// start starts an execution and returns its ID.
func (h *Handler) start(ctx context.Context, token string) (string, error) {
	in := &codepipeline.StartPipelineExecutionInput{Name: aws.String(h.Pipeline)}
	if token != "" {
		in.ClientRequestToken = aws.String(token)
	}
	out, err := h.Client.StartPipelineExecution(ctx, in)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.PipelineExecutionId), nil
}

// StartReleaseIntent is the skill's intent that starts a release.
const StartReleaseIntent = "StartReleaseIntent"

const helpSpeech = "Say: release, and I will start the delivery pipeline."

func (h *Handler) alexa(ctx context.Context, req alexaRequest) (*alexaResponse, error) {
	if h.SkillID != "" && req.skillID() != h.SkillID {
		return nil, fmt.Errorf("the request comes from skill %q, not from the skill %q the trigger answers", req.skillID(), h.SkillID)
	}
	switch req.Request.Type {
	case "LaunchRequest":
		return say(helpSpeech, false), nil
	case "SessionEndedRequest":
		return &alexaResponse{Version: "1.0", Response: alexaBody{ShouldEndSession: true}}, nil
	case "IntentRequest":
	default:
		return say(helpSpeech, false), nil
	}
	switch req.Request.Intent.Name {
	case StartReleaseIntent:
		if req.Request.Intent.ConfirmationStatus == "DENIED" {
			return say("OK, no release.", true), nil
		}
		id, err := h.start(ctx, "")
		if err != nil {
			log.Printf("alexa %s: starting pipeline %s: %v", req.Request.RequestID, h.Pipeline, err)
			return say("Sorry, I could not start the release: "+reason(err)+".", true), nil
		}
		log.Printf("alexa %s: started pipeline %s, execution %s", req.Request.RequestID, h.Pipeline, id)
		return say("Release started. The pipeline "+h.Pipeline+" is running.", true), nil
	case "AMAZON.StopIntent", "AMAZON.CancelIntent":
		return say("Goodbye.", true), nil
	default:
		return say(helpSpeech, false), nil
	}
}

// clientToken is what StartPipelineExecution accepts as a client request
// token.
var clientToken = regexp.MustCompile(`^[a-zA-Z0-9-]{1,128}$`)

func (h *Handler) functionURL(ctx context.Context, req events.LambdaFunctionURLRequest) events.LambdaFunctionURLResponse {
	if req.RequestContext.HTTP.Method != http.MethodPost {
		resp := jsonResponse(http.StatusMethodNotAllowed, map[string]string{"error": "POST starts a release"})
		resp.Headers["Allow"] = http.MethodPost
		return resp
	}
	var token string
	for k, v := range req.Headers {
		if strings.EqualFold(k, "Idempotency-Key") {
			token = v
		}
	}
	if token != "" && !clientToken.MatchString(token) {
		return jsonResponse(http.StatusBadRequest, map[string]string{"error": "Idempotency-Key must be 1 to 128 letters, digits or hyphens"})
	}
	caller := "unknown caller"
	if a := req.RequestContext.Authorizer; a != nil && a.IAM != nil {
		caller = a.IAM.UserARN
	}
	id, err := h.start(ctx, token)
	if err != nil {
		log.Printf("url %s (%s): starting pipeline %s: %v", req.RequestContext.RequestID, caller, h.Pipeline, err)
		return jsonResponse(statusOf(err), map[string]string{"error": "could not start the release: " + reason(err)})
	}
	log.Printf("url %s (%s): started pipeline %s, execution %s", req.RequestContext.RequestID, caller, h.Pipeline, id)
	return jsonResponse(http.StatusAccepted, map[string]string{"pipeline": h.Pipeline, "executionId": id})
}

// reason says in a few words why an execution did not start.
func reason(err error) string {
	var notFound *types.PipelineNotFoundException
	var limit *types.ConcurrentPipelineExecutionsLimitExceededException
	var conflict *types.ConflictException
	switch {
	case errors.As(err, &notFound):
		return "the pipeline does not exist"
	case errors.As(err, &limit):
		return "too many releases are running"
	case errors.As(err, &conflict):
		return "a release with that idempotency key is already running"
	}
	return "the pipeline service failed"
}

// statusOf is the HTTP status of a failed start.
func statusOf(err error) int {
	var limit *types.ConcurrentPipelineExecutionsLimitExceededException
	var conflict *types.ConflictException
	switch {
	case errors.As(err, &limit):
		return http.StatusTooManyRequests
	case errors.As(err, &conflict):
		return http.StatusConflict
	}
	return http.StatusBadGateway
}

func jsonResponse(status int, body map[string]string) events.LambdaFunctionURLResponse {
	b, _ := json.Marshal(body) // a map of strings always marshals
	return events.LambdaFunctionURLResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(b),
	}
}
