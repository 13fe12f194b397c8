// Package gcpace paces Go's garbage collector for a process that builds one
// large data structure and is done with it, as a forma program builds its
// construct tree and synthesizes it.
//
// With the default pacing (GOGC=100) the collector runs each time the heap
// doubles, so a program whose heap grows to 100 MiB collects a dozen times
// while it grows, marking the whole tree each time. Start lets the heap grow
// to a target before the first collection and keeps the goal there while
// the live heap is below it; above that, pacing is Go's own. This is what
// the Go compiler does for the same reason (its base.AdjustStartingHeap).
// Stop ends it, for what the process does after synthesis (a deploy).
// Setting GOGC or GOMEMLIMIT turns it off.
package gcpace
