package thingsboard

import (
	"context"
	"testing"
)

const (
	fxSelfRegDomain  = "6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1c"
	fxSelfRegRole    = "6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1d"
	fxSelfRegTarget  = "6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1e"
	fxSelfRegDash    = "6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1f"
	fxSelfRegGroup   = "6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a20"
	fxSelfRegCaptcha = `{"version":"v3","siteKey":"6Lc-site","secretKey":"6Lc-secret","logActionName":"signup"}`
)

const fxSelfRegJSON = `{"type":"WEB","enabled":true,"title":"Sign up to Smart Energy","captcha":` + fxSelfRegCaptcha + `,` +
	`"permissions":[{"roleId":{"entityType":"ROLE","id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1d"},"isPublic":false}],` +
	`"notificationRecipient":{"entityType":"NOTIFICATION_TARGET","id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1e"},` +
	`"signUpFields":[{"id":"EMAIL","label":"Email","required":true},{"id":"PASSWORD","label":"Password","required":true},` +
	`{"id":"PHONE","label":"Phone","required":false}],"customerTitlePrefix":"Energy - ","showPrivacyPolicy":true,"showTermsOfUse":true,` +
	`"defaultDashboard":{"id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1f","fullscreen":true},"homeDashboard":{"id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1f","hideToolbar":false},` +
	`"customerGroupId":{"entityType":"ENTITY_GROUP","id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a20"},"customMenuId":null,` +
	`"domainId":{"entityType":"DOMAIN","id":"6a7b8c90-4f1a-11ee-9c6d-2b1e8a3f0a1c"},"privacyPolicy":"<p>We keep your data.</p>","termsOfUse":"<p>Be nice.</p>"}`

func fxSelfReg() *SelfRegistrationParams {
	return &SelfRegistrationParams{
		Type:                  SelfRegistrationWeb,
		Enabled:               true,
		Title:                 "Sign up to Smart Energy",
		Captcha:               &CaptchaParams{Version: "v3", SiteKey: "6Lc-site", SecretKey: "6Lc-secret", LogActionName: "signup"},
		Permissions:           []GroupPermission{{RoleID: NewEntityID(EntityTypeRole, fxSelfRegRole)}},
		NotificationRecipient: NewEntityID(EntityTypeNotificationTarget, fxSelfRegTarget),
		SignUpFields: []SignUpField{{ID: SignUpEmail, Label: "Email", Required: true}, {ID: SignUpPassword, Label: "Password", Required: true},
			{ID: SignUpPhone, Label: "Phone"}},
		CustomerTitlePrefix: "Energy - ",
		ShowPrivacyPolicy:   true,
		ShowTermsOfUse:      true,
		DefaultDashboard:    &SelfRegistrationDashboard{ID: fxSelfRegDash, Fullscreen: true},
		HomeDashboard:       &SelfRegistrationDashboard{ID: fxSelfRegDash},
		CustomerGroupID:     NewEntityID(EntityTypeEntityGroup, fxSelfRegGroup),
		DomainID:            NewEntityID("DOMAIN", fxSelfRegDomain),
		PrivacyPolicy:       "<p>We keep your data.</p>",
		TermsOfUse:          "<p>Be nice.</p>",
	}
}

const fxSignUpParamsJSON = `{"title":"Sign up to Smart Energy","captcha":{"version":"v3","siteKey":"6Lc-site","logActionName":"signup"},` +
	`"fields":[{"id":"EMAIL","label":"Email","required":true}],"showPrivacyPolicy":true,"showTermsOfUse":false}`

func fxSignUpParams() *SignUpSelfRegistrationParams {
	return &SignUpSelfRegistrationParams{Title: "Sign up to Smart Energy",
		Captcha:           &CaptchaParams{Version: "v3", SiteKey: "6Lc-site", LogActionName: "signup"},
		Fields:            []SignUpField{{ID: SignUpEmail, Label: "Email", Required: true}},
		ShowPrivacyPolicy: true}
}

func TestSelfRegistrationService(t *testing.T) {
	mobile := &MobileAppOptions{PkgName: fxMobilePkg, Platform: PlatformIOS}
	pfRun(t, []pfCase{
		{
			name: "GetParams", method: "GET", path: "/api/selfRegistration/selfRegistrationParams", answer: fxSelfRegJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SelfRegistration.GetParams(ctx) },
			want: fxSelfReg(),
		},
		{
			name: "GetParamsNone", method: "GET", path: "/api/selfRegistration/selfRegistrationParams",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SelfRegistration.GetParams(ctx) },
			want: (*SelfRegistrationParams)(nil),
		},
		{
			name: "SaveParams", method: "POST", path: "/api/selfRegistration/selfRegistrationParams", answer: fxSelfRegJSON,
			body: `{"type":"WEB","enabled":true,"title":"Sign up to Smart Energy","captcha":` + fxSelfRegCaptcha + `,` +
				`"permissions":[{"roleId":{"entityType":"ROLE","id":"` + fxSelfRegRole + `"},"public":false}],` +
				`"showPrivacyPolicy":false,"showTermsOfUse":false,"domainId":{"entityType":"DOMAIN","id":"` + fxSelfRegDomain + `"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SelfRegistration.SaveParams(ctx, &SelfRegistrationParams{Enabled: true, Title: "Sign up to Smart Energy",
					Captcha:     &CaptchaParams{Version: "v3", SiteKey: "6Lc-site", SecretKey: "6Lc-secret", LogActionName: "signup"},
					Permissions: []GroupPermission{{RoleID: NewEntityID(EntityTypeRole, fxSelfRegRole)}},
					DomainID:    NewEntityID("DOMAIN", fxSelfRegDomain)})
			},
			want: fxSelfReg(),
		},
		{
			name: "DeleteParams", method: "DELETE", path: "/api/selfRegistration/selfRegistrationParams",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.SelfRegistration.DeleteParams(ctx) },
		},
		{
			name: "GetSignUpParams", method: "GET", path: "/api/noauth/selfRegistration/signUpSelfRegistrationParams", noAuth: true,
			answer: fxSignUpParamsJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.SelfRegistration.GetSignUpParams(ctx, nil) },
			want:   fxSignUpParams(),
		},
		{
			name: "GetSignUpParamsMobile", method: "GET", path: "/api/noauth/selfRegistration/signUpSelfRegistrationParams", noAuth: true,
			query: map[string]string{"pkgName": fxMobilePkg, "platformType": "IOS"}, answer: fxSignUpParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SelfRegistration.GetSignUpParams(ctx, mobile)
			},
			want: fxSignUpParams(),
		},
		{
			name: "GetSignUpParamsNone", method: "GET", path: "/api/noauth/selfRegistration/signUpSelfRegistrationParams", noAuth: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SelfRegistration.GetSignUpParams(ctx, nil) },
			want: (*SignUpSelfRegistrationParams)(nil),
		},
		{
			name: "GetPrivacyPolicy", method: "GET", path: "/api/noauth/selfRegistration/privacyPolicy", noAuth: true,
			ctype: "text/plain;charset=UTF-8", answer: `"<p>We keep your data.<\/p>\n"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SelfRegistration.GetPrivacyPolicy(ctx, nil)
			},
			want: "<p>We keep your data.</p>\n",
		},
		{
			name: "GetPrivacyPolicyMobile", method: "GET", path: "/api/noauth/selfRegistration/privacyPolicy", noAuth: true,
			query: map[string]string{"pkgName": fxMobilePkg, "platform": "IOS"}, ctype: "text/plain", answer: `<p>Mobile policy</p>`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SelfRegistration.GetPrivacyPolicy(ctx, mobile)
			},
			want: "<p>Mobile policy</p>",
		},
		{
			name: "GetTermsOfUse", method: "GET", path: "/api/noauth/selfRegistration/termsOfUse", noAuth: true,
			query: map[string]string{"pkgName": fxMobilePkg, "platform": "IOS"}, ctype: "text/plain", answer: `"<p>Be nice.</p>"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SelfRegistration.GetTermsOfUse(ctx, mobile)
			},
			want: "<p>Be nice.</p>",
		},
		{
			name: "GetTermsOfUseNone", method: "GET", path: "/api/noauth/selfRegistration/termsOfUse", noAuth: true, ctype: "text/plain",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SelfRegistration.GetTermsOfUse(ctx, nil) },
			want: "",
		},
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"SaveParams nil": func(ctx context.Context, c *Client) error {
				_, err := c.SelfRegistration.SaveParams(ctx, nil)
				return err
			},
			"SaveParams domain": func(ctx context.Context, c *Client) error {
				_, err := c.SelfRegistration.SaveParams(ctx, &SelfRegistrationParams{Enabled: true})
				return err
			},
		})
	})
}
