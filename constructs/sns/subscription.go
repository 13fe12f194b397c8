package sns

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ITopicSubscription is a subscriber a topic delivers to.
type ITopicSubscription interface {
	// Bind returns the subscription's settings for topic.
	Bind(topic ITopic) SubscriptionConfig
}

// SubscriptionConfig is a bound subscription.
type SubscriptionConfig struct {
	// SubscriberID is the subscription's construct id under the topic
	// (the e-mail address, the URL); a token gets "TokenSubscription:<n>".
	SubscriberID string
	// Protocol is "email", "email-json", "https", "sqs", "lambda", ….
	Protocol string
	// Endpoint is the address the protocol delivers to.
	Endpoint string
	// RawMessageDelivery sends the message without the SNS envelope.
	RawMessageDelivery bool
}

// EmailSubscription delivers a topic's messages to an e-mail address, as
// the AWS CDK's subscriptions.EmailSubscription; the address must confirm.
type EmailSubscription struct {
	// Address receives the messages (required).
	Address string
	// JSON sends the whole notification as JSON ("email-json").
	JSON bool
}

// Bind implements ITopicSubscription.
func (e EmailSubscription) Bind(ITopic) SubscriptionConfig {
	p := "email"
	if e.JSON {
		p = "email-json"
	}
	return SubscriptionConfig{SubscriberID: e.Address, Protocol: p, Endpoint: e.Address}
}

// URLSubscription delivers to an HTTP or HTTPS endpoint, which must
// confirm.
type URLSubscription struct {
	// URL receives the messages (required), http:// or https://.
	URL string
	// RawMessageDelivery sends the message without the SNS envelope.
	RawMessageDelivery bool
}

// Bind implements ITopicSubscription.
func (u URLSubscription) Bind(ITopic) SubscriptionConfig {
	p := "https"
	if len(u.URL) >= 7 && u.URL[:7] == "http://" {
		p = "http"
	}
	return SubscriptionConfig{SubscriberID: u.URL, Protocol: p, Endpoint: u.URL, RawMessageDelivery: u.RawMessageDelivery}
}

// Subscription is an AWS::SNS::Subscription, the AWS CDK's sns.Subscription.
type Subscription struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *snscfn.CfnSubscription
}

// AddSubscription subscribes s to the topic: the child named after the
// subscriber (its address or URL), as the AWS CDK's Topic.addSubscription.
// Subscribing the same subscriber twice is an error.
func (t *Topic) AddSubscription(s ITopicSubscription) *Subscription {
	s = constructs.NormalizeNil(s)
	if s == nil {
		t.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"AddSubscription was given a nil subscription"}
		}))
		return nil
	}
	cfg := s.Bind(t)
	id := cfg.SubscriberID
	if token.IsUnresolved(id) || id == "" {
		t.tokenSubs++
		id = fmt.Sprintf("TokenSubscription:%d", t.tokenSubs)
	}
	// As the constructs library does with a path separator in an id.
	id = strings.ReplaceAll(id, "/", "--")
	if t.Node().TryFindChild(id) != nil {
		t.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{fmt.Sprintf("a subscription with id %q already exists under the topic; subscribe each subscriber once", id)}
		}))
		return nil
	}
	sub := &Subscription{}
	sub.Base = constructs.NewBase(sub, t, id)
	cp := snscfn.CfnSubscriptionProps{Protocol: cfg.Protocol, TopicArn: t.TopicARN()}
	if cfg.Endpoint != "" {
		cp.Endpoint = new(cfg.Endpoint)
	} else {
		sub.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"the subscription has no endpoint: give the subscriber its address or URL"}
		}))
	}
	if cfg.RawMessageDelivery {
		cp.RawMessageDelivery = new(true)
	}
	sub.Resource = snscfn.NewCfnSubscription(sub, "Resource", cp)
	return sub
}
