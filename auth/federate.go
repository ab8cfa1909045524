package auth

import (
	"github.com/mxauth/mxauth/roomversion"
)

// federate implements FED-1 for the sender, with DECISIONS D4: any
// m.federate other than absent or exactly true blocks senders whose server
// differs from the create event sender's. With no create event in the auth
// state the room counts as not federating (as Synapse does).
func (c *checker) federate() verdict {
	sd, ok := domain(c.ev.Sender())
	if !ok {
		return c.rejectKey(RuleFed1, "sender", quoted(c.ev.Sender(), true), "sender is not a user ID") // D11
	}
	if sd != c.creatingDomain() && !c.canFederate() {
		return c.rejectKey(RuleFed1, "m.federate", c.federateText(), "room is not federated and the sender is on another server")
	}
	return next
}

// federateTarget is the D4 extension of FED-1 to the target of a member
// event; it runs after the MEMBER-JOIN-1 shortcut.
func (c *checker) federateTarget(target string) verdict {
	td, ok := domain(target)
	if !ok {
		return c.rejectKey(RuleFed1, "state_key", quoted(target, true), "state_key is not a user ID") // D11
	}
	if td != c.creatingDomain() && !c.canFederate() {
		return c.rejectKey(RuleFed1, "m.federate", c.federateText(), "room is not federated and the target is on another server")
	}
	return next
}

// creatingDomain is the server of the create event's sender (the room ID's
// server when there is no create event).
func (c *checker) creatingDomain() string {
	if c.create != nil {
		d, _ := domain(c.create.Sender())
		return d
	}
	d, _ := domain(c.ev.RoomID())
	return d
}

// federateText is the create event's m.federate for a FED-1 rejection,
// or a note that there is no create event.
func (c *checker) federateText() string {
	if c.create == nil {
		return "(no create event)"
	}
	return string(topLevelMember(c.create.ContentJSON(), "m.federate"))
}

// canFederate reports whether m.federate is absent or exactly true.
func (c *checker) canFederate() bool {
	if c.create == nil {
		return false
	}
	return c.creation().info().federates
}

// creation returns the create event as this check reads it.
func (c *checker) creation() *createRead {
	if c.cr.ev == nil {
		c.cr.ev = c.create
	}
	return &c.cr
}

// creatorOf returns the creator of the room whose create event is create.ev,
// as MEMBER-JOIN-1 and DEF-PL-1 read it: in room versions with
// CreatorIsCreateSender (v11+, D30) the create event's sender, with
// content.creator ignored; before, content.creator. isString is false when
// content.creator is not a string (it then names nobody); present is false
// when the create event has no creator key, which Synapse fails on wherever
// it reads it (MEMBER-JOIN-1, DEF-PL-1 without a PL event; D11). Without a
// create event nobody is the creator.
func creatorOf(rv *roomversion.Version, create *createRead) (cr string, isString, present bool) {
	if create.ev == nil {
		return "", false, true
	}
	if rv.CreatorIsCreateSender {
		return create.ev.Sender(), true, true
	}
	info := create.info()
	return info.creator, info.creatorIsString, info.creatorPresent
}
