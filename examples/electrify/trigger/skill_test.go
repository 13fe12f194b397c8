package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The skill's interaction model (skill/en-US.json, for the Alexa Skills Kit)
// and the handler agree: the model's own intents are the ones the handler
// starts releases for, and a release needs the user's confirmation.
func TestSkillModelMatchesTheHandler(t *testing.T) {
	data, err := os.ReadFile("skill/en-US.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		InteractionModel struct {
			LanguageModel struct {
				InvocationName string
				Intents        []struct {
					Name    string
					Samples []string
				}
			}
			Dialog struct {
				Intents []struct {
					Name                 string
					ConfirmationRequired bool
				}
			}
		}
	}
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatalf("skill/en-US.json: %v", err)
	}
	lm := model.InteractionModel.LanguageModel
	if lm.InvocationName == "" {
		t.Error("the model has no invocation name")
	}
	custom := 0
	for _, in := range lm.Intents {
		if strings.HasPrefix(in.Name, "AMAZON.") {
			continue
		}
		custom++
		if in.Name != StartReleaseIntent {
			t.Errorf("intent %s: the handler does not answer it", in.Name)
		}
		if len(in.Samples) == 0 {
			t.Errorf("intent %s has no sample utterance", in.Name)
		}
		// The handler starts a release for it.
		f := &fakePipeline{}
		if _, err := newHandler(f).Handle(context.Background(), alexaEvent(skill, "IntentRequest", in.Name, "CONFIRMED")); err != nil || len(f.calls) != 1 {
			t.Errorf("intent %s: %d executions started (%v)", in.Name, len(f.calls), err)
		}
	}
	if custom == 0 {
		t.Errorf("the model has no %s", StartReleaseIntent)
	}
	confirmed := false
	for _, in := range model.InteractionModel.Dialog.Intents {
		confirmed = confirmed || (in.Name == StartReleaseIntent && in.ConfirmationRequired)
	}
	if !confirmed {
		t.Errorf("%s must require the user's confirmation", StartReleaseIntent)
	}
}
