package ecs

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/logs"
)

// LogDriverConfig is a container's LogConfiguration.
type LogDriverConfig struct {
	LogDriver string
	Options   map[string]string
	// SecretOptions are the driver's options read from secrets.
	SecretOptions []ecscfn.CfnTaskDefinition_SecretProperty
}

// LogDriver configures where a container's logs go.
type LogDriver interface {
	// Bind is called once for the container; scope is where the driver
	// creates constructs (the container).
	Bind(scope constructs.Construct, c *ContainerDefinition) LogDriverConfig
}

// AWSLogs is the awslogs log driver: the container's output goes to a
// CloudWatch Logs group, created under the container ("LogGroup", retained
// on deletion, no expiry) unless LogGroup is given; the execution role may
// write to it.
type AWSLogs struct {
	// StreamPrefix prefixes the log stream names (required by Fargate).
	StreamPrefix string
	// LogGroup receives the logs; default: a new log group.
	LogGroup logs.ILogGroup
	// Retention of a created log group; default: never expire.
	Retention logs.RetentionDays
	// DatetimeFormat is the awslogs-datetime-format option.
	DatetimeFormat string
	// MultilinePattern is the awslogs-multiline-pattern option.
	MultilinePattern string
	// Mode is "blocking" or "non-blocking"; default: not set.
	Mode string
}

// Bind creates the log group if needed and grants the execution role write access.
func (a AWSLogs) Bind(scope constructs.Construct, c *ContainerDefinition) LogDriverConfig {
	g := constructs.NormalizeNil(a.LogGroup)
	if g == nil {
		ret := a.Retention
		if ret == 0 {
			ret = logs.RetentionInfinite
		}
		g = logs.NewLogGroup(scope, "LogGroup", logs.LogGroupProps{Retention: ret})
	}
	g.GrantWrite(c.TaskDefinition.ObtainExecutionRole())
	opts := map[string]string{
		"awslogs-group":  g.LogGroupName(),
		"awslogs-region": constructs.StackOf(c).Region(),
	}
	if a.StreamPrefix != "" {
		opts["awslogs-stream-prefix"] = a.StreamPrefix
	} else {
		c.Errorf("AWSLogs.StreamPrefix is required on Fargate; set it, e.g. to the service name")
	}
	for k, v := range map[string]string{"awslogs-datetime-format": a.DatetimeFormat, "awslogs-multiline-pattern": a.MultilinePattern, "mode": a.Mode} {
		if v != "" {
			opts[k] = v
		}
	}
	return LogDriverConfig{LogDriver: "awslogs", Options: opts}
}
