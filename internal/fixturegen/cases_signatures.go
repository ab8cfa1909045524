package fixturegen

import "strconv"

// spec-signatures: which signatures an event needs and which count
// (SIG-REQ-1..3, SIG-KEY-1/2; EDGE-S1..S3, EDGE-F4; DECISIONS S1, S2).
// Every fixture here has keys, so signatures are part of each verdict.

// remote is the server that sends third-party invites on a sender's
// behalf, and third is a server named only in event IDs.
const (
	remote = "remote.example"
	third  = "third.example"
)

func signatureCases() []*Room {
	const f = "spec-signatures"
	var out []*Room

	// EDGE-S1 / S1: unknown key IDs are ignored.
	for _, v := range []string{"1", "4"} {
		desc := "EDGE-S1 (DECISIONS S1, SIG-REQ-1, SIG-REQ-3): a signature under a key ID the keys member does not list is ignored, and each required server still needs one signature that verifies. An extra signature under the unknown ID ed25519:unknown, or from a server with no key at all, does not hurt; an event whose only signature from its sender's server is under the unknown ID is rejected."
		if v == "1" {
			desc += " In room version 1 the same holds for the server named in the event ID (SIG-REQ-2, EDGE-F4): an event whose ID is on remote.example needs a verifying signature from remote.example as well as from the sender's server."
		}
		r := NewRoom(f, "spec-signatures-unknown-key-v"+v, v, desc)
		r.Setup(nil, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "public room; signed by remote.example, whose key ed25519:1 is in keys"))
		r.Msg("extra-unknown", Bob, ExtraSig("example.org", "ed25519:unknown"), Alt(),
			Allow("SIG-REQ-1", "example.org signed with ed25519:1 (verifies) and ed25519:unknown (no key listed: ignored, EDGE-S1)"))
		r.Msg("extra-keyless-server", Bob, ExtraSig("keyless.example", KeyID), Alt(),
			Allow("SIG-REQ-1", "an extra signature from keyless.example, which is not a required server and has no key in keys: ignored (EDGE-S1)"))
		r.Msg("only-unknown", Bob, SignAs(), ExtraSig("example.org", "ed25519:unknown"), Alt(),
			Reject("SIG-REQ-1", "example.org's only signature is under ed25519:unknown, which is ignored: no verifying signature from the sender's server (EDGE-S1, S1)"))
		if v == "1" {
			r.Msg("id-remote-both", Bob, IDDomain(remote), ExtraSig(remote, "ed25519:unknown"), Alt(),
				Allow("SIG-REQ-2", "ID on remote.example: signed by example.org and remote.example under ed25519:1, plus remote.example's ignored ed25519:unknown (EDGE-F4, EDGE-S1)"))
			r.Msg("id-remote-unknown", Bob, IDDomain(remote), SignAs("example.org"), ExtraSig(remote, "ed25519:unknown"), Alt(),
				Reject("SIG-REQ-2", "ID on remote.example, whose only signature is under ed25519:unknown: no verifying signature from the event ID's server (EDGE-F4, EDGE-S1)"))
			r.Msg("id-remote-only", Bob, IDDomain(remote), SignAs(remote), Alt(),
				Reject("SIG-REQ-1", "ID on remote.example, signed by remote.example only: the sender's server example.org did not sign (EDGE-F4)"))
		}
		r.Msg("msg", Bob, Allow("SIG-REQ-1", "an ordinary message signed by example.org"))
		out = append(out, r)
	}

	// SIG-REQ-3: a signature under a known key must verify.
	r := NewRoom(f, "spec-signatures-known-key-v6", "6",
		"SIG-REQ-3 (clarified 2026-04, fafd11f8): every signature a required server made with a key the verifier knows must verify; a known key is not skipped like an unknown one (EDGE-S1). keys lists example.org's ed25519:1, ed25519:2 and ed25519:3, where the public key given for ed25519:3 is not the one example.org signed with. An event with verifying ed25519:1 and ed25519:2 signatures is allowed; one whose ed25519:1 signature verifies but whose ed25519:3 signature does not is rejected.")
	r.Setup(nil, "public")
	r.AddKey("example.org", "ed25519:2", marshal(SigningPublicKey("example.org", "ed25519:2")))
	r.AddKey("example.org", "ed25519:3", marshal(SigningPublicKey("example.org", "ed25519:other")))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Msg("both-verify", Bob, ExtraSig("example.org", "ed25519:2"), Alt(),
		Allow("SIG-REQ-3", "ed25519:1 and ed25519:2 are known and both verify"))
	r.Msg("known-bad", Bob, ExtraSig("example.org", "ed25519:3"), Alt(),
		Reject("SIG-REQ-3", "ed25519:1 verifies, but the signature under the known key ed25519:3 does not: every signature under a known key of a required server must verify"))
	r.Msg("msg", Bob, Allow("SIG-REQ-1", "an ordinary message signed with ed25519:1"))
	out = append(out, r)

	// EDGE-S2 / S2: key validity.
	for _, v := range []string{"4", "5", "7", "11", "12"} {
		enforced := v != "4"
		limit := BaseTS + 10000
		desc := "EDGE-S2 (DECISIONS S2, SIG-KEY-2): from room version 5 a signature counts only if the validity end of its key, as keys gives it (valid_until_ts, already capped), is not before the event's origin_server_ts. example.org's key is valid until " + strconv.FormatInt(limit, 10) + ": a message at exactly that time is allowed and one a millisecond later is rejected; remote.example, whose key has no validity end, is unaffected."
		if !enforced {
			desc = "EDGE-S2 (DECISIONS S2, SIG-KEY-1): room versions 1-4 ignore valid_until_ts. example.org's key is valid until " + strconv.FormatInt(limit, 10) + ", and messages at that time and after it are all allowed. Compare spec-signatures-key-validity-v5."
		}
		r := NewRoom(f, "spec-signatures-key-validity-v"+v, v, desc)
		r.KeyValidUntil("example.org", limit)
		r.Setup(nil, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room; well before the key's validity end"))
		r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "public room; remote.example's key has no validity end"))
		r.Msg("at-limit", Bob, TS(limit), Alt(), Allow("SIG-KEY-2", "origin_server_ts equals valid_until_ts: the key is valid (EDGE-S2)"))
		r.Msg("zara-after", Zara, TS(limit+1), Alt(), Allow("SIG-KEY-2", "remote.example's key is not limited"))
		if enforced {
			r.Msg("after-limit", Bob, TS(limit+1), Alt(),
				Reject("SIG-KEY-2", "origin_server_ts is 1 ms after valid_until_ts: example.org's only signature does not count, so SIG-REQ-1 fails (EDGE-S2)"))
		} else {
			r.Msg("after-limit", Bob, TS(limit+1), Alt(),
				Allow("SIG-KEY-1", "1 ms after valid_until_ts: validity is ignored before room version 5 (EDGE-S2)"))
		}
		out = append(out, r)
	}

	// EDGE-S3: a third-party invite sent by another server.
	for _, v := range []string{"1", "7"} {
		desc := "EDGE-S3 (SIG-REQ-1): an m.room.member invite with content.third_party_invite may be sent by a server other than the sender's, so the sender's server signature is not required: alice's third-party invite of zara, signed only by remote.example, is allowed, while a plain invite signed the same way is rejected."
		if v == "1" {
			desc = "EDGE-S3 with SIG-REQ-2 (room versions 1-2, EDGE-F4): a third-party invite needs no signature from the sender's server (SIG-REQ-1), but still needs one from the event ID's server when that differs from the sender's, as Synapse requires even for third-party invites. alice's third-party invites of zara signed only by remote.example: allowed with the ID on remote.example; rejected with the ID on third.example (whose key is in keys); allowed with the ID on example.org, the sender's own domain, where SIG-REQ-2 does not apply and SIG-REQ-1 is waived. Signed only by example.org with the ID on remote.example: rejected. A plain invite signed by remote.example only: rejected."
		}
		r := NewRoom(f, "spec-signatures-third-party-invite-v"+v, v, desc)
		r.Setup(nil, "invite")
		r.tpiEvent("tpi", Alice, "tok", nil, Allow("TPI-1", "alice (100) >= invite 0"))
		signed := SignedTPI(Zara, "tok", Alice, "id.example.org")
		if v == "1" {
			r.AddKey(third, KeyID, marshal(PublicKey(third)))
			r.tpiInvite("tpi-id-remote", Alice, Zara, signed, IDDomain(remote), SignAs(remote), Alt(),
				Allow("MEMBER-INVITE-TPI-7", "signed by remote.example only; the ID is on remote.example, which signed (SIG-REQ-2); the sender's server need not sign (EDGE-S3, SIG-REQ-1)"))
			r.tpiInvite("tpi-id-third", Alice, Zara, signed, IDDomain(third), SignAs(remote), Alt(),
				Reject("SIG-REQ-2", "the ID is on third.example, which did not sign: SIG-REQ-2 still applies to third-party invites (EDGE-S3, EDGE-F4)"))
			r.tpiInvite("tpi-id-sender", Alice, Zara, signed, SignAs(remote), Alt(),
				Allow("MEMBER-INVITE-TPI-7", "the ID is on example.org, the sender's domain: SIG-REQ-2 needs a second server only when the domains differ, and SIG-REQ-1 is waived for third-party invites, so remote.example's signature is enough (EDGE-S3)"))
			r.tpiInvite("tpi-id-remote-sender-signed", Alice, Zara, signed, IDDomain(remote), SignAs("example.org"), Alt(),
				Reject("SIG-REQ-2", "signed by the sender's server only; the ID's server remote.example did not sign (EDGE-S3, EDGE-F4)"))
			r.Member("plain-id-remote", Alice, Zara, "invite", IDDomain(remote), SignAs(remote), Alt(),
				Reject("SIG-REQ-1", "a plain invite, not a third-party one: the sender's server example.org must sign (EDGE-S3)"))
		} else {
			r.tpiInvite("tpi-remote-signed", Alice, Zara, signed, SignAs(remote), Alt(),
				Allow("MEMBER-INVITE-TPI-7", "signed by remote.example only: the sender's server need not sign a third-party invite (EDGE-S3, SIG-REQ-1)"))
			r.Member("plain-remote-signed", Alice, Zara, "invite", SignAs(remote), Alt(),
				Reject("SIG-REQ-1", "a plain invite signed by remote.example only: the sender's server example.org must sign (EDGE-S3)"))
		}
		r.tpiInvite("tpi-invite", Alice, Zara, signed, Allow("MEMBER-INVITE-TPI-7", "the same third-party invite signed by example.org, the usual case"))
		out = append(out, r)
	}

	return out
}
