package auth

import (
	"github.com/mxauth/mxauth/internal/jsonread"
	"strings"
)

// region is a run of members of a JSON object text s: those whose key
// starts at or after from and before to. The whole object is
// region{s, 1, len(s)}; a power-levels change compares only the regions
// where the old and new objects differ (see mapDiff).
type region struct {
	s        string
	from, to int
}

// objectRegion is every member of the object v (none for a value that is
// not an object).
func objectRegion(v jv) region {
	if !v.IsObject() {
		return region{}
	}
	return region{s: string(v), from: 1, to: len(v)}
}

// next reads the member at or after i (skipping a ','), or ok false at the
// end of the region.
func (r region) next(i int) (m objMember, end int, ok bool) {
	if i < 0 || r.s == "" {
		return m, -1, false
	}
	j := jsonread.SkipSpace(r.s, i)
	if j < len(r.s) && r.s[j] == ',' {
		j = jsonread.SkipSpace(r.s, j+1)
	}
	if j >= r.to {
		return m, -1, false
	}
	return jsonread.MemberAt(r.s, j)
}

// first reads the region's first member.
func (r region) first() (objMember, int, bool) { return r.next(r.from) }

// mapPairs calls f for every key present in the object a or the object b
// (a value that is not an object has no keys), with the key's value on
// each side ("" where absent), until f returns false. Keys are visited in
// no particular order.
func mapPairs(a, b jv, f func(key string, av, bv jv) bool) {
	pairRegions(objectRegion(a), objectRegion(b), f)
}

// pairRegions is mapPairs over two member regions, whose keys are unique
// within each (parsed events hold no duplicate keys, DECISIONS X2).
//
// A power-levels change compares users maps, which in a large room hold
// thousands of entries, so pairing must not be quadratic in the text.
// Small regions (the common case) are read once into arrays on the stack
// and paired there. Larger ones whose keys are unescaped and strictly
// increasing (as canonical JSON, and so nearly every server, writes them)
// are merged in one pass; any others are paired through a map.
func pairRegions(a, b region, f func(key string, av, bv jv) bool) {
	pairShaped(a, b, shapeUnknown, shapeUnknown, f)
}

// shape is what is known of a region's members before pairing: their
// count and whether their keys are unescaped and strictly increasing.
type shape struct {
	n      int
	sorted bool
	known  bool
}

var shapeUnknown = shape{}

// pairShaped is pairRegions with the shapes of a and b when the caller
// already knows them (unknown ones are measured).
func pairShaped(a, b region, sa, sb shape, f func(key string, av, bv jv) bool) {
	if sa.known && sb.known && sa.n > smallObject && sb.n > smallObject {
		if sa.sorted && sb.sorted {
			mergePairs(a, b, f)
		} else {
			indexPairs(a, b, sb.n, f)
		}
		return
	}
	var ka, kb [smallObject]string
	var va, vb [smallObject]jv
	na, smallA := collectSmall(a, &ka, &va)
	nb, smallB := collectSmall(b, &kb, &vb)
	if smallA && smallB {
		pairSmall(ka[:na], va[:na], kb[:nb], vb[:nb], f)
		return
	}
	nb, sortedB := regionShape(b)
	if _, sortedA := regionShape(a); sortedA && sortedB {
		mergePairs(a, b, f)
		return
	}
	indexPairs(a, b, nb, f)
}

// smallObject is the member count up to which objects are paired on the
// stack.
const smallObject = 16

// collectSmall reads the members of r (decoded keys, raw values) into k
// and vals; ok is false when r has more than smallObject members.
func collectSmall(r region, k *[smallObject]string, vals *[smallObject]jv) (n int, ok bool) {
	for m, i, more := r.first(); more; m, i, more = r.next(i) {
		if n == smallObject {
			return 0, false
		}
		k[n], vals[n] = m.UnescapedKey(), jv(m.Raw)
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
				bv, seen[j] = vb[j], true
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

// regionShape counts the members of a region and reports whether its keys
// are unescaped and strictly increasing.
func regionShape(r region) (n int, sorted bool) {
	sorted = true
	prev := ""
	for m, i, ok := r.first(); ok; m, i, ok = r.next(i) {
		if m.Escaped || (n > 0 && m.Key <= prev) {
			sorted = false
		}
		prev = m.Key
		n++
	}
	return n, sorted
}

// scan walks the members of the region in place, as ScanMembers does for
// a whole object.
func (r region) scan() memberScan {
	if r.s == "" {
		return jsonread.ScanMembers("", -1)
	}
	return jsonread.ScanRegion(r.s, r.from, r.to)
}

// mergePairs pairs two regions whose keys are unescaped and strictly
// increasing, in one pass over each.
func mergePairs(a, b region, f func(string, jv, jv) bool) {
	ia, ib := a.scan(), b.scan()
	okA, okB := ia.Next(), ib.Next()
	for okA || okB {
		switch {
		case okA && okB && ia.Key == ib.Key:
			if !f(ia.Key, jv(ia.Val), jv(ib.Val)) {
				return
			}
			okA, okB = ia.Next(), ib.Next()
		case okA && (!okB || ia.Key < ib.Key):
			if !f(ia.Key, jv(ia.Val), "") {
				return
			}
			okA = ia.Next()
		default:
			if !f(ib.Key, "", jv(ib.Val)) {
				return
			}
			okB = ib.Next()
		}
	}
}

func indexPairs(a, b region, nb int, f func(string, jv, jv) bool) {
	inB := make(map[string]jv, nb)
	for m, i, ok := b.first(); ok; m, i, ok = b.next(i) {
		inB[strings.Clone(m.UnescapedKey())] = jv(m.Raw)
	}
	for m, i, ok := a.first(); ok; m, i, ok = a.next(i) {
		k := m.UnescapedKey()
		bv, found := inB[k]
		if found {
			delete(inB, k)
		}
		if !f(k, jv(m.Raw), bv) {
			return
		}
	}
	for m, i, ok := b.first(); ok; m, i, ok = b.next(i) {
		k := m.UnescapedKey()
		if bv, found := inB[k]; found {
			if !f(k, "", bv) {
				return
			}
		}
	}
}
