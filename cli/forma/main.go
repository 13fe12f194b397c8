package main

import (
	"os"

	"github.com/forma-iac/forma/cli"
)

func main() {
	os.Exit(cli.Run(nil, os.Args[1:], cli.OSStdio()))
}
