package event

// The reference-hash input from the scan's own output (HASH-R-1..3): the
// scan of a PDU (scanTop with an encoder) writes the canonical JSON of
// every top-level value as it validates it, nested objects sorted (CJ-1..3,
// CJ-STRICT integers, `-0` as 0), and records where each top-level member
// and each member of the content object lies in that text. Redacting and
// dropping signatures and unsigned is then a matter of choosing and
// ordering those spans (RED-1..3), so parse + event ID costs one pass over
// the PDU, copies of the kept bytes and one SHA-256.

// signingPlan is what appendSigningCanon writes: the member (index + 1
// into encoder.members, 0 for absent) at each rank of signingKeys, the
// content member (-1: none) and its redaction whitelist.
type signingPlan struct {
	slot    [len(signingKeys)]int
	content int
	set     keySet
}

// appendSigningCanon appends the redacted signing input (the reference
// hash input; see redactForSigning) of the PDU text src whose scan filled
// enc, as the general encoder (finishTop) writes it, with the redaction
// algorithm of rules. It reports false, writing nothing, when the PDU needs
// the general encoder: a float (CJ-LAX rewrites it) or a nested whitelist
// (RED-11-TPI).
func (enc *encoder) appendSigningCanon(dst []byte, src string, rules redaction, hasFloat bool) ([]byte, bool) {
	var p signingPlan
	if !enc.planSigning(&p, src, &rules, hasFloat) {
		return dst, false
	}
	dst, _ = enc.writeSigning(dst, &p, &rules, 0)
	return dst, true
}

// planSigning fills p for appendSigningCanon, reporting false when the
// PDU needs the general encoder. rules are those of the scan that filled
// enc, which placed the members it recorded (scanner.record).
func (enc *encoder) planSigning(p *signingPlan, src string, rules *redaction, hasFloat bool) bool {
	if hasFloat {
		return false
	}
	ms := enc.members
	typ, content := enc.typ, enc.plan.content
	// The members that survive (RED-1 less signatures) form a fixed set,
	// each at its rank in canonical order (CJ-2) instead of sorted.
	p.slot = enc.plan.slot
	if typ == TypeCreate && rules.RoomIDFromCreateEvent {
		p.slot[rankRoomID] = 0
	}
	p.content, p.set = content, keepNothing
	if content >= 0 {
		// The scan wrote content unless redaction empties it (see wanted).
		if c := ms[content].valText(src); c[0] == '{' {
			p.set = contentKeys(rules, typ)
		}
	}
	if p.set == keepMemberContent && rules.Redaction.KeepMemberThirdPartyInviteSigned {
		for k := range enc.content {
			if enc.ckey(&enc.content[k]) == "third_party_invite" {
				return false // RED-11-TPI filters inside it
			}
		}
	}
	return true
}

// writeSigning appends the signing input p plans and returns, beside it,
// the length dst had once the first shared members were written (just
// after the opening brace when shared is 0).
func (enc *encoder) writeSigning(dst []byte, p *signingPlan, rules *redaction, shared int) ([]byte, int) {
	ms := enc.members
	dst = append(dst, '{')
	cut := len(dst)
	n := 0
	for r, k := range p.slot {
		if k == 0 && r != rankContent {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		if k == 0 {
			dst = append(dst, `"content":{}`...) // content is always written (RED-1)
		} else if k--; k != p.content {
			dst = enc.appendMember(dst, &ms[k])
		} else {
			dst = enc.appendRedactedContent(dst, &ms[k], p.set, rules)
		}
		if n == shared {
			cut = len(dst)
		}
	}
	return append(dst, '}'), cut
}

// appendRedactedContent appends the content member m through the
// whitelist set (RED-2).
func (enc *encoder) appendRedactedContent(dst []byte, m *member, set keySet, rules *redaction) []byte {
	out := enc.canon
	dst = append(dst, `"content":`...)
	switch set {
	case keepNothing:
		return append(dst, '{', '}')
	case keepWhole:
		if m.cks == srcMember {
			return append(dst, enc.src[m.vs:m.ve]...)
		}
		return append(dst, out[m.cvs:m.cve]...)
	}
	dst = append(dst, '{')
	first := true
	for k := range enc.content {
		c := &enc.content[k]
		if keep, _ := keepKey(rules, set, enc.ckey(c), ""); !keep {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, out[c.ks:c.ve]...)
	}
	return append(dst, '}')
}

// contentWhole reports whether the whitelist set keeps every member of
// the content the scan collected, so that the redacted content is the
// content as written.
func (enc *encoder) contentWhole(set keySet, rules *redaction) bool {
	switch set {
	case keepWhole:
		return true
	case keepNothing:
		return false
	}
	for k := range enc.content {
		if keep, _ := keepKey(rules, set, enc.ckey(&enc.content[k]), ""); !keep {
			return false
		}
	}
	return true
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
	enc.contentHashOrder()
	return enc.writeContentHash(append(dst, '{'), 0), true
}

// contentHashOrder sets enc.order to the indexes of the members the
// content hash reads, sorted by key.
func (enc *encoder) contentHashOrder() {
	ms := enc.members
	order := enc.order[:0]
	// Known keys have a fixed canonical order (CJ-2): the signing keys'
	// ranks, with redacts between prev_state and room_id. Only a PDU with
	// another key sorts by comparing keys.
	var slot [2 * len(signingKeys)]int // member index + 1
	known := true
	for k := range ms {
		switch f := ms[k].field; {
		case droppedFromContentHash(f):
		case f == fRedacts:
			slot[2*fPrevState.rank()+1] = k + 1
		case f.rank() >= 0:
			slot[2*f.rank()] = k + 1
		default:
			known = false
		}
	}
	if known {
		for _, k := range slot {
			if k > 0 {
				order = append(order, k-1)
			}
		}
		enc.order = order
		return
	}
	for k := range ms {
		if droppedFromContentHash(ms[k].field) {
			continue
		}
		// Insertion sort: a PDU has a dozen members, and keys are unique
		// (X2).
		j := len(order)
		order = append(order, k)
		for ; j > 0 && ms[k].name() < ms[order[j-1]].name(); j-- {
			order[j] = order[j-1]
		}
		order[j] = k
	}
	enc.order = order
}

// writeContentHash appends the members enc.order[from:] of the content
// hash input and its closing brace to dst, which holds the input up to
// them.
func (enc *encoder) writeContentHash(dst []byte, from int) []byte {
	ms := enc.members
	for n := from; n < len(enc.order); n++ {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = enc.appendMember(dst, &ms[enc.order[n]])
	}
	return append(dst, '}')
}

// srcMember in member.cks marks a top-level member the scan did not
// copy into the canonical text: a string, number or literal that is
// canonical as written, whose value is src[vs:ve] (cvs and cve too).
const srcMember = -1

// appendMember appends the top-level member m as canonical JSON,
// `"key":value`: from the canonical text the scan wrote, or for a
// srcMember its key and the value as written in the PDU text.
func (enc *encoder) appendMember(dst []byte, m *member) []byte {
	if m.cks != srcMember {
		return append(dst, enc.canon[m.cks:m.cve]...)
	}
	if m.field != fOther {
		dst = append(dst, quotedKeys[m.field]...)
	} else {
		// The short path of the top level reads only keys without
		// escapes: as written, they are canonical.
		dst = append(dst, '"')
		dst = append(dst, m.key...)
		dst = append(dst, '"', ':')
	}
	return append(dst, enc.src[m.vs:m.ve]...)
}

// quotedKeys are the fields' keys as they begin a member of canonical
// JSON, `"key":`, by field.
var quotedKeys = func() (t [len(fieldNames)]string) {
	for f, name := range fieldNames {
		if name != "" {
			t[f] = `"` + name + `":`
		}
	}
	return t
}()

// sharedMembers returns how many members the signing input p plans and
// the content hash input enc.order begin with alike: both are sorted, and
// the content hash input leaves out hashes but keeps the keys redaction
// drops, so they agree up to the first member one has and the other does
// not, or a content redaction changes.
func (enc *encoder) sharedMembers(p *signingPlan, rules *redaction) int {
	n := 0
	for r, k := range p.slot {
		if k == 0 && r != rankContent {
			continue
		}
		if k == 0 || n >= len(enc.order) || enc.order[n] != k-1 {
			return n
		}
		if k-1 == p.content && !enc.contentWhole(p.set, rules) {
			return n
		}
		n++
	}
	return n
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

// fieldNames are the keys of the fields, by field (fOther has none).
var fieldNames = [...]string{fAuthEvents: "auth_events", fContent: "content", fDepth: "depth",
	fEventID: "event_id", fHashes: "hashes", fMembership: "membership", fOrigin: "origin",
	fOriginServerTS: "origin_server_ts", fPrevEvents: "prev_events", fPrevState: "prev_state",
	fRoomID: "room_id", fSender: "sender", fStateKey: "state_key", fType: "type",
	fSignatures: "signatures", fUnsigned: "unsigned", fRedacts: "redacts", fAgeTS: "age_ts",
	fOutlier: "outlier", fDestinations: "destinations"}

// recordKey is the key a top-level member record of the scan keeps: none
// for a classified key, whose name its field gives (see member.name), so
// that filling the records stores fewer pointers (each one a write
// barrier while the garbage collector marks).
func recordKey(f field, key string) string {
	if f != fOther {
		return ""
	}
	return key
}

// name returns the member's decoded key, for the records of the scan too
// (see recordKey).
func (m *member) name() string {
	if m.field != fOther {
		return fieldNames[m.field]
	}
	return m.key
}

// nameRecords gives the scan's top-level member records their keys, for
// the general encoder, which reads member.key.
func (enc *encoder) nameRecords() {
	for k := range enc.members {
		enc.members[k].key = enc.members[k].name()
	}
}

// redactKeeps is redactTopKeep for a classified key.
func redactKeeps(r *redaction, f field) bool {
	switch f {
	case fEventID, fType, fRoomID, fSender, fStateKey, fContent, fHashes,
		fSignatures, fDepth, fPrevEvents, fAuthEvents, fOriginServerTS:
		return true
	case fPrevState, fOrigin, fMembership:
		return !r.Redaction.DropOriginMembershipPrevState
	}
	return false
}
