package roomversion

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionTable checks every descriptor against DIGEST §1.
func TestVersionTable(t *testing.T) {
	type row struct {
		format                        EventFormat
		idFormat                      EventIDFormat
		stateRes                      StateResAlgorithm
		redaction                     RedactionRules
		strict, keyValidity, idDomSig bool
		aliases, redactRule, notif    bool
		knock, stringy, floaty        bool
	}
	want := map[string]row{
		"1": {FormatV1, EventIDGiven, StateResV1, RedactionV1, false, false, true, true, true, false, false, true, true},
		"2": {FormatV1, EventIDGiven, StateResV2, RedactionV1, false, false, true, true, true, false, false, true, true},
		"3": {FormatV3, EventIDRefHashStd, StateResV2, RedactionV1, false, false, false, true, false, false, false, true, true},
		"4": {FormatV4, EventIDRefHashURL, StateResV2, RedactionV1, false, false, false, true, false, false, false, true, true},
		"5": {FormatV4, EventIDRefHashURL, StateResV2, RedactionV1, false, true, false, true, false, false, false, true, true},
		"6": {FormatV4, EventIDRefHashURL, StateResV2, RedactionV6, true, true, false, false, false, true, false, true, false},
		"7": {FormatV4, EventIDRefHashURL, StateResV2, RedactionV6, true, true, false, false, false, true, true, true, false},
	}
	for _, v := range Supported() {
		t.Run("v"+v.ID, func(t *testing.T) {
			w, ok := want[v.ID]
			require.True(t, ok)
			got := row{v.EventFormat, v.EventIDFormat, v.StateRes, v.Redaction,
				v.StrictCanonicalJSON, v.EnforceKeyValidity, v.EventIDDomainSignature,
				v.SpecialCaseAliasesAuth, v.RedactionAuthRule, v.NotificationsPowerLevels,
				v.Knocking, v.StringyPowerLevels, v.FloatyPowerLevels}
			assert.Equal(t, w, got)
			assert.True(t, v.Stable)
			assert.Equal(t, int64(MaxSafeInteger), v.MaxDepth, "DECISIONS D20: 2^53−1 in every version")
			assert.NoError(t, v.Valid())
		})
	}
	assert.Len(t, Supported(), 7)
}

func TestLookup(t *testing.T) {
	for _, id := range []string{"1", "2", "3", "4", "5", "6", "7"} {
		v, err := Lookup(id)
		require.NoError(t, err)
		assert.Equal(t, id, v.ID)
		assert.True(t, Known(id))
	}
	for _, id := range []string{"", "0", "8", "99", " 6", "6 ", "v6", "org.matrix.msc2403"} {
		_, err := Lookup(id)
		var uv *UnknownVersionError
		require.True(t, errors.As(err, &uv), "%q must be unknown", id)
		assert.Equal(t, id, uv.ID)
		assert.False(t, Known(id))
	}
}

func TestDefaultIsSix(t *testing.T) {
	assert.Equal(t, "6", Default().ID)
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
		"redaction":       func(v *Version) { v.Redaction = 3 },
		"depth":           func(v *Version) { v.MaxDepth = 0 },
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
