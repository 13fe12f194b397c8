package ecs

import (
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"maps"
	"slices"
)

// EnvVar is one environment variable of a container, for
// ContainerDefinitionOptions.OrderedEnvironment:
//
//	OrderedEnvironment: []ecs.EnvVar{{Name: "ZONE", Value: "eu"}, {Name: "MODE", Value: "prod"}}
type EnvVar struct {
	Name, Value string
}

// SecretVar is one environment variable read from a secret, for
// ContainerDefinitionOptions.OrderedSecrets:
//
//	OrderedSecrets: []ecs.SecretVar{{Name: "TOKEN", Secret: ecs.SSMParameter{Name: "/prod/token"}}}
type SecretVar struct {
	Name   string
	Secret Secret
}

// envEntries returns the container's environment in the order it is
// written: ordered entries as given, then the map's entries sorted by name.
// A name given twice is reported.
func (c *ContainerDefinition) envEntries(ordered []EnvVar, m map[string]string) []EnvVar {
	seen := map[string]bool{}
	var out []EnvVar
	for _, e := range ordered {
		if seen[e.Name] {
			c.Errorf("environment variable %q is given twice in OrderedEnvironment; keep one", e.Name)
			continue
		}
		seen[e.Name] = true
		out = append(out, e)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if seen[k] {
			c.Errorf("environment variable %q is in both OrderedEnvironment and Environment; keep it in one", k)
			continue
		}
		out = append(out, EnvVar{Name: k, Value: m[k]})
	}
	return out
}

// secretEntries is envEntries for secrets; field names the map field
// ("Secrets"), "Ordered"+field the list field.
func (c *ContainerDefinition) secretEntries(field string, ordered []SecretVar, m map[string]Secret) []SecretVar {
	seen := map[string]bool{}
	var out []SecretVar
	for _, s := range ordered {
		switch {
		case seen[s.Name]:
			c.Errorf("secret %q is given twice in Ordered%s; keep one", s.Name, field)
			continue
		case s.Secret == nil:
			c.Errorf("secret %q in Ordered%s has no Secret; set ecs.SecretsManagerSecret{...} or ecs.SSMParameter{...}", s.Name, field)
			continue
		}
		seen[s.Name] = true
		out = append(out, s)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case seen[k]:
			c.Errorf("secret %q is in both Ordered%s and %s; keep it in one", k, field, field)
			continue
		case m[k] == nil:
			c.Errorf("secret %q in %s is nil; set ecs.SecretsManagerSecret{...} or ecs.SSMParameter{...}", k, field)
			continue
		}
		out = append(out, SecretVar{Name: k, Secret: m[k]})
	}
	return out
}

// AddEnvironment adds an environment variable at the end of the list, or,
// when the container has one of that name, replaces its value in place, as
// the AWS CDK's addEnvironment does.
func (c *ContainerDefinition) AddEnvironment(name, value string) {
	d := c.def()
	for i, kv := range d.Environment {
		if kv.Name != nil && *kv.Name == name {
			d.Environment[i].Value = new(value)
			return
		}
	}
	d.Environment = append(d.Environment, ecscfn.CfnTaskDefinition_KeyValuePairProperty{Name: new(name), Value: new(value)})
}

// AddSecret adds an environment variable read from a secret when the task
// starts, at the end of the list, and grants the execution role read access
// to the secret.
func (c *ContainerDefinition) AddSecret(name string, s Secret) {
	if s == nil {
		c.Errorf("AddSecret(%q, nil): give ecs.SecretsManagerSecret{...} or ecs.SSMParameter{...}", name)
		return
	}
	s.GrantRead(c, c.TaskDefinition.ObtainExecutionRole())
	c.def().Secrets = append(c.def().Secrets, ecscfn.CfnTaskDefinition_SecretProperty{Name: name, ValueFrom: s.ValueFrom(c)})
}

// AddDockerLabel adds a Docker label, or replaces the value of the label of
// that name.
//
// Labels are a JSON object in the template, written with sorted keys like
// every object forma writes; CloudFormation compares objects by key, so the
// order of the labels in an AWS CDK program never makes a difference to the
// deployed task definition and labels need no ordered form.
func (c *ContainerDefinition) AddDockerLabel(name, value string) {
	d := c.def()
	if d.DockerLabels == nil {
		d.DockerLabels = map[string]string{}
	}
	d.DockerLabels[name] = value
}
