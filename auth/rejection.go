package auth

import "strings"

// Rejection is the error returned when an event fails the authorization
// rules. Use errors.As to read the rule that rejected it and the values
// that decided it.
type Rejection struct {
	// Rule is the rule that rejected the event.
	Rule RuleID
	// EventID is the ID of the rejected event.
	EventID string
	// Reason says in words why the rule rejected it.
	Reason string
	// Details are the values the rule compared or found missing, in a
	// structured form; Error repeats them after Reason.
	Details Details
}

// Error implements error: "auth: <event> rejected by <rule>: <reason>",
// followed by the details in brackets, such as "[sender level 0, target
// level 0, required ban level 50, sender membership join]".
func (r *Rejection) Error() string {
	s := "auth: " + r.EventID + " rejected by " + string(r.Rule) + ": " + r.Reason
	if d := r.Details.String(); d != "" {
		s += " [" + d + "]"
	}
	return s
}

// quoted is the JSON text of a string field for Details.Value ("" when
// absent). It does not escape: it is for reading, not for parsing.
func quoted(s string, present bool) string {
	if !present {
		return ""
	}
	return `"` + s + `"`
}

// Detail names one field of [Details].
type Detail uint16

// The fields of [Details]; [Details.Has] reports which a rejection set.
const (
	DetailSenderLevel Detail = 1 << iota
	DetailTargetLevel
	DetailRequiredLevel
	DetailOldLevel
	DetailNewLevel
	DetailAuthoriserLevel
	DetailMembership
	DetailSenderMembership
	DetailTargetMembership
	DetailAuthoriserMembership
	DetailJoinRule
	DetailKey
)

// Details are the values that decided a rejection: the power levels
// compared, the memberships and join rule read, the key that was missing
// or malformed. A field is meaningful only when [Details.Has] reports it
// (a membership "" then means none). They are built on the rejection path
// only; an allowed check never builds them.
type Details struct {
	// Set holds a bit for every field that is set.
	Set Detail

	// SenderLevel is the sender's power level (DEF-PL-1).
	SenderLevel Level
	// TargetLevel is the level of the member event's target (the
	// state_key), or for PL-6 the old level of the users entry.
	TargetLevel Level
	// RequiredLevel is the level the rule required, named by Required.
	RequiredLevel Level
	// Required names RequiredLevel: "ban", "kick", "invite", "redact",
	// "send" (the level for the event's type, DEF-PL-3) or "sender" (a
	// power-levels change may not exceed the sender's level).
	Required string
	// OldLevel and NewLevel are the old and new values of the
	// power-levels entry named by Key (PL-3..7).
	OldLevel, NewLevel Level
	// AuthoriserLevel and AuthoriserMembership are those of the
	// authorising user of a restricted join (MEMBER-JOIN-R-2), named by
	// Key.
	AuthoriserLevel      Level
	AuthoriserMembership string
	// Membership is the membership the event sets; SenderMembership and
	// TargetMembership are the sender's and target's in the auth state
	// (DEF-MEM-1; "" for none).
	Membership, SenderMembership, TargetMembership string
	// JoinRule is the room's join rule (DEF-JR-1).
	JoinRule string
	// Key names what the rule read: a content member such as
	// "users[@a:b]" or "join_authorised_via_users_server", an event field
	// such as "state_key", or a state entry such as "m.room.create".
	Key string
	// Value is the JSON text of Key (clipped), "" when it is missing.
	Value string
}

// Has reports whether field f is set.
func (d Details) Has(f Detail) bool { return d.Set&f != 0 }

// String lists the fields that are set, such as "sender level 0, target
// level 0, required ban level 50".
func (d Details) String() string {
	var parts []string
	lvl := func(f Detail, name string, l Level) {
		if d.Has(f) {
			parts = append(parts, name+" level "+l.String())
		}
	}
	str := func(f Detail, name, v string) {
		if d.Has(f) {
			parts = append(parts, name+" "+quoteOrNone(v))
		}
	}
	lvl(DetailSenderLevel, "sender", d.SenderLevel)
	lvl(DetailTargetLevel, "target", d.TargetLevel)
	lvl(DetailRequiredLevel, "required "+d.Required, d.RequiredLevel)
	lvl(DetailOldLevel, "old", d.OldLevel)
	lvl(DetailNewLevel, "new", d.NewLevel)
	lvl(DetailAuthoriserLevel, "authoriser", d.AuthoriserLevel)
	str(DetailMembership, "membership", d.Membership)
	str(DetailSenderMembership, "sender membership", d.SenderMembership)
	str(DetailTargetMembership, "target membership", d.TargetMembership)
	str(DetailAuthoriserMembership, "authoriser membership", d.AuthoriserMembership)
	str(DetailJoinRule, "join rule", d.JoinRule)
	if d.Has(DetailKey) {
		if d.Value == "" {
			parts = append(parts, d.Key+" missing")
		} else {
			parts = append(parts, d.Key+" = "+d.Value)
		}
	}
	return strings.Join(parts, ", ")
}
