// Package parallel runs independent pieces of work on several goroutines:
// the stacks of a synthesis, the artifacts of a manifest.
package parallel
