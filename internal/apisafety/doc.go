// Package apisafety holds the repository-wide test that every exported
// function and method of the library packages is safe to call with nil and
// zero arguments: it returns an error or a safe zero result and never
// panics (issue 12). The package has no non-test code.
package apisafety
