package roomversion_test

import (
	"fmt"

	"github.com/mxauth/mxauth/roomversion"
)

func ExampleLookup() {
	v, err := roomversion.Lookup("7")
	if err != nil {
		panic(err)
	}
	fmt.Println(v.ID, v.Knocking, v.StrictCanonicalJSON, v.StateRes == roomversion.StateResV2)

	_, err = roomversion.Lookup("99")
	fmt.Println(err)
	// Output:
	// 7 true true true
	// roomversion: unknown room version "99"
}

// A custom version is a value: copy a descriptor and change its flags.
func ExampleVersion_custom() {
	v := roomversion.V6()
	v.ID = "org.example.v6-with-knock"
	v.Knocking = true
	fmt.Println(v.Valid() == nil, roomversion.V6().Knocking)
	// Output: true false
}
