// Package specvalidate checks HTTP exchanges between the client and a
// ThingsBoard server against the official CE OpenAPI 3.1 specification, with
// PE-only operations checked against the PE operation table and PE models.
//
// It is test support: tests wrap the client's transport with
// [Validator.Transport] and call [Validator.Check] at the end.
//
//	func TestSomething(t *testing.T) {
//		v := specvalidate.ForTest(t) // skips when the spec is not found
//		hc := &http.Client{Transport: v.Transport(nil)}
//		// ... drive the client against a server or an emulator ...
//		v.Check(t) // logs "spec: validated N exchanges, M violations"; fails on violations
//	}
//
// Files: the CE spec is $THINGSBOARD_OPENAPI, or
// shared/reference/thingsboard-ce-4.3-openapi.json in the nearest ancestor
// directory that has it (the module root's sibling directory shared/ in a
// normal checkout). The PE files pe-operations.tsv and pe-models.json are
// taken from the CE spec's directory, else from that shared/reference
// directory. The spec is parsed once per test binary.
//
// # What is checked
//
// Only requests whose path contains an /api/ segment are examined; whatever
// precedes it (a base path of the server URL) is ignored. An operation is
// found by matching the path against the templated paths of the spec, such as
// /api/device/{deviceId}. When several templates match, the one with fewer
// variables wins, then the one whose first literal segment comes earlier, so
// /api/device/types beats /api/device/{deviceId}. Only templates that declare
// the request method take part, as in Spring's request mapping; if none does,
// the exchange is a wrong-method violation.
//
// Request: path and query parameter values against their schemas (integer
// with int32/int64 range, number, boolean as true/false, enum, uuid, arrays
// as repeated or comma-separated values); required query parameters are
// present; every query parameter is declared; the body is present when
// required, is absent when the operation takes none, has a declared content
// type, and a JSON body matches the requestBody schema.
//
// Response: the status is declared for the operation, or is one of the error
// statuses every ThingsBoard endpoint may answer with (400, 401, 403, 404,
// 409, 413, 429 and 500, see [CommonErrorStatuses]); such an undeclared error
// is checked against ThingsboardErrorResponse. The content type must be
// declared for the status and a JSON body must match its schema. An empty
// body is fine where the status declares no content or a schema that allows
// any value (JsonNode), and a violation where it declares anything else.
//
// Schemas are checked by a compact JSON Schema 2020-12 subset: type (with
// type arrays and "null"), enum, properties, required, additionalProperties,
// items, $ref, allOf, anyOf, oneOf, string length and pattern, numeric
// bounds, item and property counts, uniqueItems and the formats int32, int64
// and uuid. discriminator is informational only. Following OpenAPI, readOnly
// properties are not required in requests and their values are not checked
// there (clients send back createdTime, id, ...), and writeOnly ones likewise
// in responses.
//
// Optional properties may be null. The server serializes absent Java fields
// as null ("label": null, "firmwareId": null) and accepts null on input, while
// springdoc never writes "null" into a 3.1 type, so this is how the spec's
// property schemas are read rather than a loosening: a null is still a
// violation for a required property, an array item or a whole body.
//
// PE-only operations (in pe-operations.tsv but not in the CE spec) are
// checked best effort: the method and path must exist, query parameter names
// must be listed (pageSize and page are required where listed), and JSON
// bodies must match the named PE model's required fields, field types and
// enum values; a model that is not described is only checked to be JSON.
// Query parameters that the PE variant of a CE operation adds, such as
// entityGroupId on POST /api/device, are accepted on the CE operation too.
//
// # What is skipped
//
// WebSocket endpoints (/api/ws...) and the device HTTP transport API
// (/api/v1/...), which the REST spec does not describe, are not examined, nor
// are paths without an /api/ segment. Header parameters, multipart fields
// and non-JSON bodies are not checked beyond their content type.
//
// # Exceptions
//
// Where the spec disagrees with the server's documented behaviour, the
// difference is listed by operation, with the reason, in the tables of
// exceptions.go; nothing else is loosened. In short: telemetry, RPC and rule
// engine calls take a JSON body that the spec calls text/plain, and answer
// with an empty or free JSON body that the spec calls a string; telemetry and
// RPC errors may be plain text; v1 RPC may answer 408; a few String results
// are bare text; the 401 oneOf of login and token refresh is read as anyOf.
// Legacy operations that every server version serves but the 4.3.1.2+ spec
// hides (GET /api/tenant/devices?deviceName=, POST and DELETE /api/relation,
// GET /api/relations?fromId=..., history on .../values/timeseries?startTs=,
// POST /api/auth/login/public) are checked as their modern equivalents; Spring
// chooses them by the presence of a query parameter, and so does the
// validator.
//
// Requests to /api/ paths that match no operation are reported by
// [Validator.Unmatched] and count as violations.
package specvalidate
