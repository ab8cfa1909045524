// Command mxauth runs conformance fixtures and inspects Matrix room graphs
// with the mxauth library: conformance, check, resolve, event, gen and
// graph. Run "mxauth help" for the list and "mxauth COMMAND --help" for
// each command's usage with an example.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
