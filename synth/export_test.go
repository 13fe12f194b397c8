package synth

// SetWorkers sets how many stacks resolve and render at once (0: the
// default) and returns a function restoring the previous setting.
func SetWorkers(n int) (restore func()) {
	old := workers.Swap(int32(n))
	return func() { workers.Store(old) }
}
