package jsonread

import "strings"

// Value is the raw text of one JSON value, as the readers return it from
// the text they read; "" means absent. Its kind is told by its first byte,
// and a string is decoded only when asked for.
type Value string

// Parse returns the value at the start of s, after any whitespace, without
// what follows it; absent when s holds no value there.
func Parse(s string) Value {
	i := SkipSpace(s, 0)
	end := SkipValue(s, i)
	if end <= i {
		return ""
	}
	return Value(s[i:end])
}

// Object returns the object at the start of s, after any whitespace, for
// text already known to be one JSON value, such as a parsed event's: its
// end is not sought, so no byte after the opening brace is read until a
// lookup reads it. It returns absent when s does not start with an object.
// What follows the object's closing brace (whitespace) stays in the
// value; the member lookups stop at that brace.
func Object(s string) Value {
	i := SkipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return ""
	}
	return Value(s[i:])
}

// Exists reports a value that is present (null included).
func (v Value) Exists() bool { return v != "" }

// IsNull reports the JSON null.
func (v Value) IsNull() bool { return v == "null" }

// IsObject reports a JSON object.
func (v Value) IsObject() bool { return len(v) > 0 && v[0] == '{' }

// IsArray reports a JSON array.
func (v Value) IsArray() bool { return len(v) > 0 && v[0] == '[' }

// IsString reports a JSON string.
func (v Value) IsString() bool { return len(v) > 0 && v[0] == '"' }

// IsNumber reports a JSON number.
func (v Value) IsNumber() bool { return len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) }

// IsTrue reports the JSON true.
func (v Value) IsTrue() bool { return v == "true" }

// IsFalse reports the JSON false.
func (v Value) IsFalse() bool { return v == "false" }

// Str returns the decoded text of a string value (allocating only when it
// holds an escape), and "" for any other value, as gjson's Result.Str.
func (v Value) Str() string {
	if len(v) < 2 || v[0] != '"' {
		return ""
	}
	return Unescape(string(v[1 : len(v)-1]))
}

// IsEmptyContainer reports an array or object with no members.
func (v Value) IsEmptyContainer() bool {
	if !v.IsArray() && !v.IsObject() {
		return false
	}
	i := SkipSpace(string(v), 1)
	return i < len(v) && (v[i] == ']' || v[i] == '}')
}

// Get returns the member key of an object value, matching the decoded key
// exactly (no path syntax): the last one should a key repeat, as Synapse
// reads it. It is absent for anything that is not an object.
func (v Value) Get(key string) Value {
	var out Value
	if !v.IsObject() {
		return out
	}
	for it := ScanMembers(string(v), 1); it.Next(); {
		if it.KeyIs(key) {
			out = Value(it.Val)
		}
	}
	return out
}

// First returns the first member key of an object value, matching the
// decoded key exactly, as gjson's Get with a path of one plain key does;
// absent for anything that is not an object.
func (v Value) First(key string) Value {
	if !v.IsObject() {
		return ""
	}
	for it := ScanMembers(string(v), 1); it.Next(); {
		if it.KeyIs(key) {
			return Value(it.Val)
		}
	}
	return ""
}

// Path looks up a path of keys separated by '.' ("signed.token" is the
// member token of the member signed) in an object value, as gjson's Get
// does for a path of plain keys: the first match in text order of the
// whole path, trying each member of a repeated key whose value is an
// object in turn. Only objects are entered: a path does not index arrays,
// and a '.' cannot be part of a key. Keys match decoded and exactly, with
// no pattern or other path syntax.
func (v Value) Path(path string) Value {
	if !v.IsObject() {
		return ""
	}
	key, rest, more := strings.Cut(path, ".")
	for it := ScanMembers(string(v), 1); it.Next(); {
		if !it.KeyIs(key) {
			continue
		}
		if !more {
			return Value(it.Val)
		}
		if r := Value(it.Val).Path(rest); r != "" {
			return r
		}
	}
	return ""
}

// Elements calls f with each element of an array value in order until f
// returns false; it does nothing for a value that is not an array.
func (v Value) Elements(f func(el Value) bool) {
	if !v.IsArray() {
		return
	}
	s := string(v)
	for el, i, ok := NextElement(s, 1); ok; el, i, ok = NextElement(s, i) {
		if !f(Value(el)) {
			return
		}
	}
}
