package auth

import (
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
)

// memberCtx holds what every membership rule reads, computed once per
// member event in the order Synapse reads it: after the creator's first
// join and the target's federation check, both levels and the invite and
// ban levels are read for every membership, so a value that is not a
// number rejects every membership event except that first join (D19).
type memberCtx struct {
	membership     string
	target         string
	senderIsTarget bool
	senderMember   string // DEF-MEM-1 of the sender
	targetMember   string // DEF-MEM-1 of the target
	senderLevel    Level
	targetLevel    Level
	inviteLevel    int64
	banLevel       int64

	// What a rejection explains (Details): the fields known so far, kept
	// here, on the stack, and copied only when the event is rejected.
	known            Detail
	joinRule         string
	authoriserMember string
	authoriserLevel  Level
}

// explainMember adds what m knows to the details of a rejection, without
// overwriting what the rejecting rule set.
func (c *checker) explainMember(m *memberCtx) {
	d := c.d()
	add := func(f Detail) bool { ok := m.known&f != 0 && d.Set&f == 0; d.Set |= m.known & f; return ok }
	if add(DetailMembership) {
		d.Membership = m.membership
	}
	if add(DetailSenderMembership) {
		d.SenderMembership = m.senderMember
	}
	if add(DetailTargetMembership) {
		d.TargetMembership = m.targetMember
	}
	if add(DetailSenderLevel) {
		d.SenderLevel = m.senderLevel
	}
	if add(DetailTargetLevel) {
		d.TargetLevel = m.targetLevel
	}
	if add(DetailJoinRule) {
		d.JoinRule = m.joinRule
	}
	if add(DetailAuthoriserMembership) {
		d.AuthoriserMembership = m.authoriserMember
	}
	if add(DetailAuthoriserLevel) {
		d.AuthoriserLevel = m.authoriserLevel
	}
}

// member implements MEMBER-1 and MEMBER-JAUTH-1 (v8+) and dispatches to the
// membership families (MEMBER-JOIN, MEMBER-INVITE(-TPI), MEMBER-LEAVE,
// MEMBER-BAN, MEMBER-KNOCK, MEMBER-UNKNOWN-1). Every member event is
// decided here.
func (c *checker) member() verdict {
	ev := c.ev
	if ev.Type() != event.TypeMember {
		return next
	}
	// MEMBER-1: a target and a membership are required.
	target, hasSK := ev.StateKey()
	membership, kind := ev.Membership()
	if !hasSK {
		return c.rejectKey(RuleMember1, "state_key", "", "member event has no state_key")
	}
	if kind == event.Absent {
		return c.rejectKey(RuleMember1, "content.membership", "", "member event has no membership")
	}
	if kind != event.String {
		membership = "" // matches no known membership: MEMBER-UNKNOWN-1
	}
	m := memberCtx{
		membership:     membership,
		target:         target,
		senderIsTarget: target == ev.Sender(),
		known:          DetailMembership,
	}
	v := c.memberRules(&m)
	if v == reject {
		c.explainMember(&m)
	}
	return v
}

// memberRules is member after MEMBER-1, recording in m what it reads.
func (c *checker) memberRules(m *memberCtx) verdict {
	ev, membership, target := c.ev, m.membership, m.target
	// MEMBER-JAUTH-1 (v8+), then MEMBER-JOIN-1: the creator's first join,
	// straight after the create event, bypasses everything else.
	if membership == event.MembershipJoin {
		if c.v.RestrictedJoinRule && c.authorisingUserRule() == reject {
			return reject
		}
		if v := c.creatorFirstJoin(target); v != next {
			return v
		}
	}
	// FED-1 for the target (DECISIONS D4).
	if c.federateTarget(target) == reject {
		return reject
	}
	var ok bool
	if m.senderMember, ok = c.membershipOf(ev.Sender()); !ok {
		return c.rejectKey(RuleDefMem1, "membership of "+ev.Sender(), "", "sender's member event has no membership") // D11
	}
	m.targetMember = m.senderMember
	if !m.senderIsTarget {
		if m.targetMember, ok = c.membershipOf(target); !ok {
			return c.rejectKey(RuleDefMem1, "membership of "+target, "", "target's member event has no membership") // D11
		}
	}
	m.known |= DetailSenderMembership | DetailTargetMembership
	if m.senderLevel, ok = c.userLevel(ev.Sender()); !ok {
		return c.levelRejection("sender's", ev.Sender())
	}
	m.known |= DetailSenderLevel
	if m.targetLevel, ok = c.userLevel(target); !ok {
		return c.levelRejection("target's", target)
	}
	m.known |= DetailTargetLevel
	if m.inviteLevel, ok = c.namedLevel(levelInvite, defaultInvite); !ok {
		return c.namedLevelRejection(levelInvite)
	}
	if m.banLevel, ok = c.namedLevel(levelBan, defaultBan); !ok {
		return c.namedLevelRejection(levelBan)
	}
	switch {
	case membership == event.MembershipInvite && c.hasThirdPartyInvite():
		return c.memberThirdPartyInvite(m)
	case membership == event.MembershipJoin:
		return c.memberJoin(m)
	case membership == event.MembershipInvite:
		return c.memberInvite(m)
	case membership == event.MembershipLeave:
		return c.memberLeave(m)
	case membership == event.MembershipBan:
		return c.memberBan(m)
	case membership == event.MembershipKnock && c.v.Knocking:
		return c.memberKnock(m)
	}
	// MEMBER-UNKNOWN-1 (includes knock where knocking is not enabled).
	return c.rejectKey(RuleMemberUnknown1, "content.membership", string(topLevelMember(ev.ContentJSON(), "membership")), "unknown membership")
}

// joinRule is DEF-JR-1 with DECISIONS D1: "invite" when there is no
// join-rules event or it has no join_rule key; "" (an unknown rule) when the
// value is not a string.
func (c *checker) joinRule() string {
	jr := c.st.get(event.TypeJoinRules, "")
	if jr == nil {
		return joinRuleInvite
	}
	v := topLevelMember(jr.ContentJSON(), "join_rule")
	if !v.Exists() {
		return joinRuleInvite
	}
	if v[0] != '"' {
		return ""
	}
	return v.Str()
}

// Join rules the rules know (DEF-JR-1): public and invite in every
// version, knock with Knocking (v7+), restricted with RestrictedJoinRule
// (v8+), knock_restricted with KnockRestrictedJoinRule (v10+). Any other
// value is an unknown rule.
const (
	joinRulePublic          = "public"
	joinRuleInvite          = "invite"
	joinRuleKnock           = "knock"
	joinRuleRestricted      = "restricted"
	joinRuleKnockRestricted = "knock_restricted"
)

// isKnockRule reports a join rule MEMBER-JOIN-4 treats as knock (v7+).
func (c *checker) isKnockRule(jr string) bool {
	return c.v.Knocking && jr == joinRuleKnock
}

// isRestrictedRule reports a join rule of MEMBER-JOIN-R-*: restricted (v8+)
// or knock_restricted (v10+).
func (c *checker) isRestrictedRule(jr string) bool {
	return (c.v.RestrictedJoinRule && jr == joinRuleRestricted) ||
		(c.v.KnockRestrictedJoinRule && jr == joinRuleKnockRestricted)
}

// authorisingUser returns content.join_authorised_via_users_server
// (DEF-JAUTH-1). present is false when the key is absent or null (null
// reads as missing for MEMBER-JOIN-R-2); isString is false for any other
// non-string value.
func (c *checker) authorisingUser() (user string, present, isString bool) {
	v := topLevelMember(c.ev.ContentJSON(), "join_authorised_via_users_server")
	switch {
	case !v.Exists():
		return "", false, false
	case v[0] == '"':
		return v.Str(), true, true
	}
	return "", !v.IsNull(), false
}

// authorisingUserRule is MEMBER-JAUTH-1 for a join (v8+; D22: only joins
// carry the key with effect): a join_authorised_via_users_server that is
// present must be a string holding ':' (Synapse cannot take its domain
// otherwise; D31, D11). The signature of its server is checked with the
// event's signatures (SIG-REQ-4), before the rules.
func (c *checker) authorisingUserRule() verdict {
	v := topLevelMember(c.ev.ContentJSON(), "join_authorised_via_users_server")
	if !v.Exists() {
		return next
	}
	if v[0] != '"' {
		return c.rejectKey(RuleMemberJAuth1, "content.join_authorised_via_users_server", string(v), "join_authorised_via_users_server is "+clip(string(v))+", not a user ID")
	}
	if a := v.Str(); strings.IndexByte(a, ':') < 0 {
		return c.rejectKey(RuleMemberJAuth1, "content.join_authorised_via_users_server", string(v), "join_authorised_via_users_server "+clip(a)+" has no server name")
	}
	return next
}

// topLevelMember returns the raw value of member key of a JSON object text
// (the last one, should it repeat), or absent.
func topLevelMember(obj, key string) jv {
	var out jv
	for m, i, ok := jsonread.NextMember(obj, jsonread.ObjectBody(obj)); ok; m, i, ok = jsonread.NextMember(obj, i) {
		if m.KeyEquals(key) {
			out = jv(m.Raw)
		}
	}
	return out
}
