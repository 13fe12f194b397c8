package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// StackError is the failure of one stack's operation.
type StackError struct {
	Stack string
	Err   error
}

func (e *StackError) Error() string { return e.Stack + ": " + Message(e.Err) }

func (e *StackError) Unwrap() error { return e.Err }

// Errors are the failures of several stacks: first the stacks that failed,
// in the order they were taken, then the stacks skipped because of them.
type Errors []*StackError

// Unwrap returns the stack errors.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// SkipError is why a stack was not deployed or deleted: another stack
// failed, or the operation was interrupted.
type SkipError struct {
	// Because says why: "Storage failed (Consumer depends on it)".
	Because string
	// Err is ErrInterrupted when the user interrupted the operation.
	Err error
}

func (e *SkipError) Error() string { return "skipped because " + e.Because }

func (e *SkipError) Unwrap() error { return e.Err }

// ErrInterrupted is returned when the context was cancelled while
// following a stack; CloudFormation continues the operation.
var ErrInterrupted = errors.New("interrupted")

// schedule runs do for each stack once the stacks it depends on (among
// stacks) succeeded — in reverse when reverse, for destroy — at most
// concurrency at once; after a failure no new stack starts.
func (d *Deployer) schedule(ctx context.Context, stacks []*Stack, concurrency int, reverse bool, do func(i int) error, errs []*StackError) error {
	if concurrency < 1 {
		concurrency = 1
	}
	index := map[string]int{}
	for i, st := range stacks {
		index[st.ID] = i
	}
	waitFor := make([][]int, len(stacks))
	for i, st := range stacks {
		for _, dep := range st.Dependencies {
			if j, ok := index[dep]; ok {
				if reverse {
					waitFor[j] = append(waitFor[j], i)
				} else {
					waitFor[i] = append(waitFor[i], j)
				}
			}
		}
	}
	done := make([]chan struct{}, len(stacks))
	for i := range done {
		done[i] = make(chan struct{})
	}
	verb := "deployment"
	if reverse {
		verb = "destroy"
	}
	interrupted := &SkipError{Because: "the " + verb + " was interrupted", Err: ErrInterrupted}
	sem := make(chan struct{}, concurrency)
	var (
		mu      sync.Mutex
		stopped *SkipError // after the first failure, why no stack starts
	)
	var wg sync.WaitGroup
	for i := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			skip := func(why *SkipError) { errs[i] = &StackError{stacks[i].DisplayName, why} }
			for _, j := range waitFor[i] {
				<-done[j]
				if errs[j] == nil {
					continue
				}
				var why *SkipError
				switch {
				case errors.As(errs[j].Err, &why):
					// The cause of the skip of j is the cause of this one.
				case errors.Is(errs[j].Err, ErrInterrupted):
					why = interrupted
				case reverse:
					why = &SkipError{Because: fmt.Sprintf("deleting %s failed (%s depends on %s)", stacks[j].DisplayName, stacks[j].DisplayName, stacks[i].DisplayName)}
				default:
					why = &SkipError{Because: fmt.Sprintf("%s failed (%s depends on it)", stacks[j].DisplayName, stacks[i].DisplayName)}
				}
				skip(why)
				return
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			why := stopped
			mu.Unlock()
			if why == nil && ctx.Err() != nil {
				why = interrupted
			}
			if why != nil {
				skip(why)
				return
			}
			if err := do(i); err != nil {
				if ctx.Err() != nil && errors.Is(err, context.Canceled) && !errors.Is(err, ErrInterrupted) {
					// A call cut short by the interruption.
					err = fmt.Errorf("%w: %v", ErrInterrupted, err)
				}
				errs[i] = &StackError{stacks[i].DisplayName, err}
				mu.Lock()
				if stopped == nil {
					if errors.Is(err, ErrInterrupted) {
						stopped = interrupted
					} else {
						stopped = &SkipError{Because: fmt.Sprintf("%s failed (no stack starts after a failure)", stacks[i].DisplayName)}
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// Causes first, in the order the stacks were taken, then what they
	// caused.
	order := make([]int, len(stacks))
	for i := range order {
		order[i] = i
		if reverse {
			order[i] = len(stacks) - 1 - i
		}
	}
	var causes, skipped Errors
	for _, i := range order {
		var why *SkipError
		switch e := errs[i]; {
		case e == nil:
		case errors.As(e.Err, &why):
			skipped = append(skipped, e)
		default:
			causes = append(causes, e)
		}
	}
	if out := append(causes, skipped...); out != nil {
		return out
	}
	return nil
}
