// Command fn is the Lambda function of the assets snapshot test.
package main

import (
	"fmt"
	"os"
)

func main() { fmt.Fprintln(os.Stdout, "hello from forma") }
