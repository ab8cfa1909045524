package event

// memo is one cached derived value of an event.
type memo struct {
	key any
	val any
}

// Memo returns a value derived from the event: the one cached under key, or
// else compute(e), which it caches under key. It lets a package that reads
// the same event over and over (the authorization rules read the room's
// power-levels event for every check) parse it once instead of each time,
// without the event knowing what is derived from it.
//
// compute must be a pure function of the event, so that a value computed
// twice by concurrent callers is the same value; key must be comparable and
// should be a type private to the caller's package. An event holds one
// cached value: a Memo call with another key replaces it. Memo is safe for
// concurrent use.
func (e *Event) Memo(key any, compute func(*Event) any) any {
	if m := e.memo.Load(); m != nil && m.key == key {
		return m.val
	}
	v := compute(e)
	e.memo.Store(&memo{key: key, val: v})
	return v
}
