package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
)

// TestParsePowerLevel checks DEF-PL-4 per version flag: JSON integers
// everywhere; stringy integers only with StringyPowerLevels (v1–9); floats
// only with FloatyPowerLevels (v1–5); never booleans, null, objects or
// lists; in v10+ (IntegerPowerLevels) JSON integers and nothing else.
func TestParsePowerLevel(t *testing.T) {
	cases := []struct {
		raw  string
		want int64
		ok   func(v roomversion.Version) bool
	}{
		{`50`, 50, func(roomversion.Version) bool { return true }},
		{`-7`, -7, func(roomversion.Version) bool { return true }},
		{`"50"`, 50, func(v roomversion.Version) bool { return v.StringyPowerLevels && !v.IntegerPowerLevels }},
		{`" +0050 "`, 50, func(v roomversion.Version) bool { return v.StringyPowerLevels && !v.IntegerPowerLevels }},
		{`1.9`, 1, func(v roomversion.Version) bool { return v.FloatyPowerLevels && !v.IntegerPowerLevels }},
		{`true`, 0, func(roomversion.Version) bool { return false }},
		{`null`, 0, func(roomversion.Version) bool { return false }},
		{`{}`, 0, func(roomversion.Version) bool { return false }},
		{`[1]`, 0, func(roomversion.Version) bool { return false }},
		{`"abc"`, 0, func(roomversion.Version) bool { return false }},
		{" 50\n", 50, func(roomversion.Version) bool { return true }},
		{`"\u0035"`, 5, func(v roomversion.Version) bool { return v.StringyPowerLevels && !v.IntegerPowerLevels }},
		{`1e300`, 0, func(roomversion.Version) bool { return false }},
		{`9223372036854775808`, 0, func(roomversion.Version) bool { return false }},
		{`1 2`, 0, func(roomversion.Version) bool { return false }},
		{`"5`, 0, func(roomversion.Version) bool { return false }},
		{`05`, 0, func(roomversion.Version) bool { return false }},
		{``, 0, func(roomversion.Version) bool { return false }},
	}
	for _, v := range roomversion.Supported() {
		for _, c := range cases {
			n, ok := auth.ParsePowerLevel(c.raw, v)
			want := c.ok(v)
			if ok != want || (ok && n != c.want) {
				t.Errorf("v%s %s: got %d, %v; want %d, %v", v.ID, c.raw, n, ok, c.want, want)
			}
		}
	}
}
