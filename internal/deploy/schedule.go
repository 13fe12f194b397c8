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

// Errors are the failures of several stacks, in deployment order.
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
	sem := make(chan struct{}, concurrency)
	var (
		mu      sync.Mutex
		stopped string
	)
	var wg sync.WaitGroup
	for i := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			for _, j := range waitFor[i] {
				<-done[j]
				if errs[j] != nil {
					errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: it depends on %s, which failed", stacks[j].DisplayName)}
					if reverse {
						errs[i].Err = fmt.Errorf("skipped: %s depends on it and was not deleted", stacks[j].DisplayName)
					}
					return
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			s := stopped
			mu.Unlock()
			if s != "" {
				errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: stopped after %s failed", s)}
				return
			}
			if ctx.Err() != nil {
				errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: %w", ErrInterrupted)}
				return
			}
			if err := do(i); err != nil {
				errs[i] = &StackError{stacks[i].DisplayName, err}
				mu.Lock()
				if stopped == "" {
					stopped = stacks[i].DisplayName
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var out Errors
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	if out != nil {
		return out
	}
	return nil
}
