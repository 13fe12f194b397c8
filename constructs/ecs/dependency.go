package ecs

import "github.com/forma-iac/forma/constructs/ecs/ecscfn"

// ContainerDependencyCondition is the state a container must reach before
// the containers that depend on it start.
type ContainerDependencyCondition string

// Container dependency conditions.
const (
	// ContainerDependencyStart: the container has started.
	ContainerDependencyStart ContainerDependencyCondition = "START"
	// ContainerDependencyComplete: the container has exited (a
	// non-essential container that runs a script).
	ContainerDependencyComplete ContainerDependencyCondition = "COMPLETE"
	// ContainerDependencySuccess: the container has exited with status 0.
	ContainerDependencySuccess ContainerDependencyCondition = "SUCCESS"
	// ContainerDependencyHealthy: the container's health check passes; it
	// needs a HealthCheck.
	ContainerDependencyHealthy ContainerDependencyCondition = "HEALTHY"
)

// ContainerDependency makes a container wait for another container of the
// same task.
type ContainerDependency struct {
	// Container is the container waited for (required).
	Container *ContainerDefinition
	// Condition default HEALTHY, as in the AWS CDK.
	Condition ContainerDependencyCondition
}

// AddContainerDependencies makes the container start only once each
// dependency's container reached its condition.
func (c *ContainerDefinition) AddContainerDependencies(deps ...ContainerDependency) {
	for _, d := range deps {
		if d.Container == nil {
			c.Errorf("a container dependency has no Container; set it to a container of the same task definition")
			continue
		}
		cond := d.Condition
		if cond == "" {
			cond = ContainerDependencyHealthy
		}
		c.dependencies = append(c.dependencies, ContainerDependency{Container: d.Container, Condition: cond})
		c.def().DependsOn = append(c.def().DependsOn, ecscfn.CfnTaskDefinition_ContainerDependencyProperty{
			Condition: new(string(cond)), ContainerName: new(d.Container.ContainerName()),
		})
	}
}
