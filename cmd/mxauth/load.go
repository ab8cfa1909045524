package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/mxauth/mxauth/internal/fixture"
)

// graphFile is a fixture, or a plain graph file
// {"room_version": …, "events": […], "state_sets": [[ids…]…], "rejected": [ids…]}
// (state_sets and rejected are optional) loaded as one.
type graphFile struct {
	*fixture.Fixture
	// Plain is true for a plain graph file.
	Plain bool
	// StateSets and Rejected are the plain file's members; HasRejected
	// tells an empty rejected list from none.
	StateSets   [][]string
	Rejected    []string
	HasRejected bool
}

// readInput reads a file, or stdin for "-", up to fixture.MaxFileBytes;
// a larger input is refused with an error naming it and the limit.
func readInput(path string, stdin io.Reader) ([]byte, error) {
	return readInputLimited(path, stdin, fixture.MaxFileBytes)
}

func readInputLimited(path string, stdin io.Reader, limit int64) ([]byte, error) {
	if path == "-" {
		return fixture.ReadLimited(stdin, "stdin", limit)
	}
	return fixture.ReadFile(path, limit)
}

// loadGraph loads a fixture file or a plain graph file. A plain file is
// given the fixture members it lacks ("fixture", "name", "description")
// by inserting them in front of its own members, so that its events keep
// their exact bytes.
func loadGraph(path string, stdin io.Reader) (*graphFile, error) {
	data, err := readInput(path, stdin)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: %s", path, fixture.DescribeJSON(err))
	}
	if top == nil { // the text null
		return nil, fmt.Errorf("%s: the file must be an object, not null", path)
	}
	g := &graphFile{}
	if _, ok := top["fixture"]; !ok {
		g.Plain = true
		if data, err = asFixture(path, data); err != nil {
			return nil, err
		}
	}
	if raw, ok := top["state_sets"]; ok {
		if err := json.Unmarshal(raw, &g.StateSets); err != nil {
			return nil, fmt.Errorf("%s: state_sets must be an array of arrays of event IDs: %v", path, err)
		}
	}
	if raw, ok := top["rejected"]; ok && g.Plain {
		g.HasRejected = true
		if err := json.Unmarshal(raw, &g.Rejected); err != nil {
			return nil, fmt.Errorf("%s: rejected must be an array of event IDs: %v", path, err)
		}
	}
	// The commands explain a file rather than run it: an event edited by
	// hand keeps the ID the file refers to it by (and is reported), and a
	// plain graph has no expectations.
	opts := fixture.LoadOptions{AllowChangedIDs: true, AllowNothingToCheck: g.Plain}
	if g.Fixture, err = opts.Load(path, data); err != nil {
		return nil, err
	}
	for _, set := range g.StateSets {
		for _, id := range set {
			if g.Lookup(id) == nil {
				return nil, fmt.Errorf("%s: state_sets: unknown event %s", path, id)
			}
		}
	}
	for _, id := range g.Rejected {
		if g.Lookup(id) == nil {
			return nil, fmt.Errorf("%s: rejected: unknown event %s", path, id)
		}
	}
	return g, nil
}

// asFixture turns the text of a plain graph file into fixture text.
func asFixture(path string, data []byte) ([]byte, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%s: not a JSON object", path)
	}
	rest := trimmed[1:]
	if len(bytes.TrimLeft(rest, " \t\r\n")) > 0 && bytes.TrimLeft(rest, " \t\r\n")[0] == '}' {
		return nil, errors.New(path + ": empty object: a graph file needs room_version and events")
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if path == "-" {
		name = "stdin"
	}
	head, _ := json.Marshal(map[string]any{"fixture": 1, "name": name, "description": "plain graph file"})
	out := make([]byte, 0, len(data)+len(head)+1)
	out = append(out, head[:len(head)-1]...) // without the closing brace
	out = append(out, ',')
	return append(out, rest...), nil
}
