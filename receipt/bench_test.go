package receipt_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
)

// benchEvents returns the PDU text of every accepted non-create event of the
// corpus fixtures in room version v that have computed IDs,
// with the lookup of its auth events.
func benchEvents(b *testing.B, v string) (pdus [][]byte, lookups []receipt.AuthEventLookup, version roomversion.Version) {
	for _, f := range loadCorpus(b) {
		if f.RoomVersion.ID != v || f.GivenIDs {
			continue
		}
		c := runCorpusFixture(f)
		for i, r := range c.results {
			if r.Accepted() && !r.Redacted && r.Event.Type() != event.TypeCreate {
				pdus = append(pdus, f.Events[i].Raw)
				lookups = append(lookups, c.lookupBefore(i))
				version = f.RoomVersion
			}
		}
	}
	if len(pdus) == 0 {
		b.Skip("no corpus events")
	}
	return pdus, lookups, version
}

// BenchmarkCheckCorpus is the pipeline on corpus events from their bytes,
// without signature checks: parse, event ID, content hash, auth events;
// "nohash" also skips the content hash, leaving parse, ID and the rules.
func BenchmarkCheckCorpus(b *testing.B) {
	for _, v := range []string{"6", "11", "12"} {
		for _, mode := range []string{"", "-nohash"} {
			b.Run("v"+v+mode, func(b *testing.B) {
				benchCheck(b, v, receipt.Options{SkipSignatures: true, SkipContentHash: mode != ""})
			})
		}
	}
}

func benchCheck(b *testing.B, v string, opts receipt.Options) {
	pdus, lookups, version := benchEvents(b, v)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(pdus)
		if r := receipt.Check(receipt.Input{PDU: pdus[k], Version: version, AuthEvents: lookups[k]}, opts); !r.Accepted() {
			b.Fatal(r.Err)
		}
	}
}

// BenchmarkParseAndCheckCorpus is the baseline the pipeline is measured
// against: parse with event ID, then the rules against the auth events.
func BenchmarkParseAndCheckCorpus(b *testing.B) {
	for _, v := range []string{"6", "11", "12"} {
		b.Run("v"+v, func(b *testing.B) {
			pdus, lookups, version := benchEvents(b, v)
			auths := make([][]*event.Event, len(pdus))
			for k, p := range pdus {
				ev, err := event.Parse(p, version)
				if err != nil {
					b.Fatal(err)
				}
				ids := ev.AppendAuthEventIDs(nil)
				if c, ok := ev.ImpliedCreateEventID(); ok {
					ids = append(ids, c)
				}
				for _, id := range ids {
					a, _ := lookups[k](id)
					auths[k] = append(auths[k], a)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % len(pdus)
				ev, err := event.Parse(pdus[k], version)
				if err != nil {
					b.Fatal(err)
				}
				if err := auth.CheckAuthEvents(ev, auths[k]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
