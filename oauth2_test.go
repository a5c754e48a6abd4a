package thingsboard

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

const (
	fxOAuth2ClientID   = "1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a15"
	fxOAuth2ClientID2  = "1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a16"
	fxOAuth2TemplateID = "1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a17"
	fxOAuth2Tenant     = "1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a18"
)

const fxOAuth2ClientJSON = `{"id":{"entityType":"OAUTH2_CLIENT","id":"1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a15"},"createdTime":1700000000000,` +
	`"additionalInfo":{"providerName":"Google"},"tenantId":{"entityType":"TENANT","id":"1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a18"},` +
	`"title":"Google","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"BASIC",` +
	`"basic":{"emailAttributeKey":"email","firstNameAttributeKey":"given_name","lastNameAttributeKey":"family_name",` +
	`"tenantNameStrategy":"DOMAIN","tenantNamePattern":null,"customerNamePattern":null,"defaultDashboardName":null,"alwaysFullScreen":false},"custom":null},` +
	`"clientId":"cid.apps.googleusercontent.com","clientSecret":"sec","authorizationUri":"https://accounts.google.com/o/oauth2/v2/auth",` +
	`"accessTokenUri":"https://oauth2.googleapis.com/token","scope":["email","openid","profile"],` +
	`"userInfoUri":"https://openidconnect.googleapis.com/v1/userinfo","userNameAttributeName":"email",` +
	`"jwkSetUri":"https://www.googleapis.com/oauth2/v3/certs","clientAuthenticationMethod":"POST",` +
	`"loginButtonLabel":"Google","loginButtonIcon":"google-logo","platforms":["WEB","ANDROID"],"name":"Google"}`

func fxOAuth2Client() *OAuth2Client {
	return &OAuth2Client{
		ID:             NewEntityID("OAUTH2_CLIENT", fxOAuth2ClientID),
		CreatedTime:    1700000000000,
		AdditionalInfo: json.RawMessage(`{"providerName":"Google"}`),
		TenantID:       NewEntityID(EntityTypeTenant, fxOAuth2Tenant),
		Title:          "Google",
		MapperConfig: OAuth2MapperConfig{AllowUserCreation: true, Type: MapperBasic,
			Basic: &OAuth2BasicMapperConfig{EmailAttributeKey: "email", FirstNameAttributeKey: "given_name",
				LastNameAttributeKey: "family_name", TenantNameStrategy: TenantNameDomain}},
		ClientID:                   "cid.apps.googleusercontent.com",
		ClientSecret:               "sec",
		AuthorizationURI:           "https://accounts.google.com/o/oauth2/v2/auth",
		AccessTokenURI:             "https://oauth2.googleapis.com/token",
		Scope:                      []string{"email", "openid", "profile"},
		UserInfoURI:                "https://openidconnect.googleapis.com/v1/userinfo",
		UserNameAttributeName:      "email",
		JwkSetURI:                  "https://www.googleapis.com/oauth2/v3/certs",
		ClientAuthenticationMethod: "POST",
		LoginButtonLabel:           "Google",
		LoginButtonIcon:            "google-logo",
		Platforms:                  []PlatformType{PlatformWeb, PlatformAndroid},
		Name:                       "Google",
	}
}

const fxOAuth2InfoJSON = `{"id":{"entityType":"OAUTH2_CLIENT","id":"1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a15"},"createdTime":1700000000000,` +
	`"title":"Google","providerName":"Google","platforms":[],"name":"Google"}`

func fxOAuth2Info() OAuth2ClientInfo {
	return OAuth2ClientInfo{ID: NewEntityID("OAUTH2_CLIENT", fxOAuth2ClientID), CreatedTime: 1700000000000,
		Title: "Google", ProviderName: "Google", Platforms: []PlatformType{}, Name: "Google"}
}

const fxOAuth2TemplateJSON = `{"id":{"id":"1b2c3d40-4f1a-11ee-9c6d-2b1e8a3f0a17"},"createdTime":1609459200000,"additionalInfo":null,` +
	`"providerId":"GitHub","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"GITHUB",` +
	`"basic":{"emailAttributeKey":null,"firstNameAttributeKey":null,"lastNameAttributeKey":null,"tenantNameStrategy":"DOMAIN",` +
	`"tenantNamePattern":null,"customerNamePattern":null,"defaultDashboardName":null,"alwaysFullScreen":false},"custom":null},` +
	`"authorizationUri":"https://github.com/login/oauth/authorize","accessTokenUri":"https://github.com/login/oauth/access_token",` +
	`"scope":["read:user","user:email"],"userInfoUri":"https://api.github.com/user","userNameAttributeName":"login","jwkSetUri":null,` +
	`"clientAuthenticationMethod":"BASIC","comment":"In order to log into ThingsBoard you need to have user's email.",` +
	`"loginButtonIcon":"github-logo","loginButtonLabel":"Github","helpLink":"https://docs.github.com/en/developers/apps/creating-an-oauth-app","name":"GitHub"}`

func fxOAuth2Template() OAuth2ClientRegistrationTemplate {
	return OAuth2ClientRegistrationTemplate{
		ID:             OAuth2ClientRegistrationTemplateID{ID: fxOAuth2TemplateID},
		CreatedTime:    1609459200000,
		AdditionalInfo: json.RawMessage(`null`),
		ProviderID:     "GitHub",
		MapperConfig: &OAuth2MapperConfig{AllowUserCreation: true, Type: MapperGitHub,
			Basic: &OAuth2BasicMapperConfig{TenantNameStrategy: TenantNameDomain}},
		AuthorizationURI:           "https://github.com/login/oauth/authorize",
		AccessTokenURI:             "https://github.com/login/oauth/access_token",
		Scope:                      []string{"read:user", "user:email"},
		UserInfoURI:                "https://api.github.com/user",
		UserNameAttributeName:      "login",
		ClientAuthenticationMethod: "BASIC",
		Comment:                    "In order to log into ThingsBoard you need to have user's email.",
		LoginButtonIcon:            "github-logo",
		LoginButtonLabel:           "Github",
		HelpLink:                   "https://docs.github.com/en/developers/apps/creating-an-oauth-app",
		Name:                       "GitHub",
	}
}

func TestOAuth2Service(t *testing.T) {
	loginJSON := `[{"name":"Google","icon":"google-logo","url":"/oauth2/authorization/` + fxOAuth2ClientID + `"}]`
	login := []OAuth2ClientLoginInfo{{Name: "Google", Icon: "google-logo", URL: "/oauth2/authorization/" + fxOAuth2ClientID}}
	pfRun(t, []pfCase{
		{
			name: "ListLoginClients", method: "POST", path: "/api/noauth/oauth2Clients", noAuth: true, answer: loginJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OAuth2.ListLoginClients(ctx, nil) },
			want: login,
		},
		{
			name: "ListLoginClientsMobile", method: "POST", path: "/api/noauth/oauth2Clients", noAuth: true,
			query: map[string]string{"pkgName": fxMobilePkg, "platform": "ANDROID"}, answer: loginJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OAuth2.ListLoginClients(ctx, &MobileAppOptions{PkgName: fxMobilePkg, Platform: PlatformAndroid})
			},
			want: login,
		},
		{
			name: "GetLoginProcessingURL", method: "GET", path: "/api/oauth2/loginProcessingUrl",
			ctype: "application/json", answer: `/login/oauth2/code/`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OAuth2.GetLoginProcessingURL(ctx) },
			want: "/login/oauth2/code/",
		},
		{
			name: "GetLoginProcessingURLQuoted", method: "GET", path: "/api/oauth2/loginProcessingUrl", answer: `"/login/oauth2/code/"`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OAuth2.GetLoginProcessingURL(ctx) },
			want: "/login/oauth2/code/",
		},
		{
			name: "ListClientInfos", method: "GET", path: "/api/oauth2/client/infos",
			query:  map[string]string{"pageSize": "10", "page": "1", "textSearch": "goo"},
			answer: pfPageJSON(false, fxOAuth2InfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OAuth2.ListClientInfos(ctx, PageLink{Page: 1, TextSearch: "goo"})
			},
			want: &Page[OAuth2ClientInfo]{Data: []OAuth2ClientInfo{fxOAuth2Info()}, TotalPages: 2, TotalElements: 3},
		},
		{
			name: "ListClientInfosByIDs", method: "GET", path: "/api/oauth2/client/list",
			query: map[string]string{"clientIds": fxOAuth2ClientID + "," + fxOAuth2ClientID2}, answer: "[" + fxOAuth2InfoJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OAuth2.ListClientInfosByIDs(ctx, []string{fxOAuth2ClientID, fxOAuth2ClientID2})
			},
			want: []OAuth2ClientInfo{fxOAuth2Info()},
		},
		{
			name: "GetClient", method: "GET", path: "/api/oauth2/client/" + fxOAuth2ClientID, answer: fxOAuth2ClientJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OAuth2.GetClient(ctx, fxOAuth2ClientID) },
			want: fxOAuth2Client(),
		},
		{
			name: "SaveClientNew", method: "POST", path: "/api/oauth2/client", answer: fxOAuth2ClientJSON,
			body: `{"title":"Google","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"BASIC",` +
				`"basic":{"emailAttributeKey":"email","tenantNameStrategy":"DOMAIN","alwaysFullScreen":false}},` +
				`"clientId":"cid.apps.googleusercontent.com","clientSecret":"sec","authorizationUri":"https://accounts.google.com/o/oauth2/v2/auth",` +
				`"accessTokenUri":"https://oauth2.googleapis.com/token","scope":["email","openid","profile"],"userNameAttributeName":"email",` +
				`"clientAuthenticationMethod":"POST","loginButtonLabel":"Google","additionalInfo":{}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OAuth2.SaveClient(ctx, &OAuth2Client{Title: "Google",
					MapperConfig: OAuth2MapperConfig{AllowUserCreation: true, Type: MapperBasic,
						Basic: &OAuth2BasicMapperConfig{EmailAttributeKey: "email", TenantNameStrategy: TenantNameDomain}},
					ClientID: "cid.apps.googleusercontent.com", ClientSecret: "sec",
					AuthorizationURI: "https://accounts.google.com/o/oauth2/v2/auth", AccessTokenURI: "https://oauth2.googleapis.com/token",
					Scope: []string{"email", "openid", "profile"}, UserNameAttributeName: "email", ClientAuthenticationMethod: "POST",
					LoginButtonLabel: "Google"})
			},
			want: fxOAuth2Client(),
		},
		{
			name: "DeleteClient", method: "DELETE", path: "/api/oauth2/client/" + fxOAuth2ClientID,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.OAuth2.DeleteClient(ctx, fxOAuth2ClientID)
			},
		},
		{
			name: "ListTemplates", method: "GET", path: "/api/oauth2/config/template", answer: "[" + fxOAuth2TemplateJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) { return c.OAuth2.ListTemplates(ctx) },
			want: []OAuth2ClientRegistrationTemplate{fxOAuth2Template()},
		},
		{
			name: "SaveTemplate", method: "POST", path: "/api/oauth2/config/template", answer: fxOAuth2TemplateJSON,
			body: `{"providerId":"GitHub","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"GITHUB",` +
				`"basic":{"tenantNameStrategy":"DOMAIN","alwaysFullScreen":false}},"scope":["read:user","user:email"],"loginButtonLabel":"Github"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				got, err := c.OAuth2.SaveTemplate(ctx, &OAuth2ClientRegistrationTemplate{ProviderID: "GitHub",
					MapperConfig: &OAuth2MapperConfig{AllowUserCreation: true, Type: MapperGitHub,
						Basic: &OAuth2BasicMapperConfig{TenantNameStrategy: TenantNameDomain}},
					Scope: []string{"read:user", "user:email"}, LoginButtonLabel: "Github"})
				return got, err
			},
			want: func() *OAuth2ClientRegistrationTemplate { tp := fxOAuth2Template(); return &tp }(),
		},
		{
			name: "DeleteTemplate", method: "DELETE", path: "/api/oauth2/config/template/" + fxOAuth2TemplateID,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.OAuth2.DeleteTemplate(ctx, fxOAuth2TemplateID)
			},
		},
	})

	t.Run("ListClientInfosAll", func(t *testing.T) {
		c, mux := setup(t)
		seen := pfPages(t, mux, "/api/oauth2/client/infos", pfPageJSON(true, fxOAuth2InfoJSON), pfPageJSON(false, fxOAuth2InfoJSON))
		var got []OAuth2ClientInfo
		for info, err := range c.OAuth2.ListClientInfosAll(t.Context(), NewPageLink(1)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, info)
		}
		if !reflect.DeepEqual(got, []OAuth2ClientInfo{fxOAuth2Info(), fxOAuth2Info()}) || len(*seen) != 2 {
			t.Fatalf("got %v after %d requests", got, len(*seen))
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"ListClientInfosByIDs": func(ctx context.Context, c *Client) error {
				_, err := c.OAuth2.ListClientInfosByIDs(ctx, nil)
				return err
			},
			"GetClient":    func(ctx context.Context, c *Client) error { _, err := c.OAuth2.GetClient(ctx, ""); return err },
			"SaveClient":   func(ctx context.Context, c *Client) error { _, err := c.OAuth2.SaveClient(ctx, nil); return err },
			"DeleteClient": func(ctx context.Context, c *Client) error { return c.OAuth2.DeleteClient(ctx, "") },
			"SaveClient title": func(ctx context.Context, c *Client) error {
				_, err := c.OAuth2.SaveClient(ctx, &OAuth2Client{ClientID: "x", MapperConfig: OAuth2MapperConfig{Type: MapperBasic}})
				return err
			},
			"SaveClient mapper": func(ctx context.Context, c *Client) error {
				_, err := c.OAuth2.SaveClient(ctx, &OAuth2Client{Title: "t", ClientID: "x"})
				return err
			},
			"SaveTemplate": func(ctx context.Context, c *Client) error { _, err := c.OAuth2.SaveTemplate(ctx, nil); return err },
			"SaveTemplate provider": func(ctx context.Context, c *Client) error {
				_, err := c.OAuth2.SaveTemplate(ctx, &OAuth2ClientRegistrationTemplate{})
				return err
			},
			"DeleteTemplate": func(ctx context.Context, c *Client) error { return c.OAuth2.DeleteTemplate(ctx, "") },
		})
	})
}
