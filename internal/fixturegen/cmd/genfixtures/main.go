// Command genfixtures writes the project's own conformance fixtures: the
// spec-* folders and knock-lifecycle.
//
//	go run ./internal/fixturegen/cmd/genfixtures -out testdata/conformance
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mxauth/mxauth/internal/fixturegen"
)

func main() {
	out := flag.String("out", "testdata/conformance", "conformance fixture folder")
	flag.Parse()
	rooms := fixturegen.All()
	if err := fixturegen.WriteAll(*out, rooms); err != nil {
		fmt.Fprintln(os.Stderr, "genfixtures:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d fixtures under %s\n", len(rooms), *out)
}
