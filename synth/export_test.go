package synth

// SetWorkers sets how many stacks resolve and render at once (0: the
// default) and returns a function restoring the previous setting.
func SetWorkers(n int) (restore func()) {
	old := workers.Swap(int32(n))
	return func() { workers.Store(old) }
}

// SetKeepBodies sets the number of elements up to which prepare keeps their
// resolved bodies and returns a function restoring it.
func SetKeepBodies(n int) (restore func()) {
	old := keepBodies
	keepBodies = n
	return func() { keepBodies = old }
}

// SetFinishEarly sets whether prepare finishes stacks in its first pass
// and returns a function restoring the previous setting.
func SetFinishEarly(on bool) func() {
	old := finishEarly
	finishEarly = on
	return func() { finishEarly = old }
}
