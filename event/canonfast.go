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
	var slot [len(signingKeys)]int // member index + 1; 0: absent
	for k := range ms {
		f := ms[k].field
		switch f {
		case fContent:
			content = k
		case fType:
			if v := ms[k].valText(src); len(v) >= 2 && v[0] == '"' {
				if t, ok := unescapeToken(v); ok {
					typ = t
				}
			}
		}
		// The members that survive (RED-1 less signatures) form a fixed
		// set: place each at its rank in canonical order (CJ-2) instead of
		// sorting.
		if r := f.rank(); r >= 0 && redactKeeps(rules, f) {
			slot[r] = k + 1
		}
	}
	if typ == TypeCreate && rules.RoomIDFromCreateEvent {
		slot[rankRoomID] = 0
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

// appendContentHashCanon appends the content hash input (HASH-C-2, D14,
// HASH-C-3) of the PDU whose scan, with enc.chash set, filled enc: every
// top-level member but unsigned, signatures, hashes, age_ts, outlier and
// destinations, sorted by key (CJ-2), as the general encoder writes it with
// dropForContentHash. It reports false, writing nothing, for a PDU holding
// a float, which the scan does not write (CJ-LAX).
func (enc *encoder) appendContentHashCanon(dst []byte, hasFloat bool) ([]byte, bool) {
	if hasFloat || !enc.chash {
		return dst, false
	}
	ms := enc.members
	order := enc.order[:0]
	for k := range ms {
		if droppedFromContentHash(ms[k].field) {
			continue
		}
		// Insertion sort: a PDU has a dozen members, and keys are unique
		// (X2).
		j := len(order)
		order = append(order, k)
		for ; j > 0 && ms[k].key < ms[order[j-1]].key; j-- {
			order[j] = order[j-1]
		}
		order[j] = k
	}
	enc.order = order
	dst = append(dst, '{')
	for n, k := range order {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, enc.canon[ms[k].cks:ms[k].cve]...)
	}
	return append(dst, '}'), true
}

// droppedFromContentHash reports whether the top-level member f is left
// out of the content hash (HASH-C-2 with DECISIONS D14, EDGE-HASH1).
func droppedFromContentHash(f field) bool {
	switch f {
	case fUnsigned, fSignatures, fHashes, fAgeTS, fOutlier, fDestinations:
		return true
	}
	return false
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
func signingRank(key string) int { return fieldOf(key).rank() }

// field names a top-level key of a PDU that some stage reads. The scan
// classifies each top-level key once (fieldOf), and the field walk, the
// shape checks and the encoders of the signing input and the content hash
// switch on the result instead of comparing the key again. The fields up
// to fType are signingKeys, in the same order.
type field uint8

const (
	fOther field = iota
	fAuthEvents
	fContent
	fDepth
	fEventID
	fHashes
	fMembership
	fOrigin
	fOriginServerTS
	fPrevEvents
	fPrevState
	fRoomID
	fSender
	fStateKey
	fType
	// Keys outside the signing input.
	fSignatures
	fUnsigned
	fRedacts
	fAgeTS
	fOutlier
	fDestinations
)

// rank returns the index of f in signingKeys, or -1.
func (f field) rank() int {
	if f >= fAuthEvents && f <= fType {
		return int(f - fAuthEvents)
	}
	return -1
}

// fieldOf classifies the decoded top-level key key: by length first, so
// that each key costs one or two comparisons.
func fieldOf(key string) field {
	switch len(key) {
	case 4:
		if key == "type" {
			return fType
		}
	case 5:
		if key == "depth" {
			return fDepth
		}
	case 6:
		switch key {
		case "sender":
			return fSender
		case "hashes":
			return fHashes
		case "origin":
			return fOrigin
		case "age_ts":
			return fAgeTS
		}
	case 7:
		switch key {
		case "content":
			return fContent
		case "room_id":
			return fRoomID
		case "redacts":
			return fRedacts
		case "outlier":
			return fOutlier
		}
	case 8:
		switch key {
		case "event_id":
			return fEventID
		case "unsigned":
			return fUnsigned
		}
	case 9:
		if key == "state_key" {
			return fStateKey
		}
	case 10:
		switch key {
		case "signatures":
			return fSignatures
		case "membership":
			return fMembership
		case "prev_state":
			return fPrevState
		}
	case 11:
		switch key {
		case "auth_events":
			return fAuthEvents
		case "prev_events":
			return fPrevEvents
		}
	case 12:
		if key == "destinations" {
			return fDestinations
		}
	case 16:
		if key == "origin_server_ts" {
			return fOriginServerTS
		}
	}
	return fOther
}

// redactKeeps is redactTopKeep for a classified key.
func redactKeeps(r redaction, f field) bool {
	switch f {
	case fEventID, fType, fRoomID, fSender, fStateKey, fContent, fHashes,
		fSignatures, fDepth, fPrevEvents, fAuthEvents, fOriginServerTS:
		return true
	case fPrevState, fOrigin, fMembership:
		return !r.Redaction.DropOriginMembershipPrevState
	}
	return false
}
