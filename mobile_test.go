package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const (
	fxMobileUserID   = "0a1b2c30-4f1a-11ee-9c6d-2b1e8a3f0a11"
	fxMobileTenantID = "0a1b2c30-4f1a-11ee-9c6d-2b1e8a3f0a12"
	fxMobileDashID   = "0a1b2c30-4f1a-11ee-9c6d-2b1e8a3f0a13"
	fxMobilePkg      = "org.thingsboard.demo.app"
)

const fxStoreJSON = `"storeInfo":{"appId":"8F2X9DWY3K.org.thingsboard.demo.app","sha256CertFingerprints":null,"storeLink":"https://apps.apple.com/app/id1594355695"},` +
	`"versionInfo":{"minVersion":"1.3.0","minVersionReleaseNotes":null,"latestVersion":"1.6.0","latestVersionReleaseNotes":"Bug fixes"}`

func fxStore() (*StoreInfo, *MobileAppVersionInfo) {
	return &StoreInfo{AppID: "8F2X9DWY3K.org.thingsboard.demo.app", StoreLink: "https://apps.apple.com/app/id1594355695"},
		&MobileAppVersionInfo{MinVersion: "1.3.0", LatestVersion: "1.6.0", LatestVersionReleaseNotes: "Bug fixes"}
}

func TestMobileService(t *testing.T) {
	store, version := fxStore()
	q := map[string]string{"pkgName": fxMobilePkg, "platform": "IOS"}
	pfRun(t, []pfCase{
		{
			name: "GetUserInfo", method: "GET", path: "/api/mobile", query: q,
			answer: `{"user":{"id":{"entityType":"USER","id":"` + fxMobileUserID + `"},"createdTime":1609459200000,` +
				`"tenantId":{"entityType":"TENANT","id":"` + fxMobileTenantID + `"},"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
				`"email":"tenant@thingsboard.org","authority":"TENANT_ADMIN","firstName":null,"lastName":null,"phone":null,"additionalInfo":{},"version":3,` +
				`"name":"tenant@thingsboard.org"},` + fxStoreJSON + `,` +
				`"homeDashboardInfo":{"dashboardId":{"entityType":"DASHBOARD","id":"` + fxMobileDashID + `"},"hideDashboardToolbar":true},` +
				`"pages":[{"type":"DEFAULT","id":"HOME","visible":true},{"type":"DASHBOARD","dashboardId":"` + fxMobileDashID + `","label":"Energy"}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Mobile.GetUserInfo(ctx, fxMobilePkg, PlatformIOS)
			},
			want: &UserMobileInfo{
				User: &User{ID: NewEntityID(EntityTypeUser, fxMobileUserID), CreatedTime: 1609459200000,
					TenantID: NewEntityID(EntityTypeTenant, fxMobileTenantID), CustomerID: NewEntityID(EntityTypeCustomer, NullUUID),
					Email: "tenant@thingsboard.org", Authority: AuthorityTenantAdmin, AdditionalInfo: json.RawMessage(`{}`), Version: 3,
					Name: "tenant@thingsboard.org"},
				StoreInfo:         store,
				VersionInfo:       version,
				HomeDashboardInfo: &HomeDashboardInfo{DashboardID: NewEntityID(EntityTypeDashboard, fxMobileDashID), HideDashboardToolbar: true},
				Pages:             json.RawMessage(`[{"type":"DEFAULT","id":"HOME","visible":true},{"type":"DASHBOARD","dashboardId":"` + fxMobileDashID + `","label":"Energy"}]`),
			},
		},
		{
			name: "GetLoginInfo", method: "GET", path: "/api/noauth/mobile", noAuth: true,
			query: map[string]string{"pkgName": fxMobilePkg, "platform": "ANDROID"},
			answer: `{"oAuth2ClientLoginInfos":[{"name":"Google","icon":"google-logo","url":"/oauth2/authorization/0a1b2c30-4f1a-11ee-9c6d-2b1e8a3f0a14"}],` +
				`"selfRegistrationParams":{"title":"Sign up","captcha":{"version":"enterprise","logActionName":"signup","androidKey":"AK","iosKey":"IK"},` +
				`"fields":[{"id":"EMAIL","label":"Email","required":true}],"showPrivacyPolicy":true,"showTermsOfUse":false},` + fxStoreJSON + `}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Mobile.GetLoginInfo(ctx, fxMobilePkg, PlatformAndroid)
			},
			want: &LoginMobileInfo{
				OAuth2ClientLoginInfos: []OAuth2ClientLoginInfo{{Name: "Google", Icon: "google-logo", URL: "/oauth2/authorization/0a1b2c30-4f1a-11ee-9c6d-2b1e8a3f0a14"}},
				SelfRegistrationParams: &SignUpSelfRegistrationParams{Title: "Sign up",
					Captcha:           &CaptchaParams{Version: "enterprise", LogActionName: "signup", AndroidKey: "AK", IOSKey: "IK"},
					Fields:            []SignUpField{{ID: SignUpEmail, Label: "Email", Required: true}},
					ShowPrivacyPolicy: true},
				StoreInfo:   store,
				VersionInfo: version,
			},
		},
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"GetUserInfo pkg": func(ctx context.Context, c *Client) error {
				_, err := c.Mobile.GetUserInfo(ctx, "", PlatformIOS)
				return err
			},
			"GetUserInfo platform": func(ctx context.Context, c *Client) error {
				_, err := c.Mobile.GetUserInfo(ctx, fxMobilePkg, "")
				return err
			},
			"GetLoginInfo pkg": func(ctx context.Context, c *Client) error {
				_, err := c.Mobile.GetLoginInfo(ctx, "", PlatformAndroid)
				return err
			},
			"GetLoginInfo platform": func(ctx context.Context, c *Client) error {
				_, err := c.Mobile.GetLoginInfo(ctx, fxMobilePkg, "")
				return err
			},
		})
	})
}
