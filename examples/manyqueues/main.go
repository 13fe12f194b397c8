package main

import (
	"fmt"
	"os"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/internal/profiling"
)

// The app's size: stacks × queues a stack.
const (
	stacks   = 100
	perStack = 100
)

func main() {
	stop, err := profiling.Start(CPUProfileEnv, MemProfileEnv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := cli.Run(newApp(stacks, perStack), os.Args[1:], cli.OSStdio())
	if err := stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// newApp builds stacks × perStack queues; each queue's redrive policy
// names the previous queue, the first of a stack the last of the stack
// before.
func newApp(stacks, perStack int) *constructs.App {
	app := constructs.NewApp()
	var prev *sqscfn.CfnQueue
	for i := range stacks {
		s := constructs.NewStack(app, fmt.Sprintf("Stack%d", i), constructs.StackProps{})
		for j := range perStack {
			props := sqscfn.CfnQueueProps{
				QueueName:         new(fmt.Sprintf("q-%d-%d", i, j)),
				VisibilityTimeout: new(30),
				Tags:              []cfn.Tag{{Key: "n", Value: fmt.Sprint(j)}},
			}
			if prev != nil {
				props.RedrivePolicy = map[string]any{"deadLetterTargetArn": prev.AttrArn(), "maxReceiveCount": 5}
			}
			prev = sqscfn.NewCfnQueue(s, fmt.Sprintf("Queue%d", j), props)
		}
	}
	return app
}
