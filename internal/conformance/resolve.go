package conformance

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// State is resolved state as fixtures write it: type → state_key → event
// ID.
type State map[string]map[string]string

// stateJSON renders a state as compact JSON with sorted keys.
func stateJSON(s map[string]map[string]string) string {
	if s == nil {
		s = map[string]map[string]string{}
	}
	b, err := json.Marshal(s) // maps are written with sorted keys
	if err != nil {
		return fmt.Sprint(s)
	}
	return string(b)
}

// stateDiff lists the entries that differ between two states, or returns
// "" when they are equal.
func stateDiff(want, got map[string]map[string]string) string {
	type key struct{ typ, sk string }
	keys := map[key]bool{}
	for t, m := range want {
		for sk := range m {
			keys[key{t, sk}] = true
		}
	}
	for t, m := range got {
		for sk := range m {
			keys[key{t, sk}] = true
		}
	}
	sorted := make([]key, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].typ != sorted[j].typ {
			return sorted[i].typ < sorted[j].typ
		}
		return sorted[i].sk < sorted[j].sk
	})
	var diffs []string
	for _, k := range sorted {
		w, wok := want[k.typ][k.sk]
		g, gok := got[k.typ][k.sk]
		name := fmt.Sprintf("(%s, %q)", k.typ, k.sk)
		switch {
		case wok && !gok:
			diffs = append(diffs, fmt.Sprintf("%s: expected %s, got nothing", name, w))
		case !wok && gok:
			diffs = append(diffs, fmt.Sprintf("%s: expected nothing, got %s", name, g))
		case w != g:
			diffs = append(diffs, fmt.Sprintf("%s: expected %s, got %s", name, w, g))
		}
	}
	const maxDiffs = 3
	if len(diffs) > maxDiffs {
		diffs = append(diffs[:maxDiffs], fmt.Sprintf("%d more entries differ", len(diffs)-maxDiffs))
	}
	return strings.Join(diffs, ", ")
}

// Equal reports whether s and o hold exactly the same entries.
func (s State) Equal(o State) bool { return stateDiff(s, o) == "" }
