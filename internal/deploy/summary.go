package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// Summary is what a deployment of several stacks did, printed after it.
type Summary struct {
	Stacks                                       int
	Created, Updated, Unchanged, Failed, Skipped int
	Elapsed                                      time.Duration
	// Throttled is how many requests were refused with a throttling
	// error and retried (CountThrottles); -1 when not counted.
	Throttled int64
}

// summarize counts the results and errors of a deployment.
func summarize(results []Result, errs []*StackError, elapsed time.Duration, throttled int64) Summary {
	s := Summary{Stacks: len(results), Elapsed: elapsed, Throttled: throttled}
	for i, r := range results {
		var skip *SkipError
		switch {
		case errs[i] != nil && errors.As(errs[i].Err, &skip):
			s.Skipped++
		case errs[i] != nil:
			s.Failed++
		case r.NoOp:
			s.Unchanged++
		case strings.HasPrefix(r.Status, "CREATE_"):
			s.Created++
		default:
			s.Updated++
		}
	}
	return s
}

// String is the summary line, with the counts that are not zero: "100
// stacks in 26.6s: 98 created, 1 updated, 1 unchanged; throttled 12 times
// (retried with backoff)".
func (s Summary) String() string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{s.Created, "created"}, {s.Updated, "updated"}, {s.Unchanged, "unchanged"}, {s.Failed, "failed"}, {s.Skipped, "skipped"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	line := fmt.Sprintf("%d stacks in %s: %s", s.Stacks, s.Elapsed.Round(100*time.Millisecond), strings.Join(parts, ", "))
	if s.Throttled > 0 {
		line += fmt.Sprintf("; throttled %d time%s (retried with backoff)", s.Throttled, plural(int(s.Throttled)))
	}
	return line
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// CountThrottles makes the clients of cfg count the requests refused with
// a throttling error (each retry the SDK's retryer then makes, with
// backoff and jitter), and returns the counter, for Deployer.Throttles.
func CountThrottles(cfg *aws.Config) *atomic.Int64 {
	n := &atomic.Int64{}
	cfg.APIOptions = append(cfg.APIOptions, func(s *middleware.Stack) error {
		// After the retry middleware: inside its loop, once an attempt.
		return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("forma-count-throttles", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleFinalize(ctx, in)
			if isThrottle(err) {
				n.Add(1)
			}
			return out, md, err
		}), "Retry", middleware.After)
	})
	return n
}

// isThrottle reports whether err is a throttling error, as the SDK's
// retryer classifies them.
func isThrottle(err error) bool {
	var ae smithy.APIError
	if err == nil || !errors.As(err, &ae) {
		return false
	}
	_, ok := retry.DefaultThrottleErrorCodes[ae.ErrorCode()]
	return ok
}
