package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

const pefWLParamsJSON = `{
  "logoImageUrl": "tb-image;/api/images/tenant/logo.svg",
  "logoImageHeight": 36,
  "appTitle": "Acme IoT",
  "favicon": {"url": "tb-image;/api/images/tenant/favicon.ico"},
  "paletteSettings": {
    "primaryPalette": {"type": "custom", "extends": "indigo", "colors": {"500": "#305680", "600": "#2a4b70"}},
    "accentPalette": {"type": "deep-orange", "extends": null, "colors": null}
  },
  "helpLinkBaseUrl": "https://thingsboard.io",
  "uiHelpBaseUrl": null,
  "enableHelpLinks": true,
  "whiteLabelingEnabled": true,
  "showNameVersion": false,
  "platformName": "Acme",
  "platformVersion": "4.3",
  "customCss": ".tb-logo {margin: 0}",
  "hideConnectivityDialog": false
}`

func pefWLParams() *WhiteLabelingParams {
	return &WhiteLabelingParams{
		LogoImageURL:    "tb-image;/api/images/tenant/logo.svg",
		LogoImageHeight: 36,
		AppTitle:        "Acme IoT",
		Favicon:         &Favicon{URL: "tb-image;/api/images/tenant/favicon.ico"},
		PaletteSettings: &PaletteSettings{
			PrimaryPalette: Palette{Type: "custom", Extends: "indigo", Colors: map[string]string{"500": "#305680", "600": "#2a4b70"}},
			AccentPalette:  Palette{Type: "deep-orange"},
		},
		HelpLinkBaseURL:        "https://thingsboard.io",
		EnableHelpLinks:        pefBool(true),
		WhiteLabelingEnabled:   true,
		ShowNameVersion:        pefBool(false),
		PlatformName:           "Acme",
		PlatformVersion:        "4.3",
		CustomCSS:              ".tb-logo {margin: 0}",
		HideConnectivityDialog: pefBool(false),
	}
}

const pefLoginParamsJSON = `{
  "logoImageUrl": "tb-image;/api/images/system/login.svg",
  "logoImageHeight": 50,
  "appTitle": "Acme login",
  "favicon": null,
  "paletteSettings": null,
  "pageBackgroundColor": "#eeeeee",
  "darkForeground": true,
  "domainId": {"entityType": "DOMAIN", "id": "` + pefDomain + `"},
  "baseUrl": "https://iot.acme.com",
  "prohibitDifferentUrl": false,
  "adminSettingsId": "` + pefDomain + `",
  "showNameBottom": true
}`

func pefLoginParams() *LoginWhiteLabelingParams {
	return &LoginWhiteLabelingParams{
		WhiteLabelingParams: WhiteLabelingParams{
			LogoImageURL:    "tb-image;/api/images/system/login.svg",
			LogoImageHeight: 50,
			AppTitle:        "Acme login",
		},
		PageBackgroundColor:  "#eeeeee",
		DarkForeground:       pefBool(true),
		DomainID:             EntityID{EntityType: "DOMAIN", ID: pefDomain},
		BaseURL:              "https://iot.acme.com",
		ProhibitDifferentURL: pefBool(false),
		AdminSettingsID:      pefDomain,
		ShowNameBottom:       pefBool(true),
	}
}

var pefPalette = &PaletteSettings{
	PrimaryPalette: Palette{Type: "indigo"},
	AccentPalette:  Palette{Type: "custom", Extends: "amber", Colors: map[string]string{"A200": "#ffd740"}},
}

const pefPaletteJSON = `{"primaryPalette": {"type": "indigo"}, "accentPalette": {"type": "custom", "extends": "amber", "colors": {"A200": "#ffd740"}}}`

func TestWhiteLabelingService(t *testing.T) {
	toSave := &WhiteLabelingParams{AppTitle: "Acme IoT", ShowNameVersion: pefBool(false), PaletteSettings: pefPalette}
	toSaveJSON := `{"appTitle": "Acme IoT", "showNameVersion": false, "paletteSettings": ` + pefPaletteJSON + `}`
	loginToSave := &LoginWhiteLabelingParams{
		WhiteLabelingParams: WhiteLabelingParams{AppTitle: "Acme login"},
		DarkForeground:      pefBool(false),
		DomainID:            EntityID{EntityType: "DOMAIN", ID: pefDomain},
	}
	loginToSaveJSON := `{"appTitle": "Acme login", "darkForeground": false, "domainId": {"entityType": "DOMAIN", "id": "` + pefDomain + `"}}`
	forCustomer := &WhiteLabelingOptions{CustomerID: pefCustomer}
	runPEFCases(t, []pefCase{
		{name: "GetParams", method: "GET", path: "/api/whiteLabel/whiteLabelParams", answer: pefWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetParams(ctx) },
			want: pefWLParams()},
		{name: "GetLoginParams", method: "GET", path: "/api/noauth/whiteLabel/loginWhiteLabelParams", noAuth: true,
			answer: pefLoginParamsJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetLoginParams(ctx) },
			want:   pefLoginParams()},
		{name: "GetCurrentParams", method: "GET", path: "/api/whiteLabel/currentWhiteLabelParams", answer: pefWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetCurrentParams(ctx, nil) },
			want: pefWLParams()},
		{name: "GetCurrentParams of a customer", method: "GET", path: "/api/whiteLabel/currentWhiteLabelParams",
			query: map[string]string{"customerId": pefCustomer}, answer: pefWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.GetCurrentParams(ctx, forCustomer)
			},
			want: pefWLParams()},
		{name: "GetCurrentLoginParams", method: "GET", path: "/api/whiteLabel/currentLoginWhiteLabelParams",
			query: map[string]string{"customerId": pefCustomer}, answer: pefLoginParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.GetCurrentLoginParams(ctx, forCustomer)
			},
			want: pefLoginParams()},
		{name: "SaveParams", method: "POST", path: "/api/whiteLabel/whiteLabelParams", body: toSaveJSON, answer: pefWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.SaveParams(ctx, toSave, nil) },
			want: pefWLParams()},
		{name: "SaveParams of a customer", method: "POST", path: "/api/whiteLabel/whiteLabelParams",
			query: map[string]string{"customerId": pefCustomer}, body: toSaveJSON, answer: pefWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.SaveParams(ctx, toSave, forCustomer)
			},
			want: pefWLParams()},
		{name: "SaveLoginParams", method: "POST", path: "/api/whiteLabel/loginWhiteLabelParams", body: loginToSaveJSON,
			answer: pefLoginParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.SaveLoginParams(ctx, loginToSave, &WhiteLabelingOptions{})
			},
			want: pefLoginParams()},
		{name: "PreviewParams", method: "POST", path: "/api/whiteLabel/previewWhiteLabelParams", body: toSaveJSON,
			answer: pefWLParamsJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.PreviewParams(ctx, toSave) },
			want:   pefWLParams()},
		{name: "DeleteCurrentParams", method: "DELETE", path: "/api/whiteLabel/currentWhiteLabelParams",
			query: map[string]string{"customerId": pefCustomer},
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.WhiteLabeling.DeleteCurrentParams(ctx, forCustomer)
			}},
		{name: "DeleteCurrentLoginParams", method: "DELETE", path: "/api/whiteLabel/currentLoginWhiteLabelParams",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.WhiteLabeling.DeleteCurrentLoginParams(ctx, nil)
			}},
		{name: "IsAllowed", method: "GET", path: "/api/whiteLabel/isWhiteLabelingAllowed", answer: `true`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.IsAllowed(ctx) },
			want: true},
		{name: "IsCustomerAllowed", method: "GET", path: "/api/whiteLabel/isCustomerWhiteLabelingAllowed", answer: `false`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.IsCustomerAllowed(ctx) },
			want: false},
		{name: "LoginThemeCSS", method: "POST", path: "/api/noauth/whiteLabel/loginThemeCss", noAuth: true,
			query: map[string]string{"darkForeground": "true"}, body: pefPaletteJSON,
			ctype: "text/plain", answer: ".mat-primary {color: #3f51b5;}",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.LoginThemeCSS(ctx, pefPalette, true)
			},
			want: ".mat-primary {color: #3f51b5;}"},
		{name: "AppThemeCSS", method: "POST", path: "/api/whiteLabel/appThemeCss", body: pefPaletteJSON,
			ctype: "text/plain", answer: ".mat-accent {color: #ffd740;}",
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.AppThemeCSS(ctx, pefPalette) },
			want: ".mat-accent {color: #ffd740;}"},
	})
}

func TestWhiteLabelingCustomerNotAllowed(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/whiteLabel/isCustomerWhiteLabelingAllowed", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`)
	})
	ok, err := c.WhiteLabeling.IsCustomerAllowed(t.Context())
	if ok || !errors.Is(err, ErrPermissionDenied) {
		t.Errorf("IsCustomerAllowed = %v, %v; want false and ErrPermissionDenied", ok, err)
	}
}

func TestWhiteLabelingInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.WhiteLabeling.SaveParams(ctx, nil, nil)
	pefWantErr(t, "SaveParams", err, "nil params")
	_, err = c.WhiteLabeling.SaveLoginParams(ctx, nil, nil)
	pefWantErr(t, "SaveLoginParams", err, "nil params")
	_, err = c.WhiteLabeling.PreviewParams(ctx, nil)
	pefWantErr(t, "PreviewParams", err, "nil params")
	_, err = c.WhiteLabeling.LoginThemeCSS(ctx, nil, false)
	pefWantErr(t, "LoginThemeCSS", err, "nil palette")
	_, err = c.WhiteLabeling.AppThemeCSS(ctx, nil)
	pefWantErr(t, "AppThemeCSS", err, "nil palette")
}
