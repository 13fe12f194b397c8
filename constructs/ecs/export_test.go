package ecs

// SetDockerCheck replaces the check that Docker answers, for a test; the
// returned function restores it.
func SetDockerCheck(f func() error) (restore func()) {
	old := dockerAnswers
	dockerAnswers = f
	return func() { dockerAnswers = old }
}
