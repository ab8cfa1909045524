package receipt_test

import (
	"testing"
	"time"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
)

// BenchmarkPipelineCost measures, in one run and interleaved over the same
// corpus events (accepted, non-create, computed IDs, no signature checks),
// the receipt pipeline from the PDU's bytes against the same work done by
// hand. It reports ns per event as:
//
//   - pipeline-ns: receipt.Check;
//   - hand-ns: what a caller writes without the pipeline, event by event:
//     event.Parse (format and event ID), the lookup of each auth event, and
//     auth.CheckAuthEvents; no content hash;
//   - parse-ns, check-ns: the parse alone and CheckAuthEvents alone
//     against auth events looked up before the clock starts, each in a loop
//     of its own (kinder to the caches than event-by-event work);
//   - hash-ns: ContentHashValid on an event parsed without the content
//     hash, which re-encodes it (the pipeline hashes the canonical text its
//     parse writes anyway, so its hash step costs less than this).
//
// and the ratios pipe/hand (the issue's bound "at most parse + ID +
// check", with the lookups that check needs) and pipe/(parse+check) (the
// same against the cache-friendly separate loops, without lookups).
// "nohash" runs the pipeline without the content-hash step, so that
// pipe/hand there is what the pipeline adds over the steps it runs.
func BenchmarkPipelineCost(b *testing.B) {
	for _, v := range []string{"6", "11", "12"} {
		for _, mode := range []string{"", "-nohash"} {
			b.Run("v"+v+mode, func(b *testing.B) {
				benchCost(b, v, receipt.Options{SkipSignatures: true, SkipContentHash: mode != ""})
			})
		}
	}
}

func benchCost(b *testing.B, v string, opts receipt.Options) {
	pdus, lookups, version := benchEvents(b, v)
	evs := make([]*event.Event, len(pdus))
	auths := make([][]*event.Event, len(pdus))
	for k, p := range pdus {
		ev, err := event.Parse(p, version)
		if err != nil {
			b.Fatal(err)
		}
		evs[k] = ev
		auths[k] = lookUp(ev, lookups[k], nil)
	}
	var pipe, hand, parse, hash, check time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		for k := range pdus {
			if r := receipt.Check(receipt.Input{PDU: pdus[k], Version: version, AuthEvents: lookups[k]}, opts); !r.Accepted() {
				b.Fatal(r.Err)
			}
		}
		t1 := time.Now()
		for k := range pdus {
			ev, err := event.Parse(pdus[k], version)
			if err != nil {
				b.Fatal(err)
			}
			var buf [16]*event.Event
			if err := auth.CheckAuthEvents(ev, lookUp(ev, lookups[k], buf[:0])); err != nil {
				b.Fatal(err)
			}
		}
		t2 := time.Now()
		for k := range pdus {
			if _, err := event.Parse(pdus[k], version); err != nil {
				b.Fatal(err)
			}
		}
		t3 := time.Now()
		for k := range pdus {
			if ok, err := evs[k].ContentHashValid(); !ok || err != nil {
				b.Fatal("content hash", err)
			}
		}
		t4 := time.Now()
		for k := range pdus {
			if err := auth.CheckAuthEvents(evs[k], auths[k]); err != nil {
				b.Fatal(err)
			}
		}
		t5 := time.Now()
		pipe += t1.Sub(t0)
		hand += t2.Sub(t1)
		parse += t3.Sub(t2)
		hash += t4.Sub(t3)
		check += t5.Sub(t4)
	}
	n := float64(b.N) * float64(len(pdus))
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / n }
	b.ReportMetric(per(pipe), "pipeline-ns")
	b.ReportMetric(per(hand), "hand-ns")
	b.ReportMetric(per(parse), "parse-ns")
	b.ReportMetric(per(hash), "hash-ns")
	b.ReportMetric(per(check), "check-ns")
	b.ReportMetric(per(pipe)/per(hand), "pipe/hand")
	b.ReportMetric(per(pipe)/(per(parse)+per(check)), "pipe/(parse+check)")
	b.ReportMetric(0, "ns/op") // an op is the whole corpus five times over: see the metrics
}

// lookUp appends to list the auth events of ev that lookup finds, the
// implied create event last, as auth.CheckAuthEvents takes them.
func lookUp(ev *event.Event, lookup receipt.AuthEventLookup, list []*event.Event) []*event.Event {
	for id := range ev.AuthEventIDsSeq() {
		a, _ := lookup(id)
		list = append(list, a)
	}
	if c, ok := ev.ImpliedCreateEventID(); ok {
		a, _ := lookup(c)
		list = append(list, a)
	}
	return list
}
