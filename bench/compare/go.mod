module github.com/mxauth/mxauth/bench/compare

go 1.26.0

require (
	github.com/mxauth/mxauth v0.0.0
	maunium.net/go/mautrix v0.32.0
)

require (
	github.com/tidwall/gjson v1.20.3 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.3.0 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	go.mau.fi/util v0.11.0 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e // indirect
)

replace github.com/mxauth/mxauth => ../..
