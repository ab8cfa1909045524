package roomversion

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionTable checks every descriptor against DIGEST §1 and
// DIGEST-V8-12 §1.1: each version is the previous one plus the flags that
// row names, so a flag set in the wrong version shows up here.
func TestVersionTable(t *testing.T) {
	type row struct {
		format                         EventFormat
		idFormat                       EventIDFormat
		stateRes                       StateResAlgorithm
		strict, keyValidity, idDomSig  bool
		aliases, redactRule, notif     bool
		knock, stringy, floaty         bool
		restricted, knockRestricted    bool
		integerPL, creatorIsSender     bool
		redactsInContent, byteLimits   bool
		privCreators, roomIDFromCreate bool
	}
	want := map[string]row{
		"1":  {FormatV1, EventIDGiven, StateResV1, false, false, true, true, true, false, false, true, true, false, false, false, false, false, false, false, false},
		"2":  {FormatV1, EventIDGiven, StateResV2, false, false, true, true, true, false, false, true, true, false, false, false, false, false, false, false, false},
		"3":  {FormatV3, EventIDRefHashStd, StateResV2, false, false, false, true, false, false, false, true, true, false, false, false, false, false, false, false, false},
		"4":  {FormatV4, EventIDRefHashURL, StateResV2, false, false, false, true, false, false, false, true, true, false, false, false, false, false, false, false, false},
		"5":  {FormatV4, EventIDRefHashURL, StateResV2, false, true, false, true, false, false, false, true, true, false, false, false, false, false, false, false, false},
		"6":  {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, false, true, false, false, false, false, false, false, false, false, false},
		"7":  {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, true, true, false, false, false, false, false, false, false, false, false},
		"8":  {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, true, true, false, true, false, false, false, false, false, false, false},
		"9":  {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, true, true, false, true, false, false, false, false, false, false, false},
		"10": {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, true, false, false, true, true, true, false, false, false, false, false},
		"11": {FormatV4, EventIDRefHashURL, StateResV2, true, true, false, false, false, true, true, false, false, true, true, true, true, true, true, false, false},
		"12": {FormatV4, EventIDRefHashURL, StateResV21, true, true, false, false, false, true, true, false, false, true, true, true, true, true, true, true, true},
	}
	v11 := RedactionRules{KeepJoinRulesAllow: true, KeepMemberJoinAuthorisedVia: true,
		KeepMemberThirdPartyInviteSigned: true, KeepCreateContent: true, KeepPowerLevelsInvite: true,
		KeepRedactionRedacts: true, DropOriginMembershipPrevState: true}
	redaction := map[string]RedactionRules{
		"1": {KeepAliasesAliases: true}, "2": {KeepAliasesAliases: true}, "3": {KeepAliasesAliases: true},
		"4": {KeepAliasesAliases: true}, "5": {KeepAliasesAliases: true}, "6": {}, "7": {},
		"8": {KeepJoinRulesAllow: true}, "9": {KeepJoinRulesAllow: true, KeepMemberJoinAuthorisedVia: true},
		"10": {KeepJoinRulesAllow: true, KeepMemberJoinAuthorisedVia: true}, "11": v11, "12": v11,
	}
	for _, v := range Supported() {
		t.Run("v"+v.ID, func(t *testing.T) {
			w, ok := want[v.ID]
			require.True(t, ok)
			got := row{v.EventFormat, v.EventIDFormat, v.StateRes,
				v.StrictCanonicalJSON, v.EnforceKeyValidity, v.EventIDDomainSignature,
				v.SpecialCaseAliasesAuth, v.RedactionAuthRule, v.NotificationsPowerLevels,
				v.Knocking, v.StringyPowerLevels, v.FloatyPowerLevels,
				v.RestrictedJoinRule, v.KnockRestrictedJoinRule,
				v.IntegerPowerLevels, v.CreatorIsCreateSender,
				v.RedactsInContent, v.StrictEventByteLimits,
				v.PrivilegedCreators, v.RoomIDFromCreateEvent}
			assert.Equal(t, w, got)
			assert.Equal(t, redaction[v.ID], v.Redaction)
			assert.True(t, v.Stable)
			assert.Equal(t, int64(MaxSafeInteger), v.MaxDepth, "DECISIONS D20: 2^53−1 in every version")
			assert.NoError(t, v.Valid())
		})
	}
	assert.Len(t, Supported(), 12)
}

func TestLookup(t *testing.T) {
	for _, id := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"} {
		v, err := Lookup(id)
		require.NoError(t, err)
		assert.Equal(t, id, v.ID)
		assert.True(t, Known(id))
	}
	for _, id := range []string{"", "0", "13", "99", " 6", "6 ", "v6", "org.matrix.msc2403", "org.matrix.hydra.11"} {
		_, err := Lookup(id)
		var uv *UnknownVersionError
		require.True(t, errors.As(err, &uv), "%q must be unknown", id)
		assert.Equal(t, id, uv.ID)
		assert.False(t, Known(id))
	}
}

func TestDefaultIsTwelve(t *testing.T) {
	assert.Equal(t, "12", Default().ID)
	assert.Equal(t, DefaultID, Default().ID)
}

func TestSupportedIsACopy(t *testing.T) {
	s := Supported()
	s[0].Knocking = true
	assert.False(t, Supported()[0].Knocking, "callers cannot mutate the descriptors")
	v1, _ := Lookup("1")
	assert.False(t, v1.Knocking)
}

func TestCustomVersion(t *testing.T) {
	v := V6()
	v.ID = "org.example.knock6"
	v.Knocking = true
	require.NoError(t, v.Valid())
	assert.False(t, V6().Knocking)
	assert.False(t, Known(v.ID), "custom versions are not registered anywhere")
}

func TestValidRejectsInconsistentDescriptors(t *testing.T) {
	for name, mutate := range map[string]func(*Version){
		"empty ID":        func(v *Version) { v.ID = "" },
		"format":          func(v *Version) { v.EventFormat = 0 },
		"id format":       func(v *Version) { v.EventIDFormat = 9 },
		"format mismatch": func(v *Version) { v.EventIDFormat = EventIDGiven },
		"state res":       func(v *Version) { v.StateRes = 0 },
		"state res 2.2":   func(v *Version) { v.StateRes = StateResV21 + 1 },
		"depth":           func(v *Version) { v.MaxDepth = 0 },
		"stringy ints":    func(v *Version) { v.IntegerPowerLevels = true; v.StringyPowerLevels = true },
		"knock_restr.":    func(v *Version) { v.KnockRestrictedJoinRule = true; v.Knocking = false },
		"creators":        func(v *Version) { v.PrivilegedCreators = true },
		"room ID from v1": func(v *Version) { *v = V1(); v.RoomIDFromCreateEvent = true },
	} {
		v := V7()
		mutate(&v)
		assert.Error(t, v.Valid(), name)
	}
}

func TestRecognized(t *testing.T) {
	for _, id := range []string{"1", "7", "8", "11", "12"} {
		assert.True(t, Recognized(id), id)
	}
	for _, id := range []string{"", "0", "13", "99", "6 ", "v6"} {
		assert.False(t, Recognized(id), id)
	}
}
