package conformance

import (
	"github.com/mxauth/mxauth/internal/fixture"
)

// Run checks every expectation of f: the `auth` verdicts in file order,
// then the `auth_state` cases in file order, then the `resolve` cases in file order, then the `redact` expectations
// in event order. The fixture passes only when all of them hold.
func Run(f *fixture.Fixture) Result { return Options{}.Run(f) }

// Run is [Run] with the options o. Its outcomes are built by the same
// functions an external judge's answers go through ([AuthOutcome],
// [ResolveOutcome], [RedactOutcome], [Result.Finish]), so both runs
// compare alike.
func (o Options) Run(f *fixture.Fixture) Result {
	r := Result{Path: f.Path, Name: f.Name}
	if len(f.AuthOrder) > 0 || len(f.AuthState) > 0 {
		verdicts := o.Judge(f)
		for _, id := range f.AuthOrder {
			v := &verdicts[f.Lookup(id).Index]
			r.Outcomes = append(r.Outcomes, AuthOutcome(f, id, v.Verdict(), v.Rule, v.Reason))
		}
		for _, c := range f.AuthState {
			got, rule, reason := o.JudgeAuthState(f, verdicts, c)
			r.Outcomes = append(r.Outcomes, AuthStateOutcome(c, got, rule, reason))
		}
	}
	for _, rc := range f.Resolve {
		got, err := Resolve(f, rc.StateSets, rc.Rejected)
		r.Outcomes = append(r.Outcomes, ResolveOutcome(rc, got, fixture.ResolveErrorCode(err), err))
	}
	for _, id := range RedactOrder(f) {
		got, err := redactEntry(f, f.Lookup(id))
		r.Outcomes = append(r.Outcomes, RedactOutcome(id, f.Redact[id], got, err))
	}
	r.Finish()
	return r
}
