package builder

import (
	"github.com/mxauth/mxauth/event"
)

// AddSignature returns ev with one more signature, by key: the signature
// of the authorising server of a restricted join (SIG-REQ-4, v8+), or any
// other server's. The event keeps its ID; one whose content hash does not
// match is refused, since signing it would rehash it and change the ID.
func AddSignature(ev *event.Event, key SigningKey) (*event.Event, error) {
	if ev == nil {
		return nil, fieldErr("event", "is nil")
	}
	if err := key.validate(); err != nil {
		return nil, err
	}
	if ok, err := ev.ContentHashValid(); err != nil || !ok {
		return nil, fieldErr("event", "its content hash does not match its content; signing it would change its ID")
	}
	v := ev.Version()
	signed, err := event.Sign([]byte(ev.JSON()), v, key.ServerName, key.KeyID, key.PrivateKey)
	if err != nil {
		return nil, pduErr(err)
	}
	out, err := event.Parse(signed, v)
	if err != nil {
		return nil, pduErr(err)
	}
	if out.ID() != ev.ID() {
		return nil, fieldErr("event", "its ID is not the one its text gives ("+out.ID()+"), as for an event stored with another ID")
	}
	return out, nil
}
