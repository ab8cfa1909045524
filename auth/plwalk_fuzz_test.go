package auth

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mxauth/mxauth/roomversion"
)

// FuzzFusedWalk splices arbitrary text into a large sorted users object
// and checks the fused walk (diffJudged) against the two-pass path it
// replaces (diffObjects, then pairShaped judging every changed pair with
// levelFailure): the same alignment, the same first bad user and bad
// value, and the same first failure in plOrder (kind, key and values), for
// several sender levels and room versions.
func FuzzFusedWalk(f *testing.F) {
	f.Add(uint8(0), 300, 0, `"@x:y":1,`, int64(50))
	f.Add(uint8(1), 500, 3, `0`, int64(0))
	f.Add(uint8(2), 900, 20, `,"@u0069:x":5`, int64(100))
	f.Add(uint8(3), 200, 1, ` `, int64(10))
	f.Add(uint8(0), 40, 400, `"@u0001:x":"7", "nouser" : 1.5`, int64(60))
	vers := []roomversion.Version{roomversion.V1(), roomversion.V7(), roomversion.V10(), roomversion.V12()}
	parts := make([]string, 70)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"@u%04d:x":%d`, i, i)
	}
	old := "{" + strings.Join(parts, ",") + "}"
	f.Fuzz(func(t *testing.T, vi uint8, at, cut int, frag string, ul int64) {
		if at < 1 || at >= len(old) || cut < 0 || at+cut >= len(old) {
			return
		}
		nw := old[:at] + frag + old[at+cut:]
		if !utf8.ValidString(nw) {
			return
		}
		var m map[string]any
		if json.Unmarshal([]byte(nw), &m) != nil {
			return
		}
		if n, _ := regionShape(objectRegion(jv(nw))); n != len(m) {
			return // a repeated key, which parsed events never hold
		}
		rv := vers[int(vi)%len(vers)]
		g := grammarOf(&rv)
		tab := newObjTable(jv(old), &rv)
		sender := "@u0030:x"
		pj := pairJudge{ul: IntLevel(ul), sender: sender, users: true, group: groupUsers, rules: [2]RuleID{RulePL6, RulePL7}, name: "users"}
		if rv.PrivilegedCreators {
			pj.creators = creatorSet{on: true, sender: "@u0040:x"}
		}
		d, ok := diffJudged(tab, jv(nw), g, &pj)
		ref, refOK := diffObjects(tab, jv(nw), g)
		if ok != refOK {
			t.Fatalf("aligned: fused %v, two-pass %v\nnew %s", ok, refOK, nw)
		}
		if !ok {
			return
		}
		if d.badUser != ref.badUser || d.badValue != ref.badValue {
			t.Fatalf("bad members: fused %d %d, two-pass %d %d\nnew %s", d.badUser, d.badValue, ref.badUser, ref.badValue, nw)
		}
		if !d.fused {
			return // left to the two-pass path: the same by construction
		}
		c := checker{v: rv}
		var want failure
		creatorAt := -1
		for mem, i, more := ref.nw.first(); more; mem, i, more = ref.nw.next(i) {
			if creatorAt < 0 && pj.creators.on && mem.UnescapedKey() == pj.creators.sender {
				creatorAt = i - len(mem.Raw) - len(mem.Key) - 2 - gapBefore(nw, i-len(mem.Raw))
			}
		}
		pairShaped(ref.old, ref.nw, ref.oldShape, ref.newShape, func(k string, o, n jv) bool {
			want.consider(c.levelFailure(o, n, pj.ul, k != sender), groupUsers, 0, k, pj.rules, "users", o, n)
			return true
		})
		got := d.pf
		if got.kind != want.kind || got.key != want.key || got.oldV != want.oldV || got.newV != want.newV || got.rank != want.rank {
			t.Fatalf("first failure: fused %v %q %q→%q, two-pass %v %q %q→%q\nnew %s", got.kind, got.key, got.oldV, got.newV, want.kind, want.key, want.oldV, want.newV, nw)
		}
		if pj.creators.on && d.creatorAt != creatorAt {
			t.Fatalf("creator at: fused %d, reading the region %d\nnew %s", d.creatorAt, creatorAt, nw)
		}
	})
}

// TestFusedWalkTakesSortedEdits checks that the fuzz target's edits of a
// sorted object are judged by the fused walk, so that FuzzFusedWalk
// compares it, and that an unsorted new region is left to the two-pass
// path.
func TestFusedWalkTakesSortedEdits(t *testing.T) {
	rv := roomversion.V7()
	parts := make([]string, 70)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"@u%04d:x":%d`, i, i)
	}
	old := "{" + strings.Join(parts, ",") + "}"
	tab := newObjTable(jv(old), &rv)
	pj := pairJudge{ul: IntLevel(50), sender: "@u0030:x", users: true, group: groupUsers, rules: [2]RuleID{RulePL6, RulePL7}, name: "users"}
	edited := strings.Replace(old, `"@u0010:x":10,"@u0011:x":11`, `"@u0010:x":70,"@u0011:x":11,"@u0011a:x":3`, 1)
	d, ok := diffJudged(tab, jv(edited), grammarOf(&rv), &pj)
	if !ok || !d.fused {
		t.Fatalf("a sorted edit: aligned %v, fused %v", ok, d.fused)
	}
	if d.pf.kind != failNew || d.pf.key != "@u0010:x" {
		t.Fatalf("a raise to 70 above 50: got %v %q", d.pf.kind, d.pf.key)
	}
	swapped := strings.Replace(old, `"@u0010:x":10,"@u0011:x":11`, `"@u0011:x":11,"@u0010:x":10`, 1)
	if d, ok := diffJudged(tab, jv(swapped), grammarOf(&rv), &pj); !ok || d.fused {
		t.Fatalf("an unsorted edit: aligned %v, fused %v", ok, d.fused)
	}
}
