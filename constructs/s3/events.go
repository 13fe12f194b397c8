package s3

import (
	"github.com/forma-iac/forma/constructs/events"
)

// OnCloudTrailBucketEventOptions configure the CloudTrail event rules of a
// bucket. The events exist only when a CloudTrail trail records the
// bucket's data events.
type OnCloudTrailBucketEventOptions struct {
	// Target receives the events; default none (add with Rule.AddTarget).
	Target events.IRuleTarget
	// RuleName is the rule's physical name.
	RuleName string
	// Description of the rule.
	Description string
	// Paths limit the rule to these object keys (patterns allowed in
	// OnCloudTrailEvent); default any object.
	Paths []string
}

func onCloudTrailEvent(b IBucket, id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	rule := events.NewRule(b, id, events.RuleProps{RuleName: o.RuleName, Description: o.Description})
	rule.AddTarget(o.Target)
	arns := []string{b.BucketARN()}
	if len(o.Paths) > 0 {
		arns = nil
		for _, p := range o.Paths {
			arns = append(arns, b.ARNForObjects(p))
		}
	}
	rule.AddEventPattern(events.EventPattern{
		Source:     []string{"aws.s3"},
		DetailType: []string{"AWS API Call via CloudTrail"},
		Detail:     map[string]any{"resources": map[string]any{"ARN": arns}},
	})
	return rule
}

func onCloudTrailPutObject(b IBucket, id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	rule := onCloudTrailEvent(b, id, o)
	rule.AddEventPattern(events.EventPattern{Detail: map[string]any{"eventName": []string{"PutObject"}}})
	return rule
}

func onCloudTrailWriteObject(b IBucket, id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	rule := onCloudTrailEvent(b, id, o)
	params := map[string]any{"bucketName": []string{b.BucketName()}}
	if len(o.Paths) > 0 {
		params["key"] = append([]string(nil), o.Paths...)
	}
	rule.AddEventPattern(events.EventPattern{Detail: map[string]any{
		"eventName":         []string{"CompleteMultipartUpload", "CopyObject", "PutObject"},
		"requestParameters": params,
	}})
	return rule
}

// OnCloudTrailEvent creates the rule id, a child of the bucket, matching
// the CloudTrail API calls on the bucket (or on the objects of o.Paths), as
// the AWS CDK's onCloudTrailEvent.
func (b *Bucket) OnCloudTrailEvent(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailEvent(b, id, o)
}

// OnCloudTrailPutObject matches PutObject calls, as the AWS CDK's
// onCloudTrailPutObject.
func (b *Bucket) OnCloudTrailPutObject(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailPutObject(b, id, o)
}

// OnCloudTrailWriteObject is OnCloudTrailEvent limited to the calls that
// write an object (CompleteMultipartUpload, CopyObject, PutObject) with the
// bucket's name and, when given, the keys of o.Paths, as the AWS CDK's onCloudTrailWriteObject (the
// trigger of a pipeline's S3 source action).
func (b *Bucket) OnCloudTrailWriteObject(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailWriteObject(b, id, o)
}

func (b *importedBucket) OnCloudTrailEvent(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailEvent(b, id, o)
}
func (b *importedBucket) OnCloudTrailPutObject(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailPutObject(b, id, o)
}
func (b *importedBucket) OnCloudTrailWriteObject(id string, o OnCloudTrailBucketEventOptions) *events.Rule {
	return onCloudTrailWriteObject(b, id, o)
}
