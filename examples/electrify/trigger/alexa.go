package main

// alexaRequest is the part of an Alexa skill request the trigger reads
// (the Alexa Skills Kit request format, version 1.0).
type alexaRequest struct {
	Version string `json:"version"`
	Session *struct {
		Application alexaApplication `json:"application"`
	} `json:"session"`
	Context *struct {
		System struct {
			Application alexaApplication `json:"application"`
		} `json:"System"`
	} `json:"context"`
	Request struct {
		Type      string `json:"type"`
		RequestID string `json:"requestId"`
		Intent    struct {
			Name               string `json:"name"`
			ConfirmationStatus string `json:"confirmationStatus"`
		} `json:"intent"`
	} `json:"request"`
}

type alexaApplication struct {
	ApplicationID string `json:"applicationId"`
}

// skillID is the ID of the skill that sent the request: the context's,
// else the session's.
func (r alexaRequest) skillID() string {
	if r.Context != nil && r.Context.System.Application.ApplicationID != "" {
		return r.Context.System.Application.ApplicationID
	}
	if r.Session != nil {
		return r.Session.Application.ApplicationID
	}
	return ""
}

// alexaResponse is an Alexa skill response with plain-text speech.
type alexaResponse struct {
	Version  string    `json:"version"`
	Response alexaBody `json:"response"`
}

type alexaBody struct {
	OutputSpeech     *alexaSpeech `json:"outputSpeech,omitempty"`
	ShouldEndSession bool         `json:"shouldEndSession"`
}

type alexaSpeech struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// say is a response that speaks text; end closes the session.
func say(text string, end bool) *alexaResponse {
	return &alexaResponse{Version: "1.0", Response: alexaBody{
		OutputSpeech:     &alexaSpeech{Type: "PlainText", Text: text},
		ShouldEndSession: end,
	}}
}
