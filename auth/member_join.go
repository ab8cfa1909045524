package auth

import "github.com/mxauth/mxauth/event"

// creatorFirstJoin is MEMBER-JOIN-1: allow when there is exactly one prev
// event, it is the create event, and the target is the creator (the sender
// need not be). A create event without creator rejects once it is read
// (D11).
func (c *checker) creatorFirstJoin(target string) verdict {
	prev := c.ev.PrevEventIDs()
	if len(prev) != 1 || c.create == nil || prev[0] != c.create.ID() {
		return next
	}
	cr, isString, present := c.creator()
	if !present {
		return c.rejectf(RuleMemberJoin1, "create event has no creator") // D11
	}
	if isString && cr == target {
		return allow
	}
	return next
}

// memberJoin implements MEMBER-JOIN-2..6 (MEMBER-JOIN-1 ran before).
func (c *checker) memberJoin(m *memberCtx) verdict {
	// MEMBER-JOIN-2: nobody joins on another's behalf.
	if !m.senderIsTarget {
		return c.rejectf(RuleMemberJoin2, "sender is not the target")
	}
	// MEMBER-JOIN-3: banned users cannot join.
	if m.senderMember == event.MembershipBan {
		return c.rejectf(RuleMemberJoin3, "sender is banned")
	}
	switch jr := c.joinRule(); {
	// MEMBER-JOIN-4: invite (v7: also knock) needs an invite or a join.
	case jr == joinRuleInvite || (c.rs.knocking && jr == joinRuleKnock):
		if m.senderMember == event.MembershipInvite || m.senderMember == event.MembershipJoin {
			return allow
		}
		// The rule does not allow; nothing after it can (MEMBER-JOIN-6).
		return c.rejectf(RuleMemberJoin6, "join rule "+jr+" and the sender is neither invited nor joined")
	// MEMBER-JOIN-5: anyone may join a public room.
	case jr == joinRulePublic:
		return allow
	}
	// MEMBER-JOIN-6.
	return c.rejectf(RuleMemberJoin6, "join rule does not allow joining")
}
