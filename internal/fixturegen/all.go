package fixturegen

// All returns every fixture, in a fixed order.
func All() []*Room {
	var out []*Room
	for _, f := range []func() []*Room{
		createCases, authevCases, fedCases, aliasCases, joinCases, inviteCases,
		leaveCases, genericCases, plCases, plIntegerCases, redactCases, formatCases, signatureCases,
		restrictedCases, creatorCases, resolveV1Cases, resolveV2Cases, knockLifecycleCases,
	} {
		out = append(out, f()...)
	}
	return out
}
