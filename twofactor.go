package thingsboard

import (
	"context"
	"net/http"
	"net/url"
)

// TwoFactorService completes a login that asked for a second factor
// (LoginResult.TwoFactorRequired). Its calls use the pre-verification token.
type TwoFactorService service

// TwoFactorProvider is one way the user can receive a verification code.
type TwoFactorProvider struct {
	Type                          string `json:"type"` // TOTP, SMS, EMAIL, BACKUP_CODE
	Default                       bool   `json:"default"`
	Contact                       string `json:"contact,omitempty"`
	MinVerificationCodeSendPeriod int    `json:"minVerificationCodeSendPeriod,omitempty"`
}

func (s *TwoFactorService) preToken() (string, error) {
	a := s.client.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.user == nil || a.user.Authority != AuthorityPreVerificationToken {
		return "", ErrNotAuthenticated
	}
	return a.tokens.Token, nil
}

// Providers lists the user's configured providers.
//
//tb:operation GET /api/auth/2fa/providers
func (s *TwoFactorService) Providers(ctx context.Context) ([]TwoFactorProvider, error) {
	tok, err := s.preToken()
	if err != nil {
		return nil, err
	}
	var out []TwoFactorProvider
	err = s.client.send(ctx, &request{method: http.MethodGet, path: "/api/auth/2fa/providers", token: tok, out: &out})
	return out, err
}

// SendCode asks the server to send a verification code through the provider
// (EMAIL, SMS; TOTP and BACKUP_CODE need no sending).
//
//tb:operation POST /api/auth/2fa/verification/send
func (s *TwoFactorService) SendCode(ctx context.Context, providerType string) error {
	tok, err := s.preToken()
	if err != nil {
		return err
	}
	return s.client.send(ctx, &request{method: http.MethodPost, path: "/api/auth/2fa/verification/send",
		query: url.Values{"providerType": {providerType}}, token: tok})
}

// VerifyCode checks the code; on success the client holds a full token pair.
//
//tb:operation POST /api/auth/2fa/verification/check
func (s *TwoFactorService) VerifyCode(ctx context.Context, providerType, code string) (*LoginResult, error) {
	tok, err := s.preToken()
	if err != nil {
		return nil, err
	}
	var pair Tokens
	err = s.client.send(ctx, &request{method: http.MethodPost, path: "/api/auth/2fa/verification/check",
		query: url.Values{"providerType": {providerType}, "verificationCode": {code}}, token: tok, out: &pair})
	if err != nil {
		return nil, err
	}
	return s.client.acceptTokens(ctx, pair)
}
