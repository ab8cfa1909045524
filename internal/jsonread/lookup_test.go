package jsonread

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// lookupSeeds are objects for the differential tests: escaped and
// repeated keys, nesting, every kind of value, whitespace.
var lookupSeeds = []string{
	`{}`,
	`{"a":1,"b":"two","c":null,"d":true,"e":false,"f":[1,"x",{}],"g":{"h":{"i":"deep"}}}`,
	`{"a":{"b":1},"a":{"c":{"d":2}},"a":"s","x":[]}`,
	`{"k\u0065y":"v\u00e9","key":"second","q\"":"\"quoted\"","\ud83d\ude00":"\ud83d\ude00"}`,
	"{\n  \"third_party_invite\" : {\n    \"signed\" : {\"token\":\"abc\", \"mxid\":\"@u:x\"}\n  }\n}",
	`{"n":-0.5e+10,"m":12345678901234567890,"o":[[],{"p":[{"q":1}]}]}`,
	`{"signatures":{"example.org":{"ed25519:1":"sig","ed25519:0":"sog"}},"s":"a\\b\/c"}`,
	`{"a":{"b":[1]},"a":{"b":{"c":3}}}`,
}

// gjsonType names a Value's kind as gjson's Type does.
func gjsonType(v Value) gjson.Type {
	switch {
	case !v.Exists(), v.IsNull():
		return gjson.Null
	case v.IsString():
		return gjson.String
	case v.IsObject(), v.IsArray():
		return gjson.JSON
	case v.IsTrue():
		return gjson.True
	case v.IsFalse():
		return gjson.False
	}
	return gjson.Number
}

// sameResult fails unless v is what gjson returned as r: presence (a null
// present), kind, raw text and decoded string.
func sameResult(t *testing.T, what string, v Value, r gjson.Result) {
	t.Helper()
	if v.Exists() != r.Exists() || gjsonType(v) != r.Type || string(v) != r.Raw || v.Str() != r.Str {
		t.Fatalf("%s: jsonread gives %q (exists %v, type %v, str %q), gjson %q (exists %v, type %v, str %q)",
			what, v, v.Exists(), gjsonType(v), v.Str(), r.Raw, r.Exists(), r.Type, r.Str)
	}
	if v.IsNumber() != (r.Type == gjson.Number) {
		t.Fatalf("%s: IsNumber %v for gjson type %v", what, v.IsNumber(), r.Type)
	}
}

// plainKey reports a key gjson's path syntax reads as itself: no '.',
// pattern, pipe or escape character, no modifier or selector at its
// start, not an array index, not empty.
func plainKey(k string) bool {
	if k == "" || strings.ContainsAny(k, ".*?|\\#") || strings.ContainsAny(k[:1], "@![{") {
		return false
	}
	return strings.Trim(k, "0123456789") != ""
}

// plainPath reports whether every dot-separated part of p is a plainKey,
// so that gjson reads p as a plain path: a part such as "{)" after a dot
// is a gjson multipath, which the readers do not implement.
func plainPath(p string) bool {
	for _, part := range strings.Split(p, ".") {
		if !plainKey(part) {
			return false
		}
	}
	return true
}

// checkObject compares the walk of an object with gjson's ForEach and
// every lookup of its plain keys, to depth levels below it.
func checkObject(t *testing.T, obj Value, path string, depth int, extra string) {
	t.Helper()
	r := gjson.Parse(string(obj))
	// The members, in order.
	var keys []string
	last := map[string]Value{}
	it := ScanMembers(string(obj), ObjectBody(string(obj)))
	at := ObjectBody(string(obj))
	r.ForEach(func(k, val gjson.Result) bool {
		if !it.Next() {
			t.Fatalf("%s: walk ends before gjson's member %q", path, k.Raw)
		}
		if it.UnescapedKey() != k.Str || `"`+it.Key+`"` != k.Raw || it.Val != val.Raw {
			t.Fatalf("%s: member %q: %q, gjson %q: %q", path, it.Key, it.Val, k.Raw, val.Raw)
		}
		m, next, ok := NextMember(string(obj), at)
		if !ok || m.Key != it.Key || m.Escaped != it.Escaped || m.Raw != it.Val || m.UnescapedKey() != k.Str || !m.KeyEquals(k.Str) {
			t.Fatalf("%s: NextMember gives %+v, the walk %q: %q", path, m, it.Key, it.Val)
		}
		at = next
		keys = append(keys, k.Str)
		last[k.Str] = Value(val.Raw)
		return true
	})
	if it.Next() {
		t.Fatalf("%s: walk goes on past gjson's members at %q", path, it.Key)
	}
	if m, _, ok := NextMember(string(obj), at); ok {
		t.Fatalf("%s: NextMember goes on past gjson's members at %q", path, m.Key)
	}
	if extra != "" {
		keys = append(keys, extra)
	}
	for _, k := range keys {
		if got := obj.Get(k); got != last[k] {
			t.Fatalf("%s: Get(%q) = %q, want the last member %q", path, k, got, last[k])
		}
		if !plainKey(k) {
			continue
		}
		sameResult(t, path+" First("+k+")", obj.First(k), r.Get(k))
		sameResult(t, path+" Path("+k+")", obj.Path(k), r.Get(k))
		for _, k2 := range keys {
			if plainKey(k2) {
				p := k + "." + k2
				sameResult(t, path+" Path("+p+")", obj.Path(p), r.Get(p))
			}
		}
	}
	// Below: every member's value, nested paths against the whole text.
	for _, k := range keys {
		v := obj.First(k)
		switch {
		case v.IsArray():
			checkArray(t, v, path+"."+k)
		case v.IsObject() && depth > 0:
			checkObject(t, v, path+"."+k, depth-1, extra)
		}
	}
}

// checkArray compares the elements of an array with gjson's ForEach.
func checkArray(t *testing.T, arr Value, path string) {
	t.Helper()
	var els []Value
	arr.Elements(func(el Value) bool { els = append(els, el); return true })
	n := 0
	gjson.Parse(string(arr)).ForEach(func(_, val gjson.Result) bool {
		if n >= len(els) {
			t.Fatalf("%s: %d elements, gjson has more", path, len(els))
		}
		sameResult(t, path+" element", els[n], val)
		n++
		return true
	})
	if n != len(els) {
		t.Fatalf("%s: %d elements, gjson %d", path, len(els), n)
	}
	if arr.IsEmptyContainer() != (n == 0) {
		t.Fatalf("%s: IsEmptyContainer %v with %d elements", path, arr.IsEmptyContainer(), n)
	}
}

// FuzzLookup compares the readers with gjson, which the library used
// before, on valid JSON objects: member walks, array walks, lookups of
// one key (first and last of a repeated key) and paths of two keys, with
// presence, kind, raw text and decoded strings, and Parse of the whole
// text.
func FuzzLookup(f *testing.F) {
	for _, s := range lookupSeeds {
		f.Add(s, "a")
	}
	// A gjson multipath after a dot ("a.{)") is not a plain path.
	f.Add(`{"a":{"b":1}}`, "{)")
	f.Fuzz(func(t *testing.T, doc, key string) {
		if !json.Valid([]byte(doc)) {
			return
		}
		v := Parse(doc)
		r := gjson.Parse(doc)
		if r.Type == gjson.JSON {
			// gjson.Parse keeps all the text after a container's start,
			// trailing whitespace included; Parse ends at the value's end.
			r.Raw = strings.TrimRight(r.Raw, " \t\n\r")
		}
		sameResult(t, "Parse", v, r)
		if !v.IsObject() {
			return
		}
		if strings.TrimSpace(doc) != string(v) {
			t.Fatalf("Parse(%q) = %q", doc, v)
		}
		checkObject(t, v, "$", 3, key)
		for _, p := range []string{key, key + "." + key, "a." + key, key + ".a", "a.a.a"} {
			if plainPath(p) {
				sameResult(t, "Path("+p+")", v.Path(p), gjson.Get(doc, p))
			}
		}
	})
}

func TestLookupSeeds(t *testing.T) {
	for _, s := range lookupSeeds {
		if !json.Valid([]byte(s)) {
			t.Fatalf("seed %q is not JSON", s)
		}
		checkObject(t, Parse(s), "$", 3, "absent")
	}
}

// TestPathFirstMatch checks gjson's reading of paths through repeated keys
// (only invalid PDUs hold them): the first match of the whole path wins.
func TestPathFirstMatch(t *testing.T) {
	for _, c := range []struct{ doc, path string }{
		{`{"a":{"b":1},"a":{"b":2}}`, "a.b"},
		{`{"a":{"c":1},"a":{"b":2}}`, "a.b"},
		{`{"a":1,"a":{"b":2}}`, "a.b"},
		{`{"a":[{"b":1}],"a":{"b":2}}`, "a.b"},
		{`{"a":{"b":{"x":1}},"a":{"b":{"c":3}}}`, "a.b.c"},
		{`{"a":{"b":1},"a":{"b":2}}`, "a"},
	} {
		sameResult(t, c.doc+" "+c.path, Parse(c.doc).Path(c.path), gjson.Get(c.doc, c.path))
	}
}
