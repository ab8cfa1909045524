package auth

import "strings"

// mapPairs calls f for every key present in the object a or the object b
// (a value that is not an object has no keys), with the key's value on
// each side ("" where absent), until f returns false. Keys are visited in
// no particular order.
//
// A power-levels change compares whole users maps, which in a large room
// hold thousands of entries, so pairing must not be quadratic. When both
// objects list their keys in strictly increasing order without escapes (as
// canonical JSON, and so nearly every server, writes them) the two are
// merged in one pass. Otherwise small objects are paired by search and
// large ones through a map.
func mapPairs(a, b jv, f func(key string, av, bv jv) bool) {
	if !a.isObject() {
		a = ""
	}
	if !b.isObject() {
		b = ""
	}
	na, sortedA := objectShape(a)
	nb, sortedB := objectShape(b)
	switch {
	case sortedA && sortedB:
		mergePairs(a, b, f)
	case na*nb <= 1024:
		searchPairs(a, b, f)
	default:
		indexPairs(a, b, nb, f)
	}
}

// objectShape counts the members of an object and reports whether its
// keys are unescaped and strictly increasing.
func objectShape(v jv) (n int, sorted bool) {
	if v == "" {
		return 0, true
	}
	s := string(v)
	sorted = true
	prev := ""
	for m, i, ok := nextMember(s, 1); ok; m, i, ok = nextMember(s, i) {
		if m.escaped || (n > 0 && m.key <= prev) {
			sorted = false
		}
		prev = m.key
		n++
	}
	return n, sorted
}

func mergePairs(a, b jv, f func(string, jv, jv) bool) {
	sa, sb := string(a), string(b)
	ma, ia, okA := nextMember(sa, 1)
	mb, ib, okB := nextMember(sb, 1)
	for okA || okB {
		switch {
		case okA && (!okB || ma.key < mb.key):
			if !f(ma.key, jv(ma.raw), "") {
				return
			}
			ma, ia, okA = nextMember(sa, ia)
		case okB && (!okA || mb.key < ma.key):
			if !f(mb.key, "", jv(mb.raw)) {
				return
			}
			mb, ib, okB = nextMember(sb, ib)
		default: // same key on both sides
			if !f(ma.key, jv(ma.raw), jv(mb.raw)) {
				return
			}
			ma, ia, okA = nextMember(sa, ia)
			mb, ib, okB = nextMember(sb, ib)
		}
	}
}

func searchPairs(a, b jv, f func(string, jv, jv) bool) {
	sa, sb := string(a), string(b)
	for m, i, ok := nextMember(sa, 1); ok; m, i, ok = nextMember(sa, i) {
		k := m.unescapedKey()
		if !f(k, jv(m.raw), b.get(k)) {
			return
		}
	}
	for m, i, ok := nextMember(sb, 1); ok; m, i, ok = nextMember(sb, i) {
		k := m.unescapedKey()
		if a.get(k).exists() {
			continue
		}
		if !f(k, "", jv(m.raw)) {
			return
		}
	}
}

func indexPairs(a, b jv, nb int, f func(string, jv, jv) bool) {
	sa, sb := string(a), string(b)
	inB := make(map[string]jv, nb)
	for m, i, ok := nextMember(sb, 1); ok; m, i, ok = nextMember(sb, i) {
		inB[strings.Clone(m.unescapedKey())] = jv(m.raw)
	}
	for m, i, ok := nextMember(sa, 1); ok; m, i, ok = nextMember(sa, i) {
		k := m.unescapedKey()
		bv, found := inB[k]
		if found {
			delete(inB, k)
		}
		if !f(k, jv(m.raw), bv) {
			return
		}
	}
	for m, i, ok := nextMember(sb, 1); ok; m, i, ok = nextMember(sb, i) {
		k := m.unescapedKey()
		if bv, found := inB[k]; found {
			if !f(k, "", bv) {
				return
			}
		}
	}
}
