package fixturegen

import (
	"fmt"
	"strings"
)

// spec-format: invalid PDUs (FMT-1, FMT-2, FMT-4..6, CJ-STRICT, CJ-LAX,
// EDGE-F2, EDGE-F3, EDGE-H15, EDGE-H17, EDGE-G2, EDGE-G3, EDGE-G4; DECISIONS D16,
// D20, D21, X2). These fixtures carry no keys. Most v3-7 ones use given
// IDs; the D16 ones compute them (an invalid PDU's ID is derived from its
// text, event.DeriveEventID), and the EDGE-G4 key-order fixtures are
// signed and compute the IDs they pin.

func formatCases() []*Room {
	const f = "spec-format"
	var out []*Room

	var r *Room
	for _, v := range []string{"3", "7", "11", "12"} {
		span := "3-7"
		if v == "11" || v == "12" {
			span = "3 and later (here " + v + ")"
		}
		r = NewRoom(f, "spec-format-event-id-carried-v"+v, v,
			"D16 (EID-5, EDGE-F3): a room version "+span+" PDU that carries an event_id key is invalid and rejected, whatever the value (here its would-be computed ID's shape, and a v1-style ID); the key is never stripped and its value never trusted. IDs are computed; an invalid PDU's ID is derived from its text as it stands (event.DeriveEventID).").NoKeys()
		r.Setup(nil, "public")
		r.Msg("carries-v1-style-id", Alice, Field("event_id", `"$msg:example.org"`), Alt(), Reject("EDGE-F3", "event_id present in a v"+v+" PDU (D16)"))
		r.Msg("carries-hash-style-id", Alice, Field("event_id", `"$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`), Alt(), Reject("EDGE-F3", "event_id present in a v"+v+" PDU, even one shaped like a computed ID (D16)"))
		r.Msg("plain", Alice, Alt(), Allow("DEFAULT-1", "the same message without event_id"))
		out = append(out, r)
	}

	for _, v := range []string{"3", "6", "11"} {
		r = NewRoom(f, "spec-format-depth-v"+v, v,
			"FMT-5 with D20 (EDGE-F2, EDGE-H15): depth must be a JSON integer from 0 to 2^53-1 in every room version. -1, true, 1.0 and \"5\" are invalid; 2^53-1 (the ceiling) is accepted; 2^53 and 2^63-1 are refused in v1-5 too, as current Synapse refuses them.").Given().NoKeys()
		r.Setup(nil, "public")
		for _, c := range []struct {
			name, depth string
			allow       bool
			note        string
		}{
			{"depth-negative", "-1", false, "below 0 (D20)"},
			{"depth-bool", "true", false, "not a number (D20)"},
			{"depth-float", "1.0", false, "not a JSON integer (D20)"},
			{"depth-string", `"5"`, false, "a string (D20)"},
			{"depth-ceiling", "9007199254740991", true, "exactly 2^53-1 is accepted (EDGE-F2)"},
			{"depth-2-53", "9007199254740992", false, "2^53 is above the ceiling in every version (D20, EDGE-H15)"},
			{"depth-2-63", "9223372036854775807", false, "2^63-1: the v1-5 schema ceiling, refused as Synapse refuses it (D20)"},
		} {
			if c.allow {
				r.Msg(c.name, Alice, Field("depth", c.depth), Alt(), Allow("DEFAULT-1", "depth "+c.depth+": "+c.note))
			} else {
				r.Msg(c.name, Alice, Field("depth", c.depth), Alt(), Reject("EDGE-F2", "depth "+c.depth+": "+c.note))
			}
		}
		out = append(out, r)
	}

	for _, v := range []string{"5", "6", "11"} {
		strict := v != "5"
		desc := "CJ-LAX (v1-5): numbers that canonical JSON cannot write (1.5, 1.0, 1e10, +-2^53) do not make a PDU invalid; -0 reads as 0 (EDGE-H17). A valid surrogate pair is fine."
		if v == "6" {
			desc = "CJ-STRICT (v6-7): a PDU holding a float (1.5, 1.0, 1e10) or an integer outside +-(2^53-1) is invalid and rejected; -0 reads as 0 and 2^53-1 is fine (EDGE-H17). A valid surrogate pair is fine."
		} else if v == "11" {
			desc = "CJ-STRICT (v6 and later, here v11): a PDU holding a float (1.5, 1.0, 1e10) or an integer outside +-(2^53-1) is invalid and rejected; -0 reads as 0 and 2^53-1 is fine (EDGE-H17). A valid surrogate pair is fine."
		}
		r := NewRoom(f, "spec-format-json-v"+v, v, desc).Given().NoKeys()
		r.Setup(nil, "public")
		for _, c := range []struct {
			name, content string
			lax, strict   bool
			note          string
		}{
			{"float", `{"body":"x","n":1.5}`, true, false, "a float"},
			{"float-integral", `{"body":"x","n":1.0}`, true, false, "1.0 is a float token"},
			{"exponent", `{"body":"x","n":1e10}`, true, false, "1e10 is a float token (EDGE-H17)"},
			{"minus-zero", `{"body":"x","n":-0}`, true, true, "-0 reads as integer 0 (EDGE-H17)"},
			{"int-2-53", `{"body":"x","n":9007199254740992}`, true, false, "2^53 is outside the canonical range"},
			{"int-minus-2-53", `{"body":"x","n":-9007199254740992}`, true, false, "-2^53 is outside the canonical range"},
			{"int-max", `{"body":"x","n":9007199254740991}`, true, true, "2^53-1 is in range"},
			{"surrogate-pair", `{"body":"\ud83d\ude00"}`, true, true, "a valid surrogate pair encodes U+1F600"},
		} {
			ok := c.lax
			if strict {
				ok = c.strict
			}
			rule := "CJ-LAX"
			if strict {
				rule = "CJ-STRICT"
			}
			if strings.HasPrefix(c.name, "dup") {
				rule = "X2"
			} else if strings.Contains(c.name, "surrogate") {
				rule = "D21"
			}
			if ok {
				r.Msg(c.name, Alice, Content(Raw(c.content)), Alt(), Allow("DEFAULT-1", rule+": "+c.note))
			} else {
				r.Msg(c.name, Alice, Content(Raw(c.content)), Alt(), Reject(rule, c.note))
			}
		}
		out = append(out, r)
	}

	r = NewRoom(f, "spec-format-invalid-json-v2", "2",
		"X2 (EDGE-G2): a PDU with a duplicate key in any JSON object is invalid and rejected in every room version, since hashes and signatures would be ambiguous (Synapse: last one wins). D21 (EDGE-G3): a lone UTF-16 surrogate escape is invalid too. Shown in room version 2, whose PDUs carry their own event_id, so the fixture loader need not touch the invalid text.").NoKeys()
	r.Setup(nil, "public")
	r.Msg("dup-content", Alice, Content(Raw(`{"body":"x","body":"y"}`)), Alt(), Reject("X2", "duplicate key in content"))
	r.Msg("dup-nested", Alice, Content(Raw(`{"body":"x","n":{"a":1,"a":2}}`)), Alt(), Reject("X2", "duplicate key in a nested object"))
	r.Msg("dup-top-level", Alice, Field("+origin_server_ts", "1714000099000"), Alt(), Reject("X2", "origin_server_ts appears twice at the top level"))
	r.Msg("dup-same-value", Alice, Content(Raw(`{"body":"x","body":"x"}`)), Alt(), Reject("X2", "a duplicate key is invalid even with equal values"))
	r.Msg("lone-surrogate", Alice, Content(Raw(`{"body":"\ud800"}`)), Alt(), Reject("D21", "lone surrogate escape (EDGE-G3)"))
	r.Msg("lone-low-surrogate", Alice, Content(Raw(`{"body":"a\udc00b"}`)), Alt(), Reject("D21", "lone low surrogate escape (EDGE-G3)"))
	r.Msg("surrogate-pair", Alice, Content(Raw(`{"body":"\ud83d\ude00"}`)), Alt(), Allow("DEFAULT-1", "a valid surrogate pair"))
	r.Msg("msg", Alice, Allow("DEFAULT-1", "the same message without duplicates"))
	out = append(out, r)

	r = NewRoom(f, "spec-format-fields-v7", "7",
		"FMT-1, FMT-4 and FMT-6: a PDU missing hashes or signatures, with non-object content or a string origin_server_ts is invalid; prev_events may hold 20 entries but not 21; the canonical PDU is limited to 65536 bytes, and state_key and type to 255 bytes (bytes, not code points).").Given().NoKeys()
	r.Setup(nil, "public")
	r.Msg("no-hashes", Alice, Field("hashes", ""), Alt(), Reject("FMT-1", "no hashes"))
	r.Msg("no-signatures", Alice, Field("signatures", ""), Alt(), Reject("FMT-1", "no signatures"))
	r.Msg("content-string", Alice, Content(Raw(`"text"`)), Alt(), Reject("FMT-1", "content is not an object"))
	r.Msg("ts-string", Alice, Field("origin_server_ts", `"1714000000000"`), Alt(), Reject("FMT-1", "origin_server_ts is a string"))
	r.Msg("body-60000", Alice, Content(Obj{"msgtype": "m.text", "body": strings.Repeat("a", 60000)}), Alt(), Allow("DEFAULT-1", "a PDU below 65536 bytes"))
	r.Msg("body-66000", Alice, Content(Obj{"msgtype": "m.text", "body": strings.Repeat("a", 66000)}), Alt(), Reject("FMT-6", "the PDU is above 65536 bytes"))
	sk255 := strings.Repeat("k", 255)
	r.Add("state-key-255", "org.example.state", Alice, SK(sk255), Content(Obj{}), Alt(), Allow("DEFAULT-1", "state_key of 255 bytes"))
	r.Add("state-key-256", "org.example.state", Alice, SK(sk255+"k"), Content(Obj{}), Alt(), Reject("FMT-6", "state_key of 256 bytes"))
	r.Add("state-key-256-bytes", "org.example.state", Alice, SK(strings.Repeat("é", 128)), Content(Obj{}), Alt(), Reject("FMT-6", "128 code points but 256 bytes (Synapse stores it as rejected)"))
	typ255 := "org.example." + strings.Repeat("t", 255-len("org.example."))
	r.Add("type-255", typ255, Alice, Content(Obj{}), Alt(), Allow("DEFAULT-1", "type of 255 bytes"))
	r.Add("type-256", typ255+"t", Alice, Content(Obj{}), Alt(), Reject("FMT-6", "type of 256 bytes"))
	var prevs []string
	for i := 1; i <= 21; i++ {
		n := fmt.Sprintf("m%02d", i)
		r.Msg(n, Alice, Alt(), Allow("DEFAULT-1", "a fork tip"))
		prevs = append(prevs, n)
	}
	r.Msg("prev-20", Alice, Prev(prevs[:20]...), Alt(), Allow("DEFAULT-1", "20 prev_events (FMT-4)"))
	r.Msg("prev-21", Alice, Prev(prevs...), Alt(), Reject("FMT-4", "21 prev_events"))
	out = append(out, r)

	r = NewRoom(f, "spec-format-fields-v1", "1",
		"FMT-2 and FMT-6 for room version 1: auth_events and prev_events hold [event_id, {sha256: hash}] pairs, so a plain string is invalid; an event_id of 256 bytes exceeds the identifier limit. A pair whose embedded hash is wrong is accepted (the hash is never verified).").NoKeys()
	r.Setup(nil, "public")
	r.Msg("prev-plain-string", Alice, Field("prev_events", `["$jr:example.org"]`), Alt(), Reject("FMT-2", "prev_events holds a plain string in v1"))
	r.Msg("auth-wrong-hash", Alice, Field("auth_events", `[["$create:example.org",{"sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}],["$pl:example.org",{"sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}],["$alice-join:example.org",{"sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]]`), Alt(),
		Allow("DEFAULT-1", "the embedded reference hashes are wrong but never checked (FMT-2)"))
	r.Msg("long-id", Alice, ID("$"+strings.Repeat("a", 243)+":example.org"), Alt(), Reject("FMT-6", "event_id of 256 bytes"))
	r.Msg("msg", Alice, Allow("DEFAULT-1", "an ordinary message"))
	out = append(out, r)
	// EDGE-G4 / CJ-2: key order by code point, pinned by computed IDs.
	for _, v := range []string{"4", "7"} {
		r := NewRoom(f, "spec-format-key-order-v"+v, v,
			"EDGE-G4 (CJ-2): canonical JSON sorts object keys by Unicode code point (UTF-8 byte order), not by UTF-16 code unit. The power-levels event's events map has the keys a, z, 日 (U+65E5), 本 (U+672C), ｚ (U+FF5A), 😀 (U+1F600) and m.room.power_levels; in code-point order ｚ comes before 😀, in UTF-16 order after it. events survives redaction, so the order feeds the content hash, the signature and the reference hash: the fixture's computed IDs pin it, and an encoder sorting by UTF-16 would compute another ID for the event, so the events citing it would not resolve. The levels are then read by key: bob (50) may send types 本 and z (0) but not 日, ｚ or 😀 (100).")
		r.Setup(Obj{Bob: 50}, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		r.PL("pl-unicode", Alice, Obj{"users": Obj{Alice: 100, Bob: 50},
			"events": Obj{"a": 0, "z": 0, "日": 100, "本": 0, "ｚ": 100, "😀": 100, "m.room.power_levels": 100}},
			Allow("PL-8", "alice (100) sets event levels under non-ASCII keys; its ID is computed from canonical JSON with code-point key order (EDGE-G4)"))
		for _, c := range []struct {
			name, typ string
			allow     bool
		}{
			{"type-hon", "本", true}, {"type-z", "z", true},
			{"type-nichi", "日", false}, {"type-fullwidth-z", "ｚ", false}, {"type-emoji", "😀", false},
		} {
			opts := []Opt{Content(Obj{"body": c.name}), Alt()}
			if c.allow {
				opts = append(opts, Allow("POWER-1", "events["+c.typ+"] = 0 <= bob's 50; cites the power-levels event by its computed ID (EDGE-G4)"))
			} else {
				opts = append(opts, Reject("POWER-1", "events["+c.typ+"] = 100 > bob's 50 (EDGE-G4)"))
			}
			r.Add(c.name, c.typ, Bob, opts...)
		}
		r.Msg("msg", Bob, Content(Obj{"msgtype": "m.text", "body": "x", "日": 1, "本": 2, "😀": 3, "ｚ": 4, "a": 5}),
			Allow("DEFAULT-1", "content keys in code-point order feed the content hash (EDGE-G4)"))
		out = append(out, r)
	}
	return out
}
