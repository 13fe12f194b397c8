package ecs

import "fmt"

// Errorf records a problem with the task definition's props, reported by
// synthesis with the construct's path; the message says how to fix it.
func (td *FargateTaskDefinition) Errorf(format string, args ...any) {
	td.problems = append(td.problems, fmt.Sprintf(format, args...))
}

// Errorf records a problem with the container's options, reported by
// synthesis with the construct's path; the message says how to fix it.
func (c *ContainerDefinition) Errorf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}
