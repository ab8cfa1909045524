package event

// The reference-hash input from the scan's own output (HASH-R-1..3): the
// scan of a PDU (scanTop with an encoder) writes the canonical JSON of
// every top-level value as it validates it, nested objects sorted (CJ-1..3,
// CJ-STRICT integers, `-0` as 0), and records where each top-level member
// and each member of the content object lies in that text. Redacting and
// dropping signatures and unsigned is then a matter of choosing and
// ordering those spans (RED-1..3), so parse + event ID costs one pass over
// the PDU, copies of the kept bytes and one SHA-256.

// appendSigningCanon appends the redacted signing input (the reference
// hash input; see redactForSigning) of the PDU text src whose scan filled
// enc, as
// the general encoder (finishTop) writes it, with the redaction algorithm
// of rules. It reports false, writing nothing, when the PDU needs the
// general encoder: a float (CJ-LAX rewrites it) or a nested whitelist
// (RED-11-TPI).
func (enc *encoder) appendSigningCanon(dst []byte, src string, rules redaction, hasFloat bool) ([]byte, bool) {
	if hasFloat {
		return dst, false
	}
	out, ms := enc.canon, enc.members
	typ, content := "", -1
	for k := range ms {
		switch ms[k].key {
		case "content":
			content = k
		case "type":
			if v := ms[k].valText(src); len(v) >= 2 && v[0] == '"' {
				if t, ok := unescapeToken(v); ok {
					typ = t
				}
			}
		}
	}
	dropRoomID := typ == TypeCreate && rules.RoomIDFromCreateEvent
	sel := enc.sel[:0]
	for k := range ms {
		if !keepTop(redactForSigning, rules, ms[k].key) || (dropRoomID && ms[k].key == "room_id") {
			continue
		}
		sel = append(sel, k)
	}
	if content < 0 {
		sel = append(sel, -1) // content is always written (RED-1)
	}
	// Sort by key (CJ-2); -1 stands for the missing content.
	key := func(k int) string {
		if k < 0 {
			return "content"
		}
		return ms[k].key
	}
	for i := 1; i < len(sel); i++ {
		k, kk := sel[i], key(sel[i])
		j := i
		for ; j > 0 && kk < key(sel[j-1]); j-- {
			sel[j] = sel[j-1]
		}
		sel[j] = k
	}
	enc.sel = sel
	set := keepNothing
	if content >= 0 {
		if c := out[ms[content].cvs:ms[content].cve]; c[0] == '{' {
			set = contentKeys(rules, typ)
		}
	}
	if set == keepMemberContent && rules.Redaction.KeepMemberThirdPartyInviteSigned {
		for _, c := range enc.content {
			if c.key == "third_party_invite" {
				return dst, false // RED-11-TPI filters inside it
			}
		}
	}
	dst = append(dst, '{')
	for n, k := range sel {
		if n > 0 {
			dst = append(dst, ',')
		}
		if k < 0 {
			dst = append(dst, `"content":{}`...)
			continue
		}
		m := &ms[k]
		if k != content {
			dst = append(dst, out[m.cks:m.cve]...)
			continue
		}
		dst = append(dst, out[m.cks:m.cvs]...)
		switch set {
		case keepNothing:
			dst = append(dst, '{', '}')
		case keepWhole:
			dst = append(dst, out[m.cvs:m.cve]...)
		default:
			dst = append(dst, '{')
			first := true
			for _, c := range enc.content {
				if keep, _ := keepKey(rules, set, c.key, ""); !keep {
					continue
				}
				if !first {
					dst = append(dst, ',')
				}
				first = false
				dst = append(dst, out[c.ks:c.ve]...)
			}
			dst = append(dst, '}')
		}
	}
	return append(dst, '}'), true
}
