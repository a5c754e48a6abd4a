package thingsboard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

const fxPlatformTwoFaJSON = `{"providers":[{"providerType":"TOTP","issuerName":"ThingsBoard"},` +
	`{"providerType":"SMS","verificationCodeLifetime":120,"smsVerificationMessageTemplate":"Verification code: ${code}"},` +
	`{"providerType":"EMAIL","verificationCodeLifetime":120},{"providerType":"BACKUP_CODE","codesQuantity":10}],` +
	`"minVerificationCodeSendPeriod":30,"verificationCodeCheckRateLimit":"3:900","maxVerificationFailuresBeforeUserLockout":10,` +
	`"totalAllowedTimeForVerification":3600,"enforceTwoFa":true,"enforcedUsersFilter":{"type":"SYSTEM_ADMINISTRATORS"}}`

func fxPlatformTwoFa() *PlatformTwoFactorSettings {
	return &PlatformTwoFactorSettings{
		Providers: []TwoFactorProviderConfig{
			{ProviderType: TwoFactorTOTP, IssuerName: "ThingsBoard"},
			{ProviderType: TwoFactorSMS, VerificationCodeLifetime: 120, SMSVerificationMessageTemplate: "Verification code: ${code}"},
			{ProviderType: TwoFactorEmail, VerificationCodeLifetime: 120},
			{ProviderType: TwoFactorBackupCode, CodesQuantity: 10},
		},
		MinVerificationCodeSendPeriod:            30,
		VerificationCodeCheckRateLimit:           "3:900",
		MaxVerificationFailuresBeforeUserLockout: 10,
		TotalAllowedTimeForVerification:          3600,
		EnforceTwoFa:                             true,
		EnforcedUsersFilter:                      []byte(`{"type":"SYSTEM_ADMINISTRATORS"}`),
	}
}

const fxTotpURL = "otpauth://totp/ThingsBoard:tenant@thingsboard.org?issuer=ThingsBoard&secret=FUNBIM3CXFNNGQR6ZIPVWHP65PPFWDII"

const fxAccountTwoFaJSON = `{"configs":{"TOTP":{"providerType":"TOTP","useByDefault":true,"authUrl":"` + fxTotpURL + `"},` +
	`"SMS":{"providerType":"SMS","useByDefault":false,"phoneNumber":"+15551234567"},` +
	`"BACKUP_CODE":{"providerType":"BACKUP_CODE","useByDefault":false,"codesLeft":8}}}`

func fxAccountTwoFa() *AccountTwoFactorSettings {
	return &AccountTwoFactorSettings{Configs: map[TwoFactorProviderType]TwoFactorAccountConfig{
		TwoFactorTOTP:       {ProviderType: TwoFactorTOTP, UseByDefault: true, AuthURL: fxTotpURL},
		TwoFactorSMS:        {ProviderType: TwoFactorSMS, PhoneNumber: "+15551234567"},
		TwoFactorBackupCode: {ProviderType: TwoFactorBackupCode, CodesLeft: 8},
	}}
}

func TestTwoFactorSettingsService(t *testing.T) {
	totp := &TwoFactorAccountConfig{ProviderType: TwoFactorTOTP, UseByDefault: true, AuthURL: fxTotpURL}
	totpJSON := `{"providerType":"TOTP","useByDefault":true,"authUrl":"` + fxTotpURL + `"}`
	pfRun(t, []pfCase{
		{
			name: "GetPlatformSettings", method: "GET", path: "/api/2fa/settings", answer: fxPlatformTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.TwoFactorSettings.GetPlatformSettings(ctx) },
			want: fxPlatformTwoFa(),
		},
		{
			name: "GetPlatformSettingsNone", method: "GET", path: "/api/2fa/settings", ctype: "application/json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.TwoFactorSettings.GetPlatformSettings(ctx) },
			want: (*PlatformTwoFactorSettings)(nil),
		},
		{
			name: "SavePlatformSettings", method: "POST", path: "/api/2fa/settings", answer: fxPlatformTwoFaJSON,
			body: fxPlatformTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.SavePlatformSettings(ctx, fxPlatformTwoFa())
			},
			want: fxPlatformTwoFa(),
		},
		{
			name: "SavePlatformSettingsNoProviders", method: "POST", path: "/api/2fa/settings",
			answer: `{"providers":[],"minVerificationCodeSendPeriod":30,"totalAllowedTimeForVerification":3600}`,
			body:   `{"providers":[],"minVerificationCodeSendPeriod":30,"totalAllowedTimeForVerification":3600}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.SavePlatformSettings(ctx, &PlatformTwoFactorSettings{MinVerificationCodeSendPeriod: 30, TotalAllowedTimeForVerification: 3600})
			},
			want: &PlatformTwoFactorSettings{Providers: []TwoFactorProviderConfig{}, MinVerificationCodeSendPeriod: 30, TotalAllowedTimeForVerification: 3600},
		},
		{
			name: "ListAvailableProviders", method: "GET", path: "/api/2fa/providers", answer: `["TOTP","EMAIL","BACKUP_CODE"]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.ListAvailableProviders(ctx)
			},
			want: []TwoFactorProviderType{TwoFactorTOTP, TwoFactorEmail, TwoFactorBackupCode},
		},
		{
			name: "GetAccountSettings", method: "GET", path: "/api/2fa/account/settings", answer: fxAccountTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.TwoFactorSettings.GetAccountSettings(ctx) },
			want: fxAccountTwoFa(),
		},
		{
			name: "GetAccountSettingsNone", method: "GET", path: "/api/2fa/account/settings",
			call: func(ctx context.Context, c *Client) (any, error) { return c.TwoFactorSettings.GetAccountSettings(ctx) },
			want: (*AccountTwoFactorSettings)(nil),
		},
		{
			name: "GenerateAccountConfig", method: "POST", path: "/api/2fa/account/config/generate",
			query: map[string]string{"providerType": "TOTP"}, answer: totpJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.GenerateAccountConfig(ctx, TwoFactorTOTP)
			},
			want: totp,
		},
		{
			name: "GenerateBackupCodes", method: "POST", path: "/api/2fa/account/config/generate",
			query:  map[string]string{"providerType": "BACKUP_CODE"},
			answer: `{"providerType":"BACKUP_CODE","useByDefault":false,"codes":["1a2b3c4d","5e6f7a8b"],"codesLeft":2}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.GenerateAccountConfig(ctx, TwoFactorBackupCode)
			},
			want: &TwoFactorAccountConfig{ProviderType: TwoFactorBackupCode, Codes: []string{"1a2b3c4d", "5e6f7a8b"}, CodesLeft: 2},
		},
		{
			name: "SubmitAccountConfig", method: "POST", path: "/api/2fa/account/config/submit",
			body: `{"providerType":"SMS","useByDefault":false,"phoneNumber":"+15551234567"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.TwoFactorSettings.SubmitAccountConfig(ctx, &TwoFactorAccountConfig{ProviderType: TwoFactorSMS, PhoneNumber: "+15551234567"})
			},
		},
		{
			name: "VerifyAndSaveAccountConfig", method: "POST", path: "/api/2fa/account/config",
			query: map[string]string{"verificationCode": "123456"}, body: totpJSON, answer: fxAccountTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx, totp, "123456")
			},
			want: fxAccountTwoFa(),
		},
		{
			name: "VerifyAndSaveBackupCodes", method: "POST", path: "/api/2fa/account/config",
			body:   `{"providerType":"BACKUP_CODE","useByDefault":false,"codes":["1a2b3c4d"]}`,
			answer: fxAccountTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx,
					&TwoFactorAccountConfig{ProviderType: TwoFactorBackupCode, Codes: []string{"1a2b3c4d"}}, "")
			},
			want: fxAccountTwoFa(),
		},
		{
			name: "UpdateAccountConfig", method: "PUT", path: "/api/2fa/account/config",
			query: map[string]string{"providerType": "SMS"}, body: `{"useByDefault":true}`, answer: fxAccountTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.UpdateAccountConfig(ctx, TwoFactorSMS, true)
			},
			want: fxAccountTwoFa(),
		},
		{
			name: "DeleteAccountConfig", method: "DELETE", path: "/api/2fa/account/config",
			query: map[string]string{"providerType": "EMAIL"}, answer: fxAccountTwoFaJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TwoFactorSettings.DeleteAccountConfig(ctx, TwoFactorEmail)
			},
			want: fxAccountTwoFa(),
		},
	})

	t.Run("EnforcedSetup", func(t *testing.T) {
		exp := time.Now().Add(time.Hour).Unix()
		mfa := makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"MFA_CONFIGURATION_TOKEN"}, "exp": exp})
		full := makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"TENANT_ADMIN"}, "userId": "u1",
			"tenantId": "t1", "customerId": NullUUID, "exp": exp})
		var auths []string
		mux := http.NewServeMux()
		mux.HandleFunc("POST /api/2fa/account/config/generate", func(w http.ResponseWriter, r *http.Request) {
			auths = append(auths, r.Header.Get("X-Authorization"))
			writeJSON(w, http.StatusOK, totpJSON)
		})
		mux.HandleFunc("POST /api/2fa/account/config", func(w http.ResponseWriter, r *http.Request) {
			auths = append(auths, r.Header.Get("X-Authorization"))
			writeJSON(w, http.StatusOK, fxAccountTwoFaJSON)
		})
		mux.HandleFunc("POST /api/auth/2fa/login", func(w http.ResponseWriter, r *http.Request) {
			auths = append(auths, r.Header.Get("X-Authorization"))
			if b, _ := io.ReadAll(r.Body); len(b) != 0 {
				t.Errorf("login body = %s", b)
			}
			writeJSON(w, http.StatusOK, `{"token":"`+full+`","refreshToken":"`+full+`","scope":null}`)
		})
		mux.HandleFunc("GET /api/2fa/account/settings", func(w http.ResponseWriter, r *http.Request) {
			auths = append(auths, r.Header.Get("X-Authorization"))
			writeJSON(w, http.StatusOK, fxAccountTwoFaJSON)
		})
		mux.HandleFunc("GET /api/2fa/settings", func(w http.ResponseWriter, r *http.Request) {
			t.Error("a platform call was sent with the MFA configuration token")
		})
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		c, err := NewClient(srv.URL, WithToken(mfa, ""), WithRetry(RetryPolicy{}))
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		if _, err := c.TwoFactorSettings.GetPlatformSettings(ctx); !errors.Is(err, ErrTwoFactorRequired) {
			t.Errorf("GetPlatformSettings with the MFA token: %v, want ErrTwoFactorRequired", err)
		}
		cfg, err := c.TwoFactorSettings.GenerateAccountConfig(ctx, TwoFactorTOTP)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx, cfg, "654321"); err != nil {
			t.Fatal(err)
		}
		res, err := c.TwoFactorSettings.FinishEnforcedSetup(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.User == nil || res.User.Authority != AuthorityTenantAdmin || res.TwoFactorRequired || res.TwoFactorSetupRequired {
			t.Errorf("login result = %+v", res)
		}
		if _, err := c.TwoFactorSettings.GetAccountSettings(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{"Bearer " + mfa, "Bearer " + mfa, "Bearer " + mfa, "Bearer " + full}
		if !reflect.DeepEqual(auths, want) {
			t.Errorf("credentials = %q, want %q", auths, want)
		}
		if _, err := c.TwoFactorSettings.FinishEnforcedSetup(ctx); !errors.Is(err, ErrNotAuthenticated) {
			t.Errorf("FinishEnforcedSetup with a full token: %v, want ErrNotAuthenticated", err)
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"SavePlatformSettings": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.SavePlatformSettings(ctx, nil)
				return err
			},
			"GenerateAccountConfig": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.GenerateAccountConfig(ctx, "")
				return err
			},
			"SubmitAccountConfig nil": func(ctx context.Context, c *Client) error {
				return c.TwoFactorSettings.SubmitAccountConfig(ctx, nil)
			},
			"SubmitAccountConfig type": func(ctx context.Context, c *Client) error {
				return c.TwoFactorSettings.SubmitAccountConfig(ctx, &TwoFactorAccountConfig{})
			},
			"VerifyAndSaveAccountConfig nil": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx, nil, "1")
				return err
			},
			"VerifyAndSaveAccountConfig type": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx, &TwoFactorAccountConfig{}, "1")
				return err
			},
			"UpdateAccountConfig": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.UpdateAccountConfig(ctx, "", true)
				return err
			},
			"DeleteAccountConfig": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.DeleteAccountConfig(ctx, "")
				return err
			},
			"FinishEnforcedSetup": func(ctx context.Context, c *Client) error {
				_, err := c.TwoFactorSettings.FinishEnforcedSetup(ctx)
				return err
			},
		})
	})
}
