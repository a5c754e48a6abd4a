// Package thingsboardtest runs an in-memory ThingsBoard server for tests, the way
// net/http/httptest runs an HTTP server:
//
//	srv := thingsboardtest.NewServer(t)
//	c, _ := thingsboard.NewClient(srv.URL)
//	c.Login(ctx, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
//
// The server speaks ThingsBoard's REST and WebSocket protocol (JSON shapes, status
// codes, error bodies, JWT claims) and starts with the demo data of a fresh install:
// the system administrator sysadmin@thingsboard.org/sysadmin, the tenant administrator
// tenant@thingsboard.org/tenant, customers A, B and C with their users (password
// "customer"), demo devices, device profiles and dashboards. Demo returns their ids.
//
// It emulates a Community Edition server by default; WithEdition(PE) emulates a
// Professional Edition server. An operation of the real API that the emulator does
// not implement answers 501 with a ThingsBoard-shaped body naming the operation.
//
// For failure tests it can expire every token (ExpireTokens), fail the next requests
// (FailNext), drop WebSockets (DropWebSockets) and move its clock (Clock), and it
// counts requests (Requests).
package thingsboardtest
