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
// the receipt pipeline from the PDU's bytes and its parts done by hand:
// parse with the event ID, the content-hash check, and CheckAuthEvents
// against the auth events already looked up. It reports ns per event of
// each as pipeline-ns, parse-ns, hash-ns and check-ns, and the ratios
// pipeline/(parse+check), the bound, and
// pipeline/(parse+hash+check), which isolates what the pipeline adds over
// its steps. "nohash" runs the pipeline without the content-hash step.
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
		for id := range ev.AuthEventIDsSeq() {
			a, _ := lookups[k](id)
			auths[k] = append(auths[k], a)
		}
		if c, ok := ev.ImpliedCreateEventID(); ok {
			a, _ := lookups[k](c)
			auths[k] = append(auths[k], a)
		}
	}
	var pipe, parse, hash, check time.Duration
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
			if _, err := event.Parse(pdus[k], version); err != nil {
				b.Fatal(err)
			}
		}
		t2 := time.Now()
		for k := range pdus {
			if ok, err := evs[k].ContentHashValid(); !ok || err != nil {
				b.Fatal("content hash", err)
			}
		}
		t3 := time.Now()
		for k := range pdus {
			if err := auth.CheckAuthEvents(evs[k], auths[k]); err != nil {
				b.Fatal(err)
			}
		}
		t4 := time.Now()
		pipe += t1.Sub(t0)
		parse += t2.Sub(t1)
		hash += t3.Sub(t2)
		check += t4.Sub(t3)
	}
	n := float64(b.N) * float64(len(pdus))
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / n }
	b.ReportMetric(per(pipe), "pipeline-ns")
	b.ReportMetric(per(parse), "parse-ns")
	b.ReportMetric(per(hash), "hash-ns")
	b.ReportMetric(per(check), "check-ns")
	b.ReportMetric(per(pipe)/(per(parse)+per(check)), "pipe/(parse+check)")
	steps := per(parse) + per(check)
	if !opts.SkipContentHash {
		steps += per(hash)
	}
	b.ReportMetric(per(pipe)/steps, "pipe/steps")
	b.ReportMetric(0, "ns/op") // an op is the whole corpus four times over: see the metrics
}
