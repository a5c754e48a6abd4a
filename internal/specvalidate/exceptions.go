package specvalidate

import "slices"

// This file lists every place where the validator departs from the letter of
// the reference files, each with the reason. server-api.md refers to the
// project's notes on the server in shared/reference.

// CommonErrorStatuses are answered by every ThingsBoard REST endpoint, so they
// are accepted for every operation even where the spec does not declare them;
// the body is then checked against ThingsboardErrorResponse. 400, 401, 403,
// 404 and 429 are declared on nearly every operation of the spec anyway; 409
// is the optimistic-locking conflict (errorCode 35) of any save of a
// versioned entity; 413 is the payload limit on all of /api/**; 500 is the
// generic handler for unexpected exceptions (errorCode 2, 46); 503 is the other
// status the server's error handler maps to errorCode 2 (an overloaded node).
var CommonErrorStatuses = []int{400, 401, 403, 404, 409, 413, 429, 500, 503}

// skippedPrefixes are /api/ paths the REST spec does not describe.
var skippedPrefixes = []struct{ prefix, reason string }{
	{"/api/ws", "WebSocket endpoints (telemetry and notification subscriptions) are not REST operations"},
	{"/api/v1/", "the device HTTP transport API is served by the transport layer, outside the REST spec"},
}

// quirk is a spec-versus-server difference of one operation.
type quirk uint16

const (
	// rawJSONBody: the spec declares a text/plain string body, but the handler
	// takes the raw text of a JSON document, and clients send it as
	// application/json. The body is checked to be well-formed JSON only.
	rawJSONBody quirk = 1 << iota
	// deferredResult: the spec declares a JSON string for 200, but the handler
	// returns a DeferredResult<ResponseEntity>, whose body is empty or any
	// JSON document (the device's RPC reply, a rule engine reply). The body is
	// checked to be empty or well-formed JSON only.
	deferredResult
	// plainTextErrors: 4xx answers (and 500 on storage failure) may carry a
	// text/plain message or no body instead of ThingsboardErrorResponse.
	plainTextErrors
	// errorUnion: a 401 is declared as oneOf ThingsboardErrorResponse and
	// ThingsboardCredentialsExpiredResponse. The second only adds resetToken
	// to the first and neither forbids extra properties, so every error body
	// matches both branches and a strict oneOf could never pass: oneOf is
	// read as anyOf for these operations.
	errorUnion
	// rawString: the spec declares a JSON string for 200, but the handler
	// returns a Java String, which Spring's StringHttpMessageConverter writes
	// as is, without JSON quotes, even under application/json. A body that is
	// not JSON is taken as the string itself.
	rawString
	// twoFactorPair: with two-factor authentication the login answers
	// {"token":<pre-verification JWT>,"scope":"PRE_VERIFICATION_TOKEN"} (or
	// MFA_CONFIGURATION_TOKEN) without the refreshToken the spec requires
	// (JwtPair is written with NON_NULL inclusion; server-api.md 1.3, 1.5).
	twoFactorPair
	// emptyResult: the handler returns null when there is nothing to report,
	// which Spring writes as a 200 with an empty body.
	emptyResult
	// redirect: the handler answers with a redirect to a page of the web UI
	// (303 with a Location header and no body) instead of the declared 200.
	redirect
	// rawTextBody: the spec declares a JSON string body, but the handler's
	// @RequestBody String is filled by Spring's StringHttpMessageConverter with
	// the raw body text, so clients send the text unquoted. The body is not
	// checked.
	rawTextBody
)

var telemetryWrites = []string{
	"saveDeviceAttributes", "saveEntityAttributesV1", "saveEntityAttributesV2",
	"saveEntityTelemetry", "saveEntityTelemetryWithTTL",
}

var rpcCalls = []string{
	"handleOneWayDeviceRPCRequestV1", "handleTwoWayDeviceRPCRequestV1",
	"handleOneWayDeviceRPCRequestV2", "handleTwoWayDeviceRPCRequestV2",
}

var ruleEngineCalls = []string{
	"handleRuleEngineRequestForUser", "handleRuleEngineRequestForEntity",
	"handleRuleEngineRequestForEntityWithTimeout", "handleRuleEngineRequestForEntityWithQueueAndTimeout",
}

// exceptions are the per-operation differences between the spec and the
// server's documented behaviour. Every operation id must exist in the spec
// (a test checks this).
var exceptions = []struct {
	ops      []string
	quirks   quirk
	statuses []int
	reason   string
}{
	{slices.Concat(telemetryWrites, rpcCalls, ruleEngineCalls), rawJSONBody,
		nil, "@RequestBody String parsed as JSON; the body is a JSON object (telemetry also an array), sent as application/json (server-api.md 4.6, 4.9)"},
	{slices.Concat(telemetryWrites, rpcCalls, ruleEngineCalls, []string{"deleteDeviceAttributes", "deleteEntityAttributes", "deleteEntityTimeseries"}), deferredResult,
		nil, "DeferredResult<ResponseEntity>: writes and deletes answer 200 with an empty body, two-way RPC and rule engine calls with the reply JSON (server-api.md 4.6, 4.9)"},
	{rpcCalls, plainTextErrors,
		nil, "RPC access failures are plain text 403/404 (server-api.md 2.3, 4.9)"},
	{rpcCalls[:2], 0,
		[]int{408}, "v1 RPC answers 408 on timeout (server-api.md 4.9); v2 answers 504, which the spec declares"},
	{[]string{"getHelpBaseUrl", "getLoginProcessingUrl", "getMailProcessingUrl"}, rawString,
		nil, "these handlers return a Java String (a URL), written as bare text"},
	{[]string{"login", "refreshToken", "loginPublic"}, errorUnion,
		nil, "401 is oneOf two error schemas that every error body matches"},
	{[]string{"getHighestAlarmSeverity"}, emptyResult,
		nil, "an entity without alarms has no highest severity: the handler returns null, a 200 with no body"},
	{[]string{"login"}, twoFactorPair,
		nil, "a two-factor login answers a pre-verification token and its scope, without refreshToken"},
	{[]string{"getHomeDashboard", "getHomeDashboardInfo", "getMobileSession"}, emptyResult,
		nil, "DashboardController and UserController return null when no home dashboard or mobile session is set"},
	{[]string{"checkActivateToken", "checkResetToken"}, redirect | plainTextErrors,
		[]int{303}, "AuthController redirects to the UI's create-password, reset-password or link-expired page, and answers 409 with no body to an unknown token"},
	{[]string{"updateApiKeyDescription"}, rawTextBody,
		nil, "ApiKeyController takes @RequestBody Optional<String>, read as the raw body text"},
	{[]string{"saveDeviceWithCredentials"}, rawJSONBody,
		nil, "the spec marks the credentials' deviceId and credentialsId required, but the server fills them in (the new device's id; the hash of an MQTT_BASIC client id and user name), so clients leave them out; the body is checked to be JSON only"},
}

// plainTextPrefixes are path templates whose operations all have the
// plainTextErrors quirk.
var plainTextPrefixes = []struct{ prefix, reason string }{
	{"/api/plugins/telemetry/", "TelemetryController answers validation and access errors through AccessValidator with a plain string body, and 500 with an empty body on storage failure (server-api.md 2.3)"},
}

// hiddenOps are operations the server serves in every version but the 4.3.1.2+
// spec omits (server-api.md 4.2 to 4.6 marks them "hidden"). Clients use them
// to work across 3.x and 4.x. Each is built from the spec operation it
// resembles (like): its query parameters, body and responses, with the
// overrides given here. An operation with a when parameter is chosen over the
// spec's operation on the same method and path when that query parameter is
// present, like Spring's params condition.
var hiddenOps = []struct {
	id, method, path, when, like string
	query                        string // comma-separated names replacing like's query parameters; "!" marks required
	body                         string // "*": any JSON body
	noContent                    bool   // 200 has an empty body
	reason                       string
}{
	{id: "getTenantDeviceByNameLegacy", method: "GET", path: "/api/tenant/devices", when: "deviceName", like: "getTenantDeviceByName",
		reason: "GET /api/tenant/devices?deviceName= is served by all versions; GET /api/tenant/device exists only since 4.3.1.2"},
	{id: "getTenantAssetByNameLegacy", method: "GET", path: "/api/tenant/assets", when: "assetName", like: "getTenantAssetByName",
		reason: "GET /api/tenant/assets?assetName= is served by all versions; GET /api/tenant/asset exists only since 4.3.1.2"},
	{id: "getTenantEntityViewByNameLegacy", method: "GET", path: "/api/tenant/entityViews", when: "entityViewName", like: "getTenantEntityViewByName",
		reason: "GET /api/tenant/entityViews?entityViewName= is served by all versions; GET /api/tenant/entityView exists only since 4.3.1.2"},
	{id: "saveRelationLegacy", method: "POST", path: "/api/relation", like: "saveRelation", noContent: true,
		reason: "POST /api/relation (200, empty body) is served by all versions; /api/v2/relation exists since 3.8"},
	{id: "deleteRelationLegacy", method: "DELETE", path: "/api/relation", like: "deleteRelation", noContent: true,
		reason: "DELETE /api/relation (200, empty body) is served by all versions; /api/v2/relation exists since 3.8"},
	{id: "findByFromLegacy", method: "GET", path: "/api/relations", when: "fromId", like: "findEntityRelationsByFrom",
		query:  "fromId!,fromType!,relationType,relationTypeGroup",
		reason: "GET /api/relations?fromId&fromType[&relationType] is served by all versions; the path forms exist only since 4.3.1.2"},
	{id: "findByToLegacy", method: "GET", path: "/api/relations", when: "toId", like: "findEntityRelationsByTo",
		query:  "toId!,toType!,relationType,relationTypeGroup",
		reason: "GET /api/relations?toId&toType[&relationType] is served by all versions; the path forms exist only since 4.3.1.2"},
	{id: "findInfoByFromLegacy", method: "GET", path: "/api/relations/info", when: "fromId", like: "findEntityRelationInfosByFrom",
		query:  "fromId!,fromType!,relationTypeGroup",
		reason: "GET /api/relations/info?fromId&fromType is served by all versions; the path forms exist only since 4.3.1.2"},
	{id: "findInfoByToLegacy", method: "GET", path: "/api/relations/info", when: "toId", like: "findEntityRelationInfosByTo",
		query:  "toId!,toType!,relationTypeGroup",
		reason: "GET /api/relations/info?toId&toType is served by all versions; the path forms exist only since 4.3.1.2"},
	{id: "getTimeseriesLegacy", method: "GET", path: "/api/plugins/telemetry/{entityType}/{entityId}/values/timeseries", when: "startTs", like: "getTimeseriesHistory",
		reason: "history on .../values/timeseries?startTs&endTs is served by all versions; .../values/timeseries/history exists only since 4.3.1.2"},
	{id: "getSystemVersionInfo", method: "GET", path: "/api/system/info", like: "getGeneralUserSettings",
		reason: "SystemInfoController is hidden from the spec (@ApiIgnore) but GET /api/system/info (version, artifact, name, and the edition) is served by every version to any user"},
	{id: "loginPublic", method: "POST", path: "/api/auth/login/public", like: "login", body: "*",
		reason: "POST /api/auth/login/public {\"publicId\"} is a servlet filter, so springdoc does not see it (server-api.md 1.1)"},
}

// peHeaderNames appear in the query column of pe-operations.tsv but are header
// parameters of the generated client.
var peHeaderNames = map[string]bool{"acceptEncoding": true, "ifNoneMatch": true, "xMobileToken": true, "userAgent": true}

// peNotQuery appear in the query column of pe-operations.tsv for a CE
// operation but are not query parameters: the generated client's names for
// the request body ("body", "UUID" for a list of UUIDs) and for a multipart
// file ("_file").
var peNotQuery = map[string]bool{"body": true, "UUID": true, "_file": true}

// peQueryFixes: in pe-operations.tsv the generator put an enum-typed query
// parameter of these PE-only operations into the body column (a GET has no
// body, and the real body of the converter tests is listed as the query name
// "body"), and dropped the scope parameter of getCustomMenuInfos. The names
// are those of the PE Python client (pe-only-endpoints.md). The enum
// parameter's values are checked against the enum model named in the body
// column. A test checks that every PE-only operation with an enum model in
// the body column is listed here.
var peQueryFixes = map[string]struct{ enum, extra string }{
	"getConverters":         {enum: "integrationType"},
	"testUpLinkConverter":   {enum: "scriptLang"},
	"testDownLinkConverter": {enum: "scriptLang"},
	"getCustomMenuInfos":    {enum: "assigneeType", extra: "scope"},
	"getPrivacyPolicy":      {enum: "platform"},
	"getTermsOfUse":         {enum: "platform"},
}
