package emulator

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// jwtIssuer is the "iss" claim of every token.
const jwtIssuer = "thingsboard.io"

// accessClaims are the claims of an access token, in the server's order.
type accessClaims struct {
	Sub        string   `json:"sub"`
	UserID     string   `json:"userId"`
	Scopes     []string `json:"scopes"`
	SessionID  string   `json:"sessionId"`
	Exp        int64    `json:"exp"`
	Iss        string   `json:"iss"`
	Iat        int64    `json:"iat"`
	FirstName  string   `json:"firstName,omitempty"`
	LastName   string   `json:"lastName,omitempty"`
	Enabled    bool     `json:"enabled"`
	IsPublic   bool     `json:"isPublic"`
	TenantID   string   `json:"tenantId"`
	CustomerID string   `json:"customerId"`
}

// refreshClaims are the claims of a refresh token.
type refreshClaims struct {
	Sub       string   `json:"sub"`
	UserID    string   `json:"userId"`
	Scopes    []string `json:"scopes"`
	SessionID string   `json:"sessionId"`
	IsPublic  bool     `json:"isPublic"`
	Jti       string   `json:"jti"`
	Iss       string   `json:"iss"`
	Iat       int64    `json:"iat"`
	Exp       int64    `json:"exp"`
}

// mfaClaims are the claims of a two-factor pre-verification or configuration token.
type mfaClaims struct {
	Sub        string   `json:"sub"`
	UserID     string   `json:"userId"`
	Scopes     []string `json:"scopes"`
	SessionID  string   `json:"sessionId"`
	Exp        int64    `json:"exp"`
	Iss        string   `json:"iss"`
	Iat        int64    `json:"iat"`
	TenantID   string   `json:"tenantId"`
	CustomerID string   `json:"customerId"`
}

// tokenClaims is the union of every claim, for decoding.
type tokenClaims struct {
	Sub        string   `json:"sub"`
	UserID     string   `json:"userId"`
	Scopes     []string `json:"scopes"`
	SessionID  string   `json:"sessionId"`
	Exp        int64    `json:"exp"`
	Iat        int64    `json:"iat"`
	Iss        string   `json:"iss"`
	Jti        string   `json:"jti"`
	FirstName  string   `json:"firstName"`
	LastName   string   `json:"lastName"`
	Enabled    bool     `json:"enabled"`
	IsPublic   bool     `json:"isPublic"`
	TenantID   string   `json:"tenantId"`
	CustomerID string   `json:"customerId"`
}

// jwtHeader is the encoded header {"alg":"HS512"}.
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS512"}`))

// signJWT encodes claims and signs them with key (HS512).
func signJWT(key []byte, claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(hs512(key, unsigned)), nil
}

func hs512(key []byte, data string) []byte {
	m := hmac.New(sha512.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

var (
	errMalformedJWT = errors.New("malformed token")
	errBadSignature = errors.New("bad token signature")
)

// parseJWT decodes a token and checks its signature. A token that is not a JWT gives
// errMalformedJWT; a JWT with a wrong signature or algorithm gives errBadSignature
// (the server reports both expiry and bad signatures as "Token has expired").
func parseJWT(key []byte, token string) (*tokenClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return nil, errMalformedJWT
	}
	hdr, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, errMalformedJWT
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hdr, &h) != nil {
		return nil, errMalformedJWT
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errMalformedJWT
	}
	var c tokenClaims
	if json.Unmarshal(payload, &c) != nil {
		return nil, errMalformedJWT
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || h.Alg != "HS512" || !hmac.Equal(sig, hs512(key, parts[0]+"."+parts[1])) {
		return nil, errBadSignature
	}
	return &c, nil
}
