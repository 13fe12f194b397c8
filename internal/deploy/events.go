package deploy

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// latestEvent returns the id of the stack's newest event, "" when it has
// none or does not exist.
func (d *Deployer) latestEvent(ctx context.Context, stackID string) (string, error) {
	if stackID == "" {
		return "", nil
	}
	out, err := d.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stackID)})
	if err != nil {
		return "", fmt.Errorf("reading stack events: %w", err)
	}
	if len(out.StackEvents) == 0 {
		return "", nil
	}
	return aws.ToString(out.StackEvents[0].EventId), nil
}

// newEvents returns the events after lastSeen, oldest first, paging back
// until lastSeen ("" reads every page).
func (d *Deployer) newEvents(ctx context.Context, stackID, lastSeen string) ([]types.StackEvent, error) {
	var newest []types.StackEvent
	var token *string
	for {
		out, err := d.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stackID), NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, ev := range out.StackEvents {
			if lastSeen != "" && aws.ToString(ev.EventId) == lastSeen {
				slices.Reverse(newest)
				return newest, nil
			}
			newest = append(newest, ev)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	slices.Reverse(newest)
	return newest, nil
}

// follow renders the events of the operation that started after baseline
// until the stack reaches a final status; it returns the stack and the
// operation's events.
func (d *Deployer) follow(ctx context.Context, st *Stack, stackID, baseline string, r Renderer) (*types.Stack, []types.StackEvent, error) {
	var all []types.StackEvent
	last := baseline
	poll := d.poller()
	for first := true; ; first = false {
		if !first {
			if err := poll.wait(ctx); err != nil {
				return d.stoppedFollowing(st, stackID, all, r)
			}
		}
		out, err := d.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stackID)})
		if err != nil {
			if ctx.Err() != nil {
				return d.stoppedFollowing(st, stackID, all, r)
			}
			return nil, all, fmt.Errorf("describing the stack: %w", err)
		}
		if len(out.Stacks) == 0 {
			return nil, all, fmt.Errorf("the stack %s disappeared", stackID)
		}
		evs, err := d.newEvents(ctx, stackID, last)
		if err != nil {
			if ctx.Err() != nil {
				return d.stoppedFollowing(st, stackID, all, r)
			}
			return nil, all, fmt.Errorf("reading stack events: %w", err)
		}
		for _, ev := range evs {
			r.Event(st, ev)
			last = aws.ToString(ev.EventId)
		}
		all = append(all, evs...)
		if s := &out.Stacks[0]; !inProgress(s.StackStatus) && s.StackStatus != types.StackStatusReviewInProgress {
			return s, all, nil
		}
	}
}

// stoppedFollowing ends follow when the user interrupted it: an operation
// that had ended by then is reported by its status like any other (a
// stack that completed is not called failed); one still in progress is
// ErrInterrupted.
func (d *Deployer) stoppedFollowing(st *Stack, stackID string, events []types.StackEvent, r Renderer) (*types.Stack, []types.StackEvent, error) {
	cur, state := d.stateAfterInterrupt(st, stackID)
	if cur != nil && !inProgress(cur.StackStatus) && cur.StackStatus != types.StackStatusReviewInProgress {
		return cur, events, nil
	}
	return nil, events, interruptedIn(st, state, r)
}

// interrupted reports the stack's state after the user stopped following.
func (d *Deployer) interrupted(st *Stack, stackID string, r Renderer) error {
	_, state := d.stateAfterInterrupt(st, stackID)
	return interruptedIn(st, state, r)
}

// stateAfterInterrupt describes the stack once the user interrupted,
// without the cancelled context: the stack (nil when unknown or absent)
// and its state in words.
func (d *Deployer) stateAfterInterrupt(st *Stack, stackID string) (*types.Stack, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	name := stackID
	if name == "" {
		name = st.Name
	}
	cur, err := d.describe(ctx, name)
	switch {
	case err != nil:
		return nil, "unknown"
	case cur == nil:
		return nil, "not created"
	}
	return cur, string(cur.StackStatus)
}

// interruptedIn says that the user stopped following st, in state.
func interruptedIn(st *Stack, state string, r Renderer) error {
	r.Line("%s: stopped following; CloudFormation goes on with the operation. The stack is %s (follow it with: aws cloudformation describe-stack-events --stack-name %s)", st.DisplayName, state, st.Name)
	return fmt.Errorf("%w: the stack is %s", ErrInterrupted, state)
}

// RootCauses returns the events that explain a failure: the failed
// resources' events in the order they happened, without the cascade of
// cancellations other failures caused and without the stack's own events.
func RootCauses(st *Stack, events []types.StackEvent) []types.StackEvent {
	var out []types.StackEvent
	seen := map[string]bool{}
	for _, ev := range events {
		id := aws.ToString(ev.LogicalResourceId)
		if !strings.HasSuffix(string(ev.ResourceStatus), "_FAILED") || aws.ToString(ev.ResourceType) == "AWS::CloudFormation::Stack" && id == st.Name {
			continue
		}
		reason := aws.ToString(ev.ResourceStatusReason)
		if strings.Contains(reason, "Resource creation cancelled") || strings.Contains(reason, "Resource update cancelled") {
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, ev)
	}
	return out
}

// failure prints the root causes and returns the error for a failed
// operation.
func (d *Deployer) failure(st *Stack, final *types.Stack, events []types.StackEvent) error {
	causes := RootCauses(st, events)
	var b bytes.Buffer
	fmt.Fprintf(&b, " ❌  %s failed: %s", st.DisplayName, final.StackStatus)
	if reason := aws.ToString(final.StackStatusReason); reason != "" {
		fmt.Fprintf(&b, " (%s)", reason)
	}
	if len(causes) > 0 {
		b.WriteString("\n    root cause:")
		for _, ev := range causes {
			fmt.Fprintf(&b, "\n      %s %s %s: %s", resourceName(st, aws.ToString(ev.LogicalResourceId)), aws.ToString(ev.ResourceType), ev.ResourceStatus, aws.ToString(ev.ResourceStatusReason))
		}
	}
	d.renderer().Line("%s", b.String())
	if len(causes) > 0 {
		return fmt.Errorf("%s: %s %s: %s", final.StackStatus, aws.ToString(causes[0].LogicalResourceId), causes[0].ResourceStatus, aws.ToString(causes[0].ResourceStatusReason))
	}
	return fmt.Errorf("%s: %s", final.StackStatus, aws.ToString(final.StackStatusReason))
}
