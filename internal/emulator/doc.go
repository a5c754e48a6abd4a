// Package emulator is the inside of the in-memory ThingsBoard server that package
// thingsboardtest and cmd/tbemu serve.
//
// # Handlers
//
// Each entity family lives in its own file and installs its routes from an init
// function, without touching the core:
//
//	func init() {
//		Register(func(s *Server) {
//			s.Handle("GET /api/customer/{customerId}", Authed(s.getCustomer, TenantAdmin, CustomerUser))
//		})
//	}
//
//	func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request, p *Principal) error {
//		id, err := PathUUID(r, "customerId")
//		if err != nil {
//			return err
//		}
//		var rec Record
//		s.store.Read(func(tx *Tx) { rec, err = readableCustomer(tx, p, id) })
//		if err != nil {
//			return err // for example NotFound("Customer", id) or PermissionDenied()
//		}
//		return WriteJSON(w, rec.Value)
//	}
//
// Patterns are "METHOD /path" with whole-segment wildcards; literal segments win over
// wildcards, as in the server. Authed checks the caller's authority (403 otherwise);
// Public handlers need no token. A handler returns an *Error (Errorf, BadRequest,
// NotFound, PermissionDenied, PlainError, ...) to answer with ThingsBoard's error body.
// DecodeJSON, ParsePageLink, RecordPage and Paginate cover request bodies and lists.
//
// Every operation of the real API (table operations, generated from the reference
// list of PE 4.3 operations) that no handler implements answers 501 naming the
// operation; in CE mode the PE-only ones answer 404 as a CE server does, and handlers
// registered for them are ignored. Unknown paths answer 404, wrong methods 405. New
// panics when two handlers claim one route, so building a server in a test checks
// every registration.
//
// # Store
//
// Store keeps entities as Records (a generic envelope with query-able Fields and the
// model Value), attributes, time series, relations, user credentials and API keys,
// under one lock; Write runs atomic compound changes and Subscribe delivers change
// Events. Other files keep their own state in extension tables (Table) and can turn
// the demo loader's generic JSON into their model types (RegisterModel) and add demo
// state (RegisterDemoHook).
//
// # Authentication
//
// Login, refresh, logout, public login, two-factor login and API keys follow the
// server: HS512 JWTs with the server's claims, signed with a random key per server,
// and exact invalidation (ExpireTokens, logout, OutdateUserTokens) tracked per
// token rather than by the one-second iat.
package emulator
