package thingsboard

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAPIErrorJSON(t *testing.T) {
	body := `{"status":404,"message":"Device with id [x] is not found","errorCode":32,"timestamp":1719500000000}`
	e := parseAPIError("GET", "/api/device/x", 404, "application/json", []byte(body))
	if e.Code != CodeItemNotFound || e.Message != "Device with id [x] is not found" || e.Timestamp != 1719500000000 || e.PlainText {
		t.Fatalf("parsed %+v", e)
	}
	if string(e.Body) != body {
		t.Fatalf("body = %s", e.Body)
	}
	if !errors.Is(e, ErrNotFound) || errors.Is(e, ErrPermissionDenied) || errors.Is(e, ErrUnauthorized) {
		t.Fatalf("sentinel matching wrong for %v", e)
	}
}

func TestParseAPIErrorSubtypes(t *testing.T) {
	e := parseAPIError("POST", "/api/auth/login", 401, "application/json",
		[]byte(`{"status":401,"message":"User password expired!","errorCode":15,"resetToken":"rt","timestamp":1}`))
	if !errors.Is(e, ErrCredentialsExpired) || !errors.Is(e, ErrUnauthorized) || e.ResetToken != "rt" {
		t.Fatalf("credentials expired: %+v", e)
	}
	e = parseAPIError("POST", "/api/device", 403, "application/json",
		[]byte(`{"status":403,"message":"limit","errorCode":41,"entityType":"DEVICE","limit":10,"timestamp":1}`))
	if !errors.Is(e, ErrEntitiesLimitExceeded) || e.EntityType != EntityTypeDevice || e.Limit != 10 {
		t.Fatalf("entities limit: %+v", e)
	}
}

func TestParseAPIErrorPlainText(t *testing.T) {
	e := parseAPIError("POST", "/api/plugins/telemetry/DEVICE/x/attributes/CLIENT_SCOPE", 400, "text/plain",
		[]byte("Invalid scope: CLIENT_SCOPE"))
	if !e.PlainText || e.Code != CodeBadRequestParams || e.Message != "Invalid scope: CLIENT_SCOPE" || !errors.Is(e, ErrBadRequest) {
		t.Fatalf("plain text: %+v", e)
	}
	e = parseAPIError("GET", "/x", 500, "", nil)
	if e.Code != CodeGeneral || !errors.Is(e, ErrServer) {
		t.Fatalf("empty 500: %+v", e)
	}
}

func TestEveryErrorCodeHasASentinelOrName(t *testing.T) {
	cases := map[ErrorCode]error{
		CodeAuthentication: ErrAuthentication, CodeJWTTokenExpired: ErrTokenExpired, CodeCredentialsExpired: ErrCredentialsExpired,
		CodePermissionDenied: ErrPermissionDenied, CodeInvalidArguments: ErrBadRequest, CodeBadRequestParams: ErrBadRequest,
		CodeItemNotFound: ErrNotFound, CodeTooManyRequests: ErrRateLimited, CodeTooManyUpdates: ErrTooManyUpdates,
		CodeVersionConflict: ErrVersionConflict, CodeSubscriptionViolation: ErrSubscriptionViolation,
		CodeEntitiesLimitExceeded: ErrEntitiesLimitExceeded, CodePasswordViolation: ErrPasswordViolation, CodeDatabase: ErrDatabase,
	}
	for code, want := range cases {
		e := &APIError{StatusCode: 418, Code: code}
		if !errors.Is(e, want) {
			t.Errorf("code %d does not match %v", code, want)
		}
		if strings.HasPrefix(code.String(), "ErrorCode(") {
			t.Errorf("code %d has no name", code)
		}
	}
	if CodeGeneral.String() != "GENERAL" {
		t.Errorf("GENERAL name = %s", CodeGeneral)
	}
}
