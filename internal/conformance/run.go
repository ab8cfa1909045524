package conformance

import (
	"github.com/mxauth/mxauth/internal/fixture"
)

// Run checks every expectation of f: the `auth` verdicts in file order,
// then the `resolve` cases in file order, then the `redact` expectations
// in event order. The fixture passes only when all of them hold.
func Run(f *fixture.Fixture) Result { return Options{}.Run(f) }

// Run is [Run] with the options o.
func (o Options) Run(f *fixture.Fixture) Result {
	r := Result{Path: f.Path, Name: f.Name}
	if len(f.AuthOrder) > 0 {
		verdicts := o.Judge(f)
		for _, id := range f.AuthOrder {
			v := &verdicts[f.Lookup(id).Index]
			oc := Outcome{Kind: KindAuth, Subject: id, Expected: f.Auth[id], Got: v.Verdict()}
			if !v.Allowed {
				oc.Rule, oc.Reason = v.Rule, v.Reason
			}
			oc.OK = oc.Expected == oc.Got
			r.Outcomes = append(r.Outcomes, oc)
		}
	}
	for _, rc := range f.Resolve {
		r.Outcomes = append(r.Outcomes, checkResolve(f, rc))
	}
	r.Outcomes = append(r.Outcomes, checkRedactions(f)...)
	r.Passed = true
	for _, oc := range r.Outcomes {
		if !oc.OK {
			r.Passed = false
			break
		}
	}
	return r
}
