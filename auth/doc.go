// Package auth implements the Matrix authorization rules of room versions
// 1 to 7 as composable, named checks.
package auth
