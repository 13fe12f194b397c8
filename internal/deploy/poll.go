package deploy

import (
	"context"
	"time"
)

// Polling: a poll loop looks at once, then waits FirstPoll, then twice as
// long after each further look, up to the deployer's Poll interval
// (DefaultPoll by default). An operation CloudFormation finishes at once
// is seen at once; a long one is polled every Poll after a few seconds.
// Only operations in progress are polled: a deployment that changes
// nothing makes no poll.
const (
	FirstPoll   = 25 * time.Millisecond
	DefaultPoll = 2 * time.Second
)

// poller paces one poll loop.
type poller struct {
	next, max time.Duration
}

// poller starts a poll loop.
func (d *Deployer) poller() *poller {
	max := d.Poll
	if max <= 0 {
		max = DefaultPoll
	}
	return &poller{next: min(FirstPoll, max), max: max}
}

// wait waits before the next look, or until ctx is done.
func (p *poller) wait(ctx context.Context) error {
	t := time.NewTimer(p.next)
	defer t.Stop()
	p.next = min(2*p.next, p.max)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
