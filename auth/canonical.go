package auth

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// signingJSON returns the Signing JSON of obj: its canonical JSON with the
// top-level "signatures" and "unsigned" members removed (DIGEST §6.7). It is
// the minimal encoder the third-party-invite rule needs; ok is false for
// input it cannot encode canonically (a number with a fraction or an
// exponent, or a value that is not valid JSON).
//
// TODO(mxauth): use the event package's signature helper once it lands.
func signingJSON(obj gjson.Result) ([]byte, bool) {
	return appendCanonical(nil, obj, true)
}

type member struct {
	key string
	val gjson.Result
}

func appendCanonical(dst []byte, v gjson.Result, top bool) ([]byte, bool) {
	switch {
	case v.IsObject():
		var ms []member
		ok := true
		v.ForEach(func(k, val gjson.Result) bool {
			if k.Type != gjson.String {
				ok = false
				return false
			}
			if top && (k.Str == "signatures" || k.Str == "unsigned") {
				return true
			}
			ms = append(ms, member{k.Str, val})
			return true
		})
		if !ok {
			return nil, false
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].key < ms[j].key })
		dst = append(dst, '{')
		for i, m := range ms {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, m.key)
			dst = append(dst, ':')
			if dst, ok = appendCanonical(dst, m.val, false); !ok {
				return nil, false
			}
		}
		return append(dst, '}'), true
	case v.IsArray():
		dst = append(dst, '[')
		ok := true
		i := 0
		v.ForEach(func(_, val gjson.Result) bool {
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			dst, ok = appendCanonical(dst, val, false)
			return ok
		})
		if !ok {
			return nil, false
		}
		return append(dst, ']'), true
	}
	switch v.Type {
	case gjson.String:
		return appendString(dst, v.Str), true
	case gjson.True:
		return append(dst, "true"...), true
	case gjson.False:
		return append(dst, "false"...), true
	case gjson.Null:
		return append(dst, "null"...), true
	case gjson.Number:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err != nil {
			return nil, false
		}
		return strconv.AppendInt(dst, n, 10), true
	}
	return nil, false
}

// appendString writes s as a canonical JSON string: only '"', '\\' and
// control characters are escaped, with the short forms where JSON has them
// and lowercase \u00xx otherwise.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		b := s[i]
		if b >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += size
			continue
		}
		switch b {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			if b < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
			} else {
				dst = append(dst, b)
			}
		}
		i++
	}
	return append(dst, '"')
}
