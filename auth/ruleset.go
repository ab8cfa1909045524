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
	stepRedaction                   // REDACT-1..3
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
	// notifications makes PL-4/PL-5 cover content.notifications (v6+).
	notifications bool
	// stringy and floaty select the power-level grammar (DEF-PL-4, X1).
	stringy, floaty bool
}

// stepTables holds the step lists for each combination of the two flags
// that add or remove whole rule families. It is built once and never
// changed; callers cannot reach it.
var stepTables = buildStepTables()

const (
	flagAliases   = 1 << 0 // SpecialCaseAliasesAuth: ALIAS-* (v1–5)
	flagRedaction = 1 << 1 // RedactionAuthRule: REDACT-* (v1–2)
)

func buildStepTables() [4][]step {
	var t [4][]step
	for f := range t {
		s := []step{stepFederate}
		if f&flagAliases != 0 {
			s = append(s, stepAliases)
		}
		s = append(s, stepMember, stepSender, stepThirdParty, stepPower, stepStateKey, stepPowerLevels)
		if f&flagRedaction != 0 {
			s = append(s, stepRedaction)
		}
		t[f] = append(s, stepDefault)
	}
	return t
}

// rulesFor composes the rules of room version v from its flags.
func rulesFor(v roomversion.Version) ruleset {
	f := 0
	if v.SpecialCaseAliasesAuth {
		f |= flagAliases
	}
	if v.RedactionAuthRule {
		f |= flagRedaction
	}
	return ruleset{
		steps:         stepTables[f],
		knocking:      v.Knocking,
		notifications: v.NotificationsPowerLevels,
		stringy:       v.StringyPowerLevels,
		floaty:        v.FloatyPowerLevels,
	}
}
