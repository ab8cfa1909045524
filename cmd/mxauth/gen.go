package main

const genUsage = `
Usage: mxauth gen --room-version N --seed S [--members M] [--conflicts C] [-o FILE]

Generates a seeded random room graph with the state resolution generator
and writes it as a conformance fixture.
`

func runGen(args []string, e env) int {
	fs := flagSet("gen", genUsage)
	_, status, done := parse(fs, args, e)
	if done {
		return status
	}
	return usageError(fs, e, "not implemented yet")
}
