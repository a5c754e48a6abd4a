package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// TwoFactorSettingsService configures two-factor authentication: the platform settings and the current user's providers. See Client.TwoFactorSettings.
//
// The account methods also work while the client holds only the
// MFA_CONFIGURATION_TOKEN of a login to a platform that enforces two-factor
// authentication (LoginResult.TwoFactorSetupRequired): they then use that token.
// Configure a provider (GenerateAccountConfig, then VerifyAndSaveAccountConfig)
// and call FinishEnforcedSetup to obtain a full session.
type TwoFactorSettingsService service

// TwoFactorProviderType names a second-factor provider. A value this package does not
// list round-trips unchanged.
type TwoFactorProviderType string

// Two-factor provider types.
const (
	TwoFactorTOTP       TwoFactorProviderType = "TOTP"
	TwoFactorSMS        TwoFactorProviderType = "SMS"
	TwoFactorEmail      TwoFactorProviderType = "EMAIL"
	TwoFactorBackupCode TwoFactorProviderType = "BACKUP_CODE"
)

// TwoFactorProviderConfig is the platform configuration of one provider. The server
// picks the fields by ProviderType: IssuerName for TOTP, VerificationCodeLifetime for
// SMS and EMAIL, SMSVerificationMessageTemplate (which must contain "${code}") for SMS,
// CodesQuantity for BACKUP_CODE.
type TwoFactorProviderConfig struct {
	ProviderType                   TwoFactorProviderType `json:"providerType"`
	IssuerName                     string                `json:"issuerName,omitzero"`
	VerificationCodeLifetime       int                   `json:"verificationCodeLifetime,omitzero"`
	SMSVerificationMessageTemplate string                `json:"smsVerificationMessageTemplate,omitzero"`
	CodesQuantity                  int                   `json:"codesQuantity,omitzero"`
}

// PlatformTwoFactorSettings are the platform's (or, on Professional Edition, a
// tenant's) two-factor authentication settings.
type PlatformTwoFactorSettings struct {
	// UseSystemTwoFactorAuthSettings makes a tenant use the system settings
	// (Professional Edition).
	UseSystemTwoFactorAuthSettings bool `json:"useSystemTwoFactorAuthSettings,omitzero"`
	// Providers are the enabled providers; the server requires the list.
	Providers []TwoFactorProviderConfig `json:"providers"`
	// MinVerificationCodeSendPeriod is the least time between two codes, in seconds (5 or more).
	MinVerificationCodeSendPeriod int `json:"minVerificationCodeSendPeriod"`
	// VerificationCodeCheckRateLimit is "attempts:seconds", such as "3:900"; empty
	// means no limit.
	VerificationCodeCheckRateLimit           string `json:"verificationCodeCheckRateLimit,omitzero"`
	MaxVerificationFailuresBeforeUserLockout int    `json:"maxVerificationFailuresBeforeUserLockout,omitzero"`
	// TotalAllowedTimeForVerification is the time to finish a login, in seconds (60 or more).
	TotalAllowedTimeForVerification int `json:"totalAllowedTimeForVerification"`
	// EnforceTwoFa makes every user that EnforcedUsersFilter selects configure a
	// provider at login.
	EnforceTwoFa        bool            `json:"enforceTwoFa,omitzero"`
	EnforcedUsersFilter json.RawMessage `json:"enforcedUsersFilter,omitzero"`
}

// TwoFactorAccountConfig is one provider configured for the current user. The fields
// used depend on ProviderType: AuthURL (an otpauth:// URL to show as a QR code) for
// TOTP, PhoneNumber (E.164, such as "+15551234567") for SMS, Email for EMAIL, Codes and
// CodesLeft for BACKUP_CODE.
type TwoFactorAccountConfig struct {
	ProviderType TwoFactorProviderType `json:"providerType"`
	UseByDefault bool                  `json:"useByDefault"`
	AuthURL      string                `json:"authUrl,omitzero"`
	PhoneNumber  string                `json:"phoneNumber,omitzero"`
	Email        string                `json:"email,omitzero"`
	Codes        []string              `json:"codes,omitzero"`
	CodesLeft    int                   `json:"codesLeft,omitzero"`
}

// AccountTwoFactorSettings are the providers the current user configured, by type.
type AccountTwoFactorSettings struct {
	Configs map[TwoFactorProviderType]TwoFactorAccountConfig `json:"configs"`
}

// accountToken returns the MFA configuration token when the client holds one, else "".
func (s *TwoFactorSettingsService) accountToken() string {
	a := s.client.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.apiKey == "" && a.user != nil && a.user.Authority == AuthorityMFAConfigurationToken {
		return a.tokens.Token
	}
	return ""
}

// account sends an account request, with the MFA configuration token if the client
// holds one.
func (s *TwoFactorSettingsService) account(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return s.client.send(ctx, &request{method: method, path: path, query: query, body: body, out: out, token: s.accountToken()})
}

// GetPlatformSettings returns the platform's two-factor settings, or nil when none
// were saved.
//
//tb:operation GET /api/2fa/settings
func (s *TwoFactorSettingsService) GetPlatformSettings(ctx context.Context) (*PlatformTwoFactorSettings, error) {
	var out *PlatformTwoFactorSettings
	if err := s.client.do(ctx, http.MethodGet, "/api/2fa/settings", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SavePlatformSettings replaces the platform's two-factor settings and returns them as
// stored.
//
//tb:operation POST /api/2fa/settings
func (s *TwoFactorSettingsService) SavePlatformSettings(ctx context.Context, ps *PlatformTwoFactorSettings) (*PlatformTwoFactorSettings, error) {
	if ps == nil {
		return nil, errors.New("thingsboard: TwoFactorSettings.SavePlatformSettings: nil settings")
	}
	body := *ps
	if body.Providers == nil {
		body.Providers = []TwoFactorProviderConfig{}
	}
	out := new(PlatformTwoFactorSettings)
	if err := s.client.do(ctx, http.MethodPost, "/api/2fa/settings", nil, &body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListAvailableProviders returns the provider types the platform enables, which the
// current user may configure.
//
//tb:operation GET /api/2fa/providers
func (s *TwoFactorSettingsService) ListAvailableProviders(ctx context.Context) ([]TwoFactorProviderType, error) {
	var out []TwoFactorProviderType
	if err := s.account(ctx, http.MethodGet, "/api/2fa/providers", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetAccountSettings returns the current user's configured providers, or nil when the
// user has none.
//
//tb:operation GET /api/2fa/account/settings
func (s *TwoFactorSettingsService) GetAccountSettings(ctx context.Context) (*AccountTwoFactorSettings, error) {
	var out *AccountTwoFactorSettings
	if err := s.account(ctx, http.MethodGet, "/api/2fa/account/settings", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateAccountConfig starts configuring a provider for the current user: the server
// returns a new configuration (for TOTP with the secret in AuthURL, for BACKUP_CODE
// with the codes) that is not saved yet. Show it to the user, then pass it to
// VerifyAndSaveAccountConfig (after SubmitAccountConfig for SMS and EMAIL).
//
//tb:operation POST /api/2fa/account/config/generate
func (s *TwoFactorSettingsService) GenerateAccountConfig(ctx context.Context, providerType TwoFactorProviderType) (*TwoFactorAccountConfig, error) {
	if err := checkArgsOf("TwoFactorSettings.GenerateAccountConfig", "providerType", string(providerType)); err != nil {
		return nil, err
	}
	out := new(TwoFactorAccountConfig)
	q := url.Values{"providerType": {string(providerType)}}
	if err := s.account(ctx, http.MethodPost, "/api/2fa/account/config/generate", q, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// SubmitAccountConfig sends a verification code to the phone number or email address of
// an SMS or EMAIL configuration, to be checked by VerifyAndSaveAccountConfig.
//
//tb:operation POST /api/2fa/account/config/submit
func (s *TwoFactorSettingsService) SubmitAccountConfig(ctx context.Context, cfg *TwoFactorAccountConfig) error {
	if cfg == nil {
		return errors.New("thingsboard: TwoFactorSettings.SubmitAccountConfig: nil config")
	}
	if err := checkArgsOf("TwoFactorSettings.SubmitAccountConfig", "providerType", string(cfg.ProviderType)); err != nil {
		return err
	}
	return s.account(ctx, http.MethodPost, "/api/2fa/account/config/submit", nil, cfg, nil)
}

// VerifyAndSaveAccountConfig checks verificationCode against the configuration and
// saves it for the current user. The code is the one the provider produced (TOTP) or
// sent (SMS, EMAIL); BACKUP_CODE needs none (pass "").
//
//tb:operation POST /api/2fa/account/config
func (s *TwoFactorSettingsService) VerifyAndSaveAccountConfig(ctx context.Context, cfg *TwoFactorAccountConfig, verificationCode string) (*AccountTwoFactorSettings, error) {
	if cfg == nil {
		return nil, errors.New("thingsboard: TwoFactorSettings.VerifyAndSaveAccountConfig: nil config")
	}
	if err := checkArgsOf("TwoFactorSettings.VerifyAndSaveAccountConfig", "providerType", string(cfg.ProviderType)); err != nil {
		return nil, err
	}
	var q url.Values
	if verificationCode != "" {
		q = url.Values{"verificationCode": {verificationCode}}
	}
	out := new(AccountTwoFactorSettings)
	if err := s.account(ctx, http.MethodPost, "/api/2fa/account/config", q, cfg, out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateAccountConfig changes whether the current user's provider of the given type is
// the one used by default.
//
//tb:operation PUT /api/2fa/account/config
func (s *TwoFactorSettingsService) UpdateAccountConfig(ctx context.Context, providerType TwoFactorProviderType, useByDefault bool) (*AccountTwoFactorSettings, error) {
	if err := checkArgsOf("TwoFactorSettings.UpdateAccountConfig", "providerType", string(providerType)); err != nil {
		return nil, err
	}
	body := struct {
		UseByDefault bool `json:"useByDefault"`
	}{useByDefault}
	out := new(AccountTwoFactorSettings)
	q := url.Values{"providerType": {string(providerType)}}
	if err := s.account(ctx, http.MethodPut, "/api/2fa/account/config", q, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAccountConfig removes the current user's provider of the given type and
// returns the providers left.
//
//tb:operation DELETE /api/2fa/account/config
func (s *TwoFactorSettingsService) DeleteAccountConfig(ctx context.Context, providerType TwoFactorProviderType) (*AccountTwoFactorSettings, error) {
	if err := checkArgsOf("TwoFactorSettings.DeleteAccountConfig", "providerType", string(providerType)); err != nil {
		return nil, err
	}
	out := new(AccountTwoFactorSettings)
	q := url.Values{"providerType": {string(providerType)}}
	if err := s.account(ctx, http.MethodDelete, "/api/2fa/account/config", q, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// FinishEnforcedSetup ends a login that required configuring two-factor authentication:
// once a provider is saved, it exchanges the client's MFA configuration token for a
// full token pair, which the client keeps. Without such a token it returns
// ErrNotAuthenticated and sends nothing.
//
//tb:operation POST /api/auth/2fa/login
func (s *TwoFactorSettingsService) FinishEnforcedSetup(ctx context.Context) (*LoginResult, error) {
	tok := s.accountToken()
	if tok == "" {
		return nil, ErrNotAuthenticated
	}
	var pair Tokens
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/auth/2fa/login", token: tok, out: &pair}); err != nil {
		return nil, err
	}
	return s.client.acceptTokens(ctx, pair)
}
