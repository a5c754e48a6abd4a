// Package example holds what the example programs share: finding the server (the -url
// flag, $TB_URL, or an in-memory ThingsBoard started in-process) and logging in.
package example
