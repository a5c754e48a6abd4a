package thingsboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrorCode is ThingsBoard's numeric error code, the "errorCode" field of its error bodies.
type ErrorCode int

// The server's error codes (ThingsboardErrorCode).
const (
	CodeGeneral               ErrorCode = 2
	CodeAuthentication        ErrorCode = 10
	CodeJWTTokenExpired       ErrorCode = 11
	CodeCredentialsExpired    ErrorCode = 15
	CodePermissionDenied      ErrorCode = 20
	CodeInvalidArguments      ErrorCode = 30
	CodeBadRequestParams      ErrorCode = 31
	CodeItemNotFound          ErrorCode = 32
	CodeTooManyRequests       ErrorCode = 33
	CodeTooManyUpdates        ErrorCode = 34
	CodeVersionConflict       ErrorCode = 35
	CodeSubscriptionViolation ErrorCode = 40
	CodeEntitiesLimitExceeded ErrorCode = 41
	CodePasswordViolation     ErrorCode = 45
	CodeDatabase              ErrorCode = 46
)

var codeNames = map[ErrorCode]string{
	CodeGeneral: "GENERAL", CodeAuthentication: "AUTHENTICATION", CodeJWTTokenExpired: "JWT_TOKEN_EXPIRED",
	CodeCredentialsExpired: "CREDENTIALS_EXPIRED", CodePermissionDenied: "PERMISSION_DENIED",
	CodeInvalidArguments: "INVALID_ARGUMENTS", CodeBadRequestParams: "BAD_REQUEST_PARAMS",
	CodeItemNotFound: "ITEM_NOT_FOUND", CodeTooManyRequests: "TOO_MANY_REQUESTS", CodeTooManyUpdates: "TOO_MANY_UPDATES",
	CodeVersionConflict: "VERSION_CONFLICT", CodeSubscriptionViolation: "SUBSCRIPTION_VIOLATION",
	CodeEntitiesLimitExceeded: "ENTITIES_LIMIT_EXCEEDED", CodePasswordViolation: "PASSWORD_VIOLATION", CodeDatabase: "DATABASE",
}

// String returns the server's name for the code, such as "ITEM_NOT_FOUND".
func (c ErrorCode) String() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("ErrorCode(%d)", int(c))
}

// CodeForStatus returns the error code ThingsBoard assigns to a generic HTTP status
// (its statusToErrorCodeMap): 400/405/406/413/415 → 31, 401 → 10, 403 → 20, 404 → 32, 429 → 33, else 2.
func CodeForStatus(status int) ErrorCode {
	switch status {
	case 400, 405, 406, 413, 415:
		return CodeBadRequestParams
	case 401:
		return CodeAuthentication
	case 403:
		return CodePermissionDenied
	case 404:
		return CodeItemNotFound
	case 429:
		return CodeTooManyRequests
	}
	return CodeGeneral
}

// APIError is an error answer from the server: any response with a status of 400 or more.
// It matches the sentinel errors of this package through errors.Is.
type APIError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is ThingsBoard's errorCode. For a plain-text error body (telemetry endpoints)
	// it is derived from the status with CodeForStatus.
	Code ErrorCode
	// Message is the server's message, or the plain-text body.
	Message string
	// Method and Path name the request that failed (the path without the query).
	Method, Path string
	// Timestamp is the server's epoch-millisecond timestamp of the error, when given.
	Timestamp int64
	// ResetToken is set with CodeCredentialsExpired: the token to reset the expired password.
	ResetToken string
	// EntityType and Limit are set with CodeEntitiesLimitExceeded.
	EntityType EntityType
	Limit      int64
	// PlainText reports that the server answered with a non-JSON body.
	PlainText bool
	// Body is the raw response body (at most 64 KiB), for the details some errors carry
	// beyond the message, such as the references that prevent a deletion.
	Body []byte
}

// Error returns a one-line description: method, path, status, code and message.
func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("thingsboard: %s %s: %d %s (errorCode %d): %s", e.Method, e.Path, e.StatusCode, e.Code, int(e.Code), msg)
}

// Is reports whether target is a sentinel that matches this error.
func (e *APIError) Is(target error) bool {
	s, ok := target.(*sentinel)
	return ok && s.match != nil && s.match(e)
}

type sentinel struct {
	msg   string
	match func(*APIError) bool
}

func (s *sentinel) Error() string { return s.msg }

func codeOrStatus(code ErrorCode, status int) func(*APIError) bool {
	return func(e *APIError) bool { return e.Code == code || (status != 0 && e.StatusCode == status) }
}

func codeOnly(code ErrorCode) func(*APIError) bool {
	return func(e *APIError) bool { return e.Code == code }
}

// Sentinel errors, matched by *APIError through errors.Is. Classification uses the
// HTTP status and the errorCode, never the message text.
var (
	// ErrNotFound: 404, or errorCode 32.
	ErrNotFound error = &sentinel{"thingsboard: not found", codeOrStatus(CodeItemNotFound, 404)}
	// ErrUnauthorized: any 401 (missing, invalid or expired credentials).
	ErrUnauthorized error = &sentinel{"thingsboard: unauthorized", func(e *APIError) bool { return e.StatusCode == 401 }}
	// ErrAuthentication: errorCode 10 (bad credentials, malformed token, disabled account).
	ErrAuthentication error = &sentinel{"thingsboard: authentication failed", codeOnly(CodeAuthentication)}
	// ErrTokenExpired: errorCode 11 (expired, outdated or badly signed JWT).
	ErrTokenExpired error = &sentinel{"thingsboard: token expired", codeOnly(CodeJWTTokenExpired)}
	// ErrCredentialsExpired: errorCode 15, the password expired; APIError.ResetToken is set.
	ErrCredentialsExpired error = &sentinel{"thingsboard: credentials expired", codeOnly(CodeCredentialsExpired)}
	// ErrPasswordViolation: errorCode 45.
	ErrPasswordViolation error = &sentinel{"thingsboard: password violates policy", codeOnly(CodePasswordViolation)}
	// ErrPermissionDenied: 403, or errorCode 20.
	ErrPermissionDenied error = &sentinel{"thingsboard: permission denied", codeOrStatus(CodePermissionDenied, 403)}
	// ErrBadRequest: 400, or errorCode 30 or 31.
	ErrBadRequest error = &sentinel{"thingsboard: bad request", func(e *APIError) bool {
		return e.StatusCode == 400 || e.Code == CodeInvalidArguments || e.Code == CodeBadRequestParams
	}}
	// ErrRateLimited: 429 with errorCode 33, or any 429.
	ErrRateLimited error = &sentinel{"thingsboard: too many requests", codeOrStatus(CodeTooManyRequests, 429)}
	// ErrTooManyUpdates: errorCode 34 (WebSocket update rate limit).
	ErrTooManyUpdates error = &sentinel{"thingsboard: too many updates", codeOnly(CodeTooManyUpdates)}
	// ErrVersionConflict: 409, or errorCode 35 (optimistic locking).
	ErrVersionConflict error = &sentinel{"thingsboard: version conflict", codeOrStatus(CodeVersionConflict, 409)}
	// ErrSubscriptionViolation: errorCode 40.
	ErrSubscriptionViolation error = &sentinel{"thingsboard: subscription violation", codeOnly(CodeSubscriptionViolation)}
	// ErrEntitiesLimitExceeded: errorCode 41; APIError.EntityType and Limit are set.
	ErrEntitiesLimitExceeded error = &sentinel{"thingsboard: entities limit exceeded", codeOnly(CodeEntitiesLimitExceeded)}
	// ErrDatabase: errorCode 46.
	ErrDatabase error = &sentinel{"thingsboard: database error", codeOnly(CodeDatabase)}
	// ErrServer: any 5xx status.
	ErrServer error = &sentinel{"thingsboard: server error", func(e *APIError) bool { return e.StatusCode >= 500 }}
)

// Client-side errors, returned before or instead of a request.
var (
	// ErrNotAuthenticated: the call needs a token or API key and the client has neither.
	ErrNotAuthenticated = errors.New("thingsboard: not authenticated: call Login or use WithAPIKey")
	// ErrTwoFactorRequired: the session holds only a two-factor pre-verification token;
	// finish the login with Client.TwoFactor.
	ErrTwoFactorRequired = errors.New("thingsboard: two-factor verification required")
)

// parseAPIError builds the error for a failed response body.
func parseAPIError(method, path string, status int, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path, Body: body[:min(len(body), 64<<10)]}
	trimmed := strings.TrimSpace(string(body))
	if strings.HasPrefix(trimmed, "{") {
		var raw struct {
			Status     int             `json:"status"`
			Message    string          `json:"message"`
			ErrorCode  json.RawMessage `json:"errorCode"`
			Timestamp  int64           `json:"timestamp"`
			ResetToken string          `json:"resetToken"`
			EntityType EntityType      `json:"entityType"`
			Limit      int64           `json:"limit"`
		}
		if json.Unmarshal(body, &raw) == nil {
			e.Message, e.Timestamp, e.ResetToken, e.EntityType, e.Limit = raw.Message, raw.Timestamp, raw.ResetToken, raw.EntityType, raw.Limit
			var n int
			if json.Unmarshal(raw.ErrorCode, &n) == nil && len(raw.ErrorCode) > 0 {
				e.Code = ErrorCode(n)
			} else {
				e.Code = CodeForStatus(status)
			}
			return e
		}
	}
	e.PlainText = true
	e.Code = CodeForStatus(status)
	const max = 512
	if len(trimmed) > max {
		trimmed = trimmed[:max] + "…"
	}
	e.Message = trimmed
	return e
}
