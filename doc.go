// Package thingsboard is a client for the ThingsBoard IoT platform's REST and
// WebSocket APIs, for Community and Professional Edition servers (3.7 to 4.3).
//
// Create a client, log in, and use its services:
//
//	c, err := thingsboard.NewClient("http://localhost:8080")
//	if err != nil { ... }
//	if _, err := c.Login(ctx, "tenant@thingsboard.org", "tenant"); err != nil { ... }
//	page, err := c.Devices.ListTenant(ctx, thingsboard.NewPageLink(10), nil)
//
// Every method takes a context and returns an error. Server errors are *APIError values
// that match the sentinels of this package (ErrNotFound, ErrPermissionDenied,
// ErrTokenExpired, ErrRateLimited, ...) through errors.Is. Tokens are refreshed before
// they expire, and once (for all concurrent callers) when the server reports an expired
// token; API keys (WithAPIKey) need no login at all.
//
// Lists return one Page at a time; All and the services' ...All methods iterate over
// every page. The package thingsboardtest runs an in-memory ThingsBoard for tests.
package thingsboard
