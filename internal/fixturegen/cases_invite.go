package fixturegen

import (
	"crypto/ed25519"
	"encoding/base64"
)

// spec-member-invite: MEMBER-INVITE-1..4, EDGE-H12.
// spec-third-party-invite: MEMBER-INVITE-TPI-1..8, EDGE-M6..M9, D17.

func inviteCases() []*Room {
	var out []*Room
	const f = "spec-member-invite"

	r := NewRoom(f, "spec-member-invite-basic-v4", "4",
		"MEMBER-INVITE-1..3 (EDGE-H12): with no invite key the invite level is 0, so any joined member may invite. The inviter must be joined (INVITE-1); the target must not be joined or banned (INVITE-2, which also rejects a self-invite); an invited user may be invited again.")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("bob-invites-carol", Bob, Carol, "invite", Allow("MEMBER-INVITE-3", "bob is joined (MEMBER-INVITE-1), carol has no membership (MEMBER-INVITE-2), bob (0) >= invite level, which defaults to 0 (EDGE-H12)"))
	r.Member("bob-reinvites-carol", Bob, Carol, "invite", Allow("MEMBER-INVITE-3", "invite -> invite (re-invite)"))
	r.Member("carol-invites-dave", Carol, Dave, "invite", Alt(), Reject("MEMBER-INVITE-1", "carol is only invited, not joined"))
	r.Member("eve-invites-dave", Eve, Dave, "invite", Alt(), Reject("MEMBER-INVITE-1", "eve has no membership"))
	r.Member("bob-invites-alice", Bob, Alice, "invite", Alt(), Reject("MEMBER-INVITE-2", "alice is joined"))
	r.Member("bob-invites-bob", Bob, Bob, "invite", Alt(), Reject("MEMBER-INVITE-2", "a self-invite: the target (bob) is joined"))
	r.Member("frank-ban", Alice, Frank, "ban", Allow("MEMBER-BAN-2", "alice bans frank"))
	r.Member("bob-invites-frank", Bob, Frank, "invite", Alt(), Reject("MEMBER-INVITE-2", "frank is banned"))
	r.Member("bob-leave", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "bob leaves"))
	r.Member("bob-invites-dave", Bob, Dave, "invite", Alt(), Reject("MEMBER-INVITE-1", "bob has left"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-invite-level-v1", "1",
		"MEMBER-INVITE-3/4: with invite 50 only members at level 50 or more may invite.")
	r.Setup(Obj{Carol: 50, Dave: 49}, "public")
	r.PL("pl-invite", Alice, Obj{"users": Obj{Alice: 100, Carol: 50, Dave: 49}, "invite": 50}, Allow("PL-8", "alice sets invite to 50"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("dave-join", Dave, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("bob-invites", Bob, Eve, "invite", Alt(), Reject("MEMBER-INVITE-4", "bob (0) < invite 50: MEMBER-INVITE-3 does not allow"))
	r.Member("dave-invites", Dave, Eve, "invite", Alt(), Reject("MEMBER-INVITE-4", "dave (49) < invite 50"))
	r.Member("carol-invites", Carol, Eve, "invite", Allow("MEMBER-INVITE-3", "carol (50) >= invite 50; allowed before MEMBER-INVITE-4"))
	out = append(out, r)

	return append(out, tpiCases()...)
}

// tpiEvent adds an m.room.third_party_invite event whose public key is the
// identity server's, with extra content merged in.
func (r *Room) tpiEvent(name, sender, token string, extra Obj, opts ...Opt) *Event {
	c := Obj{"display_name": "b...@example.com", "key_validity_url": "https://id.example.org/_matrix/identity/v2/pubkey/isvalid",
		"public_key": PublicKey("id.example.org")}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return r.Add(name, "m.room.third_party_invite", sender, append([]Opt{SK(token), Content(c)}, opts...)...)
}

// tpiInvite adds the member invite completing a third-party invite.
func (r *Room) tpiInvite(name, sender, target string, signed any, opts ...Opt) *Event {
	c := Obj{"membership": "invite", "third_party_invite": Obj{"display_name": "b...@example.com", "signed": signed}}
	return r.Member(name, sender, target, "invite", append([]Opt{Content(c)}, opts...)...)
}

func tpiCases() []*Room {
	const f = "spec-third-party-invite"
	var out []*Room

	r := NewRoom(f, "spec-third-party-invite-rules-v2", "2",
		"MEMBER-INVITE-TPI-1..8 (EDGE-M9): completing a third-party invite. Allowed when signed.mxid is the target and the identity server's signature verifies with the public key of the m.room.third_party_invite event named by the token, sent by the same user (TPI-7). Rejected: banned target (TPI-1), no signed (TPI-2), signed without mxid or token (TPI-3), mxid != state_key (TPI-4), no event for the token (TPI-5), a different sender (TPI-6), a signature that does not verify (TPI-8).")
	r.Setup(Obj{Bob: 50}, "invite")
	r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice invites bob"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-4", "invited"))
	r.tpiEvent("tpi", Alice, "tok1", nil, Allow("TPI-1", "alice (100) >= invite 0"))
	r.tpiEvent("tpi-bob", Bob, "tok2", nil, Allow("TPI-1", "bob (50) >= invite 0"))
	r.Member("frank-ban", Alice, Frank, "ban", Allow("MEMBER-BAN-2", "alice bans frank"))
	r.tpiInvite("frank-tpi", Alice, Frank, SignedTPI(Frank, "tok1", Alice, "id.example.org"), Alt(),
		Reject("MEMBER-INVITE-TPI-1", "frank is banned, even with a valid signature (EDGE-M9)"))
	r.Member("no-signed", Alice, Carol, "invite", Content(Obj{"membership": "invite", "third_party_invite": Obj{"display_name": "c"}}), Alt(),
		Reject("MEMBER-INVITE-TPI-2", "third_party_invite has no signed"))
	noMxid := SignedTPI(Carol, "tok1", Alice, "id.example.org")
	delete(noMxid, "mxid")
	r.tpiInvite("no-mxid", Alice, Carol, noMxid, Alt(), Reject("MEMBER-INVITE-TPI-3", "signed has no mxid"))
	noToken := SignedTPI(Carol, "tok1", Alice, "id.example.org")
	delete(noToken, "token")
	r.tpiInvite("no-token", Alice, Carol, noToken, Alt(), Reject("MEMBER-INVITE-TPI-3", "signed has no token (Synapse errors, D11; EDGE-M9)"))
	r.tpiInvite("wrong-mxid", Alice, Carol, SignedTPI(Dave, "tok1", Alice, "id.example.org"), Alt(),
		Reject("MEMBER-INVITE-TPI-4", "signed.mxid is dave, state_key is carol (EDGE-M9)"))
	r.tpiInvite("unknown-token", Alice, Carol, SignedTPI(Carol, "tok-none", Alice, "id.example.org"), Alt(),
		Reject("MEMBER-INVITE-TPI-5", "no m.room.third_party_invite with state_key tok-none"))
	r.tpiInvite("other-sender", Alice, Carol, SignedTPI(Carol, "tok2", Alice, "id.example.org"), Alt(),
		Reject("MEMBER-INVITE-TPI-6", "the tok2 event was sent by bob, the invite by alice (EDGE-M9)"))
	r.tpiInvite("bad-signature", Alice, Carol, SignedTPI(Carol, "tok1", Alice, "other-id.example.org"), Alt(),
		Reject("MEMBER-INVITE-TPI-8", "signed by a key that is not the event's public key: MEMBER-INVITE-TPI-7 does not allow"))
	r.tpiInvite("carol-tpi", Alice, Carol, SignedTPI(Carol, "tok1", Alice, "id.example.org"),
		Allow("MEMBER-INVITE-TPI-7", "valid signature from the event's public key; passes MEMBER-INVITE-TPI-1, MEMBER-INVITE-TPI-2, MEMBER-INVITE-TPI-3, MEMBER-INVITE-TPI-4, MEMBER-INVITE-TPI-5 and MEMBER-INVITE-TPI-6, allowed before MEMBER-INVITE-TPI-8"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-4", "carol accepts the invite"))
	out = append(out, r)

	r = NewRoom(f, "spec-third-party-invite-terminal-v7", "7",
		"The TPI branch is terminal (EDGE-M6, EDGE-M7): bob, who sent the m.room.third_party_invite, completes it after leaving the room and after the invite level was raised above his own, and it is allowed; an invite whose target is already joined is allowed (join -> invite). A plain invite by bob in the same position is rejected.")
	r.Setup(Obj{Bob: 10}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.tpiEvent("tpi-dave", Bob, "tokd", nil, Allow("TPI-1", "bob (10) >= invite 0"))
	r.tpiEvent("tpi-carol", Bob, "tokc", nil, Allow("TPI-1", "bob (10) >= invite 0"))
	r.PL("pl-invite", Alice, Obj{"users": Obj{Alice: 100, Bob: 10}, "invite": 50}, Allow("PL-8", "alice raises invite to 50"))
	r.Member("bob-leave", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "bob leaves"))
	r.tpiInvite("dave-tpi", Bob, Dave, SignedTPI(Dave, "tokd", Bob, "id.example.org"), Alt(),
		Allow("MEMBER-INVITE-TPI-7", "sender left and is below invite 50: never checked (EDGE-M6)"))
	r.tpiInvite("carol-tpi", Bob, Carol, SignedTPI(Carol, "tokc", Bob, "id.example.org"), Alt(),
		Allow("MEMBER-INVITE-TPI-7", "target carol is joined: allowed, join -> invite (EDGE-M7)"))
	r.Member("bob-plain-invite", Bob, Dave, "invite", Alt(), Reject("MEMBER-INVITE-1", "the plain path checks bob's membership"))
	out = append(out, r)

	// D17 / EDGE-M8: key order and signature order.
	r = NewRoom(f, "spec-third-party-invite-keys-v6", "6",
		"MEMBER-INVITE-TPI-7 as Synapse checks it (D17, EDGE-M8): keys are tried in order (public_key, then public_keys), and for each only the first ed25519 signature of signed.signatures. A non-matching public_key followed by a matching public_keys entry is allowed; a public_key that does not decode rejects the event before the matching entry is reached; a later undecodable entry after a matching public_key is never looked at; a non-verifying ed25519:0 signature before a valid ed25519:1 rejects; a URL-safe key is accepted; a signature under a non-ed25519 key ID is ignored.")
	r.Setup(nil, "public")
	good := PublicKey("id.example.org")
	other := PublicKey("other-id.example.org")
	urlSafe := base64.RawURLEncoding.EncodeToString(ServerKey("id.example.org").Public().(ed25519.PublicKey))
	keys := []struct {
		name  string
		extra Obj
	}{
		{"wrong-then-good", Obj{"public_key": other, "public_keys": []Obj{{"public_key": good}}}},
		{"bad-then-good", Obj{"public_key": "not base64!", "public_keys": []Obj{{"public_key": good}}}},
		{"short-then-good", Obj{"public_key": "AAAA", "public_keys": []Obj{{"public_key": good}}}},
		{"good-then-bad", Obj{"public_key": good, "public_keys": []Obj{{"public_key": "not base64!"}}}},
		{"url-safe", Obj{"public_key": urlSafe}},
		{"plain", nil},
	}
	for _, k := range keys {
		r.tpiEvent("tpi-"+k.name, Alice, "tok-"+k.name, k.extra, Allow("TPI-1", "alice (100) >= invite 0"))
	}
	for i, c := range []struct {
		key, target string
		allow       bool
		note        string
	}{
		{"wrong-then-good", Bob, true, "public_key does not verify, the public_keys entry does (EDGE-M8)"},
		{"bad-then-good", Carol, false, "public_key is not base64: Synapse fails decoding it before trying the good key (D17, EDGE-M8)"},
		{"short-then-good", Dave, false, "public_key decodes to 3 bytes, not an ed25519 key (D17, EDGE-M8)"},
		{"good-then-bad", Eve, true, "public_key verifies; the broken later entry is never decoded (D17, EDGE-M8)"},
		{"url-safe", Frank, true, "public_key in URL-safe base64 (EDGE-M8, #2083)"},
	} {
		_ = i
		signed := SignedTPI(c.target, "tok-"+c.key, Alice, "id.example.org")
		if c.allow {
			r.tpiInvite("invite-"+c.key, Alice, c.target, signed, Alt(), Allow("MEMBER-INVITE-TPI-7", c.note))
		} else {
			r.tpiInvite("invite-"+c.key, Alice, c.target, signed, Alt(), Reject("MEMBER-INVITE-TPI-8", c.note))
		}
	}
	// Signature order within signed.signatures.
	valid := SignedTPI(Gina, "tok-plain", Alice, "id.example.org")
	validSig := valid["signatures"].(Obj)["id.example.org"].(Obj)["ed25519:0"]
	wrong := SignedTPI(Gina, "tok-plain", Alice, "other-id.example.org")
	wrongSig := wrong["signatures"].(Obj)["other-id.example.org"].(Obj)["ed25519:0"]
	badFirst := Clone(valid)
	badFirst["signatures"] = Obj{"id.example.org": Obj{"ed25519:0": wrongSig, "ed25519:1": validSig}}
	r.tpiInvite("invite-bad-sig-first", Alice, Gina, badFirst, Alt(),
		Reject("MEMBER-INVITE-TPI-8", "ed25519:0 does not verify; Synapse never tries ed25519:1 (D17, EDGE-M8)"))
	otherAlg := Clone(valid)
	otherAlg["signatures"] = Obj{"id.example.org": Obj{"curve25519:0": wrongSig, "ed25519:1": validSig}}
	r.tpiInvite("invite-other-alg", Alice, Gina, otherAlg, Alt(),
		Allow("MEMBER-INVITE-TPI-7", "the curve25519:0 signature is ignored; ed25519:1 verifies (EDGE-M8)"))
	out = append(out, r)
	return out
}
