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
	// The members that survive (RED-1 less signatures) form a fixed set:
	// place each at its rank in canonical order (CJ-2) instead of sorting.
	dropRoomID := typ == TypeCreate && rules.RoomIDFromCreateEvent
	var slot [len(signingKeys)]int // member index + 1; 0: absent
	for k := range ms {
		r := signingRank(ms[k].key)
		if r < 0 || !redactTopKeep(rules, ms[k].key) || (dropRoomID && r == rankRoomID) {
			continue
		}
		slot[r] = k + 1
	}
	set := keepNothing
	if content >= 0 {
		// The scan wrote content unless redaction empties it (see wanted).
		if c := ms[content].valText(src); c[0] == '{' {
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
	n := 0
	for r, k := range slot {
		if k == 0 && r != rankContent {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		if k == 0 {
			dst = append(dst, `"content":{}`...) // content is always written (RED-1)
			continue
		}
		k--
		m := &ms[k]
		if k != content {
			dst = append(dst, out[m.cks:m.cve]...)
			continue
		}
		dst = append(dst, `"content":`...)
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

// signingKeys are the top-level keys that can survive into the signing
// input, redaction's RED-1 whitelist less signatures, in canonical order
// (CJ-2); redactTopKeep says which of them a version keeps.
var signingKeys = [...]string{"auth_events", "content", "depth", "event_id", "hashes", "membership",
	"origin", "origin_server_ts", "prev_events", "prev_state", "room_id", "sender", "state_key", "type"}

const (
	rankContent = 1
	rankRoomID  = 10
)

// signingRank returns the index of key in signingKeys, or -1.
func signingRank(key string) int {
	switch key {
	case "auth_events":
		return 0
	case "content":
		return rankContent
	case "depth":
		return 2
	case "event_id":
		return 3
	case "hashes":
		return 4
	case "membership":
		return 5
	case "origin":
		return 6
	case "origin_server_ts":
		return 7
	case "prev_events":
		return 8
	case "prev_state":
		return 9
	case "room_id":
		return rankRoomID
	case "sender":
		return 11
	case "state_key":
		return 12
	case "type":
		return 13
	}
	return -1
}
