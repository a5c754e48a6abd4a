package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	tb "github.com/tbgo/thingsboard"
)

// Error is an error answer. Handlers return it (or any error) and the server writes
// it: as ThingsBoard's JSON body {"status","message","errorCode","timestamp"}, or as
// a plain-text body when PlainText is set (the telemetry and RPC controllers do that).
// Any other error a handler returns is written as 500 with errorCode 2.
type Error struct {
	Status    int
	Code      tb.ErrorCode
	Message   string
	PlainText bool
	// Extra holds additional body fields, such as "resetToken" or "entityType" and "limit".
	Extra map[string]any
}

// Error returns the message with the status.
func (e *Error) Error() string { return fmt.Sprintf("%d: %s", e.Status, e.Message) }

// Errorf returns a JSON error answer with the given status, code and message.
func Errorf(status int, code tb.ErrorCode, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// PlainError returns a plain-text error answer (telemetry and RPC endpoints).
func PlainError(status int, format string, args ...any) *Error {
	return &Error{Status: status, Code: tb.CodeForStatus(status), Message: fmt.Sprintf(format, args...), PlainText: true}
}

// BadRequest returns 400 with errorCode 31 (BAD_REQUEST_PARAMS), the server's answer to
// invalid arguments such as "Device with such name already exists!".
func BadRequest(format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, tb.CodeBadRequestParams, format, args...)
}

// NotFound returns 404/32 "<entity> with id [<id>] is not found", for example
// NotFound("Device", id).
func NotFound(entity, id string) *Error {
	return Errorf(http.StatusNotFound, tb.CodeItemNotFound, "%s with id [%s] is not found", entity, id)
}

// ItemNotFound returns 404/32 "Requested item wasn't found!", the answer of by-name
// lookups and some older endpoints.
func ItemNotFound() *Error {
	return Errorf(http.StatusNotFound, tb.CodeItemNotFound, "Requested item wasn't found!")
}

// PermissionDenied returns 403/20 "You don't have permission to perform this operation!".
func PermissionDenied() *Error {
	return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
}

// VersionConflict returns 409/35 "<entity> was already changed by someone else".
func VersionConflict(entity string) *Error {
	return Errorf(http.StatusConflict, tb.CodeVersionConflict, "%s was already changed by someone else", entity)
}

// Unauthorized returns a 401 answer with the given code and message.
func Unauthorized(code tb.ErrorCode, msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: code, Message: msg}
}

// Standard authentication failures.
var (
	errAuthFailed   = Unauthorized(tb.CodeAuthentication, "Authentication failed")
	errBadCreds     = Unauthorized(tb.CodeAuthentication, "Invalid username or password")
	errTokenExpired = Unauthorized(tb.CodeJWTTokenExpired, "Token has expired")
	errNotActive    = Unauthorized(tb.CodeAuthentication, "User account is not active")
)

// WriteJSON writes v as a JSON body with status 200.
func WriteJSON(w http.ResponseWriter, v any) error { return WriteJSONStatus(w, http.StatusOK, v) }

// WriteJSONStatus writes v as a JSON body with the given status.
func WriteJSONStatus(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

// WriteText writes a plain-text body with the given status.
func WriteText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// WriteError writes err as the server would: an *Error as its JSON or plain-text body,
// any other error as 500/2 with the error's text. Timestamps come from the server clock.
func (s *Server) WriteError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Code: tb.CodeGeneral, Message: err.Error()}
	}
	if e.PlainText {
		WriteText(w, e.Status, e.Message)
		return
	}
	b, _ := json.Marshal(errorBody{e.Status, e.Message, int(e.Code), s.clock.Millis()})
	if len(e.Extra) > 0 {
		if extra, err := json.Marshal(e.Extra); err == nil && len(extra) > 2 {
			b = append(append(b[:len(b)-1], ','), extra[1:]...)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

// errorBody is ThingsboardErrorResponse, fields in the server's order.
type errorBody struct {
	Status    int    `json:"status"`
	Message   string `json:"message"`
	ErrorCode int    `json:"errorCode"`
	Timestamp int64  `json:"timestamp"`
}
