package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// decodeValue decodes JSON text into generic values, keeping numbers as
// json.Number so that large integers survive.
func decodeValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

// jsonDiff compares two decoded JSON values by value (object key order and
// number spelling do not matter) and returns the path of the first
// difference, or "" when they are equal.
func jsonDiff(path string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return describe(path, want, got)
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			wv, wok := w[k]
			gv, gok := g[k]
			p := path + "." + k
			switch {
			case !gok:
				return p + " is missing"
			case !wok:
				return p + " is not expected"
			}
			if d := jsonDiff(p, wv, gv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return describe(path, want, got)
		}
		if len(w) != len(g) {
			return fmt.Sprintf("%s: expected %d elements, got %d", path, len(w), len(g))
		}
		for i := range w {
			if d := jsonDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		g, ok := got.(json.Number)
		if !ok || !sameNumber(w, g) {
			return describe(path, want, got)
		}
		return ""
	default:
		if want != got {
			return describe(path, want, got)
		}
		return ""
	}
}

func describe(path string, want, got any) string {
	return fmt.Sprintf("%s: expected %s, got %s", path, compact(want), compact(got))
}

// sameNumber compares two JSON numbers by value.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, _, errA := big.ParseFloat(string(a), 10, 256, big.ToNearestEven)
	y, _, errB := big.ParseFloat(string(b), 10, 256, big.ToNearestEven)
	return errA == nil && errB == nil && x.Cmp(y) == 0
}

// compact renders a decoded JSON value briefly for messages.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
