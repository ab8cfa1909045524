package auth

import "strings"

// mapPairs calls f for every key present in the object a or the object b
// (a value that is not an object has no keys), with the key's value on
// each side ("" where absent), until f returns false. Keys are visited in
// no particular order.
//
// A power-levels change compares whole users maps, which in a large room
// hold thousands of entries, so pairing must not be quadratic in the text.
// Small objects (the common case) are read once into arrays on the stack
// and paired there. Larger ones whose keys are unescaped and strictly
// increasing (as canonical JSON, and so nearly every server, writes them)
// are merged in one pass; any others are paired through a map.
func mapPairs(a, b jv, f func(key string, av, bv jv) bool) {
	if !a.isObject() {
		a = ""
	}
	if !b.isObject() {
		b = ""
	}
	var ka, kb [smallObject]string
	var va, vb [smallObject]jv
	na, smallA := collectSmall(a, &ka, &va)
	nb, smallB := collectSmall(b, &kb, &vb)
	if smallA && smallB {
		pairSmall(ka[:na], va[:na], kb[:nb], vb[:nb], f)
		return
	}
	nb, sortedB := objectShape(b)
	if _, sortedA := objectShape(a); sortedA && sortedB {
		mergePairs(a, b, f)
		return
	}
	indexPairs(a, b, nb, f)
}

// smallObject is the member count up to which objects are paired on the
// stack.
const smallObject = 16

// collectSmall reads the members of v (decoded keys, raw values) into k
// and vals; ok is false when v has more than smallObject members.
func collectSmall(v jv, k *[smallObject]string, vals *[smallObject]jv) (n int, ok bool) {
	if v == "" {
		return 0, true
	}
	s := string(v)
	for m, i, more := nextMember(s, 1); more; m, i, more = nextMember(s, i) {
		if n == smallObject {
			return 0, false
		}
		k[n], vals[n] = m.unescapedKey(), jv(m.raw)
		n++
	}
	return n, true
}

// pairSmall pairs two small member lists by key.
func pairSmall(ka []string, va []jv, kb []string, vb []jv, f func(string, jv, jv) bool) {
	var seen [smallObject]bool
	for i, k := range ka {
		var bv jv
		for j := range kb {
			if kb[j] == k {
				bv, seen[j] = vb[j], true // the last of a repeated key wins
			}
		}
		if !f(k, va[i], bv) {
			return
		}
	}
	for j, k := range kb {
		if !seen[j] && !f(k, "", vb[j]) {
			return
		}
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
