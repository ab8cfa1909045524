package auth

import "github.com/mxauth/mxauth/roomversion"

// step is one rule family in the evaluation order of DIGEST §2 (DEF-ORDER)
// for every event that is not m.room.create.
type step uint8

const (
	stepFederate    step = iota + 1 // FED-1
	stepAliases                     // ALIAS-1..3
	stepMember                      // MEMBER-*
	stepSender                      // SENDER-1
	stepThirdParty                  // TPI-1
	stepPower                       // POWER-1
	stepStateKey                    // STATEKEY-1
	stepPowerLevels                 // PL-1..8
	stepRedaction                   // REDACT-1..3 (v1–2); the redact level read (v3+)
	stepDefault                     // DEFAULT-1
)

// ruleset is the rule list of one room version, derived only from the
// version's flags: this is the one place where versions differ.
type ruleset struct {
	// steps are the rule families in order.
	steps []step
	// knocking enables the knock membership and join rule (MEMBER-KNOCK-*,
	// MEMBER-JOIN-4 and MEMBER-LEAVE-1 in v7).
	knocking bool
	// redactionRule enables REDACT-1..3 (v1–2). Without it a redaction
	// only has its redact level read (see redaction).
	redactionRule bool
	// notifications makes PL-4/PL-5 cover content.notifications (v6+).
	notifications bool
	// stringy and floaty select the power-level grammar (DEF-PL-4, X1).
	stringy, floaty bool
}

// stepTables holds the step lists with and without the flag that adds or
// removes a whole rule family. It is built once and never changed;
// callers cannot reach it.
var stepTables = buildStepTables()

const flagAliases = 1 << 0 // SpecialCaseAliasesAuth: ALIAS-* (v1–5)

func buildStepTables() [2][]step {
	var t [2][]step
	for f := range t {
		s := []step{stepFederate}
		if f&flagAliases != 0 {
			s = append(s, stepAliases)
		}
		t[f] = append(s, stepMember, stepSender, stepThirdParty, stepPower, stepStateKey, stepPowerLevels, stepRedaction, stepDefault)
	}
	return t
}

// rulesFor composes the rules of room version v from its flags.
func rulesFor(v roomversion.Version) ruleset {
	f := 0
	if v.SpecialCaseAliasesAuth {
		f |= flagAliases
	}
	return ruleset{
		steps:         stepTables[f],
		redactionRule: v.RedactionAuthRule,
		knocking:      v.Knocking,
		notifications: v.NotificationsPowerLevels,
		stringy:       v.StringyPowerLevels,
		floaty:        v.FloatyPowerLevels,
	}
}
